//! The Unthread client against the simulator: pagination, list conventions, writes.

use std::collections::HashSet;

use crate::common::*;
use serde_json::{Value, json};
use triage::api::unthread::*;

/// Every conversation of a list request, following cursors; also counts the pages.
async fn all_ids(client: &UnthreadClient, first: ListRequest) -> (Vec<String>, usize) {
    let (mut ids, mut pages, mut request) = (Vec::new(), 0, Some(first));
    while let Some(req) = request {
        let page = client.list_conversations(&req).await.unwrap();
        pages += 1;
        ids.extend(page.items().map(|c| c.id.clone()));
        request = req.next_page(&page);
    }
    (ids, pages)
}

#[tokio::test]
async fn full_pagination_in_both_orders_has_no_duplicates_or_gaps() {
    let sim = sim(2000).await;
    let client = client(&sim);
    let expected: Vec<String> = sim.state().read(|db| db.conversations.iter().map(|c| c.id.clone()).collect());
    for descending in [false, true] {
        let req = ListRequest::new().select(&["id", "createdAt"]).order(&["createdAt"], descending);
        let (ids, pages) = all_ids(&client, req).await;
        assert_eq!(pages, 20, "100 per page");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 2000, "no duplicates");
        let mut want = expected.clone();
        if descending {
            want.reverse();
        }
        assert_eq!(ids, want, "every conversation, in order (descending: {descending})");
    }
}

#[tokio::test]
async fn last_page_keeps_next_and_past_the_end_is_empty() {
    let sim = sim(250).await;
    let client = client(&sim);
    let req = ListRequest::new().order(&["updatedAt", "id"], true);
    let p1 = client.list_conversations(&req).await.unwrap();
    assert!(p1.cursors.has_next && !p1.cursors.has_previous);
    assert_eq!(p1.total_count(), Some(250));
    let p2 = client.list_conversations(&req.next_page(&p1).unwrap()).await.unwrap();
    let p3_req = req.next_page(&p2).unwrap();
    let p3 = client.list_conversations(&p3_req).await.unwrap();
    assert_eq!(p3.data.len(), 50);
    assert!(!p3.cursors.has_next && p3.cursors.has_previous);
    let next = p3.cursors.next.clone().expect("next is present even on the last page");
    assert_eq!(p3_req.next_page(&p3), None, "the helper follows hasNext");
    let past = client.list_conversations(&ListRequest { cursor: Some(next), ..req.clone() }).await.unwrap();
    assert!(past.data.is_empty() && !past.cursors.has_next && past.cursors.has_previous);
    assert_eq!(past.cursors.next, None);
    // `previous` from page 2 is page 1 again, in the same order.
    let back = ListRequest { cursor: p2.cursors.previous.clone(), ..req.clone() };
    let back = client.list_conversations(&back).await.unwrap();
    let ids = |p: &ListResponse<Conversation>| p.items().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&back), ids(&p1));
    assert!(back.cursors.has_next && !back.cursors.has_previous);
    // An empty cursor string means the first page.
    let empty = client.list_conversations(&ListRequest { cursor: Some(String::new()), ..req }).await.unwrap();
    assert_eq!(ids(&empty), ids(&p1));
}

async fn raw_list(sim: &triage::sim::Simulator, body: Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}/conversations/list", sim.unthread_url()))
        .header("x-api-key", "k")
        .json(&body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

#[tokio::test]
async fn select_projects_dotted_paths() {
    let sim = sim(50).await;
    let (status, page) =
        raw_list(&sim, json!({"select":["id","title","tags.name","customer.name","initialMessage.ts"],"limit":3}))
            .await;
    assert_eq!(status, 200);
    for item in page["data"].as_array().unwrap() {
        let keys: HashSet<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, HashSet::from(["id", "title", "tags", "customer", "initialMessage"]));
        assert_eq!(item["customer"].as_object().unwrap().len(), 1);
        assert!(item["tags"].as_array().unwrap().iter().all(|t| t.as_object().unwrap().keys().eq(["name"])));
        assert!(item["initialMessage"]["ts"].is_string() && item["initialMessage"].get("text").is_none());
    }
}

