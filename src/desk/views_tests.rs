//! Views over tickets built at fixed times.

use super::*;
use crate::desk::TagRef;

use crate::desk::fixtures::agents;

fn now() -> Timestamp {
    "2026-12-01T12:00:00Z".parse().unwrap()
}

fn tickets() -> Vec<Ticket> {
    let created = |h: i64| Some(now() - jiff::SignedDuration::from_hours(h));
    vec![
        // Maria's, open, due in 3 h: fine.
        Ticket {
            number: 1,
            assignee_id: Some("u1".into()),
            created_at: created(1),
            reply_sla_minutes: Some(240),
            ..Ticket::default()
        },
        // Unassigned, overdue by an hour.
        Ticket {
            number: 2,
            created_at: created(5),
            reply_sla_minutes: Some(240),
            customer_name: "Globex".into(),
            ..Ticket::default()
        },
        // Unassigned, on hold and snoozed until tomorrow.
        Ticket {
            number: 3,
            status: TicketStatus::OnHold,
            wake_at: Some(now() + jiff::SignedDuration::from_hours(20)),
            tags: [TagRef { id: "g".into(), name: "Bug".into() }].into(),
            ..Ticket::default()
        },
        // Mateo's, closed.
        Ticket {
            number: 4,
            status: TicketStatus::Closed,
            assignee_id: Some("u2".into()),
            priority: Some(Priority::High),
            ..Ticket::default()
        },
    ]
}

fn holds(view: &View, me: Option<&str>) -> Vec<u64> {
    let lens = view.resolve(&agents(), me);
    tickets().iter().filter(|t| lens.matches(t, now())).map(|t| t.number).collect()
}

#[test]
fn the_default_views_hold_what_their_names_say() {
    let views = View::defaults();
    let by = |name: &str| views.iter().find(|v| v.name == name).unwrap();
    assert_eq!(holds(by("Mine"), Some("maria@acme.dev")), [1]);
    assert_eq!(holds(by("Mine"), None), Vec::<u64>::new(), "no me: nothing is mine");
    assert_eq!(holds(by("Unassigned"), None), [2, 3]);
    assert_eq!(holds(by("Breaching"), None), [2]);
    assert_eq!(holds(by("Snoozed"), None), [3]);
    assert_eq!(holds(by("All open"), None), [1, 2, 3]);
    assert_eq!(holds(by("All"), None), [1, 2, 3, 4]);
}

#[test]
fn a_configured_view_combines_its_conditions() {
    let urgent = View {
        name: "Mateo's high".into(),
        priority: vec![Some(Priority::High), Some(Priority::Critical)],
        assignee: Some(Who::Agent("mateo rossi".into())),
        ..View::default()
    };
    assert_eq!(holds(&urgent, None), [4]);
    let globex = View { customer: Some("glob".into()), ..View::default() };
    assert_eq!(holds(&globex, None), [2]);
    let bugs = View { tag: Some("bug".into()), snoozed: Some(true), ..View::default() };
    assert_eq!(holds(&bugs, None), [3]);
    let nobody = View { assignee: Some(Who::Agent("no such agent".into())), ..View::default() };
    assert_eq!(holds(&nobody, None), Vec::<u64>::new());
}

#[test]
fn sorts_cycle_through_due() {
    assert_eq!(Sort::Priority.next(), Sort::Due);
    assert_eq!(Sort::Due.next(), Sort::Updated);
    assert_eq!(Sort::parse("due"), Some(Sort::Due));
}
