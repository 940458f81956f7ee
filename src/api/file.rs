//! Files (Python SDK: `Files.md`; spec: RTM-API.md sections 6 and 13): a file goes to a file
//! gateway in two steps, under one deadline.
//!
//! 1. A signed `filetoken` quest on the main connection gives a token and the gateway's
//!    endpoint.
//! 2. One quest to the gateway (`sendfile`, `sendfiles`, `sendroomfile`, `sendgroupfile`,
//!    `broadcastfile`) carries the file, the token, and an MD5 sign of the content in its
//!    `attrs`.
//!
//! The `attrs` have one of two forms (spec: RTM-API-2.7.md section 3.10):
//!
//! - **Flat**, by default: `{"sign":"<sign>", "ext":"<ext>"}`, byte for byte as the Python
//!   2.0 SDK (`ext` after the last `.` of the file name; left out when there is none).
//! - **Nested**, the form of the interface 2.7 SDKs, as soon as a request sets
//!   [`custom_attrs`](SendFileRequest::custom_attrs), [`audio`](SendFileRequest::audio) or
//!   [`file_name`](SendFileRequest::file_name): compact JSON
//!   `{"rtm":{"sign":"<sign>","ext":"<ext>","filename":..,"type":"audiomsg","lang":..,
//!   "duration":..,"codec":..,"srate":..},"custom":<the sender's attributes, or "">}`, each
//!   `rtm` key after `ext` present only when its setter was called. A voice message is a
//!   file of type [`MTYPE_AUDIO`] (41) sent with [`audio`](SendFileRequest::audio).
//!
//! The file types are 40..=50 ([`FILE_MTYPES`]): [`MTYPE_IMAGE`] 40, [`MTYPE_AUDIO`] 41,
//! [`MTYPE_VIDEO`] 42, [`MTYPE_OTHER`] 50 (any type is accepted, as the Python SDK does).
//! Messages of those types are file messages: history rows
//! ([`Message::file_info`](crate::message::Message::file_info), and so on) and file pushes
//! ([`FilePush::info`](crate::push::FilePush::info)) carry a [`FileInfo`] read from their
//! `msg` and `attrs` (the raw texts stay as they are).
//!
//! ```
//! # let server = rtm_server_sdk::mock::MockServer::start()?;
//! # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
//! use rtm_server_sdk::file::{AudioInfo, FileContent, MTYPE_AUDIO};
//!
//! let voice = FileContent::bytes("hello.amr", b"#!AMR-WB\n...");
//! client
//!     .send_group_file(2002, 5005, MTYPE_AUDIO, voice)
//!     .audio(AudioInfo::new("en", 900).codec("amr-wb").srate(16000))
//!     .custom_attrs(r#"{"topic":"greetings"}"#)
//!     .call()?;
//! let page = client.get_group_message(2002, 5005, true, 1).mtypes(&[MTYPE_AUDIO]).call()?;
//! let info = page.msgs[0].file_info.as_ref().expect("a file message");
//! assert!(info.is_rtm_audio);
//! assert_eq!((info.language.as_str(), info.duration), ("en", 900));
//! assert_eq!(info.custom_attrs.as_deref(), Some(r#"{"topic":"greetings"}"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The file is read once, before anything is sent: a missing or unreadable file, an empty
//! one, or one too large for a frame ends the call at once, and nothing is sent. Too large
//! means that the gateway quest would not fit in
//! [`max_frame_len`](crate::ClientConfigBuilder::max_frame_len): the file and the quest's
//! other keys (the real targets, the `attrs` in their form, the sign, and 1 KiB for the
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
//!
//! <!-- calls: begin -->
//! The calls of this family, each a method of
//! [`RtmServerClient`](crate::RtmServerClient) returning its request:
//! - [`file_token`](crate::RtmServerClient::file_token) → [`FileTokenRequest`]
//! - [`send_file`](crate::RtmServerClient::send_file) → [`SendFileRequest`]
//! - [`send_files`](crate::RtmServerClient::send_files) → [`SendFilesRequest`]
//! - [`send_room_file`](crate::RtmServerClient::send_room_file) → [`SendRoomFileRequest`]
//! - [`send_group_file`](crate::RtmServerClient::send_group_file) → [`SendGroupFileRequest`]
//! - [`broadcast_file`](crate::RtmServerClient::broadcast_file) → [`BroadcastFileRequest`]
//! <!-- calls: end -->

