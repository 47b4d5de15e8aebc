//! Ticket work in the console, through the real loop against the simulator: keys in, the
//! server's state and the screen checked after each.

use crossterm::event::{KeyCode, KeyModifiers};
use triage::sim::work::{BUG, SEVERITY, SimFile, VERSION};

use crate::common::headless::drive;
use crate::common::*;

/// The inbox's first row (newest activity), made plain: no type, no files.
fn top(sim: &triage::sim::Simulator) -> (usize, u64) {
    sim.state().write(|db| {
        let i = (0..db.conversations.len()).max_by_key(|&i| (db.conversations[i].updated_at, i)).unwrap();
        db.conversations[i].work = Default::default();
        (i, db.conversations[i].friendly_id)
    })
}

#[tokio::test]
async fn a_type_with_required_fields_opens_a_form_whose_values_reach_the_server() {
    let sim = sim(20).await;
    let (i, number) = top(&sim);
    let fields = || {
        sim.state().read(|db| (db.conversations[i].work.ticket_type.clone(), db.conversations[i].work.fields.clone()))
    };
    let screen = drive(console_state((120, 36)), unthread_desk(&sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        console.wait_for(&format!("#{number} ")).await;
        console.key(KeyCode::Enter);
        console.type_text("Y");
        console.wait_for("Ticket type").await;
        console.type_text("bug");
        console.key(KeyCode::Enter);
        console.wait_for("Bug report needs").await;
        console.type_text("hi");
        console.key(KeyCode::Tab);
        console.wait_for("High").await;
        console.key(KeyCode::Enter);
        console.key(KeyCode::Enter);
        console.wait_for("Affected version is required").await;
        console.type_text("4.2.1");
        console.key(KeyCode::Enter);
        console.wait_gone("Bug report needs").await;
        until("the server holds the fields", || fields().1.len() == 2).await;
        console.wait_for("4.2.1").await
    })
    .await;
    let (ty, values) = fields();
    assert_eq!(ty.as_deref(), Some(BUG));
    assert_eq!((values[SEVERITY].as_str(), values[VERSION].as_str()), (Some("High"), Some("4.2.1")));
    assert!(screen.contains("Bug report · Severity High"), "the fields block:\n{screen}");
    assert!(screen.contains("Customer impact"), "High shows the conditional field:\n{screen}");
}

#[tokio::test]
async fn files_are_listed_and_downloaded_safely_under_a_hostile_name() {
    let sim = sim(20).await;
    let (i, number) = top(&sim);
    let bytes: Vec<u8> = b"export PS1=pwned\n".repeat(300);
    sim.state().write(|db| {
        let ts = db.thread(&db.conversations[i])[0].ts.clone();
        db.conversations[i].work.files.push(SimFile {
            id: "F0HOSTILE1".into(),
            name: "../../.bashrc".into(),
            mimetype: "text/plain".into(),
            size: bytes.len(),
            message_ts: ts,
            bytes: Some(std::sync::Arc::new(bytes.clone())),
        });
    });
    let home = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");
    std::fs::create_dir(&downloads).unwrap();
    let mut state = console_state((120, 36));
    state.work.download_dir = Some(downloads.clone());
    let screen = drive(state, unthread_desk(&sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        console.wait_for(&format!("#{number} ")).await;
        console.key(KeyCode::Enter);
        let listed = console.wait_for("files (1)").await;
        console.type_text("w");
        console.wait_for(":download").await;
        console.type_text("1");
        console.key(KeyCode::Enter);
        console.wait_for("saved").await;
        // Twice: the second never overwrites the first.
        console.type_text(":download 1");
        console.key(KeyCode::Enter);
        console.wait_for("bashrc (1)").await;
        listed
    })
    .await;
    assert!(screen.contains("bashrc") && screen.contains("5 KB · text/plain"), "{screen}");
    let mut saved: Vec<String> =
        std::fs::read_dir(&downloads).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    saved.sort();
    assert_eq!(saved, ["bashrc", "bashrc (1)"], "inside the directory, never hidden, never overwritten");
    assert_eq!(std::fs::read(downloads.join("bashrc")).unwrap(), bytes, "the bytes the server holds");
    assert!(!home.path().join(".bashrc").exists());
}

