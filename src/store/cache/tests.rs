use super::*;
use crate::desk::{AuthorKind, Delivery};

fn ticket(n: u64, title: &str, minutes_ago: i64) -> Ticket {
    let at = jiff::Timestamp::from_second(1_795_000_000 - minutes_ago * 60).unwrap();
    Ticket {
        id: TicketId(format!("t{n}")),
        number: n,
        title: title.into(),
        summary: "a summary".into(),
        customer_id: Some("c".into()),
        customer_name: "Acme".into(),
        created_at: Some(at),
        updated_at: Some(at),
        source: "slack".into(),
        ..Ticket::default()
    }
}

#[test]
fn round_trip() {
    let mut cache = Cache::in_memory().unwrap();
    let tickets = vec![ticket(1, "Webhook deliveries failing", 5), ticket(2, "SSO loop", 10)];
    cache.save_tickets(&tickets).unwrap();
    let mut back = cache.load_tickets(0, None).unwrap();
    back.sort_by_key(|t| t.number);
    assert_eq!(back, tickets, "every ticket");
    assert_eq!(cache.load_tickets(0, Some(1)).unwrap(), [tickets[0].clone()], "the first screenful");
    assert_eq!(cache.load_tickets(1, None).unwrap(), [tickets[1].clone()], "and the rest after it");
    let message = Message {
        id: "1.1".into(),
        author: "Maria".into(),
        author_kind: AuthorKind::Agent,
        at: tickets[0].updated_at,
        body: "The TLS chain misses an intermediate certificate".into(),
        private_note: false,
        delivery: Delivery::Delivered,
        author_id: None,
        files: vec![],
    };
    cache.save_thread(&tickets[0].id, std::slice::from_ref(&message)).unwrap();
    assert_eq!(cache.load_thread(&tickets[0].id).unwrap(), Some(vec![message]));
    let agents = vec![Agent { id: "u".into(), name: "Maria".into(), email: "m@x.io".into(), slack_id: None }];
    cache.save_agents(&agents).unwrap();
    assert_eq!(cache.load_agents().unwrap(), agents);
    let customer = Customer {
        id: "c".into(),
        name: "Acme".into(),
        channel: Some("ext-acme".into()),
        primary_assignee_id: Some("u".into()),
        secondary_assignee_id: None,
        reply_timeout_minutes: Some(120.0),
        tags: vec!["Growth".into()],
        since: tickets[0].created_at,
        domains: vec!["acme.io".into()],
        stats: None,
    };
    cache.save_customer(&customer).unwrap();
    assert_eq!(cache.load_customer("c").unwrap(), Some(customer));
    assert_eq!(cache.load_customer("nobody").unwrap(), None);
}

#[test]
fn search_finds_titles_and_bodies_newest_first() {
    let mut cache = Cache::in_memory().unwrap();
    cache
        .save_tickets(&[
            ticket(1, "Webhook deliveries failing", 60),
            ticket(2, "Invoice seats", 5),
            ticket(3, "Webhook retries", 1),
        ])
        .unwrap();
    let ids = |v: Vec<TicketId>| v.into_iter().map(|t| t.0).collect::<Vec<_>>();
    assert_eq!(ids(cache.search("webhook", 10).unwrap()), ["t3", "t1"], "the newer first");
    assert_eq!(ids(cache.search("webhook", 1).unwrap()), ["t3"], "at most the limit");
    assert_eq!(ids(cache.search("webh", 10).unwrap()).len(), 2, "words are prefixes");
    let thread = [Message {
        id: "m".into(),
        author: "a".into(),
        author_kind: AuthorKind::Customer,
        at: None,
        body: "intermediate certificate missing".into(),
        private_note: false,
        delivery: Delivery::Delivered,
        author_id: None,
        files: vec![],
    }];
    cache.save_thread(&TicketId("t2".into()), &thread).unwrap();
    assert_eq!(ids(cache.search("certificate", 10).unwrap()), ["t2"], "message bodies are searched");
    // A re-saved ticket keeps its thread text in the index.
    cache.save_tickets(&[ticket(2, "Invoice seats (updated)", 1)]).unwrap();
    assert_eq!(ids(cache.search("certificate", 10).unwrap()), ["t2"]);
    assert_eq!(ids(cache.search("seats", 10).unwrap()), ["t2"], "a re-saved ticket is indexed once");
    assert_eq!(ids(cache.search("webhook deliv", 10).unwrap()), ["t1"], "the word being typed is a prefix");
    assert!(cache.search("  \"  ", 10).unwrap().is_empty());
    // A single letter matches nearly everything: it waits for the next one.
    assert!(cache.search("w", 10).unwrap().is_empty());
    assert_eq!(ids(cache.search("webhook d", 10).unwrap()), ["t3", "t1"]);
    assert!(cache.search("webh d", 10).unwrap().is_empty(), "a word left behind is whole, not a prefix");
    // Updated again, a ticket moves to the front.
    cache.save_tickets(&[ticket(1, "Webhook deliveries failing", 0)]).unwrap();
    assert_eq!(ids(cache.search("webhook", 10).unwrap()), ["t1", "t3"]);
}

