//! The `rtm-callback` thread: runs callback completions, connection events and pushes,
//! each under `catch_unwind`, so a panicking callback is logged and the client keeps working.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crossbeam_channel::{Receiver, Sender};

use super::{Hooks, Reply, ReplyFn};
use crate::error::QuestError;

/// Work for the callback thread.
pub(crate) enum Job {
    Complete(ReplyFn, Reply),
    /// The jobs of one read of the socket, in order: one hand-over for them all.
    Batch(Vec<Job>),
    /// A callback-form call that ended before reaching the I/O thread.
    Run(Box<dyn FnOnce() + Send>),
    Connected {
        id: u64,
        endpoint: Arc<str>,
        is_reconnect: bool,
    },
    Closed {
        id: u64,
        endpoint: Arc<str>,
        caused_by_error: bool,
        is_reconnect: bool,
    },
    /// A server quest (answered already): a push, `ping`, or an unknown method.
    Push {
        method: String,
        payload: Vec<u8>,
        known: bool,
    },
    /// The listen state was sent again on a new connection: how it went.
    ListenRestored {
        id: u64,
        error: Option<QuestError>,
    },
}

/// The server pushes waiting for the callback thread, bounded in bytes: completions of
/// the user's own calls are never held back, but a push that does not fit (the callback
/// thread is slow or blocked while the server keeps pushing) is dropped and counted.
#[derive(Debug)]
pub(crate) struct PushBacklog {
    max_bytes: usize,
    bytes: AtomicUsize,
    dropped: AtomicU64,
}

/// What a queued push counts for beyond its payload.
const PUSH_OVERHEAD: usize = 64;

impl PushBacklog {
    pub fn new(max_bytes: usize) -> Self {
        PushBacklog {
            max_bytes,
            bytes: AtomicUsize::new(0),
            dropped: AtomicU64::new(0),
        }
    }

    /// Called by the I/O thread (the only one that adds): true when a push of `len` bytes
    /// may be queued, and then counts it.
    pub fn admit(&self, len: usize) -> bool {
        let cost = len + PUSH_OVERHEAD;
        let queued = self.bytes.load(Ordering::Acquire);
        if queued > 0 && queued + cost > self.max_bytes {
            if self.dropped.fetch_add(1, Ordering::Relaxed) == 0 {
                log::warn!(
                    "the callback thread is behind ({queued} bytes of pushes wait): dropping pushes"
                );
            }
            return false;
        }
        self.bytes.fetch_add(cost, Ordering::AcqRel);
        true
    }

    /// Called by the callback thread when it takes a push of `len` bytes.
    fn taken(&self, len: usize) {
        self.bytes.fetch_sub(len + PUSH_OVERHEAD, Ordering::AcqRel);
    }

    /// How many pushes were dropped so far.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// A callback-form completion that cannot be lost: dropped without having run (whatever
/// unwound on the way), it still runs once, with 20002, on the callback thread.
pub(crate) struct GuardedReply<F: FnOnce(Reply) + Send + 'static> {
    f: Option<F>,
    jobs: Option<Sender<Job>>,
}

impl<F: FnOnce(Reply) + Send + 'static> GuardedReply<F> {
    /// Guards `f`; `jobs` is the callback thread's queue (`None` once the client closed).
    pub fn new(f: F, jobs: Option<Sender<Job>>) -> Self {
        GuardedReply { f: Some(f), jobs }
    }

    /// Runs the completion with the call's outcome.
    pub fn run(mut self, reply: Reply) {
        if let Some(f) = self.f.take() {
            f(reply);
        }
    }
}

impl<F: FnOnce(Reply) + Send + 'static> Drop for GuardedReply<F> {
    fn drop(&mut self) {
        let Some(f) = self.f.take() else {
            return;
        };
        log::error!("a callback was about to be lost; it runs with 20002");
        let error = QuestError::connection_closed("connection closed: the call was abandoned");
        let job = Job::Run(Box::new(move || f(Err(error))));
        let unsent = match &self.jobs {
            Some(jobs) => jobs.send(job).err().map(|e| e.0),
            None => Some(job),
        };
        // The callback thread is gone: the last place left to run it is here.
        if let Some(Job::Run(run)) = unsent {
            run_guarded(run);
        }
    }
}

/// Runs jobs until every sender is gone.
///
/// Callback-form calls made by callbacks are handed on without waking the I/O thread
/// (see [`WakeHandle::defer`](super::WakeHandle::defer)); the I/O thread is woken once the
/// jobs run out, before this thread sleeps.
pub(crate) fn run(
    jobs: Receiver<Job>,
    hooks: Arc<Hooks>,
    pushes: Arc<PushBacklog>,
    mut filter: crate::push::DupFilter,
    wake: Arc<super::WakeHandle>,
) {
    let mut reported = 0;
    loop {
        let job = match jobs.try_recv() {
            Ok(job) => job,
            Err(crossbeam_channel::TryRecvError::Empty) => {
                wake.flush();
                match jobs.recv() {
                    Ok(job) => job,
                    Err(_) => return,
                }
            }
            Err(crossbeam_channel::TryRecvError::Disconnected) => {
                wake.flush();
                return;
            }
        };
        let mut run_one = |job: Job| {
            if let Job::Push { payload, .. } = &job {
                pushes.taken(payload.len());
            }
            let dropped = pushes.dropped();
            if dropped > reported {
                log::warn!(
                    "{} server pushes were dropped while the callback thread was behind ({dropped} in all)",
                    dropped - reported
                );
                reported = dropped;
            }
            run_guarded(|| run_job(job, &hooks, &mut filter));
        };
        match job {
            Job::Batch(batch) => batch.into_iter().for_each(&mut run_one),
            job => run_one(job),
        }
    }
}

