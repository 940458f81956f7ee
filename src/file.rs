//! Files (Python SDK: `Files.md`; spec: RTM-API.md sections 6 and 13): a file goes to a file
//! gateway in two steps, under one deadline.
//!
//! 1. A signed `filetoken` quest on the main connection gives a token and the gateway's
//!    endpoint.
//! 2. One quest to the gateway (`sendfile`, `sendfiles`, `sendroomfile`, `sendgroupfile`,
//!    `broadcastfile`) carries the file, the token, and an MD5 sign of the content in its
//!    `attrs`: `{"sign":"<sign>", "ext":"<ext>"}`, byte for byte as the Python SDK.
//!
//! The file is read once, before anything is sent: a missing or unreadable file, an empty
//! one, or one too large for a frame ends the call at once, and nothing is sent. Too large
//! means that the gateway quest would not fit in
//! [`max_frame_len`](crate::ClientConfigBuilder::max_frame_len): the file and the quest's
//! other keys (the real targets, the extension in `attrs`, the sign, and 1 KiB for the
//! token, which the service issues far shorter). So a file that passes never fails to
//! encode once its token was taken. A file on disk is measured before it is read and never
//! read past that limit. The call's timeout (or the client's default) covers both steps.
//!
//! Gateway connections: one per gateway endpoint, reused by later sends, closed with the
//! client and once idle: no send in flight through it, and its last send ended
//! [`file_gateway_idle`](crate::ClientConfigBuilder::file_gateway_idle) ago (30 s by
//! default). A send that takes longer than that is never cut short. A gateway is replaced
//! (the next send connects anew) when a send through it times out, loses its connection or
//! cannot connect, and when its I/O thread ended; it closes once no send goes through it.
//! Gateway connections have the main connection's keep-alive, so a silent peer is noticed. Each has an I/O thread of its own, with the same
//! guarantees as the main connection (every call ends once, in time; bad bytes close it),
//! but no callback thread: a file send's callback runs on the client's callback thread, one
//! at a time and in order with its other callbacks and pushes. The client's hooks hear
//! nothing of gateway connections (their events, and quests a gateway sends, which are
//! answered). Closing the client never waits for a callback, the gateways' included.
//! IPv6 and DNS endpoints work. **Gateway connections are not encrypted**, even when the
//! main one is: the gateway is another server, whose key the configuration does not hold
//! (the official SDKs connect to it in plaintext too).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use md5::{Digest, Md5};
use parking_lot::{Condvar, Mutex};

use crate::callbacks::{SendMessageCallback, deliver_file_token};
use crate::calls::{calls, quest, refuse, unsigned_quest};
use crate::config::{ClientConfig, deadline_after};
use crate::error::{QuestError, codes};
use crate::message::{MessageSent, SendError, Target, generate_mid, sent, tell_sent};
use crate::{RtmServerClient, answer};

/// A file to send: a path (read once, the name taken from it), or bytes with a file name.
/// The name gives the `ext` of the file's attributes (after the last `.` of the name).
#[derive(Debug, Clone, Copy)]
pub enum FileContent<'a> {
    /// A file on disk.
    Path(&'a Path),
    /// Bytes in memory, with the file name to announce.
    Bytes {
        /// The file name (`report.pdf`), for its extension.
        name: &'a str,
        /// The content.
        content: &'a [u8],
    },
}

impl<'a> FileContent<'a> {
    /// A file on disk.
    pub fn path(path: &'a (impl AsRef<Path> + ?Sized)) -> Self {
        FileContent::Path(path.as_ref())
    }

    /// Bytes in memory, announced under `name`.
    pub fn bytes(name: &'a str, content: &'a [u8]) -> Self {
        FileContent::Bytes { name, content }
    }
}

/// What `file_token` gives: a single-use token and the gateway to send the file to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileToken {
    /// The token.
    pub token: String,
    /// The file gateway, `host:port`.
    pub endpoint: String,
}

