//! One ticket's work beyond triage: the workspace's ticket types, a thread's files and
//! approvals, downloads, approval requests, files attached to a draft, and the
//! knowledge-base hits shown beside the composer.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{AppState, Effect, Focus, Loadable, Notice, NoticeSource};
use crate::command;
use crate::command::Work;
use crate::desk::TicketId;
use crate::desk::extras::{Extras, KbHit, human_size};
use crate::desk::fields::Catalog;
use crate::store::drafts::{DraftKey, DraftKind};
use crate::worker::ReqId;
use crate::worker::work::{WorkEvent, WorkJob};

/// A file attached to a draft: sent with it (read again, and checked, at send time).
#[derive(Debug, Clone, PartialEq)]
pub struct Attached {
    pub path: PathBuf,
    pub name: String,
    pub size: u64,
}

/// The knowledge-base hits beside the composer; `↑`/`↓` choose, `Enter` inserts the link.
#[derive(Debug, Clone, PartialEq)]
pub struct KbPanel {
    pub ticket: TicketId,
    pub query: String,
    pub hits: Loadable<Vec<KbHit>>,
    pub cursor: usize,
}

#[derive(Debug, Clone, Default)]
pub struct WorkState {
    pub catalog: Catalog,
    pub extras: HashMap<TicketId, Loadable<Extras>>,
    pub attachments: HashMap<DraftKey, Vec<Attached>>,
    pub kb: Option<KbPanel>,
    /// The customers the new-conversation form chooses from.
    pub customers: Vec<crate::desk::Customer>,
    /// Where `download` saves without a directory (the platform's download directory).
    pub download_dir: Option<PathBuf>,
    /// Downloads, approvals and file checks on their way.
    pub(super) awaited: HashMap<ReqId, String>,
    pub(super) catalog_req: Option<ReqId>,
}

pub(super) fn job(req: ReqId, job: WorkJob) -> Effect {
    Effect::Job(crate::worker::Job::Work { req, job })
}

impl AppState {
    /// Cached rows that could not be read: fetched again (and stored again) from the server.
    pub(super) fn refetch(&mut self, ids: Vec<TicketId>) -> Vec<Effect> {
        if !ids.is_empty() {
            tracing::warn!(count = ids.len(), "cached tickets that could not be read are fetched again");
        }
        self.fetch_by_id(ids, "unreadable cached tickets")
    }

    /// Tickets read one by one (`what` they are, for the status bar while they come).
    pub(super) fn fetch_by_id(&mut self, ids: Vec<TicketId>, what: &str) -> Vec<Effect> {
        if ids.is_empty() {
            return vec![];
        }
        let req = self.req();
        self.work.awaited.insert(req, what.into());
        vec![job(req, WorkJob::Refetch(ids))]
    }

    pub(super) fn load_catalog(&mut self) -> Vec<Effect> {
        let req = self.req();
        self.work.catalog_req = Some(req);
        vec![job(req, WorkJob::Catalog)]
    }

    /// The thread's files and approvals, once per opening.
    pub(super) fn load_extras(&mut self, ticket: TicketId) -> Vec<Effect> {
        if self.work.extras.get(&ticket).is_some_and(Loadable::is_loading) {
            return vec![];
        }
        let req = self.req();
        self.work.extras.insert(ticket.clone(), Loadable::Loading(req));
        vec![job(req, WorkJob::Extras { ticket })]
    }

    pub(super) fn awaits_work(&self, req: ReqId, event: &WorkEvent) -> bool {
        match event {
            WorkEvent::Catalog(_) => self.work.catalog_req == Some(req),
            WorkEvent::Extras { ticket, .. } => self.work.extras.get(ticket).is_some_and(|e| e.is_loading_for(req)),
            WorkEvent::Kb { .. } => self.work.kb.as_ref().is_some_and(|k| k.hits.is_loading_for(req)),
            WorkEvent::Sent { .. } => self.compose.sending.contains_key(&req),
            WorkEvent::Customers(_) => self.work.awaited.contains_key(&req) || self.form_awaits(req),
            WorkEvent::Created(_)
            | WorkEvent::Downloaded { .. }
            | WorkEvent::Approval { .. }
            | WorkEvent::Checked { .. }
            | WorkEvent::Refetched(_)
            | WorkEvent::Found { .. } => self.work.awaited.contains_key(&req),
            WorkEvent::Replayed { .. } => self.outbox.awaits(req),
        }
    }

