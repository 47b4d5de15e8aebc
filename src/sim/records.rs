//! How list queries see each kind of record.

use serde_json::Value;

use super::db::Db;
use super::model::*;
use super::query::{Key, Record};

fn time(t: jiff::Timestamp) -> Key {
    Key::Time(t)
}
fn opt_time(t: Option<jiff::Timestamp>) -> Key {
    t.map_or(Key::Null, Key::Time)
}

/// A conversation together with its index (threads are keyed by index).
pub struct ConversationRef<'a>(pub &'a SimConversation);

impl Record for ConversationRef<'_> {
    fn id(&self) -> &str {
        &self.0.id
    }
    fn to_json(&self, db: &Db) -> Value {
        self.0.to_json(db)
    }
    fn write_selected(&self, db: &Db, select: &crate::sim::query::Select, out: &mut Vec<u8>) {
        self.0.write_selected(db, select, out);
    }
    fn fast_field(&self, path: &str, db: &Db) -> Option<Key> {
        let c = self.0;
        Some(match path {
            "id" => Key::Str(c.id.clone()),
            "friendlyId" => Key::Num(c.friendly_id as f64),
            "status" => Key::Str(c.status.as_str().into()),
            "title" => Key::Str(c.title.clone()),
            "summary" => Key::Str(c.summary.clone()),
            "priority" => c.priority.map_or(Key::Null, |p| Key::Num(p.into())),
            "customerId" | "customer.id" | "customer.name" if c.no_customer => Key::Null,
            "customerId" | "customer.id" => Key::Str(db.customers[c.customer].id.clone()),
            "customer.name" => Key::Str(db.customers[c.customer].name.clone()),
            "assignedToUserId" | "assignedToUser.id" => {
                c.assignee.map_or(Key::Null, |a| Key::Str(db.users[a].id.clone()))
            }
            "createdAt" => time(c.created_at),
            "updatedAt" => time(c.updated_at),
            "lastActivityAt" => time(c.last_activity_at),
            "closedAt" => opt_time(c.closed_at),
            "statusUpdatedAt" => opt_time(c.status_updated_at),
            "sourceType" => Key::Str(c.source_type.into()),
            "channelId" => Key::Str(c.channel.clone().unwrap_or_else(|| db.customers[c.customer].channel_id.clone())),
            "submitterUserId" => Key::Str(c.submitter(db)),
            "tags.id" => Key::List(c.tags.iter().map(|&t| Key::Str(db.tags[t].id.clone())).collect()),
            "tags.name" => Key::List(c.tags.iter().map(|&t| Key::Str(db.tags[t].name.clone())).collect()),
            _ => return None,
        })
    }
}

/// A message, with the conversation it belongs to.
pub struct MessageRef<'a>(pub &'a SimMessage, pub &'a SimConversation);

impl Record for MessageRef<'_> {
    fn id(&self) -> &str {
        &self.0.id
    }
    fn to_json(&self, db: &Db) -> Value {
        self.0.to_json(self.1, db)
    }
    fn fast_field(&self, path: &str, _db: &Db) -> Option<Key> {
        Some(match path {
            "id" => Key::Str(self.0.id.clone()),
            "ts" => Key::Str(self.0.ts.clone()),
            "timestamp" => time(self.0.timestamp),
            "isPrivateNote" => Key::Bool(self.0.private_note),
            _ => return None,
        })
    }
}

impl Record for SimCustomer {
    fn id(&self) -> &str {
        &self.id
    }
    fn to_json(&self, db: &Db) -> Value {
        SimCustomer::to_json(self, db)
    }
    fn fast_field(&self, path: &str, _db: &Db) -> Option<Key> {
        Some(match path {
            "id" => Key::Str(self.id.clone()),
            "name" => Key::Str(self.name.clone()),
            "createdAt" => time(self.created_at),
            "updatedAt" => time(self.updated_at),
            _ => return None,
        })
    }
}

impl Record for SimUser {
    fn id(&self) -> &str {
        &self.id
    }
    fn to_json(&self, _db: &Db) -> Value {
        SimUser::to_json(self)
    }
}

impl Record for SimTag {
    fn id(&self) -> &str {
        &self.id
    }
    fn to_json(&self, _db: &Db) -> Value {
        SimTag::to_json(self)
    }
}
