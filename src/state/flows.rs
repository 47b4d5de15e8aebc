//! The flows between parts: an action that needs more than one part is carried here, each
//! part doing its own share through its own methods (the parts never reach into each
//! other). The router (`mod.rs`) sends actions here or straight to a part.

use super::filters::Escaped;
use super::metrics::MetricsView;
use super::picker::{Choice, Picked, Picker};
use super::text_input::edit_line;
use super::{AppState, Drafts, Effect, Focus, Notice, Overlay, Screen};
use crate::api::ApiError;
use crate::command::action::{Layout, TextKey};
use crate::desk::{Ticket, TicketId};
use crate::store::drafts::DraftKey;
use crate::worker::work::WorkJob;

/// The metrics screen: its view, the inbox it reports on and filters, the reports' requests.
impl AppState {
    pub(super) fn show_metrics(&mut self) -> Vec<Effect> {
        if !self.settings.capabilities.reporting {
            self.say(Notice::Error(format!("{} has no reporting", self.settings.desk_name)));
            return vec![];
        }
        self.view.screen = Screen::Metrics;
        self.view.overlay = None;
        self.metrics_changed()
    }

    /// Change the view, then load what it needs.
    pub(super) fn adjust_metrics(&mut self, change: impl FnOnce(&mut MetricsView)) -> Vec<Effect> {
        self.metrics.adjust(change);
        self.metrics_changed()
    }

    fn metrics_changed(&mut self) -> Vec<Effect> {
        self.compute_local_reports();
        let queries = self.metrics.queries(self.today(), &self.inbox.query);
        self.load_series(queries)
    }

    pub(super) fn load_series(&mut self, queries: Vec<crate::desk::series::SeriesQuery>) -> Vec<Effect> {
        self.metrics.load(queries, self.settings.capabilities.reporting, &mut self.session.ids)
    }

    pub(super) fn metrics_page(&mut self, forward: bool) -> Vec<Effect> {
        self.metrics.turn_page(forward, self.settings.capabilities.clocks);
        self.compute_local_reports();
        vec![]
    }

    /// The SLA and workload pages, from the inbox, while the metrics screen shows.
    pub(super) fn compute_local_reports(&mut self) {
        if self.view.screen == Screen::Metrics {
            let today = self.today();
            self.metrics.compute_local(&self.inbox.tickets, today, self.session.now, &self.settings.tz);
        }
    }

    /// Enter on a breakdown row: the inbox, filtered to it.
    pub(super) fn open_breakdown_row(&mut self) -> Vec<Effect> {
        match self.metrics.narrow_to_row(self.today(), &mut self.inbox.query) {
            Some(true) => self.show_filtered_inbox(),
            Some(false) => {
                self.say(Notice::Error("the inbox cannot be filtered by that".into()));
                vec![]
            }
            None => vec![],
        }
    }

    /// Enter on a workload row: the inbox, filtered to that agent (or to the unassigned).
    pub(super) fn open_workload_row(&mut self) -> Vec<Effect> {
        let Some(agent) = self.metrics.workload_agent() else { return vec![] };
        let name = self.directory.assignee_name(agent.as_deref());
        self.inbox.query.assignee = Some(agent);
        self.say(Notice::Info(format!("the inbox, filtered to {name}")));
        self.show_filtered_inbox()
    }

    /// The inbox, loaded afresh under the filter a metrics row just set.
    fn show_filtered_inbox(&mut self) -> Vec<Effect> {
        self.view.screen = Screen::Inbox;
        self.inbox.clear();
        self.reload_inbox()
    }
}

