//! The metrics screen's pages: the reporting panels, reply-SLA attainment and the agents'
//! workload. The last two are computed from the inbox's own conversations (reporting has
//! neither), when their page is shown, when the window changes and at every minute's tick.

use super::metrics::MetricsView;
use super::{AppState, Effect, Notice, Screen};
use crate::desk::attainment::{self, Report};
use crate::desk::workload::{self, Load};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MetricsPage {
    #[default]
    Reporting,
    Sla,
    Workload,
}

impl MetricsPage {
    pub const ALL: [MetricsPage; 3] = [MetricsPage::Reporting, MetricsPage::Sla, MetricsPage::Workload];

    pub fn name(self) -> &'static str {
        match self {
            MetricsPage::Reporting => "Reporting",
            MetricsPage::Sla => "Reply SLA",
            MetricsPage::Workload => "Workload",
        }
    }
}

/// What the SLA and workload pages show, as last computed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LocalReports {
    pub sla: Report,
    pub workload: Vec<Load>,
    /// The highlighted workload row.
    pub row: usize,
    /// How many conversations they were computed from.
    pub from: usize,
}

impl AppState {
    /// The pages the desk's data fills: the reply SLA page only where tickets have a clock.
    pub fn metrics_pages(&self) -> Vec<MetricsPage> {
        let clocks = self.settings.capabilities.clocks;
        MetricsPage::ALL.into_iter().filter(|p| clocks || *p != MetricsPage::Sla).collect()
    }

    /// `Tab` / `Shift-Tab` on the metrics screen.
    pub(super) fn metrics_page(&mut self, forward: bool) -> Vec<Effect> {
        let all = self.metrics_pages();
        let at = all.iter().position(|p| *p == self.metrics.page).unwrap_or(0);
        let next = if forward { (at + 1) % all.len() } else { (at + all.len() - 1) % all.len() };
        self.metrics.page = all[next];
        self.compute_local_reports();
        vec![]
    }

    /// Recompute what the SLA and workload pages show (when one of them is in view).
    pub(super) fn compute_local_reports(&mut self) {
        if self.view.screen != Screen::Metrics || self.metrics.page == MetricsPage::Reporting {
            return;
        }
        let m: &MetricsView = &self.metrics;
        let (start, end) = m.window(self.today());
        let window = attainment::Window {
            start,
            end,
            grain: m.grain,
            now: self.session.now,
            tz: &self.settings.tz,
            working: m.working,
        };
        let tickets = &self.inbox.tickets;
        let row = self.metrics.local.row;
        self.metrics.local = LocalReports {
            sla: attainment::report(tickets.iter(), &window),
            workload: workload::workload(tickets.iter(), self.session.now),
            row,
            from: tickets.len(),
        };
        let last = self.metrics.local.workload.len().saturating_sub(1);
        self.metrics.local.row = row.min(last);
    }

    /// Enter on a workload row: the inbox, filtered to that agent (or to the unassigned).
    pub(super) fn open_workload_row(&mut self) -> Vec<Effect> {
        let Some(row) = self.metrics.local.workload.get(self.metrics.local.row) else { return vec![] };
        let agent = row.agent.as_deref().map(str::to_string);
        let name = self.directory.assignee_name(agent.as_deref());
        self.inbox.query.assignee = Some(agent);
        self.say(Notice::Info(format!("the inbox, filtered to {name}")));
        self.show_filtered_inbox()
    }
}
