//! Customers, users and tags: the same list and get over different records, and the
//! tag links that add or remove a tag on many conversations at once.

use super::*;

pub(super) fn list_of<R: Record>(s: &SimState, body: &Bytes, records: fn(&Db) -> &[R]) -> Listed {
    let q = ListQuery::parse(&parse_json(body)?)?;
    s.read(|db| query::list(records(db), &q, "name", db))
}

pub(super) fn get_of<R: Record>(s: &SimState, id: &str, records: fn(&Db) -> &[R], what: &str) -> Answer {
    s.read(|db| {
        records(db).iter().find(|r| r.id() == id).map(|r| Json(r.to_json(db))).ok_or_else(|| SimError::not_found(what))
    })
}

pub(super) async fn list_customers(State(s): S, body: Bytes) -> Listed {
    list_of(&s, &body, |db| &db.customers)
}
pub(super) async fn get_customer(State(s): S, Path(id): Path<String>) -> Answer {
    get_of(&s, &id, |db| &db.customers, "Customer")
}
pub(super) async fn list_users(State(s): S, body: Bytes) -> Listed {
    list_of(&s, &body, |db| &db.users)
}
pub(super) async fn get_user(State(s): S, Path(id): Path<String>) -> Answer {
    get_of(&s, &id, |db| &db.users, "User")
}
pub(super) async fn list_tags(State(s): S, body: Bytes) -> Listed {
    list_of(&s, &body, |db| &db.tags)
}
pub(super) async fn get_tag(State(s): S, Path(id): Path<String>) -> Answer {
    get_of(&s, &id, |db| &db.tags, "Tag")
}

pub(super) async fn link_tag(state: S, path: Path<String>, body: Bytes) -> Answer {
    change_tag_links(state, path, body, true).await
}
pub(super) async fn unlink_tag(state: S, path: Path<String>, body: Bytes) -> Answer {
    change_tag_links(state, path, body, false).await
}

/// The body is a JSON array of conversation ids; all must exist, or nothing changes.
pub(super) async fn change_tag_links(State(s): S, Path(tag_id): Path<String>, body: Bytes, link: bool) -> Answer {
    let body = parse_json(&body)?;
    let ids: Vec<String> = body
        .as_array()
        .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
        .ok_or_else(|| SimError::invalid("The body must be a JSON array of conversation ids"))?;
    s.write(|db| {
        let tag = db.tag_index(&tag_id).ok_or_else(|| SimError::not_found("Tag"))?;
        let indices = ids.iter().map(|id| conversation_index(db, id)).collect::<Result<Vec<_>, _>>()?;
        let now = Timestamp::now();
        for i in indices {
            let c = &mut db.conversations[i];
            let had = c.tags.contains(&tag);
            if link && !had {
                c.tags.push(tag);
            } else if !link && had {
                c.tags.retain(|t| *t != tag);
            } else {
                continue;
            }
            c.updated_at = now.max(c.updated_at + SignedDuration::from_millis(1));
        }
        Ok(Json(json!({"success": true})))
    })
}
