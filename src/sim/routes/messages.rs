//! `POST /conversations/:id/messages`, as JSON or as multipart/form-data (a `json` part with
//! the message, one `attachments` part per file; ≤ 10 files, ≤ 20 MB each).

use std::sync::Arc;

use axum::extract::FromRequest;
use axum::http::HeaderMap;

use super::*;
use crate::sim::work::SimFile;

const MAX_FILES: usize = 10;
const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// A file as it came up: name, content type, bytes.
type Upload = (String, String, Vec<u8>);

/// The message's JSON and its files, from either form of the request.
pub(super) async fn read_request(headers: &HeaderMap, body: Bytes) -> Result<(Value, Vec<Upload>), SimError> {
    let content_type = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("multipart/form-data") {
        return Ok((parse_json(&body)?, vec![]));
    }
    let request = axum::http::Request::builder()
        .header(axum::http::header::CONTENT_TYPE, content_type)
        .body(axum::body::Body::from(body))
        .map_err(|e| SimError::invalid(e.to_string()))?;
    let bad = |e: axum::extract::multipart::MultipartError| SimError::invalid(format!("Invalid multipart body: {e}"));
    let mut form =
        axum::extract::Multipart::from_request(request, &()).await.map_err(|e| SimError::invalid(e.to_string()))?;
    let (mut json, mut files) = (None, Vec::new());
    while let Some(part) = form.next_field().await.map_err(bad)? {
        match part.name() {
            Some("json") => json = Some(parse_json(&part.bytes().await.map_err(bad)?)?),
            Some("attachments") => {
                let name = part.file_name().unwrap_or("file").to_string();
                let mime = part.content_type().unwrap_or("application/octet-stream").to_string();
                let bytes = part.bytes().await.map_err(bad)?.to_vec();
                if bytes.len() > MAX_FILE_BYTES {
                    return Err(SimError::invalid(format!("{name} is larger than 20 MB")));
                }
                files.push((name, mime, bytes));
            }
            _ => {}
        }
    }
    if files.len() > MAX_FILES {
        return Err(SimError::invalid(format!("At most {MAX_FILES} attachments per message")));
    }
    Ok((json.ok_or_else(|| SimError::invalid("The json part is required"))?, files))
}

/// The reference's `CreateMessageRequest`: any other field is refused.
const MESSAGE_FIELDS: [&str; 7] =
    ["body", "blocks", "markdown", "triageThreadTs", "isPrivateNote", "isAutoresponse", "onBehalfOf"];

/// What the reference forbids, refused before anything is stored: a field it does not
/// have, `onBehalfOf` that is not an object, a `body` without a value.
fn check_message(body: &Value) -> Result<(), SimError> {
    let fields = body.as_object().ok_or_else(|| SimError::invalid("The request body must be a JSON object"))?;
    if let Some(unknown) = fields.keys().find(|k| !MESSAGE_FIELDS.contains(&k.as_str())) {
        return Err(SimError::invalid(format!("Unknown field: {unknown}")));
    }
    if body.get("onBehalfOf").is_some_and(|b| !b.is_object() && !b.is_null()) {
        return Err(SimError::invalid("onBehalfOf must be an object"));
    }
    if body.get("body").is_some_and(|b| b.get("value").and_then(Value::as_str).is_none_or(|v| v.trim().is_empty())) {
        return Err(SimError::invalid("body.value must not be empty"));
    }
    Ok(())
}

pub(super) async fn create_message(State(s): S, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Answer {
    let (body, uploads) = read_request(&headers, body).await?;
    check_message(&body)?;
    let text_of = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let markdown = text_of(body.pointer("/body/value")).or_else(|| text_of(body.get("markdown")));
    let blocks: Vec<String> = body
        .get("blocks")
        .and_then(Value::as_array)
        .map(|b| b.iter().filter_map(|block| text_of(block.pointer("/text/text"))).collect())
        .unwrap_or_default();
    if markdown.is_none() && blocks.is_empty() {
        return Err(SimError::invalid("Either body, blocks or markdown must be provided"));
    }
    if let Some(kind) =
        body.pointer("/body/type").and_then(Value::as_str).filter(|k| !matches!(*k, "markdown" | "html"))
    {
        return Err(SimError::invalid(format!("Invalid body type: {kind}")));
    }
    let mut text = markdown.map(|m| to_mrkdwn(&m)).unwrap_or_default();
    for block in blocks {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&block);
    }
    let private_note = body.get("isPrivateNote").and_then(Value::as_bool).unwrap_or(false);
    let behalf = body.get("onBehalfOf");
    let name = text_of(behalf.and_then(|b| b.get("name")));
    let email = text_of(behalf.and_then(|b| b.get("email")));
    let user_id = text_of(behalf.and_then(|b| b.get("id")));
    s.write(|db| {
        let i = conversation_index(db, &id)?;
        let user = user_id
            .as_deref()
            .and_then(|u| db.user_index(u))
            .or_else(|| email.as_deref().and_then(|e| db.user_by_email(e)));
        let mut rng = rand::rng();
        let now = Timestamp::now();
        let thread = db.thread_mut(i);
        // Slack timestamps are unique within a thread.
        let at = thread.last().map_or(now, |last| now.max(last.timestamp + SignedDuration::from_micros(1)));
        let message = SimMessage {
            id: ids::uuid(&mut rng),
            ts: slack_ts(at),
            timestamp: at,
            author: Author::Api { name, email, user },
            text,
            private_note,
        };
        thread.push(message.clone());
        let c = &mut db.conversations[i];
        for (name, mime, bytes) in uploads {
            let id = format!("F{}", ids::uuid(&mut rng).replace('-', "")[..10].to_uppercase());
            let (size, bytes) = (bytes.len(), Some(Arc::new(bytes)));
            c.work.files.push(SimFile { id, name, mimetype: mime, size, message_ts: message.ts.clone(), bytes });
        }
        c.message_count += 1;
        c.updated_at = at;
        c.last_activity_at = at;
        if c.response_time.is_none() && !private_note {
            c.response_time = Some(at.duration_since(c.created_at).as_secs());
            c.response_time_working = Some(crate::sim::working_seconds(c.created_at, at));
        }
        Ok(Json(message.to_json(&db.conversations[i], db)))
    })
}
