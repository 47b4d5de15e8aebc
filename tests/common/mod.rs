//! Shared by the integration tests: a simulator on 127.0.0.1:0 with a fixed clock.
#![allow(dead_code)]

use std::time::Duration;

use secrecy::SecretString;
use triage::api::Timeouts;
use triage::api::thena::ThenaClient;
use triage::api::unthread::UnthreadClient;
use triage::sim::{SimOptions, Simulator};

/// The dataset's "now" in tests, so numbers and snapshots never drift.
pub const ANCHOR: &str = "2026-11-20T12:00:00Z";

pub fn options(conversations: usize) -> SimOptions {
    SimOptions { conversations, anchor: Some(ANCHOR.parse().unwrap()), ..SimOptions::default() }
}

pub async fn sim(conversations: usize) -> Simulator {
    sim_with(options(conversations)).await
}

pub async fn sim_with(options: SimOptions) -> Simulator {
    Simulator::start(options, "127.0.0.1:0".parse().unwrap()).await.expect("the simulator starts")
}

/// A simulator on a port outside the ephemeral range (so a restart can take the same port
/// again without an outgoing connection holding it): tried one by one, never raced.
pub async fn sim_on_a_fixed_port(options: SimOptions) -> Simulator {
    loop {
        if let Ok(sim) = Simulator::start(options.clone(), next_fixed_port()).await {
            return sim;
        }
    }
}

/// The next address outside the ephemeral range, never handed out twice by one process.
fn next_fixed_port() -> std::net::SocketAddr {
    static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
    let base = 21_000 + (std::process::id() % 97) as u16 * 100;
    let port = base + NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 9_000;
    std::net::SocketAddr::from(([127, 0, 0, 1], port))
}

/// An address nobody listens on now, that no simulator on port 0 can take meanwhile: for
/// a server that is down, then comes up.
pub fn a_port_that_is_down() -> std::net::SocketAddr {
    std::iter::repeat_with(next_fixed_port).find(|a| std::net::TcpListener::bind(a).is_ok()).unwrap()
}

/// A simulator on `addr`, once the previous one there has let go of it.
pub async fn sim_at(options: SimOptions, addr: std::net::SocketAddr) -> Simulator {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        match Simulator::start(options.clone(), addr).await {
            Ok(sim) => return sim,
            Err(e) if std::time::Instant::now() > deadline => panic!("{addr} never came free: {e}"),
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    }
}

/// The bodies of the inbox's list requests the simulator received (not the sidebar's
/// customer lists, which use the same endpoint).
pub fn inbox_list_bodies(sim: &Simulator) -> Vec<serde_json::Value> {
    sim.state()
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/conversations/list") && !r.body.contains(r#""field":"customerId""#))
        .map(|r| serde_json::from_str(&r.body).expect("a JSON body"))
        .collect()
}

pub fn client(sim: &Simulator) -> UnthreadClient {
    client_with(sim, "test-key", Timeouts::default())
}

/// A client that does not retry, so each test sees the server's first answer.
pub fn client_with(sim: &Simulator, key: &str, timeouts: Timeouts) -> UnthreadClient {
    let once = triage::api::retry::RetryPolicy { attempts: 1, ..Default::default() };
    UnthreadClient::new(&sim.unthread_url(), SecretString::from(key), timeouts).unwrap().with_retry(once)
}

pub fn thena(sim: &Simulator) -> ThenaClient {
    ThenaClient::new(&sim.thena_url(), SecretString::from("thena-key"), Timeouts::default()).unwrap()
}

pub fn short_timeouts() -> Timeouts {
    Timeouts { connect: Duration::from_millis(500), request: Duration::from_millis(400) }
}

pub mod headless;
pub mod pty;

use std::collections::VecDeque;

use triage::command::action::Action;
use triage::desk::unthread::UnthreadDesk;
use triage::desk::{Capabilities, Desk};
use triage::state::{AppState, Effect};