/// Collects the jobs of one read of the socket and hands them to the callback thread
/// together when dropped: the callback thread is woken once per read, not once per
/// answer.
pub(crate) struct JobBatch<'a> {
    jobs: &'a Sender<Job>,
    held: Vec<Job>,
}

impl<'a> JobBatch<'a> {
    pub fn new(jobs: &'a Sender<Job>) -> JobBatch<'a> {
        JobBatch {
            jobs,
            held: Vec::new(),
        }
    }

    pub fn push(&mut self, job: Job) {
        self.held.push(job);
    }
}

impl Drop for JobBatch<'_> {
    fn drop(&mut self) {
        let job = match self.held.len() {
            0 => return,
            1 => self.held.pop().expect("one job"),
            _ => Job::Batch(std::mem::take(&mut self.held)),
        };
        if self.jobs.send(job).is_err() {
            log::error!("the callback thread is gone; callbacks were not run");
        }
    }
}

/// Runs user code, catching and logging a panic.
pub(crate) fn run_guarded(f: impl FnOnce()) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(f)) {
        log::error!("a user callback panicked: {}", panic_message(&panic));
    }
}

fn run_job(job: Job, hooks: &Hooks, filter: &mut crate::push::DupFilter) {
    match job {
        Job::Complete(callback, reply) => callback(reply),
        Job::Batch(batch) => batch
            .into_iter()
            .for_each(|job| run_job(job, hooks, filter)),
        Job::Run(f) => f(),
        Job::Connected {
            id,
            endpoint,
            is_reconnect,
        } => {
            let hook = hooks.connection.read().clone();
            if let Some(hook) = hook {
                hook.connected(id, &endpoint, is_reconnect);
            }
        }
        Job::Closed {
            id,
            endpoint,
            caused_by_error,
            is_reconnect,
        } => {
            let hook = hooks.connection.read().clone();
            if let Some(hook) = hook {
                hook.closed(id, &endpoint, caused_by_error, is_reconnect);
            }
        }
        Job::Push {
            method,
            payload,
            known,
        } => {
            let value = match rmpv::decode::read_value(&mut payload.as_slice()) {
                Ok(value) => value,
                Err(e) => {
                    log::warn!("a {method} push is not msgpack ({e}); not delivered");
                    return;
                }
            };
            let hook = hooks.push.read().clone();
            if let Some(hook) = hook.filter(|_| method != "ping") {
                run_guarded(|| hook.push(&method, &value));
            }
            let processor = hooks.processor.read().clone();
            if let Some(processor) = processor {
                let now = std::time::Instant::now();
                crate::push::dispatch(&*processor, filter, &method, known, value, now);
            }
        }
        Job::ListenRestored { id, error } => {
            let hook = hooks.connection.read().clone();
            if let Some(hook) = hook {
                hook.listen_restored(id, error);
            }
        }
    }
}

pub(crate) fn panic_message(panic: &Box<dyn Any + Send>) -> &str {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s
    } else {
        "(non-string panic payload)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guarded_reply_dropped_without_running_still_runs_once_with_20002() {
        let (jobs_tx, jobs_rx) = crossbeam_channel::unbounded();
        let (tx, rx) = std::sync::mpsc::channel();
        let guarded = GuardedReply::new(move |reply: Reply| tx.send(reply).unwrap(), Some(jobs_tx));
        // As if something unwound between taking the call from the table and running it.
        let _ = std::panic::catch_unwind(AssertUnwindSafe(move || {
            let _held = guarded;
            panic!("unwinding through a completion");
        }));
        let Ok(Job::Run(run)) = jobs_rx.try_recv() else {
            panic!("the completion was queued for the callback thread");
        };
        run();
        let reply = rx.try_recv().unwrap();
        assert!(reply.unwrap_err().is_connection_closed());
        assert!(rx.try_recv().is_err(), "it ran once");
    }

    #[test]
    fn a_guarded_reply_that_ran_does_not_run_again() {
        let (jobs_tx, jobs_rx) = crossbeam_channel::unbounded();
        let (tx, rx) = std::sync::mpsc::channel();
        let guarded = GuardedReply::new(move |reply: Reply| tx.send(reply).unwrap(), Some(jobs_tx));
        guarded.run(Ok(vec![0x80]));
        assert_eq!(rx.try_recv().unwrap(), Ok(vec![0x80]));
        assert!(jobs_rx.try_recv().is_err());
    }
}
