//! Moving around: the cursor, the mouse, opening a ticket, and loading what the selection
//! needs (its thread and its customer).

use super::*;

impl AppState {
    /// A click selects the row under it and focuses the pane; the wheel scrolls the pane
    /// under the pointer.
    pub(super) fn mouse_at(&mut self, kind: crate::command::action::MouseKind, x: u16, y: u16) -> Vec<Effect> {
        use crate::command::action::MouseKind;
        if self.view.screen != Screen::Inbox || self.view.focus == Focus::Composer {
            return vec![];
        }
        // Where the last frame drew the panes.
        let panes = self.view.layout;
        let at = ratatui::layout::Position::new(x, y);
        let pane = if panes.inbox.contains(at) {
            Focus::Inbox
        } else if panes.thread.contains(at) {
            Focus::Thread
        } else if panes.sidebar.is_some_and(|s| s.contains(at)) {
            Focus::Sidebar
        } else {
            return vec![];
        };
        match kind {
            MouseKind::Click => {
                self.view.focus = pane;
                // Below the border and the column headers.
                let first_row = panes.inbox.y + 2;
                if pane == Focus::Inbox && y >= first_row && y < panes.inbox.bottom().saturating_sub(1) {
                    let position = self.view.layout.inbox_offset + (y - first_row) as usize;
                    if position < self.inbox.len() && self.inbox.select_at(position) {
                        return self.after_selection_change();
                    }
                }
                vec![]
            }
            MouseKind::WheelUp | MouseKind::WheelDown => {
                let focus = std::mem::replace(&mut self.view.focus, pane);
                let step = if kind == MouseKind::WheelDown { Move::Down } else { Move::Up };
                let mut effects = Vec::new();
                for _ in 0..3 {
                    effects.extend(self.move_cursor(step));
                }
                // The wheel scrolls where the pointer is without taking the focus.
                self.view.focus = focus;
                effects
            }
        }
    }

    pub(super) fn move_cursor(&mut self, m: Move) -> Vec<Effect> {
        if self.view.screen == Screen::Metrics {
            self.metrics.move_row(matches!(m, Move::Down | Move::PageDown | Move::Bottom));
            return vec![];
        }
        if self.view.focus == Focus::Sidebar {
            let customer = self.inbox.selected_ticket().and_then(|t| t.customer_id.clone());
            self.customers.move_cursor(m, customer.as_deref());
            return vec![];
        }
        if self.view.focus == Focus::Thread {
            let page = self.view.layout.thread_rows.max(1);
            let max = self.view.layout.thread_max_scroll;
            if let Some(view) = self.inbox.selected.clone().and_then(|id| self.threads.held.get_mut(&id)) {
                let at = if view.follow { max } else { view.scroll };
                view.scroll = match m {
                    Move::Down => at + 1,
                    Move::Up => at.saturating_sub(1),
                    Move::Top => 0,
                    Move::Bottom => max,
                    Move::PageDown => at + page.saturating_sub(1).max(1),
                    Move::PageUp => at.saturating_sub(page.saturating_sub(1).max(1)),
                }
                .min(max);
                view.follow = view.scroll >= max;
            }
            return vec![];
        }
        let page = self.view.layout.inbox_rows.max(1);
        let last = self.inbox.len().saturating_sub(1);
        let at = self.inbox.cursor;
        let target = match m {
            Move::Down => (at + 1).min(last),
            Move::Up => at.saturating_sub(1),
            Move::Top => 0,
            Move::Bottom => last,
            Move::PageDown => (at + page).min(last),
            Move::PageUp => at.saturating_sub(page),
        };
        if self.inbox.select_at(target) { self.after_selection_change() } else { vec![] }
    }

    /// The next ticket in the view (`[ui] after_send = "next"`), opened where the agent was.
    pub(super) fn next_ticket(&mut self) -> Vec<Effect> {
        let next = (self.inbox.cursor + 1).min(self.inbox.len().saturating_sub(1));
        if !self.inbox.select_at(next) {
            return vec![];
        }
        match self.view.focus {
            Focus::Inbox => self.after_selection_change(),
            _ => self.open_effects(),
        }
    }

    pub(super) fn open(&mut self) -> Vec<Effect> {
        if self.view.screen == Screen::Metrics && self.metrics.page == super::metrics_pages::MetricsPage::Workload {
            return self.open_workload_row();
        }
        if self.view.screen == Screen::Metrics {
            return self.open_breakdown_row();
        }
        if self.view.focus == Focus::Sidebar {
            return self.open_from_sidebar();
        }
        if self.inbox.selected.is_none() {
            return vec![];
        }
        self.view.focus = Focus::Thread;
        self.open_effects()
    }

