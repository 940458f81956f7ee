//! The mock's state and handlers for every call but the room calls: tokens and who is
//! online, the project block list, user info, devices, messages with history, friends,
//! groups (bans in one group or in every group), per-user data, the file gateway, and the
//! listen state of each connection; the calls of interface 2.7 are in [`v27`].
//! `translate`, `profanity` and `transcribe` get deterministic stand-ins:
//!
//! - `translate` answers `targetText = "[<dst>] <text>"`, `source` = `src` or `"en"`;
//! - `profanity` masks the words `badword`, `darn` and `heck` with `*`, and with `classify`
//!   names the class `"abuse"` when it masked something;
//! - `transcribe` answers `"transcribed <n> bytes"` in `"en"`.
//!
//! A file of mtype 40-50 is pushed as py2.0's `pushfile*` (the URL as `msg`, `attrs` as
//! sent) and kept in history as the service keeps it (RTM-API-2.7 §3.6, the reference's
//! rows of vectors CH14-CH14d): `msg` the JSON object `{"url", "size"}` (and `"surl"`, the
//! URL with `&thumbnail`, for an image, 40), `attrs` `{"rtm": {<attrs but the sign>},
//! "custom": <the nested form's custom, or "">}`.
//!
//! A user is online from [`Api::set_online`] (`MockServer::user_login`, its client logging
//! in) until it is set offline (`MockServer::user_logout`) or kicked out (`kickout` without
//! `ce`); a token (`gettoken`) does not log anyone in. Message times are the mock's clock in
//! milliseconds.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rmpv::Value;

use super::json::Json;
use super::rooms::{Refusal, empty_list, fitting_info, missing, wrong_type as wrong};
use crate::error::codes;

mod v27;

/// The methods served here.
pub(crate) const METHODS: &[&str] = &[
    "filetoken",
    "gettoken",
    "removetoken",
    "kickout",
    "getonlineusers",
    "addprojectblack",
    "removeprojectblack",
    "isprojectblack",
    "setuserinfo",
    "getuserinfo",
    "getuseropeninfo",
    "adddevice",
    "removedevice",
    "sendmsg",
    "sendmsgs",
    "sendgroupmsg",
    "sendroommsg",
    "broadcastmsg",
    "getgroupmsg",
    "getroommsg",
    "getbroadcastmsg",
    "getp2pmsg",
    "delmsg",
    "getmsg",
    "translate",
    "profanity",
    "transcribe",
    "addfriends",
    "delfriends",
    "getfriends",
    "isfriend",
    "isfriends",
    "addgroupmembers",
    "delgroupmembers",
    "delgroup",
    "getgroupmembers",
    "isgroupmember",
    "getusergroups",
    "addgroupban",
    "removegroupban",
    "isbanofgroup",
    "setgroupinfo",
    "getgroupinfo",
    "dataset",
    "dataget",
    "datadel",
    "addlisten",
    "removelisten",
    "setlisten",
];

/// True for a method this module serves.
pub(crate) fn serves(method: &str) -> bool {
    METHODS.contains(&method) || v27::METHODS.contains(&method)
}

/// The file gateway's methods: quests authenticated by a `filetoken` token, not signed.
pub(crate) const GATEWAY_METHODS: [&str; 5] = [
    "sendfile",
    "sendfiles",
    "sendroomfile",
    "sendgroupfile",
    "broadcastfile",
];

/// How long a file token can be used.
const FILE_TOKEN_LIFETIME: Duration = Duration::from_secs(60);

/// What a file token allows: one file, of that sender, for that gateway command.
struct FileGrant {
    from: i64,
    cmd: String,
    expires: Instant,
}

/// The conversation a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conversation {
    /// The two users, the smaller first.
    P2P(i64, i64),
    Group(i64),
    Room(i64),
    Broadcast,
}

struct Stored {
    id: i64,
    /// Deleted messages stay findable by `getmsg` (and deletable again) but leave history.
    deleted: bool,
    conversation: Conversation,
    from: i64,
    mtype: i64,
    mid: i64,
    msg: Value,
    attrs: String,
    mtime: i64,
}

#[derive(Default)]
struct Group {
    members: BTreeSet<i64>,
    bans: HashMap<i64, Option<Instant>>,
    oinfo: String,
    pinfo: String,
}

/// What one connection listens to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Listen {
    pub gids: BTreeSet<i64>,
    pub rids: BTreeSet<i64>,
    pub uids: BTreeSet<i64>,
    pub events: BTreeSet<String>,
    pub all_p2p: bool,
    pub all_groups: bool,
    pub all_rooms: bool,
    pub all_events: bool,
}

