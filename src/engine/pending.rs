//! The table of calls waiting for their answer: sequence number → waiter, plus a deadline
//! heap with lazy removal. Removing an entry is the only way to complete a call, so each
//! call completes once.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;
use std::time::{Duration, Instant};

use super::{Completer, OnOk};

/// A call waiting for its answer (48 bytes: it is kept for every call in flight).
pub(crate) struct Pending {
    /// When the call times out.
    pub deadline: Instant,
    /// Who learns the outcome.
    pub completer: Completer,
    /// The timeout the call was made with, in milliseconds, for the error message.
    pub timeout_ms: u32,
    /// True while the quest waits for a connection (not written yet).
    pub queued: bool,
}

impl Pending {
    pub fn new(deadline: Instant, timeout: Duration, completer: Completer, queued: bool) -> Self {
        Pending {
            deadline,
            completer,
            timeout_ms: u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX),
            queued,
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(u64::from(self.timeout_ms))
    }
}

#[derive(Default)]
pub(crate) struct PendingTable {
    entries: FxHashMap<u32, Pending>,
    deadlines: BinaryHeap<Reverse<(Instant, u32)>>,
    /// What runs on the I/O thread when a call's OK answer is matched (the listen calls'
    /// state updates), by sequence number; dropped unrun however else the call ends.
    on_ok: FxHashMap<u32, OnOk>,
    last_seq: u32,
    /// The client's own quests among the entries (`*ping`, `*key`, the listen restore).
    own: usize,
    /// How many of the user's calls wait, for readers on other threads.
    gauge: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// True for the client's own quests, which are not counted as calls in flight.
fn is_own(completer: &Completer) -> bool {
    !matches!(completer, Completer::Blocking(_) | Completer::Callback(_))
}

impl PendingTable {
    /// Stores a call under a fresh sequence number: per connection-independent counter,
    /// wrapping, never 0 and never one still waiting.
    pub fn insert(&mut self, pending: Pending) -> u32 {
        let mut seq = self.last_seq;
        loop {
            seq = seq.wrapping_add(1);
            if seq != 0 && !self.entries.contains_key(&seq) {
                break;
            }
        }
        self.last_seq = seq;
        self.deadlines.push(Reverse((pending.deadline, seq)));
        self.own += usize::from(is_own(&pending.completer));
        self.entries.insert(seq, pending);
        self.compact_heap();
        self.publish();
        seq
    }

    /// Stores a call with what runs when its OK answer is matched.
    pub fn insert_with(&mut self, pending: Pending, on_ok: Option<OnOk>) -> u32 {
        let seq = self.insert(pending);
        if let Some(on_ok) = on_ok {
            self.on_ok.insert(seq, on_ok);
        }
        seq
    }

    /// Removes a call that ended without an OK answer (its `on_ok` is dropped unrun).
    pub fn remove(&mut self, seq: u32) -> Option<Pending> {
        self.remove_answered(seq, false)
    }

    /// Removes a call whose answer came; `ok` runs its `on_ok`, here, before anything
    /// else learns of the answer.
    pub fn remove_answered(&mut self, seq: u32, ok: bool) -> Option<Pending> {
        let removed = self.entries.remove(&seq);
        if let Some(p) = &removed {
            self.own -= usize::from(is_own(&p.completer));
            if !self.on_ok.is_empty()
                && let Some(on_ok) = self.on_ok.remove(&seq)
                && ok
            {
                on_ok();
            }
        }
        self.publish();
        removed
    }

    /// Removes the calls nobody waits for any more (dropped async futures, blocking
    /// callers gone); returns how many.
    pub fn sweep_abandoned(&mut self) -> usize {
        let before = self.entries.len();
        let on_ok = &mut self.on_ok;
        let mut detached = 0;
        self.entries.retain(|seq, p| {
            let gone = matches!(&p.completer, Completer::Blocking(w) if w.is_closed());
            if !gone {
                return true;
            }
            if !p.queued && on_ok.contains_key(seq) {
                // Sent: its answer still updates what it must (the listen state).
                p.completer = Completer::Detached;
                detached += 1;
                return true;
            }
            on_ok.remove(seq);
            false
        });
        self.own += detached;
        self.publish();
        before - self.entries.len()
    }

    /// How many calls wait, the client's own quests included.
    pub fn len_all(&self) -> usize {
        self.entries.len()
    }

    /// The number of waiting calls, readable from any thread.
    pub fn gauge(&self) -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
        self.gauge.clone()
    }

    fn publish(&self) {
        self.gauge.store(
            self.entries.len() - self.own,
            std::sync::atomic::Ordering::Relaxed,
        );
    }

