//! The metrics screen: four panels over a window, a grain, an optional breakdown, and the
//! inbox filter where reporting can express it. Every answer is cached per question.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Effect, Loadable};
use crate::desk::InboxQuery;
use crate::desk::series::{Dimension, Grain, Metric, Series, SeriesLine, SeriesQuery};
use crate::worker::{Job, ReqIds};

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

/// The inbox header's two quick-glance series: created and resolved per day over two weeks.
pub fn glance_queries(today: Date) -> [SeriesQuery; 2] {
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

impl MetricsView {
    /// Every question the metrics screen needs on `today`, under the inbox's `filter`.
    pub fn queries(&self, today: Date, filter: &InboxQuery) -> Vec<SeriesQuery> {
        let filters = reporting_filters(filter);
        let mut queries = Vec::new();
        for metric in self.metrics() {
            queries.push(self.query(metric, self.window(today), None, &filters));
            queries.push(self.query(metric, self.previous_window(today), None, &filters));
        }
        if let Some(dimension) = self.breakdown {
            queries.push(self.query(self.metrics()[self.panel], self.window(today), Some(dimension), &filters));
        }
        if self.thena {
            queries.extend(self.thena_extras(today, &filters));
        }
        queries
    }

    /// Ask for what is not cached (all at once: the worker runs them concurrently); nothing
    /// where the desk has no `reporting`.
    pub fn load(&mut self, queries: Vec<SeriesQuery>, reporting: bool, ids: &mut ReqIds) -> Vec<Effect> {
        if !reporting {
            return vec![];
        }
        let mut effects = Vec::new();
        for query in queries {
            if self.cache.contains_key(&query) {
                continue;
            }
            let req = ids.take();
            self.cache.insert(query.clone(), Loadable::Loading(req));
            effects.push(Effect::Job(Job::Series { req, query }));
        }
        effects
    }

    /// Change the view (its highlighted row back to the first).
    pub fn adjust(&mut self, change: impl FnOnce(&mut MetricsView)) {
        change(self);
        self.row = 0;
    }

    /// `j` / `k`: the workload row, the breakdown row, or the panel.
    pub fn move_row(&mut self, down: bool) {
        if self.page == super::metrics_pages::MetricsPage::Workload {
            let last = self.local.workload.len().saturating_sub(1);
            self.local.row = if down { (self.local.row + 1).min(last) } else { self.local.row.saturating_sub(1) };
        } else if self.breakdown.is_some() {
            self.row = if down { self.row + 1 } else { self.row.saturating_sub(1) };
        } else {
            self.panel = if down { (self.panel + 1).min(3) } else { self.panel.saturating_sub(1) };
        }
    }

    /// The breakdown rows on `today` under the inbox's `filter`, ranked by the selected
    /// metric (largest first).
    pub fn breakdown_rows(&self, today: Date, filter: &InboxQuery) -> Option<(Metric, Vec<SeriesLine>)> {
        let dimension = self.breakdown?;
        let query =
            self.query(self.metrics()[self.panel], self.window(today), Some(dimension), &reporting_filters(filter));
        let series = self.cache.get(&query)?.ready()?;
        let mut lines = series.lines.clone();
        lines.sort_by(|a, b| {
            let total = |l: &SeriesLine| l.summary(series.metric).overall.unwrap_or(0.0);
            total(b).total_cmp(&total(a)).then(a.name.cmp(&b.name))
        });
        Some((series.metric, lines))
    }

    /// Enter on a breakdown row: `filter` narrowed to it (false when the inbox cannot be
    /// filtered by its dimension).
    pub fn narrow_to_row(&self, today: Date, filter: &mut InboxQuery) -> Option<bool> {
        let dimension = self.breakdown?;
        let (_, rows) = self.breakdown_rows(today, filter)?;
        let key = rows.get(self.row)?.key.clone()?;
        let none = key == crate::desk::series::MISSING_KEY;
        match dimension {
            Dimension::AssigneeId => filter.assignee = Some((!none).then_some(key)),
            Dimension::CustomerId => filter.customer = Some(key),
            Dimension::TagId if !none => filter.tag = Some(key),
            Dimension::TagId | Dimension::SourceType | Dimension::Sentiment => return Some(false),
        }
        Some(true)
    }
}
