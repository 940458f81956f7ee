//! An embedded mock RTM server: a real FPNN/TCP server, for examples, for this crate's tests
//! and for your own offline tests.
//!
//! It serves every call of the API, interface 2.7's included (RTM-API-2.7 §2), with real
//! state: rooms (members, one at a time or in batches, info, bans that expire, in one room
//! or in every room), tokens and who is online, the project block list and project bans
//! (mutes), user info, devices and their push options, messages of every kind with history
//! paging (`num`, `desc`, `begin`, `end`, `lastid`, `mtypes`), `getmsg`, deletion, editing,
//! counting (`getmsgnum`) and cleaning (`cleanmsg`, `clearprojectmsg`,
//! `delconversationmsgs`, `clearusermsg`), friends and blacklists, groups (members, bans in
//! one group or in every group, info, counts), per-user data, sessions, RTC rooms
//! (members, administrators, owner), the IM-lib's user and group infos, grants and groups,
//! and each connection's listen state. Where the service does work the mock cannot, it has
//! deterministic stand-ins ([Stand-ins](#stand-ins)). It refuses what the service refuses,
//! with the service's error codes, as far as the spec says ([Fidelity](#fidelity)), answers
//! FPNN's `*ping`, and can misbehave on purpose: see [`Fault`]. No quest stops it: one
//! whose handler fails is answered with 20001 (`the mock failed: ...`, logged) and the mock
//! serves on.
//!
//! It pushes for real. A message sent through the mock reaches every connection that
//! listens to it: p2p messages (`pushmsg`) the connections listening to the sender or the
//! receiver (`uids`) or to all p2p messages; group and room messages (`pushgroupmsg`,
//! `pushroommsg`) those listening to the group or room or to all of them; broadcasts
//! (`pushmsg` with `to` 0) those listening to all p2p messages. `login` and `logout`
//! events (`pushevent`) go to the connections listening to that event (or to all events)
//! when a user's client logs in or out, which a test simulates with
//! [`MockServer::user_login`] and [`MockServer::user_logout`] (`kickout` without `ce` logs
//! the user out too); as with the service, issuing a token (`gettoken`) logs nobody in.
//! [`MockServer::push`] pushes anything on demand, malformed payloads included.
//!
//! # Fidelity
//!
//! A test that passes against the mock should not fail against the service for a value the
//! service refuses, so the mock refuses what the spec says the service refuses, with the
//! service's code:
//!
//! - the project and the signature: a `pid` other than the mock's, or a `sign` that is not
//!   the MD5 of `pid:secret:salt:method:ts` (200002); a `ts` farther from the mock's clock
//!   than [`MockServerBuilder::ts_window`] (200008); a signature seen before (200006,
//!   [`MockServerBuilder::check_replay`]); on the file gateway, a token that is unknown,
//!   used, expired or issued for another sender or command, or a content sign that does not
//!   match or is not where `attrs`, a JSON object, keeps it: at its top in the flat form
//!   (`{"sign": .., "ext": ..}`), in its `rtm` object in the nested form of RTM-API-2.7
//!   §3.10 (`{"rtm": {"sign": .., "ext": ..}, "custom": ..}`) (200002);
//! - the parameters: a payload that is not a map (10006), a required key missing (10009) or
//!   of the wrong type (10010), an unknown method (20004);
//! - a required list of ids that is empty (200033): `tos` (`sendmsgs`, `sendfiles`), `uids`
//!   (`getonlineusers`, `getuseropeninfo`, `addgroupmembers`, `delgroupmembers`,
//!   `addroommembers`, `delroommembers`, `addsessions`, `removesessions`, `adminCommand`,
//!   `imserver_getuserinfos`, `imserver_addgroupmembers`), `friends` (`addfriends`,
//!   `delfriends`), `fuids` (`isfriends`), `blacks` (`addblacks`, `delblacks`), `buids`
//!   (`isblacks`), `rids` (`getroomcount`, `adduserrooms`, `deleteuserrooms`), `gids`
//!   (`imserver_getgroupinfos`), `toUids` (`pullIntoRTCRoom`, `inviteUserIntoRTCRoom`); and
//!   a listen call with nothing to listen to (200033);
//! - more than 100 users in one `addblacks` or `delblacks` (200032, RTM-API-2.7 §2.2);
//! - a value outside the ones a key takes (200034, the code the C++ SDK refuses such values
//!   with): `type` of `icheck`, `acheck`, `vcheck` and `speech2text` (1 URL, 2 content),
//!   of `addoption`/`removeoption` (0 p2p, 1 group), of `getmsgnum` (2 group, 3 room: the
//!   calls' docs accept no other), of `clearprojectmsg` (0-4), of `pullIntoRTCRoom` (1, 2)
//!   and of the IM-lib grant calls (0-2; 1-2 for the invite grants), `command` of `adminCommand` (0-7), `grant_type` (0-3), `invite_type` and
//!   `invite_manage_type` (0, 1), and the `type` of `imserver_creategroup`'s `permissions`
//!   ("0"-"3"); the conversation kind (1-4) of `cleanmsg`, `delconversationmsgs` and
//!   `editmsg` is refused as `delmsg`'s and `getmsg`'s (10010);
//! - an `mtype` reserved for the service (0-50) in `sendmsg`, `sendmsgs`, `sendgroupmsg`,
//!   `sendroommsg` and `broadcastmsg` (200005), but for the chat calls' 30, 31 and 32 and
//!   the file types 40-50 (the reference server stores a voice message, 41, sent with
//!   `sendgroupmsg`);
//! - an `oinfo` or `pinfo` over 65,535 bytes in `setroominfo`, `setuserinfo` and
//!   `setgroupinfo` (200030, the code the client refuses it with before sending);
//! - a send from a user blocked project-wide (200049) or banned from the group, or from
//!   every group (200044); `getmsg`/`delmsg`/`editmsg` of a message it does not have
//!   (200070), and `editmsg` of a message older than its `timeLimit` (200070 too: the spec
//!   names no other code; a `timeLimit` of 0 or less is no limit); `filetoken` for a
//!   command that is not a gateway method (200034).
//!
//! What it does not check, because the spec gives no limit or no code, or because it is
//! the service's business beyond the calls:
//!
//! - ids: any `uid`, `rid`, `gid`, `from`, `to` or `mid` is accepted, 0 and negative ones
//!   included (the spec gives ids as signed 64-bit integers and never says which the
//!   service refuses; 0 means something in places, such as `xid` 0 for broadcasts);
//! - sizes: messages and `attrs` of any size (up to the frame limit), lists of any length
//!   (`getonlineusers`' 200 uids has no code in the spec);
//! - rights: membership of the group or room a message goes to, room bans on room sends,
//!   rate limits (200010), rooms per user (200047), group and friend limits;
//! - the mtypes of files and of history filters, `version` of `gettoken`, `ce` of
//!   `kickout` (a kickout with `ce` changes nothing), and a `set*info` with neither `oinfo`
//!   nor `pinfo` (the client refuses it; the service's answer is not known);
//! - the effects the spec gives no code or answer for: a blacklist does not stop the
//!   blocked users' sends, nor does a project ban (mute); device push options change
//!   nothing the mock sends (it has no mobile pushes); sessions are kept but no call reads
//!   them; an RTC `fromUid` need not be in the room, and an RTC room's type, microphone
//!   status, `voiceRange`, `maxReceiveStreams` and `adminCommand`s 2-7 change nothing a
//!   call reads back; IM-lib info keys and grant `extra`s are taken as they come.
//!
//! Decisions where the spec is silent: `removegroupban`/`removeroomban` without `gid`/`rid`
//! lift the ban in every group/room and the user's bans in each one, while lifting one
//! group's or room's ban leaves a ban in every one in force; `cleanmsg`'s range is in
//! milliseconds and inclusive, a bound of 0 or less being none, and a `from` other than 0
//! keeps a group, room or broadcast clean to that sender's messages (in p2p it names the
//! conversation with `xid`); `getmsgnum`'s `mtypes` `[]` counts every mtype; `clearusermsg`
//! deletes every message the user sent; `clearprojectgroup` deletes every group (members,
//! bans, info, IM-lib infos and grants of groups); an IM-lib group is the RTM group of the
//! same id (`imserver_addgroupmembers`, `getgroupmembers` and `getgroupcount` see the same
//! members), its owner its first member; `pullIntoRTCRoom` makes a room whose owner is the
//! first user pulled in, `adminCommand` 0 appoints members only, a kicked administrator is
//! no longer one, a room lasts until `closeRTCRoom`, and an unknown room has no members
//! and owner 0; an invitation changes no membership (the invitee's client accepts it).
//!
//! # Stand-ins
//!
//! Where the service does work the mock cannot: `translate` answers `[<dst>] <text>`;
//! `profanity` masks `badword`, `darn` and `heck`; `transcribe` answers `transcribed <n>
//! bytes` in `en`; `tcheck` masks the same words (whole words between spaces) and answers
//! `result` 2, the masked `text`, `tags` `["4"]` and the words in `wlist`, or `result` 0
//! without `text`; `icheck`, `acheck` and `vcheck` answer `result` 2 and `tags` `["1"]` for
//! a URL or content containing `bad`, else `result` 0 and `tags` `[]`; `speech2text`
//! answers `recognized speech of <url>` or `recognized speech of <n> bytes` in the `lang`
//! asked for; a file is pushed as the URL `https://files.rtm-mock.invalid/<mid>?size=<n>`,
//! and kept in history, for mtypes 40-50, as the JSON `{"url": <that URL>, "size": <n>}`
//! (with `"surl"`, the URL with `&thumbnail`, for images) with `attrs`
//! `{"rtm": {<attrs but the sign>}, "custom": <custom, or "">}`, as the service keeps
//! files; tokens are 32 hex digits that nothing checks, and the user's client is the
//! test's [`MockServer::user_login`]; a history page holds at most `num` rows, `num` taken
//! between 1 and 200; events carry an empty `endpoint`; times are the mock's clock.
//!
//! It is behind the `mock` feature, so that it stays out of production builds. Enable it
//! for your tests only:
//!
//! ```toml
//! [dependencies]
//! rtm-server-sdk = "0.1"
//!
//! [dev-dependencies]
//! rtm-server-sdk = { version = "0.1", features = ["mock"] }
//! ```
//!
//! ```
//! use std::time::Duration;
//! use rtm_server_sdk::mock::{Fault, FaultRule, MockServer};
//! use rtm_server_sdk::RtmServerClient;
//!
//! let server = MockServer::start()?;
//! let client = RtmServerClient::new(server.client_config())?;
//!
//! // The next addroommember is answered with an error.
//! server.add_fault(
//!     FaultRule::new(Fault::ErrorAnswer { code: 200047, ex: "too many rooms".into() })
//!         .method("addroommember")
//!         .times(1),
//! );
//! let error = client.add_room_member(1, 2).call().unwrap();
//! assert_eq!(error.code, 200047);
//! assert_eq!(client.add_room_member(1, 2).call(), None);
//!
//! // A silent server: the call ends with a timeout, at its deadline.
//! server.add_fault(FaultRule::new(Fault::NoAnswer).times(1));
//! let error = client.add_room_member(1, 2).timeout(Duration::from_millis(100)).call().unwrap();
//! assert!(error.is_timeout());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod api;
mod json;
mod rooms;
mod server;

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::Sender;
use parking_lot::Mutex;

