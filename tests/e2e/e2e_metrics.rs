//! The metrics screen and `triage stats` against the simulator, checked against counts
//! made here over its dataset.

use crate::common::pty::Tty;
use crate::common::*;
use jiff::ToSpan;
use jiff::tz::TimeZone;

/// Conversations created per UTC day from `start` to `end`, counted in the dataset.
fn created_per_day(sim: &triage::sim::Simulator, start: jiff::civil::Date, end: jiff::civil::Date) -> Vec<u64> {
    sim.state().read(|db| {
        let mut days = Vec::new();
        let mut d = start;
        while d <= end {
            days.push(
                db.conversations.iter().filter(|c| c.created_at.to_zoned(TimeZone::UTC).date() == d).count() as u64
            );
            d += 1.day();
        }
        days
    })
}

#[test]
fn the_metrics_screen_shows_bars_and_the_datasets_numbers() {
    let rt = runtime();
    let sim = rt.block_on(sim(600));
    let today = jiff::Timestamp::now().to_zoned(TimeZone::UTC).date();
    let total: u64 = created_per_day(&sim, today - 29.days(), today).iter().sum();
    let url = sim.unthread_url();
    let mut tty = Tty::spawn(&[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", &url)], 120, 40);
    tty.wait_for("600 of 600", WAIT);
    tty.send("2");
    let screen = tty.wait_for(&format!("total {}", triage::ui::format::thousands(total)), WAIT);
    assert!(screen.contains("Conversations created") && screen.contains("Mean first response"), "{screen}");
    assert!(screen.chars().any(|c| ('▁'..='█').contains(&c)), "sparkline bars:\n{screen}");
    tty.send("b");
    tty.wait_for("By assignee", WAIT);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn stats_json_equals_a_count_over_the_dataset() {
    let rt = runtime();
    let sim = rt.block_on(sim(700));
    let end: jiff::civil::Date = "2026-11-20".parse().unwrap();
    let output = output_of(
        std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
            .args(["stats", "--json", "--days", "30", "--end", "2026-11-20"])
            .env("UNTHREAD_API_KEY", "k")
            .env("UNTHREAD_BASE_URL", sim.unthread_url())
            .env("TZ", "UTC"),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let created = &doc["metrics"][0];
    assert_eq!(created["metric"], "totalCount");
    let expected = created_per_day(&sim, end - 29.days(), end);
    let values: Vec<u64> = created["values"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as u64).collect();
    assert_eq!(values, expected);
    assert_eq!(created["overall"].as_f64().unwrap() as u64, expected.iter().sum::<u64>());
    let resolved_expected = sim.state().read(|db| {
        db.conversations
            .iter()
            .filter_map(|c| c.closed_at)
            .filter(|t| ((end - 29.days())..=end).contains(&t.to_zoned(TimeZone::UTC).date()))
            .count() as f64
    });
    assert_eq!(doc["metrics"][1]["overall"].as_f64().unwrap(), resolved_expected);
    assert_eq!(doc["metrics"][2]["unit"], "seconds");
    let text = output_of(
        std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
            .args(["stats", "--end", "2026-11-20"])
            .env("UNTHREAD_API_KEY", "k")
            .env("UNTHREAD_BASE_URL", sim.unthread_url())
            .env("TZ", "UTC"),
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(&format!("total {}", triage::ui::format::thousands(expected.iter().sum()))), "{text}");
}

/// `triage stats` with the home a console used (its cache), and the key and server given.
fn stats_line(home: &std::path::Path, url: &str, args: &[&str]) -> std::process::Output {
    output_of(
        std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
            .arg("stats")
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("TZ", "UTC")
            .env("UNTHREAD_API_KEY", "k")
            .env("UNTHREAD_BASE_URL", url),
    )
}

const LINE: &str = "{open}|{in_progress}|{on_hold}|{active}|{unassigned}|{created_today}|{resolved_today}|{sla}";

fn parse_line(out: &std::process::Output) -> Vec<String> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap().trim_end().split('|').map(String::from).collect()
}

#[test]
fn stats_format_prints_the_datasets_counts_from_the_server_then_from_the_cache_offline() {
    use triage::sim::model::SimStatus;
    let rt = runtime();
    let sim = rt.block_on(sim(250));
    let url = sim.unthread_url();
    let home = tempfile::tempdir().unwrap().keep();
    let today = jiff::Timestamp::now().to_zoned(TimeZone::UTC).date();
    let expected = sim.state().read(|db| {
        let count = |f: &dyn Fn(&triage::sim::model::SimConversation) -> bool| {
            db.conversations.iter().filter(|c| f(c)).count().to_string()
        };
        let on_today = |t: jiff::Timestamp| t.to_zoned(TimeZone::UTC).date() == today;
        vec![
            count(&|c| c.status == SimStatus::Open),
            count(&|c| c.status == SimStatus::InProgress),
            count(&|c| c.status == SimStatus::OnHold),
            count(&|c| c.status != SimStatus::Closed),
            count(&|c| c.status != SimStatus::Closed && c.assignee.is_none()),
            count(&|c| on_today(c.created_at)),
            count(&|c| c.status == SimStatus::Closed && c.closed_at.is_some_and(on_today)),
        ]
    });
    let from_server = parse_line(&stats_line(&home, &url, &["--format", LINE]));
    assert_eq!(from_server[..7], expected[..], "counted from the server");
    let sla: f64 = from_server[7].parse().expect("a percent");
    assert!((0.0..=100.0).contains(&sla));

    // A console fills the cache and leaves its glance; then the server goes away.
    let mut tty = Tty::spawn_in(&home, &[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", &url)], 120, 40);
    tty.wait_whole("250", WAIT);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    drop(sim);
    let from_cache = stats_line(&home, &url, &["--format", LINE, "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&from_cache.stdout).unwrap_or_else(|_| {
        panic!("JSON from the cache: {}", String::from_utf8_lossy(&from_cache.stderr));
    });
    assert_eq!(doc["source"], "cache", "no network needed");
    assert_eq!(doc["open"].to_string(), expected[0]);
    assert_eq!(doc["unassigned"].to_string(), expected[4]);
    assert_eq!(doc["line"].as_str().unwrap().split('|').map(String::from).collect::<Vec<_>>(), from_server);
    // Asked to refresh, it goes to the server, which is down: an error, not stale numbers.
    assert!(!stats_line(&home, &url, &["--format", LINE, "--refresh"]).status.success());
    // An unknown placeholder names the valid ones (exit 2), before anything is read.
    let wrong = stats_line(&home, &url, &["--format", "{opne}"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("{open}"));
}