/// `goto N` (`:1042`, `:#1042`): the ticket of that number, never a guess. Loaded, it is
/// selected, with whatever hides it cleared (the `/` text, a view that leaves it out);
/// otherwise it is read from the server and joins the inbox (the server's filters cleared
/// first when they leave it out).
impl AppState {
    pub(super) fn goto(&mut self, number: u64) -> Vec<Effect> {
        if let Some(id) = self.inbox.numbered(number).map(|t| t.id.clone()) {
            return self.reveal(&id);
        }
        let req = self.req();
        self.work.awaited.insert(req, format!("#{number}"));
        self.say(Notice::Info(format!("#{number} is not loaded: asking the server…")));
        vec![super::work::job(req, WorkJob::Find(number))]
    }

    /// Show the loaded ticket `id` (`Inbox::reveal`) and open its thread.
    fn reveal(&mut self, id: &TicketId) -> Vec<Effect> {
        self.view.overlay = None;
        self.inbox.reveal(id);
        self.view.focus = Focus::Thread;
        let mut effects = self.after_selection_change();
        effects.extend(self.load_thread(id.clone(), false, false));
        effects
    }

    /// The server's answer for `goto number`.
    pub(super) fn found(&mut self, number: u64, result: Result<Ticket, ApiError>) -> Vec<Effect> {
        let ticket = match result {
            Ok(ticket) => ticket,
            Err(ApiError::NotFound { .. }) => {
                self.say(Notice::Error(format!("there is no ticket #{number}")));
                return vec![];
            }
            Err(e) => {
                self.say(Notice::Error(format!("couldn't read #{number}: {e}")));
                return vec![];
            }
        };
        if !self.inbox.query.matches(&ticket) {
            // The server's filters leave it out: cleared, and it joins the whole inbox as
            // soon as the reload replaces the list (`land_pending_goto`).
            self.inbox.pending_goto = Some(ticket);
            self.say(Notice::Info(format!("#{number} is outside the filter: filters cleared")));
            return self.clear_filters();
        }
        // On the server and in this query, just not loaded yet: the count already held it.
        let id = ticket.id.clone();
        self.inbox.merge(vec![ticket]);
        self.reveal(&id)
    }

    /// After the list was replaced: the ticket `goto` found outside the old filters joins.
    pub(super) fn land_pending_goto(&mut self) -> Vec<Effect> {
        let Some(ticket) = self.inbox.pending_goto.take() else { return vec![] };
        let id = ticket.id.clone();
        self.inbox.merge(vec![ticket]);
        self.reveal(&id)
    }
}

/// A send cut off by a crash or a kill (`maybe_sent.rs`): the composer's drafts, the thread
/// that settles them, and what the agent is told.
impl AppState {
    /// The drafts kept on disk; the sends that were in flight are said at once.
    pub fn drafts_loaded(&mut self, drafts: Drafts) {
        let n = self.compose.drafts_loaded(drafts);
        if n > 0 {
            let (drafts, them) = if n == 1 { ("a draft", "opening it") } else { ("drafts", "opening one") };
            self.say(Notice::Error(format!(
                "{n} {drafts} may have been sent before triage stopped — {them} (r) checks the thread first"
            )));
        }
    }

    /// A send of `key` may have gone before triage stopped: refuse to send it blind, and
    /// read the thread (the answer settles it).
    pub(super) fn check_maybe_sent(&mut self, key: &DraftKey) -> Option<Vec<Effect>> {
        self.compose.maybe_sent(key).then(|| {
            self.say(Notice::Error(
                "this draft may have been sent before triage stopped — checking the thread…".into(),
            ));
            self.load_thread(key.ticket.clone(), false, true)
        })
    }