/// The mock's state for every call but the room calls.
#[derive(Default)]
pub(crate) struct Api {
    /// The users whose client is logged in.
    online: BTreeSet<i64>,
    token_counter: u64,
    project_black: HashMap<i64, Option<Instant>>,
    users: HashMap<i64, (String, String)>,
    devices: HashMap<i64, BTreeSet<(String, String)>>,
    messages: Vec<Stored>,
    next_message_id: i64,
    friends: HashMap<i64, BTreeSet<i64>>,
    groups: HashMap<i64, Group>,
    /// Bans "in every group" (`addgroupban` without `gid`): uid → end of the ban.
    all_group_bans: HashMap<i64, Option<Instant>>,
    /// The state of the calls of interface 2.7.
    v27: v27::State,
    data: HashMap<(i64, String), String>,
    listen: HashMap<usize, Listen>,
    /// Pushes to send: connection, method, encoded payload.
    pushes: Vec<(usize, &'static str, Vec<u8>)>,
    pid: i64,
    /// Where the file gateway listens (the mock itself).
    endpoint: String,
    file_grants: HashMap<String, FileGrant>,
}

/// The parameters of a quest, read by key.
struct Params(Vec<(Value, Value)>);

impl Params {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_nil())
    }

    fn int(&self, key: &str) -> Result<i64, Refusal> {
        self.opt_int(key)?.ok_or_else(|| missing(key))
    }

    fn opt_int(&self, key: &str) -> Result<Option<i64>, Refusal> {
        self.get(key)
            .map(|v| v.as_i64().ok_or_else(|| wrong(key, "an integer")))
            .transpose()
    }

    fn string(&self, key: &str) -> Result<String, Refusal> {
        self.opt_string(key)?.ok_or_else(|| missing(key))
    }

    fn opt_string(&self, key: &str) -> Result<Option<String>, Refusal> {
        self.get(key)
            .map(|v| match v {
                Value::String(s) => Ok(String::from_utf8_lossy(s.as_bytes()).into_owned()),
                Value::Binary(b) => Ok(String::from_utf8_lossy(b).into_owned()),
                _ => Err(wrong(key, "a string")),
            })
            .transpose()
    }

    fn bool(&self, key: &str) -> Result<bool, Refusal> {
        self.opt_bool(key)?.ok_or_else(|| missing(key))
    }

    fn opt_bool(&self, key: &str) -> Result<Option<bool>, Refusal> {
        self.get(key)
            .map(|v| v.as_bool().ok_or_else(|| wrong(key, "a bool")))
            .transpose()
    }

    /// A required list of ids (`tos`, `uids`, `friends`, `fuids`: required keys of their
    /// calls, RTM-API §2.2, §2.8, §4.1, §7, §8), refused when empty ([`empty_list`]).
    fn ints(&self, key: &str) -> Result<Vec<i64>, Refusal> {
        match self.opt_ints(key)? {
            None => Err(missing(key)),
            Some(ids) if ids.is_empty() => Err(empty_list(key)),
            Some(ids) => Ok(ids),
        }
    }

    fn opt_ints(&self, key: &str) -> Result<Option<Vec<i64>>, Refusal> {
        self.get(key)
            .map(|v| {
                v.as_array()
                    .and_then(|a| a.iter().map(Value::as_i64).collect::<Option<Vec<_>>>())
                    .ok_or_else(|| wrong(key, "an array of integers"))
            })
            .transpose()
    }

    /// An optional `oinfo` or `pinfo`, refused when too long ([`fitting_info`]).
    fn opt_info(&self, key: &str) -> Result<Option<String>, Refusal> {
        fitting_info(key, self.opt_string(key)?)
    }

    fn opt_strings(&self, key: &str) -> Result<Option<Vec<String>>, Refusal> {
        self.get(key)
            .map(|v| {
                v.as_array()
                    .and_then(|a| {
                        a.iter()
                            .map(|s| s.as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| wrong(key, "an array of strings"))
            })
            .transpose()
    }

    /// A str or bin value as it came.
    fn body(&self, key: &str) -> Result<Value, Refusal> {
        match self.get(key) {
            Some(v @ (Value::String(_) | Value::Binary(_))) => Ok(v.clone()),
            Some(_) => Err(wrong(key, "a string or bytes")),
            None => Err(missing(key)),
        }
    }
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

fn empty() -> Value {
    Value::Map(Vec::new())
}

fn ints(values: impl IntoIterator<Item = i64>) -> Value {
    Value::Array(values.into_iter().map(Value::from).collect())
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Whether a ban is in force at `now` (an expired one is removed).
fn banned(bans: &mut HashMap<i64, Option<Instant>>, uid: i64, now: Instant) -> bool {
    match bans.get(&uid) {
        Some(Some(until)) if *until <= now => {
            bans.remove(&uid);
            false
        }
        Some(_) => true,
        None => false,
    }
}

/// The end of a ban of `btime` seconds from `now`: `None` (no end) for `btime <= 0` and for
/// a ban that ends past the clock's range.
pub(super) fn ban_until(btime: i64, now: Instant) -> Option<Instant> {
    let secs = u64::try_from(btime).ok().filter(|&s| s > 0)?;
    now.checked_add(Duration::from_secs(secs))
}

/// Whether a plain send (`sendmsg`, `sendmsgs`, `sendgroupmsg`, `sendroommsg`,
/// `broadcastmsg`) may carry `mtype`. Types 0-50 are reserved for the service's own, and a
/// send of one is refused with 200005 (INVALID_MTYPE): RTM-API-2.7 §3.15 and §3.4 (Java's
/// `sendMessage` refuses `mtype <= 50` so), Message.md ("please use >50 mtype values"). The
/// chat calls' 30 (text), 31 (audio) and 32 (cmd) go through the same methods (RTM-API
/// §5.1) and pass, and so do the file types 40-50 (RTM-API-2.7 §3.15): the reference
/// server stores a voice message (41) sent with `sendgroupmsg` (vector S12 of
/// `rtm-api-2.7-quests.json`), which history then gives as a file row (§3.6).
fn user_mtype(mtype: i64) -> bool {
    mtype > 50 || (30..=32).contains(&mtype) || FILE_MTYPES.contains(&mtype)
}

/// The words the `profanity` and `tcheck` stand-ins find.
const SENSITIVE_WORDS: [&str; 3] = ["badword", "darn", "heck"];

/// `text` with each of [`SENSITIVE_WORDS`] (a whole word between spaces) masked with `*`,
/// and the words found, each once, in the order they come.
fn mask_words(text: &str) -> (String, Vec<String>) {
    let mut found: Vec<String> = Vec::new();
    let masked: Vec<String> = text
        .split(' ')
        .map(|word| {
            if SENSITIVE_WORDS.contains(&word) {
                if !found.iter().any(|f| f == word) {
                    found.push(word.to_string());
                }
                "*".repeat(word.len())
            } else {
                word.to_string()
            }
        })
        .collect();
    (masked.join(" "), found)
}

/// The mtypes of files (RTM-API-2.7 §3.15): 40 image, 41 audio, 42 video, 50 other.
const FILE_MTYPES: std::ops::RangeInclusive<i64> = 40..=50;

/// The `msg` history keeps for a file of mtypes 40-50, as the service writes it: a JSON
/// object with the file's `url` and `size`, and for an image (40) a thumbnail's `surl`.
fn file_msg(url: &str, size: usize, mtype: i64) -> String {
    let mut entries = vec![
        ("url".to_string(), Json::String(url.to_string())),
        ("size".to_string(), Json::Number(size.to_string())),
    ];
    if mtype == 40 {
        entries.push(("surl".into(), Json::String(format!("{url}&thumbnail"))));
    }
    Json::Object(entries).to_text()
}

/// The `attrs` history keeps for a file of mtypes 40-50, as the reference server does:
/// `{"rtm": {<the file's attributes but the sign>}, "custom": <the user's, or "">}`.
fn stored_file_attrs(sent: &Json, rtm: Json, nested: bool) -> String {
    let rtm = match rtm {
        Json::Object(entries) => {
            Json::Object(entries.into_iter().filter(|(k, _)| k != "sign").collect())
        }
        other => other,
    };
    let custom = nested
        .then(|| sent.get("custom").cloned())
        .flatten()
        .unwrap_or_else(|| Json::String(String::new()));
    Json::Object(vec![("rtm".into(), rtm), ("custom".into(), custom)]).to_text()
}

fn conversation(kind: i64, from: i64, xid: i64) -> Result<Conversation, Refusal> {
    Ok(match kind {
        1 => Conversation::P2P(from.min(xid), from.max(xid)),
        2 => Conversation::Group(xid),
        3 => Conversation::Room(xid),
        4 => Conversation::Broadcast,
        _ => return Err(wrong("type", "1, 2, 3 or 4")),
    })
}

impl Api {
    /// The state of a mock of project `pid`.
    pub fn new(pid: i64) -> Self {
        Api {
            pid,
            ..Api::default()
        }
    }

    /// Serves one quest whose signature was checked; `conn` is the connection's token.
    pub fn handle(
        &mut self,
        method: &str,
        payload: &[u8],
        conn: usize,
        now: Instant,
    ) -> Result<Vec<u8>, Refusal> {
        let params = match rmpv::decode::read_value(&mut &payload[..]) {
            Ok(Value::Map(entries)) => Params(entries),
            _ => {
                return Err((codes::PROTO_MAP_VALUE, "the payload is not a map".into()));
            }
        };
        let answer = self.answer(method, &params, conn, now)?;
        let mut out = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = rmpv::encode::write_value(&mut out, &answer);
        Ok(out)
    }

    /// Sets the endpoint `filetoken` names (the mock's own).
    pub fn set_endpoint(&mut self, endpoint: String) {
        self.endpoint = endpoint;
    }

    /// Checks a gateway quest: its pid, its token (issued for this sender and command,
    /// unused, unexpired; used up now) and the sign of its content in `attrs`, a JSON
    /// object in either form: flat `{"sign": .., "ext": ..}` (RTM-API §13) or nested
    /// `{"rtm": {"sign": .., "ext": .., ...}, "custom": ...}` (RTM-API-2.7 §3.10). Gives the
    /// file's size, the attrs as sent and the attrs as history keeps them.
    fn accept_file(
        &mut self,
        method: &str,
        p: &Params,
        from: i64,
        now: Instant,
    ) -> Result<(usize, String, String), Refusal> {
        let refused = |why: &str| {
            (
                codes::RTM_INVALID_PID_OR_SIGN,
                format!("file refused: {why}"),
            )
        };
        if p.int("pid")? != self.pid {
            return Err(refused("wrong pid"));
        }
        let token = p.string("token")?;
        let grant = self
            .file_grants
            .remove(&token)
            .ok_or_else(|| refused("unknown or used token"))?;
        if grant.from != from || grant.cmd != method || grant.expires <= now {
            return Err(refused(
                "the token is for another sender, command, or expired",
            ));
        }
        let file = match p.get("file") {
            Some(Value::Binary(bytes)) => bytes.clone(),
            Some(_) => return Err(wrong("file", "bytes")),
            None => return Err(missing("file")),
        };
        let attrs = p.string("attrs")?;
        let expected = crate::wire::file::content_sign(&file, &token);
        let parsed = Json::parse(&attrs).filter(|a| matches!(a, Json::Object(_)));
        let Some(parsed) = parsed else {
            return Err(refused("attrs are not a JSON object"));
        };
        let nested = matches!(parsed.get("rtm"), Some(Json::Object(_)));
        let rtm = if nested {
            parsed.get("rtm").cloned().unwrap_or(Json::Null)
        } else {
            parsed.clone()
        };
        if rtm.get("sign").and_then(Json::as_str) != Some(expected.as_str()) {
            return Err(refused("the content's sign does not match"));
        }
        Ok((file.len(), attrs, stored_file_attrs(&parsed, rtm, nested)))
    }

    /// Whether `uid` is banned in group `gid`: there, or in every group.
    fn banned_in_group(&mut self, gid: i64, uid: i64, now: Instant) -> bool {
        let here = self
            .groups
            .get_mut(&gid)
            .is_some_and(|g| banned(&mut g.bans, uid, now));
        here || banned(&mut self.all_group_bans, uid, now)
    }

    /// The pushes the last quest caused.
    pub fn take_pushes(&mut self) -> Vec<(usize, &'static str, Vec<u8>)> {
        std::mem::take(&mut self.pushes)
    }

    /// Queues `method` with `payload` for every connection `hears` picks.
    fn push(&mut self, method: &'static str, payload: Value, hears: impl Fn(&Listen) -> bool) {
        let mut encoded = Vec::new();
        let _ = rmpv::encode::write_value(&mut encoded, &payload);
        let mut conns: Vec<usize> = self
            .listen
            .iter()
            .filter(|(_, l)| hears(l))
            .map(|(c, _)| *c)
            .collect();
        conns.sort_unstable();
        for conn in conns {
            self.pushes.push((conn, method, encoded.clone()));
        }
    }

    /// Logs the client of `uid` in (`online`) or out: the user counts as online, or no
    /// longer, and when that changes a `login` or `logout` event goes to the connections that
    /// listen to it.
    pub fn set_online(&mut self, uid: i64, online: bool) {
        let changed = if online {
            self.online.insert(uid)
        } else {
            self.online.remove(&uid)
        };
        if changed {
            self.push_event(uid, if online { "login" } else { "logout" });
        }
    }

    /// Pushes a `login` or `logout` event of `uid` to the connections that listen to it.
    fn push_event(&mut self, uid: i64, event: &'static str) {
        let payload = map(vec![
            ("pid", self.pid.into()),
            ("uid", uid.into()),
            ("event", event.into()),
            ("endpoint", "".into()),
            ("time", (now_ms() / 1000).into()),
        ]);
        self.push("pushevent", payload, |l| {
            l.all_events || l.events.contains(event)
        });
    }

    /// Forgets a connection's listen state.
    pub fn connection_closed(&mut self, conn: usize) {
        self.listen.remove(&conn);
    }

    fn answer(
        &mut self,
        method: &str,
        p: &Params,
        conn: usize,
        now: Instant,
    ) -> Result<Value, Refusal> {
        match method {
            "gettoken" => {
                // The service sends `login` when the user's client logs in with the token,
                // not when the token is issued: see `set_online`.
                let uid = p.int("uid")?;
                self.token_counter += 1;
                let token = format!("{:032X}", (uid as u64) << 32 ^ self.token_counter);
                Ok(map(vec![("token", token.into())]))
            }
            "removetoken" => {
                // A client already logged in stays logged in.
                p.int("uid")?;
                Ok(empty())
            }
            "kickout" => {
                let uid = p.int("uid")?;
                if p.opt_string("ce")?.is_none() {
                    self.set_online(uid, false);
                }
                Ok(empty())
            }
            "getonlineusers" => {
                let uids = p.ints("uids")?;
                let online = uids.into_iter().filter(|u| self.online.contains(u));
                Ok(map(vec![("uids", ints(online))]))
            }
            "addprojectblack" => {
                let (uid, btime) = (p.int("uid")?, p.int("btime")?);
                self.project_black.insert(uid, ban_until(btime, now));
                Ok(empty())
            }
            "removeprojectblack" => {
                self.project_black.remove(&p.int("uid")?);
                Ok(empty())
            }
            "isprojectblack" => {
                let ok = banned(&mut self.project_black, p.int("uid")?, now);
                Ok(map(vec![("ok", ok.into())]))
            }
            "setuserinfo" => {
                let uid = p.int("uid")?;
                let (oinfo, pinfo) = (p.opt_info("oinfo")?, p.opt_info("pinfo")?);
                let user = self.users.entry(uid).or_default();
                if let Some(oinfo) = oinfo {
                    user.0 = oinfo;
                }
                if let Some(pinfo) = pinfo {
                    user.1 = pinfo;
                }
                Ok(empty())
            }
            "getuserinfo" => {
                let user = self.users.get(&p.int("uid")?).cloned().unwrap_or_default();
                Ok(map(vec![
                    ("oinfo", user.0.into()),
                    ("pinfo", user.1.into()),
                ]))
            }
            "getuseropeninfo" => {
                let info = p
                    .ints("uids")?
                    .into_iter()
                    .map(|uid| {
                        let oinfo = self.users.get(&uid).map_or("", |u| u.0.as_str());
                        (Value::from(uid.to_string()), Value::from(oinfo))
                    })
                    .collect();
                Ok(map(vec![("info", Value::Map(info))]))
            }
            "adddevice" => {
                let uid = p.int("uid")?;
                let device = (p.string("apptype")?, p.string("devicetoken")?);
                self.devices.entry(uid).or_default().insert(device);
                Ok(empty())
            }
            "removedevice" => {
                let (uid, token) = (p.int("uid")?, p.string("devicetoken")?);
                if let Some(devices) = self.devices.get_mut(&uid) {
                    devices.retain(|(_, t)| *t != token);
                }
                Ok(empty())
            }
            "sendmsg" | "sendmsgs" | "sendgroupmsg" | "sendroommsg" | "broadcastmsg" => {
                self.send(method, p, now)
            }
            "filetoken" => {
                let (from, cmd) = (p.int("from")?, p.string("cmd")?);
                if !GATEWAY_METHODS.contains(&cmd.as_str()) {
                    return Err((codes::RTM_INVALID_PARAMETER, format!("unknown cmd {cmd}")));
                }
                self.token_counter += 1;
                let token = format!("{:032x}", (from as u64) << 40 ^ self.token_counter ^ 0x5eed);
                self.file_grants.insert(
                    token.clone(),
                    FileGrant {
                        from,
                        cmd,
                        expires: now + FILE_TOKEN_LIFETIME,
                    },
                );
                Ok(map(vec![
                    ("token", token.into()),
                    ("endpoint", self.endpoint.as_str().into()),
                ]))
            }
            "getgroupmsg" | "getroommsg" | "getbroadcastmsg" | "getp2pmsg" => {
                self.history(method, p)
            }
            "delmsg" => {
                let found = self.find(p)?;
                self.messages[found].deleted = true;
                Ok(empty())
            }
            "getmsg" => {
                let m = &self.messages[self.find(p)?];
                Ok(map(vec![
                    ("id", m.id.into()),
                    ("mtype", m.mtype.into()),
                    ("msg", m.msg.clone()),
                    ("attrs", m.attrs.as_str().into()),
                    ("mtime", m.mtime.into()),
                ]))
            }
            "translate" => {
                let (text, dst) = (p.string("text")?, p.string("dst")?);
                let source = p.opt_string("src")?.unwrap_or_else(|| "en".into());
                Ok(map(vec![
                    ("source", source.into()),
                    ("target", dst.as_str().into()),
                    ("sourceText", text.as_str().into()),
                    ("targetText", format!("[{dst}] {text}").into()),
                ]))
            }
            "profanity" => {
                let text = p.string("text")?;
                let classify = p.opt_bool("classify")?.unwrap_or(false);
                let (masked, found) = mask_words(&text);
                let classes = if classify && !found.is_empty() {
                    vec![Value::from("abuse")]
                } else {
                    Vec::new()
                };
                Ok(map(vec![
                    ("text", masked.into()),
                    ("classification", Value::Array(classes)),
                ]))
            }
            "transcribe" => {
                let audio = p.body("audio")?;
                let len = match &audio {
                    Value::String(s) => s.as_bytes().len(),
                    Value::Binary(b) => b.len(),
                    _ => 0,
                };
                Ok(map(vec![
                    ("text", format!("transcribed {len} bytes").into()),
                    ("lang", "en".into()),
                ]))
            }
            "addfriends" | "delfriends" => {
                let (uid, friends) = (p.int("uid")?, p.ints("friends")?);
                let set = self.friends.entry(uid).or_default();
                for friend in friends {
                    if method == "addfriends" {
                        set.insert(friend);
                    } else {
                        set.remove(&friend);
                    }
                }
                Ok(empty())
            }
            "getfriends" => {
                let friends = self
                    .friends
                    .get(&p.int("uid")?)
                    .cloned()
                    .unwrap_or_default();
                Ok(map(vec![("uids", ints(friends))]))
            }
            "isfriend" => {
                let (uid, fuid) = (p.int("uid")?, p.int("fuid")?);
                let ok = self.friends.get(&uid).is_some_and(|f| f.contains(&fuid));
                Ok(map(vec![("ok", ok.into())]))
            }
            "isfriends" => {
                let (uid, fuids) = (p.int("uid")?, p.ints("fuids")?);
                let friends = self.friends.get(&uid);
                let yes = fuids
                    .into_iter()
                    .filter(|f| friends.is_some_and(|set| set.contains(f)));
                Ok(map(vec![("fuids", ints(yes))]))
            }
            "addgroupmembers" | "delgroupmembers" => {
                let (gid, uids) = (p.int("gid")?, p.ints("uids")?);
                let group = self.groups.entry(gid).or_default();
                for uid in uids {
                    if method == "addgroupmembers" {
                        group.members.insert(uid);
                    } else {
                        group.members.remove(&uid);
                    }
                }
                Ok(empty())
            }
            "delgroup" => {
                self.groups.remove(&p.int("gid")?);
                Ok(empty())
            }
            "getgroupmembers" => {
                let gid = p.int("gid")?;
                let members = self.groups.get(&gid).map(|g| g.members.clone());
                Ok(map(vec![("uids", ints(members.unwrap_or_default()))]))
            }
            "isgroupmember" => {
                let (gid, uid) = (p.int("gid")?, p.int("uid")?);
                let ok = self
                    .groups
                    .get(&gid)
                    .is_some_and(|g| g.members.contains(&uid));
                Ok(map(vec![("ok", ok.into())]))
            }
            "getusergroups" => {
                let uid = p.int("uid")?;
                let mut gids: Vec<i64> = self
                    .groups
                    .iter()
                    .filter(|(_, g)| g.members.contains(&uid))
                    .map(|(gid, _)| *gid)
                    .collect();
                gids.sort_unstable();
                Ok(map(vec![("gids", ints(gids))]))
            }
            "addgroupban" => {
                // Without `gid`: in every group (RTM-API-2.7 §3.11).
                let (gid, uid, btime) = (p.opt_int("gid")?, p.int("uid")?, p.int("btime")?);
                let until = ban_until(btime, now);
                match gid {
                    Some(gid) => {
                        self.groups.entry(gid).or_default().bans.insert(uid, until);
                    }
                    None => {
                        self.all_group_bans.insert(uid, until);
                    }
                }
                Ok(empty())
            }
            "removegroupban" => {
                // Without `gid`: the ban in every group and each group's ban of the user go.
                let (gid, uid) = (p.opt_int("gid")?, p.int("uid")?);
                match gid {
                    Some(gid) => {
                        if let Some(group) = self.groups.get_mut(&gid) {
                            group.bans.remove(&uid);
                        }
                    }
                    None => {
                        self.all_group_bans.remove(&uid);
                        for group in self.groups.values_mut() {
                            group.bans.remove(&uid);
                        }
                    }
                }
                Ok(empty())
            }
            "isbanofgroup" => {
                let (gid, uid) = (p.int("gid")?, p.int("uid")?);
                let ok = self.banned_in_group(gid, uid, now);
                Ok(map(vec![("ok", ok.into())]))
            }
            "setgroupinfo" => {
                let gid = p.int("gid")?;
                let (oinfo, pinfo) = (p.opt_info("oinfo")?, p.opt_info("pinfo")?);
                let group = self.groups.entry(gid).or_default();
                if let Some(oinfo) = oinfo {
                    group.oinfo = oinfo;
                }
                if let Some(pinfo) = pinfo {
                    group.pinfo = pinfo;
                }
                Ok(empty())
            }
            "getgroupinfo" => {
                let gid = p.int("gid")?;
                let (o, i) = self
                    .groups
                    .get(&gid)
                    .map_or((String::new(), String::new()), |g| {
                        (g.oinfo.clone(), g.pinfo.clone())
                    });
                Ok(map(vec![("oinfo", o.into()), ("pinfo", i.into())]))
            }
            "dataset" => {
                let key = (p.int("uid")?, p.string("key")?);
                self.data.insert(key, p.string("val")?);
                Ok(empty())
            }
            "dataget" => {
                let key = (p.int("uid")?, p.string("key")?);
                Ok(match self.data.get(&key) {
                    Some(val) => map(vec![("val", val.as_str().into())]),
                    None => empty(),
                })
            }
            "datadel" => {
                let key = (p.int("uid")?, p.string("key")?);
                self.data.remove(&key);
                Ok(empty())
            }
            "addlisten" | "removelisten" | "setlisten" => self.listen(method, p, conn),
            m if GATEWAY_METHODS.contains(&m) => self.send(method, p, now),
            m if v27::METHODS.contains(&m) => self.answer_27(method, p, now),
            _ => Err((
                codes::CORE_UNKNOWN_METHOD,
                format!("Unknow method:{method}"),
            )),
        }
    }

    fn send(&mut self, method: &str, p: &Params, now: Instant) -> Result<Value, Refusal> {
        let (mtype, from, mid) = (p.int("mtype")?, p.int("from")?, p.int("mid")?);
        let file = GATEWAY_METHODS.contains(&method);
        if !file && !user_mtype(mtype) {
            return Err((
                codes::RTM_INVALID_MTYPE,
                format!("mtype {mtype} is reserved: use 30, 31, 32 or above 50"),
            ));
        }
        // What is pushed, and what history keeps (for files of mtypes 40-50, the form of
        // RTM-API-2.7 §3.6: `msg` a JSON object, `attrs` nested without the sign).
        let (msg, attrs, stored) = if file {
            let (size, attrs, stored_attrs) = self.accept_file(method, p, from, now)?;
            let url = format!("https://files.rtm-mock.invalid/{mid}?size={size}");
            let stored = FILE_MTYPES
                .contains(&mtype)
                .then(|| (Value::from(file_msg(&url, size, mtype)), stored_attrs));
            (Value::from(url), attrs, stored)
        } else {
            (p.body("msg")?, p.string("attrs")?, None)
        };
        let (stored_msg, stored_attrs) = stored.unwrap_or_else(|| (msg.clone(), attrs.clone()));
        if banned(&mut self.project_black, from, now) {
            return Err((
                codes::RTM_BLOCKED_USER,
                format!("user {from} is blocked project-wide"),
            ));
        }
        let conversations = match method {
            "sendmsg" | "sendfile" => {
                let to = p.int("to")?;
                vec![Conversation::P2P(from.min(to), from.max(to))]
            }
            "sendmsgs" | "sendfiles" => p
                .ints("tos")?
                .into_iter()
                .map(|to| Conversation::P2P(from.min(to), from.max(to)))
                .collect(),
            "sendgroupmsg" | "sendgroupfile" => {
                let gid = p.int("gid")?;
                if self.banned_in_group(gid, from, now) {
                    return Err((
                        codes::RTM_BANNED_IN_GROUP,
                        format!("user {from} is banned from group {gid}"),
                    ));
                }
                vec![Conversation::Group(gid)]
            }
            "sendroommsg" | "sendroomfile" => vec![Conversation::Room(p.int("rid")?)],
            _ => vec![Conversation::Broadcast],
        };
        let mtime = now_ms();
        for &conversation in &conversations {
            let (method, target, key): (&'static str, i64, &str) = match (conversation, file) {
                (Conversation::P2P(a, b), false) => {
                    ("pushmsg", if a == from { b } else { a }, "to")
                }
                (Conversation::P2P(a, b), true) => {
                    ("pushfile", if a == from { b } else { a }, "to")
                }
                (Conversation::Group(gid), false) => ("pushgroupmsg", gid, "gid"),
                (Conversation::Group(gid), true) => ("pushgroupfile", gid, "gid"),
                (Conversation::Room(rid), false) => ("pushroommsg", rid, "rid"),
                (Conversation::Room(rid), true) => ("pushroomfile", rid, "rid"),
                (Conversation::Broadcast, false) => ("pushmsg", 0, "to"),
                (Conversation::Broadcast, true) => ("pushfile", 0, "to"),
            };
            let payload = map(vec![
                ("from", from.into()),
                (key, target.into()),
                ("mtype", mtype.into()),
                ("mid", mid.into()),
                ("msg", msg.clone()),
                ("attrs", attrs.as_str().into()),
                ("mtime", mtime.into()),
            ]);
            self.push(method, payload, |l| match conversation {
                Conversation::P2P(..) => {
                    l.all_p2p || l.uids.contains(&from) || l.uids.contains(&target)
                }
                Conversation::Group(gid) => l.all_groups || l.gids.contains(&gid),
                Conversation::Room(rid) => l.all_rooms || l.rids.contains(&rid),
                Conversation::Broadcast => l.all_p2p,
            });
        }
        for conversation in conversations {
            self.next_message_id = self.next_message_id.max(1000) + 1;
            self.messages.push(Stored {
                id: self.next_message_id,
                deleted: false,
                conversation,
                from,
                mtype,
                mid,
                msg: stored_msg.clone(),
                attrs: stored_attrs.clone(),
                mtime,
            });
        }
        Ok(map(vec![("mtime", mtime.into())]))
    }

    /// One page of history, with the semantics of the service: `desc` newest first,
    /// `lastid` a cursor of row ids, `begin`/`end` bounds on the time, `mtypes` a filter.
    fn history(&self, method: &str, p: &Params) -> Result<Value, Refusal> {
        let uid = p.int("uid")?;
        let (desc, num) = (p.bool("desc")?, p.int("num")?.clamp(1, 200) as usize);
        let (begin, end, lastid) = (p.opt_int("begin")?, p.opt_int("end")?, p.opt_int("lastid")?);
        let mtypes = p.opt_ints("mtypes")?;
        let (conversation, p2p) = match method {
            "getgroupmsg" => (Conversation::Group(p.int("gid")?), false),
            "getroommsg" => (Conversation::Room(p.int("rid")?), false),
            "getp2pmsg" => {
                let ouid = p.int("ouid")?;
                (Conversation::P2P(uid.min(ouid), uid.max(ouid)), true)
            }
            _ => (Conversation::Broadcast, false),
        };
        let wanted = |m: &&Stored| {
            m.conversation == conversation
                && !m.deleted
                && mtypes.as_ref().is_none_or(|t| t.contains(&m.mtype))
                && v27::within(m.mtime, begin, end)
                && lastid
                    .filter(|&l| l > 0)
                    .is_none_or(|l| if desc { m.id < l } else { m.id > l })
        };
        let mut rows: Vec<&Stored> = self.messages.iter().filter(wanted).collect();
        if desc {
            rows.reverse();
        }
        rows.truncate(num);
        let mtimes = rows.iter().map(|m| m.mtime);
        let page_begin = begin.or(mtimes.clone().min()).unwrap_or(0);
        let page_end = end.or(mtimes.max()).unwrap_or(0);
        let msgs = rows
            .iter()
            .map(|m| {
                let who = if p2p {
                    if m.from == uid { 1 } else { 2 }
                } else {
                    m.from
                };
                Value::Array(vec![
                    m.id.into(),
                    who.into(),
                    m.mtype.into(),
                    m.mid.into(),
                    false.into(),
                    m.msg.clone(),
                    m.attrs.as_str().into(),
                    m.mtime.into(),
                ])
            })
            .collect();
        Ok(map(vec![
            ("num", (rows.len() as i64).into()),
            ("lastid", rows.last().map_or(0, |m| m.id).into()),
            ("begin", page_begin.into()),
            ("end", page_end.into()),
            ("msgs", Value::Array(msgs)),
        ]))
    }

    /// The message `delmsg`/`getmsg` name: by mid, sender and conversation.
    fn find(&self, p: &Params) -> Result<usize, Refusal> {
        let (mid, from, xid, kind) = (p.int("mid")?, p.int("from")?, p.int("xid")?, p.int("type")?);
        let conversation = conversation(kind, from, xid)?;
        self.messages
            .iter()
            .position(|m| m.mid == mid && m.from == from && m.conversation == conversation)
            .ok_or((
                codes::RTM_MESSAGE_NOT_FOUND,
                format!("no message {mid} from {from}"),
            ))
    }

    fn listen(&mut self, method: &str, p: &Params, conn: usize) -> Result<Value, Refusal> {
        let (gids, rids, uids) = (
            p.opt_ints("gids")?,
            p.opt_ints("rids")?,
            p.opt_ints("uids")?,
        );
        let events = p.opt_strings("events")?;
        let flags = [
            p.opt_bool("p2p")?,
            p.opt_bool("group")?,
            p.opt_bool("room")?,
            p.opt_bool("ev")?,
        ];
        if gids.is_none()
            && rids.is_none()
            && uids.is_none()
            && events.is_none()
            && flags.iter().all(Option::is_none)
        {
            return Err((codes::RTM_EMPTY_PARAMETER, "nothing to listen to".into()));
        }
        let state = self.listen.entry(conn).or_default();
        fn apply<T: Ord>(set: &mut BTreeSet<T>, values: Option<Vec<T>>, method: &str) {
            let Some(values) = values else { return };
            match method {
                "addlisten" => set.extend(values),
                "removelisten" => {
                    for v in values {
                        set.remove(&v);
                    }
                }
                _ => *set = values.into_iter().collect(),
            }
        }
        apply(&mut state.gids, gids, method);
        apply(&mut state.rids, rids, method);
        apply(&mut state.uids, uids, method);
        apply(&mut state.events, events, method);
        let [p2p, group, room, ev] = flags;
        for (slot, flag) in [
            (&mut state.all_p2p, p2p),
            (&mut state.all_groups, group),
            (&mut state.all_rooms, room),
            (&mut state.all_events, ev),
        ] {
            if let Some(flag) = flag {
                *slot = flag;
            }
        }
        Ok(empty())
    }
}
