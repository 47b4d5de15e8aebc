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
