//! Carrying out what `update` asked for: work for the worker, drafts on disk, the editor,
//! the browser, the clipboard, the timers and Ctrl-z. Only `$EDITOR` and Ctrl-z need the
//! terminal itself.

use std::io;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::editor;
use crate::command::action::Action;
use crate::state::Effect;
use crate::store::drafts::DraftStore;
use crate::worker::Work;

/// A draft is written at most this long after its first unsaved keystroke (well within the
/// promised second): a deadline, not a debounce, so steady typing is saved too.
const DRAFT_DEBOUNCE: Duration = Duration::from_millis(400);

/// The effects' side of the loop: where work goes and what the timers say.
pub(super) struct Executor<F> {
    pub jobs: mpsc::UnboundedSender<Work>,
    /// Makes the terminal event stream; called again after `$EDITOR` gave the terminal back.
    pub input: F,
    pub drafts: Option<DraftStore>,
    /// Where the `:` line's history lives; `None` keeps it in memory (tests).
    pub history: Option<crate::store::history::History>,
    /// Whether the terminal is the real one (so `$EDITOR` and Ctrl-z may take it over).
    pub real_terminal: bool,
    /// When the drafts are written next, and when a failed load is tried again.
    pub save_at: Option<Instant>,
    pub retry_at: Option<Instant>,
    /// When the notice on screen (its number) is due to go.
    pub notice_at: Option<(Instant, u64)>,
    /// When a held send counts down its next second.
    pub count_at: Option<Instant>,
}

/// What carrying out left for the loop: actions to apply, and whether the screen was wiped
/// (so everything must be drawn again).
#[derive(Default)]
pub(super) struct Carried {
    pub actions: Vec<Action>,
    pub repainted: bool,
}

impl<F> Executor<F> {
    pub(super) fn new(
        jobs: mpsc::UnboundedSender<Work>,
        input: F,
        drafts: Option<DraftStore>,
        history: Option<crate::store::history::History>,
        real_terminal: bool,
    ) -> Self {
        Executor {
            jobs,
            input,
            drafts,
            history,
            real_terminal,
            save_at: None,
            retry_at: None,
            notice_at: None,
            count_at: None,
        }
    }

    /// The first unsaved keystroke sets the deadline; later ones never push it back.
    fn schedule_draft_save(&mut self, now: Instant) {
        self.save_at.get_or_insert(now + DRAFT_DEBOUNCE);
    }

    pub(super) fn carry_out<B, S>(
        &mut self,
        effects: Vec<Effect>,
        terminal: &mut Terminal<B>,
        input: &mut S,
    ) -> color_eyre::Result<Carried>
    where
        B: Backend,
        B::Error: Send + Sync + 'static,
        F: FnMut() -> S,
    {
        let mut carried = Carried::default();
        for effect in effects {
            match effect {
                Effect::OpenEditor(text) if self.real_terminal => {
                    // The old event stream stops reading the terminal now, so the editor has
                    // the keyboard to itself; the new one reads nothing until it is polled.
                    *input = (self.input)();
                    carried.actions.push(Action::EditorDone(editor::edit(&text)));
                    repaint(terminal)?;
                    carried.repainted = true;
                }
                Effect::Suspend if self.real_terminal => {
                    super::terminal::suspend();
                    tracing::debug!("suspended");
                    super::terminal::stop_self();
                    // Continued (`fg` or SIGCONT): take the terminal back and repaint it all.
                    // The event stream stays: nothing reads the terminal while we are stopped.
                    super::terminal::resume();
                    tracing::debug!("continued");
                    repaint(terminal)?;
                    carried.repainted = true;
                }
                Effect::Resume if self.real_terminal => {
                    super::terminal::resume();
                    repaint(terminal)?;
                    carried.repainted = true;
                }
                other => carried.actions.extend(self.carry_out_plain(other)),
            }
        }
        Ok(carried)
    }