#[cfg(feature = "encryption")]
use crate::wire::crypto::{Curve, EncryptionError, ServerKey};
use crate::wire::sign::Secret;
use rooms::Rooms;

/// The project id a mock server accepts unless told otherwise.
pub const DEFAULT_MOCK_PID: i32 = 1_000_001;
/// The secret a mock server checks signatures with unless told otherwise.
pub const DEFAULT_MOCK_SECRET: &str = "mock-secret-0123456789";
/// How far a quest's `ts` may be from the mock's clock, unless told otherwise.
pub const DEFAULT_TS_WINDOW: Duration = Duration::from_secs(300);

/// A way for the mock server to misbehave when it serves a quest.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer after this delay.
    Delay(Duration),
    /// Never answer.
    NoAnswer,
    /// Answer with this error instead.
    ErrorAnswer {
        /// The error code.
        code: i32,
        /// The error message.
        ex: String,
    },
    /// Close the connection after reading the quest, without answering.
    CloseAfterRead,
    /// Reset the connection (RST) after reading the quest.
    Reset,
    /// Send bytes that are not FPNN instead of the answer.
    Garbage,
    /// Send the answer with a wrong magic.
    BadMagic,
    /// Send half of the answer, then close.
    Truncated,
    /// Send a header declaring a 4 GiB payload.
    OversizeHeader,
    /// Send the answer twice.
    DuplicateAnswer,
    /// Send the answer with a sequence number nobody waits for (and not the real one).
    UnknownSeqAnswer,
    /// Hold the answer back until a later answer on the connection has gone out (or 50 ms).
    OutOfOrder,
    /// Send the answer one byte at a time, one byte per interval; whatever the connection
    /// sends meanwhile queues behind it, as on a slow link.
    ByteByByte(Duration),
    /// Push a `pushroommsg` quest to the client before the answer.
    PushFirst,
}

