//! Followers (API-NOTES §11): `add-follower` takes `{entityId, entityType}`, `remove-follower`
//! `{entityId}`. The simulator's workspace has users only, so a group is refused.

use super::*;

/// The user a follower request names, checked before anything changes.
fn follower(body: &Value, db: &Db, adding: bool) -> Result<usize, SimError> {
    let entity =
        body.get("entityId").and_then(Value::as_str).ok_or_else(|| SimError::invalid("entityId is required"))?;
    match body.get("entityType").and_then(Value::as_str) {
        Some("user") => {}
        None if !adding => {}
        Some("group") => return Err(SimError::not_found("Group")),
        Some(other) => return Err(SimError::invalid(format!("Invalid entityType: {other}"))),
        None => return Err(SimError::invalid("entityType is required (user or group)")),
    }
    db.user_index(entity).ok_or_else(|| SimError::not_found("User"))
}

pub async fn add_follower(State(s): S, Path(id): Path<String>, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    s.write(|db| {
        let i = conversation_index(db, &id)?;
        let user = follower(&body, db, true)?;
        let c = &mut db.conversations[i];
        if !c.followers.contains(&user) {
            c.followers.push(user);
            c.updated_at = Timestamp::now();
        }
        Ok(Json(json!({"ok": true})))
    })
}

pub async fn remove_follower(State(s): S, Path(id): Path<String>, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    s.write(|db| {
        let i = conversation_index(db, &id)?;
        let user = follower(&body, db, false)?;
        let c = &mut db.conversations[i];
        if c.followers.contains(&user) {
            c.followers.retain(|u| *u != user);
            c.updated_at = Timestamp::now();
        }
        Ok(Json(json!({"ok": true})))
    })
}
