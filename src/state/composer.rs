//! Replying: the composer and drafts that survive anything — quitting and Ctrl-z save them
//! first, and a failed save stops the quit once (sending is `sending.rs`).

use std::collections::HashSet;

use tui_textarea::{Input, TextArea, WrapMode};

use super::picker::{Choice, PickOption, Picker};
use super::{AppState, Effect, Focus, Notice, Overlay};
use crate::command::Command;
use crate::command::action::Action;
use crate::command::template::{self, Vars};
use crate::desk::{Delivery, Message};
use crate::store::drafts::{DraftKey, DraftKind};
use crate::support::sanitize;
use crate::worker::ReqId;

/// The compose part: the composer when one is open, every ticket's draft, and the messages
/// on their way to the server.
#[derive(Default)]
pub struct Compose {
    pub open: Option<Composer>,
    pub drafts: super::Drafts,
    pub sending: std::collections::HashMap<ReqId, PendingSend>,
    /// A sent message still waiting out the undo-send window.
    pub held: Option<Held>,
}

/// A message sent, not yet gone: `u` takes it back into the composer until `left` is 0.
pub struct Held {
    pub key: DraftKey,
    pub text: String,
    pub files: Vec<super::work::Attached>,
    pub then: Option<crate::desk::TicketStatus>,
    /// Seconds left.
    pub left: u64,
}

pub struct Composer {
    pub key: DraftKey,
    pub textarea: TextArea<'static>,
    /// Server messages in the thread when the agent started writing (`None` until the
    /// thread has loaded): more at send time means someone else wrote meanwhile.
    pub seen: Option<usize>,
    /// The fresh read of the thread that runs before a send.
    pub check: Option<ReqId>,
    /// Where the agent was when it opened: the focus goes back there after a send.
    pub opened_from: Focus,
    /// The status to set once the message is sent (`send closed`).
    pub then: Option<crate::desk::TicketStatus>,
}

impl Composer {
    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }
}

/// A message on its way to the server.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingSend {
    pub key: DraftKey,
    pub text: String,
    pub local_id: String,
    /// Message ids in the thread before sending, to recognise ours on a re-read.
    pub known: HashSet<String>,
    /// The re-read after an unknown outcome.
    pub reconcile: Option<ReqId>,
    /// The files it carries (read when sent: the outbox, which keeps text, cannot take
    /// them); given back to the draft when the send fails.
    pub files: Vec<super::work::Attached>,
    /// The status set once it is sent (`send closed`).
    pub then: Option<crate::desk::TicketStatus>,
}

fn new_textarea(text: &str) -> TextArea<'static> {
    let mut textarea = TextArea::new(text.lines().map(str::to_string).collect());
    if textarea.lines().is_empty() {
        textarea = TextArea::default();
    }
    textarea.set_wrap_mode(WrapMode::WordOrGlyph);
    textarea.move_cursor(tui_textarea::CursorMove::Bottom);
    textarea.move_cursor(tui_textarea::CursorMove::End);
    textarea
}

pub(super) fn delivered(messages: &[Message]) -> usize {
    messages.iter().filter(|m| m.delivery == Delivery::Delivered).count()
}

