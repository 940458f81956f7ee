//! The `rtm-callback` thread: runs callback completions, connection events and pushes,
//! each under `catch_unwind`, so a panicking callback is logged and the client keeps working.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crossbeam_channel::Receiver;

use super::{Hooks, Reply, ReplyFn};

/// Work for the callback thread.
pub(crate) enum Job {
    Complete(ReplyFn, Reply),
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
    Push {
        method: String,
        payload: Vec<u8>,
    },
}

/// Runs jobs until every sender is gone.
pub(crate) fn run(jobs: Receiver<Job>, hooks: Arc<Hooks>) {
    for job in jobs.iter() {
        run_guarded(|| run_job(job, &hooks));
    }
}

/// Runs user code, catching and logging a panic.
pub(crate) fn run_guarded(f: impl FnOnce()) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(f)) {
        log::error!("a user callback panicked: {}", panic_message(&panic));
    }
}

fn run_job(job: Job, hooks: &Hooks) {
    match job {
        Job::Complete(callback, reply) => callback(reply),
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
        Job::Push { method, payload } => {
            let hook = hooks.push.read().clone();
            if let Some(hook) = hook {
                match rmpv::decode::read_value(&mut payload.as_slice()) {
                    Ok(value) => hook.push(&method, &value),
                    Err(e) => log::warn!("a {method} push is not msgpack ({e}); not delivered"),
                }
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
