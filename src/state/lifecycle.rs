//! The console's own life and its small moves: quitting, the clock, the terminal's size,
//! suspending, the cache at start, and the overlays that only open or close.

use super::*;
use crate::command::action::Layout;

impl AppState {
    pub(super) fn quit(&mut self) -> Vec<Effect> {
        // Nothing typed is lost on the way out: a draft whose save failed is tried again,
        // and if it fails again (or cannot be tried) the quit waits for a second `q`.
        if self.compose.held.is_some() && !self.session.quit_anyway {
            // Never a silent loss: the message waiting to leave is said, and kept as a draft.
            self.session.quit_anyway = true;
            self.say(Notice::Error(
                "a message is about to be sent — q again quits and keeps it as a draft, unsent".into(),
            ));
            return vec![];
        }
        self.session.should_quit = true;
        let _ = self.remember_draft_for_quit();
        self.compose.drafts.dirty.extend(self.compose.drafts.unsaved.iter().cloned());
        let effects = self.flush_drafts();
        if !self.compose.drafts.unsaved.is_empty() && !self.session.quit_anyway && effects.is_empty() {
            self.session.should_quit = false;
            self.session.quit_anyway = true;
            self.say(Notice::Error("a draft could NOT be saved — q again quits and loses it".into()));
        }
        effects
    }

    /// Ages on screen move on.
    pub(super) fn tick(&mut self, now: jiff::Timestamp) -> Vec<Effect> {
        self.session.now = now;
        self.inbox.set_now(now);
        self.compute_local_reports();
        vec![]
    }

    /// The agents are known: names in the views ("me", an agent) can be resolved.
    pub(super) fn set_agents(&mut self, agents: Vec<Agent>) {
        self.directory.set_agents(agents);
        self.inbox.tabs.resolve(&self.directory.agents, self.settings.me.as_deref());
        self.inbox.recount();
        self.inbox.refilter();
    }

    /// Show a view (`:view NAME`, `[` and `]`); the preview follows the selection.
    pub(super) fn show_view(&mut self, index: usize) -> Vec<Effect> {
        let before = self.inbox.selected.clone();
        self.inbox.show_view(index);
        self.inbox.select_at(0);
        if self.inbox.selected != before { self.after_selection_change() } else { vec![] }
    }

    pub(super) fn cycle_view(&mut self, forward: bool) -> Vec<Effect> {
        let n = self.inbox.tabs.views.len();
        if n == 0 {
            return vec![];
        }
        let at = self.inbox.tabs.current;
        self.show_view(if forward { (at + 1) % n } else { (at + n - 1) % n })
    }

    pub(super) fn resize(&mut self, width: u16, height: u16) -> Vec<Effect> {
        self.view.size = (width, height);
        self.after_selection_change()
    }

    /// What the last frame laid out. Render clamps too, so this alone never needs a redraw.
    pub(super) fn laid_out(&mut self, layout: Layout) -> (bool, Vec<Effect>) {
        self.view.layout = layout;
        if let Some(view) = self.inbox.selected.clone().and_then(|id| self.threads.held.get_mut(&id)) {
            view.scroll =
                if view.follow { layout.thread_max_scroll } else { view.scroll.min(layout.thread_max_scroll) };
        }
        (false, vec![])
    }

    pub(super) fn back(&mut self) -> Vec<Effect> {
        self.view.focus = Focus::Inbox;
        vec![]
    }

    /// A failed save is said at once; on the way out it stops the quit once, so nothing
    /// typed is dropped without a word (`q` again quits anyway).
    pub(super) fn draft_saved(
        &mut self,
        key: crate::store::drafts::DraftKey,
        result: Result<(), String>,
    ) -> Vec<Effect> {
        let Err(e) = result else {
            self.compose.drafts.unsaved.remove(&key);
            return vec![];
        };
        self.compose.drafts.unsaved.insert(key);
        if self.session.should_quit && !self.session.quit_anyway {
            self.session.should_quit = false;
            self.session.quit_anyway = true;
            self.say(Notice::Error(format!("q again quits and loses the draft: it could NOT be saved ({e})")));
        } else if !self.session.should_quit {
            self.say(Notice::Error(format!("the draft could NOT be saved ({e}); keep the console open")));
        }
        vec![]
    }

    pub(super) fn warn(&mut self, text: String) -> Vec<Effect> {
        self.say(Notice::Error(text));
        vec![]
    }

