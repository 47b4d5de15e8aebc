//! What an agent does to one ticket beyond triage (issue 16), through the loop against the
//! simulator: the server's state after each command, and what the screen says.

use crate::common::headless::drive;
use crate::common::*;

/// The conversation the inbox shows last (oldest activity), which nobody has opened.
fn oldest(sim: &triage::sim::Simulator) -> usize {
    sim.state().read(|db| (0..db.conversations.len()).min_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap())
}

#[tokio::test]
async fn a_word_of_an_unopened_tickets_first_message_is_found_by_search() {
    let sim = sim(30).await;
    let target = oldest(&sim);
    let (number, id) = sim.state().write(|db| {
        db.thread_mut(target)[0].text = "Our invoices show the word Quetzalcoatl twice".into();
        (db.conversations[target].friendly_id, db.conversations[target].id.clone())
    });
    let read_its_thread = || sim.state().requests().iter().any(|r| r.path.contains(&format!("{id}/messages")));
    let screen = drive(console_state((120, 36)), unthread_desk(&sim), |mut console| async move {
        console.wait_for("30 of 30").await;
        assert!(!read_its_thread(), "the oldest ticket is not under the cursor: its thread is unread");
        console.type_text("/quetzal");
        console.wait_for("1 of 30").await
    })
    .await;
    assert!(screen.contains(&format!("#{number} ")), "the ticket is the one row left:\n{screen}");
}
