//! The view tabs above the inbox: the saved views, which one is shown, and how many tickets
//! each holds — counted over every loaded ticket when the inbox changes (a sync, a change,
//! the minute tick), never on a keystroke.

use jiff::Timestamp;

use std::collections::HashMap;

use crate::desk::views::{Lens, Notify, Row, View};
use crate::desk::{Agent, Ticket};

#[derive(Debug, Clone, Default)]
pub struct ViewTabs {
    pub views: Vec<View>,
    /// Their names, for completion.
    pub names: Vec<String>,
    lenses: Vec<Lens>,
    /// The view shown (an index into `views`).
    pub current: usize,
    pub counts: Vec<usize>,
    /// Per view: tickets that entered it since it was last shown (the tab's "new" mark).
    pub fresh: Vec<usize>,
    /// Counting what a background sync brought: growth is news (a first fill is not).
    pub marking: bool,
    /// This sync has told the agent already (`[notify]`: one notice per sync).
    pub told: bool,
    /// One compact row per inbox ticket, in the inbox's order, and the numbers given to the
    /// agents' ids in them.
    rows: Vec<Row>,
    ids: HashMap<String, u32>,
    /// The tickets the customer wrote on since the agent last opened them (the Unread view).
    pub unread: std::collections::HashSet<crate::desk::TicketId>,
}

/// The number for an agent's id (the next one for an id not seen yet; no allocation for
/// one seen before).
fn intern(ids: &mut HashMap<String, u32>, id: &str) -> u32 {
    if let Some(&n) = ids.get(id) {
        return n;
    }
    let next = ids.len() as u32;
    ids.insert(id.to_string(), next);
    next
}

impl ViewTabs {
    /// The tabs, starting on "All" when there is such a view (a first run hides nothing,
    /// whoever "me" is), else on the first. The view last shown wins over both (`start_on`).
    pub fn new(views: Vec<View>) -> Self {
        let names = views.iter().map(|v| v.name.clone()).collect();
        let current = views.iter().position(|v| v.name == "All").unwrap_or(0);
        let mut tabs = ViewTabs { views, names, current, ..ViewTabs::default() };
        tabs.resolve(&[], None);
        tabs
    }

    /// Resolve the views' names (again) once the agents are known.
    pub fn resolve(&mut self, agents: &[Agent], me: Option<&str>) {
        self.lenses = self.views.iter().map(|v| v.resolve(agents, me)).collect();
        let ids = &mut self.ids;
        for lens in &mut self.lenses {
            lens.key_assignee(&mut |id| intern(ids, id));
        }
        self.counts.resize(self.views.len(), 0);
        self.fresh.resize(self.views.len(), 0);
    }

    pub fn lens(&self) -> Option<&Lens> {
        self.lenses.get(self.current)
    }

    /// The first view that shows `t` (to reveal a ticket the current one hides).
    /// The view after (or before) the current one, round the strip; none without views.
    pub fn next_index(&self, forward: bool) -> Option<usize> {
        let n = self.views.len();
        (n > 0).then(|| if forward { (self.current + 1) % n } else { (self.current + n - 1) % n })
    }

    pub fn showing(&self, t: &Ticket, now: Timestamp) -> Option<usize> {
        self.lenses.iter().position(|lens| lens.matches(t, now))
    }

    /// Whether the view shown holds the inbox's ticket at `index`: read from its kept row
    /// (the filter's keystroke asks this of every ticket), from the ticket until it has one.
    pub fn holds(&self, index: usize, t: &Ticket, now: Timestamp) -> bool {
        let Some(lens) = self.lens() else { return true };
        match self.rows.get(index) {
            Some(row) => lens.matches_row(row, t, now),
            None => lens.matches(t, now),
        }
    }

    /// The view named `name`: exactly (ignoring case), else the one best fuzzy match.
    pub fn find(&self, name: &str) -> Result<usize, String> {
        crate::desk::views::find(name, &self.views)
    }

    /// After a sync: one notice for the views that asked for one and gained tickets since
    /// `before` (their "new" counts then) — the loudest asked for, naming each view.
    pub fn notice(&self, before: &[usize]) -> Option<(Notify, String)> {
        let gained: Vec<(usize, &View)> = self
            .views
            .iter()
            .enumerate()
            .filter(|(i, v)| v.notify != Notify::Off && self.fresh[*i] > before.get(*i).copied().unwrap_or(0))
            .map(|(i, v)| (self.fresh[i] - before.get(i).copied().unwrap_or(0), v))
            .collect();
        let loudest = gained.iter().map(|(_, v)| v.notify).max_by_key(|n| *n == Notify::Desktop)?;
        let text = gained.iter().map(|(n, v)| format!("{n} new in {}", v.name)).collect::<Vec<_>>().join(", ");
        Some((loudest, format!("triage: {text}")))
    }

    pub fn show(&mut self, index: usize) {
        if index < self.views.len() {
            self.current = index;
            self.fresh[index] = 0;
        }
    }

    /// Count every view over all of `tickets` (the inbox's, in its order) — the clock moved,
    /// or the views' names were resolved; the rows are rebuilt only when they do not line up
    /// with the tickets. A view that grew while not shown gets a "new" mark.
    pub fn recount(&mut self, tickets: &[Ticket], now: Timestamp) {
        if self.rows.len() != tickets.len() {
            self.rows.clear();
            return self.add(tickets, now);
        }
        let mut counts = vec![0; self.lenses.len()];
        self.tally(0, tickets, now, &mut counts);
        self.settle(counts);
    }

