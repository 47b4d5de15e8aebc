//! The real binary in a pseudo-terminal, read through a vt100 screen: press keys, wait for
//! text, keep every byte the program wrote (for escape-sequence checks).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Tty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn MasterPty + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// The reader has seen the end of the program's output (every byte is in `screen`).
    drained: Arc<std::sync::atomic::AtomicBool>,
    pub home: std::path::PathBuf,
}

impl Tty {
    /// Start `triage ARGS` with a clean environment plus `env`, in a `cols`×`rows` terminal,
    /// with a fresh home directory (kept for the life of the test process).
    pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Tty {
        let home = tempfile::tempdir().unwrap().keep();
        Tty::spawn_in(&home, args, env, cols, rows)
    }

    /// The same, in a given home directory (to restart where a killed run left off).
    pub fn spawn_in(home: &std::path::Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Tty {
        Tty::spawn_program(env!("CARGO_BIN_EXE_triage"), home, args, env, (cols, rows))
    }

    /// Another program (a shell that sets limits, then runs triage) the same way.
    pub fn spawn_program(
        program: &str,
        home: &std::path::Path,
        args: &[&str],
        env: &[(&str, &str)],
        (cols, rows): (u16, u16),
    ) -> Tty {
        // Until the slave is closed here, any child forked elsewhere would inherit it.
        let one = super::one_spawn_at_a_time();
        let pair =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("a pty opens");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("TZ", "UTC");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("triage starts");
        drop(pair.slave);
        drop(one);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows.try_into().unwrap(), cols.try_into().unwrap(), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (s, r, d) = (screen.clone(), raw.clone(), drained.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            d.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Tty { child, writer, _master: pair.master, screen, raw, drained, home: home.to_path_buf() }
    }

    pub fn screen(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    pub fn hide_cursor(&self) -> bool {
        self.screen.lock().unwrap().screen().hide_cursor()
    }

    /// Wait until the screen shows `text`; panics with the screen after `timeout`.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(timeout, |s| s.contains(text))
            .unwrap_or_else(|s| panic!("{text:?} never appeared; the screen:\n{s}"))
    }

    /// Wait until the inbox is whole: "N of N" in the header, and a status bar that no longer
    /// says "loaded" or "syncing" (the header's count alone can be reached before the last
    /// walk of a fill has answered).
    pub fn wait_whole(&self, n: &str, timeout: Duration) -> String {
        let count = format!("{n} of {n}");
        let whole = |s: &str| {
            let status = s.lines().last().unwrap_or_default();
            s.contains(&count) && status.contains(" · ") && !status.contains("loaded ") && !status.contains("syncing")
        };
        self.wait_until(timeout, whole).unwrap_or_else(|s| panic!("the inbox never became whole ({count}):\n{s}"))
    }

    pub fn wait_until(&self, timeout: Duration, done: impl Fn(&str) -> bool) -> Result<String, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if done(&screen) {
                return Ok(screen);
            }
            if Instant::now() > deadline {
                return Err(screen);
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    /// SIGKILL: no chance to clean up or save anything.
    pub fn kill_hard(&mut self) {
        self.signal("KILL");
        let _ = self.child.wait();
    }

    /// Whether the kernel has the program stopped (state `T` in `/proc/PID/stat`).
    pub fn stopped(&self) -> bool {
        let pid = self.child.process_id().expect("a running child has a pid");
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // The state follows the parenthesised command name.
        stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().next()) == Some("T")
    }

    /// Send a signal by name (TERM, HUP…) to the program.
    pub fn signal(&mut self, name: &str) {
        // Sent from here, not by a `kill` child (which would be one more process to fork).
        let pid = self.child.process_id().expect("a running child has a pid");
        let signal: nix::sys::signal::Signal = format!("SIG{name}").parse().expect("a signal's name");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), signal).expect("the signal is sent");
    }

    /// Wait for the program to end and for its last byte to reach the screen (what it
    /// wrote on the way out is still in the pty when it exits); its exit status.
    pub fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            let drained = self.drained.load(std::sync::atomic::Ordering::SeqCst);
            if let Some(status) = self.child.try_wait().unwrap().filter(|_| drained) {
                return status;
            }
            if Instant::now() > deadline {
                let exited = self.child.try_wait().unwrap().is_some();
                let _ = self.child.kill();
                let what = if exited { "exited, but its output never ended" } else { "did not exit" };
                panic!("triage {what}; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
