//! The Unthread adapter's mapping, tested on the wire's shapes.

use super::*;

#[test]
fn hostile_titles_are_sanitized_at_the_boundary() {
    let c: wire::Conversation = serde_json::from_str(
        r#"{"id":"c1","friendlyId":7,"title":"hi\u001b]52;c;aGk=\u0007 \u202eevil","status":"open","priority":9,
            "customer":{"id":"cu","name":"Acme\u009b31m"},"tags":[{"id":"t","name":"bug\u200b"}]}"#,
    )
    .unwrap();
    let t = ticket(&c);
    assert_eq!(&*t.title, "hi␛]52;c;aGk=␇ ⸮evil");
    assert_eq!(&*t.customer_name, "Acme\u{FFFD}31m");
    assert_eq!(&*t.tags[0].name, "bug");
    assert_eq!(t.priority, Some(Priority::Critical));
    let mut haystack = String::new();
    t.write_haystack(&t.first_message, &mut haystack);
    assert!(haystack.contains("acme"));
}

#[test]
fn a_page_keeps_damaged_tickets_and_counts_what_has_no_id() {
    let page: wire::ListResponse<wire::Conversation> = serde_json::from_str(
        r#"{"data":[{"id":"a"},{"status":"open"},{"id":"b","tags":"not-a-list"},{"id":""}],
            "cursors":{"hasNext":false}}"#,
    )
    .unwrap();
    let page = inbox_page(&ListRequest::new(), &page, None);
    let ids: Vec<&str> = page.tickets.iter().map(|t| t.id.0.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(page.damaged, [TicketId("b".into())]);
    assert_eq!(page.unreadable, 2, "the two without an id");
}

#[test]
fn message_authors() {
    let bot: wire::Message =
        serde_json::from_str(r#"{"ts":"1.2","botName":"Unthread","text":null,"user":null}"#).unwrap();
    let m = message(&bot);
    assert_eq!((m.author.as_str(), m.author_kind, m.body.as_str()), ("Unthread", AuthorKind::Bot, ""));
    let email: wire::Message = serde_json::from_str(
        r#"{"ts":"1.3","user":null,"sentByUser":{"name":"","email":"a@b.co","isExternal":true},"text":"hi"}"#,
    )
    .unwrap();
    assert_eq!((message(&email).author.as_str(), message(&email).author_kind), ("a@b.co", AuthorKind::Customer));
}

#[test]
fn inbox_filters_become_where_clauses() {
    let q = InboxQuery { status: Some(TicketStatus::OnHold), assignee: Some(None), ..Default::default() };
    let json = serde_json::to_value(inbox_request(&q, None)).unwrap();
    assert_eq!(json["where"][0]["value"], "on_hold");
    assert!(json["where"][1]["value"].is_null());
    assert_eq!(json["order"], serde_json::json!(["updatedAt", "id"]));
}

#[test]
fn a_ticket_links_to_its_slack_thread_and_knows_its_sla_and_snooze() {
    let c: wire::Conversation = serde_json::from_str(
        r#"{"id":"c1","channelId":"C05CE35U0A0","initialMessage":{"ts":"1675183719.124879"},
            "customer":{"id":"cu","name":"Acme","replyTimeoutMinutes":240},"wakeUpAt":"2026-12-02T09:00:00.000Z"}"#,
    )
    .unwrap();
    let t = ticket(&c);
    assert_eq!(t.link().as_deref(), Some("https://slack.com/archives/C05CE35U0A0/p1675183719124879"));
    assert!(t.link.is_none(), "made from the channel and the ts when asked, not kept");
    assert_eq!(t.reply_sla_minutes, Some(240));
    assert_eq!(t.wake_at, Some("2026-12-02T09:00:00Z".parse().unwrap()));
    // A ts that would not read back the same is kept as its link.
    let odd = r#"{"id":"c2","channelId":"C1","initialMessage":{"ts":"0012.5"}}"#;
    let t = ticket(&serde_json::from_str(odd).unwrap());
    assert_eq!((t.link.as_deref(), t.thread_ts), (Some("https://slack.com/archives/C1/p00125"), None));
    assert_eq!(t.link().as_deref(), Some("https://slack.com/archives/C1/p00125"));
}
