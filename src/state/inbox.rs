//! The inbox: every loaded ticket, its sort order, the text filter and the selection (how
//! far it is loaded is `sync.rs`). Selection is by id; the cursor position is derived from it.

use std::collections::{BTreeSet, HashSet};

use super::order::{compare, insert_sorted};
use super::search_query::SearchQuery;
use super::views::ViewTabs;
use crate::desk::{InboxQuery, Ticket, TicketId};

pub use crate::desk::views::Sort;

#[derive(Debug, Clone, Default)]
pub struct Inbox {
    pub tickets: Vec<Ticket>,
    index: super::id_index::IdIndex,
    /// One copy of each customer, agent, tag and source the tickets name.
    names: super::names::Names,
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
    /// How many rows at the top of `view` are full-text hits (the rest are in sort order).
    hits_shown: usize,
    /// The saved views; the current one narrows the rows.
    pub tabs: ViewTabs,
    /// The time views with a clock (breaching, snoozed) are judged at: the minute tick's.
    pub now: jiff::Timestamp,
    /// Every haystack in one buffer, for the `/` filter.
    text: super::search_text::SearchText,
    /// A ticket `goto` found outside the server's filters: it joins once they are cleared.
    pub pending_goto: Option<Ticket>,
    /// Breaching's second lane (the overdue) begins at this row; `None` in other views.
    pub overdue_from: Option<usize>,
    /// The view, sort and text last saved (for the next run).
    pub remembered: crate::store::history::Place,
}

/// A query's lower-cased words (not its `#N` tokens), ready to search the haystacks with.
fn finders_of(query: &SearchQuery) -> Vec<memchr::memmem::Finder<'static>> {
    query.words.split_whitespace().map(|w| memchr::memmem::Finder::new(w).into_owned()).collect()
}

/// What `/` looks for in `ticket` with `first` for its first message, written into
/// `scratch` (one buffer for a whole page).
fn haystack<'a>(ticket: &Ticket, first: &str, scratch: &'a mut String) -> &'a str {
    scratch.clear();
    ticket.write_haystack(first, scratch);
    scratch
}

impl Inbox {
    /// An empty inbox whose views judge clocks at `now`.
    pub fn at(now: jiff::Timestamp) -> Self {
        Inbox { now, ..Inbox::default() }
    }

