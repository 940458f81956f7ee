//! Push subscriptions: [`Pushes`], fed by the callback thread, each with a bounded queue.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Waker};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::types::push::Push;

/// What a queued push counts for at least, besides what it holds.
const PUSH_OVERHEAD: usize = 64;

/// Why [`Pushes::recv_timeout`] gave no push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum RecvTimeoutError {
    /// No push came in time.
    #[error("no push came in time")]
    Timeout,
    /// The client is closed and every push it delivered was received: none will come.
    #[error("the client is closed: no more pushes")]
    Closed,
}

/// Why [`Pushes::try_recv`] gave no push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum TryRecvError {
    /// No push waits now.
    #[error("no push waits")]
    Empty,
    /// The client is closed and every push it delivered was received: none will come.
    #[error("the client is closed: no more pushes")]
    Closed,
}

/// The live subscriptions of a client, fed by its callback thread.
#[derive(Default)]
pub(crate) struct Streams {
    registry: Mutex<Registry>,
    /// How many subscriptions are live (read without the lock on every push).
    live: AtomicUsize,
    /// Pushes dropped at full subscriptions, over all of them.
    dropped: AtomicU64,
    /// The callback thread, where a receiver must not wait.
    callback_thread: OnceLock<ThreadId>,
}

#[derive(Default)]
struct Registry {
    subs: Arc<[Arc<Sub>]>,
    /// The callback thread has stopped: no push will come.
    closed: bool,
}

/// One subscription's queue.
struct Sub {
    max_bytes: usize,
    queue: Mutex<Queue>,
    ready: Condvar,
}

#[derive(Default)]
struct Queue {
    /// Shared by every subscription that queued it: one copy however many hold it.
    items: VecDeque<(Arc<Push>, usize)>,
    bytes: usize,
    waker: Option<Waker>,
    /// No push will come: the client is closed.
    ended: bool,
    /// Its `Pushes` was dropped.
    detached: bool,
    /// Pushes dropped since the queue was last found full (`Some`: it is full now).
    burst: Option<u64>,
    /// Pushes dropped at this subscription in all.
    dropped: u64,
}

impl Streams {
    /// A new subscription, with a queue of `max_bytes`; already ended once the client is
    /// closed.
    pub fn subscribe(self: &Arc<Self>, max_bytes: usize) -> Pushes {
        let sub = Arc::new(Sub {
            max_bytes,
            queue: Mutex::new(Queue::default()),
            ready: Condvar::new(),
        });
        let mut registry = self.registry.lock();
        if registry.closed {
            sub.queue.lock().ended = true;
        } else {
            let mut subs = registry.subs.to_vec();
            subs.push(sub.clone());
            registry.subs = subs.into();
            self.live.store(registry.subs.len(), Ordering::Release);
        }
        drop(registry);
        Pushes {
            sub,
            streams: self.clone(),
        }
    }

    fn unsubscribe(&self, sub: &Arc<Sub>) {
        let mut registry = self.registry.lock();
        if registry.subs.iter().any(|s| Arc::ptr_eq(s, sub)) {
            let subs: Vec<_> = registry
                .subs
                .iter()
                .filter(|s| !Arc::ptr_eq(s, sub))
                .cloned()
                .collect();
            registry.subs = subs.into();
            self.live.store(registry.subs.len(), Ordering::Release);
        }
    }

    /// True while some subscription is live.
    pub fn any(&self) -> bool {
        self.live.load(Ordering::Acquire) > 0
    }

    /// Queues `push` (whose payload took `wire_len` bytes) to every live subscription that
    /// has room for it, and wakes their receivers. Called by the callback thread.
    pub fn deliver(&self, push: &Push, wire_len: usize) {
        let subs = self.registry.lock().subs.clone();
        if subs.is_empty() {
            return;
        }
        let cost = wire_len.max(super::push::heap_size(push))
            + PUSH_OVERHEAD.max(std::mem::size_of::<(Push, usize)>());
        // Made once, on the first subscription with room for it.
        let mut shared: Option<Arc<Push>> = None;
        for sub in subs.iter() {
            // Logged once the queue's lock is released: a logger may look at the stream.
            let mut burst_started = None;
            let mut burst_ended = None;
            let waker = {
                let mut queue = sub.queue.lock();
                if queue.detached || queue.ended {
                    continue;
                }
                if queue.bytes > 0 && queue.bytes + cost > sub.max_bytes {
                    queue.dropped += 1;
                    self.dropped.fetch_add(1, Ordering::Relaxed);
                    match &mut queue.burst {
                        Some(n) => *n += 1,
                        None => {
                            burst_started = Some(queue.bytes);
                            queue.burst = Some(1);
                        }
                    }
                    None
                } else {
                    burst_ended = queue.burst.take();
                    queue.bytes += cost;
                    let push = shared.get_or_insert_with(|| Arc::new(push.clone()));
                    queue.items.push_back((push.clone(), cost));
                    Some(queue.waker.take())
                }
            };
            if let Some(bytes) = burst_started {
                tracing::warn!(
                    "a push stream is not read ({bytes} bytes of pushes wait in it): \
                     dropping the pushes to it until it is"
                );
            }
            if let Some(n) = burst_ended {
                tracing::info!("a push stream is read again; {n} pushes to it were dropped");
            }
            let Some(waker) = waker else {
                continue;
            };
            sub.ready.notify_one();
            if let Some(waker) = waker {
                crate::engine::run_guarded(|| waker.wake());
            }
        }
    }

