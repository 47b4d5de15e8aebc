//! The event loop: one `select!` over terminal input, worker replies, the draft-save timer,
//! a slow clock tick, signals and the worker's handle. It redraws only when something
//! changed, after draining every queued reply.

use std::io;
use std::time::Duration;

use color_eyre::eyre::eyre;
use crossterm::event::Event;
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior};

use super::effects::Executor;
use crate::command::action::Action;
use crate::desk::Desk;
use crate::state::AppState;
use crate::state::keymap::Keymap;
use crate::store::drafts::DraftStore;
use crate::ui::{self, UiState};
use crate::worker::{self, StoreJob, Work};

/// Ages on screen ("5m") change once a minute; nothing else is time-based.
const CLOCK_TICK: Duration = Duration::from_secs(60);
/// Tickets read from the cache before the first frame: more than any screen shows.
pub const FIRST_SCREENFUL: usize = 300;

/// What the loop needs from the outside world besides the terminal.
pub struct Io<F> {
    /// Makes the terminal event stream; called again after `$EDITOR` gave the terminal back.
    pub input: F,
    /// Where drafts live; `None` keeps them in memory only (tests).
    pub drafts: Option<DraftStore>,
    /// Where the `:` line's history lives; `None` keeps it in memory only (tests).
    pub history: Option<crate::store::history::History>,
    /// Whether `terminal` is the real one (so `$EDITOR` may take it over).
    pub real_terminal: bool,
    /// The offline cache, with what it held at start; `None` runs without one (the demo,
    /// tests). The worker owns it from here on.
    pub cache: Option<StartingCache>,
    /// How often the inbox syncs in the background; `None`: only on `R`.
    pub refresh: Option<Duration>,
    /// How often the live check runs; `None`: never.
    pub live: Option<Duration>,
    pub theme: crate::ui::theme::Theme,
    /// Said in the status bar once the console has started (a repaired cache, read-only
    /// drafts): after the first requests, so their own notices do not hide it.
    pub notice: Option<String>,
}

/// An opened cache and its first screenful, read before the terminal is taken.
pub struct StartingCache {
    pub cache: crate::store::cache::Cache,
    /// `Action::CacheLoaded` with the first screenful, agents, tags and the ledger.
    pub first: Action,
    /// More tickets than the first screenful are cached.
    pub more: bool,
    /// Cached rows that could not be read: fetched again from the server.
    pub unreadable: Vec<crate::desk::TicketId>,
    /// What waited for the server when the last run ended.
    pub outbox: Vec<crate::desk::outbox::Queued>,
}

impl StartingCache {
    /// Read what the console paints before its first frame.
    pub fn read(cache: crate::store::cache::Cache) -> StartingCache {
        let (tickets, unreadable) = cache.load_tickets_checked(0, Some(FIRST_SCREENFUL)).unwrap_or_default();
        // Rows read, readable or not: one garbled row must not hide the rest of the cache.
        let more = tickets.len() + unreadable.len() == FIRST_SCREENFUL;
        let agents = cache.load_agents().unwrap_or_default();
        let tags = cache.load_tags().unwrap_or_default();
        let ledger = cache.load_ledger().ok().flatten();
        let outbox = cache.load_outbox().unwrap_or_default();
        let opened = cache.load_opened().unwrap_or_default();
        let first = Action::CacheLoaded(crate::command::action::Cached { tickets, agents, tags, ledger, opened });
        StartingCache { cache, first, more, unreadable, outbox }
    }
}

/// How the console ended: the agent quit, or a signal from outside stopped it (its
/// number, for the exit status a shell expects: 128 + N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Quit,
    Signal(i32),
}

