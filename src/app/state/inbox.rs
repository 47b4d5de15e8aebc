//! The inbox: every loaded ticket, its sort order, the text filter and the selection (how
//! far it is loaded is `sync.rs`). Selection is by id; the cursor position is derived from it.

use std::collections::{BTreeSet, HashMap};

use super::views::ViewTabs;
use crate::desk::{InboxQuery, Ticket, TicketId};

pub use crate::desk::views::Sort;

#[derive(Debug, Clone, Default)]
pub struct Inbox {
    pub tickets: Vec<Ticket>,
    index: HashMap<TicketId, usize>,
    /// All tickets, in sort order (indices into `tickets`).
    sorted: Vec<usize>,
    /// `sorted` narrowed by the text filter: the rows on screen.
    pub view: Vec<usize>,
    pub cursor: usize,
    pub selected: Option<TicketId>,
    pub sort: Sort,
    /// The sort's far end first (the oldest, the lowest priority, the least urgent).
    pub ascending: bool,
    pub search: String,
    pub query: InboxQuery,
    /// Tickets marked for a bulk action.
    pub marked: BTreeSet<TicketId>,
    /// Full-text hits for `search` (newest first), from the cache's index.
    hits: Vec<usize>,
    /// The saved views; the current one narrows the rows.
    pub tabs: ViewTabs,
    /// The time views with a clock (breaching, snoozed) are judged at: the minute tick's.
    pub now: jiff::Timestamp,
    /// Every haystack in one buffer, for the `/` filter.
    text: super::search_text::SearchText,
}

impl Inbox {
    /// An empty inbox whose views judge clocks at `now`.
    pub fn at(now: jiff::Timestamp) -> Self {
        Inbox { now, ..Inbox::default() }
    }

    pub fn ticket(&self, id: &TicketId) -> Option<&Ticket> {
        self.index.get(id).map(|&i| &self.tickets[i])
    }

    pub fn selected_ticket(&self) -> Option<&Ticket> {
        self.selected.as_ref().and_then(|id| self.ticket(id))
    }

    pub fn row(&self, position: usize) -> Option<&Ticket> {
        self.view.get(position).map(|&i| &self.tickets[i])
    }

    pub fn len(&self) -> usize {
        self.view.len()
    }

    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    pub fn clear(&mut self) {
        let (sort, search, query) = (self.sort, std::mem::take(&mut self.search), std::mem::take(&mut self.query));
        let (tabs, now, ascending) = (std::mem::take(&mut self.tabs), self.now, self.ascending);
        *self = Inbox { sort, search, query, tabs, now, ascending, ..Inbox::default() };
        self.recount();
    }

    /// Count the views again (the inbox changed, or the clock moved).
    pub fn recount(&mut self) {
        self.tabs.recount(&self.tickets, self.now);
    }

    /// Show the view at `index`, with its sort when it has one.
    pub fn show_view(&mut self, index: usize) {
        self.tabs.show(index);
        match self.tabs.lens().and_then(|l| l.view.sort) {
            Some(sort) if sort != self.sort => self.set_sort(sort),
            _ => self.refilter(),
        }
    }

    /// The minute tick: clocks moved, so counts (and a clock view's rows) may have.
    pub fn set_now(&mut self, now: jiff::Timestamp) {
        self.now = now;
        self.recount();
        if self.tabs.lens().is_some_and(|l| l.view.breaching.is_some() || l.view.snoozed.is_some()) {
            self.refilter();
        }
    }

    /// Replace a ticket where it stands: after a triage change the row keeps its place (and
    /// shows dimmed if it no longer matches the filter) until the next refresh.
    pub fn replace_in_place(&mut self, ticket: Ticket) {
        if let Some(&i) = self.index.get(&ticket.id) {
            let old = std::mem::replace(&mut self.tickets[i], ticket);
            self.tabs.swap(i, &old, &self.tickets[i], self.now);
            self.text_changed(i);
        }
    }

    /// Ticket `i`'s text may have changed: the search buffer follows (rebuilt when half of
    /// it is old text).
    fn text_changed(&mut self, i: usize) {
        if self.text.replace(i, &self.tickets[i].haystack) {
            self.text = super::search_text::SearchText::build(self.tickets.iter().map(|t| t.haystack.as_str()));
        }
    }