    pub(super) fn work_event(&mut self, req: ReqId, event: WorkEvent) -> Vec<Effect> {
        self.work.awaited.remove(&req);
        match event {
            WorkEvent::Catalog(result) => {
                self.work.catalog_req = None;
                match result {
                    Ok(catalog) => self.work.catalog = catalog,
                    Err(e) => self.say_in_background(
                        NoticeSource::Background,
                        Notice::Error(format!("couldn't load the ticket types: {e}")),
                    ),
                }
            }
            WorkEvent::Extras { ticket, result } => {
                let value =
                    result.map_or_else(|e| Loadable::Failed(format!("files and approvals: {e}")), Loadable::Ready);
                self.work.extras.insert(ticket, value);
            }
            WorkEvent::Downloaded { name, result } => self.say(match result {
                Ok(path) => Notice::Info(format!("saved {name} to {}", path.display())),
                Err(e) => Notice::Error(format!("{name} was not saved: {e}")),
            }),
            WorkEvent::Approval { ticket, result } => match result {
                Ok(approval) => {
                    self.say(Notice::Info(format!("approval requested: {} ({})", approval.title, approval.status)));
                    if let Some(Loadable::Ready(extras)) = self.work.extras.get_mut(&ticket) {
                        extras.approvals.push(approval);
                    }
                }
                Err(e) => self.say(Notice::Error(format!("the approval was not requested: {e}"))),
            },
            WorkEvent::Kb { result, .. } => {
                if let Some(kb) = self.work.kb.as_mut() {
                    kb.hits = result.map_or_else(|e| Loadable::Failed(e.to_string()), Loadable::Ready);
                    kb.cursor = 0;
                }
            }
            WorkEvent::Checked { path, result } => self.attach_checked(path, result),
            WorkEvent::Sent { ticket, result } => return self.sent(req, ticket, result),
            WorkEvent::Customers(result) => return self.form_customers(result),
            WorkEvent::Created(result) => return self.created(*result),
            WorkEvent::Refetched(tickets) => self.inbox.merge(tickets),
            WorkEvent::Found { number, result } => return self.found(number, *result),
            WorkEvent::Replayed { seq, result } => return self.replayed(seq, result),
        }
        vec![]
    }

    /// The commands on one ticket's work that are not a change to it.
    pub(super) fn run_work(&mut self, work: Work) -> Vec<Effect> {
        let Some(ticket) = self.inbox.selected.clone() else { return vec![] };
        match work {
            Work::Approval { title, approver } => {
                if self.read_only_refusal() {
                    return vec![];
                }
                let req = self.req();
                self.work.awaited.insert(req, title.clone());
                self.say(Notice::Info(format!("requesting the approval “{title}”…")));
                vec![job(req, WorkJob::Approval { ticket, title, approver })]
            }
            Work::Download { file, dir } => self.download(ticket, &file, dir),
            Work::Files | Work::Approvals => {
                let mut effects = self.load_extras(ticket);
                effects.extend(self.update(crate::command::action::Action::Open).1);
                effects
            }
        }
    }

    fn download(&mut self, ticket: TicketId, which: &str, dir: Option<String>) -> Vec<Effect> {
        let Some(Loadable::Ready(extras)) = self.work.extras.get(&ticket) else {
            self.say(Notice::Error("the ticket's files are not loaded yet: open the thread (Enter)".into()));
            return self.load_extras(ticket);
        };
        let file = match command::pick_file(&extras.files, which) {
            Ok(i) => extras.files[i].clone(),
            Err(e) => {
                self.say(Notice::Error(e));
                return vec![];
            }
        };
        let dir = match dir.map(|d| crate::support::files::expand_home(&d)).or_else(|| self.work.download_dir.clone()) {
            Some(dir) => dir,
            None => {
                self.say(Notice::Error("no download directory: name one (download 1 ~/tmp)".into()));
                return vec![];
            }
        };
        let req = self.req();
        self.work.awaited.insert(req, file.name.clone());
        self.say(Notice::Info(format!("downloading {}…", file.name)));
        vec![job(req, WorkJob::Download { ticket, file, dir })]
    }