/// When to apply a [`Fault`]: to which method, how many times.
///
/// ```
/// use std::time::Duration;
/// use rtm_server_sdk::mock::{Fault, FaultRule, MockServer};
/// use rtm_server_sdk::RtmServerClient;
///
/// let server = MockServer::start()?;
/// server.add_fault(FaultRule::new(Fault::NoAnswer).method("getroominfo").times(1));
/// let client = RtmServerClient::new(server.client_config())?;
/// let error = client.get_room_info(1).timeout(Duration::from_millis(50)).call().unwrap_err();
/// assert!(error.is_timeout());
/// assert!(client.get_room_info(1).call().is_ok()); // the fault was used up
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    method: Option<String>,
    fault: Fault,
    times: Option<u64>,
}

impl FaultRule {
    /// Applies `fault` to every method (not to `*ping`), every time.
    pub fn new(fault: Fault) -> Self {
        FaultRule {
            method: None,
            fault,
            times: None,
        }
    }

    /// Only for this FPNN method (`"addroommember"`, ...).
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into());
        self
    }

    /// Only the next `n` matching quests.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }
}

/// Counters of a mock server since it was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockStats {
    /// Connections accepted.
    pub connections: u64,
    /// Quests received (all methods, `*ping` included).
    pub quests: u64,
    /// Answers received from clients (to pushes).
    pub answers: u64,
}