    /// What the cache held, in parts (a screenful, then the rest): the first part selects.
    pub(super) fn cache_loaded(&mut self, cached: crate::command::action::Cached) -> Vec<Effect> {
        let crate::command::action::Cached { tickets, agents, tags, ledger, opened } = cached;
        self.unread.load(opened);
        if let Some(ledger) = ledger {
            self.sync = InboxSync::new(InboxQuery::default()).with_ledger(ledger);
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

    /// Ctrl-z. Drafts first: a stopped process may never be continued.
    pub(super) fn suspend(&mut self) -> Vec<Effect> {
        let _ = self.remember_draft_for_quit();
        let mut effects = self.flush_drafts();
        effects.push(Effect::Suspend);
        effects
    }

    /// The offline backoff (or a refused cursor's wait) ran out: try again, unless the
    /// server answered meanwhile.
    pub(super) fn retry_now(&mut self) -> (bool, Vec<Effect>) {
        match self.sync.offline_backoff.is_some() || self.sync.restart_due() {
            true => (true, self.sync_inbox()),
            false => (false, vec![]),
        }
    }

    pub(super) fn start_search(&mut self) -> Vec<Effect> {
        self.view.focus = Focus::Inbox;
        self.view.overlay = Some(Overlay::Search);
        vec![]
    }

    pub(super) fn open_filter_menu(&mut self) -> Vec<Effect> {
        self.view.overlay = Some(Overlay::Picker(filters::facet_picker(self)));
        vec![]
    }

    pub(super) fn cycle_sort(&mut self) -> Vec<Effect> {
        self.inbox.set_sort(self.inbox.sort.next());
        // A new order is read from its top (the most urgent, the newest).
        self.inbox.select_at(0);
        self.say(Notice::Info(format!("sorted by {}", self.inbox.sort_label())));
        self.after_selection_change()
    }

    pub(super) fn reverse_sort(&mut self) -> Vec<Effect> {
        self.inbox.reverse();
        self.inbox.select_at(0);
        self.say(Notice::Info(format!("sorted by {}", self.inbox.sort_label())));
        self.after_selection_change()
    }
}

impl AppState {
    /// Where the agent is: the view, the sort and the `/` text.
    fn place(&self) -> crate::store::history::Place {
        crate::store::history::Place {
            view: self.inbox.tabs.lens().map(|l| l.view.name.clone()),
            sort: Some(self.inbox.sort_label()),
            search: self.inbox.search.clone(),
        }
    }

    /// Save the place when it moved (asked after every action, so the unmoved case compares
    /// in place and allocates nothing).
    pub(super) fn remember_place(&mut self) -> Vec<Effect> {
        let r = &self.inbox.remembered;
        let view = self.inbox.tabs.lens().map(|l| l.view.name.as_str());
        let sort = r.sort.as_deref().map(sort_and_direction);
        if r.view.as_deref() == view
            && r.search == self.inbox.search
            && sort == Some((self.inbox.sort.label(), self.inbox.ascending))
        {
            return vec![];
        }
        let place = self.place();
        self.inbox.remembered = place.clone();
        vec![Effect::SavePlace(place)]
    }

    /// The views and columns the config asks for, less those the desk's data cannot fill:
    /// Thena has no reply clock and no snoozes, so no Breaching or Snoozed tab, no reply column.
    pub fn set_views(&mut self, mut views: Vec<crate::desk::views::View>, columns: Option<Vec<crate::config::Column>>) {
        use crate::config::Column;
        if !self.settings.capabilities.clocks {
            views.retain(|v| !v.needs_clocks());
        }
        self.inbox.tabs = super::views::ViewTabs::new(views);
        self.settings.columns = match (self.settings.capabilities.clocks, columns) {
            (true, chosen) => chosen,
            (false, chosen) => {
                let all = vec![Column::Customer, Column::Assignee, Column::Tags];
                Some(chosen.unwrap_or(all).into_iter().filter(|c| *c != Column::Reply).collect())
            }
        };
    }

    /// Back where the last run left off (a view that is gone is skipped).
    pub fn restore_place(&mut self, place: crate::store::history::Place) {
        if let Some(index) = place.view.as_deref().and_then(|v| self.inbox.tabs.views.iter().position(|x| x.name == v))
        {
            self.inbox.show_view(index);
        }
        let (sort, ascending) = place.sort.as_deref().map_or(("", false), sort_and_direction);
        if let Some(sort) = crate::desk::views::Sort::parse(sort) {
            self.inbox.ascending = ascending;
            self.inbox.set_sort(sort);
        }
        self.inbox.set_search(place.search.clone());
        self.inbox.remembered = place;
    }
}

/// `"created ↑"` → the sort's label and whether it runs ascending (as `sort_label` writes it).
fn sort_and_direction(label: &str) -> (&str, bool) {
    (label.trim_end_matches(" ↑"), label.ends_with(" ↑"))
}