    /// `attach PATH`: checked by the worker (readable, ≤ 20 MB), then listed in the composer.
    pub(super) fn attach(&mut self, path: String) -> Vec<Effect> {
        let Some(key) = self.compose.open.as_ref().map(|c| c.key.clone()) else {
            self.say(Notice::Error("attach adds a file to a reply or a note: open one (r or n) first".into()));
            return vec![];
        };
        if self.work.attachments.get(&key).map_or(0, Vec::len) >= crate::api::unthread::MAX_ATTACHMENTS {
            self.say(Notice::Error("a message takes at most 10 files".into()));
            return vec![];
        }
        let path = crate::support::files::expand_home(path.trim());
        let req = self.req();
        self.work.awaited.insert(req, path.display().to_string());
        vec![job(req, WorkJob::Check { path })]
    }

    fn attach_checked(&mut self, path: PathBuf, result: Result<(String, u64), String>) {
        let Some(key) = self.compose.open.as_ref().map(|c| c.key.clone()) else { return };
        match result {
            Ok((name, size)) => {
                self.say(Notice::Info(format!("attached {name} ({})", human_size(size))));
                let files = self.work.attachments.entry(key).or_default();
                files.retain(|f| f.path != path);
                files.push(Attached { path, name, size });
            }
            Err(e) => self.say(Notice::Error(format!("not attached: {e}"))),
        }
    }

    /// The files a draft takes with it, if any (taken: they go with this send).
    pub(super) fn take_attachments(&mut self, key: &DraftKey) -> Vec<Attached> {
        self.work.attachments.remove(key).unwrap_or_default()
    }

    /// A send that did not go gives its files back to the draft (never dropped silently).
    pub(super) fn give_back_attachments(&mut self, key: &DraftKey, files: Vec<Attached>) {
        if !files.is_empty() {
            self.work.attachments.entry(key.clone()).or_default().extend(files);
        }
    }

    /// `kb [QUERY]` (Ctrl-k in the composer): the ticket's title when no query is given.
    pub(super) fn ask_kb(&mut self, query: Option<String>) -> Vec<Effect> {
        let Some(ticket) = self.inbox.selected_ticket().cloned() else { return vec![] };
        let mut effects = Vec::new();
        if self.compose.open.is_none() {
            effects.extend(self.start_compose(DraftKind::Reply));
        }
        let query = query.unwrap_or_else(|| ticket.title.to_string());
        let req = self.req();
        self.work.kb =
            Some(KbPanel { ticket: ticket.id.clone(), query: query.clone(), hits: Loadable::Loading(req), cursor: 0 });
        self.view.focus = Focus::Composer;
        effects.push(job(req, WorkJob::Kb { ticket: Box::new(ticket), query }));
        effects
    }

    /// With the hits shown, `↑`/`↓` choose and `Enter` inserts the link; other keys write.
    pub(super) fn kb_key(&mut self, key: &tui_textarea::Input) -> Option<Vec<Effect>> {
        use tui_textarea::Key;
        let kb = self.work.kb.as_mut()?;
        let hits = kb.hits.ready().map_or(0, Vec::len);
        match key.key {
            Key::Up => kb.cursor = kb.cursor.saturating_sub(1),
            Key::Down => kb.cursor = (kb.cursor + 1).min(hits.saturating_sub(1)),
            Key::Enter if hits > 0 => {
                let link = kb.hits.ready()?.get(kb.cursor)?.link();
                self.work.kb = None;
                return Some(self.paste(&link));
            }
            _ => return None,
        }
        Some(vec![])
    }

    /// `Esc` in the composer closes the hits first.
    pub(super) fn close_kb(&mut self) -> bool {
        self.work.kb.take().is_some()
    }
}
