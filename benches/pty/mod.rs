//! The release binary in a real pseudo-terminal, for the benches that drive it as a user
//! does: its own empty home, only the variables given, and every screen it draws parsed.

use std::io::{Read, Write};
use std::path::Path;

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

#[allow(dead_code)] // `rss_kb` is for the benches that measure themselves
#[path = "../common/rss.rs"]
mod rss;

pub const COLS: u16 = 160;
pub const ROWS: u16 = 50;

/// A running console: the process, and where its keys go.
pub struct Console {
    pub child: Box<dyn Child + Send + Sync>,
    pub keys: Box<dyn Write + Send>,
}

impl Console {
    /// The process's resident memory in MB.
    pub fn rss_mb(&self) -> u64 {
        let pid = self.child.process_id().expect("a running console");
        rss::rss_kb_of(&pid.to_string()) / 1024
    }

    pub fn quit(mut self) {
        let _ = self.keys.write_all(b"q");
        let _ = self.keys.flush();
        let _ = self.child.wait();
    }
}

/// Start `triage ARGS` with `env` in `home`; `screen` sees every screen as drawn.
pub fn spawn(
    args: &[&str],
    env: &[(&str, String)],
    home: &Path,
    mut screen: impl FnMut(&vt100::Screen) + Send + 'static,
) -> Console {
    let pair =
        native_pty_system().openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_triage"));
    cmd.args(args);
    cmd.env_clear();
    for (k, v) in [("TERM", "xterm-256color"), ("TZ", "UTC")] {
        cmd.env(k, v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.env("HOME", home);
    for dir in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"] {
        cmd.env(dir, home.join(dir));
    }
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0);
        let mut buf = [0u8; 64 * 1024];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            parser.process(&buf[..n]);
            screen(parser.screen());
        }
    });
    Console { child, keys: pair.master.take_writer().unwrap() }
}
