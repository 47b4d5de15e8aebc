//! Incremental sync: after the first fill, a refresh asks only for what changed since the
//! high-water mark, and picks the change up.

use crate::common::*;
use triage::api::unthread::{ConversationPatch, Status};
use triage::command::action::Action;
use triage::desk::{TicketId, TicketStatus};

#[tokio::test]
async fn a_refresh_fetches_only_what_changed() {
    let (sim, mut state) = loaded_console(2000, (120, 40)).await;
    let desk = unthread_desk(&sim);
    // Inbox pages only (the sidebar asks for a customer's recent tickets on the same endpoint).
    let lists = |sim: &triage::sim::Simulator| {
        sim.state()
            .requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/conversations/list") && !r.body.contains(r#""field":"customerId""#))
            .collect::<Vec<_>>()
    };
    assert_eq!(lists(&sim).len(), 20, "the first fill reads every page once");
    assert!(state.sync.complete());

    // Someone changes a conversation on the server.
    let (id, was) = sim.state().read(|db| (db.conversations[10].id.clone(), db.conversations[10].status));
    assert_ne!(was.as_str(), "on_hold");
    client(&sim).patch_conversation(&id, &ConversationPatch::status(Status::OnHold), &[]).await.unwrap();
    sim.state().clear_requests();

    act(&mut state, &desk, Action::Refresh).await;
    let after = lists(&sim);
    assert_eq!(after.len(), 1, "one page: only what changed");
    let body: serde_json::Value = serde_json::from_str(&after[0].body).unwrap();
    assert_eq!(body["order"], serde_json::json!(["updatedAt", "id"]));
    assert_eq!(body["descending"], false);
    assert!(body["where"].as_array().unwrap().iter().any(|w| w["field"] == "updatedAt" && w["operator"] == ">="));
    assert_eq!(state.inbox.ticket(&TicketId(id)).unwrap().status, TicketStatus::OnHold);
    assert_eq!(state.inbox.tickets.len(), 2000);
    assert!(state.sync.complete() && !state.sync.loading());

    // The periodic sync does the same, quietly.
    sim.state().clear_requests();
    act(&mut state, &desk, Action::Sync).await;
    assert_eq!(lists(&sim).len(), 1);
}

#[tokio::test]
async fn the_partitioned_first_fill_loads_every_conversation_once_in_fewer_rounds() {
    let sim = sim(2000).await;
    let desk = unthread_desk(&sim);
    let mut state = console_state((120, 40));
    state.settings.capabilities.partitions = true;
    let effects = state.start();
    settle(&mut state, &desk, effects).await;
    let ids: std::collections::HashSet<&TicketId> = state.inbox.tickets.iter().map(|t| &t.id).collect();
    assert_eq!((state.inbox.tickets.len(), ids.len()), (2000, 2000), "every conversation, none twice");
    assert!(state.sync.complete() && !state.sync.loading());
    assert_eq!(state.sync.total(), Some(2000));
    let bodies = inbox_list_bodies(&sim);
    let partitioned = bodies
        .iter()
        .filter(|b| b["where"].as_array().is_some_and(|w| w.iter().any(|c| c["field"] == "createdAt")))
        .count();
    assert!(partitioned >= 4, "partition pages carry a created-date range ({partitioned})");
    // The newest conversation is on top and selected.
    let newest =
        sim.state().read(|db| db.conversations.iter().max_by_key(|c| (c.updated_at, c.id.clone())).unwrap().id.clone());
    assert_eq!(state.inbox.selected, Some(TicketId(newest)));
}