    pub fn ticket(&self, id: &TicketId) -> Option<&Ticket> {
        self.index.get(id, &self.tickets).map(|i| &self.tickets[i])
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

    /// Room for `total` tickets in all, made once: grown page by page by doubling, the
    /// tickets and the id index of a fill of 100,000 were copied and rehashed over and over.
    /// `total` is the server's count, so a hostile one is bounded.
    pub fn make_room(&mut self, total: u64) {
        const AT_MOST: u64 = 1_000_000;
        let more = (total.min(AT_MOST) as usize).saturating_sub(self.tickets.len());
        self.tickets.reserve_exact(more);
        self.index.reserve(more, &self.tickets);
        self.tabs.make_room(more);
        self.text.make_room(more);
    }

    pub fn clear(&mut self) {
        let (sort, search, query) = (self.sort, std::mem::take(&mut self.search), std::mem::take(&mut self.query));
        let (tabs, now, ascending) = (std::mem::take(&mut self.tabs), self.now, self.ascending);
        let pending_goto = self.pending_goto.take();
        *self = Inbox { sort, search, query, tabs, now, ascending, pending_goto, ..Inbox::default() };
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
    pub fn replace_in_place(&mut self, mut ticket: Ticket) {
        if let Some(i) = self.index.get(&ticket.id, &self.tickets) {
            self.names.share(&mut ticket);
            self.replace(i, ticket, &mut String::new());
        }
    }

    /// Ticket `i` is now `ticket`; the counts and the search buffer follow (rebuilt when
    /// half of it is old text). A first message does not change: an answer that left it
    /// out (a local change's copy, a mutation's echo) keeps the one the buffer holds.
    fn replace(&mut self, i: usize, mut ticket: Ticket, hay: &mut String) {
        let first = match std::mem::take(&mut ticket.first_message) {
            given if given.is_empty() => crate::desk::first_message_of(self.text.get(i)).to_string(),
            given => given.into(),
        };
        if self.text.replace(i, haystack(&ticket, &first, hay)) {
            self.text = self.text.compact();
        }
        let old = std::mem::replace(&mut self.tickets[i], ticket);
        self.tabs.swap(i, &old, &self.tickets[i], self.now);
    }

    /// Tickets the server no longer holds leave; the rest keep their order, marks and the
    /// selection (else the row where it stood). A rebuild: a reconcile's, never a page's.
    pub fn remove(&mut self, gone: &HashSet<TicketId>) {
        let tickets = std::mem::take(&mut self.tickets);
        let text = &self.text;
        let kept: Vec<Ticket> = (tickets.into_iter().enumerate())
            .filter(|(_, t)| !gone.contains(&t.id))
            .map(|(i, mut t)| {
                t.set_first_message(crate::desk::first_message_of(text.get(i)));
                t
            })
            .collect();
        let (selected, mut marked, cursor) = (self.selected.take(), std::mem::take(&mut self.marked), self.cursor);
        self.clear();
        self.merge(kept);
        marked.retain(|id| !gone.contains(id));
        self.marked = marked;
        match selected.filter(|id| !gone.contains(id)) {
            Some(id) => _ = self.select_id(&id),
            None => _ = self.select_at(cursor.min(self.len().saturating_sub(1))),
        }
    }

    /// Add or update tickets from a page, keeping sort order and selection.
    pub fn merge(&mut self, page: Vec<Ticket>) {
        let (mut fresh, mut changed, mut hay) = (Vec::new(), false, String::new());
        // The rest of a cache comes as one page of 100,000: grown by doubling, the tickets
        // and the index were copied over and over.
        self.tickets.reserve(page.len());
        self.index.reserve(page.len(), &self.tickets);
        for mut ticket in page {
            self.names.share(&mut ticket);
            match self.index.get(&ticket.id, &self.tickets) {
                Some(i) => {
                    self.replace(i, ticket, &mut hay);
                    changed = true;
                }
                None => {
                    fresh.push(self.tickets.len());
                    let first = std::mem::take(&mut ticket.first_message);
                    self.text.push(haystack(&ticket, &first, &mut hay));
                    self.tickets.push(ticket);
                    // Indexed once it stands in `tickets`: a page naming it twice finds it.
                    self.index.insert(self.tickets.len() - 1, &self.tickets);
                }
            }
        }
        self.tabs.add(&self.tickets, self.now);
        if changed {
            self.resort();
        } else {
            self.insert_fresh(fresh);
        }
    }

    /// New tickets only (a first fill's pages): each is placed by binary search and the rows
    /// around it are moved, not compared, so a page costs O(log n) comparisons and only its
    /// own tickets are filtered — a pass over the whole inbox per page made a fill quadratic.
    fn insert_fresh(&mut self, mut fresh: Vec<usize>) {
        let (sort, ascending, tickets) = (self.sort, self.ascending, &self.tickets);
        let order = |a: usize, b: usize| compare(sort, ascending, &tickets[a], &tickets[b]);
        fresh.sort_by(|&a, &b| order(a, b));
        self.sorted = insert_sorted(&self.sorted, &fresh, order);
        let query = SearchQuery::parse(&self.search);
        let finders = finders_of(&query);
        if !query.first.is_empty() {
            // Numbers pin rows first: the whole view again (only while a number is typed).
            return self.refilter();
        }
        let shown = |i: usize| {
            (finders.is_empty() || self.text.holds(i, &finders)) && self.tabs.holds(i, &tickets[i], self.now)
        };
        let shown: Vec<usize> = fresh.into_iter().filter(|&i| shown(i)).collect();
        // Full-text hits come first, apart; the other matches follow in sort order.
        let (hits, matches) = self.view.split_at(self.hits_shown.min(self.view.len()));
        let mut view = hits.to_vec();
        view.extend(insert_sorted(matches, &shown, order));
        self.view = view;
        self.follow_selection();
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
        // The ticket a number names is the first row, and the one selected.
        let query = SearchQuery::parse(&self.search);
        if self.row(0).is_some_and(|t| query.pins(t.number)) {
            self.select_at(0);
        }
    }

    /// Full-text hits for the current search: shown first, in their order (newest first),
    /// before the other matches.
    pub fn set_hits(&mut self, hits: Vec<TicketId>) {
        self.hits = hits.iter().filter_map(|id| self.index.get(id, &self.tickets)).collect();
        self.refilter();
    }

    /// Rebuild the visible rows from the sort order and the text filter; keep the
    /// selected ticket selected when it is still visible.
    pub fn refilter(&mut self) {
        let query = SearchQuery::parse(&self.search);
        let finders = finders_of(&query);
        let (tabs, now) = (&self.tabs, self.now);
        // What the text leaves (every ticket without words; full-text hits go first, apart).
        let mut keep = if finders.is_empty() {
            vec![true; self.tickets.len()]
        } else {
            // Each word is one pass over every haystack at once (or, typing on, over what the
            // query before it found).
            self.text.matching_typed(&query.words, &finders)
        };
        // The view is asked in ticket order, so its rows are read front to back (in the
        // sort's order they are read at random, a cache miss each: most of a keystroke).
        // The ticket itself is read only when a number asks (a keystroke touches 100,000 rows).
        let numbered = !query.only.is_empty();
        let shown =
            |i: usize| (!numbered || query.admits(self.tickets[i].number)) && tabs.holds(i, &self.tickets[i], now);
        for (i, k) in keep.iter_mut().enumerate().filter(|(_, k)| **k) {
            *k = shown(i);
        }
        let hits: Vec<usize> = self.hits.iter().copied().filter(|&i| shown(i)).collect();
        if !finders.is_empty() {
            for &hit in &self.hits {
                keep[hit] = false;
            }
        }
        let matches = self.sorted.iter().copied().filter(|&i| keep[i]);
        self.hits_shown = if finders.is_empty() { 0 } else { hits.len() };
        self.view = if finders.is_empty() { matches.collect() } else { hits.into_iter().chain(matches).collect() };
        if !query.first.is_empty() {
            // The tickets the numbers name come first, whatever the sort and the hits: found in
            // one pass in ticket order (reading every row's ticket in view order is a cache miss each).
            let named: Vec<usize> =
                (self.tickets.iter().enumerate()).filter(|(_, t)| query.pins(t.number)).map(|(i, _)| i).collect();
            let (mut first, rest): (Vec<usize>, Vec<usize>) = self.view.iter().partition(|i| named.contains(i));
            self.hits_shown += first.len();
            first.extend(rest);
            self.view = first;
        }
        let breaching =
            finders.is_empty() && query.first.is_empty() && tabs.lens().is_some_and(|l| l.view.breaching == Some(true));
        let (tickets, view) = (&self.tickets, &mut self.view);
        self.overdue_from =
            breaching.then(|| crate::desk::sla::lanes(view, |i| crate::desk::sla::due_at(&tickets[i]), now));
        self.follow_selection();
    }

    /// Keep the selected ticket selected when it is still on screen, else the row where
    /// the cursor was.
    fn follow_selection(&mut self) {
        let position = self.selected.as_ref().and_then(|id| {
            let i = self.index.get(id, &self.tickets)?;
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
        let Some(i) = self.index.get(id, &self.tickets) else { return false };
        match self.view.iter().position(|&v| v == i) {
            Some(position) => {
                self.select_at(position);
                true
            }
            None => false,
        }
    }

    /// Select the loaded ticket `id` wherever it is: the `/` text cleared, and the view
    /// that shows it chosen when the current one leaves it out.
    pub fn reveal(&mut self, id: &TicketId) {
        if !self.search.is_empty() {
            self.set_search(String::new());
        }
        if self.select_id(id) {
            return;
        }
        let showing = self.ticket(id).and_then(|t| self.tabs.showing(t, self.now));
        if let Some(index) = showing {
            self.show_view(index);
        }
        self.select_id(id);
    }

    /// The loaded ticket numbered `number`.
    pub fn numbered(&self, number: u64) -> Option<&Ticket> {
        self.tickets.iter().find(|t| t.number == number)
    }

    /// `id` is unread now, or read (the Unread view and its count follow).
    pub fn set_unread(&mut self, id: &TicketId, on: bool) {
        let Some(index) = self.index.get(id, &self.tickets) else { return };
        self.tabs.set_unread(index, &self.tickets[index], on, self.now);
        if self.tabs.lens().is_some_and(|l| l.view.unread.is_some()) {
            self.refilter();
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