calls! {
    /// A token for sending one file through the file gateway, and the gateway's endpoint.
    /// FPNN method `filetoken`. The target gives the gateway command and its key:
    /// [`Target::User`] `sendfile` with `to`, [`Target::Users`] `sendfiles` with `tos`,
    /// [`Target::Room`] `sendroomfile` with `rid`, [`Target::Group`] `sendgroupfile` with
    /// `gid`, [`Target::Broadcast`] `broadcastfile` with none. The `send_*file` calls take
    /// their token themselves.
    value FileTokenRequest fn file_token(from_uid: i64, target: Target<'a>) [] -> FileToken, FileTokenCallback => deliver_file_token;
    example {
        use rtm_server_sdk::message::Target;
        let token = client.file_token(2002, Target::User(2003)).call()?;
        assert!(!token.token.is_empty() && !token.endpoint.is_empty());
    }
    {
        let (tos, to, rid, gid) = token_targets(&target);
        Ok(quest("filetoken", (("from", from_uid), ("cmd", gateway_cmd(&target)), ("tos", tos), ("to", to), ("rid", rid), ("gid", gid)), answer::file_token))
    }
}

/// `lowercase_hex(md5(lowercase_hex(md5(content)) + ":" + token))`.
pub(crate) fn content_sign(content: &[u8], token: &str) -> String {
    let inner = hex_lower(&Md5::digest(content));
    let mut outer = Md5::new();
    outer.update(inner.as_bytes());
    outer.update(b":");
    outer.update(token.as_bytes());
    hex_lower(&outer.finalize())
}

fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

/// The extension of a file name: after the last `.` of its last path component, if any.
fn extension(name: &str) -> Option<&str> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = base.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then_some(ext)
}

/// A JSON string's content: quotes, backslashes and control characters escaped.
fn json_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The gateway quest's `attrs`, as the Python SDK writes them.
pub(crate) fn file_attrs(sign: &str, name: &str) -> String {
    match extension(name) {
        Some(ext) => format!("{{\"sign\":\"{sign}\", \"ext\":\"{}\"}}", json_escape(ext)),
        None => format!("{{\"sign\":\"{sign}\"}}"),
    }
}

/// Room the size check keeps for the gateway's token, whose length is known only once it is
/// taken: 1 KiB (the service's tokens are far shorter).
const TOKEN_ALLOWANCE: usize = 1024;

/// The content of `file`, refused when it is empty or longer than `limit` bytes. A file
/// on disk is measured before it is read, and never read past `limit`. `too_large` words
/// the refusal from the size (or a bound of it).
fn load(
    file: FileContent<'_>,
    name: &str,
    limit: usize,
    too_large: impl Fn(&str) -> QuestError,
) -> Result<Vec<u8>, QuestError> {
    let empty = || {
        refuse(
            codes::RTM_EMPTY_PARAMETER,
            &format!("the file {name:?} is empty"),
        )
    };
    let content = match file {
        FileContent::Bytes { content: [], .. } => return Err(empty()),
        FileContent::Bytes { content, .. } if content.len() > limit => {
            return Err(too_large(&format!("{} bytes", content.len())));
        }
        FileContent::Bytes { content, .. } => content.to_vec(),
        FileContent::Path(path) => read_at_most(path, limit, too_large)?,
    };
    if content.is_empty() {
        return Err(empty());
    }
    Ok(content)
}

/// Reads a file of at most `limit` bytes: its size is checked first, and the read stops
/// past `limit` (a file that grew, or one that does not know its size).
fn read_at_most(
    path: &Path,
    limit: usize,
    too_large: impl Fn(&str) -> QuestError,
) -> Result<Vec<u8>, QuestError> {
    use std::io::Read;
    let cannot_read = |e: std::io::Error| {
        refuse(
            codes::RTM_INVALID_PARAMETER,
            &format!("cannot read {}: {e}", path.display()),
        )
    };
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map_err(cannot_read)?.len();
    let bound = u64::try_from(limit).unwrap_or(u64::MAX);
    if size > bound {
        return Err(too_large(&format!("{size} bytes")));
    }
    // At most `limit`, itself at most a frame.
    let mut content = Vec::with_capacity(usize::try_from(size).unwrap_or(limit));
    file.take(bound.saturating_add(1))
        .read_to_end(&mut content)
        .map_err(cannot_read)?;
    if content.len() > limit {
        return Err(too_large(&format!("more than {limit} bytes")));
    }
    Ok(content)
}

/// The gateway command, the `filetoken` targets, and the gateway quest's target key.
fn gateway_cmd(target: &Target<'_>) -> &'static str {
    match target {
        Target::User(_) => "sendfile",
        Target::Users(_) => "sendfiles",
        Target::Room(_) => "sendroomfile",
        Target::Group(_) => "sendgroupfile",
        Target::Broadcast => "broadcastfile",
    }
}

/// `filetoken`'s optional targets: `to_uids`, `to_uid`, `rid`, `gid`.
type TokenTargets<'a> = (Option<&'a [i64]>, Option<i64>, Option<i64>, Option<i64>);

/// The targets of a `Target` as `filetoken`'s optional arguments.
fn token_targets<'a>(target: &Target<'a>) -> TokenTargets<'a> {
    match *target {
        Target::User(uid) => (None, Some(uid), None, None),
        Target::Users(uids) => (Some(uids), None, None, None),
        Target::Room(rid) => (None, None, Some(rid), None),
        Target::Group(gid) => (None, None, None, Some(gid)),
        Target::Broadcast => (None, None, None, None),
    }
}

