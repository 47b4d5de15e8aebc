//! One copy of the text many tickets hold alike: 100,000 tickets name a few hundred
//! customers, agents, tags and sources, and each ticket decoded from a page or the cache
//! brings its own copies. The inbox keeps one of each and hands it to every ticket (a name
//! outlives its last ticket only until the inbox is cleared).

use crate::desk::{Shared, TagRef, Ticket};
use crate::support::shared::NameSet;

#[derive(Debug, Clone, Default)]
pub struct Names {
    names: NameSet,
    /// Sets of tags: a few hundred over 100,000 tickets.
    tags: NameSet<[TagRef]>,
}

impl Names {
    /// `ticket`'s shared text, made the inbox's one copy.
    pub fn share(&mut self, ticket: &mut Ticket) {
        let Ticket { customer_id, customer_name, assignee_id, source, tags, channel_id, ticket_type_id, .. } = ticket;
        let ids = [customer_id, assignee_id, channel_id, ticket_type_id].into_iter().flatten();
        [customer_name, source].into_iter().chain(ids).for_each(|name: &mut Shared| self.names.share(name));
        if self.tags.holds(tags) {
            return;
        }
        let mut shared: Vec<TagRef> = tags.to_vec();
        shared.iter_mut().flat_map(|tag| [&mut tag.id, &mut tag.name]).for_each(|name| self.names.share(name));
        *tags = self.tags.get_or_insert(&shared);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn tickets_naming_the_same_customer_and_tag_share_one_copy() {
        let ticket = |n: u64| Ticket {
            number: n,
            customer_name: "Acme".into(),
            customer_id: Some(format!("c{}", n % 2).into()),
            tags: [TagRef { id: "g1".into(), name: "bug".into() }].into(),
            ..Ticket::default()
        };
        let mut names = Names::default();
        let (mut a, mut b, mut c) = (ticket(1), ticket(2), ticket(3));
        for t in [&mut a, &mut b, &mut c] {
            names.share(t);
        }
        assert!(Arc::ptr_eq(&a.customer_name, &b.customer_name) && Arc::ptr_eq(&a.tags[0].name, &c.tags[0].name));
        assert!(Arc::ptr_eq(&a.tags, &c.tags), "one set of tags");
        assert!(Arc::ptr_eq(a.customer_id.as_ref().unwrap(), c.customer_id.as_ref().unwrap()));
        assert!(!Arc::ptr_eq(a.customer_id.as_ref().unwrap(), b.customer_id.as_ref().unwrap()), "c1 is not c0");
        assert_eq!(a, ticket(1), "the same text");
    }
}
