//! The metrics screen: four panels over a window, a grain, an optional breakdown, and the
//! inbox filter where reporting can express it. Every answer is cached per question.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;

use super::{AppState, Effect, Loadable, Notice, Screen};
use crate::desk::InboxQuery;
use crate::desk::series::{Dimension, Grain, Metric, Series, SeriesQuery};
use crate::worker::Job;

pub const RANGES: [i64; 3] = [7, 30, 90];

/// `v`: the next range of days.
pub fn next_range(m: &mut MetricsView) {
    let at = RANGES.iter().position(|r| *r == m.range_days).unwrap_or(0);
    m.range_days = RANGES[(at + 1) % RANGES.len()];
}

/// `b`: the next breakdown (assignee, customer, tag, source, none).
pub fn next_breakdown(m: &mut MetricsView) {
    use crate::desk::series::Dimension;
    m.breakdown = match m.breakdown {
        None => Some(Dimension::AssigneeId),
        Some(Dimension::AssigneeId) => Some(Dimension::CustomerId),
        Some(Dimension::CustomerId) => Some(Dimension::TagId),
        Some(Dimension::TagId) => Some(Dimension::SourceType),
        Some(Dimension::SourceType | Dimension::Sentiment) => None,
    };
}
/// The inbox header's quick glance: created per day over two weeks, and today's resolved.
pub const GLANCE_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq)]
pub struct MetricsView {
    pub range_days: i64,
    pub grain: Grain,
    /// How many windows back from today (`[` adds one, `]` removes one).
    pub shift: i64,
    /// Working-hours variants of the time metrics.
    pub working: bool,
    pub breakdown: Option<Dimension>,
    /// The panel whose metric the breakdown ranks by.
    pub panel: usize,
    /// The highlighted breakdown row.
    pub row: usize,
    pub cache: HashMap<SeriesQuery, Loadable<Series>>,
    pub page: super::metrics_pages::MetricsPage,
    /// Thena's panels: CSAT and the sentiment split instead of resolved counts.
    pub thena: bool,
    /// The SLA and workload pages' numbers, computed from the inbox.
    pub local: super::metrics_pages::LocalReports,
}

impl Default for MetricsView {
    fn default() -> Self {
        MetricsView {
            range_days: 30,
            grain: Grain::Day,
            shift: 0,
            working: false,
            breakdown: None,
            panel: 0,
            row: 0,
            cache: HashMap::new(),
            page: Default::default(),
            thena: false,
            local: Default::default(),
        }
    }
}

impl MetricsView {
    pub fn metrics(&self) -> [Metric; 4] {
        if self.thena {
            // Its export has no working-hours times: both variants read the same.
            return [Metric::CsatMean, Metric::TotalCount, Metric::ResponseTimeMean, Metric::ResolutionTimeMean];
        }
        if self.working {
            [
                Metric::TotalCount,
                Metric::ConversationsResolved,
                Metric::ResponseTimeWorkingMean,
                Metric::ResolutionTimeWorkingMean,
            ]
        } else {
            [Metric::TotalCount, Metric::ConversationsResolved, Metric::ResponseTimeMean, Metric::ResolutionTimeMean]
        }
    }

    /// The window shown, inclusive, ending `shift` windows before `today`.
    pub fn window(&self, today: Date) -> (Date, Date) {
        let end = today - (self.shift * self.range_days).days();
        (end - (self.range_days - 1).days(), end)
    }

    /// The window ends today: its last bucket is still filling.
    pub fn partial(&self) -> bool {
        self.shift == 0
    }

    /// Thena's panels also say how many ratings the CSAT mean rests on, and how the
    /// requests split by sentiment.
    pub fn thena_extras(&self, today: Date, filters: &BTreeMap<Dimension, Vec<String>>) -> [SeriesQuery; 2] {
        let window = self.window(today);
        [
            self.query(Metric::CsatRatings, window, None, filters),
            self.query(Metric::TotalCount, window, Some(Dimension::Sentiment), filters),
        ]
    }

    /// The window of equal length just before, for the change.
    pub fn previous_window(&self, today: Date) -> (Date, Date) {
        let (start, _) = self.window(today);
        (start - self.range_days.days(), start - 1.day())
    }

    pub fn query(
        &self,
        metric: Metric,
        window: (Date, Date),
        breakdown: Option<Dimension>,
        filters: &BTreeMap<Dimension, Vec<String>>,
    ) -> SeriesQuery {
        SeriesQuery { metric, start: window.0, end: window.1, grain: self.grain, breakdown, filters: filters.clone() }
    }
}

/// The inbox filters reporting can express (assignee, customer, tag).
pub fn reporting_filters(query: &InboxQuery) -> BTreeMap<Dimension, Vec<String>> {
    let mut filters = BTreeMap::new();
    if let Some(Some(assignee)) = &query.assignee {
        filters.insert(Dimension::AssigneeId, vec![assignee.clone()]);
    }
    if let Some(customer) = &query.customer {
        filters.insert(Dimension::CustomerId, vec![customer.clone()]);
    }
    if let Some(tag) = &query.tag {
        filters.insert(Dimension::TagId, vec![tag.clone()]);
    }
    filters
}

