//! The `rtm-callback` thread: runs callback completions, connection events and pushes,
//! each under `catch_unwind`, so a panicking callback is logged and the client keeps working.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use crossbeam_channel::{Receiver, Sender, TryRecvError};

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

    /// For a file gateway's engine, whose server quests are answered but not delivered:
    /// admits nothing, and counts nothing as dropped.
    pub fn undelivered() -> Self {
        PushBacklog::new(0)
    }

    /// Called by the I/O thread (the only one that adds): true when a push of `len` bytes
    /// may be queued, and then counts it.
    pub fn admit(&self, len: usize) -> bool {
        if self.max_bytes == 0 {
            // `undelivered`: configurations never set less than 64 KiB.
            return false;
        }
        let cost = len + PUSH_OVERHEAD;
        let queued = self.bytes.load(Ordering::Acquire);
        if queued > 0 && queued + cost > self.max_bytes {
            if self.dropped.fetch_add(1, Ordering::Relaxed) == 0 {
                tracing::warn!(
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

/// Creates the callback thread's queue.
pub(crate) fn job_channel() -> (JobSender, JobReceiver) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let bell = Arc::new(Bell {
        sleeping: AtomicBool::new(false),
        senders: AtomicUsize::new(1),
        thread: OnceLock::new(),
    });
    (
        JobSender {
            tx,
            completions_only: false,
            last_out: LastOut(bell.clone()),
        },
        JobReceiver { rx, bell },
    )
}

/// How the senders wake the callback thread: only when it sleeps (or is about to).
struct Bell {
    sleeping: AtomicBool,
    /// Live senders; the last one gone wakes the thread so that it sees the end.
    senders: AtomicUsize,
    thread: OnceLock<std::thread::Thread>,
}

impl Bell {
    fn ring(&self) {
        if let Some(thread) = self.thread.get() {
            thread.unpark();
        }
    }
}

/// The sending end of the callback thread's queue.
pub(crate) struct JobSender {
    tx: Sender<Job>,
    /// A file gateway's sender: only the outcomes of calls go through; connection events,
    /// listen restores and server quests are not the user's hooks' business.
    completions_only: bool,
    // Dropped after `tx`: when the last sender goes, the queue is already disconnected.
    last_out: LastOut,
}

struct LastOut(Arc<Bell>);

impl Drop for LastOut {
    fn drop(&mut self) {
        if self.0.senders.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.ring();
        }
    }
}

impl Clone for JobSender {
    fn clone(&self) -> JobSender {
        self.last_out.0.senders.fetch_add(1, Ordering::Relaxed);
        JobSender {
            tx: self.tx.clone(),
            completions_only: self.completions_only,
            last_out: LastOut(self.last_out.0.clone()),
        }
    }
}

impl JobSender {
    /// Queues a job, waking the callback thread if it sleeps; gives the job back once that
    /// thread is gone.
    pub fn send(&self, job: Job) -> Result<(), crossbeam_channel::SendError<Job>> {
        let Some(job) = self.admit(job) else {
            return Ok(());
        };
        self.tx.send(job)?;
        // A store-buffer pair with `JobReceiver::recv`: either the thread's last look at
        // the queue sees this job, or this sees it asleep and wakes it.
        std::sync::atomic::fence(Ordering::SeqCst);
        if self.last_out.0.sleeping.load(Ordering::SeqCst) {
            self.last_out.0.ring();
        }
        Ok(())
    }

    /// A sender to the same thread for a file gateway's engine: it passes on the outcomes
    /// of calls and drops every other job.
    pub fn completions_only(&self) -> JobSender {
        JobSender {
            completions_only: true,
            ..self.clone()
        }
    }

    /// The job as it goes on: all of it, or for a gateway's sender the calls' outcomes only.
    fn admit(&self, job: Job) -> Option<Job> {
        let completion = |job: &Job| matches!(job, Job::Complete(..) | Job::Run(_));
        match job {
            job if !self.completions_only || completion(&job) => Some(job),
            Job::Batch(mut jobs) => {
                jobs.retain(completion);
                (!jobs.is_empty()).then_some(Job::Batch(jobs))
            }
            _ => None,
        }
    }

    /// No job waits.
    pub fn is_empty(&self) -> bool {
        self.tx.is_empty()
    }
}

/// The callback thread's end of its queue. It sleeps with `park`, without the spinning
/// and yielding of a channel's own blocking receive: on a busy machine, those hand the CPU
/// back and forth for nothing.
pub(crate) struct JobReceiver {
    rx: Receiver<Job>,
    bell: Arc<Bell>,
}

impl JobReceiver {
    /// The next job, without waiting.
    #[cfg(test)]
    pub fn try_recv(&self) -> Option<Job> {
        self.rx.try_recv().ok()
    }

    /// The next job, sleeping until one comes; `None` once every sender is gone.
    /// `before_sleep` runs each time the queue is found empty.
    pub fn recv(&self, mut before_sleep: impl FnMut()) -> Option<Job> {
        let me = std::thread::current();
        if self.bell.thread.get().is_none_or(|t| t.id() != me.id()) {
            let _ = self.bell.thread.set(me);
        }
        loop {
            match self.rx.try_recv() {
                Ok(job) => return Some(job),
                Err(TryRecvError::Disconnected) => return None,
                Err(TryRecvError::Empty) => {}
            }
            before_sleep();
            self.bell.sleeping.store(true, Ordering::SeqCst);
            std::sync::atomic::fence(Ordering::SeqCst);
            let job = match self.rx.try_recv() {
                Ok(job) => Some(job),
                Err(TryRecvError::Disconnected) => None,
                Err(TryRecvError::Empty) => {
                    std::thread::park();
                    self.bell.sleeping.store(false, Ordering::SeqCst);
                    continue;
                }
            };
            self.bell.sleeping.store(false, Ordering::SeqCst);
            return job;
        }
    }
}

/// A callback-form completion that cannot be lost: dropped without having run (whatever
/// unwound on the way), it still runs once, with 20002, on the callback thread.
pub(crate) struct GuardedReply<F: FnOnce(Reply) + Send + 'static> {
    f: Option<F>,
    jobs: Option<JobSender>,
}

impl<F: FnOnce(Reply) + Send + 'static> GuardedReply<F> {
    /// Guards `f`; `jobs` is the callback thread's queue (`None` once the client closed).
    pub fn new(f: F, jobs: Option<JobSender>) -> Self {
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
        tracing::error!("a callback was about to be lost; it runs with 20002");
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
    jobs: JobReceiver,
    hooks: Arc<Hooks>,
    pushes: Arc<PushBacklog>,
    mut filter: super::push::DupFilter,
    wake: Arc<super::WakeHandle>,
) {
    let mut reported = 0;
    hooks.streams.set_callback_thread();
    // However this thread ends, the push streams end after what they hold.
    let _end_streams = EndStreams(hooks.clone());
    // The callbacks' calls go out (at the latest) when the jobs run out.
    while let Some(job) = jobs.recv(|| wake.flush()) {
        let mut run_one = |job: Job| {
            if let Job::Push { payload, .. } = &job {
                pushes.taken(payload.len());
            }
            let dropped = pushes.dropped();
            if dropped > reported {
                tracing::warn!(
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
    wake.flush();
}

/// Ends the push streams when dropped: when the callback thread stops, however it stops.
struct EndStreams(Arc<Hooks>);

impl Drop for EndStreams {
    fn drop(&mut self) {
        self.0.streams.close();
    }
}

/// Collects the jobs of one read of the socket and hands them to the callback thread
/// together when dropped: the callback thread is woken once per read, not once per
/// answer.
pub(crate) struct JobBatch<'a> {
    jobs: &'a JobSender,
    held: Vec<Job>,
}

impl<'a> JobBatch<'a> {
    pub fn new(jobs: &'a JobSender) -> JobBatch<'a> {
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
            tracing::error!("the callback thread is gone; callbacks were not run");
        }
    }
}

/// Runs user code, catching and logging a panic.
pub(crate) fn run_guarded(f: impl FnOnce()) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(f)) {
        tracing::error!("a user callback panicked: {}", panic_message(&panic));
    }
}

fn run_job(job: Job, hooks: &Hooks, filter: &mut super::push::DupFilter) {
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
                    tracing::warn!("a {method} push is not msgpack ({e}); not delivered");
                    return;
                }
            };
            let hook = hooks.push.read().clone();
            if let Some(hook) = hook.filter(|_| method != "ping") {
                run_guarded(|| hook.push(&method, &value));
            }
            let processor = hooks.processor.read().clone();
            if processor.is_none() && !hooks.streams.any() {
                return;
            }
            if known && method == "ping" {
                if let Some(processor) = processor {
                    processor.ping();
                }
                return;
            }
            let now = std::time::Instant::now();
            // Parsed once, after the duplicate filter: the streams get copies, the processor
            // the push itself.
            let Some(push) = super::push::parse(filter, &method, known, value, now) else {
                return;
            };
            hooks.streams.deliver(&push, payload.len());
            if let Some(processor) = processor {
                super::push::hand_to(&*processor, push);
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
        let (jobs_tx, jobs_rx) = job_channel();
        let (tx, rx) = std::sync::mpsc::channel();
        let guarded = GuardedReply::new(move |reply: Reply| tx.send(reply).unwrap(), Some(jobs_tx));
        // As if something unwound between taking the call from the table and running it.
        let _ = std::panic::catch_unwind(AssertUnwindSafe(move || {
            let _held = guarded;
            panic!("unwinding through a completion");
        }));
        let Some(Job::Run(run)) = jobs_rx.try_recv() else {
            panic!("the completion was queued for the callback thread");
        };
        run();
        let reply = rx.try_recv().unwrap();
        assert!(reply.unwrap_err().is_connection_closed());
        assert!(rx.try_recv().is_err(), "it ran once");
    }

    #[test]
    fn a_guarded_reply_that_ran_does_not_run_again() {
        let (jobs_tx, jobs_rx) = job_channel();
        let (tx, rx) = std::sync::mpsc::channel();
        let guarded = GuardedReply::new(move |reply: Reply| tx.send(reply).unwrap(), Some(jobs_tx));
        guarded.run(Ok(vec![0x80]));
        assert_eq!(rx.try_recv().unwrap(), Ok(vec![0x80]));
        assert!(jobs_rx.try_recv().is_none());
    }
}
