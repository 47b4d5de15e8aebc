//! One copy of the text many tickets hold alike: 100,000 tickets name a few hundred
//! customers, agents, tags and sources, and each ticket decoded from a page or the cache
//! brings its own copies. The inbox keeps one of each and hands it to every ticket (a name
//! outlives its last ticket only until the inbox is cleared).

use crate::desk::{Shared, Ticket};
use crate::support::shared::NameSet;

#[derive(Debug, Clone, Default)]
pub struct Names(NameSet);

impl Names {
    /// `ticket`'s shared text, made the inbox's one copy.
    pub fn share(&mut self, ticket: &mut Ticket) {
        let Ticket { customer_id, customer_name, assignee_id, source, tags, .. } = ticket;
        let names = [customer_name, source].into_iter().chain(customer_id).chain(assignee_id);
        let tags = tags.iter_mut().flat_map(|tag| [&mut tag.id, &mut tag.name]);
        names.chain(tags).for_each(|name: &mut Shared| self.0.share(name));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::desk::TagRef;

    #[test]
    fn tickets_naming_the_same_customer_and_tag_share_one_copy() {
        let ticket = |n: u64| Ticket {
            number: n,
            customer_name: "Acme".into(),
            customer_id: Some(format!("c{}", n % 2).into()),
            tags: vec![TagRef { id: "g1".into(), name: "bug".into() }],
            ..Ticket::default()
        };
        let mut names = Names::default();
        let (mut a, mut b, mut c) = (ticket(1), ticket(2), ticket(3));
        for t in [&mut a, &mut b, &mut c] {
            names.share(t);
        }
        assert!(Arc::ptr_eq(&a.customer_name, &b.customer_name) && Arc::ptr_eq(&a.tags[0].name, &c.tags[0].name));
        assert!(Arc::ptr_eq(a.customer_id.as_ref().unwrap(), c.customer_id.as_ref().unwrap()));
        assert!(!Arc::ptr_eq(a.customer_id.as_ref().unwrap(), b.customer_id.as_ref().unwrap()), "c1 is not c0");
        assert_eq!(a, ticket(1), "the same text");
    }
}
