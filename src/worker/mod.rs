//! The background worker: `Job`s in, `NetEvent`s out. It owns no application state, runs
//! jobs with bounded concurrency, and never dies on an error: every failure is an event.
//! With a cache it is also the caching desk: what the cache knows is answered first, what
//! the server says is stored before the state hears of it.

mod caching;
mod latest;
pub mod replay;
pub mod store;
pub mod work;

use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};

use latest::Latest;
use tokio::task::JoinHandle;

use crate::api::ApiError;
use crate::api::activity::{Activity, Reporter};
use crate::desk::series::{Series, SeriesQuery};
use crate::desk::*;

/// Identifies a request so a reply that is no longer awaited can be dropped.
pub type ReqId = u64;

/// Hands out request ids, each once, from 2 up (0 and 1 are never a request's).
#[derive(Debug, Clone, PartialEq)]
pub struct ReqIds(ReqId);

impl Default for ReqIds {
    fn default() -> Self {
        ReqIds(1)
    }
}

impl ReqIds {
    pub fn take(&mut self) -> ReqId {
        self.0 += 1;
        self.0
    }
}

/// How many requests run at once.
pub const CONCURRENCY: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Inbox {
        req: ReqId,
        query: InboxQuery,
        cursor: Option<String>,
    },
    /// `prefetch`: the thread under the cursor. Only the latest prefetch is kept waiting,
    /// so holding `j` down does not queue a request per row.
    Thread {
        req: ReqId,
        ticket: TicketId,
        prefetch: bool,
    },
    Customer {
        req: ReqId,
        customer: String,
    },
    CustomerTickets {
        req: ReqId,
        customer: String,
    },
    Agents {
        req: ReqId,
    },
    Tags {
        req: ReqId,
    },
    /// A triage change on one or more tickets: PATCHes run `CONCURRENCY` at a time; a tag
    /// change is one call for the whole set.
    Apply {
        req: ReqId,
        tickets: Vec<TicketId>,
        change: Change,
    },
    /// A reply or private note. Never retried by the worker: the outcome may be unknown.
    Send {
        req: ReqId,
        ticket: TicketId,
        markdown: String,
        private_note: bool,
        as_agent: Option<Agent>,
    },
    Series {
        req: ReqId,
        query: SeriesQuery,
    },
    /// An incremental sync: what changed since the high-water mark, merged into the inbox.
    Sync {
        req: ReqId,
        query: InboxQuery,
        since: jiff::Timestamp,
        cursor: Option<String>,
    },
    /// When the oldest matching ticket was created (to partition the first fill).
    Oldest {
        req: ReqId,
        query: InboxQuery,
    },
    /// A page of the ids the server holds for the query (a reconcile).
    Ids {
        req: ReqId,
        query: InboxQuery,
        cursor: Option<String>,
    },
    /// Whether any ticket of the query changed after `after` (the live check).
    Changed {
        req: ReqId,
        query: InboxQuery,
        after: jiff::Timestamp,
    },
    /// One ticket's work (types, files, approvals, the knowledge base).
    Work {
        req: ReqId,
        job: work::WorkJob,
    },
}

/// Work for the cache alone.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreJob {
    /// Persist how far the fill got (in order after the pages it counts).
    SaveLedger(Ledger),
    /// A full-text query; only the newest one waiting is run.
    Search(String),
    /// The cached tickets after the first screenful (loaded after the first frame).
    LoadRest { skip: usize },
    /// The outbox, whole, as it is now.
    SaveOutbox(Vec<crate::desk::outbox::Queued>),
    /// The counts a status bar shows, after a whole sync.
    SaveGlance(Box<crate::desk::glance::Glance>),
    /// Tickets the server no longer holds (a reconcile found them gone).
    Forget(Vec<TicketId>),
    /// The agent opened this ticket then (Unread).
    SaveOpened(TicketId, jiff::Timestamp),
}

/// What the worker is handed.
#[derive(Debug, Clone, PartialEq)]
pub enum Work {
    Net(Job),
    Store(StoreJob),
}