#[derive(Default)]
struct Counters {
    connections: AtomicU64,
    quests: AtomicU64,
    answers: AtomicU64,
}

/// State shared by the handle and the mock's thread.
struct Shared {
    has_faults: AtomicBool,
    faults: Mutex<Vec<FaultRule>>,
    per_method: Mutex<HashMap<String, u64>>,
    stats: Counters,
    /// The server's curve and private key (big-endian scalar bytes), when it accepts `*key`.
    #[cfg(feature = "encryption")]
    encryption: Option<(Curve, Vec<u8>)>,
    require_encryption: bool,
    /// `SO_RCVBUF` for accepted connections, when set.
    recv_buffer: Option<usize>,
    /// While set, the mock reads nothing from its connections.
    reading_paused: AtomicBool,
    /// Each answer goes out in its own write.
    write_each_answer: bool,
}

impl Shared {
    fn count_quest(&self, method: &str) {
        self.stats.quests.fetch_add(1, Ordering::Relaxed);
        let mut per_method = self.per_method.lock();
        match per_method.get_mut(method) {
            Some(n) => *n += 1,
            None => {
                per_method.insert(method.to_string(), 1);
            }
        }
    }

    /// The fault for this quest, if a rule matches (using up one of its times).
    fn take_fault(&self, method: &str) -> Option<Fault> {
        if !self.has_faults.load(Ordering::Relaxed) {
            return None;
        }
        let mut faults = self.faults.lock();
        let index = faults
            .iter()
            .position(|r| r.method.as_deref().is_none_or(|m| m == method))?;
        let rule = &mut faults[index];
        let fault = rule.fault.clone();
        if let Some(times) = &mut rule.times {
            *times -= 1;
            if *times == 0 {
                faults.remove(index);
            }
        }
        self.has_faults.store(!faults.is_empty(), Ordering::Relaxed);
        Some(fault)
    }
}

