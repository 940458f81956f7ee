//! Which async runtime the calling thread belongs to, for the blocking-call warning
//! (feature `tokio`).

/// True on a thread where blocking stalls a tokio runtime: inside an async task or a
/// `block_on`, not inside `spawn_blocking` (nor on a thread of no runtime).
///
/// Tokio gives a task's poll a cooperative budget and runs blocking-pool closures without
/// one, so asking for more than a budget's worth of units tells the two apart; every unit
/// is given back before this returns.
pub(crate) fn on_async_runtime_thread() -> bool {
    use std::task::{Context, Poll, Waker};
    if tokio::runtime::Handle::try_current().is_err() {
        return false;
    }
    let mut cx = Context::from_waker(Waker::noop());
    // Tokio's budget is 128 units; an unconstrained thread never runs out.
    let mut units = Vec::with_capacity(129);
    let mut constrained = false;
    for _ in 0..=128 {
        match tokio::task::coop::poll_proceed(&mut cx) {
            Poll::Ready(unit) => units.push(unit),
            Poll::Pending => {
                constrained = true;
                break;
            }
        }
    }
    // Each unit, dropped without progress, gives its budget back: the newest first.
    while let Some(unit) = units.pop() {
        drop(unit);
    }
    constrained
}