    /// Load what the open ticket needs: its thread (now) and its customer. Opening it reads
    /// it: it leaves Unread.
    pub(super) fn open_effects(&mut self) -> Vec<Effect> {
        let Some(id) = self.inbox.selected.clone() else { return vec![] };
        let mut effects = vec![self.mark_opened(&id)];
        effects.extend(self.load_thread(id.clone(), false, false));
        effects.extend(self.load_customer());
        effects.extend(self.load_extras(id));
        effects
    }

    /// The agent has `id` open now: not unread, and when it was opened is kept — at least
    /// the newest message on screen (the state's clock moves by the minute, and what was
    /// read must never come back as unread).
    pub(super) fn mark_opened(&mut self, id: &TicketId) -> Effect {
        self.inbox.set_unread(id, false);
        let seen = self
            .threads
            .held
            .get(id)
            .and_then(|v| v.messages.ready())
            .and_then(|m| m.iter().filter_map(|m| m.at).max());
        let at = seen.map_or(self.session.now, |seen| seen.max(self.session.now));
        self.unread.open(id, at);
        Effect::Store(crate::worker::StoreJob::SaveOpened(id.clone(), at))
    }

    /// A thread arrived: the open one is read as it comes; another is unread when its
    /// customer wrote after it was last opened.
    pub(super) fn judge_unread(&mut self, id: &TicketId) -> Vec<Effect> {
        let looking =
            self.inbox.selected.as_ref() == Some(id) && matches!(self.view.focus, Focus::Thread | Focus::Composer);
        if looking {
            return vec![self.mark_opened(id)];
        }
        let messages = self.threads.held.get(id).and_then(|v| v.messages.ready());
        if let Some(wrote) = messages.and_then(|m| self.unread.wrote_since(id, m)) {
            self.inbox.set_unread(id, wrote);
        }
        vec![]
    }

    /// The selection moved: prefetch the thread under the cursor and the customer.
    pub(super) fn after_selection_change(&mut self) -> Vec<Effect> {
        self.customers.cursor = 0;
        let Some(id) = self.inbox.selected.clone() else { return vec![] };
        let prefetch = self.view.focus == Focus::Inbox;
        let mut effects = self.load_thread(id, prefetch, false);
        effects.extend(self.load_customer());
        effects
    }

    pub(super) fn load_thread(&mut self, id: TicketId, prefetch: bool, force: bool) -> Vec<Effect> {
        self.keep_recent_threads(&id);
        let known =
            self.threads.held.get(&id).is_some_and(|v| matches!(v.messages, Loadable::Ready(_) | Loadable::Loading(_)));
        if known && !force {
            return vec![];
        }
        let req = self.req();
        let view = self.threads.held.entry(id.clone()).or_insert(ThreadView {
            messages: Loadable::Loading(req),
            scroll: 0,
            follow: true,
            refreshing: None,
            local: Vec::new(),
        });
        match view.messages {
            // A refresh keeps showing what we have until the new thread arrives.
            Loadable::Ready(_) if force => view.refreshing = Some(req),
            _ => view.messages = Loadable::Loading(req),
        }
        vec![Effect::Job(Job::Thread { req, ticket: id, prefetch })]
    }

    /// `id` is the most recently used thread; past `KEPT_THREADS`, the least recently used
    /// ones are forgotten (re-read when shown again) — unless one is open, written to, or
    /// has our messages on their way. Previewing a thousand large threads stays flat.
    fn keep_recent_threads(&mut self, id: &TicketId) {
        self.threads.lru.retain(|t| t != id);
        self.threads.lru.push_back(id.clone());
        let busy = |s: &Self, t: &TicketId| {
            s.inbox.selected.as_ref() == Some(t)
                || s.compose.open.as_ref().is_some_and(|c| &c.key.ticket == t)
                || s.threads.held.get(t).is_some_and(|v| !v.local.is_empty() || v.refreshing.is_some())
                || s.compose.sending.values().any(|p| &p.key.ticket == t)
        };
        while self.threads.lru.len() > KEPT_THREADS {
            let Some(at) = self.threads.lru.iter().position(|t| !busy(self, t)) else { break };
            if let Some(old) = self.threads.lru.remove(at) {
                self.threads.held.remove(&old);
                self.work.extras.remove(&old);
            }
        }
    }