pub fn unthread_desk(sim: &Simulator) -> UnthreadDesk {
    UnthreadDesk::new(client(sim))
}

/// A fresh console state at the dataset's clock, times shown in UTC.
pub fn console_state(size: (u16, u16)) -> AppState {
    let mut state = AppState::new(
        "Unthread",
        "test",
        Capabilities { reply: true, mutate: true, reporting: true, partitions: false, clocks: true, live: true },
        ANCHOR.parse().unwrap(),
    );
    state.settings.tz = jiff::tz::TimeZone::UTC;
    state.settings.me = Some("maria@acme.dev".into());
    let _ = state.update(Action::Resize(size.0, size.1));
    state
}

/// Carry out effects against the desk (as the worker would) until nothing is left.
pub async fn settle<D: Desk>(state: &mut AppState, desk: &D, effects: Vec<Effect>) {
    let mut queue = VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        // Without a cache, only the network's work has an answer.
        let Effect::Job(job) = effect else { continue };
        let event = triage::worker::execute(desk, job).await;
        let (_, more) = state.update(Action::Net(event));
        queue.extend(more);
    }
}

/// Apply an action and settle what it starts.
pub async fn act<D: Desk>(state: &mut AppState, desk: &D, action: Action) {
    let (_, effects) = state.update(action);
    settle(state, desk, effects).await;
}

/// How long an end-to-end test waits for the screen or the server.
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(15);

/// A runtime whose worker threads serve the simulator while the test thread drives a pty.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// Poll until `done` holds; panics naming `what` after [`WAIT`].
pub fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + WAIT;
    while !done() {
        assert!(std::time::Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
}

/// A console state with the simulator's inbox loaded (no network after this).
pub async fn loaded_console(conversations: usize, size: (u16, u16)) -> (Simulator, AppState) {
    let sim = sim(conversations).await;
    let desk = unthread_desk(&sim);
    let mut state = console_state(size);
    let effects = state.start();
    settle(&mut state, &desk, effects).await;
    (sim, state)
}

/// A reporter for a client, and what it heard.
pub fn listening() -> (triage::api::activity::Reporter, std::sync::mpsc::Receiver<triage::api::activity::Activity>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    (triage::api::activity::Reporter::new(move |a| drop(tx.lock().unwrap().send(a))), rx)
}

/// Await until `done` holds (without blocking the runtime); panics naming `what` after [`WAIT`].
pub async fn until(what: &str, done: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// A child of this test process inherits every descriptor open in it when it is forked —
/// another test's pty slave included, and that pty's output then never ends while the child
/// lives. So children start one at a time, and a pty's slave is closed before the next.
pub fn one_spawn_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static SPAWNING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SPAWNING.lock().unwrap_or_else(|e| e.into_inner())
}

/// `command` run to its end (stdin closed, stdout and stderr kept), started under
/// [`one_spawn_at_a_time`].
pub fn output_of(command: &mut std::process::Command) -> std::process::Output {
    use std::process::Stdio;
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = {
        let _one = one_spawn_at_a_time();
        command.spawn().unwrap()
    };
    child.wait_with_output().unwrap()
}

/// A home whose offline cache a first console filled with all `count` of the simulator's
/// conversations (then quit): for the tests of what a later start does with it.
pub fn filled_home(sim: &Simulator, count: &str) -> std::path::PathBuf {
    let home = tempfile::tempdir().unwrap().keep();
    let url = sim.unthread_url();
    let mut first = pty::Tty::spawn_in(&home, &[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", &url)], 160, 40);
    first.wait_whole(count, WAIT);
    first.send("q");
    assert!(first.wait_exit(WAIT).success());
    home
}

/// The conversation the console opens on: the most recently updated (the inbox's order).
pub fn top_of_inbox(db: &triage::sim::db::Db) -> &triage::sim::model::SimConversation {
    db.conversations.iter().max_by(|a, b| a.updated_at.cmp(&b.updated_at).then(a.id.cmp(&b.id))).unwrap()
}
