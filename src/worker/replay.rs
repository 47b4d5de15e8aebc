//! Replaying one outbox entry: the ticket is read first, and a ticket changed on the server
//! since the entry was queued is a conflict (nothing is sent); otherwise the change or the
//! reply goes, once, and the ticket is read again for its new `updatedAt`.

use crate::api::ApiError;
use crate::desk::outbox::{Queued, QueuedWork, conflicts};
use crate::desk::{Agent, Desk, Message, Ticket};

#[derive(Debug, Clone, PartialEq)]
pub enum Replayed {
    /// Sent: the ticket as the server holds it now, and the message a reply became.
    Done { ticket: Option<Box<Ticket>>, message: Option<Message> },
    /// The ticket changed on the server since: nothing was sent.
    Conflict(Box<Ticket>),
}

pub async fn replay<D: Desk>(desk: &D, queued: &Queued, as_agent: Option<&Agent>) -> Result<Replayed, ApiError> {
    let server = desk.find_ticket(&queued.ticket.0).await?;
    if conflicts(queued, server.updated_at) {
        return Ok(Replayed::Conflict(Box::new(server)));
    }
    let message = match &queued.work {
        QueuedWork::Change(change) => {
            if let Some((_, Err(e))) = super::apply(desk, vec![queued.ticket.clone()], change).await.pop() {
                return Err(e);
            }
            None
        }
        QueuedWork::Reply { text, private_note } => {
            Some(desk.send_message(&queued.ticket, text, *private_note, as_agent).await?)
        }
    };
    // What it was sent has landed: a failure to read it back is only a stale stamp.
    let ticket = desk.find_ticket(&queued.ticket.0).await.ok().map(Box::new);
    Ok(Replayed::Done { ticket, message })
}