enum Control {
    Stop,
    /// Close every connection, then acknowledge.
    CloseConnections(Sender<()>),
    /// A user's client logs in (`online`) or out; acknowledged once the events are queued.
    Presence {
        uid: i64,
        online: bool,
        done: Sender<()>,
    },
    /// Read every connection again (after a pause).
    ResumeReading,
    /// Push a quest to every connection, `count` times.
    Push {
        method: String,
        payload: Vec<u8>,
        twoway: bool,
        count: usize,
    },
}

struct Running {
    addr: SocketAddr,
    thread: JoinHandle<Rooms>,
    control: Sender<Control>,
    waker: Arc<mio::Waker>,
}

impl Running {
    fn tell(&self, control: Control) {
        if self.control.send(control).is_ok() {
            let _ = self.waker.wake();
        }
    }
}

/// Builds a [`MockServer`] with a chosen address, project or checks.
///
/// ```
/// use rtm_server_sdk::mock::MockServer;
/// use rtm_server_sdk::RtmServerClient;
///
/// let server = MockServer::builder()
///     .pid(11000001)
///     .secret("my-test-secret")
///     .check_replay(false)
///     .start()?;
/// assert_eq!(server.pid(), 11000001);
/// let client = RtmServerClient::new(server.client_config())?;
/// assert_eq!(client.add_room_member(1, 2).call(), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    bind: SocketAddr,
    pid: i32,
    secret: Secret,
    ts_window: Duration,
    check_replay: bool,
    #[cfg(feature = "encryption")]
    encryption: Option<(Curve, Vec<u8>)>,
    require_encryption: bool,
    recv_buffer: Option<usize>,
    write_each_answer: bool,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        MockServerBuilder {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            pid: DEFAULT_MOCK_PID,
            secret: Secret::new(DEFAULT_MOCK_SECRET),
            ts_window: DEFAULT_TS_WINDOW,
            check_replay: true,
            #[cfg(feature = "encryption")]
            encryption: None,
            require_encryption: false,
            recv_buffer: None,
            write_each_answer: false,
        }
    }
}

impl MockServerBuilder {
    /// The address to listen on; default `127.0.0.1:0` (a free port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// The project id to accept; default [`DEFAULT_MOCK_PID`].
    pub fn pid(mut self, pid: i32) -> Self {
        self.pid = pid;
        self
    }

    /// The secret to check signatures with; default [`DEFAULT_MOCK_SECRET`].
    pub fn secret(mut self, secret: impl Into<Secret>) -> Self {
        self.secret = secret.into();
        self
    }

    /// How far `ts` may be from the mock's clock; default [`DEFAULT_TS_WINDOW`].
    pub fn ts_window(mut self, window: Duration) -> Self {
        self.ts_window = window;
        self
    }

    /// Whether a signature seen before is refused with 200006; default true.
    pub fn check_replay(mut self, on: bool) -> Self {
        self.check_replay = on;
        self
    }

    /// Accepts encrypted connections (`*key` as the first quest) with this server private
    /// key: big-endian scalar bytes of `curve`'s field size, as FPNN servers keep it.
    #[cfg(feature = "encryption")]
    pub fn encryption_key(
        mut self,
        curve: Curve,
        private_key: &[u8],
    ) -> Result<Self, EncryptionError> {
        crate::wire::crypto::public_key_of(curve, private_key)?;
        self.encryption = Some((curve, private_key.to_vec()));
        Ok(self)
    }

    /// Closes connections whose first quest is not `*key`; default false.
    pub fn require_encryption(mut self, on: bool) -> Self {
        self.require_encryption = on;
        self
    }

    /// Sets the kernel receive buffer (`SO_RCVBUF`) of accepted connections, which bounds
    /// what a client can hand to a mock that stopped reading
    /// ([`MockServer::pause_reading`]); default: the system's.
    pub fn recv_buffer(mut self, bytes: usize) -> Self {
        self.recv_buffer = Some(bytes);
        self
    }

