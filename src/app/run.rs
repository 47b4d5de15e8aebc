//! The event loop: one `select!` over terminal input, worker replies, a slow clock tick,
//! signals and the worker's handle. It redraws only when something changed, after
//! draining every queued reply.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use color_eyre::eyre::eyre;
use crossterm::event::Event;
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

use super::action::Action;
use super::keymap::Keymap;
use super::state::{AppState, Effect};
use crate::desk::Desk;
use crate::ui::{self, UiState};
use crate::worker::{self, Job};

/// Ages on screen ("5m") change once a minute; nothing else is time-based yet.
const CLOCK_TICK: Duration = Duration::from_secs(60);

/// Run until the user quits, the input ends, or a signal asks us to stop.
pub async fn run<B, D, S>(
    terminal: &mut Terminal<B>,
    mut state: AppState,
    keymap: Keymap,
    desk: Arc<D>,
    mut input: S,
) -> color_eyre::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    D: Desk,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let (job_tx, job_rx) = mpsc::unbounded_channel::<Job>();
    let (net_tx, mut net_rx) = mpsc::unbounded_channel();
    let mut worker = worker::spawn(desk, job_rx, net_tx);
    let dispatch = |effects: Vec<Effect>| {
        for effect in effects {
            match effect {
                Effect::Job(job) => {
                    let _ = job_tx.send(job);
                }
            }
        }
    };
    let mut ui = UiState::default();
    let size = terminal.size()?;
    let _ = state.update(Action::Resize(size.width, size.height));
    dispatch(state.start());
    let mut clock = tokio::time::interval(CLOCK_TICK);
    clock.set_missed_tick_behavior(MissedTickBehavior::Skip);
    clock.tick().await;
    let mut signals = Signals::new()?;
    let mut dirty = true;
    while !state.should_quit {
        if dirty {
            let mut layout = Default::default();
            let frame = terminal.draw(|f| layout = ui::render(f, &state, &keymap, &mut ui))?;
            #[cfg(debug_assertions)]
            {
                let bad = ui::lint::forbidden_cells(frame.buffer);
                assert!(bad.is_empty(), "render lint: forbidden characters reached the screen: {bad:?}");
            }
            let _ = frame;
            let _ = state.update(Action::Layout(layout));
            dirty = false;
        }
        let action = tokio::select! {
            event = input.next() => match event {
                Some(Ok(event)) => match keymap.map(&event, &state) {
                    Some(action) => action,
                    None => continue,
                },
                Some(Err(e)) => return Err(eyre!("reading the terminal failed: {e}")),
                None => break,
            },
            Some(event) = net_rx.recv() => Action::Net(event),
            _ = clock.tick() => Action::Tick(jiff::Timestamp::now()),
            _ = signals.next() => Action::Quit,
            result = &mut worker => return Err(eyre!("the network worker stopped: {result:?}")),
        };
        let (redraw, effects) = state.update(action);
        dirty |= redraw;
        dispatch(effects);
        while let Ok(event) = net_rx.try_recv() {
            let (redraw, effects) = state.update(Action::Net(event));
            dirty |= redraw;
            dispatch(effects);
        }
    }
    Ok(())
}

/// SIGTERM and SIGHUP end the console like `q` does (the terminal is restored by the caller).
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals { term: signal(SignalKind::terminate())?, hup: signal(SignalKind::hangup())? })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.hup.recv() => {}
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}
