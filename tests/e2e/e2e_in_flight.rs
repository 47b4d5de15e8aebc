//! A send cut off by a stop: the draft is marked on disk before the send leaves, so the next
//! run says it may have been sent, reads the thread, and never sends it twice.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::{Fault, FaultRule, Faults, Simulator};

fn console_in(home: &std::path::Path, sim: &Simulator) -> Tty {
    let url = sim.unthread_url();
    let env = [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str()), ("TRIAGE_ME", "maria@acme.dev")];
    Tty::spawn_in(home, &[], &env, 120, 36)
}

/// How many messages of the whole workspace hold `text`.
fn stored(sim: &Simulator, text: &str) -> usize {
    sim.state()
        .read(|db| db.conversations.iter().map(|c| db.thread(c).iter().filter(|m| m.text.contains(text)).count()).sum())
}

/// Start a reply that the server answers only after `fault`, then stop triage with `stop`.
fn cut_off(sim: &Simulator, home: &std::path::Path, fault: Fault, text: &str, stop: impl FnOnce(&mut Tty)) {
    sim.state().set_faults(Faults {
        rules: vec![FaultRule::new(Some("POST"), Some("/messages$"), fault).times(1)],
        ..Faults::default()
    });
    let mut tty = console_in(home, sim);
    tty.wait_for("20 of 20", WAIT);
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    tty.send(text);
    tty.send("\x13"); // Ctrl-s
    tty.wait_for("sending…", WAIT);
    stop(&mut tty);
    sim.state().set_faults(Faults::default());
}

#[test]
fn a_reply_the_server_stored_before_a_kill_is_found_and_never_sent_again() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let home = tempfile::tempdir().unwrap().keep();
    let text = "The fix is live, please try again";
    cut_off(&sim, &home, Fault::StallAfter { millis: 20_000 }, text, |tty| {
        eventually("the server stores the reply", || stored(&sim, text) == 1);
        tty.kill_hard();
    });
    let mut again = console_in(&home, &sim);
    // Said at start, then settled as soon as the selected ticket's thread is read.
    again.wait_for("was sent before triage stopped: it is in the thread", WAIT);
    again.send("r");
    again.send("\x13");
    again.wait_for("nothing to send", WAIT);
    again.send("\x1b");
    again.send("q");
    assert!(again.wait_exit(WAIT).success());
    assert_eq!(stored(&sim, text), 1, "sent once");
}

#[test]
fn a_reply_that_never_reached_the_server_before_sigterm_is_a_draft_again() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let home = tempfile::tempdir().unwrap().keep();
    let text = "Could you send us the request id";
    cut_off(&sim, &home, Fault::Stall { millis: 20_000 }, text, |tty| {
        tty.signal("TERM");
        tty.wait_exit(WAIT);
    });
    assert_eq!(stored(&sim, text), 0, "the stalled request never ran its handler");
    let mut again = console_in(&home, &sim);
    again.wait_for("was not sent before triage stopped: Ctrl-s sends it", WAIT);
    again.send("r");
    again.wait_for(text, WAIT);
    again.send("\x13");
    again.wait_for("reply sent", WAIT);
    again.send("q");
    assert!(again.wait_exit(WAIT).success());
    assert_eq!(stored(&sim, text), 1);
}