    /// Writes each answer to its socket as soon as it is made, one write per answer, before
    /// the next quest is read from the buffer: the rhythm of FPNN's C++ server, whose worker
    /// threads write their answers one by one, so a client sees answers arrive singly. Off
    /// by default: the answers to what one read brought go out in one write.
    pub fn write_each_answer(mut self, on: bool) -> Self {
        self.write_each_answer = on;
        self
    }

    /// Binds and starts serving on a thread named `rtm-mock`.
    pub fn start(self) -> io::Result<MockServer> {
        let shared = Arc::new(Shared {
            has_faults: AtomicBool::new(false),
            faults: Mutex::new(Vec::new()),
            per_method: Mutex::new(HashMap::new()),
            stats: Counters::default(),
            #[cfg(feature = "encryption")]
            encryption: self.encryption.clone(),
            require_encryption: self.require_encryption,
            recv_buffer: self.recv_buffer,
            reading_paused: AtomicBool::new(false),
            write_each_answer: self.write_each_answer,
        });
        let rooms = Rooms::new(
            self.pid,
            self.secret.clone(),
            self.ts_window,
            self.check_replay,
        );
        let running = server::spawn(self.bind, shared.clone(), rooms)?;
        Ok(MockServer {
            addr: running.addr,
            pid: self.pid,
            secret: self.secret,
            shared,
            running: Mutex::new(Some(running)),
            stopped_rooms: Mutex::new(None),
        })
    }
}

/// An embedded mock RTM server listening on loopback. Stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    pid: i32,
    secret: Secret,
    shared: Arc<Shared>,
    running: Mutex<Option<Running>>,
    stopped_rooms: Mutex<Option<Rooms>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .field("pid", &self.pid)
            .field("secret", &self.secret)
            .field("running", &self.is_running())
            .finish()
    }
}

impl MockServer {
    /// Starts a mock on `127.0.0.1` at a free port, with the default project and checks.
    pub fn start() -> io::Result<MockServer> {
        MockServerBuilder::default().start()
    }

    /// A builder for another address, project or checks.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The endpoint to give a client, `ip:port`.
    pub fn endpoint(&self) -> String {
        self.addr.to_string()
    }

    /// The project id it accepts.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// The secret it checks signatures with.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The server's public key, when it accepts encrypted connections.
    #[cfg(feature = "encryption")]
    pub fn server_key(&self) -> Option<ServerKey> {
        let (curve, private) = self.shared.encryption.as_ref()?;
        let xy = crate::wire::crypto::public_key_of(*curve, private).ok()?;
        ServerKey::from_raw(*curve, &xy).ok()
    }

    /// Adds a fault rule. Rules are tried in the order added; the first match applies.
    pub fn add_fault(&self, rule: FaultRule) {
        let mut faults = self.shared.faults.lock();
        faults.push(rule);
        self.shared.has_faults.store(true, Ordering::Relaxed);
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        let mut faults = self.shared.faults.lock();
        faults.clear();
        self.shared.has_faults.store(false, Ordering::Relaxed);
    }

    /// How many quests of this method arrived.
    pub fn quest_count(&self, method: &str) -> u64 {
        self.shared
            .per_method
            .lock()
            .get(method)
            .copied()
            .unwrap_or(0)
    }

    /// The counters.
    pub fn stats(&self) -> MockStats {
        let s = &self.shared.stats;
        MockStats {
            connections: s.connections.load(Ordering::Relaxed),
            quests: s.quests.load(Ordering::Relaxed),
            answers: s.answers.load(Ordering::Relaxed),
        }
    }

    /// Closes every client connection and returns once they are closed (clients notice
    /// when the close reaches them); the mock keeps listening.
    pub fn close_connections(&self) {
        let (done_tx, done_rx) = crossbeam_channel::bounded(1);
        if let Some(running) = self.running.lock().as_ref() {
            running.tell(Control::CloseConnections(done_tx));
        } else {
            return;
        }
        let _ = done_rx.recv_timeout(Duration::from_secs(5));
    }

    /// Stops reading from every connection, as a stalled server would: clients' quests
    /// pile up in the kernel's buffers, then in the clients. Answers already due still go
    /// out.
    pub fn pause_reading(&self) {
        self.shared.reading_paused.store(true, Ordering::SeqCst);
    }

