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

use triage::api::unthread::Attachment;
use triage::desk::fields::{FieldValue, TypeRef};
use triage::desk::{Change, Desk, TicketId};
use triage::sim::work::{BUG, IMPACT, SEVERITY};

fn conversation_id(sim: &triage::sim::Simulator, i: usize) -> TicketId {
    TicketId(sim.state().read(|db| db.conversations[i].id.clone()))
}

#[tokio::test]
async fn types_fields_and_collaborators_land_on_the_server_and_bad_values_are_refused() {
    let sim = sim(12).await;
    let desk = unthread_desk(&sim);
    let catalog = desk.catalog().await.unwrap();
    let bug = catalog.types.iter().find(|t| t.name == "Bug report").expect("the bug type");
    assert_eq!(catalog.collaborator_types.len(), 2);
    let id = conversation_id(&sim, 3);
    let typed =
        desk.update_ticket(&id, &Change::Type(Some(TypeRef { id: BUG.into(), name: "Bug report".into() }))).await;
    assert_eq!(typed.unwrap().ticket_type_id.as_deref(), Some(BUG));
    let set = |field: &str, value: FieldValue| Change::Field {
        type_id: BUG.into(),
        field: field.into(),
        label: field.into(),
        value: Some(value),
    };
    desk.update_ticket(&id, &set(SEVERITY, FieldValue::Text("Blocker".into()))).await.unwrap();
    let after =
        desk.update_ticket(&id, &set(IMPACT, FieldValue::List(vec!["Billing".into(), "Login".into()]))).await.unwrap();
    let server = sim.state().read(|db| db.conversations[3].work.fields.clone());
    assert_eq!(server[SEVERITY], "Blocker", "the earlier field is kept: the whole map went back");
    assert_eq!(server[IMPACT], serde_json::json!(["Billing", "Login"]));
    assert_eq!(after.fields.get(IMPACT), Some(&FieldValue::List(vec!["Billing".into(), "Login".into()])));
    assert!(bug.visible(&after.fields).any(|f| f.label == "Blocker owner"), "a blocker shows its owner field");
    let refused = desk.update_ticket(&id, &set(SEVERITY, FieldValue::Text("Urgent".into()))).await.unwrap_err();
    assert!(refused.to_string().contains("Severity"), "{refused}");
    assert_eq!(sim.state().read(|db| db.conversations[3].work.fields[SEVERITY].clone()), "Blocker");

    let maria = sim.state().read(|db| db.users[0].id.clone());
    let eng = catalog.collaborator_types[0].id.clone();
    let t =
        desk.update_ticket(&id, &Change::Collaborator { type_id: eng.clone(), agent: maria.clone() }).await.unwrap();
    assert_eq!(t.collaborators, [(eng, maria)]);
    assert_eq!(sim.state().read(|db| db.conversations[3].work.collaborators.len()), 1);
}

#[tokio::test]
async fn files_come_down_byte_for_byte_and_go_up_with_a_reply() {
    let sim = sim(40).await;
    let desk = unthread_desk(&sim);
    let with_file = sim.state().read(|db| db.conversations.iter().position(|c| !c.work.files.is_empty())).unwrap();
    let id = conversation_id(&sim, with_file);
    let extras = desk.extras(&id).await.unwrap();
    let file = &extras.files[0];
    let (name, expected) = sim.state().read(|db| {
        (db.conversations[with_file].work.files[0].name.clone(), db.conversations[with_file].work.files[0].bytes())
    });
    assert_eq!(file.name, name);
    assert_eq!(file.size, Some(expected.len() as u64));
    assert_eq!(desk.file_bytes(&id, &file.id).await.unwrap(), expected);
    assert!(desk.file_bytes(&id, "F-NOPE").await.is_err());

    let bytes: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    let upload = Attachment { name: "trace.bin".into(), mime: "application/octet-stream".into(), bytes: bytes.clone() };
    let sent = desk.send_with_files(&id, "The trace you asked for", false, None, &[upload]).await.unwrap();
    assert!(sent.body.contains("trace you asked for"));
    let stored = sim.state().read(|db| {
        let f = db.conversations[with_file].work.files.iter().find(|f| f.name == "trace.bin").cloned().unwrap();
        (f.bytes(), f.mimetype)
    });
    assert_eq!(stored, (bytes, "application/octet-stream".to_string()), "the server holds the bytes sent");
}

#[tokio::test]
async fn approvals_are_asked_for_and_listed_and_the_knowledge_base_answers() {
    let sim = sim(12).await;
    let desk = unthread_desk(&sim);
    let id = conversation_id(&sim, 2);
    let maria = sim.state().read(|db| db.users[0].id.clone());
    let asked = desk.create_approval(&id, "Refund $120", Some(&maria)).await.unwrap();
    assert_eq!((asked.status.as_str(), asked.title.as_str()), ("pending", "Refund $120"));
    let listed = desk.extras(&id).await.unwrap().approvals;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].approver.as_deref(), sim.state().read(|db| Some(db.users[0].name.clone())).as_deref());
    assert_eq!(sim.state().read(|db| db.conversations[2].work.approvals.len()), 1);

    let ticket = desk.find_ticket(&id.0).await.unwrap();
    let hits = desk.knowledge("password reset", &ticket).await.unwrap();
    assert!(!hits.is_empty(), "the simulator's articles answer a common question");
    assert!(hits[0].link().contains("](https://"), "{:?}", hits[0]);
    let asked = sim.state().requests().into_iter().rfind(|r| r.path.ends_with("/knowledge-base/query")).unwrap();
    let body: serde_json::Value = serde_json::from_str(&asked.body).unwrap();
    assert_eq!(body["conversationId"], id.0.as_str(), "asked in the ticket's context");
    assert!(body["customerId"].is_string());
}
