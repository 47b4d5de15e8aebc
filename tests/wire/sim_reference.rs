//! The simulator speaks the reference, not our client: a body the seed forbids is refused
//! with the real error envelope, one it allows is accepted and kept.

use crate::common::*;
use serde_json::{Value, json};
use triage::sim::Simulator;

async fn send(sim: &Simulator, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
    let url = format!("{}{path}", sim.unthread_url());
    let answer = reqwest::Client::new().request(method, url).header("X-Api-Key", "k").json(&body).send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

fn refused(answer: &(u16, Value), words: &str) {
    assert_eq!(answer.0, 400, "{answer:?}");
    let errors = answer.1["errors"].to_string();
    assert!(errors.contains(words), "the envelope names it ({words}): {answer:?}");
}

#[tokio::test]
async fn a_create_takes_the_references_fields_only_and_posts_as_on_behalf_of() {
    let sim = sim(10).await;
    let customer = sim.state().read(|db| db.customers[0].id.clone());
    let post = |body| send(&sim, reqwest::Method::POST, "/conversations", body);
    let base = json!({"type": "slack", "markdown": "Hi", "status": "closed", "customerId": customer});
    let mut with_fields = base.clone();
    with_fields["ticketTypeFields"] = json!({"x": "y"});
    refused(&post(with_fields).await, "Unknown field: ticketTypeFields");
    let mut as_a_string = base.clone();
    as_a_string["onBehalfOf"] = json!("maria@acme.dev");
    refused(&post(as_a_string).await, "onBehalfOf must be an object");
    let mut as_maria = base;
    as_maria["onBehalfOf"] = json!({"email": "maria@acme.dev", "name": "Maria Garcia"});
    let (status, created) = post(as_maria).await;
    assert_eq!(status, 200, "{created}");
    assert!(created["closedAt"].is_string(), "created closed, it has its closing time: {created}");
    let author = sim.state().read(|db| format!("{:?}", db.thread(db.conversations.last().unwrap())[0].author));
    assert!(author.contains("user: Some("), "the first message is Maria's: {author}");
}

#[tokio::test]
async fn a_conversations_collaborators_come_in_the_seeds_shape_and_decode() {
    let sim = sim(10).await;
    let (id, maria) = sim.state().read(|db| (db.conversations[3].id.clone(), db.users[0].id.clone()));
    let types = client(&sim).collaborator_types().await.unwrap();
    let path = format!("/conversations/{id}/collaborators/{}", types[0].id);
    let (status, body) =
        send(&sim, reqwest::Method::PUT, &path, json!({"entityId": maria, "entityType": "user"})).await;
    assert_eq!(status, 200, "{body}");
    let conversation = client(&sim).get_conversation(&id, &["id", "collaborators"]).await.expect("it decodes");
    let c = &conversation.collaborators[0];
    assert_eq!((c.user_id.as_deref(), c.entity_id.as_deref()), (Some(maria.as_str()), Some(maria.as_str())));
}