/// The target `filetoken`'s optional arguments stand for.
fn target_of(
    tos: Option<&[i64]>,
    to: Option<i64>,
    rid: Option<i64>,
    gid: Option<i64>,
) -> Target<'_> {
    match (tos, to, rid, gid) {
        (Some(uids), ..) => Target::Users(uids),
        (None, Some(uid), ..) => Target::User(uid),
        (None, None, Some(rid), _) => Target::Room(rid),
        (None, None, None, Some(gid)) => Target::Group(gid),
        (None, None, None, None) => Target::Broadcast,
    }
}

/// Everything the gateway quest needs, owned (it may be built on another thread).
struct Upload {
    cmd: &'static str,
    pid: i64,
    mtype: i64,
    from_uid: i64,
    tos: Option<Vec<i64>>,
    to: Option<i64>,
    rid: Option<i64>,
    gid: Option<i64>,
    mid: i64,
    content: Vec<u8>,
    name: String,
}

impl Upload {
    /// The `filetoken` arguments: `cmd`, then `tos`, `to`, `rid`, `gid`.
    fn target(&self) -> Target<'_> {
        target_of(self.tos.as_deref(), self.to, self.rid, self.gid)
    }

    /// Sends the file to the gateway with `token`, within `timeout`.
    fn gateway_call(
        &self,
        gateway: &RtmServerClient,
        token: &str,
        timeout: Duration,
    ) -> Result<i64, QuestError> {
        let attrs = file_attrs(&content_sign(&self.content, token), &self.name);
        gateway.call(self.quest(token, &attrs), Some(timeout))
    }

    /// What the gateway quest takes besides the file's bytes: its frame with the real
    /// targets and extension, a token of [`TOKEN_ALLOWANCE`] bytes and an MD5 sign, and the
    /// largest header a binary can need. `usize::MAX` when even that does not fit in a
    /// frame.
    fn overhead(&self, config: &ClientConfig) -> usize {
        const MAX_BIN_HEADER: usize = 5;
        let token = "0".repeat(TOKEN_ALLOWANCE);
        let attrs = file_attrs(&"0".repeat(32), &self.name);
        let file = self.content.len();
        let header = match file {
            0..=0xff => 2,
            0x100..=0xffff => 3,
            _ => MAX_BIN_HEADER,
        };
        match crate::client::encode(config, &self.quest(&token, &attrs)) {
            Ok(frame) => frame.len().saturating_sub(file + header) + MAX_BIN_HEADER,
            Err(_) => usize::MAX,
        }
    }

    fn quest<'a>(
        &'a self,
        token: &'a str,
        attrs: &'a str,
    ) -> impl crate::client::Call<Output = i64> + 'a {
        unsigned_quest(
            self.cmd,
            (
                ("pid", self.pid),
                ("token", token),
                ("mtype", self.mtype),
                ("from", self.from_uid),
                ("tos", self.tos.as_deref()),
                ("to", self.to),
                ("rid", self.rid),
                ("gid", self.gid),
                ("mid", self.mid),
                ("file", &self.content[..]),
                ("attrs", attrs),
            ),
            answer::mtime_or_zero,
        )
    }
}

/// How long is left until `deadline`; a timeout error once nothing is.
fn remaining(deadline: Instant) -> Result<Duration, QuestError> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(QuestError::timeout(
            "timeout: the file call's deadline passed",
        ));
    }
    Ok(left)
}

/// The file gateway connections of a client: one per endpoint, closed when idle.
pub(crate) struct Gateways {
    shared: Arc<GatewayPool>,
}

struct GatewayPool {
    map: Mutex<PoolState>,
    wake: Condvar,
}

#[derive(Default)]
struct PoolState {
    gateways: HashMap<String, Gateway>,
    /// Gateways taken out of service (a send through them timed out or lost its
    /// connection) that still carry sends: closed when the last one ends.
    retired: Vec<Gateway>,
    /// The id of the next gateway opened.
    next_id: u64,
    reaper: bool,
    closed: bool,
}

/// A gateway connection in the pool, with its sends.
struct Gateway {
    /// Tells this connection from a later one to the same endpoint.
    id: u64,
    client: RtmServerClient,
    /// Sends through it that have not ended: it is never closed as idle meanwhile.
    in_flight: usize,
    /// When its last send ended (when it opened, before any): idle time counts from here.
    idle_since: Instant,
}