impl AppState {
    pub fn today(&self) -> Date {
        self.session.now.to_zoned(self.settings.tz.clone()).date()
    }

    /// Every question the metrics screen needs right now.
    pub fn metrics_queries(&self) -> Vec<SeriesQuery> {
        let m = &self.metrics;
        let today = self.today();
        let filters = reporting_filters(&self.inbox.query);
        let mut queries = Vec::new();
        for metric in m.metrics() {
            queries.push(m.query(metric, m.window(today), None, &filters));
            queries.push(m.query(metric, m.previous_window(today), None, &filters));
        }
        if let Some(dimension) = m.breakdown {
            queries.push(m.query(m.metrics()[m.panel], m.window(today), Some(dimension), &filters));
        }
        if m.thena {
            queries.extend(m.thena_extras(today, &filters));
        }
        queries
    }

    /// The inbox header's two quick-glance series.
    pub fn glance_queries(&self) -> [SeriesQuery; 2] {
        let today = self.today();
        let start = today - (GLANCE_DAYS - 1).days();
        let q = |metric| SeriesQuery {
            metric,
            start,
            end: today,
            grain: Grain::Day,
            breakdown: None,
            filters: BTreeMap::new(),
        };
        [q(Metric::TotalCount), q(Metric::ConversationsResolved)]
    }

    /// Ask for what is not cached (all at once: the worker runs them concurrently).
    pub(super) fn load_series(&mut self, queries: Vec<SeriesQuery>) -> Vec<Effect> {
        if !self.settings.capabilities.reporting {
            return vec![];
        }
        let mut effects = Vec::new();
        for query in queries {
            if self.metrics.cache.contains_key(&query) {
                continue;
            }
            let req = self.req();
            self.metrics.cache.insert(query.clone(), Loadable::Loading(req));
            effects.push(Effect::Job(Job::Series { req, query }));
        }
        effects
    }

    pub(super) fn show_metrics(&mut self) -> Vec<Effect> {
        if !self.settings.capabilities.reporting {
            self.say(Notice::Error(format!("{} has no reporting", self.settings.desk_name)));
            return vec![];
        }
        self.view.screen = Screen::Metrics;
        self.view.overlay = None;
        self.compute_local_reports();
        let queries = self.metrics_queries();
        self.load_series(queries)
    }

    /// Change the view, then load what it needs.
    pub(super) fn adjust_metrics(&mut self, change: impl FnOnce(&mut MetricsView)) -> Vec<Effect> {
        change(&mut self.metrics);
        self.metrics.row = 0;
        self.compute_local_reports();
        let queries = self.metrics_queries();
        self.load_series(queries)
    }

    pub(super) fn metrics_move(&mut self, down: bool) {
        let m = &mut self.metrics;
        if m.page == super::metrics_pages::MetricsPage::Workload {
            let last = m.local.workload.len().saturating_sub(1);
            m.local.row = if down { (m.local.row + 1).min(last) } else { m.local.row.saturating_sub(1) };
        } else if m.breakdown.is_some() {
            m.row = if down { m.row + 1 } else { m.row.saturating_sub(1) };
        } else {
            m.panel = if down { (m.panel + 1).min(3) } else { m.panel.saturating_sub(1) };
        }
    }

    /// The breakdown rows, ranked by the selected metric (largest first).
    pub fn breakdown_rows(&self) -> Option<(Metric, Vec<crate::desk::series::SeriesLine>)> {
        let m = &self.metrics;
        let dimension = m.breakdown?;
        let query = m.query(
            m.metrics()[m.panel],
            m.window(self.today()),
            Some(dimension),
            &reporting_filters(&self.inbox.query),
        );
        let series = m.cache.get(&query)?.ready()?;
        let mut lines = series.lines.clone();
        lines.sort_by(|a, b| {
            let total = |l: &crate::desk::series::SeriesLine| l.summary(series.metric).overall.unwrap_or(0.0);
            total(b).total_cmp(&total(a)).then(a.name.cmp(&b.name))
        });
        Some((series.metric, lines))
    }

    /// Enter on a breakdown row: the inbox, filtered to it.
    pub(super) fn open_breakdown_row(&mut self) -> Vec<Effect> {
        let Some(dimension) = self.metrics.breakdown else { return vec![] };
        let Some(key) =
            self.breakdown_rows().and_then(|(_, rows)| rows.get(self.metrics.row).and_then(|r| r.key.clone()))
        else {
            return vec![];
        };
        let none = key == crate::desk::series::MISSING_KEY;
        let q = &mut self.inbox.query;
        match dimension {
            Dimension::AssigneeId => q.assignee = Some((!none).then_some(key)),
            Dimension::CustomerId => q.customer = Some(key),
            Dimension::TagId if !none => q.tag = Some(key),
            Dimension::TagId | Dimension::SourceType | Dimension::Sentiment => {
                self.say(Notice::Error("the inbox cannot be filtered by that".into()));
                return vec![];
            }
        }
        self.show_filtered_inbox()
    }

    /// The inbox, loaded afresh under the filter a metrics row just set.
    pub(super) fn show_filtered_inbox(&mut self) -> Vec<Effect> {
        self.view.screen = Screen::Inbox;
        self.inbox.clear();
        self.reload_inbox()
    }
}
