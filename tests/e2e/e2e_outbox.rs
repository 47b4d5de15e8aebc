//! The outbox with the real binary: offline, a status change and a reply are queued (shown so), kept
//! over a restart, and sent once when the server is back; a ticket changed on the server
//! meanwhile holds its queued change until the agent sends it anyway.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::Simulator;
use triage::sim::model::SimStatus;

fn console(home: &std::path::Path, url: &str) -> Tty {
    Tty::spawn_in(home, &[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url)], 160, 40)
}

/// A home whose cache holds the simulator's inbox, and the ticket the console opens on:
/// its id and number.
fn filled(sim: &Simulator, count: &str) -> (std::path::PathBuf, String, u64) {
    let (id, number) = sim.state().read(|db| (top_of_inbox(db).id.clone(), top_of_inbox(db).friendly_id));
    (filled_home(sim, count), id, number)
}

fn offline_console(home: &std::path::Path, url: &str) -> Tty {
    let tty = console(home, url);
    tty.wait_for("cached · offline", std::time::Duration::from_secs(30));
    tty
}

const REPLY: &str = "Fixed on our side, sent from the outbox";

fn copies_of_reply(sim: &Simulator, id: &str) -> usize {
    sim.state().read(|db| {
        let c = db.conversations.iter().find(|c| c.id == id).unwrap();
        db.thread(c).iter().filter(|m| m.text.contains(REPLY)).count()
    })
}

fn status_of(sim: &Simulator, id: &str) -> SimStatus {
    sim.state().read(|db| db.conversations.iter().find(|c| c.id == id).unwrap().status)
}

#[test]
fn offline_a_status_change_and_a_reply_are_queued_kept_over_a_restart_and_sent_once_when_back() {
    let rt = runtime();
    let sim = rt.block_on(sim_on_a_fixed_port(options(60)));
    let (url, addr) = (sim.unthread_url(), sim.addr());
    let (home, id, number) = filled(&sim, "60");
    // A status it does not have yet.
    let (want, command) = match status_of(&sim, &id) {
        SimStatus::OnHold => (SimStatus::InProgress, "in_progress"),
        _ => (SimStatus::OnHold, "on_hold"),
    };
    drop(sim);

    let mut offline = offline_console(&home, &url);
    offline.send("r");
    offline.send(REPLY);
    offline.send("\x13");
    offline.wait_for("outbox 1", WAIT);
    offline.send(&format!(":status {command}\r"));
    // The notice "queued: status" may be replaced at once by a background load failing
    // offline (agents, a thread): the outbox count and the row are what stays.
    let screen = offline.wait_for("outbox 2", WAIT);
    assert!(screen.contains(&format!("#{number}")) && screen.contains("queued "), "the row says queued:\n{screen}");
    offline.send("q");
    assert!(offline.wait_exit(WAIT).success());

    // Kept over a restart (still offline).
    let mut again = offline_console(&home, &url);
    again.wait_for("outbox 2", WAIT);
    again.send("q");
    assert!(again.wait_exit(WAIT).success());

    // The server is back: both go, in order, once.
    let sim = rt.block_on(sim_at(options(60), addr));
    let mut online = console(&home, &url);
    eventually("the reply and the close reach the server", || {
        copies_of_reply(&sim, &id) == 1 && status_of(&sim, &id) == want
    });
    online.wait_until(WAIT, |s| s.contains("60 of 60") && !s.contains("· outbox ")).expect("the outbox empties");
    online.send("q");
    assert!(online.wait_exit(WAIT).success());
    let mut later = console(&home, &url);
    later.wait_whole("60", WAIT);
    later.send("q");
    assert!(later.wait_exit(WAIT).success());
    assert_eq!(copies_of_reply(&sim, &id), 1, "never sent twice");
}

#[test]
fn a_queued_change_to_a_ticket_changed_on_the_server_since_is_held_until_sent_anyway() {
    let rt = runtime();
    let sim = rt.block_on(sim_on_a_fixed_port(options(60)));
    let (url, addr) = (sim.unthread_url(), sim.addr());
    let (home, id, _) = filled(&sim, "60");
    drop(sim);

    let mut offline = offline_console(&home, &url);
    offline.send(":priority critical\r");
    offline.wait_for("outbox 1", WAIT);
    offline.send("q");
    assert!(offline.wait_exit(WAIT).success());

    // Meanwhile a teammate edits the ticket.
    let sim = rt.block_on(sim_at(options(60), addr));
    let priority =
        |sim: &Simulator| sim.state().read(|db| db.conversations.iter().find(|c| c.id == id).unwrap().priority);
    let before = priority(&sim);
    sim.state().write(|db| {
        let c = db.conversations.iter_mut().find(|c| c.id == id).unwrap();
        c.title = "Renamed by a teammate".into();
        c.updated_at += jiff::SignedDuration::from_mins(5);
    });
    let mut online = console(&home, &url);
    online.wait_for("outbox 1, 1 held", WAIT);
    let screen = online.wait_for("Renamed by a teammate", WAIT);
    assert!(screen.contains("held "), "the row says held:\n{screen}");
    assert_eq!(priority(&sim), before, "a conflicting change is not applied");
    online.send(":outbox send 1\r");
    eventually("sent anyway, when the agent says so", || priority(&sim) != before);
    online.wait_until(WAIT, |s| !s.contains("outbox 1")).expect("the outbox empties");
    online.send("q");
    assert!(online.wait_exit(WAIT).success());
}

#[test]
fn a_change_the_failing_server_could_not_take_is_queued_and_goes_when_it_answers_again() {
    use triage::sim::faults::{Fault, FaultRule, Faults};
    let rt = runtime();
    let sim = rt.block_on(sim(40));
    let home = tempfile::tempdir().unwrap().keep();
    let mut tty = console(&home, &sim.unthread_url());
    tty.wait_whole("40", WAIT);
    let id = sim.state().read(|db| top_of_inbox(db).id.clone());
    let priority = || sim.state().read(|db| db.conversations.iter().find(|c| c.id == id).unwrap().priority);
    let before = priority();
    sim.state().set_faults(Faults {
        rules: vec![FaultRule::new(Some("PATCH"), None, Fault::Status { status: 503 })],
        ..Faults::default()
    });
    tty.send(":priority critical\r");
    tty.wait_for("outbox 1", WAIT);
    assert_eq!(priority(), before, "the server did not take it");
    sim.state().set_faults(Faults::default());
    // The next sync that answers (R starts one) replays it.
    tty.send("R");
    eventually("the queued change reaches the server", || priority() != before);
    tty.wait_until(WAIT, |s| !s.contains("· outbox ")).expect("the outbox empties");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}