/// A send through a gateway, counted in flight from [`Gateways::get`] until dropped, however
/// the send ends: returned, called back, or its future dropped.
struct Lease {
    pool: Arc<GatewayPool>,
    endpoint: String,
    id: u64,
    retire: bool,
}

impl Lease {
    /// The send ended with `outcome`. A timeout of the client's, a lost connection or a
    /// failed connect takes the gateway out of service: the next send opens a new
    /// connection, and this one closes once no send goes through it.
    fn ended<T>(mut self, outcome: &Result<T, QuestError>) {
        self.retire = outcome
            .as_ref()
            .is_err_and(|e| e.is_timeout() || e.is_connection_error());
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.pool.release(&self.endpoint, self.id, self.retire);
    }
}

impl GatewayPool {
    /// A send through gateway `id` of `endpoint` ended: its idle time starts now; with
    /// `retire`, the gateway leaves the pool. A gateway out of the pool closes once it
    /// carries no send.
    fn release(&self, endpoint: &str, id: u64, retire: bool) {
        let mut state = self.map.lock();
        if let Some(gateway) = state.gateways.get_mut(endpoint).filter(|g| g.id == id) {
            gateway.in_flight = gateway.in_flight.saturating_sub(1);
            gateway.idle_since = Instant::now();
            if gateway.in_flight == 0 {
                // The reaper may wait for no deadline while every gateway carries a send.
                self.wake.notify_all();
            }
            if retire && let Some(gateway) = state.gateways.remove(endpoint) {
                tracing::debug!("file gateway {endpoint}: a send failed; the next one reconnects");
                state.retired.push(gateway);
            }
        } else if let Some(gateway) = state.retired.iter_mut().find(|g| g.id == id) {
            gateway.in_flight = gateway.in_flight.saturating_sub(1);
        }
        let (closing, busy): (Vec<_>, Vec<_>) = std::mem::take(&mut state.retired)
            .into_iter()
            .partition(|g| g.in_flight == 0);
        state.retired = busy;
        drop(state);
        for gateway in closing {
            // Without waiting: this may run on any thread, the callback thread included.
            drop(gateway.client.close_gateway_async());
        }
    }
}

impl Gateways {
    pub fn new() -> Self {
        Gateways {
            shared: Arc::new(GatewayPool {
                map: Mutex::new(PoolState::default()),
                wake: Condvar::new(),
            }),
        }
    }

    /// The gateway client of `endpoint` for `client`, opened on first use, with the lease
    /// that counts the send in flight.
    fn get(
        &self,
        endpoint: &str,
        client: &RtmServerClient,
    ) -> Result<(RtmServerClient, Lease), QuestError> {
        let config = client.config_ref();
        let endpoint = normalize_endpoint(endpoint)?;
        let mut state = self.shared.map.lock();
        if state.closed {
            return Err(QuestError::connection_closed("client closed"));
        }
        let idle = config.file_gateway_idle();
        if let Some(gateway) = state.gateways.get_mut(&endpoint) {
            if !gateway.client.is_closed() {
                gateway.in_flight += 1;
                let lease = self.lease(endpoint, gateway.id);
                return Ok((gateway.client.clone(), lease));
            }
            // Its I/O thread ended: never handed out again. Its sends (if any) end with
            // 20002, and the last one's lease lets it go.
            match state.gateways.remove(&endpoint) {
                Some(gateway) if gateway.in_flight > 0 => state.retired.push(gateway),
                // Let go without waiting for its (ended) thread, under the lock.
                Some(gateway) => drop(gateway.client.close_gateway_async()),
                None => {}
            }
        }
        // With the main connection's keep-alive, so that a silent peer is noticed.
        let gateway_config = config
            .to_builder()
            .endpoint(endpoint.clone())
            .auto_reconnect(false);
        #[cfg(feature = "encryption")]
        let gateway_config = gateway_config.encryption(None);
        let jobs = client
            .callback_jobs()
            .ok_or_else(|| QuestError::connection_closed("client closed"))?;
        let client = RtmServerClient::gateway(gateway_config.build(), jobs)?;
        let id = state.next_id;
        state.next_id += 1;
        state.gateways.insert(
            endpoint.clone(),
            Gateway {
                id,
                client: client.clone(),
                in_flight: 1,
                idle_since: Instant::now(),
            },
        );
        if !state.reaper {
            state.reaper = true;
            let pool = Arc::downgrade(&self.shared);
            let spawned = std::thread::Builder::new()
                .name("rtm-files".into())
                .spawn(move || reap(pool, idle));
            if spawned.is_err() {
                state.reaper = false;
            }
        }
        Ok((client, self.lease(endpoint, id)))
    }

