//! Signatures and salts. This module is the only place that reads the project secret.
//!
//! Every server call carries `pid`, `salt`, `ts` and
//! `sign = UPPERCASE_HEX(MD5("<pid>:<secret>:<salt>:<method>:<ts>"))`
//! (spec: RTM-ROOM.md section 2).

use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use md5::{Digest, Md5};

/// The project secret. It can be handed around and cloned, but never printed: its `Debug`
/// and `Display` say `<redacted>`, and only the signer reads it.
///
/// Its memory is wiped when it is dropped.
///
/// ```
/// use rtm_server_sdk::Secret;
///
/// let secret = Secret::new("0123456789abcdef");
/// assert_eq!(format!("{secret:?} {secret}"), "<redacted> <redacted>");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Drop for Secret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl Secret {
    /// Wraps a secret key as the console shows it.
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    /// True when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::new(s)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The 32 ASCII characters of a signature.
pub type Sign = [u8; 32];

/// Computes `UPPERCASE_HEX(MD5("<pid>:<secret>:<salt>:<method>:<ts>"))`.
pub fn sign(pid: i32, secret: &Secret, salt: i64, method: &str, ts: i64) -> Sign {
    let mut digits = itoa::Buffer::new();
    let mut hasher = Md5::new();
    hasher.update(digits.format(pid).as_bytes());
    hasher.update(b":");
    hasher.update(secret.0.as_bytes());
    hasher.update(b":");
    hasher.update(digits.format(salt).as_bytes());
    hasher.update(b":");
    hasher.update(method.as_bytes());
    hasher.update(b":");
    hasher.update(digits.format(ts).as_bytes());
    upper_hex(&hasher.finalize())
}

fn upper_hex(digest: &[u8]) -> Sign {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = [0u8; 32];
    for (i, byte) in digest.iter().enumerate() {
        out[2 * i] = DIGITS[usize::from(byte >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(byte & 0x0f)];
    }
    out
}

/// Seconds since the Unix epoch, as sent in `ts`.
pub fn unix_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Salts are counted in milliseconds from 2020-01-01T00:00:00Z, so that they stay below
/// 2^63 until 2089.
const SALT_EPOCH_MS: u64 = 1_577_836_800_000;
const SEQ_BITS: u32 = 8;
const TAG_BITS: u32 = 14;
const LOW_BITS: u32 = SEQ_BITS + TAG_BITS;
const SEQ_MASK: u64 = (1 << SEQ_BITS) - 1;
const TAG_MASK: u64 = (1 << TAG_BITS) - 1;

/// Makes salts: positive, below 2^63, strictly increasing for one generator, and distinct
/// across generators and processes with overwhelming probability.
///
/// Layout: `ms_since_2020 << 22 | tag << 8 | seq`. `tag` is 14 random bits drawn once per
/// process, stepped for each further generator in the same process so that two generators
/// of one process never share it. `seq` counts within a millisecond; when 256 salts were
/// taken in one millisecond the generator moves on to the next millisecond rather than
/// wait, so a burst is never throttled (the clock part then runs briefly ahead).
#[derive(Debug)]
pub struct SaltGenerator {
    tag: u64,
    last: AtomicU64,
}

impl SaltGenerator {
    /// A generator with a fresh tag.
    pub fn new() -> Self {
        static BASE_TAG: OnceLock<u32> = OnceLock::new();
        static INSTANCES: AtomicU32 = AtomicU32::new(0);
        let base = *BASE_TAG.get_or_init(random_seed);
        let instance = INSTANCES.fetch_add(1, Ordering::Relaxed);
        SaltGenerator {
            tag: u64::from(base.wrapping_add(instance)) & TAG_MASK,
            last: AtomicU64::new(0),
        }
    }

    /// The process-wide generator every client uses.
    pub fn global() -> &'static SaltGenerator {
        static GLOBAL: OnceLock<SaltGenerator> = OnceLock::new();
        GLOBAL.get_or_init(SaltGenerator::new)
    }

    /// The next salt.
    pub fn next(&self) -> i64 {
        self.next_at(unix_ms())
    }

    /// The next salt and the Unix time in seconds, from one reading of the clock: the
    /// `salt` and `ts` of a quest.
    pub fn next_with_ts(&self) -> (i64, i64) {
        let ms = unix_ms();
        (self.next_at(ms), (ms / 1000) as i64)
    }

    fn next_at(&self, unix_ms: u64) -> i64 {
        let since_epoch = unix_ms.saturating_sub(SALT_EPOCH_MS);
        let floor = (since_epoch << LOW_BITS) | (self.tag << SEQ_BITS);
        let mut last = self.last.load(Ordering::Relaxed);
        loop {
            let candidate = if last < floor {
                floor
            } else if last & SEQ_MASK == SEQ_MASK {
                // This millisecond is used up: take the first salt of the next one.
                (((last >> LOW_BITS) + 1) << LOW_BITS) | (self.tag << SEQ_BITS)
            } else {
                last + 1
            };
            match self.last.compare_exchange_weak(
                last,
                candidate,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return (candidate & (i64::MAX as u64)) as i64,
                Err(actual) => last = actual,
            }
        }
    }
}

impl Default for SaltGenerator {
    fn default() -> Self {
        Self::new()
    }
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(SALT_EPOCH_MS)
}

/// 32 random bits: std's hasher keys are drawn from the operating system's random source
/// once per process; the process id and the clock are mixed in as well.
fn random_seed() -> u32 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one((std::process::id(), unix_ms())) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_matches_the_spec_vectors() {
        let secret = Secret::new("0123456789abcdef0123456789abcdef");
        let salt = 7_301_444_403_200_000_001;
        let cases = [
            ("addroommember", "3B6B5B906FD11F4A697E343C068D8263"),
            ("getroominfo", "C1D0262BACACFF2505348A71CC2DA428"),
            ("isbanofroom", "6DD553B18B29FEB80CEB62F4B2DAD707"),
        ];
        for (method, expected) in cases {
            let got = sign(1_000_001, &secret, salt, method, 1_700_000_000);
            assert_eq!(std::str::from_utf8(&got).unwrap(), expected, "{method}");
        }
    }

    #[test]
    fn secret_is_redacted() {
        let secret = Secret::new("super-secret-value");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{secret}"), "<redacted>");
    }

    #[test]
    fn salts_increase_and_stay_positive_below_2_pow_63() {
        let generator = SaltGenerator::new();
        let mut previous = 0;
        for _ in 0..10_000 {
            let salt = generator.next();
            assert!(salt > previous);
            previous = salt;
        }
    }

    #[test]
    fn a_burst_moves_to_the_next_millisecond_instead_of_colliding() {
        let generator = SaltGenerator::new();
        let first = generator.next() as u64;
        let mut last = first;
        for _ in 0..1000 {
            last = generator.next() as u64;
        }
        assert!(last >> LOW_BITS > first >> LOW_BITS);
        assert_eq!((last >> SEQ_BITS) & TAG_MASK, generator.tag);
    }
}
