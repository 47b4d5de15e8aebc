//! Faults with the real binary: a message whose answer never came is checked, not resent; a
//! rate limit shows its wait; the console survives an outage and recovers by itself; a
//! draft that cannot be saved says so.

use std::time::Duration;

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::{Fault, FaultRule, Faults, Simulator};

fn console(sim_url: &str) -> Tty {
    Tty::spawn(
        &[],
        &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", sim_url), ("TRIAGE_ME", "maria@acme.dev")],
        120,
        36,
    )
}

#[test]
fn a_reply_whose_answer_was_lost_is_found_not_resent() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let mut tty = console(&sim.unthread_url());
    tty.wait_for("20 of 20", WAIT);
    // The server stores the message, then the connection drops before the answer.
    sim.state().set_faults(Faults {
        rules: vec![FaultRule::new(Some("POST"), Some("/messages$"), Fault::ResetAfter)],
        ..Faults::default()
    });
    tty.send("r");
    tty.send("Exactly once, please");
    tty.send("\x13");
    tty.wait_for("the message did arrive", WAIT);
    let posts = sim.state().requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/messages")).count();
    assert_eq!(posts, 1, "never resent on its own");
    let stored = sim.state().read(|db| {
        db.conversations
            .iter()
            .map(|c| db.thread(c).iter().filter(|m| m.text == "Exactly once, please").count())
            .sum::<usize>()
    });
    assert_eq!(stored, 1);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    assert_eq!(
        std::fs::read_dir(tty.home.join("data/triage/drafts")).map_or(0, |d| d.count()),
        0,
        "the draft is gone once the message is found"
    );
}

#[test]
fn a_rate_limit_shows_its_wait_and_the_keys_keep_working() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    sim.state().set_faults(Faults {
        rules: vec![
            FaultRule::new(
                Some("POST"),
                Some("/conversations/list"),
                Fault::RateLimited { retry_after_secs: 2, http_date: false },
            )
            .times(1),
        ],
        ..Faults::default()
    });
    let mut tty = console(&sim.unthread_url());
    tty.wait_for("retrying in 2s", WAIT);
    tty.send("?");
    tty.wait_for("Keys", WAIT);
    tty.send("\x1b");
    tty.wait_for("20 of 20", WAIT);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn an_outage_is_survived_and_recovered_from_without_a_storm() {
    let rt = runtime();
    // A free port below the ephemeral range, so no other test's simulator (bound to port 0)
    // can take it while this one is "down".
    let addr = a_port_that_is_down();
    let url = format!("http://{addr}/api");
    // The first wait is a second (not the default ten), so no test sleeps through it.
    let home = tempfile::tempdir().unwrap().keep();
    let config = home.join("config.toml");
    std::fs::write(&config, "[sync]\noffline_retry_secs = 1\n").unwrap();
    let env =
        [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str()), ("TRIAGE_CONFIG", config.to_str().unwrap())];
    let mut tty = Tty::spawn_in(&home, &[], &env, 120, 36);
    tty.wait_for("retry in", WAIT);
    tty.send("?");
    tty.wait_for("Keys", WAIT);
    tty.send("\x1b");
    // The network comes back: the console notices by itself.
    let sim = rt.block_on(Simulator::start(options(25), addr)).expect("the port is free again");
    // Bounded by the requests' own retries (a few seconds each) and the backoff reached so far.
    tty.wait_for("25 of 25", Duration::from_secs(60));
    // Inbox requests only (the sidebar asks for the customer's recent tickets too).
    let lists = sim
        .state()
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/conversations/list") && !r.body.contains(r#""field":"customerId""#))
        .count();
    // One fill: the newest page, the oldest ticket, four partitions. Not a storm.
    assert!(lists <= 6, "one retry, not a storm ({lists} list requests)");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn a_draft_that_cannot_be_saved_says_so_and_sending_still_works() {
    let rt = runtime();
    let sim = rt.block_on(sim(10));
    let home = tempfile::tempdir().unwrap().keep();
    // The drafts directory cannot be created: a file stands where it should be.
    std::fs::create_dir_all(home.join("data/triage")).unwrap();
    std::fs::write(home.join("data/triage/drafts"), "not a directory").unwrap();
    let url = sim.unthread_url();
    let mut tty = Tty::spawn_in(&home, &[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", &url)], 120, 36);
    tty.wait_for("10 of 10", WAIT);
    tty.send("r");
    tty.send("words at risk");
    tty.wait_for("could NOT be saved", WAIT);
    tty.send("\x13");
    tty.wait_for("reply sent", WAIT);
    let stored =
        sim.state().read(|db| db.conversations.iter().any(|c| db.thread(c).iter().any(|m| m.text == "words at risk")));
    assert!(stored);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}
