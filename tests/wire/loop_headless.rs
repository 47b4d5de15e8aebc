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
    state.settings.offline_retry = std::time::Duration::from_millis(200);
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

#[tokio::test]
async fn the_command_line_runs_commands_completes_and_three_undos_restore_the_server() {
    let sim = sim(30).await;
    let top = sim.state().write(|db| {
        let top = (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap();
        let c = &mut db.conversations[top];
        (c.status, c.closed_at, c.priority, c.assignee) = (SimStatus::Open, None, Some(3), None);
        top
    });
    let maria = sim.state().read(|db| db.user_by_email("maria@acme.dev").unwrap());
    let server = || {
        sim.state()
            .read(|db| (db.conversations[top].status, db.conversations[top].priority, db.conversations[top].assignee))
    };
    drive(console_state((120, 36)), unthread_desk(&sim), |mut console| async move {
        console.wait_for("30 of 30").await;
        // A mistyped command says what was meant and sends nothing.
        console.type_text(":stauts closed");
        console.key(KeyCode::Enter);
        console.wait_for("did you mean status?").await;
        // Tab completes the command's name, then its argument.
        console.type_text(":cl");
        console.key(KeyCode::Tab);
        console.wait_for(":close").await;
        console.key(KeyCode::Enter);
        until("closed on the server", || server().0 == SimStatus::Closed).await;
        console.type_text(":prio crit");
        console.key(KeyCode::Tab);
        console.wait_for(":prio critical").await;
        console.key(KeyCode::Enter);
        until("critical on the server", || server().1 == Some(9)).await;
        console.type_text(":assign me");
        console.key(KeyCode::Enter);
        until("assigned to me on the server", || server().2 == Some(maria)).await;
        // History: ↑ brings back the last line.
        console.type_text(":");
        console.key(KeyCode::Up);
        console.wait_for(":assign me").await;
        console.key(KeyCode::Esc);
        for _ in 0..3 {
            console.wait_gone("undoing").await;
            console.type_text("u");
            console.wait_for("undoing").await;
        }
        until("all three undone on the server", || server() == (SimStatus::Open, Some(3), None)).await;
    })
    .await;
}

#[tokio::test]
async fn undo_refuses_to_clobber_an_edit_made_on_the_server_since() {
    let sim = sim(20).await;
    let top = sim.state().write(|db| {
        let top = (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap();
        (db.conversations[top].status, db.conversations[top].closed_at) = (SimStatus::Open, None);
        top
    });
    let status = || sim.state().read(|db| db.conversations[top].status);
    let sim = &sim;
    drive(console_state((120, 36)), unthread_desk(sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        console.type_text(":close");
        console.key(KeyCode::Enter);
        until("closed on the server", || status() == SimStatus::Closed).await;
        console.wait_for("u undoes").await;
        // Someone else puts it on hold; the sync brings that in.
        sim.state().write(|db| {
            let c = &mut db.conversations[top];
            c.status = SimStatus::OnHold;
            c.updated_at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(5);
        });
        console.type_text("R");
        console.wait_for("1 updated").await;
        console.type_text("u");
        console.wait_for("changed on the server since").await;
    })
    .await;
    assert_eq!(status(), SimStatus::OnHold, "their edit stands");
}

#[tokio::test]
async fn a_key_bound_to_a_command_with_arguments_runs_it() {
    let sim = sim(20).await;
    let top = sim.state().write(|db| {
        let top = (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap();
        db.conversations[top].priority = None;
        top
    });
    let mut keymap = triage::state::keymap::Keymap::default();
    let table = [("Z".to_string(), "priority critical".to_string())].into_iter().collect();
    triage::state::keymap::apply_keys(&mut keymap, &[("inbox".to_string(), table)].into_iter().collect()).unwrap();
    let sim = &sim;
    crate::common::headless::drive_with_keys(
        console_state((120, 36)),
        keymap,
        unthread_desk(sim),
        |mut console| async move {
            console.wait_for("20 of 20").await;
            console.type_text("Z");
            until("critical on the server", || sim.state().read(|db| db.conversations[top].priority == Some(9))).await;
            console.type_text("?");
            console.wait_for(":priority critical").await;
        },
    )
    .await;
}

#[tokio::test]
async fn a_bare_tag_on_the_command_line_toggles_it_on_each_marked_ticket() {
    let sim = sim(20).await;
    let bug = sim.state().read(|db| db.tags.iter().position(|t| t.name == "Bug").unwrap());
    // The two newest rows: the first has Bug, the second has not.
    let (first, second) = sim.state().write(|db| {
        let mut order: Vec<usize> = (0..db.conversations.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse((db.conversations[i].updated_at, db.conversations[i].id.clone())));
        let (first, second) = (order[0], order[1]);
        db.conversations[first].tags.retain(|t| *t != bug);
        db.conversations[first].tags.push(bug);
        db.conversations[second].tags.retain(|t| *t != bug);
        (first, second)
    });
    let has_bug = |i: usize| sim.state().read(|db| db.conversations[i].tags.contains(&bug));
    let sim = &sim;
    drive(console_state((120, 36)), unthread_desk(sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        // Space marks and moves down: two presses mark the two rows.
        console.type_text("  ");
        console.type_text(":tag bug");
        console.key(KeyCode::Enter);
        until("Bug toggled on both", || !has_bug(first) && has_bug(second)).await;
    })
    .await;
}

#[tokio::test]
async fn reply_with_text_on_the_command_line_sends_it_once() {
    let sim = sim(20).await;
    let top = sim
        .state()
        .read(|db| (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap());
    let sent = || {
        sim.state()
            .read(|db| db.thread(&db.conversations[top]).iter().filter(|m| m.text.contains("On it, Pepper")).count())
    };
    let sim_ref = &sim;
    drive(console_state((120, 36)), unthread_desk(sim_ref), |mut console| async move {
        console.wait_for("20 of 20").await;
        console.type_text(":reply On it, Pepper");
        console.key(KeyCode::Enter);
        until("the reply on the server", || sent() == 1).await;
        console.wait_for("reply sent").await;
    })
    .await;
    assert_eq!(sent(), 1, "sent once");
}

#[tokio::test]
async fn a_bare_command_opens_its_picker_and_console_commands_run_from_the_line() {
    let sim = sim(20).await;
    let top = sim.state().write(|db| {
        let top = (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap();
        db.conversations[top].status = SimStatus::Open;
        top
    });
    let on_hold = || sim.state().read(|db| db.conversations[top].status == SimStatus::OnHold);
    let screen = drive(console_state((120, 36)), unthread_desk(&sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        // `:status` without a value is the `s` picker; its choice runs `status on_hold`.
        console.type_text(":status");
        console.key(KeyCode::Enter);
        console.wait_for("Set status").await;
        console.type_text("hold");
        console.key(KeyCode::Enter);
        until("the server holds on hold", on_hold).await;
        console.type_text(":metrics");
        console.key(KeyCode::Enter);
        console.wait_for("Conversations created").await;
        console.type_text(":inbox");
        console.key(KeyCode::Enter);
        console.wait_gone("Conversations created").await
    })
    .await;
    assert!(screen.contains("20 of 20"), "back on the inbox:\n{screen}");
}

#[tokio::test]
async fn t_in_the_thread_edits_the_title_in_place() {
    let sim = sim(20).await;
    let top = sim
        .state()
        .read(|db| (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap());
    let title = || sim.state().read(|db| db.conversations[top].title.clone());
    let old = title();
    let screen = drive(console_state((120, 36)), unthread_desk(&sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        console.key(KeyCode::Enter);
        console.type_text("T");
        console.wait_for(&format!(":title {old}")).await;
        console.chord(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
        console.type_text("title Renamed from the thread");
        console.key(KeyCode::Enter);
        console.wait_for("Renamed from the thread").await
    })
    .await;
    assert_eq!(title(), "Renamed from the thread", "the server holds the new title:\n{screen}");
}

#[tokio::test]
async fn f_follows_the_ticket_and_the_sidebar_names_the_followers() {
    let sim = sim(20).await;
    let top = sim
        .state()
        .read(|db| (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap());
    let maria = sim.state().read(|db| db.user_by_email("maria@acme.dev").unwrap());
    let sim = &sim;
    let screen = drive(console_state((220, 50)), unthread_desk(sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        console.type_text("F");
        until("Maria follows on the server", || sim.state().read(|db| db.conversations[top].followers == [maria]))
            .await;
        console.wait_for("followers: Maria Garcia").await;
        console.wait_for("followed by Maria Garcia").await
    })
    .await;
    assert!(screen.contains("followers: Maria Garcia"), "{screen}");
}