/// What the server said for one ticket of a change: its copy after the change (`None`
/// when the call does not answer one), or why it failed.
pub type Outcome = (TicketId, Result<Option<Ticket>, ApiError>);

#[derive(Debug, Clone, PartialEq)]
pub enum NetEvent {
    Inbox {
        req: ReqId,
        result: Result<InboxPage, ApiError>,
        /// From the request's start to its answer (retries included): a fill's pace.
        took: std::time::Duration,
    },
    Thread {
        req: ReqId,
        ticket: TicketId,
        result: Result<Vec<Message>, ApiError>,
    },
    Customer {
        req: ReqId,
        customer: String,
        result: Result<Customer, ApiError>,
    },
    CustomerTickets {
        req: ReqId,
        customer: String,
        result: Result<Vec<Ticket>, ApiError>,
    },
    Agents {
        req: ReqId,
        result: Result<Vec<Agent>, ApiError>,
    },
    Tags {
        req: ReqId,
        result: Result<Vec<TagRef>, ApiError>,
    },
    Applied {
        req: ReqId,
        outcomes: Vec<Outcome>,
    },
    Oldest {
        req: ReqId,
        result: Result<Option<jiff::Timestamp>, ApiError>,
    },
    Ids {
        req: ReqId,
        result: Result<IdPage, ApiError>,
    },
    Changed {
        req: ReqId,
        result: Result<bool, ApiError>,
    },
    Sent {
        req: ReqId,
        ticket: TicketId,
        result: Result<Message, ApiError>,
    },
    Series {
        req: ReqId,
        query: SeriesQuery,
        result: Result<Series, ApiError>,
    },
    /// A thread as last cached, shown while request `req` refreshes it.
    CachedThread {
        req: ReqId,
        ticket: TicketId,
        messages: Vec<Message>,
    },
    /// A customer as last cached, shown until (or unless) the live one comes.
    CachedCustomer(Customer),
    /// The cache stopped taking writes (why), or takes them again.
    CacheWritable(Result<(), String>),
    /// Full-text hits for `text`, newest first.
    SearchHits {
        text: String,
        hits: Vec<TicketId>,
    },
    /// The rest of the cached inbox, and the rows of it that could not be read.
    CacheRest {
        tickets: Vec<Ticket>,
        unreadable: Vec<TicketId>,
    },
    /// The cache belonged to another workspace: it was set aside, and is empty now.
    CacheForeign,
    /// What a request is doing while it takes long (a wait before a retry, a download).
    Activity(Activity),
    Work {
        req: ReqId,
        event: Box<work::WorkEvent>,
    },
}

/// Carry out one job (the worker's unit of work; tests call it directly).
pub async fn execute<D: Desk>(desk: &D, job: Job) -> NetEvent {
    match job {
        Job::Inbox { req, query, cursor } => {
            let started = tokio::time::Instant::now();
            let result = desk.inbox_page(&query, cursor).await;
            NetEvent::Inbox { req, result, took: started.elapsed() }
        }
        Job::Oldest { req, query } => NetEvent::Oldest { req, result: desk.oldest_created(&query).await },
        Job::Ids { req, query, cursor } => NetEvent::Ids { req, result: desk.ticket_ids(&query, cursor).await },
        Job::Changed { req, query, after } => {
            NetEvent::Changed { req, result: desk.changed_after(&query, after).await }
        }
        Job::Sync { req, query, since, cursor } => {
            let started = tokio::time::Instant::now();
            let result = desk.changed_since(&query, since, cursor).await;
            NetEvent::Inbox { req, result, took: started.elapsed() }
        }
        Job::Thread { req, ticket, .. } => {
            let result = desk.thread(&ticket).await;
            NetEvent::Thread { req, ticket, result }
        }
        Job::Customer { req, customer } => {
            let result = desk.customer(&customer).await;
            NetEvent::Customer { req, customer, result }
        }
        Job::CustomerTickets { req, customer } => {
            let result = desk.customer_tickets(&customer).await;
            NetEvent::CustomerTickets { req, customer, result }
        }
        Job::Agents { req } => NetEvent::Agents { req, result: desk.agents().await },
        Job::Tags { req } => NetEvent::Tags { req, result: desk.tags().await },
        Job::Send { req, ticket, markdown, private_note, as_agent } => {
            let result = desk.send_message(&ticket, &markdown, private_note, as_agent.as_ref()).await;
            NetEvent::Sent { req, ticket, result }
        }
        Job::Series { req, query } => {
            let result = desk.series(&query).await;
            NetEvent::Series { req, query, result }
        }
        Job::Apply { req, tickets, change } => NetEvent::Applied { req, outcomes: apply(desk, tickets, &change).await },
        Job::Work { req, job } => work::execute(desk, req, job).await,
    }
}