    pub fn get_mut(&mut self, seq: u32) -> Option<&mut Pending> {
        self.entries.get_mut(&seq)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The earliest deadline of a waiting call.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(Reverse((deadline, seq))) = self.deadlines.peek().copied() {
            if self.is_live(deadline, seq) {
                return Some(deadline);
            }
            self.deadlines.pop();
        }
        None
    }

    /// Removes and returns every call whose deadline is at or before `now`.
    pub fn expire(&mut self, now: Instant) -> Vec<(u32, Pending)> {
        let mut expired = Vec::new();
        while let Some(Reverse((deadline, seq))) = self.deadlines.peek().copied() {
            if deadline > now {
                break;
            }
            self.deadlines.pop();
            if self.is_live(deadline, seq)
                && let Some(pending) = self.entries.remove(&seq)
            {
                self.own -= usize::from(is_own(&pending.completer));
                if !self.on_ok.is_empty() {
                    self.on_ok.remove(&seq);
                }
                expired.push((seq, pending));
            }
        }
        self.publish();
        expired
    }

    /// Removes every waiting call.
    pub fn drain(&mut self) -> Vec<(u32, Pending)> {
        self.deadlines.clear();
        self.on_ok.clear();
        self.own = 0;
        let drained = self.entries.drain().collect();
        self.publish();
        drained
    }

    /// A heap entry is live when its sequence number is still waiting with that deadline
    /// (a sequence number can be reused after its first call completed).
    fn is_live(&self, deadline: Instant, seq: u32) -> bool {
        self.entries
            .get(&seq)
            .is_some_and(|p| p.deadline == deadline)
    }

    /// Drops heap entries of completed calls once they outnumber the live ones, so that
    /// the heap stays proportional to the calls in flight.
    fn compact_heap(&mut self) {
        if self.deadlines.len() > 2 * self.entries.len() + 64 {
            let entries = &self.entries;
            self.deadlines
                .retain(|Reverse((d, s))| entries.get(s).is_some_and(|p| p.deadline == *d));
        }
    }

    #[cfg(test)]
    fn heap_len(&self) -> usize {
        self.deadlines.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(deadline: Instant) -> Pending {
        Pending::new(deadline, Duration::from_secs(1), Completer::Ping, false)
    }

    #[test]
    fn an_entry_stays_small() {
        assert!(
            std::mem::size_of::<Pending>() <= 48,
            "{}",
            std::mem::size_of::<Pending>()
        );
    }

    #[test]
    fn sequence_numbers_skip_zero_and_live_entries_when_wrapping() {
        let mut table = PendingTable::default();
        let now = Instant::now();
        table.last_seq = u32::MAX - 1;
        let a = table.insert(pending(now));
        let b = table.insert(pending(now));
        assert_eq!((a, b), (u32::MAX, 1));
        table.last_seq = u32::MAX;
        assert_eq!(table.insert(pending(now)), 2, "1 is live, 0 is never used");
    }

    #[test]
    fn expire_returns_only_calls_past_their_deadline_once() {
        let mut table = PendingTable::default();
        let now = Instant::now();
        let early = table.insert(pending(now + Duration::from_millis(10)));
        let late = table.insert(pending(now + Duration::from_secs(10)));
        let expired = table.expire(now + Duration::from_millis(10));
        assert_eq!(
            expired.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            vec![early]
        );
        assert!(table.expire(now + Duration::from_millis(10)).is_empty());
        assert_eq!(table.next_deadline(), Some(now + Duration::from_secs(10)));
        assert!(table.remove(late).is_some());
        assert_eq!(table.next_deadline(), None);
    }

    #[test]
    fn a_completed_call_does_not_expire_its_successor_with_the_same_seq() {
        let mut table = PendingTable::default();
        let now = Instant::now();
        let seq = table.insert(pending(now + Duration::from_millis(5)));
        table.remove(seq);
        table.last_seq = seq - 1;
        let again = table.insert(pending(now + Duration::from_secs(60)));
        assert_eq!(again, seq);
        assert!(table.expire(now + Duration::from_millis(5)).is_empty());
        assert!(table.get_mut(seq).is_some());
    }

    #[test]
    fn heap_stays_proportional_to_calls_in_flight() {
        let mut table = PendingTable::default();
        let deadline = Instant::now() + Duration::from_secs(30);
        for _ in 0..100_000 {
            let seq = table.insert(pending(deadline));
            table.remove(seq);
        }
        assert!(
            table.heap_len() <= 2 * table.len() + 65,
            "{}",
            table.heap_len()
        );
    }
}
