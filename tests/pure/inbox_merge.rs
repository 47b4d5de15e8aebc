//! A first fill merges pages into the inbox one by one, each placed by binary search and
//! filtered alone; whatever the pages, the sort, the filter and the hits, the rows must be
//! exactly those a whole rebuild gives.

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use triage::desk::{Priority, Ticket, TicketId};
use triage::state::inbox::{Inbox, Sort};

const WORDS: [&str; 6] = ["webhook", "sso", "invoice", "login", "seats", "export"];

fn ticket(n: usize, words: &[usize], minutes_ago: i64, priority: Option<u8>) -> Ticket {
    let now: Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
    let at = now - SignedDuration::from_mins(minutes_ago);
    let title: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
    let priority = priority.map(|p| [Priority::Low, Priority::Medium, Priority::High, Priority::Critical][p as usize]);
    Ticket {
        id: TicketId(format!("t{n}")),
        number: n as u64,
        title: title.join(" ").into(),
        created_at: Some(at - SignedDuration::from_mins(n as i64 % 7)),
        updated_at: Some(at),
        priority,
        ..Ticket::default()
    }
}

fn tickets() -> impl Strategy<Value = Vec<Ticket>> {
    let one = (prop::collection::vec(0..WORDS.len(), 0..3), 0i64..40, prop::option::of(0u8..4));
    prop::collection::vec(one, 1..60).prop_map(|specs| {
        specs.into_iter().enumerate().map(|(n, (words, ago, priority))| ticket(n, &words, ago, priority)).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn pages_merged_one_by_one_show_what_a_rebuild_shows(
        all in tickets(),
        cuts in prop::collection::vec(1usize..20, 1..8),
        sort in 0usize..4,
        ascending in any::<bool>(),
        search in prop::sample::select(vec!["", "web", "sso", "in", "login seats", "zzz"]),
        hits in prop::collection::vec(0usize..60, 0..4),
        select in 0usize..60,
    ) {
        let mut inbox = Inbox::at("2026-11-20T12:00:00Z".parse().unwrap());
        inbox.set_sort([Sort::Updated, Sort::Created, Sort::Priority, Sort::Due][sort]);
        if ascending {
            inbox.reverse();
        }
        inbox.set_search(search.to_string());
        let mut rest = all.as_slice();
        let mut cuts = cuts.into_iter().cycle();
        let mut first = true;
        while !rest.is_empty() {
            let (page, more) = rest.split_at(cuts.next().unwrap().min(rest.len()));
            inbox.merge(page.to_vec());
            if first {
                // Full-text hits found after the first page stay on top while pages come.
                inbox.set_hits(hits.iter().map(|h| TicketId(format!("t{h}"))).collect());
                inbox.select_at(select);
                first = false;
            }
            rest = more;
        }
        let (merged, selected) = (inbox.view.clone(), inbox.selected.clone());
        inbox.refilter();
        prop_assert_eq!(&merged, &inbox.view);
        prop_assert_eq!(selected, inbox.selected.clone());
        prop_assert_eq!(inbox.row(inbox.cursor).map(|t| t.id.clone()), inbox.selected.clone());
    }
}

#[test]
fn room_made_for_a_hostile_count_is_bounded_and_the_pages_still_merge() {
    let mut inbox = Inbox::at("2026-11-20T12:00:00Z".parse().unwrap());
    inbox.make_room(u64::MAX);
    assert!(inbox.tickets.capacity() <= 1_000_000, "{} tickets' room", inbox.tickets.capacity());
    inbox.merge(vec![ticket(1, &[0], 5, None), ticket(2, &[1], 3, None)]);
    inbox.make_room(1);
    assert_eq!(inbox.view.len(), 2);
}