    /// Ends every subscription: the callback thread stopped. Their receivers get what is
    /// queued, then the end.
    pub fn close(&self) {
        let subs = {
            let mut registry = self.registry.lock();
            registry.closed = true;
            self.live.store(0, Ordering::Release);
            std::mem::take(&mut registry.subs)
        };
        for sub in subs.iter() {
            let waker = {
                let mut queue = sub.queue.lock();
                queue.ended = true;
                queue.waker.take()
            };
            sub.ready.notify_all();
            if let Some(waker) = waker {
                crate::engine::run_guarded(|| waker.wake());
            }
        }
    }

    /// Pushes dropped at full subscriptions.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Called by the callback thread as it starts.
    pub fn set_callback_thread(&self) {
        let _ = self.callback_thread.set(std::thread::current().id());
    }

    fn on_callback_thread(&self) -> bool {
        self.callback_thread.get() == Some(&std::thread::current().id())
    }
}

/// The client's pushes as they arrive: a subscription made by
/// [`RtmServerClient::pushes`](crate::RtmServerClient::pushes). A
/// [`Stream`](futures_core::Stream) of [`Push`] for any executor (it depends on no
/// runtime), and a blocking receiver ([`recv`](Self::recv),
/// [`recv_timeout`](Self::recv_timeout), [`try_recv`](Self::try_recv)).
///
/// It gets every push that arrives after it was made: answered already, after the
/// duplicate filter, in arrival order, never `ping`. It ends (`None`, `Closed`) once the
/// client is closed (or its last handle dropped) and what was queued before has been
/// received. Dropping it unsubscribes: pushes stop being queued for it, and its queue is
/// freed.
///
/// Its queue holds at most [`max_push_backlog`](crate::ClientConfigBuilder::max_push_backlog)
/// bytes (each push counts for its payload, or what it holds in memory when that is more,
/// plus a fixed overhead). **When it is not read**, pushes that do not fit are dropped for
/// this subscription only, counted in
/// [`RtmServerClient::dropped_pushes`](crate::RtmServerClient::dropped_pushes) and in
/// [`dropped`](Self::dropped), and logged once per burst; the processor and the other
/// subscriptions still get them, and the subscription receives again once read.
///
/// Receive on your own thread or task. On the client's callback thread (in a callback or
/// the processor), where no push can arrive while it waits, [`recv`](Self::recv) and
/// [`recv_timeout`](Self::recv_timeout) do not wait: they take what is queued.
pub struct Pushes {
    sub: Arc<Sub>,
    streams: Arc<Streams>,
}

impl Pushes {
    /// The next push, waiting as long as it takes; `None` once the client is closed and
    /// every push was received.
    pub fn recv(&self) -> Option<Push> {
        self.wait(None).ok()
    }

    /// The next push, waiting at most `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Push, RecvTimeoutError> {
        self.wait(Some(crate::config::deadline_after(Instant::now(), timeout)))
    }

    /// The next push if one waits.
    pub fn try_recv(&self) -> Result<Push, TryRecvError> {
        let mut queue = self.sub.queue.lock();
        match take(&mut queue) {
            Some(push) => Ok(push),
            None if queue.ended => Err(TryRecvError::Closed),
            None => Err(TryRecvError::Empty),
        }
    }

    /// How many pushes were dropped because this subscription's queue was full.
    pub fn dropped(&self) -> u64 {
        self.sub.queue.lock().dropped
    }

    fn wait(&self, deadline: Option<Instant>) -> Result<Push, RecvTimeoutError> {
        let waits = !self.streams.on_callback_thread();
        let mut queue = self.sub.queue.lock();
        loop {
            if let Some(push) = take(&mut queue) {
                return Ok(push);
            }
            if queue.ended {
                return Err(RecvTimeoutError::Closed);
            }
            match deadline {
                _ if !waits => return Err(RecvTimeoutError::Timeout),
                None => self.sub.ready.wait(&mut queue),
                Some(deadline) => {
                    if self.sub.ready.wait_until(&mut queue, deadline).timed_out() {
                        return take(&mut queue).ok_or(if queue.ended {
                            RecvTimeoutError::Closed
                        } else {
                            RecvTimeoutError::Timeout
                        });
                    }
                }
            }
        }
    }
}