#[tokio::test]
async fn where_operators_match_a_count_over_the_dataset() {
    let sim = sim(600).await;
    let client = client(&sim);
    let (tag_id, customer_id, open_count, bug_count, ranged, webhooks, high) = sim.state().read(|db| {
        let bug = db.tags.iter().position(|t| t.name == "Bug").unwrap();
        let customer = db.conversations[0].customer;
        let from: jiff::Timestamp = "2026-10-01T00:00:00Z".parse().unwrap();
        let to: jiff::Timestamp = "2026-10-15T00:00:00Z".parse().unwrap();
        let cs = &db.conversations;
        (
            db.tags[bug].id.clone(),
            db.customers[customer].id.clone(),
            cs.iter().filter(|c| matches!(c.status.as_str(), "open" | "on_hold")).count(),
            cs.iter().filter(|c| c.tags.contains(&bug) && c.customer == customer).count(),
            cs.iter().filter(|c| c.updated_at >= from && c.updated_at <= to).count(),
            cs.iter().filter(|c| c.title.to_lowercase().contains("webhook")).count(),
            cs.iter().filter(|c| c.priority.is_some_and(|p| p > 5)).count(),
        )
    });
    let total = |req: ListRequest| {
        let client = client.clone();
        async move { client.list_conversations(&req.limit(1)).await.unwrap().total_count().unwrap() as usize }
    };
    assert_eq!(total(ListRequest::new().filter(Where::is_in("status", &["open", "on_hold"]))).await, open_count);
    let tagged = ListRequest::new()
        .filter(Where::eq("tags.id", tag_id.as_str()))
        .filter(Where::eq("customerId", customer_id.as_str()));
    assert_eq!(total(tagged).await, bug_count);
    // Date-only operands against ISO timestamps, with the undocumented >= and <=.
    let range = ListRequest::new().filter(Where::new("updatedAt", Operator::Ge, "2026-10-01")).filter(Where::new(
        "updatedAt",
        Operator::Le,
        "2026-10-15",
    ));
    assert_eq!(total(range).await, ranged);
    assert_eq!(total(ListRequest::new().filter(Where::new("title", Operator::Like, "%WEBHOOK%"))).await, webhooks);
    assert_eq!(total(ListRequest::new().filter(Where::new("priority", Operator::Gt, 5.0))).await, high);
    let not_in = ListRequest::new().filter(Where::new(
        "status",
        Operator::NotIn,
        WhereValue::List(vec!["open".into(), "on_hold".into()]),
    ));
    assert_eq!(total(not_in).await, 600 - open_count);
    // Ordering by a field with a limit over the cap: clamped to 100.
    let page = client.list_conversations(&ListRequest::new().order(&["priority"], true).limit(500)).await.unwrap();
    assert_eq!(page.data.len(), 100);
    let priorities: Vec<Option<f64>> = page.items().map(|c| c.priority).collect();
    assert!(priorities.windows(2).all(|w| w[0].unwrap_or(f64::MAX) >= w[1].unwrap_or(f64::MAX) || w[0].is_none()));
    // Unknown operators and fields are the server's 400s.
    let (status, body) = raw_list(&sim, json!({"where":[{"field":"status","operator":"=~","value":"x"}]})).await;
    assert_eq!((status, body["errors"][0]["title"].as_str()), (400, Some("Invalid operator: =~")));
    let (status, _) = raw_list(&sim, json!({"order":["nonsense"]})).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn patch_message_and_tag_links_change_the_server() {
    let sim = sim(40).await;
    let client = client(&sim);
    let (id, before) = sim.state().read(|db| (db.conversations[3].id.clone(), db.conversations[3].updated_at));
    let updated = client
        .patch_conversation(&id, &ConversationPatch::status(Status::Closed), &["id", "status", "closedAt"])
        .await
        .unwrap();
    assert_eq!(updated.status, Some(Status::Closed));
    assert!(updated.closed_at.is_some() && updated.title.is_none(), "?select= projects the answer");
    let (status, after) = sim.state().read(|db| (db.conversations[3].status.as_str(), db.conversations[3].updated_at));
    assert_eq!(status, "closed");
    assert!(after > before, "updatedAt moves");
    let maria = sim.state().read(|db| db.users[0].id.clone());
    client.patch_conversation(&id, &ConversationPatch::assignee(Some(&maria)), &[]).await.unwrap();
    let unassigned = client.patch_conversation(&id, &ConversationPatch::assignee(None), &[]).await.unwrap();
    assert_eq!(unassigned.assigned_to_user_id, None);
    assert_eq!(
        client.patch_conversation(&id, &ConversationPatch::priority(Some(9)), &[]).await.unwrap().priority,
        Some(9.0)
    );

    let agent = OnBehalfOf { email: Some("maria@acme.dev".into()), name: Some("Maria Garcia".into()), id: None };
    let sent = client
        .create_message(&id, &NewMessage::markdown("We **fixed** it & deployed.", true, Some(agent)))
        .await
        .unwrap();
    assert_eq!(sent.text.as_deref(), Some("We *fixed* it &amp; deployed."));
    assert_eq!(sent.is_private_note, Some(true));
    assert_eq!(sent.bot_name.as_deref(), Some("Maria Garcia"));
    let thread = client.list_messages(&id, &ListRequest::new()).await.unwrap();
    assert_eq!(thread.items().last().unwrap().ts, sent.ts, "messages are oldest first by default");

    let tag = sim.state().read(|db| db.tags.iter().find(|t| t.name == "Billing").unwrap().id.clone());
    let ids: Vec<String> = sim.state().read(|db| db.conversations[..3].iter().map(|c| c.id.clone()).collect());
    client.link_tag(&tag, &ids).await.unwrap();
    let tagged = |sim: &triage::sim::Simulator| {
        sim.state().read(|db| {
            let t = db.tag_index(&tag).unwrap();
            db.conversations[..3].iter().filter(|c| c.tags.contains(&t)).count()
        })
    };
    assert_eq!(tagged(&sim), 3);
    client.unlink_tag(&tag, &ids).await.unwrap();
    assert_eq!(tagged(&sim), 0);
}

#[tokio::test]
async fn users_customers_tags_and_knowledge_base() {
    let sim = sim(10).await;
    let client = client(&sim);
    let users = client.collect_all::<User, _>("/users/list", ListRequest::new(), |_, _| {}).await.unwrap();
    assert!(users.len() >= 10 && users.iter().all(|u| u.slack_id.is_some()));
    assert_eq!(client.get_user(&users[0].id).await.unwrap(), users[0]);
    let customers = client.list_customers(&ListRequest::new()).await.unwrap();
    let first = customers.items().next().unwrap();
    let fetched = client.get_customer(&first.id).await.unwrap();
    assert_eq!(fetched.name, first.name);
    assert!(fetched.slack_channel.and_then(|c| c.name).is_some_and(|n| n.starts_with("ext-")));
    let tags = client.list_tags(&ListRequest::new()).await.unwrap();
    assert!(tags.items().count() >= 12);
    let tag = tags.items().next().unwrap();
    assert_eq!(client.get_tag(&tag.id).await.unwrap(), *tag);
    let answer = client
        .query_knowledge_base(&KnowledgeBaseQuery { query: "How do I reset my password?".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(answer[0].title.as_deref(), Some("Resetting your password"));
}
