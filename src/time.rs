//! Time arithmetic that never overflows.

use std::time::{Duration, Instant};

/// The longest duration any setting or call timeout takes: about a century, "as good as
/// never". Longer durations (up to [`Duration::MAX`]) are taken as this.
pub const FOREVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
/// A duration clamped to [`FOREVER`].
pub(crate) fn saturate(d: Duration) -> Duration {
    d.min(FOREVER)
}

/// `now + d`, never overflowing: `d` is clamped to [`FOREVER`] first.
pub(crate) fn deadline_after(now: Instant, d: Duration) -> Instant {
    now.checked_add(saturate(d))
        .or_else(|| now.checked_add(Duration::from_secs(365 * 24 * 3600)))
        .unwrap_or(now)
}