    /// Add or update tickets from a page, keeping sort order and selection.
    pub fn merge(&mut self, page: Vec<Ticket>) {
        let mut fresh = Vec::new();
        let mut changed = false;
        for ticket in page {
            match self.index.get(&ticket.id) {
                Some(&i) => {
                    let old = std::mem::replace(&mut self.tickets[i], ticket);
                    self.tabs.swap(i, &old, &self.tickets[i], self.now);
                    self.text_changed(i);
                    changed = true;
                }
                None => {
                    self.index.insert(ticket.id.clone(), self.tickets.len());
                    fresh.push(self.tickets.len());
                    self.text.push(&ticket.haystack);
                    self.tickets.push(ticket);
                }
            }
        }
        if changed {
            self.resort();
            self.tabs.add(&self.tickets, self.now);
            return;
        }
        // New tickets only: sort the page and merge it in, O(n) rather than a full sort.
        let (sort, ascending, tickets) = (self.sort, self.ascending, &self.tickets);
        let before = |a: usize, b: usize| compare(sort, ascending, &tickets[a], &tickets[b]).is_le();
        fresh.sort_by(|&a, &b| compare(sort, ascending, &tickets[a], &tickets[b]));
        let mut merged = Vec::with_capacity(self.sorted.len() + fresh.len());
        let (mut a, mut b) = (self.sorted.iter().peekable(), fresh.iter().peekable());
        while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
            if before(**x, **y) {
                merged.push(*a.next().expect("peeked"));
            } else {
                merged.push(*b.next().expect("peeked"));
            }
        }
        merged.extend(a);
        merged.extend(b);
        self.sorted = merged;
        self.refilter();
        self.tabs.add(&self.tickets, self.now);
    }

    pub fn set_sort(&mut self, sort: Sort) {
        self.sort = sort;
        self.resort();
    }

    /// Turn the order around (the same sort, the other end first).
    pub fn reverse(&mut self) {
        self.ascending = !self.ascending;
        self.resort();
    }

    /// "created ↑": the sort and which way it runs.
    pub fn sort_label(&self) -> String {
        format!("{}{}", self.sort.label(), if self.ascending { " ↑" } else { "" })
    }

    fn resort(&mut self) {
        let mut sorted: Vec<usize> = (0..self.tickets.len()).collect();
        sorted.sort_by(|&a, &b| compare(self.sort, self.ascending, &self.tickets[a], &self.tickets[b]));
        self.sorted = sorted;
        self.refilter();
    }

    pub fn set_search(&mut self, search: String) {
        if search != self.search {
            self.hits.clear();
        }
        self.search = search;
        self.refilter();
    }

    /// Full-text hits for the current search: shown first, in their order (newest first),
    /// before the other matches.
    pub fn set_hits(&mut self, hits: Vec<TicketId>) {
        self.hits = hits.iter().filter_map(|id| self.index.get(id).copied()).collect();
        self.refilter();
    }

    /// Rebuild the visible rows from the sort order and the text filter; keep the
    /// selected ticket selected when it is still visible.
    pub fn refilter(&mut self) {
        let terms: Vec<String> = self.search.split_whitespace().map(str::to_lowercase).collect();
        let finders: Vec<memchr::memmem::Finder> = terms.iter().map(memchr::memmem::Finder::new).collect();
        let (tabs, now) = (&self.tabs, self.now);
        // What the text leaves (every ticket without words; full-text hits go first, apart).
        let mut keep = if terms.is_empty() {
            vec![true; self.tickets.len()]
        } else {
            // Each word is one pass over every haystack at once (or, typing on, over what the
            // query before it found).
            self.text.matching_typed(&self.search, &finders)
        };
        // The view is asked in ticket order, so its rows are read front to back (in the
        // sort's order they are read at random, a cache miss each: most of a keystroke).
        for (i, k) in keep.iter_mut().enumerate().filter(|(_, k)| **k) {
            *k = tabs.holds(i, &self.tickets[i], now);
        }
        let hits: Vec<usize> = self.hits.iter().copied().filter(|&i| tabs.holds(i, &self.tickets[i], now)).collect();
        if !terms.is_empty() {
            for &hit in &self.hits {
                keep[hit] = false;
            }
        }
        let matches = self.sorted.iter().copied().filter(|&i| keep[i]);
        self.view = if terms.is_empty() { matches.collect() } else { hits.into_iter().chain(matches).collect() };
        let position = self.selected.as_ref().and_then(|id| {
            let i = *self.index.get(id)?;
            self.view.iter().position(|&v| v == i)
        });
        match position {
            Some(p) => self.cursor = p,
            None => {
                self.select_at(self.cursor.min(self.view.len().saturating_sub(1)));
            }
        }
    }

    /// Select the ticket `id` when it is in view; whether it is.
    pub fn select_id(&mut self, id: &TicketId) -> bool {
        let Some(&i) = self.index.get(id) else { return false };
        match self.view.iter().position(|&v| v == i) {
            Some(position) => {
                self.select_at(position);
                true
            }
            None => false,
        }
    }

    /// Select the row at `position` (clamped); returns whether the selection changed.
    pub fn select_at(&mut self, position: usize) -> bool {
        let before = self.selected.clone();
        if self.view.is_empty() {
            self.cursor = 0;
            self.selected = None;
        } else {
            self.cursor = position.min(self.view.len() - 1);
            self.selected = Some(self.tickets[self.view[self.cursor]].id.clone());
        }
        before != self.selected
    }
}

/// Sort order: newest (or most urgent) first, then most recently updated, then by id.
fn compare(sort: Sort, ascending: bool, a: &Ticket, b: &Ticket) -> std::cmp::Ordering {
    let order = newest_first(sort, a, b);
    if ascending { order.reverse() } else { order }
}

fn newest_first(sort: Sort, a: &Ticket, b: &Ticket) -> std::cmp::Ordering {
    let micros = |ts: Option<jiff::Timestamp>| ts.map_or(i64::MIN, |t| t.as_microsecond());
    let primary = |t: &Ticket| match sort {
        Sort::Updated => micros(t.updated_at),
        Sort::Created => micros(t.created_at),
        Sort::Priority => t.priority.map_or(0, |p| p as i64),
        // Most urgent first: the earliest due time is the largest key.
        Sort::Due => crate::desk::sla::due_at(t).map_or(i64::MIN, |due| -due.as_microsecond()),
    };
    primary(b)
        .cmp(&primary(a))
        .then_with(|| micros(b.updated_at).cmp(&micros(a.updated_at)))
        .then_with(|| a.id.cmp(&b.id))
}