    /// Reads again after [`pause_reading`](Self::pause_reading).
    pub fn resume_reading(&self) {
        self.shared.reading_paused.store(false, Ordering::SeqCst);
        if let Some(running) = self.running.lock().as_ref() {
            running.tell(Control::ResumeReading);
        }
    }

    /// Simulates the client of user `uid` logging in to the service (the mock has no client
    /// gateway; your tests play the user's client with this): from now on `getonlineusers`
    /// counts the user as online, and, when it was offline, the connections listening to
    /// `login` events (or to all events) get a `pushevent` `login`. Returns once the event
    /// is queued on their connections, ahead of anything sent after. A token is not needed,
    /// and `get_token` logs nobody in: the service sends `login` when the user's client logs
    /// in, not when a token is issued.
    ///
    /// ```
    /// use rtm_server_sdk::mock::MockServer;
    /// use rtm_server_sdk::RtmServerClient;
    ///
    /// let server = MockServer::start()?;
    /// let client = RtmServerClient::new(server.client_config())?;
    /// client.get_token(2002).call()?;
    /// assert!(client.get_online_users(&[2002]).call()?.is_empty());
    /// server.user_login(2002);
    /// assert_eq!(client.get_online_users(&[2002]).call()?, vec![2002]);
    /// server.user_logout(2002);
    /// assert!(client.get_online_users(&[2002]).call()?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn user_login(&self, uid: i64) {
        self.set_online(uid, true);
    }

    /// Simulates the client of user `uid` logging out: the user is no longer online, and,
    /// when it was online, the connections listening to `logout` events (or to all events)
    /// get a `pushevent` `logout`. Returns once the event is queued on their connections.
    /// `kickout` without `ce` does the same.
    pub fn user_logout(&self, uid: i64) {
        self.set_online(uid, false);
    }

    fn set_online(&self, uid: i64, online: bool) {
        let (done_tx, done_rx) = crossbeam_channel::bounded(1);
        if let Some(running) = self.running.lock().as_ref() {
            running.tell(Control::Presence {
                uid,
                online,
                done: done_tx,
            });
        } else {
            // Stopped: no connection hears the event; the state keeps the change.
            if let Some(rooms) = self.stopped_rooms.lock().as_mut() {
                rooms.api.set_online(uid, online);
                rooms.api.take_pushes();
            }
            return;
        }
        let _ = done_rx.recv_timeout(Duration::from_secs(5));
    }

    /// Pushes a quest (`method` with `payload`, a map) to every connected client, `count`
    /// times, twoway (the client answers) or oneway, as the service pushes messages and
    /// events. A payload that is not a map is sent as it is: a way to test malformed pushes.
    pub fn push(&self, method: &str, payload: &rmpv::Value, twoway: bool, count: usize) {
        let mut bytes = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = rmpv::encode::write_value(&mut bytes, payload);
        if let Some(running) = self.running.lock().as_ref() {
            running.tell(Control::Push {
                method: method.to_string(),
                payload: bytes,
                twoway,
                count,
            });
        }
    }

    /// True while it listens.
    pub fn is_running(&self) -> bool {
        self.running.lock().is_some()
    }

    /// Stops listening and closes every connection; connecting is then refused. The room
    /// state is kept for [`restart`](Self::restart).
    pub fn stop(&self) {
        let running = self.running.lock().take();
        if let Some(running) = running {
            running.tell(Control::Stop);
            match running.thread.join() {
                Ok(rooms) => *self.stopped_rooms.lock() = Some(rooms),
                Err(_) => tracing::error!("the mock server thread failed"),
            }
        }
    }

    /// Listens again on the same address, with the room state it had.
    pub fn restart(&self) -> io::Result<()> {
        let mut running = self.running.lock();
        if running.is_some() {
            return Ok(());
        }
        let rooms =
            self.stopped_rooms.lock().take().ok_or_else(|| {
                io::Error::other("the mock server lost its state when it stopped")
            })?;
        *running = Some(server::spawn(self.addr, self.shared.clone(), rooms)?);
        Ok(())
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop();
    }
}
