//! Signals from outside (`kill`): every one that would end the process ends the console
//! instead, and is remembered for the exit status; a stop request suspends it as Ctrl-z
//! does; a continue takes the terminal back and repaints.

use std::io;

use crate::command::action::Action;

/// The signals the console listens for (drafts are saved and the terminal restored by the
/// loop and its caller, as after `q`).
pub(super) struct Signals {
    /// The ending signal that came, if one did.
    pub(super) received: Option<i32>,
    #[cfg(unix)]
    ending: Vec<(i32, tokio::signal::unix::Signal)>,
    #[cfg(unix)]
    stop: tokio::signal::unix::Signal,
    #[cfg(unix)]
    cont: tokio::signal::unix::Signal,
}

impl Signals {
    pub(super) fn new() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use nix::sys::signal::Signal as S;
            use tokio::signal::unix::{SignalKind, signal};
            let kind = |s: S| SignalKind::from_raw(s as i32);
            let ending = [S::SIGTERM, S::SIGHUP, S::SIGINT, S::SIGQUIT, S::SIGUSR1, S::SIGUSR2, S::SIGALRM]
                .into_iter()
                .map(|s| Ok((s as i32, signal(kind(s))?)))
                .collect::<io::Result<Vec<_>>>()?;
            let (stop, cont) = (signal(kind(S::SIGTSTP))?, signal(kind(S::SIGCONT))?);
            Ok(Signals { received: None, ending, stop, cont })
        }
        #[cfg(not(unix))]
        Ok(Signals { received: None })
    }

    pub(super) async fn next(&mut self) -> Action {
        #[cfg(unix)]
        {
            let ending = futures::future::select_all(
                self.ending.iter_mut().map(|(number, s)| Box::pin(async move { s.recv().await.map(|_| *number) })),
            );
            tokio::select! {
                (number, _, _) = ending => {
                    self.received = number;
                    Action::Quit
                }
                _ = self.stop.recv() => Action::Suspend,
                _ = self.cont.recv() => Action::Resumed,
            }
        }
        #[cfg(not(unix))]
        std::future::pending::<Action>().await
    }
}
