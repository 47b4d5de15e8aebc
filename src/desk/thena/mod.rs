//! The Thena desk: the requests export as a read-only inbox. The export has no paging, so
//! it is downloaded once per refresh and served to the console in pages; threads become a
//! timeline, the sidebar aggregates the customer's requests, and metrics are computed here.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use tokio::sync::Mutex;

use super::series::{self, Dimension, Metric, Observation, Series, SeriesQuery};
use super::*;
use crate::api::activity::Reporter;
use crate::api::thena::{ThenaClient, ThenaRequest};

mod map;
use map::{customer_id, ticket_id};
use map::{line, non_empty};
pub use map::{status, ticket, timeline, urgency};

/// Rows handed to the console per page: large enough to fill fast, small enough that each
/// arrives without a pause in drawing.
const PAGE: usize = 500;

/// One downloaded export. Its tickets are made page by page, not held beside the
/// requests: the inbox holds them (50,000 tickets held twice were a quarter of the console).
pub struct Export {
    pub requests: Vec<ThenaRequest>,
    /// Records with a field that could not be read (shown with it empty).
    pub damaged: Vec<TicketId>,
    /// Records that could not be read at all.
    pub unreadable: usize,
    /// The requests the last query paged through matched, by position.
    matched: std::sync::Mutex<Option<(InboxQuery, Arc<[usize]>)>>,
}

impl Export {
    fn new(requests: Vec<ThenaRequest>, unreadable: usize) -> Self {
        let damaged = requests.iter().filter(|r| !r.invalid_fields().is_empty()).map(ticket_id).collect();
        Export { requests, damaged, unreadable, matched: Default::default() }
    }

    /// Every request with its ticket.
    fn tickets(&self) -> impl Iterator<Item = (&ThenaRequest, Ticket)> {
        self.requests.iter().map(|r| (r, ticket(r)))
    }

    /// The positions of the requests whose tickets `query` matches (the last query's kept).
    fn matching(&self, query: &InboxQuery) -> Arc<[usize]> {
        let mut matched = self.matched.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*matched {
            Some((asked, positions)) if asked == query => positions.clone(),
            _ => {
                let positions: Arc<[usize]> =
                    self.tickets().enumerate().filter(|(_, (_, t))| query.matches(t)).map(|(i, _)| i).collect();
                *matched = Some((query.clone(), positions.clone()));
                positions
            }
        }
    }

    /// The request behind a ticket id (compared in place: a lookup walks every request,
    /// and formatting each one's id was an allocation a request).
    fn request(&self, id: &TicketId) -> Option<&ThenaRequest> {
        let number = id.0.strip_prefix(map::ID_PREFIX)?;
        self.requests.iter().find(|r| r.request_id == number)
    }

    /// A customer's requests, with their tickets.
    fn of_customer<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (&'a ThenaRequest, Ticket)> + 'a {
        self.requests.iter().filter(move |r| customer_id(r).as_deref() == Some(id)).map(|r| (r, ticket(r)))
    }
}

pub struct ThenaDesk {
    client: ThenaClient,
    start: Date,
    end: Option<Date>,
    /// The last export downloaded.
    export: Mutex<Option<Arc<Export>>>,
}

impl ThenaDesk {
    pub fn new(client: ThenaClient, start: Date, end: Option<Date>) -> Self {
        ThenaDesk { client, start, end, export: Mutex::new(None) }
    }

    pub fn range(&self) -> (Date, Option<Date>) {
        (self.start, self.end)
    }

    /// The export of the default window, downloading it when `fresh` or not yet loaded.
    pub async fn export(&self, fresh: bool) -> Result<Arc<Export>, ApiError> {
        let slot = self.export.lock().await;
        match (fresh, slot.as_ref()) {
            (false, Some(export)) => Ok(export.clone()),
            _ => {
                drop(slot);
                self.export_of(self.start, self.end).await
            }
        }
    }