fn take(queue: &mut Queue) -> Option<Push> {
    let (push, cost) = queue.items.pop_front()?;
    queue.bytes -= cost;
    if queue.items.is_empty() && queue.items.capacity() > 1024 {
        // Read to the end after a burst: the room it took is let go.
        queue.items = VecDeque::new();
    }
    // The last subscription to take it takes the value itself.
    Some(Arc::unwrap_or_clone(push))
}

impl futures_core::Stream for Pushes {
    type Item = Push;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Push>> {
        let mut queue = self.sub.queue.lock();
        if let Some(push) = take(&mut queue) {
            return Poll::Ready(Some(push));
        }
        if queue.ended {
            return Poll::Ready(None);
        }
        if !queue
            .waker
            .as_ref()
            .is_some_and(|w| w.will_wake(cx.waker()))
        {
            queue.waker = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl futures_core::FusedStream for Pushes {
    fn is_terminated(&self) -> bool {
        let queue = self.sub.queue.lock();
        queue.ended && queue.items.is_empty()
    }
}

impl Drop for Pushes {
    fn drop(&mut self) {
        self.streams.unsubscribe(&self.sub);
        let mut queue = self.sub.queue.lock();
        queue.detached = true;
        queue.items = VecDeque::new();
        queue.bytes = 0;
        queue.waker = None;
    }
}

impl std::fmt::Debug for Pushes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let queue = self.sub.queue.lock();
        f.debug_struct("Pushes")
            .field("queued", &queue.items.len())
            .field("queued_bytes", &queue.bytes)
            .field("dropped", &queue.dropped)
            .field("ended", &queue.ended)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::push::{Event, EventPush};

    fn event(uid: i64) -> Push {
        Push::Event(EventPush {
            pid: 1,
            event: Event::Login,
            uid,
            time: 1,
            endpoint: String::new(),
            data: None,
        })
    }

    #[test]
    fn pushes_is_send_sync_unpin_and_push_is_clone_debug_eq() {
        fn stream<T: Send + Sync + Unpin + futures_core::Stream<Item = Push>>() {}
        fn value<T: Clone + std::fmt::Debug + PartialEq + Send + Sync>() {}
        stream::<Pushes>();
        value::<Push>();
    }

    #[test]
    fn a_full_queue_drops_and_counts_and_takes_again_once_read() {
        let streams = Arc::new(Streams::default());
        let pushes = streams.subscribe(4096);
        let mut delivered = 0;
        for uid in 0..1000 {
            streams.deliver(&event(uid), 100);
            delivered += 1;
            if pushes.dropped() > 0 {
                break;
            }
        }
        assert_eq!(pushes.dropped(), 1);
        assert_eq!(streams.dropped(), 1);
        let queued = delivered - 1;
        let cost = 100 + PUSH_OVERHEAD.max(std::mem::size_of::<(Push, usize)>());
        assert_eq!(queued, 4096 / cost, "as many as fit");
        assert_eq!(pushes.try_recv(), Ok(event(0)), "the oldest first");
        streams.deliver(&event(5000), 100);
        assert_eq!(pushes.dropped(), 1, "room again once read");
        let mut uids = Vec::new();
        while let Ok(Push::Event(e)) = pushes.try_recv() {
            uids.push(e.uid);
        }
        assert_eq!(uids.len(), queued);
        assert_eq!(uids.last(), Some(&5000));
        // A push larger than the whole queue still goes through an empty queue.
        streams.deliver(&event(6000), 1 << 20);
        assert_eq!(pushes.try_recv(), Ok(event(6000)));
    }

    #[test]
    fn close_ends_after_the_queue_and_later_subscriptions_start_ended() {
        let streams = Arc::new(Streams::default());
        let pushes = streams.subscribe(1 << 20);
        streams.deliver(&event(1), 10);
        streams.close();
        assert!(!streams.any());
        assert_eq!(pushes.recv(), Some(event(1)));
        assert_eq!(pushes.recv(), None);
        assert_eq!(pushes.try_recv(), Err(TryRecvError::Closed));
        let later = streams.subscribe(1 << 20);
        assert_eq!(
            later.recv_timeout(Duration::from_secs(10)),
            Err(RecvTimeoutError::Closed)
        );
    }

    #[test]
    fn a_dropped_subscription_is_forgotten() {
        let streams = Arc::new(Streams::default());
        let kept = streams.subscribe(1 << 20);
        let dropped = streams.subscribe(1 << 20);
        let sub = dropped.sub.clone();
        drop(dropped);
        assert_eq!(streams.registry.lock().subs.len(), 1);
        streams.deliver(&event(1), 10);
        assert!(sub.queue.lock().items.is_empty());
        assert_eq!(kept.try_recv(), Ok(event(1)));
        drop(kept);
        assert!(!streams.any());
    }
}
