//! Cached tickets decoded beside the reading: SQLite steps through the rows on the calling
//! thread while a second thread decodes the rows read before (`row::decode`), and hands the
//! tickets on in batches. Loading 100,000 tickets was 245 ms of reading then decoding, one
//! after the other, on one core of two.

use std::sync::mpsc;

use super::row;
use crate::desk::{Ticket, TicketId};

/// Rows handed over at a time: enough to keep the decoder busy, few enough (two in flight)
/// that the raw rows never add up to more than a megabyte or two.
const CHUNK: usize = 512;

/// Rows as read: their ids one after the other in one buffer and their bytes in another
/// (a row ends at its offset), so a chunk is four allocations, not a thousand made on one
/// thread and freed on the other.
#[derive(Default)]
struct Chunk {
    ids: String,
    rows: Vec<u8>,
    ends: Vec<(usize, usize)>,
}

impl Chunk {
    fn push(&mut self, id: &str, row: &[u8]) {
        self.ids.push_str(id);
        self.rows.extend_from_slice(row);
        self.ends.push((self.ids.len(), self.rows.len()));
    }

    fn rows(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let starts = std::iter::once((0, 0)).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|((id, row), &(id_end, row_end))| (&self.ids[id..id_end], &self.rows[row..row_end]))
    }
}

/// Decoded tickets handed on at a time: merging this many into the inbox takes a few
/// milliseconds, so a key pressed while the rest of a cache of 100,000 loads waits no longer
/// than that (one merge of 100,000 took 100 ms), and the merging overlaps the decoding.
pub(super) const BATCH: usize = 4096;

/// The tickets that `read`'s rows (id, bytes), given one by one to the function it is
/// passed, decode to, in their order, and the ids of the rows that do not decode: given to
/// `deliver` (on the decoding thread) a batch of `BATCH` rows at a time, the last shorter.
/// An error reading stops the load with it, after the batches of the rows read before it.
pub(super) fn tickets<E>(
    read: impl FnOnce(&mut dyn FnMut(&str, &[u8])) -> Result<(), E>,
    mut deliver: impl FnMut(Vec<Ticket>, Vec<TicketId>) + Send,
) -> Result<(), E> {
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::sync_channel::<Chunk>(2);
        let decoder = scope.spawn(move || {
            let (mut tickets, mut unreadable) = (Vec::with_capacity(BATCH), Vec::new());
            for chunk in receive {
                for (id, bytes) in chunk.rows() {
                    match row::decode(bytes) {
                        Some(t) => tickets.push(t),
                        None => unreadable.push(TicketId(id.to_string())),
                    }
                    if tickets.len() + unreadable.len() == BATCH {
                        let batch = std::mem::replace(&mut tickets, Vec::with_capacity(BATCH));
                        deliver(batch, std::mem::take(&mut unreadable));
                    }
                }
            }
            if !tickets.is_empty() || !unreadable.is_empty() {
                deliver(tickets, unreadable);
            }
        });
        let mut chunk = Chunk::default();
        let read = read(&mut |id, bytes| {
            chunk.push(id, bytes);
            if chunk.ends.len() == CHUNK {
                // Only a decoder that panicked stops listening; its join says so below.
                let _ = send.send(std::mem::take(&mut chunk));
            }
        });
        let _ = send.send(chunk);
        drop(send);
        // A decoder that panicked panics the load too, as decoding here would have.
        decoder.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_in_order_in_batches_with_the_unreadable_named_and_a_read_error_returned() {
        const ROWS: usize = 2 * BATCH + 5;
        let row = |n: usize| {
            let t = Ticket { id: TicketId(format!("t{n}")), number: n as u64, ..Ticket::default() };
            let mut bytes = Vec::new();
            row::encode(&t, &mut bytes);
            (t.id.0.clone(), if n % 700 == 3 { bytes[..3].to_vec() } else { bytes })
        };
        let rows = |broken: Option<usize>| {
            move |push: &mut dyn FnMut(&str, &[u8])| {
                for n in 0..ROWS {
                    if Some(n) == broken {
                        return Err("disk I/O error".to_string());
                    }
                    let (id, bytes) = row(n);
                    push(&id, &bytes);
                }
                Ok(())
            }
        };
        let load = |broken| {
            let mut batches = Vec::new();
            let read = tickets(rows(broken), |decoded, unreadable| batches.push((decoded, unreadable)));
            (read, batches)
        };
        let (read, batches) = load(None);
        assert_eq!(read, Ok(()));
        let sizes: Vec<usize> = batches.iter().map(|(t, u)| t.len() + u.len()).collect();
        assert_eq!(sizes, [BATCH, BATCH, 5], "whole batches, the last one shorter");
        let numbers: Vec<u64> = batches.iter().flat_map(|(t, _)| t.iter().map(|t| t.number)).collect();
        let want: Vec<u64> = (0..ROWS as u64).filter(|n| n % 700 != 3).collect();
        assert_eq!(numbers, want, "in order, across chunks and batches");
        let unreadable: Vec<TicketId> = batches.into_iter().flat_map(|(_, u)| u).take(3).collect();
        assert_eq!(unreadable, [TicketId("t3".into()), TicketId("t703".into()), TicketId("t1403".into())]);
        let (read, batches) = load(Some(BATCH + 10));
        assert_eq!(read.unwrap_err(), "disk I/O error");
        let delivered: usize = batches.iter().map(|(t, u)| t.len() + u.len()).sum();
        assert_eq!(delivered, BATCH + 10, "the rows read before the error still arrive");
    }
}