/// Run until the user quits, the input ends, or a signal asks us to stop.
pub async fn run<B, D, S, F>(
    terminal: &mut Terminal<B>,
    mut state: AppState,
    keymap: Keymap,
    desk: D,
    mut io: Io<F>,
) -> color_eyre::Result<Ended>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    D: Desk,
    S: Stream<Item = io::Result<Event>> + Unpin,
    F: FnMut() -> S,
{
    let (job_tx, job_rx) = mpsc::unbounded_channel::<Work>();
    let (net_tx, mut net_rx) = mpsc::unbounded_channel();
    let (store, rest_of_cache, refetch) = take_cache(&mut state, io.cache.take(), io.drafts.as_ref());
    let mut worker = worker::spawn(desk, store.clone(), job_rx, net_tx);
    let mut ui = UiState::with_theme(io.theme.clone());
    restore_kept(&mut state, &io);
    let mut exec = Executor::new(job_tx, io.input, io.drafts, io.history, io.real_terminal);
    let mut input = (exec.input)();
    let size = terminal.size()?;
    // The size decides the sidebar, and the selection (from the cache) wants its thread.
    let (_, mut pending) = state.update(Action::Resize(size.width, size.height));
    pending.extend(state.start());
    pending.extend(refetch);
    if let Some(text) = io.notice.take() {
        pending.extend(state.update(Action::Warn(text)).1);
    }
    let mut timers = Timers::start(io.refresh, io.live).await?;
    let (mut dirty, mut after_key) = (true, false);
    let mut after_frame = AfterFrame { rest_of_cache, settled: false, store: store.clone() };
    loop {
        let carried = exec.carry_out(std::mem::take(&mut pending), terminal, &mut input)?;
        dirty |= carried.repainted;
        for action in carried.actions {
            apply(&mut state, action, &mut dirty, &mut pending);
        }
        if !pending.is_empty() {
            continue;
        }
        if state.session.should_quit {
            break;
        }
        if std::mem::take(&mut dirty) {
            draw(terminal, &mut state, &keymap, &mut ui)?;
        }
        after_frame.run(&state, &exec);
        if std::mem::take(&mut after_key) {
            // The key's frame is out: the replies that came meanwhile, before the next key.
            apply_queued(&mut state, &mut net_rx, &mut dirty, &mut pending);
            continue;
        }
        let (action, typed) = tokio::select! {
            event = input.next() => match event {
                Some(Ok(event)) => match keymap.map(&event, &state) {
                    Some(action) => (action, true),
                    None => continue,
                },
                Some(Err(e)) => return Err(eyre!("reading the terminal failed: {e}")),
                None => (Action::Quit, true),
            },
            Some(event) = net_rx.recv() => (Action::Net(event), false),
            action = timers.next(&mut exec) => (action, false),
            result = &mut worker => return Err(eyre!("the network worker stopped: {result:?}")),
        };
        apply(&mut state, action, &mut dirty, &mut pending);
        // Every reply already queued is applied before the next frame, except after a key:
        // its frame goes first (a batch of pages merged would delay what it changed).
        after_key = typed;
        match typed {
            true => timers.touched = Instant::now(),
            false => apply_queued(&mut state, &mut net_rx, &mut dirty, &mut pending),
        }
    }
    drop(exec);
    finish_writes(worker, store).await;
    Ok(timers.signals.received.map_or(Ended::Quit, Ended::Signal))
}

/// What the loop does once the frame is out and nothing is pending.
struct AfterFrame {
    /// The rest of the cache is still to be asked for (once, after the first frame).
    rest_of_cache: bool,
    /// The inbox was whole and settled at the last look.
    settled: bool,
    store: Option<worker::store::Store>,
}

impl AfterFrame {
    fn run<F>(&mut self, state: &AppState, exec: &Executor<F>) {
        if std::mem::take(&mut self.rest_of_cache) {
            ask_rest_of_cache(exec);
        }
        if self.just_settled(state.sync.phase == crate::state::sync::Phase::Complete) {
            // What the load freed goes back to the system (the allocator would keep it),
            // on the cache's thread after the load's writes, or on a thread of its own.
            let release = || _ = crate::support::memory::release_freed();
            match &self.store {
                Some(store) => store.send(move |_| release()),
                None => _ = std::thread::Builder::new().name("release".into()).spawn(release),
            }
        }
    }

