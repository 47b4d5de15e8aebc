//! The first fill against a simulator with real latency: page by page (the sequential limit
//! of cursors) against the partitioned fill. `cargo bench --bench sync`; the size and the
//! latency come from TRIAGE_BENCH_CONVERSATIONS (default 20,000) and TRIAGE_BENCH_LATENCY_MS
//! (default 50), e.g. 100000 and 50 for the figure in the README.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use tokio::sync::mpsc;
use triage::api::Timeouts;
use triage::api::unthread::UnthreadClient;
use triage::command::action::Action;
use triage::desk::Desk;
use triage::desk::unthread::UnthreadDesk;
use triage::sim::{Faults, SimOptions, Simulator};
use triage::state::{AppState, Effect};
use triage::worker;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What one first fill took.
struct Fill {
    took: Duration,
    /// Inbox list requests.
    pages: usize,
    /// The most walks that ran at once.
    widest: usize,
    /// The latency the simulator's timer served, on average per request.
    served: Duration,
}

/// A first fill of the whole inbox, timed.
async fn first_fill(sim: &Simulator, partitions: bool) -> Fill {
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
    let requests = sim.state().requests();
    let pages = requests
        .iter()
        .filter(|r| r.path.ends_with("/conversations/list") && !r.body.contains(r#""field":"customerId""#))
        .count();
    let served = sim.state().latency_served() / requests.len().max(1) as u32;
    Fill { took, pages, widest: state.sync.pace.widest, served }
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
        let one = first_fill(&sim, false).await;
        let split = first_fill(&sim, true).await;
        report(conversations, latency, &one, &split);
    });
}

/// Each figure beside its goal (issue 18), and the ratio.
fn report(conversations: usize, latency: u64, one: &Fill, split: &Fill) {
    let (sequential, pages, partitioned, split_pages, widest) =
        (one.took, one.pages, split.took, split.pages, split.widest);
    let rtt = Duration::from_millis(latency);
    let limit = rtt * pages as u32;
    let cap = triage::desk::DEFAULT_PARTITIONS;
    // The timer's lateness is the simulator's way of serving latency, not work: a real
    // network's round trip does not wake up a millisecond late.
    let own = sequential.saturating_sub(one.served.max(rtt) * pages as u32) / pages as u32;
    let verdict = |ok: bool| if ok { "meets it" } else { "MISSES it" };
    println!("first fill of {conversations} conversations at {latency} ms per round trip");
    println!("  one-cursor limit (pages × round trip): {pages} × {latency} ms = {:.2} s", limit.as_secs_f64());
    let goal = limit.mul_f64(1.1);
    println!(
        "  one cursor:   {:.2} s ({pages} requests), goal ≤ 1.1 × limit = {:.2} s: {:.2}× the limit, {}",
        sequential.as_secs_f64(),
        goal.as_secs_f64(),
        sequential.as_secs_f64() / limit.as_secs_f64(),
        verdict(sequential <= goal)
    );
    println!(
        "    own work per page (client + simulator): {:.1} ms, goal ≤ 5 ms, {} (the timer served {:.2} ms a round trip)",
        own.as_secs_f64() * 1e3,
        verdict(own <= Duration::from_millis(5)),
        one.served.as_secs_f64() * 1e3
    );
    let split_goal = rtt.mul_f64(1.3 * pages as f64 / cap as f64);
    println!(
        "  partitioned:  {:.2} s ({split_pages} requests, up to {widest} at once, cap {cap}), goal ≤ 1.3 × (pages / {cap}) × round trip = {:.2} s, {}",
        partitioned.as_secs_f64(),
        split_goal.as_secs_f64(),
        verdict(partitioned <= split_goal)
    );
    println!(
        "    {:.3}× the one-cursor limit (goal at 100,000: ≤ 0.2×), {}",
        partitioned.as_secs_f64() / limit.as_secs_f64(),
        verdict(partitioned.as_secs_f64() <= 0.2 * limit.as_secs_f64())
    );
}
