//! Every error kind a user can meet, produced by the simulator and read by the client.

use std::time::Duration;

use crate::common::*;
use secrecy::SecretString;
use triage::api::unthread::*;
use triage::api::{ApiError, Timeouts};
use triage::sim::{Fault, FaultRule, Faults, SimOptions};

fn with_rule(rule: FaultRule) -> Faults {
    Faults { rules: vec![rule], ..Faults::default() }
}

#[tokio::test]
async fn a_rejected_key_is_401_and_never_echoes_the_key() {
    let sim = sim_with(SimOptions { api_key: Some("right-key".into()), ..options(5) }).await;
    let client = client_with(&sim, "sk_wrong_CANARY", Timeouts::default());
    let err = client.list_conversations(&ListRequest::new()).await.unwrap_err();
    assert_eq!(err, ApiError::Unauthorized { service: "Unthread", env_var: "UNTHREAD_API_KEY" });
    assert!(!err.to_string().contains("CANARY") && !format!("{err:?}").contains("CANARY"));
    assert!(client_with(&sim, "right-key", Timeouts::default()).list_conversations(&ListRequest::new()).await.is_ok());
    let status = reqwest::Client::new()
        .post(format!("{}/conversations/list", sim.unthread_url()))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401, "no key header at all");
}

#[tokio::test]
async fn not_found_is_a_400_envelope_and_maps_to_not_found() {
    let sim = sim(5).await;
    let client = client(&sim);
    let missing = "01aa4dc9-0000-4000-8000-000000000000";
    let err = client.patch_conversation(missing, &ConversationPatch::status(Status::Closed), &[]).await.unwrap_err();
    assert_eq!(err, ApiError::NotFound { title: "Conversation not found".into() });
    assert!(matches!(client.get_conversation(missing, &[]).await, Err(ApiError::NotFound { .. })));
    assert!(matches!(client.get_customer("nope").await, Err(ApiError::NotFound { .. })));
    let raw = reqwest::Client::new()
        .patch(format!("{}/conversations/{missing}", sim.unthread_url()))
        .header("X-API-KEY", "k")
        .json(&serde_json::json!({"status": "closed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let body: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(body["errors"][0]["title"], "Conversation not found");
    assert!(body["errors"][0]["id"].is_u64());
}

#[tokio::test]
async fn invalid_input_is_a_400_with_the_servers_title() {
    let sim = sim(5).await;
    let client = client(&sim);
    let id = sim.state().read(|db| db.conversations[0].id.clone());
    let bad = ConversationPatch::one("status", "resolved".into());
    assert_eq!(
        client.patch_conversation(&id, &bad, &[]).await.unwrap_err(),
        ApiError::Invalid { status: 400, title: "Invalid status: \"resolved\"".into() }
    );
    let err = client.patch_conversation(&id, &ConversationPatch::one("priority", 4.into()), &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Invalid { status: 400, ref title } if title.starts_with("Invalid priority")));
    let err = client.patch_conversation(&id, &ConversationPatch::one("color", "red".into()), &[]).await.unwrap_err();
    assert_eq!(err, ApiError::Invalid { status: 400, title: "Unknown field: color".into() });
    let raw = reqwest::Client::new()
        .post(format!("{}/conversations/list", sim.unthread_url()))
        .header("x-api-key", "k")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400, "malformed request JSON");
    // A message must say something (the console refuses an empty draft before it asks).
    let empty = client.create_message(&id, &NewMessage::markdown("", false, None)).await.unwrap_err();
    assert_eq!(empty, ApiError::Invalid { status: 400, title: "body.value must not be empty".into() });
}

#[tokio::test]
async fn rate_limits_carry_retry_after_in_both_forms() {
    let sim = sim_with(options(5)).await;
    let client = client(&sim);
    sim.state().set_faults(with_rule(FaultRule::new(
        None,
        None,
        Fault::RateLimited { retry_after_secs: 7, http_date: false },
    )));
    assert_eq!(
        client.list_conversations(&ListRequest::new()).await.unwrap_err(),
        ApiError::RateLimited { retry_after: Some(Duration::from_secs(7)) }
    );
    sim.state().set_faults(with_rule(FaultRule::new(
        None,
        None,
        Fault::RateLimited { retry_after_secs: 30, http_date: true },
    )));
    let err = client.list_conversations(&ListRequest::new()).await.unwrap_err();
    let wait = err.retry_after().expect("an HTTP-date Retry-After is read").as_secs();
    assert!((25..=32).contains(&wait), "{wait}");
    // The token bucket: a burst beyond the rate gets 429s.
    sim.state().set_faults(Faults { rate_limit: Some(2.0), ..Faults::default() });
    let mut limited = 0;
    for _ in 0..5 {
        if let Err(ApiError::RateLimited { retry_after }) = client.list_users(&ListRequest::new()).await {
            assert!(retry_after.is_some());
            limited += 1;
        }
    }
    assert!(limited >= 2, "{limited}");
}

#[tokio::test]
async fn server_errors_and_random_failures() {
    let sim = sim(5).await;
    let client = client(&sim);
    sim.state().set_faults(with_rule(FaultRule::new(Some("PATCH"), None, Fault::Status { status: 500 })));
    let id = sim.state().read(|db| db.conversations[0].id.clone());
    let err = client.patch_conversation(&id, &ConversationPatch::status(Status::Closed), &[]).await.unwrap_err();
    assert!(matches!(err, ApiError::Server { status: 500, .. }));
    assert!(err.is_transient());
    assert!(client.list_conversations(&ListRequest::new()).await.is_ok(), "only PATCHes fail");
    sim.state().set_faults(with_rule(FaultRule::new(None, None, Fault::Unavailable { retry_after_secs: 3 })));
    assert_eq!(client.get_user("x").await.unwrap_err().retry_after(), Some(Duration::from_secs(3)));
    sim.state().set_faults(Faults { fail_rate: 1.0, ..Faults::default() });
    assert!(matches!(client.list_tags(&ListRequest::new()).await, Err(ApiError::Server { status: 500, .. })));
}

#[tokio::test]
async fn malformed_truncated_and_oversized_answers_are_decode_errors() {
    let sim = sim(5).await;
    let client = client(&sim);
    for fault in [Fault::Malformed, Fault::Truncated] {
        sim.state().set_faults(with_rule(FaultRule::new(None, Some("/conversations/list"), fault)));
        assert!(matches!(client.list_conversations(&ListRequest::new()).await, Err(ApiError::Decode { .. })));
    }
    sim.state().set_faults(with_rule(FaultRule::new(None, None, Fault::Oversized { bytes: 70 * 1024 * 1024 })));
    let err = client.list_users(&ListRequest::new()).await.unwrap_err();
    assert_eq!(err, ApiError::Decode { detail: "response larger than 64 MiB".into() });
}

#[tokio::test]
async fn a_bad_field_costs_that_field_not_the_item_or_the_page() {
    let page: ListResponse<Conversation> = serde_json::from_str(
        r#"{"data":[{"id":"a","status":"open"},{"id":"b","tags":"not-a-list"},{"id":"c","status":"brand_new"},17],
            "totalCount":4,"cursors":{"hasNext":false,"hasPrevious":false}}"#,
    )
    .unwrap();
    let ids: Vec<&str> = page.items().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"], "b keeps everything but its tags");
    assert!(page.items().nth(1).unwrap().tags.is_empty());
    assert_eq!((page.bad_items(), page.lost_items()), (2, 1), "b repaired, 17 unreadable");
    assert_eq!(page.items().nth(2).unwrap().status, Some(Status::Unknown));
}

