//! Every interface of the seed (003), decoded with every one of its fields present, as a
//! server that follows the reference sends them: a field our types read twice, or read as
//! the wrong type, fails here (the collaborator's `userId` beside `entityId` did).

use serde_json::{Value, json};
use triage::api::unthread as wire;
use triage::desk::unthread::{agent, customer, message, ticket};

fn user() -> Value {
    json!({"id": "u1", "name": "Maria Garcia", "email": "maria@acme.dev", "slackId": "US1", "photo": "https://x/p.png"})
}

fn tag() -> Value {
    json!({"id": "t1", "name": "Bug"})
}

fn customer_json() -> Value {
    json!({
        "id": "cu1", "name": "Globex", "primarySupportAssigneeId": "u1", "primarySupportAssigneeType": "user",
        "secondarySupportAssigneeId": null, "secondarySupportAssigneeType": null, "replyTimeoutMinutes": 60,
        "defaultTriageChannelId": "CT1", "disableAutomatedTicketing": false, "botHandling": "off",
        "autoresponder": {"enabled": true, "condition": "always", "message": "Hi"},
        "supportSteps": [{"type": "assignment", "assigneeId": "u1", "assigneeType": "user", "minutes": 5,
            "shouldCycleThroughTeamMembers": false, "maxCycles": 1, "cycleMinutes": 10}],
        "slackTeamId": "T1", "assignToTaggedUserEnabled": true, "slackChannelId": "C1",
        "createdAt": "2026-11-01T00:00:00Z", "updatedAt": "2026-11-02T00:00:00Z", "tags": [tag()],
        "slackChannel": {"id": "C1", "name": "globex-support", "isShared": true, "isPrivate": false}
    })
}

fn message_json(conversation: Value) -> Value {
    json!({
        "ts": "1795000000.000100", "userId": "u1", "userTeamId": "T1", "botId": "B1", "botName": "Maria Garcia",
        "text": "We *fixed* it", "subtype": null, "conversationId": "c1", "timestamp": "2026-11-20T10:00:00Z",
        "threadTs": "1795000000.000001", "conversation": conversation, "user": user(),
        "metadata": {"eventType": "unthread_outbound"}
    })
}

fn conversation_json() -> Value {
    json!({
        "id": "c1", "status": "in_progress", "customerId": "cu1", "channelId": "C1", "wasManuallyCreated": true,
        "friendlyId": 1042, "createdAt": "2026-11-20T09:00:00Z", "updatedAt": "2026-11-20T10:00:00Z",
        "closedAt": null, "statusUpdatedAt": "2026-11-20T09:30:00Z", "responseTime": 60, "responseTimeWorking": 60,
        "resolutionTime": null, "resolutionTimeWorking": null, "title": "Export fails", "priority": 7,
        "initialMessage": message_json(Value::Null), "assignedToUserId": user(), "tags": [tag()],
        "customer": customer_json(), "wakeUpAt": null, "summary": "CSV export times out", "snoozedAt": null,
        "lockedAt": null, "ticketTypeId": "tt1", "ticketTypeFields": {"f1": "High", "f2": ["a", "b"]},
        "metadata": {"source": "widget"},
        "followers": [{"userId": "u1", "entityId": "u1"}, {"groupId": "g1", "entityId": "g1"}],
        "collaborators": [{"collaboratorTypeId": "ct1", "userId": "u1", "entityId": "u1"},
            {"collaboratorTypeId": "ct2", "groupId": "g1", "entityId": "g1"}],
        "files": [{"id": "F1", "name": "log.txt", "size": 12, "filetype": "text", "mimetype": "text/plain"}]
    })
}

fn strict<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_path_to_error::deserialize(value).unwrap_or_else(|e| panic!("{} at {}", e, e.path()))
}

#[test]
fn a_conversation_with_every_field_decodes_whole() {
    let c: wire::Conversation = strict(conversation_json());
    let t = ticket(&c);
    assert_eq!((t.number, t.title.as_ref(), t.assignee_id.as_deref()), (1042, "Export fails", Some("u1")));
    assert_eq!(t.followers, ["u1", "g1"]);
    assert_eq!(t.collaborators, [("ct1".to_string(), "u1".to_string()), ("ct2".to_string(), "g1".to_string())]);
    assert_eq!(c.files.len(), 1);
    assert_eq!(c.ticket_type_fields.len(), 2);
}

#[test]
fn a_message_customer_user_and_tag_with_every_field_decode_whole() {
    let m: wire::Message = strict(message_json(conversation_json()));
    let m = message(&m);
    assert_eq!(
        (m.author.as_str(), m.author_id.as_deref(), m.body.as_str()),
        ("Maria Garcia", Some("u1"), "We *fixed* it")
    );
    let c: wire::Customer = strict(customer_json());
    assert_eq!(customer(&c).name, "Globex");
    let u: wire::User = strict(user());
    assert_eq!(agent(&u).email, "maria@acme.dev");
    let t: wire::Tag = strict(tag());
    assert_eq!(t.name, "Bug");
}

#[test]
fn a_ticket_type_with_conditions_an_approval_and_a_collaborator_type_decode_whole() {
    let condition =
        json!({"leftValueFrom": "conversation.ticketTypeFields['f1']", "operator": "equals", "rightValue": "High"});
    let ty: wire::TicketType = strict(json!({
        "id": "tt1", "name": "Bug", "projectId": "p1", "description": "A defect",
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-02T00:00:00Z",
        "fields": [
            {"id": "f1", "label": "Severity", "type": "single-select", "required": true, "public": true,
             "description": "How bad", "options": ["Low", "High"]},
            {"id": "f2", "label": "Steps", "type": "long-answer", "required": false, "public": false, "description": "",
             "conditions": {"type": "simple", "simple": {"and": [condition]}}}
        ]
    }));
    assert_eq!((ty.fields.len(), ty.fields[0].label.as_str(), ty.fields[0].options.len()), (2, "Severity", 2));
    assert!(ty.fields[1].conditions.is_some());
    let approval: wire::ApprovalRequest = strict(json!({
        "status": "pending", "id": "a1", "tenantId": "te1", "assignedToGroupId": "g1", "assignedToUserId": "u1",
        "statusChangedAt": "2026-11-20T10:00:00Z", "conversationId": "c1", "title": "Refund", "notes": "n",
        "createdAt": "2026-11-20T09:00:00Z", "approverUser": user(),
        "approverGroup": {"id": "g1", "name": "Leads", "slackId": "S1"}
    }));
    assert_eq!(
        (approval.status.as_deref(), approval.approver_user.map(|u| u.name)),
        (Some("pending"), Some("Maria Garcia".into()))
    );
    let kind: wire::CollaboratorType =
        strict(json!({"id": "ct1", "name": "Engineering", "key": "engineering", "description": "The owner"}));
    assert_eq!(kind.key, "engineering");
}