    /// Whether a load (a fill, a sync) has just completed: once a load, not every frame.
    fn just_settled(&mut self, complete: bool) -> bool {
        let was = std::mem::replace(&mut self.settled, complete);
        complete && !was
    }
}

/// What was kept on disk: drafts, the `:` line's history and where the agent was.
fn restore_kept<F>(state: &mut AppState, io: &Io<F>) {
    if let Some(store) = io.drafts.as_ref() {
        state.drafts_loaded(crate::state::Drafts::loaded(store.load_all(), store.in_flight()));
    }
    state.view.command_history = io.history.as_ref().map(crate::store::history::History::load).unwrap_or_default();
    if let Some(place) = io.history.as_ref().map(crate::store::history::History::load_place) {
        state.inbox.restore_place(place);
    }
}

/// The rest of the cache, read on the cache thread in order after every page stored so far:
/// what it brings is never older than what the inbox already holds.
fn ask_rest_of_cache<F>(exec: &Executor<F>) {
    let _ = exec.jobs.send(Work::Store(StoreJob::LoadRest { skip: FIRST_SCREENFUL }));
}

/// The worker's replies already waiting, into the state.
fn apply_queued(
    state: &mut AppState,
    net_rx: &mut mpsc::UnboundedReceiver<crate::worker::NetEvent>,
    dirty: &mut bool,
    pending: &mut Vec<crate::state::Effect>,
) {
    while let Ok(event) = net_rx.try_recv() {
        apply(state, Action::Net(event), dirty, pending);
    }
}

/// One action into the state: the frame is due when it says so, its effects are queued.
fn apply(state: &mut AppState, action: Action, dirty: &mut bool, pending: &mut Vec<crate::state::Effect>) {
    let (redraw, effects) = state.update(action);
    *dirty |= redraw;
    pending.extend(effects);
    pending.extend(state.notices.timer());
}

/// Paint what we had before the first byte arrives: one screenful now, the rest of the
/// cache right after the first frame (the second value); the sync then brings it all up
/// to date. The cache moves to its own thread. Its outbox is taken up only by the console that owns the drafts:
/// a second console on the profile neither saves drafts nor keeps an outbox.
fn take_cache(
    state: &mut AppState,
    cache: Option<StartingCache>,
    drafts: Option<&DraftStore>,
) -> (Option<worker::store::Store>, bool, Vec<crate::state::Effect>) {
    let Some(starting) = cache else { return (None, false, vec![]) };
    let _ = state.update(starting.first);
    if drafts.is_none_or(|d| !d.read_only()) {
        let _ = state.update(Action::OutboxLoaded(starting.outbox));
    }
    let refetch = state.update(Action::Refetch(starting.unreadable)).1;
    (Some(worker::store::Store::spawn(starting.cache)), starting.more, refetch)
}

/// What time brings the loop: the draft save and the offline retry the executor set, the
/// minute tick, the background sync, and the signals that end it.
struct Timers {
    clock: tokio::time::Interval,
    refresh: Option<tokio::time::Interval>,
    live: Option<tokio::time::Interval>,
    /// The agent's last key: a terminal left alone is checked less often.
    touched: Instant,
    /// Live ticks since the last check that ran while idle.
    idle_ticks: u32,
    signals: super::signals::Signals,
}

/// After this long without a key the live check runs every `IDLE_EVERY`th tick.
const IDLE_AFTER: Duration = Duration::from_secs(10 * 60);
const IDLE_EVERY: u32 = 6;

impl Timers {
    async fn start(refresh: Option<Duration>, live: Option<Duration>) -> io::Result<Timers> {
        let mut clock = tokio::time::interval(CLOCK_TICK);
        clock.set_missed_tick_behavior(MissedTickBehavior::Skip);
        clock.tick().await;
        // A quiet sync every `refresh` (none when it is off); the first one a period from now.
        let refresh = refresh.map(|period| {
            let mut timer = tokio::time::interval_at(Instant::now() + period, period);
            timer.set_missed_tick_behavior(MissedTickBehavior::Skip);
            timer
        });
        let live = live.map(|period| {
            let mut timer = tokio::time::interval_at(Instant::now() + period, period);
            timer.set_missed_tick_behavior(MissedTickBehavior::Skip);
            timer
        });
        let signals = super::signals::Signals::new()?;
        Ok(Timers { clock, refresh, live, touched: Instant::now(), idle_ticks: 0, signals })
    }

