//! Help-desk speed with the real binary against the simulator: send with a status, saved
//! replies and macros — what the server holds afterwards.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::Simulator;
use triage::sim::model::SimStatus;

fn console_in(home: &std::path::Path, sim: &Simulator) -> Tty {
    let url = sim.unthread_url();
    let env = [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str()), ("TRIAGE_ME", "maria@acme.dev")];
    Tty::spawn_in(home, &[], &env, 120, 36)
}

fn home() -> std::path::PathBuf {
    tempfile::tempdir().unwrap().keep()
}

/// The conversation the console selects first, and whether it has a message with `text`.
fn top_has(sim: &Simulator, text: &str) -> bool {
    sim.state().read(|db| db.thread(top_of_inbox(db)).iter().any(|m| m.text.contains(text)))
}

fn top_status(sim: &Simulator) -> SimStatus {
    sim.state().read(|db| top_of_inbox(db).status)
}

#[test]
fn the_send_and_close_key_sends_then_closes_and_undo_reopens() {
    let rt = runtime();
    let sim = rt.block_on(sim(30));
    sim.state().write(|db| {
        let id = top_of_inbox(db).id.clone();
        db.conversations.iter_mut().find(|c| c.id == id).unwrap().status = SimStatus::Open;
    });
    let mut tty = console_in(&home(), &sim);
    tty.wait_for("30 of 30", WAIT);
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    tty.send("Fixed in 4.3.4, closing this one.");
    tty.send("\x1bc"); // Alt-c: send closed
    eventually("the reply is stored", || top_has(&sim, "Fixed in 4.3.4"));
    eventually("the ticket is closed", || top_status(&sim) == SimStatus::Closed);
    // The server's answer to the status, with its undo entry, is on screen.
    tty.wait_for("u undoes", WAIT);
    tty.send("u");
    eventually("undo reopens it", || top_status(&sim) == SimStatus::Open);
    tty.wait_for("undone: ", WAIT);
    let posts = sim.state().requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/messages")).count();
    assert_eq!(posts, 1, "sent once");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}
