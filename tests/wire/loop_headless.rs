//! The event loop itself, headless: keys in, the simulator changed, the screen read back —
//! without a pty or the binary.

use crossterm::event::KeyCode;
use triage::sim::model::SimStatus;

use crate::common::headless::drive;
use crate::common::*;

#[tokio::test]
async fn keys_go_through_the_loop_to_the_server_and_back_to_the_screen() {
    let sim = sim(40).await;
    // The inbox's first row: the newest activity.
    let top = sim.state().write(|db| {
        let top = (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap();
        db.conversations[top].status = SimStatus::Open;
        db.conversations[top].closed_at = None;
        top
    });
    let number = sim.state().read(|db| db.conversations[top].friendly_id);
    let closed = || sim.state().read(|db| db.conversations[top].status == SimStatus::Closed);
    let screen = drive(console_state((120, 36)), unthread_desk(&sim), |mut console| async move {
        console.wait_for("40 of 40").await;
        console.wait_for(&format!("● #{number} ")).await;
        console.type_text("s");
        console.wait_for("Set status").await;
        console.type_text("closed");
        console.key(KeyCode::Enter);
        console.wait_gone("Set status").await;
        until("the server holds the change", closed).await;
        console.type_text("?");
        console.wait_for("Keys —").await;
        console.key(KeyCode::Esc);
        console.wait_gone("Keys —").await
    })
    .await;
    assert!(screen.contains(&format!("✓ #{number} ")), "the row says closed:\n{screen}");
}

#[tokio::test]
async fn offline_the_loop_retries_by_itself_after_the_injected_wait() {
    // A port nobody listens on, then a simulator on it: the console's own retry finds it.
    let addr = a_port_that_is_down();
    let url = format!("http://{addr}/api");
    let once = triage::api::retry::RetryPolicy { attempts: 1, ..Default::default() };
    let client = triage::api::unthread::UnthreadClient::new(&url, "k".to_string().into(), Default::default())
        .unwrap()
        .with_retry(once);
    let mut state = console_state((120, 36));
    state.offline_retry = std::time::Duration::from_millis(200);
    let requests = drive(state, triage::desk::unthread::UnthreadDesk::new(client), |mut console| async move {
        console.wait_for("offline").await;
        let sim = sim_at(options(12), addr).await;
        console.wait_for("12 of 12").await;
        console.wait_gone("offline").await;
        sim.state().requests().len()
    })
    .await;
    assert!(requests > 0);
}