    /// Download the export of a window (the console's range prompt chooses it).
    pub async fn export_of(&self, start: Date, end: Option<Date>) -> Result<Arc<Export>, ApiError> {
        let mut slot = self.export.lock().await;
        let items = self.client.export(start, end).await?;
        let unreadable = items.iter().filter(|i| i.as_ok().is_none()).count();
        let requests: Vec<ThenaRequest> = items.into_iter().filter_map(|i| i.ok()).collect();
        let export = Arc::new(Export::new(requests, unreadable));
        *slot = Some(export.clone());
        Ok(export)
    }
}

fn observations(export: &Export, metric: Metric) -> Vec<Observation> {
    export
        .tickets()
        .filter_map(|(r, t)| {
            let (at, value) = match metric {
                Metric::TotalCount => (t.created_at?, 1.0),
                Metric::ConversationsResolved => (t.closed_at?, 1.0),
                // Thena's export has no working-hours times: both variants read the same.
                Metric::ResponseTimeMean | Metric::ResponseTimeWorkingMean => (t.created_at?, t.response_secs?),
                Metric::ResolutionTimeMean | Metric::ResolutionTimeWorkingMean => (t.closed_at?, t.resolution_secs?),
                // A rating comes when the request closes.
                Metric::CsatMean => (t.closed_at.or(t.created_at)?, *r.csat_score.value()?),
                Metric::CsatRatings => (t.closed_at.or(t.created_at)?, r.csat_score.value().map(|_| 1.0)?),
            };
            let mut keys = BTreeMap::new();
            keys.insert(
                Dimension::AssigneeId,
                vec![t.assignee_id.as_deref().unwrap_or(series::MISSING_KEY).to_string()],
            );
            keys.insert(
                Dimension::CustomerId,
                vec![t.customer_id.as_deref().unwrap_or(series::MISSING_KEY).to_string()],
            );
            let tags: Vec<String> = t.tags.iter().map(|t| t.id.to_string()).collect();
            keys.insert(Dimension::TagId, if tags.is_empty() { vec![series::MISSING_KEY.into()] } else { tags });
            // Thena has no source; its breakdown by urgency takes that slot.
            keys.insert(Dimension::SourceType, vec![non_empty(&r.urgency).unwrap_or_else(|| "none".into())]);
            let sentiment = non_empty(&r.sentiment).map_or_else(|| "unknown".into(), |s| s.to_lowercase());
            keys.insert(Dimension::Sentiment, vec![sentiment]);
            Some(Observation { at, value, keys })
        })
        .collect()
}

impl Desk for ThenaDesk {
    fn report_to(&mut self, reporter: Reporter) {
        self.client.report_to(reporter);
    }
    fn name(&self) -> &'static str {
        "Thena"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { reply: false, mutate: false, reporting: true, partitions: false, clocks: false, live: false }
    }

    async fn inbox_page(&self, query: &InboxQuery, cursor: Option<String>) -> Result<InboxPage, ApiError> {
        // The first page of a (re)load downloads the export again; later pages page through it.
        let (start, end) = query.created.unwrap_or((self.start, self.end));
        let export = if cursor.is_none() { self.export_of(start, end).await? } else { self.export(false).await? };
        let offset: usize = cursor.as_deref().and_then(|c| c.parse().ok()).unwrap_or(0);
        let matching = export.matching(query);
        let page: Vec<Ticket> = matching.iter().skip(offset).take(PAGE).map(|&i| ticket(&export.requests[i])).collect();
        let next = (offset + PAGE < matching.len()).then(|| (offset + PAGE).to_string());
        let (damaged, unreadable) = if offset == 0 { (export.damaged.clone(), export.unreadable) } else { (vec![], 0) };
        Ok(InboxPage { tickets: page, next, total: Some(matching.len() as u64), damaged, unreadable })
    }

    /// The ids of the export as last downloaded (a sync downloads it again first).
    async fn ticket_ids(&self, query: &InboxQuery, cursor: Option<String>) -> Result<IdPage, ApiError> {
        let export = self.export(false).await?;
        let offset: usize = cursor.as_deref().and_then(|c| c.parse().ok()).unwrap_or(0);
        let matching = export.matching(query);
        let ids = matching.iter().skip(offset).take(PAGE).map(|&i| ticket_id(&export.requests[i])).collect();
        let next = (offset + PAGE < matching.len()).then(|| (offset + PAGE).to_string());
        Ok(IdPage { ids, next, total: Some(matching.len() as u64) })
    }

    /// The export has no "changed since": a new download is the sync.
    async fn changed_since(
        &self,
        query: &InboxQuery,
        _since: Timestamp,
        cursor: Option<String>,
    ) -> Result<InboxPage, ApiError> {
        let mut page = self.inbox_page(query, cursor).await?;
        page.total = None;
        Ok(page)
    }

    /// The export arrives whole: nothing to partition.
    async fn oldest_created(&self, _: &InboxQuery) -> Result<Option<Timestamp>, ApiError> {
        Ok(None)
    }