    /// The server's thread of `ticket` arrived: each draft of it that may have been sent is
    /// found there (and goes) or not (and is a plain draft again).
    pub(super) fn settle_maybe_sent(&mut self, ticket: &TicketId) -> Vec<Effect> {
        let Some(messages) = self.threads.held.get(ticket).and_then(|v| v.messages.ready()) else { return vec![] };
        let number = self.inbox.ticket(ticket).map_or(String::new(), |t| format!(" on #{}", t.number));
        let open = self.compose.open.as_ref().map(|c| c.key.clone());
        let mut effects = Vec::new();
        for (key, sent) in self.compose.settle_maybe_sent(ticket, messages) {
            if sent {
                if open.as_ref() == Some(&key) {
                    self.view.focus = Focus::Thread;
                }
                effects.extend(self.forget_draft(&key));
                self.say(Notice::Info(format!(
                    "the draft{number} was sent before triage stopped: it is in the thread"
                )));
            } else {
                effects.push(Effect::UnmarkSending(key));
                self.say(Notice::Info(format!(
                    "the draft{number} was not sent before triage stopped: Ctrl-s sends it"
                )));
            }
        }
        effects
    }
}

/// Typed text, routed to whatever has the keyboard: the search line, a picker, a prompt.
impl AppState {
    pub(super) fn text(&mut self, key: TextKey) -> Vec<Effect> {
        match self.view.overlay.take() {
            Some(Overlay::Search) => self.search_text(key),
            Some(Overlay::Picker(picker)) => self.picker_text(picker, key),
            Some(Overlay::Range(text)) => self.range_text(text, key),
            Some(Overlay::Command(line)) => self.command_text(line, key),
            Some(Overlay::Form(form)) => self.form_text(form, key),
            Some(Overlay::Help | Overlay::Legend | Overlay::Messages) | None => vec![],
        }
    }

    /// The search line filters as it is typed; Enter keeps it, Esc clears it.
    fn search_text(&mut self, key: TextKey) -> Vec<Effect> {
        let mut search = self.inbox.search.clone();
        match key {
            TextKey::Enter => return self.after_selection_change(),
            TextKey::Esc => search.clear(),
            _ => edit_line(&mut search, key),
        }
        if key != TextKey::Esc {
            self.view.overlay = Some(Overlay::Search);
        }
        self.inbox.set_search(search.clone());
        let mut effects = self.after_selection_change();
        if !search.trim().is_empty() {
            // Message bodies are searched in the cache's index, answered as hits.
            effects.push(Effect::Store(crate::worker::StoreJob::Search(search)));
        }
        effects
    }

    fn picker_text(&mut self, mut picker: Picker, key: TextKey) -> Vec<Effect> {
        match picker.typed(key) {
            Picked::Closed => vec![],
            Picked::Chosen(choice) => match *choice {
                Choice::Run(command) => self.run_command(command),
                choice => super::filters::choose(self, choice),
            },
            Picked::Open => {
                self.view.overlay = Some(Overlay::Picker(picker));
                vec![]
            }
        }
    }

    /// The created-date range prompt: Enter reloads the inbox on it, or says what is wrong.
    fn range_text(&mut self, mut text: String, key: TextKey) -> Vec<Effect> {
        match key {
            TextKey::Esc => return vec![],
            TextKey::Enter => match super::filters::parse_range(&text, self.today()) {
                Ok(range) => {
                    self.inbox.query.created = range;
                    self.inbox.clear();
                    return self.reload_inbox();
                }
                Err(e) => self.say(Notice::Error(e)),
            },
            _ => edit_line(&mut text, key),
        }
        self.view.overlay = Some(Overlay::Range(text));
        vec![]
    }
}

/// The inbox's filters: the part clears them, the view and the notices follow, and the list
/// is loaded again when the server's filters changed.
impl AppState {
    pub(super) fn escape_inbox(&mut self) -> Vec<Effect> {
        match self.inbox.escape() {
            Escaped::Search => self.after_selection_change(),
            Escaped::FiltersStay => {
                self.say(Notice::Info("filters stay: f changes them, and its last choice clears them all".into()));
                vec![]
            }
            Escaped::Marks | Escaped::Nothing => vec![],
        }
    }

    pub(super) fn clear_filters(&mut self) -> Vec<Effect> {
        self.view.overlay = None;
        self.notices.clear_all();
        if self.inbox.clear_filters() { self.reload_inbox() } else { self.after_selection_change() }
    }
}

