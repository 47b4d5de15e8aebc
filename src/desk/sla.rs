//! The reply clock of a ticket: how long until its customer's first-response SLA runs out
//! (`replyTimeoutMinutes` from the ticket's creation), for every open ticket nobody has
//! answered yet; and when a snoozed ticket wakes.

use jiff::{SignedDuration, Timestamp};

use super::{Ticket, TicketStatus};

/// What the clock column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Time left, and how urgent that is.
    Due { left: SignedDuration, urgency: Urgency },
    /// Snoozed until then.
    Snoozed(Timestamp),
    /// Was snoozed; the wake time has passed.
    Woke,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Within the window with room to spare (green).
    Fine,
    /// ≤ 25 % of the window or ≤ 15 minutes left (amber).
    Soon,
    /// Past it (red, negative).
    Overdue,
}

/// What the clock reads of a ticket: small enough to keep one per ticket beside the inbox,
/// so the views count 100,000 clocks without reading 100,000 tickets (24 bytes; with
/// `Option<Timestamp>`s and a `SignedDuration` it was 72).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    closed: bool,
    answered: bool,
    /// The SLA's window, in minutes.
    window_mins: u32,
    wake: Moment,
    due: Moment,
}

/// A moment to the microsecond, or none: 8 bytes where an `Option<Timestamp>` is 24.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Moment(i64);

impl Default for Moment {
    fn default() -> Moment {
        Moment::NONE
    }
}

impl Moment {
    /// No moment: before any a `Timestamp` can hold.
    const NONE: Moment = Moment(i64::MIN);

    fn of(at: Option<Timestamp>) -> Moment {
        at.map_or(Moment::NONE, |at| Moment(at.as_microsecond()))
    }

    fn get(self) -> Option<Timestamp> {
        // From seconds and nanoseconds: `Timestamp::from_microsecond` refuses the last
        // second's fractions, which `Timestamp::MAX` has.
        let (second, micros) = (self.0.div_euclid(1_000_000), self.0.rem_euclid(1_000_000));
        (self != Moment::NONE).then(|| Timestamp::new(second, micros as i32 * 1000).ok()).flatten()
    }
}

impl Facts {
    pub fn of(t: &Ticket) -> Facts {
        Facts {
            closed: t.status == TicketStatus::Closed,
            answered: t.response_secs.is_some(),
            window_mins: t.reply_sla_minutes.unwrap_or(0),
            wake: Moment::of(t.wake_at),
            due: Moment::of(due_at(t)),
        }
    }

    /// The clock at `now`; `None` when no clock applies (closed, answered, no SLA).
    pub fn clock(&self, now: Timestamp) -> Option<Clock> {
        if self.closed {
            return None;
        }
        match self.wake.get() {
            Some(wake) if wake > now => return Some(Clock::Snoozed(wake)),
            Some(_) if self.answered => return Some(Clock::Woke),
            _ => {}
        }
        let left = self.due.get()?.duration_since(now);
        let window = SignedDuration::from_mins(i64::from(self.window_mins));
        let soon = left <= window / 4 || left <= SignedDuration::from_mins(15);
        let urgency = if left.is_negative() {
            Urgency::Overdue
        } else if soon {
            Urgency::Soon
        } else {
            Urgency::Fine
        };
        Some(Clock::Due { left, urgency })
    }

    pub fn breaching(&self, now: Timestamp) -> bool {
        matches!(self.clock(now), Some(Clock::Due { urgency: Urgency::Soon | Urgency::Overdue, .. }))
    }

    pub fn snoozed(&self, now: Timestamp) -> bool {
        self.wake.get().is_some_and(|wake| wake > now)
    }
}

/// The clock of `ticket` at `now`; `None` when no clock applies (closed, answered, no SLA).
pub fn clock(ticket: &Ticket, now: Timestamp) -> Option<Clock> {
    Facts::of(ticket).clock(now)
}

/// When the first response is due: open, unanswered, with an SLA.
pub fn due_at(ticket: &Ticket) -> Option<Timestamp> {
    if ticket.status == TicketStatus::Closed || ticket.response_secs.is_some() {
        return None;
    }
    let minutes = ticket.reply_sla_minutes?;
    ticket.created_at?.checked_add(SignedDuration::from_mins(i64::from(minutes))).ok()
}

/// The Breaching view's two lanes at `now`: those still due (soonest first), then the
/// overdue (most recently breached first, not the hopeless `-89d` on top). Returns where the
/// overdue lane begins.
pub fn lanes(rows: &mut [usize], due: impl Fn(usize) -> Option<Timestamp>, now: Timestamp) -> usize {
    let key = |&i: &usize| {
        let due = due(i).map_or(i64::MAX, |d| d.as_microsecond());
        if due >= now.as_microsecond() { (0, due) } else { (1, -due) }
    };
    rows.sort_by_cached_key(key);
    rows.partition_point(|i| key(i).0 == 0)
}

/// Amber or red: what the Breaching view holds.
pub fn breaching(ticket: &Ticket, now: Timestamp) -> bool {
    Facts::of(ticket).breaching(now)
}

/// Snoozed now (the wake time is ahead).
pub fn snoozed(ticket: &Ticket, now: Timestamp) -> bool {
    Facts::of(ticket).snoozed(now)
}

