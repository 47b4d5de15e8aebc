//! Cache budgets (issue 18): a full-text query over 100,000 cached tickets and 1,000,000
//! cached messages (≤ 5 ms), the start-up from a warm cache to the first inbox frame (≤ 10 ms)
//! and to the whole inbox (≤ 150 ms), and the resident memory with 100,000 tickets loaded
//! (≤ 80 MB, printed before the benches run). `cargo bench --bench cache`.

use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use triage::command::action::Action;
use triage::console::run::FIRST_SCREENFUL;
use triage::desk::*;
use triage::state::AppState;
use triage::state::keymap::Keymap;
use triage::store::cache::{Cache, SEARCH_HITS};
use triage::ui::{self, UiState};

mod common;
#[path = "common/rss.rs"]
mod rss;
use rss::rss_kb;

const N: usize = 100_000;

fn main() {
    if let Ok(path) = std::env::var(RSS_CHILD) {
        // A fresh process, so the dataset generated for the cache is not counted.
        let state = whole_cache(std::path::Path::new(&path));
        println!(
            "resident memory with {} tickets loaded from the cache: {} MB",
            state.inbox.tickets.len(),
            rss_kb() / 1024
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite");
    fill(&path);
    let child = std::process::Command::new(std::env::current_exe().unwrap()).env(RSS_CHILD, &path).output().unwrap();
    print!("{}", String::from_utf8_lossy(&child.stdout));
    PATH.set(path).unwrap();
    divan::main();
}

const RSS_CHILD: &str = "TRIAGE_BENCH_RSS_OF";

/// Where the benches find the cache (divan runs them after `main` filled it).
static PATH: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Messages cached per ticket: 1,000,000 in all.
const MESSAGES_PER_TICKET: usize = 10;

fn fill(path: &std::path::Path) {
    let started = std::time::Instant::now();
    let db = common::dataset(N);
    let tickets = common::tickets_of(&db);
    let mut cache = Cache::open(path).unwrap();
    for (chunk, at) in tickets.chunks(1000).zip((0..).step_by(1000)) {
        cache.save_tickets(chunk).unwrap();
        let threads: Vec<Vec<Message>> =
            (at..at + chunk.len()).map(|i| common::thread_of(&db, i, MESSAGES_PER_TICKET)).collect();
        cache.save_threads(chunk.iter().map(|t| &t.id).zip(threads.iter().map(Vec::as_slice))).unwrap();
    }
    println!(
        "cache filled with {} tickets and {} messages in {:.1} s",
        tickets.len(),
        tickets.len() * MESSAGES_PER_TICKET,
        started.elapsed().as_secs_f64()
    );
    // As a finished fill leaves it: the count the console makes room for.
    let ledger = Ledger { total: Some(tickets.len() as u64), complete: true, ..Ledger::default() };
    cache.save_ledger(&ledger).unwrap();
    drop(cache); // closing checkpoints the WAL into the file
    if let Ok(keep) = std::env::var("TRIAGE_BENCH_KEEP_CACHE") {
        std::fs::copy(path, keep).unwrap();
    }
}

/// What the console does before its first frame: open the cache, load a screenful, lay
/// out, draw.
fn warm_start(path: &std::path::Path) -> AppState {
    let cache = Cache::open(path).unwrap();
    let mut state = AppState::new("Unthread", "bench", CAPS, "2026-11-20T12:00:00Z".parse().unwrap());
    let tickets = cache.load_tickets(0, Some(FIRST_SCREENFUL)).unwrap();
    let ledger = cache.load_ledger().unwrap();
    let _ =
        state.update(Action::CacheLoaded(triage::command::action::Cached { tickets, ledger, ..Default::default() }));
    let _ = state.update(Action::Resize(160, 50));
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).unwrap();
    let mut ui = UiState::default();
    terminal
        .draw(|f| {
            let _ = ui::render(f, &state, &Keymap::default(), &mut ui);
        })
        .unwrap();
    state
}

/// The first frame and then the rest of the cache, as the console loads it: read and
/// decoded on the cache's thread, merged batch by batch on this one as they come.
fn whole_cache(path: &std::path::Path) -> AppState {
    let mut state = warm_start(path);
    let (send, batches) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let loader = scope.spawn(move || {
            let cache = Cache::open(path).unwrap();
            cache.load_batches(FIRST_SCREENFUL, None, |tickets, unreadable| {
                let _ = send.send(triage::worker::NetEvent::CacheRest { tickets, unreadable });
            })
        });
        for batch in batches {
            let _ = state.update(Action::Net(batch));
        }
        // A load that failed would time as a fast one.
        loader.join().unwrap().unwrap();
    });
    state
}

const CAPS: Capabilities =
    Capabilities { reply: true, mutate: true, reporting: true, partitions: true, clocks: true, live: true };

#[divan::bench(sample_count = 10)]
fn start_from_warm_cache_to_first_frame() {
    divan::black_box(warm_start(PATH.get().unwrap()));
}

/// The state is returned, so divan frees it after the timing: the agent waits for the whole
/// inbox, not for freeing it when the console quits.
#[divan::bench(sample_count = 10)]
fn then_the_whole_cache() -> AppState {
    whole_cache(PATH.get().unwrap())
}

#[divan::bench(args = ["we", "webhook", "sso l", "sso login", "invoice seats wrong"], sample_count = 100)]
fn full_text_query(bencher: Bencher, query: &str) {
    let cache = Cache::open(PATH.get().unwrap()).unwrap();
    bencher.bench_local(|| cache.search(query, SEARCH_HITS).unwrap());
}
