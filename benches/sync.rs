//! The first fill against a simulator with real latency: page by page (the sequential limit
//! of cursors) against the partitioned fill. `cargo bench --bench sync`; the size and the
//! latency come from TRIAGE_BENCH_CONVERSATIONS (default 20,000) and TRIAGE_BENCH_LATENCY_MS
//! (default 50), e.g. 100000 and 50 for the figure in the README.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use tokio::sync::mpsc;
use triage::api::Timeouts;
use triage::api::unthread::UnthreadClient;
use triage::app::action::Action;
use triage::app::state::{AppState, Effect};
use triage::desk::Desk;
use triage::desk::unthread::UnthreadDesk;
use triage::sim::{Faults, SimOptions, Simulator};
use triage::worker;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Time until the whole inbox is loaded, and how many inbox requests it took.
async fn first_fill(sim: &Simulator, partitions: bool) -> (Duration, usize) {
    sim.state().clear_requests();
    let client = UnthreadClient::new(&sim.unthread_url(), SecretString::from("bench"), Timeouts::default()).unwrap();
    let desk = UnthreadDesk::new(client);
    let mut caps = desk.capabilities();
    caps.partitions = partitions;
    let mut state = AppState::new("Unthread", "bench", caps, jiff::Timestamp::now());
    let _ = state.update(Action::Resize(160, 50));
    let (job_tx, job_rx) = mpsc::unbounded_channel();
    let (event_tx, mut events) = mpsc::unbounded_channel();
    let worker = worker::spawn(desk, None, job_rx, event_tx);
    let started = Instant::now();
    let send = |effects: Vec<Effect>| {
        for e in effects {
            if let Effect::Job(job) = e {
                let _ = job_tx.send(worker::Work::Net(job));
            }
        }
    };
    send(state.start());
    while !state.sync.complete() || state.sync.loading() {
        let Some(event) = events.recv().await else { break };
        send(state.update(Action::Net(event)).1);
    }
    let took = started.elapsed();
    worker.abort();
    let pages = sim
        .state()
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/conversations/list") && !r.body.contains(r#""field":"customerId""#))
        .count();
    (took, pages)
}

fn main() {
    let conversations = env("TRIAGE_BENCH_CONVERSATIONS", 20_000) as usize;
    let latency = env("TRIAGE_BENCH_LATENCY_MS", 50);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let options = SimOptions {
            conversations,
            faults: Faults { latency_ms: latency, ..Faults::default() },
            ..SimOptions::default()
        };
        let sim = Simulator::start(options, "127.0.0.1:0".parse().unwrap()).await.unwrap();
        let (sequential, pages) = first_fill(&sim, false).await;
        let (partitioned, partitioned_pages) = first_fill(&sim, true).await;
        let limit = Duration::from_millis(latency * pages as u64);
        println!("first fill of {conversations} conversations at {latency} ms per round trip");
        println!("  sequential limit (pages × round trip): {pages} × {latency} ms = {:.1} s", limit.as_secs_f64());
        println!("  page by page:  {:.2} s ({pages} requests)", sequential.as_secs_f64());
        println!(
            "  partitioned:   {:.2} s ({partitioned_pages} requests) — {:.2}× the sequential limit",
            partitioned.as_secs_f64(),
            partitioned.as_secs_f64() / limit.as_secs_f64()
        );
    });
}
