//! The caching desk: read-through (what the cache knows is answered before the network
//! does) and write-through (what the server said is stored before the state hears of it).
//! A cache that fails is only slower: a read's error is logged; a write's is told once
//! (`store.rs`), so the console can say it works from memory.

use tokio::sync::mpsc;

use super::latest::Latest;
use super::store::Store;
use super::{Job, NetEvent, StoreJob, execute};
use crate::desk::{Desk, Ticket};
use crate::store::cache::{CacheError, SEARCH_HITS, Workspace};

/// Carry out one network job with the cache around it.
pub(super) async fn run<D: Desk>(desk: &D, store: Option<&Store>, job: Job, events: &mpsc::UnboundedSender<NetEvent>) {
    answer_from_cache(store, &job, events).await;
    fetch(desk, store, job, events).await;
}

/// What the cache knows of what `job` asks for, sent at once: before the job waits for its
/// turn on the network (offline, that wait is every retry of the requests ahead of it).
pub(super) async fn answer_from_cache(store: Option<&Store>, job: &Job, events: &mpsc::UnboundedSender<NetEvent>) {
    if let Some(store) = store
        && let Some(cached) = cached_answer(store, job).await
    {
        let _ = events.send(cached);
    }
}

/// Ask the network, keep what it said, then tell the state.
pub(super) async fn fetch<D: Desk>(
    desk: &D,
    store: Option<&Store>,
    job: Job,
    events: &mpsc::UnboundedSender<NetEvent>,
) {
    let event = execute(desk, job).await;
    if let Some(store) = store
        && remember(store, &event).await == Some(Workspace::Foreign)
    {
        let _ = events.send(NetEvent::CacheForeign);
    }
    let _ = events.send(event);
}

/// What the cache already knows of what `job` asks the network for.
async fn cached_answer(store: &Store, job: &Job) -> Option<NetEvent> {
    match job {
        Job::Thread { req, ticket, .. } => {
            let id = ticket.clone();
            let messages = store.call(move |c| logged(c.load_thread(&id)).flatten()).await??;
            Some(NetEvent::CachedThread { req: *req, ticket: ticket.clone(), messages })
        }
        Job::Customer { customer, .. } => {
            let id = customer.clone();
            store.call(move |c| logged(c.load_customer(&id)).flatten()).await?.map(NetEvent::CachedCustomer)
        }
        _ => None,
    }
}

/// Keep what the server said. Agents also confirm the workspace: a cache of another one is
/// set aside (and this answers `Foreign`).
async fn remember(store: &Store, event: &NetEvent) -> Option<Workspace> {
    match event {
        NetEvent::Inbox { result: Ok(page), .. } => save_tickets(store, page.tickets.clone()).await,
        NetEvent::Applied { outcomes, .. } => {
            let saved: Vec<Ticket> = outcomes.iter().filter_map(|(_, r)| r.as_ref().ok().cloned().flatten()).collect();
            save_tickets(store, saved).await;
        }
        NetEvent::Thread { ticket, result: Ok(messages), .. } => {
            let (ticket, messages) = (ticket.clone(), messages.clone());
            store.write(move |c| c.save_thread(&ticket, &messages)).await;
        }
        NetEvent::Customer { result: Ok(customer), .. } => {
            let customer = customer.clone();
            store.write(move |c| c.save_customer(&customer)).await;
        }
        NetEvent::Tags { result: Ok(tags), .. } => {
            let tags = tags.clone();
            store.write(move |c| c.save_tags(&tags)).await;
        }
        NetEvent::Work { event, .. } => match event.as_ref() {
            super::work::WorkEvent::Refetched(tickets) => save_tickets(store, tickets.clone()).await,
            super::work::WorkEvent::Replayed { result: Ok(super::replay::Replayed::Done { ticket, .. }), .. } => {
                save_tickets(store, ticket.iter().map(|t| t.as_ref().clone()).collect()).await;
            }
            _ => {}
        },
        NetEvent::Agents { result: Ok(agents), .. } => {
            let agents = agents.clone();
            return store.call(move |c| confirm_and_save(c, &agents)).await.flatten();
        }
        _ => {}
    }
    None
}

fn confirm_and_save(cache: &mut crate::store::cache::Cache, agents: &[crate::desk::Agent]) -> Option<Workspace> {
    let workspace = logged(cache.confirm_workspace(agents))?;
    if workspace == Workspace::Foreign {
        tracing::warn!("the cache belongs to another workspace: set aside");
        logged(cache.set_aside())?;
        logged(cache.confirm_workspace(agents));
    }
    logged(cache.save_agents(agents));
    Some(workspace)
}

async fn save_tickets(store: &Store, tickets: Vec<Ticket>) {
    if !tickets.is_empty() {
        store.write(move |c| c.save_tickets(&tickets)).await;
    }
}

/// A cache-only job: the ledger in order after the pages it counts, the rest of the
/// cached inbox after the first frame.
pub(super) fn store_job(store: &Store, job: StoreJob, events: &mpsc::UnboundedSender<NetEvent>) {
    match job {
        StoreJob::SaveLedger(ledger) => store.write_later(move |c| c.save_ledger(&ledger)),
        StoreJob::LoadRest { skip } => {
            let events = events.clone();
            // Batch by batch, all sent before the job ends: before any page stored after it.
            store.send(move |c| {
                logged(c.load_batches(skip, None, |tickets, unreadable| {
                    let _ = events.send(NetEvent::CacheRest { tickets, unreadable });
                }));
            });
        }
        StoreJob::SaveOutbox(queued) => store.write_later(move |c| c.save_outbox(&queued)),
        StoreJob::SaveGlance(glance) => store.write_later(move |c| c.save_glance(&glance)),
        StoreJob::SaveOpened(id, at) => store.write_later(move |c| c.save_opened(&id, at)),
        StoreJob::Forget(ids) => store.write_later(move |c| c.delete_tickets(&ids)),
        StoreJob::Search(_) => {}
    }
}

/// Full-text queries off the UI task; while one runs, only the newest waiting one follows.
pub(super) fn searcher(store: Store, events: mpsc::UnboundedSender<NetEvent>) -> Latest<String> {
    Latest::spawn(move |text: String| {
        let (store, events) = (store.clone(), events.clone());
        async move {
            let query = text.clone();
            let hits = store.call(move |c| logged(c.search(&query, SEARCH_HITS)).unwrap_or_default()).await;
            events.send(NetEvent::SearchHits { text, hits: hits.unwrap_or_default() }).is_ok()
        }
    })
}

fn logged<T>(result: Result<T, CacheError>) -> Option<T> {
    result.map_err(|e| tracing::warn!(%e, "the offline cache")).ok()
}