use std::path::Path;
use std::time::{Duration, Instant};

use super::calls;
use crate::api::message::{MessageSent, Recipient, SendError, sent, tell_sent};
use crate::callbacks::{SendMessageCallback, deliver_file_token};
use crate::config::{ClientConfig, deadline_after};
use crate::error::{QuestError, codes};
use crate::wire::call::{quest, refuse, unsigned_quest};
use crate::wire::file::{NestedAttrs, attrs_for, content_sign};
use crate::wire::send::generate_mid;

use crate::RtmServerClient;
pub use crate::types::file::{
    AudioInfo, FILE_MTYPES, FileContent, FileInfo, FileToken, MTYPE_AUDIO, MTYPE_IMAGE,
    MTYPE_OTHER, MTYPE_VIDEO,
};
use crate::wire::answer;

calls! {
    /// A token for sending one file through the file gateway, and the gateway's endpoint.
    /// FPNN method `filetoken`. The target gives the gateway command and its key:
    /// [`Recipient::User`] `sendfile` with `to`, [`Recipient::Users`] `sendfiles` with `tos`,
    /// [`Recipient::Room`] `sendroomfile` with `rid`, [`Recipient::Group`] `sendgroupfile` with
    /// `gid`, [`Recipient::Broadcast`] `broadcastfile` with none. The `send_*file` calls take
    /// their token themselves.
    value FileTokenRequest fn file_token(from_uid: i64, target: Recipient<'a>) [] -> FileToken, FileTokenCallback => deliver_file_token;
    example {
        use rtm_server_sdk::message::Recipient;
        let token = client.file_token(2002, Recipient::User(2003)).call()?;
        assert!(!token.token.is_empty() && !token.endpoint.is_empty());
    }
    {
        let (tos, to, rid, gid) = token_targets(&target);
        Ok(quest("filetoken", (("from", from_uid), ("cmd", gateway_cmd(&target)), ("tos", tos), ("to", to), ("rid", rid), ("gid", gid)), answer::file_token))
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
fn gateway_cmd(target: &Recipient<'_>) -> &'static str {
    match target {
        Recipient::User(_) => "sendfile",
        Recipient::Users(_) => "sendfiles",
        Recipient::Room(_) => "sendroomfile",
        Recipient::Group(_) => "sendgroupfile",
        Recipient::Broadcast => "broadcastfile",
    }
}

/// `filetoken`'s optional targets: `to_uids`, `to_uid`, `rid`, `gid`.
type TokenTargets<'a> = (Option<&'a [i64]>, Option<i64>, Option<i64>, Option<i64>);

/// The targets of a `Recipient` as `filetoken`'s optional arguments.
fn token_targets<'a>(target: &Recipient<'a>) -> TokenTargets<'a> {
    match *target {
        Recipient::User(uid) => (None, Some(uid), None, None),
        Recipient::Users(uids) => (Some(uids), None, None, None),
        Recipient::Room(rid) => (None, None, Some(rid), None),
        Recipient::Group(gid) => (None, None, None, Some(gid)),
        Recipient::Broadcast => (None, None, None, None),
    }
}

/// The target `filetoken`'s optional arguments stand for.
fn target_of(
    tos: Option<&[i64]>,
    to: Option<i64>,
    rid: Option<i64>,
    gid: Option<i64>,
) -> Recipient<'_> {
    match (tos, to, rid, gid) {
        (Some(uids), ..) => Recipient::Users(uids),
        (None, Some(uid), ..) => Recipient::User(uid),
        (None, None, Some(rid), _) => Recipient::Room(rid),
        (None, None, None, Some(gid)) => Recipient::Group(gid),
        (None, None, None, None) => Recipient::Broadcast,
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
    /// The nested attrs' options; `None`: the flat form.
    nested: Option<NestedAttrs>,
}

impl Upload {
    /// The `filetoken` arguments: `cmd`, then `tos`, `to`, `rid`, `gid`.
    fn target(&self) -> Recipient<'_> {
        target_of(self.tos.as_deref(), self.to, self.rid, self.gid)
    }

    /// The gateway quest's `attrs` with this content `sign`.
    fn attrs(&self, sign: &str) -> String {
        attrs_for(sign, &self.name, self.nested.as_ref())
    }

    /// Sends the file to the gateway with `token`, within `timeout`.
    fn gateway_call(
        &self,
        gateway: &RtmServerClient,
        token: &str,
        timeout: Duration,
    ) -> Result<i64, QuestError> {
        let attrs = self.attrs(&content_sign(&self.content, token));
        gateway.call(self.quest(token, &attrs), Some(timeout))
    }

    /// What the gateway quest takes besides the file's bytes: its frame with the real
    /// targets and attrs (either form, with the extension and every nested option), a token of [`TOKEN_ALLOWANCE`] bytes and an MD5 sign, and the
    /// largest header a binary can need. `usize::MAX` when even that does not fit in a
    /// frame.
    fn overhead(&self, config: &ClientConfig) -> usize {
        const MAX_BIN_HEADER: usize = 5;
        let token = "0".repeat(TOKEN_ALLOWANCE);
        let attrs = self.attrs(&"0".repeat(32));
        let file = self.content.len();
        let header = match file {
            0..=0xff => 2,
            0x100..=0xffff => 3,
            _ => MAX_BIN_HEADER,
        };
        match crate::wire::call::encode(
            config.pid(),
            config.secret(),
            config.max_frame_len(),
            &self.quest(&token, &attrs),
        ) {
            Ok(frame) => frame.len().saturating_sub(file + header) + MAX_BIN_HEADER,
            Err(_) => usize::MAX,
        }
    }

    fn quest<'a>(
        &'a self,
        token: &'a str,
        attrs: &'a str,
    ) -> impl crate::wire::call::Call<Output = i64> + 'a {
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