/// Bodies compared loosely: the server stores mrkdwn (`*bold*`, `&amp;`), we sent markdown.
pub(super) fn normalized(text: &str) -> String {
    crate::support::text::decode_entities(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The longest paste that goes into the text: more than any message (Slack keeps 40,000
/// characters of one), and still light for the text area.
const LONGEST_PASTE: usize = 64 * 1024;

impl AppState {
    pub(super) fn quit(&mut self) -> Vec<Effect> {
        // Nothing typed is lost on the way out: a draft whose save failed is tried again,
        // and if it fails again (or cannot be tried) the quit waits for a second `q`.
        if self.compose.held.is_some() && !self.session.quit_anyway {
            // Never a silent loss: the message waiting to leave is said, and kept as a draft.
            self.session.quit_anyway = true;
            self.say(Notice::Error(
                "a message is about to be sent — q again quits and keeps it as a draft, unsent".into(),
            ));
            return vec![];
        }
        self.session.should_quit = true;
        let _ = self.remember_draft_for_quit();
        self.compose.drafts.dirty.extend(self.compose.drafts.unsaved.iter().cloned());
        let effects = self.flush_drafts();
        if !self.compose.drafts.unsaved.is_empty() && !self.session.quit_anyway && effects.is_empty() {
            self.session.should_quit = false;
            self.session.quit_anyway = true;
            self.say(Notice::Error("a draft could NOT be saved — q again quits and loses it".into()));
        }
        effects
    }

    /// A failed save is said at once; on the way out it stops the quit once, so nothing
    /// typed is dropped without a word (`q` again quits anyway).
    pub(super) fn draft_saved(
        &mut self,
        key: crate::store::drafts::DraftKey,
        result: Result<(), String>,
    ) -> Vec<Effect> {
        let Err(e) = result else {
            self.compose.drafts.unsaved.remove(&key);
            return vec![];
        };
        self.compose.drafts.unsaved.insert(key);
        if self.session.should_quit && !self.session.quit_anyway {
            self.session.should_quit = false;
            self.session.quit_anyway = true;
            self.say(Notice::Error(format!("q again quits and loses the draft: it could NOT be saved ({e})")));
        } else if !self.session.should_quit {
            self.say(Notice::Error(format!("the draft could NOT be saved ({e}); keep the console open")));
        }
        vec![]
    }

    /// Ctrl-z. Drafts first: a stopped process may never be continued.
    pub(super) fn suspend(&mut self) -> Vec<Effect> {
        let _ = self.remember_draft_for_quit();
        let mut effects = self.flush_drafts();
        effects.push(Effect::Suspend);
        effects
    }

    pub(super) fn start_compose(&mut self, kind: DraftKind) -> Vec<Effect> {
        if !self.settings.capabilities.reply {
            self.say(Notice::Error(format!("{}'s export is read-only", self.settings.desk_name)));
            return vec![];
        }
        let Some(ticket) = self.inbox.selected.clone() else { return vec![] };
        let key = DraftKey { ticket: ticket.clone(), kind };
        let mut effects = self.load_thread(ticket.clone(), false, false);
        if self.compose.open.as_ref().is_none_or(|c| c.key != key) {
            effects.extend(self.close_composer());
            // Drafts come from disk, which another program may have written.
            let text =
                sanitize::text(self.compose.drafts.text.get(&key).map(String::as_str).unwrap_or_default()).into_owned();
            let seen = self.threads.held.get(&ticket).and_then(|v| v.messages.ready()).map(|m| delivered(m));
            let opened_from = if self.view.focus == Focus::Inbox { Focus::Inbox } else { Focus::Thread };
            let textarea = new_textarea(&text);
            self.compose.open =
                Some(Composer { key: key.clone(), textarea, seen, check: None, opened_from, then: None });
        }
        self.view.focus = Focus::Composer;
        effects.extend(self.check_maybe_sent(&key).unwrap_or_default());
        effects
    }

    /// Keep the composer's text as the ticket's draft and save it soon.
    pub(super) fn remember_draft(&mut self) -> Vec<Effect> {
        let Some(c) = &self.compose.open else { return vec![] };
        let text = c.text();
        if self.compose.drafts.text.get(&c.key) != Some(&text) {
            if text.trim().is_empty() {
                self.compose.drafts.text.remove(&c.key);
            } else {
                self.compose.drafts.text.insert(c.key.clone(), text);
            }
            self.compose.drafts.dirty.insert(c.key.clone());
            return vec![Effect::ScheduleDraftSave];
        }
        vec![]
    }

    pub(super) fn compose_input(&mut self, input: Input) -> Vec<Effect> {
        if let Some(effects) = self.kb_key(&input) {
            return effects;
        }
        let Some(c) = self.compose.open.as_mut() else { return vec![] };
        // Typed characters can be hostile too: a paste whose end marker came early arrives
        // as keys. They go in as the sanitizer writes them.
        let changed = match input.key {
            tui_textarea::Key::Char(ch) if sanitize::is_forbidden(ch) => {
                let clean = sanitize::text(&ch.to_string()).into_owned();
                !clean.is_empty() && c.textarea.insert_str(clean)
            }
            _ => c.textarea.input(input),
        };
        if changed { self.remember_draft() } else { vec![] }
    }

    /// Pasted text is untrusted like anything else that reaches the screen. One too long
    /// for a message (a log, a dump) is attached as `paste.txt` instead: in the text area
    /// 10 MB made every later keystroke cost ~155 ms.
    pub(super) fn paste(&mut self, text: &str) -> Vec<Effect> {
        if self.compose.open.is_none() || self.view.focus != Focus::Composer {
            return vec![];
        }
        if text.len() > LONGEST_PASTE {
            let size = crate::desk::extras::human_size(text.len() as u64);
            self.say(Notice::Info(format!("pasted {size}: too long for a message, attaching it as paste.txt…")));
            let req = self.req();
            self.work.awaited.insert(req, "paste.txt".into());
            return vec![super::work::job(req, crate::worker::work::WorkJob::SavePaste { text: text.to_string() })];
        }
        let Some(c) = self.compose.open.as_mut() else { return vec![] };
        // Terminals paste line breaks as CR: a line break, not a `␍` sent to the customer.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        c.textarea.insert_str(sanitize::text(&text));
        self.remember_draft()
    }

    pub(super) fn editor_done(&mut self, result: Result<String, String>) -> Vec<Effect> {
        match (result, self.compose.open.as_mut()) {
            (Ok(text), Some(c)) => {
                c.textarea = new_textarea(sanitize::text(text.trim_end_matches('\n')).as_ref());
                let mut effects = self.remember_draft();
                effects.extend(self.flush_drafts());
                effects
            }
            (Err(e), _) => {
                self.say(Notice::Error(format!("the editor failed: {e}; the draft is unchanged")));
                vec![]
            }
            (Ok(_), None) => vec![],
        }
    }

    pub(super) fn open_editor(&self) -> Vec<Effect> {
        self.compose.open.as_ref().map(|c| Effect::OpenEditor(c.text())).into_iter().collect()
    }

    /// Write every draft changed since the last save.
    pub(super) fn flush_drafts(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.compose.drafts.dirty)
            .into_iter()
            .map(|key| match self.compose.drafts.text.get(&key) {
                Some(text) => Effect::SaveDraft(key, text.clone()),
                None => Effect::DeleteDraft(key),
            })
            .collect()
    }

    /// Esc: the composer closes, the draft stays (and is saved now).
    pub(super) fn close_composer(&mut self) -> Vec<Effect> {
        if self.close_kb() {
            return vec![];
        }
        let effects = self.remember_draft();
        if self.compose.open.take().is_some() && self.view.focus == Focus::Composer {
            self.view.focus = Focus::Thread;
        }
        let mut all = effects;
        all.extend(self.flush_drafts());
        all
    }

    pub(super) fn forget_draft(&mut self, key: &DraftKey) -> Vec<Effect> {
        self.compose.drafts.text.remove(key);
        self.compose.drafts.dirty.remove(key);
        vec![Effect::DeleteDraft(key.clone())]
    }
}

impl AppState {
    pub(super) fn remember_draft_for_quit(&mut self) -> Vec<Effect> {
        match &self.compose.open {
            Some(c) => {
                let (key, text) = (c.key.clone(), c.text());
                if text.trim().is_empty() {
                    self.compose.drafts.text.remove(&key);
                } else {
                    self.compose.drafts.text.insert(key.clone(), text);
                }
                self.compose.drafts.dirty.insert(key);
                vec![]
            }
            None => vec![],
        }
    }
}

impl AppState {
    /// What a saved reply's variables stand for on `ticket`.
    pub(super) fn template_vars(&self, ticket: &crate::desk::TicketId) -> Vars {
        let t = self.inbox.ticket(ticket);
        // The requester: the author of the thread's first customer message, when it is read.
        let first_name = self.threads.held.get(ticket).and_then(|v| v.messages.ready()).and_then(|m| {
            let first = m.iter().find(|m| m.author_kind == crate::desk::AuthorKind::Customer)?;
            first.author.split_whitespace().next().map(str::to_string)
        });
        let me = self.settings.me.as_deref().and_then(|m| self.directory.by_email(m));
        Vars {
            customer: t.map(|t| t.customer_name.to_string()).unwrap_or_default(),
            first_name,
            agent: me.map(|a| a.name.clone()).unwrap_or_default(),
            number: t.map_or(0, |t| t.number),
            title: t.map(|t| t.title.to_string()).unwrap_or_default(),
        }
    }

    /// `saved NAME`: the reply filled for the current ticket, into the composer (a reply is
    /// opened when none is).
    pub(super) fn insert_saved(&mut self, name: &str) -> Vec<Effect> {
        let saved = match self.settings.library.reply(name) {
            Ok(saved) => saved.text.clone(),
            Err(e) => {
                self.say(Notice::Error(e));
                return vec![];
            }
        };
        let mut effects = Vec::new();
        if self.compose.open.is_none() || self.view.focus != Focus::Composer {
            effects.extend(self.start_compose(DraftKind::Reply));
        }
        let Some(ticket) = self.compose.open.as_ref().map(|c| c.key.ticket.clone()) else { return effects };
        let text = template::fill(&saved, &self.template_vars(&ticket));
        if let Some(c) = self.compose.open.as_mut() {
            c.textarea.insert_str(sanitize::text(&text));
        }
        effects.extend(self.remember_draft());
        effects
    }

    /// The saved replies in a picker (`Ctrl-t` in the composer).
    pub(super) fn pick_saved(&mut self) -> Vec<Effect> {
        let options: Vec<PickOption> = (self.settings.library.replies.iter())
            .map(|r| {
                let first = r.text.lines().next().unwrap_or_default().chars().take(60).collect::<String>();
                let run = Command::Console(Action::InsertSaved(r.name.clone()));
                PickOption { label: r.name.clone(), detail: first, marked: false, choice: Choice::Run(run) }
            })
            .collect();
        if options.is_empty() {
            self.say(Notice::Info("no saved replies: put markdown files in replies/ beside config.toml".into()));
            return vec![];
        }
        self.view.overlay = Some(Overlay::Picker(Picker::new("Saved replies", options)));
        vec![]
    }
}