#[test]
fn tickets_updated_in_the_same_microsecond_are_all_found_and_stay_found() {
    let mut cache = Cache::in_memory().unwrap();
    let same: Vec<Ticket> = (1..=5).map(|n| ticket(n, "Webhook storm", 3)).collect();
    cache.save_tickets(&same).unwrap();
    let found = |cache: &Cache| {
        let mut ids: Vec<String> = cache.search("storm", 10).unwrap().into_iter().map(|t| t.0).collect();
        ids.sort();
        ids
    };
    assert_eq!(found(&cache), ["t1", "t2", "t3", "t4", "t5"]);
    // Saving them again (same time, new title) replaces each one's entry, no other's.
    let renamed: Vec<Ticket> = (1..=5).rev().map(|n| ticket(n, "Webhook storm again", 3)).collect();
    cache.save_tickets(&renamed).unwrap();
    assert_eq!(found(&cache), ["t1", "t2", "t3", "t4", "t5"]);
    assert_eq!(cache.search("again", 10).unwrap().len(), 5, "indexed once each");
}

#[test]
fn a_first_message_is_searchable_offline_before_its_thread_is_opened() {
    let mut cache = Cache::in_memory().unwrap();
    let mut t = ticket(7, "Login trouble", 1);
    t.set_first_message("Our auditors flagged the Quetzalcoatl endpoint");
    cache.save_tickets(&[t, ticket(8, "Other", 2)]).unwrap();
    let found: Vec<String> = cache.search("quetzal", 10).unwrap().into_iter().map(|t| t.0).collect();
    assert_eq!(found, ["t7"]);
    let back = cache.load_tickets(0, Some(1)).unwrap();
    // Loaded back with it (a rename keeping it is the inbox's part: tests/pure/inbox_text.rs).
    assert_eq!(&*back[0].first_message, "our auditors flagged the quetzalcoatl endpoint");
}

#[test]
fn migrates_a_version_1_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema_v1_for_tests()).unwrap();
        let t = ticket(7, "From the old days", 3);
        conn.execute(
            "INSERT INTO tickets (id, updated, json) VALUES (?1, ?2, ?3)",
            params![t.id.0, 0, serde_json::to_string(&t).unwrap()],
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let cache = Cache::open(&path).unwrap();
    let version: i64 = cache.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(&*cache.load_tickets(0, None).unwrap()[0].title, "From the old days");
    assert_eq!(cache.search("old days", 5).unwrap(), vec![TicketId("t7".into())], "old tickets become searchable");
}

#[test]
fn a_version_4_cache_keeps_its_first_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.sqlite");
    {
        // Version 1's table, migrated through every version since (4's JSON included).
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema_v1_for_tests()).unwrap();
        // As version 4 wrote them: the first message inside the haystack, after a 0x1f.
        let old = |n: u64, haystack: &str| {
            let mut t = serde_json::to_value(ticket(n, "Login", 3)).unwrap();
            t.as_object_mut().unwrap().remove("first_message");
            t["haystack"] = haystack.into();
            t
        };
        let (old, bare) = (old(7, "login acme a summary #7\u{1f}our sso fails"), old(8, "login acme #8"));
        for t in [old, bare] {
            conn.execute(
                "INSERT INTO tickets (id, updated, json) VALUES (?1, 0, ?2)",
                params![t["id"].as_str(), t.to_string()],
            )
            .unwrap();
        }
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let cache = Cache::open(&path).unwrap();
    let mut back = cache.load_tickets(0, None).unwrap();
    back.sort_by_key(|t| t.number);
    let firsts: Vec<&str> = back.iter().map(|t| &*t.first_message).collect();
    assert_eq!(firsts, ["our sso fails", ""]);
    let json: i64 = cache
        .conn
        .query_row("SELECT COUNT(*) FROM pragma_table_info('tickets') WHERE name = 'json'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(json, 0, "the old copies are gone with the JSON (version 6)");
}

fn schema_v1_for_tests() -> &'static str {
    "CREATE TABLE tickets (id TEXT PRIMARY KEY, updated INTEGER NOT NULL, json TEXT NOT NULL);"
}

#[cfg(unix)]
#[test]
fn the_cache_is_readable_by_its_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("cache").join("acme.sqlite");
    let mut cache = Cache::open(&path).unwrap();
    cache.save_tickets(&[ticket(1, "Webhook deliveries failing", 5)]).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[test]
fn the_rest_of_a_large_cache_comes_in_batches_holding_every_ticket_once() {
    use super::decode::BATCH;
    let mut cache = Cache::in_memory().unwrap();
    let tickets: Vec<Ticket> = (0..2 * BATCH as u64 + 7).map(|n| ticket(n, "Webhook", n as i64)).collect();
    cache.save_tickets(&tickets).unwrap();
    let mut batches = Vec::new();
    cache.load_batches(3, None, |batch, unreadable| batches.push((batch.len(), unreadable.len()))).unwrap();
    assert_eq!(batches, [(BATCH, 0), (BATCH, 0), (4, 0)], "the first screenful (3) is not among them");
    let (rest, _) = cache.load_tickets_checked(3, None).unwrap();
    let numbers: Vec<u64> = rest.iter().map(|t| t.number).collect();
    // Ticket n was updated n minutes ago: newest first is by number.
    assert_eq!(numbers, (3..2 * BATCH as u64 + 7).collect::<Vec<_>>(), "newest first, after the screenful");
    cache.save_tickets(&[ticket(2 * BATCH as u64, "Webhook", -1)]).unwrap();
    assert_eq!(cache.load_tickets(0, Some(1)).unwrap()[0].number, 2 * BATCH as u64, "an update moves it first");
}