impl RtmServerClient {
    /// Reads the file and prepares the upload; refused before anything is sent, and so
    /// before a token is taken, when the gateway quest would not fit in a frame.
    fn prepare_upload(
        &self,
        target: &Recipient<'_>,
        from_uid: i64,
        mtype: i64,
        file: FileContent<'_>,
        mid: i64,
        nested: Option<NestedAttrs>,
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
            nested,
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
        target: Recipient<'_>,
        from_uid: i64,
        mtype: i64,
        file: FileContent<'_>,
        timeout: Option<Duration>,
        nested: Option<NestedAttrs>,
    ) -> FileSend {
        let mid = generate_mid(None);
        let timeout = timeout.unwrap_or_else(|| self.quest_timeout());
        FileSend {
            mid,
            deadline: deadline_after(Instant::now(), timeout),
            upload: self.prepare_upload(&target, from_uid, mtype, file, mid, nested),
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
                let attrs = upload.attrs(&content_sign(&upload.content, &token));
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
                let attrs = upload.attrs(&content_sign(&upload.content, &token.token));
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
#[must_use = "the file is read and the send under way; dropping its future abandons it and loses its outcome"]
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
            #[doc = concat!("Returns a [`", stringify!($Req), "`] request; nothing is read or sent until it ends. Two steps under one deadline (the request's timeout, or the client's default): `filetoken` on the main connection, then the file to the gateway it names. `.call()` blocks until the outcome: the generated message id and the server's `mtime`, or a [`SendError`](crate::api::message::SendError) with the id and the error (refusals before sending: an unreadable, empty or too large file). `.with_callback(callback)` reads the file, returns, and runs both steps off the calling thread; `.await` reads the file when the future is made.")]
            ///
            /// ```
            /// # let server = rtm_server_sdk::mock::MockServer::start()?;
            /// # let client = rtm_server_sdk::RtmServerClient::new(server.client_config())?;
            /// use rtm_server_sdk::file::FileContent;
            #[doc = stringify!($($example)*)]
            /// # Ok::<(), Box<dyn std::error::Error>>(())
            /// ```
            pub fn $name<'a>(&'a self, $($arg: $ty,)* file: FileContent<'a>) -> $Req<'a> {
                $Req {
                    client: self,
                    $($arg,)*
                    file,
                    timeout: None,
                    custom_attrs: None,
                    audio: None,
                    file_name: None,
                }
            }
        }

        #[doc = concat!("The request [`RtmServerClient::", stringify!($name), "`](crate::RtmServerClient::", stringify!($name), ") makes: set `timeout` and the nested attrs' options ([`custom_attrs`](Self::custom_attrs), [`audio`](Self::audio), [`file_name`](Self::file_name)), then end it with [`call`](Self::call), [`with_callback`](Self::with_callback) or `.await`.")]
        #[must_use = "a request sends nothing until it ends: `.call()`, `.with_callback(..)` or `.await`"]
        #[derive(Clone, Debug)]
        pub struct $Req<'a> {
            client: &'a RtmServerClient,
            $($arg: $ty,)*
            file: FileContent<'a>,
            timeout: Option<Duration>,
            custom_attrs: Option<&'a str>,
            audio: Option<AudioInfo>,
            file_name: Option<&'a str>,
        }

