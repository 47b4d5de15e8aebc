//! Opening a conversation on Unthread (API-NOTES §6 and §11): the customer's own channels
//! say where it is posted — its Slack channel, or its triage channel for an internal one.

use crate::api::ApiError;
use crate::api::unthread::{self as wire, ListRequest, UnthreadClient};
use crate::desk::unthread::{INBOX_FIELDS, customer, ticket};
use crate::desk::{Customer, NewTicket, Opened};

pub async fn customers(client: &UnthreadClient) -> Result<Vec<Customer>, ApiError> {
    let all = client.collect_all::<wire::Customer, _>("/customers/list", ListRequest::new(), |_, _| {}).await?;
    Ok(all.iter().map(customer).collect())
}

/// Open it with the reference's `CreateConversationRequest` (which has no fields), then set
/// its type's fields in the PATCH that follows. A PATCH that fails keeps the new ticket and
/// says why.
pub async fn create(client: &UnthreadClient, new: &NewTicket) -> Result<Opened, ApiError> {
    let owner = client.get_customer(&new.customer_id).await?;
    let request = request(new, &owner)?;
    let created = client.create_conversation(&request).await?;
    if new.fields.is_empty() {
        return Ok(Opened { ticket: ticket(&created), fields_refused: None });
    }
    let fields = new.fields.iter().map(|(k, v)| (k.clone(), super::map::field_json(v))).collect();
    let patch = wire::ConversationPatch::one("ticketTypeFields", serde_json::Value::Object(fields));
    Ok(match client.patch_conversation(&created.id, &patch, &INBOX_FIELDS).await {
        Ok(patched) => Opened { ticket: ticket(&patched), fields_refused: None },
        Err(e) => Opened { ticket: ticket(&created), fields_refused: Some(e) },
    })
}

/// The request for `new`, posted where the customer's record says.
fn request(new: &NewTicket, owner: &wire::Customer) -> Result<wire::NewConversation, ApiError> {
    let slack_channel = owner.slack_channel_id.clone().or_else(|| owner.slack_channel.as_ref()?.id.clone());
    let triage_channel = owner.default_triage_channel_id.clone();
    if new.internal && triage_channel.is_none() {
        let detail = format!("{} has no triage channel for an internal conversation", owner.name);
        return Err(ApiError::Config { detail });
    }
    Ok(wire::NewConversation {
        kind: if new.internal { "triage" } else { "slack" }.into(),
        markdown: new.body.clone(),
        status: wire::Status::Open,
        title: new.title.clone(),
        customer_id: new.customer_id.clone(),
        // Without a channel, Unthread continues a Slack conversation in a DM.
        channel_id: if new.internal { None } else { slack_channel },
        triage_channel_id: if new.internal { triage_channel } else { None },
        assigned_to_user_id: new.assignee_id.clone(),
        priority: new.priority.map(|p| p as u8),
        ticket_type_id: new.ticket_type_id.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner() -> wire::Customer {
        wire::Customer {
            name: "Globex".into(),
            slack_channel_id: Some("C1".into()),
            default_triage_channel_id: Some("T1".into()),
            ..Default::default()
        }
    }

    fn new(internal: bool) -> NewTicket {
        NewTicket {
            internal,
            customer_id: "cu1".into(),
            title: "Export fails".into(),
            body: "It *fails*".into(),
            assignee_id: None,
            priority: Some(crate::desk::Priority::High),
            ticket_type_id: None,
            fields: Default::default(),
        }
    }

    #[test]
    fn slack_goes_to_the_customer_channel_and_triage_to_the_triage_channel() {
        let slack = serde_json::to_value(request(&new(false), &owner()).unwrap()).unwrap();
        assert_eq!(slack["type"], "slack");
        assert_eq!(slack["channelId"], "C1");
        assert_eq!(slack["status"], "open");
        assert_eq!(slack["priority"], 7);
        assert!(slack.get("triageChannelId").is_none() && slack.get("assignedToUserId").is_none());
        let triage = serde_json::to_value(request(&new(true), &owner()).unwrap()).unwrap();
        assert_eq!((triage["type"].as_str(), triage["triageChannelId"].as_str()), (Some("triage"), Some("T1")));
        let lonely = wire::Customer { default_triage_channel_id: None, ..owner() };
        assert!(request(&new(true), &lonely).is_err());
    }
}