/// The console's own life: the clock, the terminal, the cache at start, the agents, and the
/// inbox's order and views (the selection they move is followed by its thread and customer).
impl AppState {
    /// Ages on screen move on.
    pub(super) fn tick(&mut self, now: jiff::Timestamp) -> Vec<Effect> {
        self.session.now = now;
        self.inbox.set_now(now);
        self.compute_local_reports();
        vec![]
    }

    pub(super) fn resize(&mut self, width: u16, height: u16) -> Vec<Effect> {
        self.view.size = (width, height);
        self.after_selection_change()
    }

    /// What the last frame laid out. Render clamps too, so this alone never needs a redraw.
    pub(super) fn laid_out(&mut self, layout: Layout) -> (bool, Vec<Effect>) {
        self.view.layout = layout;
        if let Some(id) = &self.inbox.selected {
            self.threads.follow_layout(id, layout.thread_max_scroll);
        }
        (false, vec![])
    }

    pub(super) fn warn(&mut self, text: String) -> Vec<Effect> {
        self.say(Notice::Error(text));
        vec![]
    }

    /// The agents are known: names in the views ("me", an agent) can be resolved.
    pub(super) fn set_agents(&mut self, agents: Vec<crate::desk::Agent>) {
        self.directory.set_agents(agents);
        self.inbox.tabs.resolve(&self.directory.agents, self.settings.me.as_deref());
        self.inbox.recount();
        self.inbox.refilter();
    }

    /// What the cache held, in parts (a screenful, then the rest): the first part selects.
    pub(super) fn cache_loaded(&mut self, cached: crate::command::action::Cached) -> Vec<Effect> {
        let crate::command::action::Cached { tickets, agents, tags, ledger, opened } = cached;
        self.unread.load(opened);
        if let Some(ledger) = ledger {
            self.sync = super::InboxSync::new(crate::desk::InboxQuery::default()).with_ledger(ledger);
        }
        if !tickets.is_empty() {
            let first_part = self.inbox.tickets.is_empty();
            self.sync.cached = true;
            self.inbox.merge(tickets);
            if first_part {
                self.inbox.select_at(0);
            }
        }
        if !agents.is_empty() {
            self.set_agents(agents);
        }
        if !tags.is_empty() {
            self.directory.tags = tags;
        }
        vec![]
    }

    /// The offline backoff (or a refused cursor's wait) ran out: try again, unless the
    /// server answered meanwhile.
    pub(super) fn retry_now(&mut self) -> (bool, Vec<Effect>) {
        match self.sync.offline_backoff.is_some() || self.sync.restart_due() {
            true => (true, self.sync_inbox()),
            false => (false, vec![]),
        }
    }

    pub(super) fn open_filter_menu(&mut self) -> Vec<Effect> {
        let picker = super::filters::facet_picker(self);
        self.view.open(Overlay::Picker(picker))
    }

    /// `o` (the next sort) or `O` (the other way round): read from the new order's top.
    pub(super) fn resort(&mut self, reverse: bool) -> Vec<Effect> {
        if reverse {
            self.inbox.reverse();
        } else {
            self.inbox.set_sort(self.inbox.sort.next());
        }
        self.inbox.select_at(0);
        self.say(Notice::Info(format!("sorted by {}", self.inbox.sort_label())));
        self.after_selection_change()
    }

    /// Show a view (`:view NAME`, `[` and `]`); the preview follows the selection.
    pub(super) fn show_view(&mut self, index: usize) -> Vec<Effect> {
        let before = self.inbox.selected.clone();
        self.inbox.show_view(index);
        self.inbox.select_at(0);
        if self.inbox.selected != before { self.after_selection_change() } else { vec![] }
    }

    pub(super) fn cycle_view(&mut self, forward: bool) -> Vec<Effect> {
        match self.inbox.tabs.next_index(forward) {
            Some(index) => self.show_view(index),
            None => vec![],
        }
    }
}