    fn lease(&self, endpoint: String, id: u64) -> Lease {
        Lease {
            pool: self.shared.clone(),
            endpoint,
            id,
            retire: false,
        }
    }

    /// How many gateway connections are open: in service, or out of it with sends still
    /// going through them.
    pub fn open(&self) -> usize {
        let state = self.shared.map.lock();
        state.gateways.len() + state.retired.len()
    }

    /// Closes every gateway connection, waiting for their I/O threads (which run no user
    /// code); later file calls fail with 20002.
    pub fn close(&self) {
        for gateway in self.take_all() {
            let _ = gateway.close();
        }
    }

    /// Starts closing every gateway connection without waiting; the future resolves once
    /// their I/O threads have stopped. Later file calls fail with 20002.
    pub fn close_async(&self) -> impl std::future::Future<Output = ()> + Send + 'static + use<> {
        let closing: Vec<_> = self
            .take_all()
            .iter()
            .map(RtmServerClient::close_gateway_async)
            .collect();
        async move {
            for closed in closing {
                closed.await;
            }
        }
    }

    /// Marks the pool closed and takes every gateway out of it.
    fn take_all(&self) -> Vec<RtmServerClient> {
        let gateways = {
            let mut state = self.shared.map.lock();
            state.closed = true;
            let retired = std::mem::take(&mut state.retired);
            state
                .gateways
                .drain()
                .map(|(_, g)| g)
                .chain(retired)
                .map(|g| g.client)
                .collect()
        };
        self.shared.wake.notify_all();
        gateways
    }
}

impl Drop for Gateways {
    fn drop(&mut self) {
        self.close();
    }
}

/// The reaper: closes the gateways without a send in flight whose last send ended `idle`
/// ago; ends when none is left or the client closed.
fn reap(pool: Weak<GatewayPool>, idle: Duration) {
    loop {
        let Some(pool) = pool.upgrade() else {
            return;
        };
        let mut state = pool.map.lock();
        let now = Instant::now();
        let expired: Vec<String> = state
            .gateways
            .iter()
            .filter(|(_, g)| {
                g.in_flight == 0 && now.saturating_duration_since(g.idle_since) >= idle
            })
            .map(|(endpoint, _)| endpoint.clone())
            .collect();
        let closing: Vec<RtmServerClient> = expired
            .iter()
            .filter_map(|e| state.gateways.remove(e).map(|g| g.client))
            .collect();
        if state.gateways.is_empty() || state.closed {
            state.reaper = false;
            drop(state);
            for gateway in closing {
                let _ = gateway.close();
            }
            return;
        }
        if closing.is_empty() {
            let next = state
                .gateways
                .values()
                .filter(|g| g.in_flight == 0)
                .map(|g| deadline_after(g.idle_since, idle))
                .min();
            match next {
                Some(next) => {
                    let wait = next
                        .saturating_duration_since(now)
                        .max(Duration::from_millis(1));
                    pool.wake.wait_for(&mut state, wait);
                }
                // Every gateway carries a send: the end of one wakes this.
                None => pool.wake.wait(&mut state),
            }
            continue;
        }
        drop(state);
        for gateway in closing {
            let _ = gateway.close();
        }
    }
}

/// `host:port` for the engine: IPv6 hosts bracketed; an empty endpoint is an error.
fn normalize_endpoint(endpoint: &str) -> Result<String, QuestError> {
    let endpoint = endpoint.trim();
    let Some((host, port)) = endpoint.rsplit_once(':') else {
        return Err(QuestError::not_connected(format!(
            "the file gateway's endpoint {endpoint:?} is not host:port"
        )));
    };
    if host.is_empty() || port.is_empty() {
        return Err(QuestError::not_connected(format!(
            "the file gateway's endpoint {endpoint:?} is not host:port"
        )));
    }
    if host.contains(':') && !host.starts_with('[') {
        return Ok(format!("[{host}]:{port}"));
    }
    Ok(endpoint.to_string())
}

impl RtmServerClient {
    /// The file gateway connections open now (for metrics and tests).
    pub fn file_gateways_open(&self) -> usize {
        self.gateways().open()
    }

