//! The count never lies, with the real binary: a first fill killed half way resumes where it
//! stopped and ends with every conversation exactly once; caches of two workspaces on one
//! host, or of Unthread and Thena there, never mix.

use std::collections::HashSet;
use std::time::Duration;

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::{Faults, SimOptions, Simulator};

const LONG: Duration = Duration::from_secs(90);

fn unthread(home: &std::path::Path, sim: &Simulator) -> Tty {
    let url = sim.unthread_url();
    Tty::spawn_in(home, &[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str())], 120, 36)
}

fn thena_console(home: &std::path::Path, sim: &Simulator) -> Tty {
    let url = sim.thena_url();
    let env = [("THENA_API_KEY", "k"), ("THENA_BASE_URL", url.as_str())];
    Tty::spawn_in(home, &["--backend", "thena", "--from", "2020-01-01"], &env, 120, 36)
}

/// "loaded 2,300 of 20,000" in the status bar, as a number.
fn loaded(screen: &str) -> Option<u64> {
    let rest = &screen[screen.find("loaded ")? + "loaded ".len()..];
    rest.split(" of ").next()?.replace(',', "").parse().ok()
}

/// The cache files in a home directory.
fn caches(home: &std::path::Path) -> Vec<std::path::PathBuf> {
    let dir = home.join("data/triage/cache");
    let mut files: Vec<_> =
        std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "sqlite") && !p.to_string_lossy().contains(".foreign-"));
    files
}

/// The ids in the one live cache of a home directory.
fn cached_ids(home: &std::path::Path) -> HashSet<String> {
    let files = caches(home);
    assert_eq!(files.len(), 1, "one live cache: {files:?}");
    let tickets = triage::store::cache::Cache::open(&files[0]).unwrap().load_tickets(0, None).unwrap();
    tickets.into_iter().map(|t| t.id.0).collect()
}

fn server_ids(sim: &Simulator) -> HashSet<String> {
    sim.state().read(|db| db.conversations.iter().map(|c| c.id.clone()).collect())
}

fn quit(mut tty: Tty) {
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn a_fill_killed_half_way_resumes_and_ends_with_every_conversation_once() {
    let rt = runtime();
    let sim = rt.block_on(sim(20_000));
    let slow = Faults { latency_ms: 60, ..Faults::default() };
    sim.state().set_faults(slow);
    let home = tempfile::tempdir().unwrap().keep();
    let mut first = unthread(&home, &sim);
    let screen = first
        .wait_until(LONG, |s| loaded(s).is_some_and(|n| n >= 2_000))
        .unwrap_or_else(|s| panic!("the fill never got going:\n{s}"));
    first.kill_hard();
    let at_kill = loaded(&screen).unwrap();
    assert!(at_kill < 20_000, "killed half way: {at_kill}");

    sim.state().set_faults(Faults::default());
    sim.state().clear_requests();
    let again = unthread(&home, &sim);
    again.wait_whole("20,000", LONG);
    let lists = inbox_list_bodies(&sim);
    let ids_only = |b: &&serde_json::Value| b["select"] == serde_json::json!(["id"]);
    let fresh = lists.iter().filter(|b| b.get("cursor").is_none() && b["where"].as_array().is_none_or(Vec::is_empty));
    let fresh = fresh.filter(|b| !ids_only(b));
    assert_eq!(fresh.count(), 0, "no fill from the top again: it resumed");
    assert!(lists.len() < 200, "fewer pages than a whole fill: {}", lists.len());
    quit(again);

    let files = caches(&home);
    assert_eq!(files.len(), 1, "{files:?}");
    let cached = triage::store::cache::Cache::open(&files[0]).unwrap().load_tickets(0, None).unwrap();
    assert_eq!(cached.len(), 20_000, "every conversation exactly once");
    assert_eq!(cached_ids(&home), server_ids(&sim));
}

#[test]
fn two_workspaces_on_one_address_never_mix_in_either_order() {
    let rt = runtime();
    let (a, b) = (SimOptions { seed: 1, ..options(150) }, SimOptions { seed: 2, ..options(90) });
    for (first, second) in [(a.clone(), b.clone()), (b, a)] {
        let home = tempfile::tempdir().unwrap().keep();
        let sim = rt.block_on(sim_on_a_fixed_port(first.clone()));
        let addr = sim.addr();
        let tty = unthread(&home, &sim);
        tty.wait_for(&format!("{0} of {0}", first.conversations), WAIT);
        quit(tty);
        drop(sim);

        // Another workspace answers at the same address (same host, port and profile).
        let sim = rt.block_on(sim_at(second.clone(), addr));
        let tty = unthread(&home, &sim);
        let n = second.conversations;
        tty.wait_for("belonged to another workspace", WAIT);
        tty.wait_for(&format!("{n} of {n}"), WAIT);
        quit(tty);
        assert_eq!(cached_ids(&home), server_ids(&sim), "the cache holds this workspace's conversations, only");
        let aside = std::fs::read_dir(home.join("data/triage/cache")).unwrap();
        let aside = aside.filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".foreign-"));
        assert_eq!(aside.count(), 1, "the other workspace's cache is kept aside, not mixed");
    }
}

#[test]
fn unthread_and_thena_on_one_host_keep_their_own_caches() {
    let rt = runtime();
    let sim = rt.block_on(sim(150));
    let requests = rt.block_on(thena(&sim).export("2020-01-01".parse().unwrap(), None)).unwrap();
    let home = tempfile::tempdir().unwrap().keep();
    for round in 0..2 {
        let tty = unthread(&home, &sim);
        tty.wait_for("150 of 150", WAIT);
        quit(tty);
        let tty = thena_console(&home, &sim);
        let n = triage::ui::format::thousands(requests.len() as u64);
        let screen = tty.wait_for(&format!("{n} of {n}"), WAIT);
        let mixed = triage::ui::format::thousands(requests.len() as u64 + 150);
        assert!(!screen.contains(&mixed), "round {round}: no Unthread ticket in the Thena desk:\n{screen}");
        quit(tty);
    }
    assert_eq!(caches(&home).len(), 2, "one cache per backend");
}

#[test]
fn conversations_the_server_no_longer_holds_leave_a_warm_inbox_and_its_cache() {
    let rt = runtime();
    let sim = rt.block_on(sim(303));
    let home = tempfile::tempdir().unwrap().keep();
    let tty = unthread(&home, &sim);
    tty.wait_for("303 of 303", WAIT);
    quit(tty);
    // 183 conversations deleted or merged away on the server while the console was closed.
    sim.state().write(|db| {
        db.conversations.truncate(120);
        db.by_id.retain(|_, i| *i < 120);
        db.threads.retain(|i, _| *i < 120);
    });
    sim.state().clear_requests();
    let tty = unthread(&home, &sim);
    tty.wait_for("120 of 120", WAIT);
    let lists = inbox_list_bodies(&sim);
    let walked = lists.iter().filter(|b| b["select"] == serde_json::json!(["id"])).count();
    assert_eq!(walked, 2, "one id-only walk of two pages: {lists:?}");
    quit(tty);
    assert_eq!(cached_ids(&home), server_ids(&sim), "the cache forgot them too");
}