#[tokio::test]
async fn timeouts_resets_and_offline_are_told_apart() {
    let sim = sim(5).await;
    let client = client_with(&sim, "k", short_timeouts());
    sim.state().set_faults(with_rule(FaultRule::new(None, None, Fault::Stall { millis: 2_000 })));
    let err = client.list_conversations(&ListRequest::new()).await.unwrap_err();
    assert_eq!(err, ApiError::Timeout);
    assert!(err.outcome_unknown());

    // The message is stored, then the connection drops mid-answer: an unknown outcome.
    let id = sim.state().read(|db| db.conversations[1].id.clone());
    let before = sim.state().read(|db| db.conversations[1].message_count);
    sim.state().set_faults(with_rule(FaultRule::new(Some("POST"), Some("/messages"), Fault::ResetAfter)));
    let err = client.create_message(&id, &NewMessage::markdown("hello", false, None)).await.unwrap_err();
    assert!(err.outcome_unknown(), "{err:?}");
    assert_eq!(sim.state().read(|db| db.conversations[1].message_count), before + 1, "the server did store it");

    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let offline =
        UnthreadClient::new(&format!("http://127.0.0.1:{port}/api"), SecretString::from("k"), short_timeouts())
            .unwrap();
    let err = offline.list_users(&ListRequest::new()).await.unwrap_err();
    assert!(matches!(err, ApiError::Offline { .. }), "{err:?}");
    assert!(!err.outcome_unknown());
}

#[tokio::test]
async fn reads_are_retried_after_retry_after_but_a_post_never_is() {
    let sim = sim(5).await;
    let mut client = UnthreadClient::new(&sim.unthread_url(), SecretString::from("k"), Timeouts::default()).unwrap();
    let (reporter, waits) = listening();
    client.report_to(reporter);
    let user = sim.state().read(|db| db.users[0].id.clone());
    sim.state().set_faults(with_rule(
        FaultRule::new(Some("GET"), Some("/users/"), Fault::Unavailable { retry_after_secs: 1 }).times(1),
    ));
    let started = std::time::Instant::now();
    assert_eq!(client.get_user(&user).await.unwrap().id, user);
    assert!(started.elapsed() >= Duration::from_secs(1), "waited as Retry-After asked");
    let announced = waits.try_recv().unwrap();
    assert!(
        matches!(announced, triage::api::activity::Activity::Waiting { delay, .. } if delay == Duration::from_secs(1)),
        "the wait is announced for the status bar: {announced:?}"
    );
    let gets = sim.state().requests().iter().filter(|r| r.method == "GET").count();
    assert_eq!(gets, 2);

    sim.state().clear_requests();
    let id = sim.state().read(|db| db.conversations[0].id.clone());
    sim.state().set_faults(with_rule(
        FaultRule::new(Some("POST"), Some("/messages$"), Fault::Unavailable { retry_after_secs: 1 }).times(1),
    ));
    let err = client.create_message(&id, &NewMessage::markdown("once", false, None)).await.unwrap_err();
    assert!(matches!(err, ApiError::Server { status: 503, .. }));
    assert_eq!(
        sim.state().requests().iter().filter(|r| r.method == "POST").count(),
        1,
        "a message is never sent twice"
    );

    // A rate limit longer than the retry budget is reported, not slept through.
    sim.state().set_faults(with_rule(FaultRule::new(
        None,
        None,
        Fault::RateLimited { retry_after_secs: 600, http_date: false },
    )));
    let started = std::time::Instant::now();
    assert!(matches!(client.list_tags(&ListRequest::new()).await, Err(ApiError::RateLimited { .. })));
    assert!(started.elapsed() < Duration::from_secs(2));
}
