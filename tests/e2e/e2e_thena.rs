//! Thena in the console (read-only, timeline, metrics) and `triage export` from both
//! backends, re-read and matched against the simulator's dataset.

use std::collections::BTreeMap;

use crate::common::pty::Tty;
use crate::common::*;
use jiff::tz::TimeZone;

fn thena_env(sim: &triage::sim::Simulator) -> Vec<(&'static str, String)> {
    vec![("THENA_API_KEY", "thena-key".into()), ("THENA_BASE_URL", sim.thena_url())]
}

#[test]
fn the_console_on_thena_shows_requests_their_timeline_and_metrics_read_only() {
    let rt = runtime();
    let sim = rt.block_on(sim(300));
    let env = thena_env(&sim);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut tty = Tty::spawn(&["--backend", "thena", "--from", "2026-10-01", "--to", "2026-11-20"], &env, 130, 40);
    let expected = sim.state().read(|db| {
        db.conversations
            .iter()
            .filter(|c| c.created_at.to_zoned(TimeZone::UTC).date() >= "2026-10-01".parse().unwrap())
            .count()
    });
    let screen = tty.wait_for(&format!("{expected} of {expected}"), WAIT);
    // No reply clock and no snoozes in the export: no tabs, column or page that would be empty.
    let tabs = screen.lines().nth(1).unwrap_or_default();
    assert!(tabs.contains("All open") && !tabs.contains("Breaching") && !tabs.contains("Snoozed"), "{screen}");
    assert!(!screen.contains(" reply "), "no reply-clock column:\n{screen}");
    tty.wait_for("Thena · ", WAIT);
    tty.send("\r");
    let screen = tty.wait_for("details", WAIT);
    assert!(screen.contains("status ") && screen.contains("urgency"), "{screen}");
    tty.send("s");
    tty.wait_for("Thena's export is read-only", WAIT);
    // The range prompt narrows the export window from inside the console.
    tty.send("\x1b");
    tty.send("D");
    tty.send("2026-11-01..2026-11-10");
    tty.send("\r");
    let narrowed = sim.state().read(|db| {
        let (from, to) = ("2026-11-01".parse().unwrap(), "2026-11-10".parse().unwrap());
        db.conversations.iter().filter(|c| (from..=to).contains(&c.created_at.to_zoned(TimeZone::UTC).date())).count()
    });
    tty.wait_for(&format!("{narrowed} of {narrowed}"), WAIT);
    let exports = sim
        .state()
        .requests()
        .into_iter()
        .filter(|r| r.query.contains("start_date=2026-11-01&end_date=2026-11-10"))
        .count();
    assert_eq!(exports, 1, "one download for the new window");
    tty.send("2");
    let screen = tty.wait_for("Conversations created", WAIT);
    assert!(screen.chars().any(|c| ('▁'..='█').contains(&c)), "bars:\n{screen}");
    let screen = tty.wait_for(" ratings)", WAIT);
    assert!(screen.contains("CSAT") && screen.contains("% negative"), "CSAT and the sentiment split:\n{screen}");
    assert!(!screen.contains("reading the Thena export"), "the status line is clear once it is read:\n{screen}");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

/// Run `triage export` and read the CSV back: request_id → row.
fn export_csv(sim: &triage::sim::Simulator, backend: &str, from: &str, to: &str) -> BTreeMap<u64, csv::StringRecord> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let output = output_of(
        std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
            .args(["--backend", backend, "export", "--from", from, "--to", to, "--format", "csv", "--output"])
            .arg(&path)
            .env("UNTHREAD_API_KEY", "k")
            .env("UNTHREAD_BASE_URL", sim.unthread_url())
            .env("THENA_API_KEY", "k")
            .env("THENA_BASE_URL", sim.thena_url()),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut reader = csv::Reader::from_path(&path).unwrap();
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), triage::shell::export::COLUMNS.to_vec());
    reader.records().map(|r| r.unwrap()).map(|r| (r[0].parse().unwrap(), r)).collect()
}

#[test]
fn export_from_both_backends_matches_the_dataset() {
    let rt = runtime();
    let sim = rt.block_on(sim(900));
    let (from, to) = ("2026-10-15", "2026-11-01");
    let expected: BTreeMap<u64, (String, String, Vec<String>)> = sim.state().read(|db| {
        db.conversations
            .iter()
            .filter(|c| {
                (from.parse().unwrap()..=to.parse().unwrap()).contains(&c.created_at.to_zoned(TimeZone::UTC).date())
            })
            .map(|c| {
                (
                    c.friendly_id,
                    (
                        c.title.clone(),
                        db.customers[c.customer].name.clone(),
                        c.tags.iter().map(|&t| db.tags[t].name.clone()).collect(),
                    ),
                )
            })
            .collect()
    });
    assert!(expected.len() > 100);
    for backend in ["unthread", "thena"] {
        let rows = export_csv(&sim, backend, from, to);
        assert_eq!(
            rows.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{backend}: the same requests"
        );
        for (id, row) in &rows {
            let (title, customer, tags) = &expected[id];
            assert_eq!((&row[6], &row[4]), (title.as_str(), customer.as_str()), "{backend} #{id}");
            assert_eq!(
                row[24].split("; ").filter(|t| !t.is_empty()).collect::<Vec<_>>(),
                *tags,
                "{backend} #{id} tags"
            );
            assert!(row[1].parse::<jiff::Timestamp>().is_ok(), "{backend}: created_datetime is ISO-8601: {}", &row[1]);
        }
    }
}