    async fn thread(&self, id: &TicketId) -> Result<Vec<Message>, ApiError> {
        let export = self.export(false).await?;
        let r = export.request(id).ok_or_else(|| ApiError::NotFound { title: "Request not in this export".into() })?;
        Ok(timeline(r))
    }

    async fn customer(&self, id: &str) -> Result<Customer, ApiError> {
        let export = self.export(false).await?;
        let theirs: Vec<(&ThenaRequest, Ticket)> = export.of_customer(id).collect();
        let mean = |values: Vec<f64>| (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
        let stats = CustomerStats {
            requests: theirs.len(),
            open: theirs.iter().filter(|(_, t)| t.status != TicketStatus::Closed).count(),
            mean_csat: mean(theirs.iter().filter_map(|(r, _)| r.csat_score.value().copied()).collect()),
            mean_resolution_hours: mean(
                theirs.iter().filter_map(|(_, t)| t.resolution_secs.map(|s| s / 3600.0)).collect(),
            ),
        };
        let channel = theirs.iter().find_map(|(r, _)| non_empty(&r.slack_channel));
        let tags: BTreeSet<String> =
            theirs.iter().flat_map(|(_, t)| t.tags.iter().map(|x| x.name.to_string())).collect();
        Ok(Customer {
            id: id.to_string(),
            name: line(id),
            channel,
            primary_assignee_id: None,
            secondary_assignee_id: None,
            reply_timeout_minutes: None,
            tags: tags.into_iter().take(6).collect(),
            since: theirs.iter().filter_map(|(_, t)| t.created_at).min(),
            domains: Vec::new(),
            stats: Some(stats),
        })
    }

    async fn customer_tickets(&self, id: &str) -> Result<Vec<Ticket>, ApiError> {
        let export = self.export(false).await?;
        let mut theirs: Vec<Ticket> = export.of_customer(id).map(|(_, t)| t).collect();
        theirs.sort_by_key(|t| std::cmp::Reverse(t.updated_at));
        theirs.truncate(8);
        Ok(theirs)
    }

    async fn agents(&self) -> Result<Vec<Agent>, ApiError> {
        let export = self.export(false).await?;
        let mut seen = BTreeMap::new();
        for r in &export.requests {
            if let Some(id) = non_empty(&r.assigned_to_user_email).or_else(|| non_empty(&r.owner)) {
                seen.entry(id.clone()).or_insert_with(|| Agent {
                    name: non_empty(&r.owner).unwrap_or_else(|| id.clone()),
                    email: non_empty(&r.assigned_to_user_email).unwrap_or_default(),
                    id,
                    slack_id: None,
                });
            }
        }
        Ok(seen.into_values().collect())
    }

    async fn tags(&self) -> Result<Vec<TagRef>, ApiError> {
        let export = self.export(false).await?;
        let names: BTreeSet<String> = export.requests.iter().flat_map(|r| r.ai_tags.iter().map(|t| line(t))).collect();
        Ok(names.into_iter().map(|n| TagRef { id: (*n).into(), name: n.into() }).collect())
    }

    async fn update_ticket(&self, _: &TicketId, _: &Change) -> Result<Ticket, ApiError> {
        Err(ApiError::Config { detail: "Thena's export is read-only".into() })
    }

    async fn send_message(&self, _: &TicketId, _: &str, _: bool, _: Option<&Agent>) -> Result<Message, ApiError> {
        Err(ApiError::Config { detail: "Thena's export is read-only".into() })
    }

    async fn change_tag(&self, _: &[TicketId], _: &str, _: bool) -> Result<(), ApiError> {
        Err(ApiError::Config { detail: "Thena's export is read-only".into() })
    }

    async fn series(&self, query: &SeriesQuery) -> Result<Series, ApiError> {
        let export = self.export(false).await?;
        // An agent's name: the owner named beside their email on the first request naming both.
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for r in &export.requests {
            if let Some(email) = non_empty(&r.assigned_to_user_email) {
                names.entry(email).or_insert_with(|| line(&r.owner));
            }
        }
        let name = |d: Dimension, key: &str| match d {
            Dimension::AssigneeId if key == series::MISSING_KEY => "unassigned".to_string(),
            Dimension::AssigneeId => {
                names.get(key).filter(|n| !n.is_empty()).cloned().unwrap_or_else(|| key.to_string())
            }
            Dimension::TagId if key == series::MISSING_KEY => "no tag".to_string(),
            _ => key.to_string(),
        };
        Ok(series::aggregate(query, observations(&export, query.metric).into_iter(), name))
    }
}