#[tokio::test]
async fn a_reply_takes_an_attached_file_and_the_knowledge_base_link() {
    let sim = sim(20).await;
    let (i, number) = top(&sim);
    // Ctrl-k asks with the ticket's title.
    sim.state().write(|db| db.conversations[i].title = "Password reset emails not arriving".into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trace.log");
    let bytes: Vec<u8> = (0..20_000u32).map(|n| (n % 250) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    let too_big = dir.path().join("huge.bin");
    std::fs::File::create(&too_big).unwrap().set_len(21 * 1024 * 1024).unwrap();
    let kb_screen = drive(console_state((160, 48)), unthread_desk(&sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        console.wait_for(&format!("#{number} ")).await;
        console.type_text("r");
        console.wait_for("Reply to").await;
        console.type_text("See ");
        console.chord(KeyCode::Char('k'), KeyModifiers::CONTROL);
        let kb = console.wait_for("1. ").await;
        console.key(KeyCode::Enter);
        console.wait_gone("Knowledge base:").await;
        console.chord(KeyCode::Char('o'), KeyModifiers::CONTROL);
        console.wait_for(":attach").await;
        console.type_text(&too_big.display().to_string());
        console.key(KeyCode::Enter);
        console.wait_for("at most 20 MB").await;
        console.chord(KeyCode::Char('o'), KeyModifiers::CONTROL);
        console.type_text(&path.display().to_string());
        console.key(KeyCode::Enter);
        console.wait_for("attached: trace.log").await;
        console.chord(KeyCode::Char('s'), KeyModifiers::CONTROL);
        console.wait_for("sent").await;
        kb
    })
    .await;
    assert!(kb_screen.contains("Knowledge base:") && kb_screen.contains("https://"), "{kb_screen}");
    let (files, text) = sim.state().read(|db| {
        let c = &db.conversations[i];
        (c.work.files.clone(), db.thread(c).last().unwrap().text.clone())
    });
    assert_eq!(files.len(), 1, "only the file within the limit went up");
    assert_eq!((files[0].name.as_str(), files[0].bytes()), ("trace.log", bytes));
    assert!(text.starts_with("See <https://"), "the article's link is in the reply: {text}");
}

#[tokio::test]
async fn the_new_conversation_form_opens_one_that_joins_the_inbox_at_once() {
    let sim = sim(20).await;
    let customer = sim.state().read(|db| db.customers[3].name.clone());
    let before = sim.state().read(|db| db.conversations.len());
    let screen = drive(console_state((120, 36)), unthread_desk(&sim), |mut console| async move {
        console.wait_for("20 of 20").await;
        console.type_text("N");
        console.wait_for("New conversation").await;
        console.wait_for("customers · Tab completes").await;
        console.type_text(&customer[..5]);
        console.key(KeyCode::Tab);
        console.wait_for(&customer).await;
        console.key(KeyCode::Enter);
        console.type_text("Webhooks stopped at noon");
        console.key(KeyCode::Enter);
        console.type_text("Since 12:00 nothing arrives.");
        for _ in 0..3 {
            console.key(KeyCode::Enter);
        }
        console.type_text("high");
        console.key(KeyCode::Enter);
        // A type with required fields adds them to the form instead of sending.
        console.type_text("bug");
        console.key(KeyCode::Tab);
        console.key(KeyCode::Enter);
        console.wait_for("needs Severity, Affected version").await;
        console.type_text("Low");
        console.key(KeyCode::Enter);
        console.type_text("3.9");
        console.key(KeyCode::Enter);
        console.wait_gone("New conversation").await;
        console.wait_for("opened").await
    })
    .await;
    let (count, last) = sim.state().read(|db| (db.conversations.len(), db.conversations.last().cloned().unwrap()));
    assert_eq!(count, before + 1, "exactly one was opened");
    assert_eq!(
        (last.title.as_str(), last.priority, last.work.ticket_type.as_deref()),
        ("Webhooks stopped at noon", Some(7), Some(BUG))
    );
    assert_eq!(last.work.fields[VERSION], "3.9");
    assert!(
        screen.contains(&format!("#{} ", last.friendly_id)) && screen.contains("Webhooks stopped at noon"),
        "{screen}"
    );
    assert!(screen.contains("21 of 21") && !screen.contains("on the server"), "the count grew with it:\n{screen}");
}

#[tokio::test]
async fn a_conversation_opened_outside_the_filter_does_not_join_it() {
    let sim = sim(20).await;
    // The filter: another customer's conversations.
    let (other, name) = sim.state().read(|db| (db.customers[0].id.clone(), db.customers[3].name.clone()));
    let shown = sim.state().read(|db| db.conversations.iter().filter(|c| db.customers[c.customer].id == other).count());
    let mut state = console_state((120, 36));
    let query = triage::desk::InboxQuery { customer: Some(other), ..Default::default() };
    state.inbox.query = query.clone();
    state.sync = triage::state::InboxSync::new(query);
    let screen = drive(state, unthread_desk(&sim), |mut console| async move {
        console.wait_for(&format!("{shown} of {shown}")).await;
        console.type_text("N");
        console.wait_for("customers · Tab completes").await;
        console.type_text(&name[..5]);
        console.key(KeyCode::Tab);
        console.key(KeyCode::Enter);
        console.type_text("Outside the filter");
        console.key(KeyCode::Enter);
        console.type_text("A body.");
        for _ in 0..5 {
            console.key(KeyCode::Enter);
        }
        console.wait_for("outside this filter").await
    })
    .await;
    assert!(screen.contains(&format!("{shown} of {shown}")), "the filter's count holds:\n{screen}");
    assert!(!screen.contains("Outside the filter") && !screen.contains("on the server"), "{screen}");
}