/// `2h 05m`, `45m`, `3d 4h`, `-12m`: the column's few characters.
pub fn short(left: SignedDuration) -> String {
    let mut out = String::new();
    write_short(left, &mut out);
    out
}

/// `short`, appended to `out`.
pub fn write_short(left: SignedDuration, out: &mut String) {
    use std::fmt::Write;
    let sign = if left.is_negative() { "-" } else { "" };
    // Overdue by part of a minute is overdue: "-1m", never "-0m".
    let mins = left.as_mins().unsigned_abs().max(u64::from(left.is_negative()));
    let (d, h, m) = (mins / 1440, mins / 60 % 24, mins % 60);
    // Writing to a String cannot fail.
    let _ = match (d, h) {
        (0, 0) => write!(out, "{sign}{m}m"),
        (0, _) => write!(out, "{sign}{h}h{m:02}m"),
        _ => write!(out, "{sign}{d}d{h}h"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn ticket(created: &str, sla: Option<u32>) -> Ticket {
        Ticket { created_at: Some(at(created)), reply_sla_minutes: sla, ..Ticket::default() }
    }

    #[test]
    fn green_amber_red_by_the_time_left() {
        let t = ticket("2026-12-01T09:00:00Z", Some(240));
        let due = |now: &str| clock(&t, at(now));
        let fine = Clock::Due { left: SignedDuration::from_mins(180), urgency: Urgency::Fine };
        assert_eq!(due("2026-12-01T10:00:00Z"), Some(fine));
        // 25 % of four hours is one hour.
        assert!(matches!(due("2026-12-01T12:00:00Z"), Some(Clock::Due { urgency: Urgency::Soon, .. })));
        let late = due("2026-12-01T13:30:00Z");
        assert_eq!(late, Some(Clock::Due { left: SignedDuration::from_mins(-30), urgency: Urgency::Overdue }));
        // A short window is amber in its last 15 minutes however short it is.
        let quick = ticket("2026-12-01T09:00:00Z", Some(20));
        assert!(breaching(&quick, at("2026-12-01T09:06:00Z")));
        assert!(!breaching(&quick, at("2026-12-01T09:04:00Z")));
    }

    #[test]
    fn breaching_is_two_lanes_due_soonest_first_then_the_latest_breach() {
        let now = at("2026-12-01T12:00:00Z");
        let dues = ["2026-09-01T00:00:00Z", "2026-12-01T12:30:00Z", "2026-12-01T11:55:00Z", "2026-12-01T12:05:00Z"];
        let mut rows = vec![0, 1, 2, 3];
        let overdue = lanes(&mut rows, |i| Some(at(dues[i])), now);
        assert_eq!((rows, overdue), (vec![3, 1, 2, 0], 2), "12:05, 12:30 | 11:55 (5 min late), then September");
    }

    #[test]
    fn no_clock_when_answered_closed_or_without_an_sla() {
        let now = at("2026-12-01T10:00:00Z");
        let answered = Ticket { response_secs: Some(60.0), ..ticket("2026-12-01T09:00:00Z", Some(60)) };
        let closed = Ticket { status: TicketStatus::Closed, ..ticket("2026-12-01T09:00:00Z", Some(60)) };
        for t in [answered, closed, ticket("2026-12-01T09:00:00Z", None)] {
            assert_eq!(clock(&t, now), None, "{t:?}");
        }
    }

    #[test]
    fn snoozed_then_woke() {
        let wake = at("2026-12-02T09:00:00Z");
        let t = Ticket { wake_at: Some(wake), response_secs: Some(5.0), ..ticket("2026-12-01T09:00:00Z", Some(60)) };
        assert_eq!(clock(&t, at("2026-12-01T12:00:00Z")), Some(Clock::Snoozed(wake)));
        assert!(snoozed(&t, at("2026-12-01T12:00:00Z")));
        assert_eq!(clock(&t, at("2026-12-02T09:30:00Z")), Some(Clock::Woke));
    }

    #[test]
    fn the_compact_facts_keep_the_clock_to_the_microsecond() {
        // A microsecond before the wake time it is still snoozed; at the earliest and latest
        // times jiff knows (to the microsecond) the facts come back as they went in.
        let wake = at("2026-12-02T09:00:00.000001Z");
        let t = Ticket { wake_at: Some(wake), ..ticket("2026-12-01T09:00:00Z", Some(60)) };
        assert!(snoozed(&t, at("2026-12-02T09:00:00Z")));
        assert!(!snoozed(&t, wake));
        for edge in [Timestamp::MIN, at("9999-12-30T22:00:00.999999Z")] {
            assert_eq!(Moment::of(Some(edge)).get(), Some(edge));
        }
        assert_eq!(Moment::of(None).get(), None);
        assert_eq!(Facts::default().clock(at("2026-12-01T09:00:00Z")), None);
        assert!(std::mem::size_of::<Facts>() <= 24, "one per ticket");
    }

    #[test]
    fn short_durations() {
        let m = SignedDuration::from_mins;
        assert_eq!(
            [short(m(45)), short(m(125)), short(m(-12)), short(m(3 * 1440 + 250))],
            ["45m", "2h05m", "-12m", "3d4h"]
        );
        let s = SignedDuration::from_secs;
        assert_eq!([short(s(-30)), short(s(-61)), short(s(30)), short(s(0))], ["-1m", "-1m", "0m", "0m"], "never -0m");
    }
}
