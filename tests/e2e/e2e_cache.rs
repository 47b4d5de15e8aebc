//! The offline cache with the real binary: a warm start fetches only what changed, an
//! offline start shows what was cached (customers too), opens the pickers (the outbox takes
//! the change), and searches message bodies; the background sync brings in changes made
//! elsewhere; a damaged cache or row is repaired from the server.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::Simulator;

/// Wide enough for the customer sidebar (its cached copy is part of what is tested).
fn console(home: &std::path::Path, url: &str) -> Tty {
    Tty::spawn_in(home, &[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url)], 200, 36)
}

fn inbox_lists(sim: &Simulator) -> Vec<String> {
    sim.state()
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/conversations/list") && !r.body.contains(r#""field":"customerId""#))
        .map(|r| r.body)
        .collect()
}

/// The one cache file in a home's cache directory.
fn cache_file(caches: &std::path::Path) -> std::path::PathBuf {
    std::fs::read_dir(caches)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "sqlite"))
        .expect("the cache file")
}

#[test]
fn a_warm_start_fetches_only_what_changed() {
    let rt = runtime();
    let sim = rt.block_on(sim(300));
    let home = filled_home(&sim, "300");
    sim.state().clear_requests();
    let mut again = console(&home, &sim.unthread_url());
    again.wait_for("300 of 300", WAIT);
    // The status bar is the last row of a frame: until it is on screen, its absence of
    // "cached · syncing" says nothing.
    eventually("the sync finishes", || {
        let screen = again.screen();
        screen.contains("Unthread · ") && !screen.contains("cached · syncing")
    });
    // The count check leaves when the sync ends, on the worker: it may reach the server a
    // moment after the frame that says the sync is over.
    eventually("the count is checked", || inbox_lists(&sim).len() >= 2);
    again.send("q");
    assert!(again.wait_exit(WAIT).success());
    let lists = inbox_lists(&sim);
    assert_eq!(lists.len(), 2, "a warm start asks only for what changed, and checks the count: {lists:?}");
    assert!(lists[0].contains(r#""operator":">=""#) && lists[0].contains("updatedAt"));
    assert!(lists[1].starts_with(r#"{"select":["id"]"#), "one page of ids, whose count agrees: {lists:?}");
}

#[test]
fn offline_the_cache_is_shown_and_bodies_are_searchable() {
    let rt = runtime();
    let sim = rt.block_on(sim_on_a_fixed_port(options(120)));
    // A word that only a message body holds, in the conversation the console opens first.
    sim.state().write(|db| {
        let i = (0..db.conversations.len())
            .max_by_key(|&i| (db.conversations[i].updated_at, db.conversations[i].id.clone()))
            .unwrap();
        // The newest message: the one on screen when a thread opens.
        db.thread_mut(i).last_mut().unwrap().text.push_str(" The zanzibarquux module is failing.");
    });
    let url = sim.unthread_url();
    let home = tempfile::tempdir().unwrap().keep();
    let mut online = console(&home, &url);
    online.wait_for("zanzibarquux", WAIT);
    online.wait_for("reply SLA", WAIT);
    online.wait_whole("120", WAIT);
    online.send("q");
    assert!(online.wait_exit(WAIT).success());
    drop(sim);

    let mut offline = console(&home, &url);
    offline.wait_for("120 of 120", WAIT);
    let screen = offline.wait_for("cached · offline", std::time::Duration::from_secs(30));
    assert!(screen.contains("reply SLA"), "the customer as last seen, not an error:\n{screen}");
    // Changes are queued offline now (e2e_outbox): the picker opens.
    offline.send("s");
    offline.wait_for("Set status", WAIT);
    offline.send("\x1b");
    offline.send("/");
    offline.send("zanzibar");
    let screen = offline.wait_for("1 of 120", WAIT);
    assert!(screen.contains("zanzibarquux"), "the body's word finds its ticket, and the thread is cached:\n{screen}");
    offline.send("\x1b");
    offline.send("q");
    assert!(offline.wait_exit(WAIT).success());
}

#[test]
fn the_background_sync_brings_in_a_change_made_elsewhere_without_a_key() {
    let rt = runtime();
    let sim = rt.block_on(sim(200));
    let home = tempfile::tempdir().unwrap().keep();
    let config = home.join("triage.toml");
    std::fs::write(&config, "[sync]\nrefresh_secs = 1\n").unwrap();
    let url = sim.unthread_url();
    let env =
        [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str()), ("TRIAGE_CONFIG", config.to_str().unwrap())];
    let mut tty = Tty::spawn_in(&home, &[], &env, 120, 36);
    tty.wait_for("200 of 200", WAIT);
    // A teammate renames the oldest conversation in the web app.
    sim.state().write(|db| {
        let newest = db.conversations.iter().map(|c| c.updated_at).max().unwrap();
        let oldest = (0..db.conversations.len()).min_by_key(|&i| db.conversations[i].updated_at).unwrap();
        let c = &mut db.conversations[oldest];
        c.title = "Renamed by a teammate".into();
        c.updated_at = newest + jiff::SignedDuration::from_secs(1);
    });
    tty.wait_for("Renamed by a teammate", WAIT);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn a_truncated_cache_is_moved_aside_with_a_notice_and_rebuilt_from_the_server() {
    let rt = runtime();
    let sim = rt.block_on(sim(300));
    let home = filled_home(&sim, "300");
    let caches = home.join("data/triage/cache");
    let file = cache_file(&caches);
    // Everything into the main file first (the journal would otherwise hold the pages).
    rusqlite::Connection::open(&file).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 3]).unwrap();
    let mut again = console(&home, &sim.unthread_url());
    again.wait_for("300 of 300", WAIT);
    // Said in the first frames (a sync notice may follow it quickly): in what was written.
    let said = String::from_utf8_lossy(&again.raw()).contains("offline cache was damaged");
    assert!(said, "the repair was told");
    again.send("q");
    assert!(again.wait_exit(WAIT).success());
    let names: Vec<String> =
        std::fs::read_dir(&caches).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().any(|n| n.contains(".damaged-")), "the damaged file is kept aside: {names:?}");
    let (cache, repaired) = triage::store::cache::Cache::open_or_repair(&file).unwrap();
    assert!(repaired.is_none(), "the rebuilt cache is healthy");
    assert_eq!(cache.load_tickets(0, None).unwrap().len(), 300, "and full again");
}

#[test]
fn cached_rows_that_cannot_be_read_are_fetched_again_and_stored_whole() {
    let rt = runtime();
    let sim = rt.block_on(sim(400));
    let home = filled_home(&sim, "400");
    // Old tickets, which no sync brings again (nothing about them changes on the server): the
    // 300th newest is in the first screenful read before the first frame, the oldest in the
    // rest read after it.
    let by_age: Vec<(String, u64)> = sim.state().read(|db| {
        let mut all: Vec<_> = db.conversations.iter().map(|c| (c.updated_at, c.id.clone(), c.friendly_id)).collect();
        all.sort();
        all.into_iter().map(|(_, id, n)| (id, n)).collect()
    });
    let garbled = [by_age[0].clone(), by_age[by_age.len() - 300].clone()];
    let file = cache_file(&home.join("data/triage/cache"));
    let db = rusqlite::Connection::open(&file).unwrap();
    for (id, _) in &garbled {
        // A binary row cut short after its layout byte.
        assert_eq!(db.execute("UPDATE tickets SET row = x'01ff' WHERE id = ?1", [id]).unwrap(), 1);
    }
    drop(db);
    let mut again = console(&home, &sim.unthread_url());
    again.wait_for("400 of 400", WAIT);
    let stored_whole = || {
        let (tickets, _) = triage::store::cache::Cache::open(&file).unwrap().load_tickets_checked(0, None).unwrap();
        let whole = |(id, number): &(String, u64)| tickets.iter().any(|t| t.id.0 == *id && t.number == *number);
        garbled.iter().all(whole)
    };
    eventually("both re-fetched tickets are stored whole", stored_whole);
    again.send("q");
    assert!(again.wait_exit(WAIT).success());
    let (cache, _) = triage::store::cache::Cache::open_or_repair(&file).unwrap();
    let (tickets, unreadable) = cache.load_tickets_checked(0, None).unwrap();
    assert!(unreadable.is_empty(), "the rows were stored whole again");
    assert_eq!(tickets.len(), 400);
}

/// A disk that takes no more (a file size limit, as a full disk: every cache write fails):
/// the console says so and keeps working from memory.
#[test]
fn a_cache_that_cannot_be_written_is_said_and_the_console_works_on() {
    let rt = runtime();
    let sim = rt.block_on(sim(2_000));
    let home = tempfile::tempdir().unwrap().keep();
    let limited = home.join("limited.sh");
    let limit = std::env::var("TRIAGE_TEST_FSIZE_BLOCKS").unwrap_or_else(|_| "300".into());
    let script =
        format!("#!/bin/sh\ntrap '' XFSZ\nulimit -f {limit}\nexec '{}' \"$@\"\n", env!("CARGO_BIN_EXE_triage"));
    std::fs::write(&limited, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&limited, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let url = sim.unthread_url();
    let env = [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str())];
    let mut tty = Tty::spawn_program(&limited.to_string_lossy(), &home, &[], &env, (160, 40));
    let screen = tty.wait_for("working from memory", WAIT);
    assert!(screen.contains("cache: "), "{screen}");
    tty.wait_for("2,000 of 2,000", WAIT);
    tty.send("j");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}
