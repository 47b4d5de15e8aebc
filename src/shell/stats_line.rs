//! `triage stats --format '{open} open · {breaching} breaching · {sla}% in SLA'`: one line
//! for a tmux or shell status bar. From the console's last glance in the offline cache
//! when it is fresh (no network, a few milliseconds), else counted from the server (also
//! with `--refresh`); `--json` prints the same fields.

use serde_json::json;

use crate::api::ApiError;
use crate::desk::glance::{self, Glance, PLACEHOLDERS};
use crate::desk::{Desk, InboxQuery, Ticket};
use crate::shell::cli::StatsArgs;

/// Where the numbers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Cache,
    Server,
}

/// The template is checked before anything is read: an unknown placeholder is the caller's
/// mistake (exit 2), named with the valid ones.
pub fn check(template: &str) -> Result<(), String> {
    glance::format(template, &Glance::default()).map(drop)
}

/// The console's glance, if the cache has one fresh enough for `me`.
pub fn from_cache(path: Option<std::path::PathBuf>, me: Option<&str>, now: jiff::Timestamp) -> Option<Glance> {
    let path = path.filter(|p| p.is_file())?;
    let cache = crate::store::cache::Cache::open(&path).ok()?;
    cache.load_glance().ok().flatten().filter(|g| g.fresh(now, me))
}

/// Every conversation, counted.
pub async fn from_server<D: Desk>(desk: &D, me: Option<String>) -> Result<Glance, ApiError> {
    let agents = desk.agents().await?;
    let me_id =
        me.as_deref().and_then(|m| agents.iter().find(|a| a.email.eq_ignore_ascii_case(m))).map(|a| a.id.clone());
    let mut tickets: Vec<Ticket> = Vec::new();
    crate::desk::walk_inbox(desk, &InboxQuery::default(), |page| {
        tickets.extend(page);
        true
    })
    .await?;
    let now = jiff::Timestamp::now();
    Ok(glance::glance(tickets.iter(), now, &jiff::tz::TimeZone::system(), (me, me_id.as_deref())))
}

/// The line, or the JSON object of every field.
pub fn render(template: &str, g: &Glance, source: Source, args: &StatsArgs) -> Result<String, String> {
    if !args.json {
        return Ok(glance::format(template, g)? + "\n");
    }
    let mut doc = serde_json::Map::new();
    for name in PLACEHOLDERS {
        let number = g.field(name).flatten();
        let value = match name {
            "sla" => json!(number.map(|s| (s * 10.0).round() / 10.0)),
            _ => json!(number.map(|n| n as u64)),
        };
        doc.insert(name.to_string(), value);
    }
    doc.insert("line".into(), json!(glance::format(template, g)?));
    doc.insert("at".into(), json!(g.at.to_string()));
    doc.insert("source".into(), json!(if source == Source::Cache { "cache" } else { "server" }));
    Ok(serde_json::to_string_pretty(&serde_json::Value::Object(doc)).unwrap_or_default() + "\n")
}
