//! Reply-SLA attainment, computed from the conversations themselves (the reporting endpoint
//! has no SLA metric): of the conversations created in a window whose customer has a reply
//! SLA (`replyTimeoutMinutes`), the share first answered within it (`responseTime`, or
//! `responseTimeWorking` for the working-hours variant).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Shared, Ticket, TicketStatus};
use crate::support::calendar::{Grain, bucket, buckets};

/// How one conversation stands against its reply SLA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Met,
    Missed,
    /// Not answered yet and still inside its SLA, or not counted (no SLA, closed unanswered,
    /// or unanswered in the working-hours variant, whose working time the client cannot know).
    Pending,
}

pub fn outcome(t: &Ticket, now: Timestamp, working: bool) -> Option<Outcome> {
    let window = f64::from(t.reply_sla_minutes?) * 60.0;
    let answered = if working { t.response_working_secs } else { t.response_secs };
    Some(match answered {
        Some(secs) if secs <= window => Outcome::Met,
        Some(_) => Outcome::Missed,
        None if working || t.status == TicketStatus::Closed => Outcome::Pending,
        None => {
            let waited = t.created_at.map_or(0.0, |c| now.duration_since(c).as_secs_f64());
            if waited > window { Outcome::Missed } else { Outcome::Pending }
        }
    })
}

/// Met and missed, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub met: u32,
    pub missed: u32,
    pub pending: u32,
}

impl Tally {
    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Met => self.met += 1,
            Outcome::Missed => self.missed += 1,
            Outcome::Pending => self.pending += 1,
        }
    }

    /// The share met (0–1) of those decided; `None` when none is.
    pub fn share(&self) -> Option<f64> {
        let decided = self.met + self.missed;
        (decided > 0).then(|| f64::from(self.met) / f64::from(decided))
    }
}

/// The report over one window: per bucket, overall, and by assignee and by customer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub dates: Vec<String>,
    pub buckets: Vec<Tally>,
    pub overall: Tally,
    /// By assignee id (`None`: unassigned), worst share first.
    pub by_assignee: Vec<(Option<Shared>, Tally)>,
    /// By customer name, worst share first.
    pub by_customer: Vec<(Shared, Tally)>,
}

/// What `report` is asked.
pub struct Window<'a> {
    pub start: Date,
    pub end: Date,
    pub grain: Grain,
    pub now: Timestamp,
    pub tz: &'a TimeZone,
    pub working: bool,
}

pub fn report<'a>(tickets: impl Iterator<Item = &'a Ticket>, w: &Window) -> Report {
    let days = buckets(w.grain, w.start, w.end);
    let index: BTreeMap<Date, usize> = days.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut r = Report { dates: days.iter().map(Date::to_string).collect(), ..Report::default() };
    r.buckets = vec![Tally::default(); days.len()];
    let (mut assignees, mut customers) = (BTreeMap::new(), BTreeMap::new());
    for t in tickets {
        let Some(created) = t.created_at.map(|c| c.to_zoned(w.tz.clone()).date()) else { continue };
        if created < w.start || created > w.end {
            continue;
        }
        let Some(o) = outcome(t, w.now, w.working) else { continue };
        if let Some(&i) = index.get(&bucket(w.grain, created)) {
            r.buckets[i].add(o);
        }
        r.overall.add(o);
        assignees.entry(t.assignee_id.clone()).or_insert_with(Tally::default).add(o);
        customers.entry(t.customer_name.clone()).or_insert_with(Tally::default).add(o);
    }
    r.by_assignee = worst_first(assignees);
    r.by_customer = worst_first(customers);
    r
}

fn worst_first<K: Ord>(map: BTreeMap<K, Tally>) -> Vec<(K, Tally)> {
    let mut rows: Vec<(K, Tally)> = map.into_iter().filter(|(_, t)| t.met + t.missed > 0).collect();
    rows.sort_by(|(a, x), (b, y)| {
        let share = |t: &Tally| t.share().unwrap_or(1.0);
        share(x).total_cmp(&share(y)).then(y.missed.cmp(&x.missed)).then(a.cmp(b))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(sla: Option<u32>, response: Option<f64>, created: &str, status: TicketStatus) -> Ticket {
        Ticket {
            reply_sla_minutes: sla,
            response_secs: response,
            response_working_secs: response.map(|r| r / 2.0),
            created_at: Some(created.parse().unwrap()),
            status,
            customer_name: "Globex".into(),
            ..Ticket::default()
        }
    }

    #[test]
    fn answered_in_time_late_waiting_and_not_counted() {
        let now: Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
        let open = TicketStatus::Open;
        let at = "2026-12-01T10:00:00Z";
        assert_eq!(outcome(&ticket(Some(60), Some(3600.0), at, open), now, false), Some(Outcome::Met));
        assert_eq!(outcome(&ticket(Some(60), Some(3601.0), at, open), now, false), Some(Outcome::Missed));
        assert_eq!(outcome(&ticket(Some(60), Some(7000.0), at, open), now, true), Some(Outcome::Met), "working");
        assert_eq!(outcome(&ticket(Some(60), None, at, open), now, false), Some(Outcome::Missed), "2 h waiting");
        assert_eq!(outcome(&ticket(Some(180), None, at, open), now, false), Some(Outcome::Pending));
        assert_eq!(outcome(&ticket(Some(60), None, at, TicketStatus::Closed), now, false), Some(Outcome::Pending));
        assert_eq!(outcome(&ticket(None, Some(1.0), at, open), now, false), None, "no SLA");
    }

    #[test]
    fn a_report_counts_per_bucket_and_ranks_the_worst_first() {
        let now: Timestamp = "2026-12-03T12:00:00Z".parse().unwrap();
        let open = TicketStatus::Open;
        let mut late = ticket(Some(60), Some(9999.0), "2026-12-02T09:00:00Z", open);
        late.customer_name = "Initech".into();
        let all = [
            ticket(Some(60), Some(60.0), "2026-12-01T09:00:00Z", open),
            ticket(Some(60), Some(60.0), "2026-12-02T09:00:00Z", open),
            late,
            ticket(Some(60), Some(60.0), "2026-11-20T09:00:00Z", open),
        ];
        let tz = TimeZone::UTC;
        let w = Window {
            start: "2026-12-01".parse().unwrap(),
            end: "2026-12-03".parse().unwrap(),
            grain: Grain::Day,
            now,
            tz: &tz,
            working: false,
        };
        let r = report(all.iter(), &w);
        assert_eq!(r.overall, Tally { met: 2, missed: 1, pending: 0 }, "the one outside the window is left out");
        assert_eq!(r.buckets.iter().map(|t| t.share()).collect::<Vec<_>>(), vec![Some(1.0), Some(0.5), None]);
        assert_eq!(&*r.by_customer[0].0, "Initech");
        assert_eq!(r.by_customer[0].1.share(), Some(0.0));
    }
}
