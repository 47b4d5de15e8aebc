//! Where each ticket stands in the inbox, by id, without a second copy of every id: the
//! table holds positions and hashes the ids where the tickets hold them (100,000 cloned
//! ids, each with its own allocation, were 7 MB).

use std::hash::BuildHasher;

use crate::desk::{Ticket, TicketId};

#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    positions: hashbrown::HashTable<usize>,
    hasher: foldhash::fast::RandomState,
}

impl IdIndex {
    /// The position of the ticket with this id.
    pub fn get(&self, id: &TicketId, tickets: &[Ticket]) -> Option<usize> {
        self.positions.find(self.hasher.hash_one(id), |&i| tickets[i].id == *id).copied()
    }

    /// `tickets[i]` is new to the inbox (its id is not indexed yet).
    pub fn insert(&mut self, i: usize, tickets: &[Ticket]) {
        let hasher = &self.hasher;
        self.positions.insert_unique(hasher.hash_one(&tickets[i].id), i, |&j| hasher.hash_one(&tickets[j].id));
    }

    /// Room for `more` tickets (already among `tickets` or not).
    pub fn reserve(&mut self, more: usize, tickets: &[Ticket]) {
        let hasher = &self.hasher;
        self.positions.reserve(more, |&j| hasher.hash_one(&tickets[j].id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_ticket_by_id_and_nothing_else() {
        let tickets: Vec<Ticket> =
            (0..300).map(|n| Ticket { id: TicketId(format!("t{n}")), ..Ticket::default() }).collect();
        let mut index = IdIndex::default();
        index.reserve(10, &tickets);
        for i in 0..tickets.len() {
            index.insert(i, &tickets);
        }
        for (i, t) in tickets.iter().enumerate() {
            assert_eq!(index.get(&t.id, &tickets), Some(i));
        }
        assert_eq!(index.get(&TicketId("t300".into()), &tickets), None);
    }
}