    /// Add what the rows from `from` on hold (with their tickets) to `counts`: one pass, each
    /// row read once for every view.
    fn tally(&self, from: usize, tickets: &[Ticket], now: Timestamp, counts: &mut [usize]) {
        for (row, t) in self.rows[from..].iter().zip(&tickets[from..]) {
            for (count, lens) in counts.iter_mut().zip(&self.lenses) {
                *count += usize::from(lens.matches_row(row, t, now));
            }
        }
    }

    /// Room for `more` rows, made once (as the inbox makes room for its tickets): grown by
    /// doubling, the rows of 100,000 tickets held room for 140,000.
    pub fn make_room(&mut self, more: usize) {
        self.rows.reserve_exact(more);
    }

    /// The inbox grew: the tickets past the rows already kept are counted on top, without a
    /// pass over the rest (a first fill of 100,000 is a thousand pages).
    pub fn add(&mut self, tickets: &[Ticket], now: Timestamp) {
        if self.rows.len() > tickets.len() {
            return self.recount(tickets, now);
        }
        let from = self.rows.len();
        let (ids, unread) = (&mut self.ids, &self.unread);
        self.rows.extend(
            tickets[from..].iter().map(|t| Row::of(t, &mut |id| intern(ids, id)).unread(unread.contains(&t.id))),
        );
        let mut counts = if from == 0 { vec![0; self.lenses.len()] } else { self.counts.clone() };
        self.tally(from, tickets, now, &mut counts);
        self.settle(counts);
    }

    /// The ticket at `index` changed in place: its old self leaves the counts, its new self
    /// joins.
    pub fn swap(&mut self, index: usize, old: &Ticket, new: &Ticket, now: Timestamp) {
        let Some(&old_row) = self.rows.get(index) else { return };
        let ids = &mut self.ids;
        let new_row = Row::of(new, &mut |id| intern(ids, id)).unread(self.unread.contains(&new.id));
        self.rows[index] = new_row;
        let counts = (self.counts.iter().zip(&self.lenses))
            .map(|(c, lens)| {
                c - usize::from(lens.matches_row(&old_row, old, now))
                    + usize::from(lens.matches_row(&new_row, new, now))
            })
            .collect();
        self.settle(counts);
    }

    /// The ticket at `index` is unread now (or read): its row and the counts follow.
    pub fn set_unread(&mut self, index: usize, t: &Ticket, on: bool, now: Timestamp) {
        if on == self.unread.contains(&t.id) {
            return;
        }
        match on {
            true => self.unread.insert(t.id.clone()),
            false => self.unread.remove(&t.id),
        };
        self.swap(index, t, t, now);
    }

    /// The new counts; growth while a sync is counted is news on the tabs not shown.
    fn settle(&mut self, counts: Vec<usize>) {
        for (i, count) in counts.into_iter().enumerate() {
            if self.marking && i != self.current && count > self.counts[i] {
                self.fresh[i] += count - self.counts[i];
            }
            self.counts[i] = count;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::TicketStatus;

    #[test]
    fn counts_and_the_new_mark() {
        let mut tabs = ViewTabs::new(View::defaults());
        let now = Timestamp::UNIX_EPOCH;
        let open = |n| Ticket { number: n, ..Ticket::default() };
        let mut tickets = vec![open(1), Ticket { status: TicketStatus::Closed, ..open(2) }];
        tabs.recount(&tickets, now);
        let all_open = tabs.find("all open").unwrap();
        assert_eq!((tabs.counts[all_open], tabs.counts[tabs.find("All").unwrap()]), (1, 2));
        let all = tabs.find("All").unwrap();
        assert_eq!(tabs.current, all, "a first run hides nothing");
        tickets.push(open(3));
        tabs.marking = true;
        tabs.recount(&tickets, now);
        assert_eq!((tabs.counts[all], tabs.fresh[all]), (3, 0), "the tab shown has nothing unseen");
        assert_eq!((tabs.counts[all_open], tabs.fresh[all_open]), (2, 1), "a new ticket marks another tab");
        tabs.show(all_open);
        assert_eq!(tabs.fresh[all_open], 0, "seen");
        assert_eq!(tabs.find("unass"), Ok(1));
        // Counting on top, and one ticket swapped in place, agree with a count from scratch.
        let mut incremental = ViewTabs::new(View::defaults());
        incremental.add(&tickets[..1], now);
        incremental.add(&tickets, now);
        let closed = Ticket { status: TicketStatus::Closed, ..tickets[0].clone() };
        incremental.swap(0, &tickets[0], &closed, now);
        tickets[0] = closed;
        let mut scratch = ViewTabs::new(View::defaults());
        scratch.recount(&tickets, now);
        assert_eq!(incremental.counts, scratch.counts);
        assert!(tabs.find("zzzz").is_err());
    }

    #[test]
    fn room_made_once_holds_a_fill_page_by_page() {
        let (now, mut tickets) = (Timestamp::UNIX_EPOCH, Vec::new());
        let mut tabs = ViewTabs::new(View::defaults());
        tabs.make_room(1000);
        for page in 0..10 {
            tickets.extend((0..100).map(|n| Ticket { number: page * 100 + n, ..Ticket::default() }));
            tabs.add(&tickets, now);
        }
        // Grown page by page without the room, the rows would hold room for 1,600.
        assert_eq!((tabs.rows.len(), tabs.rows.capacity()), (1000, 1000));
        assert_eq!(tabs.counts[tabs.find("All").unwrap()], 1000);
    }
}