/// One change to these tickets, as the console and the shell both make it: a tag in one
/// call for all of them, anything else ticket by ticket (the server's ticket back).
pub async fn apply<D: Desk>(desk: &D, tickets: Vec<TicketId>, change: &Change) -> Vec<Outcome> {
    use futures::StreamExt;
    if let Change::AddTag(tag) | Change::RemoveTag(tag) = change {
        let result = desk.change_tag(&tickets, &tag.id, matches!(change, Change::AddTag(_))).await;
        return tickets.into_iter().map(|id| (id, result.clone().map(|()| None))).collect();
    }
    futures::stream::iter(tickets)
        .map(|id| async move {
            let result = desk.update_ticket(&id, change).await.map(Some);
            (id, result)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await
}

/// Start the worker. It ends when `work` is closed (the console quit).
pub fn spawn<D: Desk>(
    mut desk: D,
    store: Option<store::Store>,
    mut work: mpsc::UnboundedReceiver<Work>,
    events: mpsc::UnboundedSender<NetEvent>,
) -> JoinHandle<()> {
    if let Some(store) = &store {
        store.report_to(events.clone());
    }
    let heard = events.clone();
    desk.report_to(Reporter::new(move |activity| {
        let _ = heard.send(NetEvent::Activity(activity));
    }));
    let desk = Arc::new(desk);
    tokio::spawn(async move {
        // Room for the widest fill and, beside it, a thread, a customer and the metrics.
        let limit = Arc::new(Semaphore::new(crate::desk::MAX_PARTITIONS + CONCURRENCY));
        let prefetch = {
            let (desk, store, events) = (desk.clone(), store.clone(), events.clone());
            Latest::spawn(move |job: Job| {
                let (desk, store, events) = (desk.clone(), store.clone(), events.clone());
                async move {
                    caching::run(desk.as_ref(), store.as_ref(), job, &events).await;
                    !events.is_closed()
                }
            })
        };
        let search = store.clone().map(|store| caching::searcher(store, events.clone()));
        while let Some(item) = work.recv().await {
            let job = match item {
                Work::Store(StoreJob::Search(text)) => {
                    if let Some(search) = &search {
                        search.put(text);
                    }
                    continue;
                }
                Work::Store(job) => {
                    if let Some(store) = &store {
                        caching::store_job(store, job, &events);
                    }
                    continue;
                }
                Work::Net(job) => job,
            };
            if matches!(job, Job::Thread { prefetch: true, .. }) {
                prefetch.put(job);
                continue;
            }
            // The permit is taken inside the task, so this loop never waits on the network
            // and the cache's work (the ledger) is handed on in order at once.
            let (desk, store, events, limit) = (desk.clone(), store.clone(), events.clone(), limit.clone());
            tokio::spawn(async move {
                caching::answer_from_cache(store.as_ref(), &job, &events).await;
                let Ok(_permit) = limit.acquire_owned().await else { return };
                crate::support::fault::injected_fault("panic_in_worker");
                caching::fetch(desk.as_ref(), store.as_ref(), job, &events).await;
            });
        }
    })
}
