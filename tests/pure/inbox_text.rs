//! What the inbox keeps once. A ticket's first message, in its search buffer, not in the
//! ticket: a ticket replaced by a copy that lacks it (a local change, a mutation's echo)
//! must still be found by it, however often it is replaced. And each name many tickets
//! hold (customer, agent, tag, source): one copy, whichever page or thread brought it.

use std::sync::Arc;
use triage::state::inbox::Inbox;

use triage::desk::{TagRef, Ticket, TicketId};

fn ticket(n: usize, title: &str) -> Ticket {
    let mut t = Ticket { id: TicketId(format!("t{n}")), number: n as u64, title: title.into(), ..Ticket::default() };
    t.set_first_message(&format!("Our Quetzalcoatl{n} endpoint fails"));
    t
}

fn found(inbox: &mut Inbox, search: &str) -> Vec<u64> {
    inbox.set_search(search.into());
    let mut numbers: Vec<u64> = (0..inbox.len()).map(|i| inbox.row(i).unwrap().number).collect();
    numbers.sort();
    numbers
}

#[test]
fn a_ticket_replaced_by_a_copy_without_its_first_message_is_still_found_by_it() {
    let mut inbox = Inbox::default();
    inbox.merge((0..20).map(|n| ticket(n, "Login trouble")).collect());
    assert_eq!(found(&mut inbox, "quetzalcoatl7"), [7]);
    // Renamed a hundred times (the buffer is compacted on the way), each time from a copy.
    for round in 0..100 {
        let mut copy = inbox.ticket(&TicketId("t7".into())).unwrap().clone();
        assert!(copy.first_message.is_empty(), "the inbox's ticket does not hold it");
        copy.title = format!("Renamed {round}").into();
        inbox.replace_in_place(copy);
    }
    assert_eq!(found(&mut inbox, "quetzalcoatl7"), [7], "found by its first message");
    assert_eq!(found(&mut inbox, "renamed 99"), [7], "and by its new title");
    assert_eq!(found(&mut inbox, "renamed 98"), Vec::<u64>::new(), "not by an old one");
    // A page from the server brings it again (or leaves it out): the same answer.
    let mut fresh = ticket(7, "Renamed again");
    inbox.merge(vec![fresh.clone()]);
    fresh.first_message = Default::default();
    inbox.merge(vec![fresh]);
    assert_eq!(found(&mut inbox, "quetzalcoatl7 again"), [7]);
    assert_eq!(found(&mut inbox, "quetzalcoatl"), (0..20).collect::<Vec<u64>>());
}

#[test]
fn tickets_from_different_pages_share_one_copy_of_each_name() {
    // Each page decoded apart (as on two threads): equal names, different copies.
    let named = |n: usize| Ticket {
        customer_name: "Acme".into(),
        assignee_id: Some("u1".into()),
        source: "slack".into(),
        tags: [TagRef { id: "g1".into(), name: "Bug".into() }].into(),
        ..ticket(n, "Login")
    };
    let mut inbox = Inbox::default();
    inbox.merge(vec![named(0)]);
    inbox.merge(vec![named(1)]);
    let mut copy = named(1);
    copy.title = "Renamed".into();
    inbox.replace_in_place(copy);
    let (a, b) = (&inbox.tickets[0], &inbox.tickets[1]);
    assert!(Arc::ptr_eq(&a.customer_name, &b.customer_name) && Arc::ptr_eq(&a.source, &b.source));
    assert!(Arc::ptr_eq(a.assignee_id.as_ref().unwrap(), b.assignee_id.as_ref().unwrap()));
    assert!(Arc::ptr_eq(&a.tags[0].id, &b.tags[0].id) && Arc::ptr_eq(&a.tags[0].name, &b.tags[0].name));
    assert_eq!((&*b.title, &*b.customer_name), ("Renamed", "Acme"));
}

#[test]
fn a_number_after_slash_is_that_ticket_first_and_selected() {
    let mut inbox = Inbox::default();
    let mut tickets: Vec<Ticket> = [13, 130, 139, 140].map(|n| ticket(n, "Access request")).into();
    tickets[3].title = "SSO setup #13".into();
    inbox.merge(tickets);
    inbox.reverse();
    assert_eq!(found(&mut inbox, "#13"), [13], "#13 is ticket 13, not #130–#139 or a title holding it");
    inbox.set_search("13".into());
    let rows: Vec<u64> = (0..inbox.len()).map(|i| inbox.row(i).unwrap().number).collect();
    assert_eq!(rows[0], 13, "a bare number is looked for as text, its ticket first: {rows:?}");
    assert!(rows.contains(&130) && rows.contains(&140), "{rows:?}");
    assert_eq!(inbox.selected_ticket().map(|t| t.number), Some(13));
}
