//! Key press → screen changed, in a real pseudo-terminal, with `j` held while a first fill
//! runs (issue 18: p99 ≤ 16 ms). The release binary runs against an in-process simulator with
//! real latency; each `j` is timestamped when written and again when the screen first shows
//! another ticket selected (the thread pane's title names it). `cargo bench --bench keys`;
//! TRIAGE_BENCH_CONVERSATIONS (default 50,000) and TRIAGE_BENCH_LATENCY_MS (default 50).

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use triage::sim::{Faults, SimOptions, Simulator};

#[allow(dead_code)] // the memory bench reads what this one does not
mod pty;

const PRESSES: usize = 200;
/// A held key repeats about 30 times a second.
const REPEAT: Duration = Duration::from_millis(33);

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What the reader thread has seen: the selected ticket and when it last changed, and the
/// header's count ("1,200 of 50,000").
#[derive(Default)]
struct Seen {
    selected: Option<String>,
    changed_at: Option<Instant>,
    header: String,
}

/// The selected ticket as the thread pane's title shows it (`┌ #123 …`).
fn selected(screen: &vt100::Screen) -> Option<String> {
    let text = screen.contents();
    let at = text.find("┌ #")?;
    Some(text[at..].chars().skip(3).take_while(char::is_ascii_digit).collect())
}

fn main() {
    let conversations = env("TRIAGE_BENCH_CONVERSATIONS", 50_000) as usize;
    let latency = env("TRIAGE_BENCH_LATENCY_MS", 50);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let options = SimOptions {
        conversations,
        faults: Faults { latency_ms: latency, ..Faults::default() },
        ..SimOptions::default()
    };
    let sim = rt.block_on(Simulator::start(options, "127.0.0.1:0".parse().unwrap())).unwrap();
    let home = tempfile::tempdir().unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let watcher = seen.clone();
    let env = [("UNTHREAD_API_KEY", "bench".to_string()), ("UNTHREAD_BASE_URL", sim.unthread_url())];
    let console = pty::spawn(&[], &env, home.path(), move |screen| {
        let now = selected(screen);
        let mut seen = watcher.lock().unwrap();
        if now.is_some() && now != seen.selected {
            (seen.selected, seen.changed_at) = (now, Some(Instant::now()));
        }
        seen.header = screen.contents().lines().next().unwrap_or_default().to_string();
    });
    let mut writer = console.keys;
    let mut child = console.child;
    wait(&seen, |s| s.selected.is_some(), Duration::from_secs(60)).expect("the first screen");
    let header_before = seen.lock().unwrap().header.clone();
    let mut latencies = Vec::with_capacity(PRESSES);
    for _ in 0..PRESSES {
        let before = seen.lock().unwrap().selected.clone();
        let pressed = Instant::now();
        writer.write_all(b"j").unwrap();
        writer.flush().unwrap();
        if let Some(at) = wait(&seen, |s| s.selected != before, Duration::from_secs(2)) {
            latencies.push(at.saturating_duration_since(pressed));
        }
        std::thread::sleep(REPEAT.saturating_sub(pressed.elapsed()));
    }
    let header_after = seen.lock().unwrap().header.clone();
    let _ = writer.write_all(b"q");
    let _ = child.wait();
    report(&mut latencies, conversations, latency, &header_before, &header_after);
}

/// Poll until `done` holds; the time the selection last changed.
fn wait(seen: &Mutex<Seen>, done: impl Fn(&Seen) -> bool, timeout: Duration) -> Option<Instant> {
    let until = Instant::now() + timeout;
    while Instant::now() < until {
        {
            let seen = seen.lock().unwrap();
            if done(&seen) {
                return seen.changed_at;
            }
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    None
}

fn report(latencies: &mut [Duration], conversations: usize, latency: u64, before: &str, after: &str) {
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "`j` held ({PRESSES} presses, one per {} ms) during a first fill of {conversations} at {latency} ms RTT",
        REPEAT.as_millis()
    );
    println!("  the header when the presses began: {}", before.trim());
    println!("  the header when they ended:       {}", after.trim());
    let p99 = at(0.99);
    println!(
        "  key → screen changed: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} of {PRESSES} seen); goal p99 ≤ 16 ms, {}",
        ms(at(0.5)),
        ms(p99),
        ms(latencies[latencies.len() - 1]),
        latencies.len(),
        if p99 <= Duration::from_millis(16) && latencies.len() == PRESSES { "meets it" } else { "MISSES it" }
    );
}