    /// Whether this live tick checks: always while the agent works, one in `IDLE_EVERY`
    /// when the terminal has been left alone.
    fn live_due(&mut self) -> bool {
        if self.touched.elapsed() < IDLE_AFTER {
            self.idle_ticks = 0;
            return true;
        }
        self.idle_ticks += 1;
        self.idle_ticks.is_multiple_of(IDLE_EVERY)
    }

    async fn next<F>(&mut self, exec: &mut Executor<F>) -> Action {
        loop {
            if let Some(action) = self.fired(exec).await {
                return action;
            }
        }
    }

    /// The first timer to fire, as an action; `None` for a live tick skipped while idle.
    async fn fired<F>(&mut self, exec: &mut Executor<F>) -> Option<Action> {
        Some(tokio::select! {
            _ = sleep_until(exec.save_at), if exec.save_at.is_some() => {
                exec.save_at = None;
                Action::FlushDrafts
            }
            _ = sleep_until(exec.retry_at), if exec.retry_at.is_some() => {
                exec.retry_at = None;
                Action::RetryNow
            }
            _ = sleep_until(exec.notice_at.map(|(at, _)| at)), if exec.notice_at.is_some() => {
                Action::NoticeDue(exec.notice_at.take().map_or(0, |(_, seq)| seq))
            }
            _ = sleep_until(exec.count_at), if exec.count_at.is_some() => {
                exec.count_at = None;
                Action::SendCountdown
            }
            _ = self.clock.tick() => Action::Tick(jiff::Timestamp::now()),
            Some(_) = tick_of(&mut self.refresh) => Action::Sync,
            Some(_) = tick_of(&mut self.live) => return self.live_due().then_some(Action::LiveCheck),
            action = self.signals.next() => action,
        })
    }
}

/// One frame, then the layout it drew goes back to the state. In debug and test builds the
/// render lint fails on any forbidden character on screen.
fn draw<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut AppState,
    keymap: &Keymap,
    ui: &mut UiState,
) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    crate::support::fault::injected_fault("panic_in_render");
    let mut layout = Default::default();
    let frame = terminal.draw(|f| layout = ui::render(f, state, keymap, ui))?;
    #[cfg(debug_assertions)]
    {
        let bad = ui::lint::forbidden_cells(frame.buffer);
        assert!(bad.is_empty(), "render lint: forbidden characters reached the screen: {bad:?}");
    }
    let _ = frame;
    let _ = state.update(Action::Layout(layout));
    Ok(())
}

/// On the way out: let the worker hand the cache what it was given (the last ledger), and
/// wait for the cache thread to write it. Bounded, so a hung request never holds up `q`.
async fn finish_writes(worker: tokio::task::JoinHandle<()>, store: Option<worker::store::Store>) {
    let limit = Duration::from_secs(2);
    let _ = tokio::time::timeout(limit, worker).await;
    if let Some(store) = store {
        let _ = tokio::time::timeout(limit, store.call(|_| ())).await;
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The next tick of an optional timer; never, without one.
async fn tick_of(timer: &mut Option<tokio::time::Interval>) -> Option<Instant> {
    match timer {
        Some(timer) => Some(timer.tick().await),
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::AfterFrame;

    #[test]
    fn memory_is_given_back_once_a_load_completes_not_every_frame() {
        let mut after = AfterFrame { rest_of_cache: false, settled: false, store: None };
        let seen: Vec<bool> = [false, true, true, true, false, false, true].map(|c| after.just_settled(c)).into();
        assert_eq!(seen, [false, true, false, false, false, false, true]);
    }
}