/// A cache written by the release before binary rows (schema 5, JSON rows): the console
/// against the simulator, 60 conversations filled, two threads opened, then quit
/// (`tests/fixtures/cache-v5.sqlite`). It opens, passes its check, and becomes binary with
/// every ticket as it was: nothing to fetch again.
#[test]
fn a_cache_of_the_json_release_migrates_without_a_refill() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cache-v5.sqlite");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    std::fs::copy(&fixture, &path).unwrap();
    let (old, old_opened): (Vec<Ticket>, Vec<(TicketId, jiff::Timestamp)>) = {
        let conn = Connection::open(&path).unwrap();
        let mut read = conn.prepare("SELECT json FROM tickets ORDER BY updated DESC, id").unwrap();
        let rows = read.query_map([], |r| r.get::<_, String>(0)).unwrap();
        let opened: String = conn.query_row("SELECT value FROM meta WHERE key = 'opened'", [], |r| r.get(0)).unwrap();
        (
            rows.map(|json| serde_json::from_str(&json.unwrap()).unwrap()).collect(),
            serde_json::from_str(&opened).unwrap(),
        )
    };
    let (cache, repaired) = Cache::open_or_repair(&path).unwrap();
    assert!(repaired.is_none(), "it passes the integrity check after the migration");
    let version: i64 = cache.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let (tickets, unreadable) = cache.load_tickets_checked(0, Some(1000)).unwrap();
    assert_eq!((tickets.len(), unreadable.len()), (60, 0));
    assert_eq!(tickets, old, "every field of every ticket, in the same order");
    assert!(old.iter().any(|t| !t.fields.is_empty()) && old.iter().any(|t| t.wake_at.is_some()));
    let ledger = cache.load_ledger().unwrap().expect("the ledger");
    assert!(ledger.complete && ledger.total == Some(60), "the fill stays done: {ledger:?}");
    let hit = &cache.search("slack channel", 5).unwrap()[0];
    assert!(tickets.iter().any(|t| &t.id == hit), "the full-text index still names cached tickets");
    let threads = tickets.iter().filter(|t| cache.load_thread(&t.id).unwrap().is_some()).count();
    assert_eq!(threads, 2);
    let mut opened = cache.load_opened().unwrap();
    opened.sort();
    let mut old_opened = old_opened;
    old_opened.sort();
    assert!(!old_opened.is_empty());
    assert_eq!(opened, old_opened, "when each ticket was opened (Unread), a row each now");
}

/// Two consoles started at once on a cache of the JSON release: one migrates, the other
/// waits for it and finds the work done — neither takes the other's half-done migration for
/// damage (which would move the cache, and the outbox in it, aside).
#[test]
fn two_opening_a_json_cache_at_once_both_find_it_migrated() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cache-v5.sqlite");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    std::fs::copy(&fixture, &path).unwrap();
    let barrier = std::sync::Barrier::new(2);
    let opened: Vec<_> = std::thread::scope(|s| {
        let open = || {
            barrier.wait();
            let (cache, repaired) = Cache::open_or_repair(&path).unwrap();
            (repaired, cache.load_tickets_checked(0, None).unwrap())
        };
        let (a, b) = (s.spawn(open), s.spawn(open));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    for (repaired, (tickets, unreadable)) in opened {
        assert!(repaired.is_none(), "not taken for damage");
        assert_eq!((tickets.len(), unreadable.len()), (60, 0));
    }
    let aside = std::fs::read_dir(dir.path()).unwrap().filter(|e| e.as_ref().unwrap().path() != path).count();
    assert!(aside <= 2, "only the WAL's own files beside it");
}

#[test]
fn an_opening_is_one_row_the_last_one_kept_and_gone_with_its_ticket() {
    let mut cache = Cache::in_memory().unwrap();
    let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let (a, b) = (TicketId("a".into()), TicketId("b".into()));
    cache.save_opened(&a, at("2026-12-01T09:00:00.123456789Z")).unwrap();
    cache.save_opened(&b, at("2026-12-01T09:30:00Z")).unwrap();
    cache.save_opened(&a, at("2026-12-01T10:00:00.000000001Z")).unwrap();
    let mut opened = cache.load_opened().unwrap();
    opened.sort();
    assert_eq!(opened, [(a.clone(), at("2026-12-01T10:00:00.000000001Z")), (b.clone(), at("2026-12-01T09:30:00Z"))]);
    cache.delete_tickets(std::slice::from_ref(&a)).unwrap();
    assert_eq!(cache.load_opened().unwrap(), [(b, at("2026-12-01T09:30:00Z"))]);
}