    /// Reads the file and prepares the upload; refused before anything is sent, and so
    /// before a token is taken, when the gateway quest would not fit in a frame.
    fn prepare_upload(
        &self,
        target: &Target<'_>,
        from_uid: i64,
        mtype: i64,
        file: FileContent<'_>,
        mid: i64,
    ) -> Result<Upload, QuestError> {
        let name = match file {
            FileContent::Path(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            FileContent::Bytes { name, .. } => name.to_string(),
        };
        let (tos, to, rid, gid) = token_targets(target);
        let mut upload = Upload {
            cmd: gateway_cmd(target),
            pid: i64::from(self.config_ref().pid()),
            mtype,
            from_uid,
            tos: tos.map(<[i64]>::to_vec),
            to,
            rid,
            gid,
            mid,
            content: Vec::new(),
            name,
        };
        let max_frame_len = self.config_ref().max_frame_len();
        let overhead = upload.overhead(self.config_ref());
        let too_large = |size: &str| {
            refuse(
                codes::CORE_ENCODING,
                &format!(
                    "the file {:?} is {size}: it does not fit in a frame with the gateway quest's \
                     other keys (max_frame_len {max_frame_len}, {overhead} bytes for the rest)",
                    upload.name
                ),
            )
        };
        let limit = max_frame_len.saturating_sub(overhead);
        upload.content = load(file, &upload.name, limit, too_large)?;
        Ok(upload)
    }

    /// Starts a file send: its id, its deadline, the file read.
    fn start_file_send(
        &self,
        target: Target<'_>,
        from_uid: i64,
        mtype: i64,
        file: FileContent<'_>,
        timeout: Option<Duration>,
    ) -> FileSend {
        let mid = generate_mid(None);
        let timeout = timeout.unwrap_or_else(|| self.quest_timeout());
        FileSend {
            mid,
            deadline: deadline_after(Instant::now(), timeout),
            upload: self.prepare_upload(&target, from_uid, mtype, file, mid),
        }
    }

    /// Both steps, blocking, under one deadline.
    fn send_file_to(&self, send: FileSend) -> Result<MessageSent, SendError> {
        let FileSend {
            mid,
            deadline,
            upload,
        } = send;
        let outcome = upload.and_then(|upload| {
            let left = remaining(deadline)?;
            let token = self
                .file_token(upload.from_uid, upload.target())
                .timeout(left)
                .call()?;
            let (gateway, lease) = self.gateways().get(&token.endpoint, self)?;
            let outcome = upload.gateway_call(&gateway, &token.token, remaining(deadline)?);
            lease.ended(&outcome);
            outcome
        });
        sent(mid, outcome)
    }

    /// Both steps, off the caller's thread; `callback` gets the mid with every outcome.
    fn send_file_to_with_callback(&self, send: FileSend, callback: impl SendMessageCallback) {
        let FileSend {
            mid,
            deadline,
            upload,
        } = send;
        let upload = match upload {
            Ok(upload) => upload,
            Err(error) => {
                return self.refuse_with_callback(error, move |r: Result<(), QuestError>| {
                    callback.callback(mid, 0, r.err())
                });
            }
        };
        // The closure takes the upload: the selectors are copied out first.
        let step_timeout = remaining(deadline).unwrap_or_default();
        let client = self.downgrade();
        let tos = upload.tos.clone();
        let target = target_of(tos.as_deref(), upload.to, upload.rid, upload.gid);
        let token = self
            .file_token(upload.from_uid, target)
            .timeout(step_timeout);
        token.with_callback(
            move |token: String, endpoint: String, error: Option<QuestError>| {
                let gateway = match (error, client.upgrade()) {
                    (Some(error), _) => Err(error),
                    (None, None) => Err(QuestError::connection_closed("client closed")),
                    (None, Some(client)) => client
                        .gateways()
                        .get(&endpoint, &client)
                        .and_then(|gateway| remaining(deadline).map(|left| (gateway, left))),
                };
                let ((gateway, lease), left) = match gateway {
                    Ok(ready) => ready,
                    Err(error) => return tell_sent(callback, mid, Err(error)),
                };
                let attrs = file_attrs(&content_sign(&upload.content, &token), &upload.name);
                gateway.call_with_callback(upload.quest(&token, &attrs), Some(left), move |r| {
                    lease.ended(&r);
                    tell_sent(callback, mid, r)
                });
            },
        );
    }

    /// Both steps, as a future.
    fn send_file_to_async(
        &self,
        send: FileSend,
    ) -> impl std::future::Future<Output = Result<MessageSent, SendError>> + Send + 'static + use<>
    {
        let FileSend {
            mid,
            deadline,
            upload,
        } = send;
        let token = upload.as_ref().ok().map(|upload| {
            let left = remaining(deadline).unwrap_or_default();
            self.file_token(upload.from_uid, upload.target())
                .timeout(left)
                .into_future()
        });
        let client = self.downgrade();
        let outcome = async move {
            let upload = upload?;
            let token = match token {
                Some(token) => token.await?,
                None => return Err(QuestError::connection_closed("client closed")),
            };
            // Neither the client nor the gateway client is held across the wait: dropping
            // the last handle of the client closes the gateway, and the call ends then.
            let (call, lease) = {
                let client = client
                    .upgrade()
                    .ok_or_else(|| QuestError::connection_closed("client closed"))?;
                let (gateway, lease) = client.gateways().get(&token.endpoint, &client)?;
                let attrs = file_attrs(&content_sign(&upload.content, &token.token), &upload.name);
                let left = remaining(deadline)?;
                let call = gateway.call_async(upload.quest(&token.token, &attrs), Some(left));
                (call, lease)
            };
            let outcome = call.await;
            lease.ended(&outcome);
            outcome
        };
        async move { sent(mid, outcome.await) }
    }
}

/// A file send under way: its message id, its deadline, and the upload (or why it is
/// refused before anything is sent).
struct FileSend {
    mid: i64,
    deadline: Instant,
    upload: Result<Upload, QuestError>,
}

/// An awaited file send: what `.await` on a file request gives, the message id with every
/// outcome. It does not keep the client alive: dropping the client's last handle ends the
/// send with 20002.
#[must_use = "a file send's future does nothing unless awaited; dropping it abandons the send"]
pub struct FileSendFuture {
    mid: i64,
    steps: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<MessageSent, SendError>> + Send + 'static>,
    >,
}

impl FileSendFuture {
    /// The id of the message this future sends.
    pub fn mid(&self) -> i64 {
        self.mid
    }
}

impl std::fmt::Debug for FileSendFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileSendFuture")
            .field("mid", &self.mid)
            .finish_non_exhaustive()
    }
}

