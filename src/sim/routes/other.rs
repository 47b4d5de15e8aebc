//! Reporting, the knowledge base, Thena's export, and the simulator's own controls.

use super::*;

pub(super) async fn time_series(State(s): S, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    s.read(|db| reporting::time_series(db, &body)).map(Json)
}

pub(super) async fn knowledge_base(State(s): S, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    let query = body.get("query").and_then(Value::as_str).filter(|q| !q.trim().is_empty());
    let query = query.ok_or_else(|| SimError::invalid("query is required"))?.to_lowercase();
    let words: Vec<&str> = query.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2).collect();
    s.read(|db| {
        let mut hits: Vec<(usize, usize)> = db
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (title, content) = (a.title.to_lowercase(), a.content.to_lowercase());
                (i, words.iter().map(|w| 2 * usize::from(title.contains(w)) + usize::from(content.contains(w))).sum())
            })
            .filter(|(_, score)| *score > 0)
            .collect();
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let data: Vec<Value> = hits
            .iter()
            .take(3)
            .map(|&(i, score)| {
                let a = &db.articles[i];
                json!({"id": format!("kb-{i:04}"), "title": a.title, "content": a.content, "url": a.url, "score": score})
            })
            .collect();
        Ok(Json(json!({"data": data})))
    })
}

#[derive(Deserialize)]
pub(super) struct ExportParams {
    start_date: Option<String>,
    end_date: Option<String>,
}

pub(super) async fn thena_export(State(s): S, Query(p): Query<ExportParams>) -> Answer {
    let date = |v: Option<&str>, name: &str| -> Result<Option<jiff::civil::Date>, SimError> {
        v.map(|d| d.parse().map_err(|_| SimError::invalid(format!("{name} must be YYYY-MM-DD")))).transpose()
    };
    let start = date(p.start_date.as_deref(), "start_date")?
        .ok_or_else(|| SimError::invalid("start_date is required (YYYY-MM-DD)"))?;
    let style = s.thena_style();
    s.read(|db| {
        let today = db.anchor.max(Timestamp::now()).to_zoned(jiff::tz::TimeZone::UTC).date();
        let end = date(p.end_date.as_deref(), "end_date")?.unwrap_or(today);
        Ok(Json(thena::export(db, start, end, style)))
    })
}

// --- admin ---

pub(super) async fn requests(State(s): S) -> Json<Vec<LoggedRequest>> {
    Json(s.requests())
}
pub(super) async fn clear_requests(State(s): S) -> Json<Value> {
    s.clear_requests();
    Json(json!({"ok": true}))
}
pub(super) async fn get_faults(State(s): S) -> Json<Faults> {
    Json(s.faults())
}
pub(super) async fn put_faults(State(s): S, Json(faults): Json<Faults>) -> Json<Faults> {
    s.set_faults(faults);
    Json(s.faults())
}
