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

#[tokio::test]
async fn customers_are_created_changed_and_deleted_as_the_reference_says() {
    let sim = sim(5).await;
    let (status, made) =
        send(&sim, reqwest::Method::POST, "/customers", json!({"name": "Hooli", "emailDomains": ["hooli.com"]})).await;
    assert_eq!(status, 200, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    refused(
        &send(&sim, reqwest::Method::POST, "/customers", json!({"name": "X", "plan": "gold"})).await,
        "Unknown field: plan",
    );
    refused(
        &send(&sim, reqwest::Method::POST, "/customers", json!({"slackChannelId": "C1"})).await,
        "name is required",
    );
    let path = format!("/customers/{id}");
    let (status, changed) =
        send(&sim, reqwest::Method::PATCH, &path, json!({"name": "Hooli XYZ", "replyTimeoutHours": 2})).await;
    assert_eq!(
        (status, changed["name"].as_str(), changed["replyTimeoutMinutes"].as_u64()),
        (200, Some("Hooli XYZ"), Some(120))
    );
    let (status, _) = send(&sim, reqwest::Method::DELETE, &path, Value::Null).await;
    assert_eq!(status, 200);
    let (status, gone) = send(&sim, reqwest::Method::GET, &path, Value::Null).await;
    assert_eq!(status, 400, "not found is a 400 with the envelope (API-NOTES): {gone}");
}

#[tokio::test]
async fn a_message_body_the_reference_forbids_is_refused() {
    let sim = sim(5).await;
    let id = sim.state().read(|db| db.conversations[0].id.clone());
    let path = format!("/conversations/{id}/messages");
    let post = |body| send(&sim, reqwest::Method::POST, &path, body);
    refused(
        &post(json!({"body": {"type": "markdown", "value": "hi"}, "channel": "x"})).await,
        "Unknown field: channel",
    );
    refused(
        &post(json!({"body": {"type": "markdown", "value": "hi"}, "onBehalfOf": "maria"})).await,
        "onBehalfOf must be an object",
    );
    refused(&post(json!({"body": {"type": "markdown", "value": "  "}})).await, "body.value must not be empty");
    let (status, _) = post(json!({"body": {"type": "markdown", "value": "hi"}, "isAutoresponse": false})).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn where_takes_submitter_and_numbers_as_strings_and_a_patch_keeps_what_it_sets() {
    let sim = sim(20).await;
    let list = |body| send(&sim, reqwest::Method::POST, "/conversations/list", body);
    let clause = json!({"field": "friendlyId", "operator": "in", "value": ["3", "4"]});
    let (status, page) = list(json!({"select": ["friendlyId"], "where": [clause]})).await;
    assert_eq!((status, page["data"].as_array().map(Vec::len)), (200, Some(2)), "{page}");
    let (id, submitter) = sim.state().read(|db| (db.conversations[0].id.clone(), db.conversations[0].submitter(db)));
    let clause = json!({"field": "submitterUserId", "operator": "in", "value": [submitter]});
    let (status, page) = list(json!({"select": ["id"], "where": [clause]})).await;
    assert_eq!(status, 200, "{page}");
    assert!(page["data"].as_array().unwrap().iter().any(|c| c["id"] == id.as_str()), "{page}");
    let path = format!("/conversations/{id}");
    let (status, changed) =
        send(&sim, reqwest::Method::PATCH, &path, json!({"submitterUserId": "u9", "excludeAnalytics": true})).await;
    assert_eq!(
        (status, changed["submitterUserId"].as_str(), changed["excludeAnalytics"].as_bool()),
        (200, Some("u9"), Some(true))
    );
}

#[tokio::test]
async fn a_create_needs_no_customer_keeps_its_channel_and_takes_files() {
    let sim = sim(5).await;
    let (status, made) = send(
        &sim,
        reqwest::Method::POST,
        "/conversations",
        json!({"type": "slack", "markdown": "Hi", "status": "open", "channelId": "C42"}),
    )
    .await;
    assert_eq!(status, 200, "customerId is optional: {made}");
    assert_eq!((made["customerId"].clone(), made["channelId"].as_str()), (Value::Null, Some("C42")));
    let form = reqwest::multipart::Form::new()
        .text(
            "json",
            json!({"type": "triage", "markdown": "See log", "status": "open", "triageChannelId": "CT9"}).to_string(),
        )
        .part("attachments", reqwest::multipart::Part::bytes(b"boom".to_vec()).file_name("trace.log"));
    let answer = reqwest::Client::new()
        .post(format!("{}/conversations", sim.unthread_url()))
        .header("X-Api-Key", "k")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let made: Value = answer.json().await.unwrap();
    assert_eq!(
        (made["channelId"].as_str(), made["files"][0]["name"].as_str()),
        (Some("CT9"), Some("trace.log")),
        "{made}"
    );
}
