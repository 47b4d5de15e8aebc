//! Every way out restores the terminal: q, a panic in the UI or in a background task,
//! SIGTERM and SIGHUP (drafts flushed first), and Ctrl-z then SIGCONT repaints everything.

use crate::common::pty::Tty;
use crate::common::*;

fn console(sim: &triage::sim::Simulator, extra: &[(&str, &str)]) -> Tty {
    let url = sim.unthread_url();
    let mut env = vec![("UNTHREAD_API_KEY", "sk_live_CANARY_7f3a"), ("UNTHREAD_BASE_URL", url.as_str())];
    env.extend_from_slice(extra);
    Tty::spawn(&[], &env, 100, 30)
}

fn assert_restored(tty: &Tty) {
    assert!(!tty.alternate_screen(), "left the alternate screen:\n{}", tty.screen());
    assert!(!tty.hide_cursor(), "the cursor is visible");
}

#[test]
fn a_panic_in_the_ui_or_a_task_restores_the_terminal_and_fails() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    for point in ["panic_in_render", "panic_in_worker"] {
        let mut tty = console(&sim, &[("TRIAGE_FAULT", point)]);
        let status = tty.wait_exit(WAIT);
        assert!(!status.success(), "{point}: a panic is a failure");
        assert_restored(&tty);
        let raw = String::from_utf8_lossy(&tty.raw()).into_owned();
        let report = raw.rsplit("\u{1b}[?1049l").next().unwrap_or_default();
        let start = report
            .find("The application panicked")
            .unwrap_or_else(|| panic!("{point}: the report is shown:\n{report}"));
        let report = &report[start..];
        assert!(report.contains("injected fault"), "{point}: {report}");
        assert!(!report.contains('\u{1b}'), "{point}: no escape sequences in the report:\n{report:?}");
        assert!(!raw.contains("CANARY"), "{point}: the key never shows");
    }
}

/// A signal's number, by name ("TERM"): the exit status after it is 128 + that (130 for INT).
fn number(signal: &str) -> u32 {
    format!("SIG{signal}").parse::<nix::sys::signal::Signal>().expect("a signal's name") as u32
}

#[test]
fn sigterm_and_sighup_flush_the_draft_and_restore() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    for signal in ["TERM", "HUP"] {
        let mut tty = console(&sim, &[]);
        tty.wait_for("20 of 20", WAIT);
        tty.send("r");
        tty.send(&format!("draft before SIG{signal}"));
        // Keys still in the pty's buffer were never typed, as far as the console knows: the
        // signal comes once the whole text is on screen.
        tty.wait_for(&format!("draft before SIG{signal}"), WAIT);
        tty.signal(signal);
        let status = tty.wait_exit(WAIT);
        assert_eq!(status.exit_code(), 128 + number(signal), "SIG{signal} ends the console as a signal: {status:?}");
        assert_restored(&tty);
        let drafts = tty.home.join("data/triage/drafts");
        let saved: Vec<String> =
            std::fs::read_dir(&drafts).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
        assert_eq!(saved, vec![format!("draft before SIG{signal}")], "flushed at once, not after the debounce");
    }
}

#[test]
fn ctrl_z_suspends_and_sigcont_repaints() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let mut tty = console(&sim, &[]);
    tty.wait_for("20 of 20", WAIT);
    tty.send("\x1a"); // Ctrl-z
    tty.wait_until(WAIT, |_| !tty.alternate_screen()).expect("suspended: the shell's screen is back");
    // Continued only once the kernel has it stopped: a CONT sent before its SIGSTOP would be
    // lost, and the stop would then last for ever.
    tty.wait_until(WAIT, |_| tty.stopped()).expect("the process stops itself");
    tty.signal("CONT");
    // A repaint arrives over several writes: wait for its last row, the status bar.
    let status_bar = |s: &str| s.lines().last().is_some_and(|l| l.contains("Unthread · "));
    let repainted = |s: &str| tty.alternate_screen() && s.contains("20 of 20") && status_bar(s);
    let screen = tty.wait_until(WAIT, repainted).expect("resumed and repainted");
    assert!(screen.contains("Inbox") && screen.contains('#'), "{screen}");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    assert_restored(&tty);
}

#[test]
fn every_ending_signal_restores_the_terminal() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    for signal in ["INT", "QUIT", "USR1", "ALRM", "TERM", "HUP"] {
        let mut tty = console(&sim, &[]);
        tty.wait_for("20 of 20", WAIT);
        tty.signal(signal);
        let status = tty.wait_exit(WAIT);
        assert_eq!(status.exit_code(), 128 + number(signal), "SIG{signal}: {status:?}");
        assert_restored(&tty);
    }
}

#[test]
fn a_stop_from_outside_suspends_cleanly_and_a_continue_repaints() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let mut tty = console(&sim, &[]);
    tty.wait_for("20 of 20", WAIT);
    tty.signal("TSTP");
    tty.wait_until(WAIT, |_| !tty.alternate_screen()).expect("the shell's screen is back while stopped");
    tty.wait_until(WAIT, |_| tty.stopped()).expect("the process is stopped");
    tty.signal("CONT");
    let screen =
        tty.wait_until(WAIT, |s| tty.alternate_screen() && s.contains("20 of 20")).expect("resumed and repainted");
    assert!(screen.contains("Inbox"), "{screen}");
    // Raw mode again: a key is a key (j moves), not a line the tty holds back.
    tty.send("j");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    assert_restored(&tty);
}
