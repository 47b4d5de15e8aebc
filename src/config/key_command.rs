//! Running `api_key_cmd` (`pass show acme`): in the shell, without input, for at most
//! `KEY_COMMAND_TIMEOUT` (or `TRIAGE_KEY_CMD_TIMEOUT` seconds), its output capped; a command
//! that hangs is killed and named, and the output is never shown back — it may be the key.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KEY_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
/// More than any key: past it the output is not one.
const MAX_OUTPUT: u64 = 64 * 1024;

/// Its trimmed standard output, or (exit code, what went wrong — never the output).
pub fn run_shell(command: &str) -> Result<String, (Option<i32>, String)> {
    let timeout = std::env::var("TRIAGE_KEY_CMD_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(KEY_COMMAND_TIMEOUT, Duration::from_secs);
    run_with_timeout(command, timeout)
}

fn run_with_timeout(command: &str, timeout: Duration) -> Result<String, (Option<i32>, String)> {
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(command).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // Its own process group, so whatever it starts (`sleep 1000 &`) can be stopped with it.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    let mut child = shell.spawn().map_err(|e| (None, e.to_string()))?;
    let group = Group(child.id());
    let out = read_capped(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>), MAX_OUTPUT);
    let err = read_capped(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>), 4096);
    let deadline = Instant::now() + timeout;
    let late = || (None, format!("it did not finish within {}s and was stopped", timeout.as_secs()));
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                group.stop();
                let _ = child.wait();
                return Err(late());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err((None, e.to_string())),
        }
    };
    // Done: what it left running goes too, so nothing holds its output open. A pipe kept by
    // a process that left the group is read only until the deadline, never waited on.
    group.stop();
    let left = || deadline.saturating_duration_since(Instant::now());
    let (Ok(stdout), Ok(stderr)) = (out.recv_timeout(left()), err.recv_timeout(left())) else {
        return Err(late());
    };
    if !status.success() {
        return Err((status.code(), String::from_utf8_lossy(&stderr).trim().to_string()));
    }
    key_from(&stdout).map_err(|why| (status.code(), why))
}

/// The command's process group (its shell's pid).
struct Group(u32);

impl Group {
    /// Kill every process left in the group (none left is fine).
    fn stop(&self) {
        #[cfg(unix)]
        if let Ok(pid) = i32::try_from(self.0) {
            let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
        }
    }
}

/// Read `pipe` to its end on a thread of its own, keeping the first `cap + 1` bytes; the
/// bytes arrive on the receiver once the pipe closes.
fn read_capped(pipe: Option<Box<dyn Read + Send>>, cap: u64) -> std::sync::mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = (&mut pipe).take(cap + 1).read_to_end(&mut bytes);
            // The rest is read and dropped, so the command is not left blocked on a full pipe.
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
        }
        let _ = tx.send(bytes);
    });
    rx
}

/// One line of printable characters (a trailing newline is fine); anything else is refused
/// with what was wrong, never with what it printed.
fn key_from(stdout: &[u8]) -> Result<String, String> {
    if stdout.len() as u64 > MAX_OUTPUT {
        return Err(format!("it printed more than {} KiB, which is no key", MAX_OUTPUT / 1024));
    }
    let text = std::str::from_utf8(stdout).map_err(|_| "it printed bytes that are not text".to_string())?;
    let key = text.trim();
    if key.lines().count() > 1 {
        return Err("it printed more than one line (a key is one line: try `… | head -1`)".into());
    }
    if key.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("its output holds spaces or control characters, which no key does".into());
    }
    Ok(key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_one_printable_line_and_the_error_never_repeats_the_output() {
        assert_eq!(run_shell("printf 'sk_live_1\\n'"), Ok("sk_live_1".into()));
        let two = run_shell("printf 'SECRET1\\nSECRET2\\n'").unwrap_err().1;
        assert!(two.contains("more than one line") && !two.contains("SECRET"), "{two}");
        let escape = run_shell("printf 'SECRET\\033[31m'").unwrap_err().1;
        assert!(escape.contains("control") && !escape.contains("SECRET"), "{escape}");
        let huge = run_shell("yes SECRET | head -c 200000").unwrap_err().1;
        assert!(huge.contains("KiB"), "{huge}");
        assert_eq!(run_shell("echo nope >&2; exit 3"), Err((Some(3), "nope".into())));
    }

    #[test]
    fn a_hanging_command_is_stopped() {
        let (code, why) = run_with_timeout("sleep 30", Duration::from_millis(300)).unwrap_err();
        assert_eq!(code, None);
        assert!(why.contains("did not finish within 0s"), "{why}");
    }

    #[test]
    fn what_the_command_leaves_running_neither_holds_the_key_back_nor_outlives_it() {
        assert_eq!(run_with_timeout("sleep 1000 & echo sk_live_2", Duration::from_secs(5)), Ok("sk_live_2".into()));
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let command = format!("sleep 1000 & echo $! > '{}'; wait", pid_file.display());
        let (code, why) = run_with_timeout(&command, Duration::from_millis(500)).unwrap_err();
        assert_eq!(code, None, "{why}");
        let pid = std::fs::read_to_string(&pid_file).unwrap().trim().to_string();
        let deadline = Instant::now() + Duration::from_secs(10);
        // Gone, or a zombie waiting for init: either way no longer running.
        let running = || {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            !stat.is_empty() && !stat.split(") ").nth(1).is_some_and(|rest| rest.starts_with('Z'))
        };
        while running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!running(), "the background sleep {pid} outlived the timeout");
    }
}
