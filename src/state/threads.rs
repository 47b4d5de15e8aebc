//! The threads held in memory: each ticket's messages as loaded, its scroll and our messages
//! on their way; the least recently used go first when more than `KEPT_THREADS` are held.

use std::collections::{HashMap, VecDeque};

use super::Loadable;
use crate::desk::{Message, TicketId};
use crate::worker::ReqId;

/// How many threads are kept in memory (a 10,000-message thread is a few MB).
pub const KEPT_THREADS: usize = 16;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Threads {
    pub held: HashMap<TicketId, ThreadView>,
    /// The threads held, least recently used first (at most `KEPT_THREADS` of them).
    pub lru: VecDeque<TicketId>,
}

impl Threads {
    /// The frame laid out the thread of `id` with `max_scroll`: a thread pinned to its
    /// newest message stays there, another is kept within it.
    pub fn follow_layout(&mut self, id: &TicketId, max_scroll: usize) {
        if let Some(view) = self.held.get_mut(id) {
            view.scroll = if view.follow { max_scroll } else { view.scroll.min(max_scroll) };
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThreadView {
    pub messages: Loadable<Vec<Message>>,
    pub scroll: usize,
    /// Pinned to the newest message (a thread opens there; scrolling up lets go of it,
    /// scrolling to the end takes it again).
    pub follow: bool,
    /// A refresh in flight while the old messages stay on screen.
    pub refreshing: Option<ReqId>,
    /// Our messages on their way (sending, unconfirmed or failed), shown after the thread.
    pub local: Vec<Message>,
}