impl std::future::Future for FileSendFuture {
    type Output = Result<MessageSent, SendError>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        self.steps.as_mut().poll(cx)
    }
}

/// Declares the file sends: each gives a client method (the Python signature's
/// arguments, the file last), a request with the `timeout` setter, and its three endings.
macro_rules! file_sends {
    ($(
        $(#[$doc:meta])*
        $Req:ident fn $name:ident ($($arg:ident : $ty:ty),* $(,)?) => $target:expr, $from:expr, $mtype:expr;
        example { $($example:tt)* }
    )*) => {$(
        impl $crate::RtmServerClient {
            $(#[$doc])*
            ///
            #[doc = concat!("Returns a [`", stringify!($Req), "`] request; nothing is read or sent until it ends. Two steps under one deadline (the request's timeout, or the client's default): `filetoken` on the main connection, then the file to the gateway it names. `.call()` blocks until the outcome: the generated message id and the server's `mtime`, or a [`SendError`](crate::message::SendError) with the id and the error (refusals before sending: an unreadable, empty or too large file). `.with_callback(callback)` reads the file, returns, and runs both steps off the calling thread; `.await` reads the file when the future is made.")]
            ///
            /// ```
            /// # let server = rtm_server_sdk::mock::MockServer::start()?;
            /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
            /// use rtm_server_sdk::file::FileContent;
            #[doc = stringify!($($example)*)]
            /// # Ok::<(), Box<dyn std::error::Error>>(())
            /// ```
            pub fn $name<'a>(&'a self, $($arg: $ty,)* file: FileContent<'a>) -> $Req<'a> {
                $Req { client: self, $($arg,)* file, timeout: None }
            }
        }

        #[doc = concat!("The request [`RtmServerClient::", stringify!($name), "`](crate::RtmServerClient::", stringify!($name), ") makes: set `timeout`, then end it with [`call`](Self::call), [`with_callback`](Self::with_callback) or `.await`.")]
        #[must_use = "a request sends nothing until it ends: `.call()`, `.with_callback(..)` or `.await`"]
        pub struct $Req<'a> {
            client: &'a RtmServerClient,
            $($arg: $ty,)*
            file: FileContent<'a>,
            timeout: Option<Duration>,
        }

        impl<'a> $Req<'a> {
            /// Sets the deadline of both steps, from now (without it: the client's default).
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Sends the file and blocks until the outcome.
            pub fn call(self) -> Result<MessageSent, SendError> {
                self.client.send_file_to(self.start())
            }

            /// Reads the file and returns; both steps run off the calling thread, and
            /// `callback` runs once with the message id, the `mtime` (0 on an error) and
            /// the error.
            pub fn with_callback(self, callback: impl SendMessageCallback) {
                self.client.send_file_to_with_callback(self.start(), callback)
            }

            fn start(&self) -> FileSend {
                let Self { $($arg,)* file, timeout, .. } = *self;
                self.client.start_file_send($target, $from, $mtype, file, timeout)
            }
        }

        impl<'a> std::future::IntoFuture for $Req<'a> {
            type Output = Result<MessageSent, SendError>;
            type IntoFuture = FileSendFuture;

            /// Reads the file and returns the future of both steps.
            fn into_future(self) -> FileSendFuture {
                let send = self.start();
                FileSendFuture {
                    mid: send.mid,
                    steps: Box::pin(self.client.send_file_to_async(send)),
                }
            }
        }
    )*};
}

file_sends! {
    /// Sends a file from one user to another. Gateway method `sendfile`.
    SendFileRequest fn send_file(from_uid: i64, to_uid: i64, mtype: i64) => Target::User(to_uid), from_uid, mtype;
    example {
        let sent = client.send_file(2002, 2003, 50, FileContent::bytes("hello.txt", b"hello")).call()?;
        assert!(sent.mtime > 0);
    }

    /// Sends a file from one user to several. Gateway method `sendfiles`.
    SendFilesRequest fn send_files(from_uid: i64, to_uids: &'a [i64], mtype: i64) => Target::Users(to_uids), from_uid, mtype;
    example {
        client.send_files(2002, &[2003, 3003], 51, FileContent::bytes("a.bin", &[1, 2, 3])).call()?;
    }

    /// Sends a file to a room. Gateway method `sendroomfile`.
    SendRoomFileRequest fn send_room_file(from_uid: i64, rid: i64, mtype: i64) => Target::Room(rid), from_uid, mtype;
    example {
        client.send_room_file(2002, 1001, 52, FileContent::bytes("a.bin", &[1, 2, 3])).call()?;
    }

    /// Sends a file to a group. Gateway method `sendgroupfile`.
    SendGroupFileRequest fn send_group_file(from_uid: i64, gid: i64, mtype: i64) => Target::Group(gid), from_uid, mtype;
    example {
        client.send_group_file(2002, 5005, 53, FileContent::bytes("a.bin", &[1, 2, 3])).call()?;
    }

    /// Sends a file to every user. Gateway method `broadcastfile`.
    BroadcastFileRequest fn broadcast_file(from_uid: i64, mtype: i64) => Target::Broadcast, from_uid, mtype;
    example {
        client.broadcast_file(2002, 54, FileContent::bytes("a.bin", &[1, 2, 3])).call()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_sign_matches_the_spec_vectors() {
        let token = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            content_sign(b"hello", token),
            "167ec2f3a614868ad22675d12e25af36"
        );
        let content = [
            0x68, 0x61, 0x72, 0x6e, 0x65, 0x73, 0x73, 0x20, 0x66, 0x69, 0x6c, 0x65, 0x20, 0x63,
            0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74, 0x00, 0x01, 0x02, 0xff,
        ];
        assert_eq!(
            content_sign(&content, "877e8e74e8ae337bcaf93ca411b796aa"),
            "0e778038e52be4bfb74885c07df1ef11"
        );
    }

    #[test]
    fn attrs_are_the_python_sdks_bytes_with_ext_from_the_name_only_and_escaped() {
        assert_eq!(
            file_attrs("s", "/tmp/a.b/sample-file.bin"),
            r#"{"sign":"s", "ext":"bin"}"#
        );
        assert_eq!(file_attrs("s", "/tmp/a.b/samplefile"), r#"{"sign":"s"}"#);
        assert_eq!(file_attrs("s", ".hidden"), r#"{"sign":"s"}"#);
        assert_eq!(file_attrs("s", "x.a\"b"), r#"{"sign":"s", "ext":"a\"b"}"#);
    }

    #[test]
    fn a_gateway_whose_io_thread_ended_is_never_handed_out_again() {
        let endpoint = "127.0.0.1:9";
        let config = crate::ClientConfig::builder(endpoint, 1, "secret").keep_alive(None);
        let client = RtmServerClient::new(config).unwrap();
        let (first, lease) = client.gateways().get(endpoint, &client).unwrap();
        drop(lease);
        first.close().unwrap();
        assert!(first.is_closed());
        let (second, _lease) = client.gateways().get(endpoint, &client).unwrap();
        assert!(!second.is_closed(), "a new gateway client");
        assert_eq!(client.file_gateways_open(), 1);
    }

    #[test]
    fn gateway_endpoints_are_normalized() {
        assert_eq!(normalize_endpoint("127.0.0.1:80").unwrap(), "127.0.0.1:80");
        assert_eq!(normalize_endpoint("::1:80").unwrap(), "[::1]:80");
        assert_eq!(normalize_endpoint("[::1]:80").unwrap(), "[::1]:80");
        assert_eq!(
            normalize_endpoint("files.example.com:80").unwrap(),
            "files.example.com:80"
        );
        assert!(normalize_endpoint("").is_err());
        assert!(normalize_endpoint("host").is_err());
    }
}