        impl<'a> $Req<'a> {
            /// Sets the deadline of both steps, from now (without it: the client's default).
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Sends the nested attrs form with the sender's own attributes under `custom`:
            /// as a JSON object when `attrs` is the text of one (sent as written), else as a
            /// JSON string. Receivers read them back as
            /// [`FileInfo::custom_attrs`](crate::file::FileInfo::custom_attrs).
            pub fn custom_attrs(mut self, attrs: &'a str) -> Self {
                self.custom_attrs = Some(attrs);
                self
            }

            /// Sends the file as a voice message, in the nested attrs form:
            /// `"type": "audiomsg"` and the description's `lang`, `duration`, `codec` and
            /// `srate` in its `rtm` object. Send voice messages with
            /// [`MTYPE_AUDIO`](crate::file::MTYPE_AUDIO) (41): the mtype is the one given
            /// to the call, never changed.
            pub fn audio(mut self, audio: AudioInfo) -> Self {
                self.audio = Some(audio);
                self
            }

            /// Sends the nested attrs form with the file's name as `rtm.filename` (the go
            /// SDK's key). The extension still comes from the name of the
            /// [`FileContent`](crate::file::FileContent).
            pub fn file_name(mut self, name: &'a str) -> Self {
                self.file_name = Some(name);
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
                let Self { $($arg,)* file, timeout, custom_attrs, file_name, .. } = *self;
                let nested = (custom_attrs.is_some() || self.audio.is_some() || file_name.is_some())
                    .then(|| NestedAttrs {
                        custom: custom_attrs.map(str::to_owned),
                        audio: self.audio.clone(),
                        file_name: file_name.map(str::to_owned),
                    });
                self.client.start_file_send($target, $from, $mtype, file, timeout, nested)
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
    SendFileRequest fn send_file(from_uid: i64, to_uid: i64, mtype: i64) => Recipient::User(to_uid), from_uid, mtype;
    example {
        let sent = client.send_file(2002, 2003, 50, FileContent::bytes("hello.txt", b"hello")).call()?;
        assert!(sent.mtime > 0);
    }

    /// Sends a file from one user to several. Gateway method `sendfiles`.
    SendFilesRequest fn send_files(from_uid: i64, to_uids: &'a [i64], mtype: i64) => Recipient::Users(to_uids), from_uid, mtype;
    example {
        client.send_files(2002, &[2003, 3003], 51, FileContent::bytes("a.bin", &[1, 2, 3])).call()?;
    }

    /// Sends a file to a room. Gateway method `sendroomfile`.
    SendRoomFileRequest fn send_room_file(from_uid: i64, rid: i64, mtype: i64) => Recipient::Room(rid), from_uid, mtype;
    example {
        client.send_room_file(2002, 1001, 52, FileContent::bytes("a.bin", &[1, 2, 3])).call()?;
    }

    /// Sends a file to a group. Gateway method `sendgroupfile`.
    SendGroupFileRequest fn send_group_file(from_uid: i64, gid: i64, mtype: i64) => Recipient::Group(gid), from_uid, mtype;
    example {
        client.send_group_file(2002, 5005, 53, FileContent::bytes("a.bin", &[1, 2, 3])).call()?;
    }

    /// Sends a file to every user. Gateway method `broadcastfile`.
    BroadcastFileRequest fn broadcast_file(from_uid: i64, mtype: i64) => Recipient::Broadcast, from_uid, mtype;
    example {
        client.broadcast_file(2002, 54, FileContent::bytes("a.bin", &[1, 2, 3])).call()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::file::file_attrs;

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

    fn nested(custom: Option<&str>, audio: Option<AudioInfo>, file_name: Option<&str>) -> String {
        let nested = NestedAttrs {
            custom: custom.map(str::to_owned),
            audio,
            file_name: file_name.map(str::to_owned),
        };
        attrs_for("s", "/tmp/a.b/voice.amr", Some(&nested))
    }

    #[test]
    fn without_a_nested_option_the_attrs_are_the_flat_ones() {
        assert_eq!(
            attrs_for("s", "/tmp/a.b/sample-file.bin", None),
            file_attrs("s", "/tmp/a.b/sample-file.bin")
        );
    }

    #[test]
    fn nested_attrs_put_sign_ext_and_each_option_under_rtm_and_custom_beside_it() {
        assert_eq!(
            nested(Some(r#" {"k": 1, "a": [2]} "#), None, None),
            r#"{"rtm":{"sign":"s","ext":"amr"},"custom":{"k": 1, "a": [2]}}"#
        );
        // Custom attributes that are not a JSON object are sent as a JSON string.
        assert_eq!(
            nested(Some("plain \"text\"\n"), None, None),
            r#"{"rtm":{"sign":"s","ext":"amr"},"custom":"plain \"text\"\n"}"#
        );
        assert_eq!(
            nested(Some("[1]"), None, None),
            r#"{"rtm":{"sign":"s","ext":"amr"},"custom":"[1]"}"#
        );
        assert_eq!(
            nested(Some("{"), None, None),
            r#"{"rtm":{"sign":"s","ext":"amr"},"custom":"{"}"#
        );
        assert_eq!(
            nested(None, Some(AudioInfo::new("en", 900)), None),
            r#"{"rtm":{"sign":"s","ext":"amr","type":"audiomsg","lang":"en","duration":900},"custom":""}"#
        );
        assert_eq!(
            nested(
                Some(""),
                Some(AudioInfo::new("zh-CN", 61_000).codec("amr-wb").srate(16000)),
                Some("my \"voice\".amr")
            ),
            concat!(
                r#"{"rtm":{"sign":"s","ext":"amr","filename":"my \"voice\".amr","#,
                r#""type":"audiomsg","lang":"zh-CN","duration":61000,"codec":"amr-wb","srate":16000},"#,
                r#""custom":""}"#
            )
        );
        let nested = NestedAttrs {
            file_name: Some("x".into()),
            ..NestedAttrs::default()
        };
        assert_eq!(
            attrs_for("s", "noext", Some(&nested)),
            r#"{"rtm":{"sign":"s","filename":"x"},"custom":""}"#
        );
    }

    #[test]
    fn nested_attrs_are_json_that_reads_back_as_the_file_info() {
        let attrs = nested(
            Some(r#"{"k":1}"#),
            Some(AudioInfo::new("en", 900).codec("opus").srate(48000)),
            Some("hello"),
        );
        serde_json::from_str::<serde_json::Value>(&attrs).expect("JSON");
        let info = FileInfo::parse(r#"{"url":"https://f/x.amr","size":10}"#, &attrs).unwrap();
        assert!(info.is_rtm_audio);
        assert_eq!((info.language.as_str(), info.duration), ("en", 900));
        assert_eq!(
            (info.codec.as_deref(), info.srate),
            (Some("opus"), Some(48000))
        );
        assert_eq!(
            (info.ext.as_deref(), info.file_name.as_deref()),
            (Some("amr"), Some("hello"))
        );
        assert_eq!(info.custom_attrs.as_deref(), Some(r#"{"k":1}"#));
    }
}