    /// The effects that need no terminal; an action when the agent should hear of it.
    fn carry_out_plain(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Job(job) => drop(self.jobs.send(Work::Net(job))),
            Effect::Store(job) => drop(self.jobs.send(Work::Store(job))),
            Effect::ScheduleDraftSave => self.schedule_draft_save(Instant::now()),
            Effect::SavePlace(place) => {
                if let Some(Err(e)) = self.history.as_ref().map(|h| h.save_place(&place)) {
                    tracing::warn!(%e, "where the inbox was could not be saved");
                }
            }
            Effect::SaveHistory(lines) => {
                if let Some(Err(e)) = self.history.as_ref().map(|h| h.save(&lines)) {
                    tracing::warn!(%e, "the command history could not be saved");
                }
            }
            Effect::SaveDraft(key, text) => {
                let saved = self.drafts.as_ref()?.save(&key, &text).map_err(|e| e.to_string());
                return Some(Action::DraftSaved(key, saved));
            }
            Effect::DeleteDraft(key) => {
                if let Some(store) = &self.drafts {
                    let _ = store.delete(&key);
                }
            }
            Effect::MarkSending(key, at) => {
                if let Some(Err(e)) = self.drafts.as_ref().map(|d| d.mark_sending(&key, at)) {
                    tracing::warn!(%e, "a send could not be marked as in flight");
                }
            }
            Effect::UnmarkSending(key) => {
                if let Some(Err(e)) = self.drafts.as_ref().map(|d| d.unmark_sending(&key)) {
                    tracing::warn!(%e, "a send's in-flight mark could not be removed");
                }
            }
            Effect::OpenEditor(_) => return Some(Action::EditorDone(Err("no terminal to run the editor in".into()))),
            Effect::OpenUrl(url) => {
                if let Err(e) = open_url(&url) {
                    return Some(Action::Warn(format!("couldn't open the browser: {e}")));
                }
            }
            Effect::Copy(text) if self.real_terminal => copy(&text),
            Effect::Notify { desktop, text } if self.real_terminal => notify(desktop, &text),
            Effect::Notify { .. } => {}
            Effect::RetryLater(wait) => self.retry_at = Some(Instant::now() + wait),
            Effect::ExpireNotice { seq, after } => self.notice_at = Some((Instant::now() + after, seq)),
            Effect::CountDown => self.count_at = Some(Instant::now() + std::time::Duration::from_secs(1)),
            Effect::Copy(_) | Effect::Suspend | Effect::Resume => {}
        }
        None
    }
}

/// The bell, or a desktop notification where this terminal is known to take one.
fn notify(desktop: bool, text: &str) {
    use std::io::Write;
    let env = |name| std::env::var(name).ok();
    let terminal = crate::support::notify::Desktop::detect(env("TERM_PROGRAM").as_deref(), env("TERM").as_deref());
    let mut out = std::io::stdout();
    let _ = out.write_all(crate::support::notify::sequence(desktop, terminal, text).as_bytes());
    let _ = out.flush();
}

/// OSC 52 with our own base64 payload: works over SSH and in tmux.
fn copy(text: &str) {
    use base64::Engine;
    use std::io::Write;
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{payload}\x07");
    let _ = out.flush();
}

/// Make the next draw repaint every cell. Not `terminal.clear()`: it asks the terminal for
/// the cursor position, which a slow or silent terminal never answers (ANCHORS-PEERS §2.7).
/// Clear by hand, then an empty frame leaves the next draw nothing to skip.
fn repaint<B: Backend>(terminal: &mut Terminal<B>) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let _ = crossterm::execute!(std::io::stdout(), crossterm::terminal::Clear(crossterm::terminal::ClearType::All));
    terminal.draw(|_| {})?;
    Ok(())
}

/// The platform's opener, detached, its output thrown away so it cannot scribble on the
/// screen (a complaint gh-dash users keep filing).
/// The error names the opener, so a missing `xdg-open` says so.
fn open_url(url: &str) -> Result<(), String> {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    crate::support::child::safe_environment(&mut std::process::Command::new(opener))
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e: io::Error| format!("{opener}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_typing_is_saved_within_400_ms_of_its_first_unsaved_key() {
        let (jobs, _rx) = mpsc::unbounded_channel();
        let mut exec = Executor::new(jobs, (), None, None, false);
        let start = Instant::now();
        // A key every 50 ms for two seconds: the deadline stays where the first key set it.
        for n in 0..40 {
            exec.schedule_draft_save(start + Duration::from_millis(50 * n));
            assert_eq!(exec.save_at, Some(start + DRAFT_DEBOUNCE), "after key {n}");
        }
        // Saved (the loop clears it): the next key starts a new deadline.
        exec.save_at = None;
        exec.schedule_draft_save(start + Duration::from_secs(3));
        assert_eq!(exec.save_at, Some(start + Duration::from_secs(3) + DRAFT_DEBOUNCE));
    }
}
