//! Resident memory of the real console with the whole inbox loaded (issue 18): a cold first
//! fill of 100,000 Unthread conversations, a warm start from the cache that fill left, and
//! Thena with 50,000 requests. The release binary runs in a pty against an in-process
//! simulator (whose own memory is this process's, not the console's); its VmRSS is read a
//! second after the header says everything is loaded, and again once it holds steady.
//! `cargo bench --bench memory`; the sizes come from TRIAGE_BENCH_CONVERSATIONS (default
//! 100,000) and TRIAGE_BENCH_THENA (default 50,000).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use triage::sim::{SimOptions, Simulator};

mod pty;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The header's "N of M" count, when it shows one.
fn count(header: &str) -> Option<(u64, u64)> {
    let number = |s: &str| s.replace(',', "").parse::<u64>().ok();
    let (before, after) = header.split_once(" of ")?;
    let loaded = number(before.rsplit(' ').next()?)?;
    let total = number(after.split(' ').next()?)?;
    Some((loaded, total))
}

/// Resident memory a second after the header shows everything loaded, and once settled
/// (the cache's writes done, what the load freed given back): the same within a megabyte
/// over three seconds, or after two minutes.
struct Resident {
    loaded: u64,
    settled: u64,
}

/// Run the console until its header shows all `expected` loaded; its resident memory
/// then and once settled, and the header.
fn loaded_rss(args: &[&str], env: &[(&str, String)], home: &std::path::Path, expected: u64) -> (Resident, String) {
    let header = Arc::new(Mutex::new(String::new()));
    let seen = header.clone();
    let console = pty::spawn(args, env, home, move |screen| {
        *seen.lock().unwrap() = screen.contents().lines().next().unwrap_or_default().to_string();
    });
    let until = Instant::now() + Duration::from_secs(600);
    while Instant::now() < until && count(&header.lock().unwrap()).is_none_or(|(n, _)| n < expected) {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(1));
    let (loaded, header) = (console.rss_mb(), header.lock().unwrap().trim().to_string());
    let (mut settled, mut steady_since, until) = (loaded, Instant::now(), Instant::now() + Duration::from_secs(120));
    while steady_since.elapsed() < Duration::from_secs(3) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(250));
        let now = console.rss_mb();
        if now.abs_diff(settled) > 1 {
            steady_since = Instant::now();
        }
        settled = now;
    }
    console.quit();
    (Resident { loaded, settled }, header)
}

/// One line of figures beside their goal.
fn say(what: &str, r: &Resident, goal: u64, header: &str) {
    let verdict = |mb: u64| if mb <= goal { "meets it" } else { "MISSES it" };
    println!(
        "{what}: {} MB resident once loaded ({}), {} MB once settled ({}); goal ≤ {goal} MB\n  {header}",
        r.loaded,
        verdict(r.loaded),
        r.settled,
        verdict(r.settled)
    );
}

fn main() {
    let conversations = env("TRIAGE_BENCH_CONVERSATIONS", 100_000);
    let requests = env("TRIAGE_BENCH_THENA", 50_000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let start = |n: usize| {
        let options = SimOptions { conversations: n, ..SimOptions::default() };
        rt.block_on(Simulator::start(options, "127.0.0.1:0".parse().unwrap())).unwrap()
    };
    let sim = start(conversations);
    let home = tempfile::tempdir().unwrap();
    let unthread = [("UNTHREAD_API_KEY", "bench".to_string()), ("UNTHREAD_BASE_URL", sim.unthread_url())];
    let (cold, header) = loaded_rss(&[], &unthread, home.path(), conversations as u64);
    say("Unthread, cold first fill", &cold, 80, &header);
    let (warm, header) = loaded_rss(&[], &unthread, home.path(), conversations as u64);
    say("Unthread, warm start from the cache", &warm, 80, &header);
    drop(sim);
    let sim = start(requests);
    let home = tempfile::tempdir().unwrap();
    let thena = [("THENA_API_KEY", "bench".to_string()), ("THENA_BASE_URL", sim.thena_url())];
    // Every request the simulator holds, not the default last 30 days.
    let args = ["--backend", "thena", "--from", "2000-01-01"];
    let (thena, header) = loaded_rss(&args, &thena, home.path(), requests as u64);
    say(&format!("Thena, {requests} requests in the simulator"), &thena, 120, &header);
}
