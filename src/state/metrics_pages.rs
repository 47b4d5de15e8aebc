//! The metrics screen's pages: the reporting panels, reply-SLA attainment and the agents'
//! workload. The last two are computed from the inbox's own conversations (reporting has
//! neither), when their page is shown, when the window changes and at every minute's tick.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::metrics::MetricsView;
use crate::desk::Ticket;
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

impl MetricsPage {
    /// The pages the desk's data fills: the reply SLA page only where tickets have a `clocks`.
    pub fn available(clocks: bool) -> Vec<MetricsPage> {
        MetricsPage::ALL.into_iter().filter(|p| clocks || *p != MetricsPage::Sla).collect()
    }
}

impl MetricsView {
    /// `Tab` / `Shift-Tab` on the metrics screen.
    pub fn turn_page(&mut self, forward: bool, clocks: bool) {
        let all = MetricsPage::available(clocks);
        let at = all.iter().position(|p| *p == self.page).unwrap_or(0);
        let next = if forward { (at + 1) % all.len() } else { (at + all.len() - 1) % all.len() };
        self.page = all[next];
    }

    /// Recompute what the SLA and workload pages show from `tickets` (when one of them is
    /// the page: the reporting page needs none of it).
    pub fn compute_local(&mut self, tickets: &[Ticket], today: Date, now: Timestamp, tz: &TimeZone) {
        if self.page == MetricsPage::Reporting {
            return;
        }
        let (start, end) = self.window(today);
        let window = attainment::Window { start, end, grain: self.grain, now, tz, working: self.working };
        let row = self.local.row;
        self.local = LocalReports {
            sla: attainment::report(tickets.iter(), &window),
            workload: workload::workload(tickets.iter(), now),
            row,
            from: tickets.len(),
        };
        let last = self.local.workload.len().saturating_sub(1);
        self.local.row = row.min(last);
    }

    /// The agent of the highlighted workload row (`None` inside: the unassigned).
    pub fn workload_agent(&self) -> Option<Option<String>> {
        self.local.workload.get(self.local.row).map(|row| row.agent.as_deref().map(str::to_string))
    }
}
