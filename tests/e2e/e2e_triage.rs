//! Triage with the real binary against the simulator: keys in, server state out.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::model::SimStatus;
use triage::sim::{Fault, FaultRule, Faults, Simulator};

/// The simulator's conversations in the inbox's order (newest activity first), with the
/// first `open` of them set to open so every test starts from a known state.
fn prepare(sim: &Simulator, open: usize) -> Vec<usize> {
    sim.state().write(|db| {
        let mut order: Vec<usize> = (0..db.conversations.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&db.conversations[a], &db.conversations[b]);
            b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id))
        });
        for &i in order.iter().take(open) {
            let c = &mut db.conversations[i];
            c.status = SimStatus::Open;
            c.closed_at = None;
            c.priority = Some(3);
        }
        order
    })
}

fn console(sim: &Simulator) -> Tty {
    let url = sim.unthread_url();
    Tty::spawn(&[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", &url), ("TRIAGE_ME", "maria@acme.dev")], 120, 36)
}

/// Wait until the simulator's data satisfies `done`.
fn on_server(sim: &Simulator, what: &str, done: impl Fn(&triage::sim::db::Db) -> bool) {
    eventually(what, || sim.state().read(&done));
}

#[test]
fn the_four_blind_sequences_change_the_server() {
    let rt = runtime();
    let sim = rt.block_on(sim(120));
    let order = prepare(&sim, 4);
    let top = order[0];
    let (maria, bug, had_bug) = sim.state().read(|db| {
        let bug = db.tags.iter().position(|t| t.name == "Bug").unwrap();
        (db.user_by_email("maria@acme.dev").unwrap(), bug, db.conversations[top].tags.contains(&bug))
    });
    let mut tty = console(&sim);
    tty.wait_for("120 of 120", WAIT);

    tty.send("s");
    tty.send("closed");
    tty.send("\r");
    on_server(&sim, "status closed", |db| db.conversations[top].status == SimStatus::Closed);

    tty.send("a");
    tty.send("maria");
    tty.send("\r");
    on_server(&sim, "assigned to Maria", |db| db.conversations[top].assignee == Some(maria));

    tty.send("t");
    tty.send("bug");
    tty.send("\r");
    on_server(&sim, "Bug toggled", |db| db.conversations[top].tags.contains(&bug) != had_bug);

    tty.send("p");
    tty.send("high");
    tty.send("\r");
    on_server(&sim, "priority High", |db| db.conversations[top].priority == Some(7));

    // Only the changed fields were sent, and only to that conversation.
    let patches: Vec<_> = sim.state().requests().into_iter().filter(|r| r.method == "PATCH").collect();
    assert_eq!(patches.len(), 3);
    assert_eq!(patches[0].body, r#"{"status":"closed"}"#);
    assert!(patches[1].body.starts_with(r#"{"assignedToUserId":"#));
    assert_eq!(patches[2].body, r#"{"priority":7}"#);
    let links: Vec<_> = sim.state().requests().into_iter().filter(|r| r.path.contains("-links")).collect();
    assert_eq!(links.len(), 1);
    assert!(links[0].body.starts_with("[\"") && links[0].body.ends_with("\"]"), "a JSON array of ids");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn marking_three_rows_and_closing_closes_exactly_those_three() {
    let rt = runtime();
    let sim = rt.block_on(sim(80));
    let order = prepare(&sim, 5);
    let closed_before =
        sim.state().read(|db| db.conversations.iter().filter(|c| c.status == SimStatus::Closed).count());
    let mut tty = console(&sim);
    tty.wait_for("80 of 80", WAIT);
    tty.send("x");
    tty.send("x");
    tty.send("j");
    tty.send(" ");
    tty.wait_for("3 marked", WAIT);
    tty.send("s");
    tty.send("closed");
    tty.send("\r");
    let targets = [order[0], order[1], order[3]];
    on_server(&sim, "three closed", |db| targets.iter().all(|&i| db.conversations[i].status == SimStatus::Closed));
    tty.wait_for("3 tickets · status closed", WAIT);
    sim.state().read(|db| {
        assert_eq!(db.conversations[order[2]].status, SimStatus::Open, "the skipped row is untouched");
        assert_eq!(db.conversations[order[4]].status, SimStatus::Open);
        assert_eq!(db.conversations.iter().filter(|c| c.status == SimStatus::Closed).count(), closed_before + 3);
    });
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn a_failed_patch_reverts_the_row_and_says_why_then_undo_restores() {
    let rt = runtime();
    let sim = rt.block_on(sim(50));
    let order = prepare(&sim, 2);
    let number = sim.state().read(|db| db.conversations[order[0]].friendly_id);
    let mut tty = console(&sim);
    tty.wait_for("50 of 50", WAIT);
    sim.state().set_faults(Faults {
        // Not one of the statuses that pass (a 500 or a 503 queues the change: below).
        rules: vec![FaultRule::new(Some("PATCH"), None, Fault::Status { status: 501 })],
        ..Faults::default()
    });
    tty.send("s");
    tty.send("closed");
    tty.send("\r");
    let screen = tty.wait_for(&format!("#{number}: server error 501"), WAIT);
    assert!(
        screen.contains(&format!("● #{number} ")) && !screen.contains(&format!("✓ #{number} ")),
        "the row shows open again:\n{screen}"
    );
    assert_eq!(sim.state().read(|db| db.conversations[order[0]].status), SimStatus::Open);

    // The server works again: close, then undo on the server.
    sim.state().set_faults(Faults::default());
    tty.send("s");
    tty.send("closed");
    tty.send("\r");
    on_server(&sim, "closed", |db| db.conversations[order[0]].status == SimStatus::Closed);
    tty.wait_for("u undoes", WAIT);
    tty.send("u");
    on_server(&sim, "open again after undo", |db| db.conversations[order[0]].status == SimStatus::Open);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}