    pub(super) fn load_customer(&mut self) -> Vec<Effect> {
        if !self.view.sidebar_visible() {
            return vec![];
        }
        let Some(customer) = self.inbox.selected_ticket().and_then(|t| t.customer_id.as_deref().map(str::to_string))
        else {
            return vec![];
        };
        let mut effects = Vec::new();
        if !self.customers.live.contains_key(&customer) {
            let req = self.req();
            self.customers.live.insert(customer.clone(), Loadable::Loading(req));
            effects.push(Effect::Job(Job::Customer { req, customer: customer.clone() }));
        }
        if !self.customers.tickets.contains_key(&customer) {
            let req = self.req();
            self.customers.tickets.insert(customer.clone(), Loadable::Loading(req));
            effects.push(Effect::Job(Job::CustomerTickets { req, customer }));
        }
        effects
    }

    /// `o` / `y`: open or copy the ticket's link. Only web links leave the console: no
    /// file:, javascript: or custom schemes.
    pub(super) fn link_action(&mut self, copy: bool) -> Vec<Effect> {
        let link = self.inbox.selected_ticket().and_then(|t| t.link().map(String::from));
        match link.filter(|l| crate::support::text::host_of(l).is_some()) {
            Some(url) if copy => {
                self.say(Notice::Info(format!("copied {url}")));
                vec![Effect::Copy(url)]
            }
            Some(url) => {
                self.say(Notice::Info(format!("opening {url}")));
                vec![Effect::OpenUrl(url)]
            }
            None => {
                self.say(Notice::Info("this ticket has no web link".into()));
                vec![]
            }
        }
    }

    /// `Tab` / `Shift-Tab` over the panes on screen.
    pub(super) fn cycle_focus(&mut self, forward: bool) -> Vec<Effect> {
        let panes: Vec<Focus> = [Focus::Inbox, Focus::Thread]
            .into_iter()
            .chain(self.view.sidebar_visible().then_some(Focus::Sidebar))
            .collect();
        let at = panes.iter().position(|p| *p == self.view.focus).unwrap_or(0);
        let n = panes.len();
        self.view.focus = panes[if forward { (at + 1) % n } else { (at + n - 1) % n }];
        self.open_effects()
    }

    pub(super) fn toggle_sidebar(&mut self) -> Vec<Effect> {
        self.view.sidebar_choice = Some(!self.view.sidebar_visible());
        if self.view.focus == Focus::Sidebar && !self.view.sidebar_visible() {
            self.view.focus = Focus::Inbox;
        }
        self.after_selection_change()
    }

    /// Mark every ticket in view; when all are marked already, clear the marks.
    pub(super) fn mark_all(&mut self) -> Vec<Effect> {
        let ids: Vec<TicketId> =
            (0..self.inbox.len()).filter_map(|p| self.inbox.row(p).map(|t| t.id.clone())).collect();
        if ids.iter().all(|id| self.inbox.marked.contains(id)) {
            self.inbox.marked.clear();
        } else {
            self.inbox.marked.extend(ids);
        }
        vec![]
    }

    /// Mark the rows between the nearest marked row above the cursor (else the top) and the
    /// cursor: a visual range.
    pub(super) fn mark_range(&mut self) -> Vec<Effect> {
        let cursor = self.inbox.cursor;
        let marked = |p: usize| self.inbox.row(p).is_some_and(|t| self.inbox.marked.contains(&t.id));
        let from = (0..cursor).rev().find(|&p| marked(p)).unwrap_or(cursor);
        let ids: Vec<TicketId> = (from..=cursor).filter_map(|p| self.inbox.row(p).map(|t| t.id.clone())).collect();
        self.inbox.marked.extend(ids);
        vec![]
    }

    /// Mark or unmark the ticket under the cursor, and move down.
    pub(super) fn toggle_mark(&mut self) -> Vec<Effect> {
        if let Some(id) = self.inbox.selected.clone()
            && !self.inbox.marked.remove(&id)
        {
            self.inbox.marked.insert(id);
        }
        let next = self.inbox.cursor + 1;
        if self.inbox.select_at(next) { self.after_selection_change() } else { vec![] }
    }

    /// Open the recent ticket under the sidebar's cursor in the thread pane.
    pub(super) fn open_from_sidebar(&mut self) -> Vec<Effect> {
        let customer = self.inbox.selected_ticket().and_then(|t| t.customer_id.as_deref());
        let Some(ticket) = self.customers.recent(customer).get(self.customers.cursor).cloned() else { return vec![] };
        if self.inbox.ticket(&ticket.id).is_none() {
            self.inbox.merge(vec![ticket.clone()]);
        }
        if !self.inbox.select_id(&ticket.id) {
            // Not in this view (or hidden by the `/` text): a view that holds everything.
            self.inbox.set_search(String::new());
            if let Some(all) = self.inbox.tabs.views.iter().position(|v| v.is_everything()) {
                self.inbox.show_view(all);
            }
            self.inbox.select_id(&ticket.id);
        }
        self.customers.cursor = 0;
        self.view.focus = Focus::Thread;
        self.open_effects()
    }
}
