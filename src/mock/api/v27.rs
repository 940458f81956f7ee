//! The calls of interface 2.7 (RTM-API-2.7 §2) but the room calls (in `rooms`): content
//! checks and speech recognition (stand-ins), blacklists, device push options, message
//! counts and management, project bans, sessions, group counts, RTC rooms and the IM-lib
//! calls, with real state.
//!
//! The stand-ins:
//!
//! - `tcheck` masks the words `profanity` masks (`badword`, `darn`, `heck`, whole words
//!   between spaces): a text with one is `result` 2 with the masked `text`, `tags` `["4"]`
//!   and the words found in `wlist`; else `result` 0 without `text`, as the service answers;
//! - `icheck`, `acheck`, `vcheck` judge the media (the URL, or the content's bytes): one
//!   containing `bad` is `result` 2 with `tags` `["1"]`, anything else `result` 0, `tags`
//!   `[]`;
//! - `speech2text` answers `"recognized speech of <url>"` for a URL, `"recognized speech of
//!   <n> bytes"` for content, in the `lang` asked for.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Instant;

use rmpv::Value;

use super::{
    Api, Conversation, Params, Refusal, ban_until, banned, conversation, empty, ints, map, missing,
    now_ms, wrong,
};
use crate::error::codes;

/// The methods served here.
pub(super) const METHODS: &[&str] = &[
    "tcheck",
    "icheck",
    "acheck",
    "vcheck",
    "speech2text",
    "addblacks",
    "delblacks",
    "getblacks",
    "isblack",
    "isblacks",
    "addoption",
    "removeoption",
    "getoption",
    "getmsgnum",
    "cleanmsg",
    "clearprojectmsg",
    "delconversationmsgs",
    "editmsg",
    "clearusermsg",
    "addprojectban",
    "removeprojectban",
    "isprojectban",
    "addsessions",
    "removesessions",
    "getgroupcount",
    "clearprojectgroup",
    "inviteUserIntoRTCRoom",
    "closeRTCRoom",
    "kickoutFromRTCRoom",
    "getRTCRoomList",
    "getRTCRoomMembers",
    "getRTCRoomMemberCount",
    "setRTCRoomMicStatus",
    "pullIntoRTCRoom",
    "adminCommand",
    "imserver_setuserinfos",
    "imserver_setgroupinfos",
    "imserver_setapplygrant",
    "imserver_setinvitegrant",
    "imserver_creategroup",
    "imserver_dismissgroup",
    "imserver_getapplygrant",
    "imserver_getinvitegrant",
    "imserver_getuserinfos",
    "imserver_getgroupinfos",
    "imserver_addgroupmembers",
];

/// The most users one `addblacks` or `delblacks` takes (RTM-API-2.7 §2.2); more are
/// refused with 200032 (TOO_MANY_ITEMS_IN_PARAMETERS, the code the spec names).
const MAX_BLACKS_PER_CALL: usize = 100;

/// The IM-lib target kind of groups (`type` 1 of the grant calls).
const IM_GROUP: i64 = 1;

/// One user's device push options: peer uid (p2p) or gid (group) → the mtypes whose
/// notifications are off, 0 meaning every mtype.
#[derive(Default)]
struct PushOptions {
    p2p: BTreeMap<i64, BTreeSet<i64>>,
    group: BTreeMap<i64, BTreeSet<i64>>,
}

/// An RTC room (RTM-API-2.7 §2.8): a separate id space from RTM rooms.
#[derive(Debug)]
struct RtcRoom {
    /// 1 voice, 2 video: the first `pullIntoRTCRoom`'s.
    kind: i64,
    members: BTreeSet<i64>,
    administrators: BTreeSet<i64>,
    /// The first user pulled in when the room was made.
    owner: i64,
    /// The microphone state of users entering (`setRTCRoomMicStatus`); open by default.
    mic_open: bool,
}

/// The state of the calls of interface 2.7, but the rooms' and the groups' members.
#[derive(Default)]
pub(in crate::mock) struct State {
    /// uid → the users it blocked, in the order they were added.
    blacks: HashMap<i64, Blacks>,
    push_options: HashMap<i64, PushOptions>,
    /// Project-wide mutes: uid → end of the ban.
    project_bans: HashMap<i64, Option<Instant>>,
    /// uid → the users it has a session (conversation) with.
    sessions: HashMap<i64, BTreeSet<i64>>,
    rtc_rooms: BTreeMap<i64, RtcRoom>,
    im_users: HashMap<i64, BTreeMap<String, String>>,
    im_groups: HashMap<i64, BTreeMap<String, String>>,
    /// (target kind, xid) → (grant_type, extra).
    apply_grants: HashMap<(i64, i64), (i64, Option<String>)>,
    /// (target kind, xid) → (invite_type, invite_manage_type).
    invite_grants: HashMap<(i64, i64), (i64, i64)>,
}

/// A value outside the values a key takes: 200034 (INVALID_PARAMETER, the code the C++ SDK
/// refuses such values with, RTM-API-2.7 §3.16).
fn invalid(key: &str, expected: &str) -> Refusal {
    (
        codes::RTM_INVALID_PARAMETER,
        format!("parameter {key} must be {expected}"),
    )
}

/// `value` when `allowed` holds it, else [`invalid`].
fn one_of(key: &str, value: i64, allowed: &[i64]) -> Result<i64, Refusal> {
    if allowed.contains(&value) {
        Ok(value)
    } else {
        let names: Vec<String> = allowed.iter().map(i64::to_string).collect();
        Err(invalid(key, &format!("one of {}", names.join(", "))))
    }
}

/// A map of str → str (`infos`, `permissions`).
fn opt_str_map(p: &Params, key: &str) -> Result<Option<Vec<(String, String)>>, Refusal> {
    let Some(value) = p.get(key) else {
        return Ok(None);
    };
    let text = |v: &Value| match v {
        Value::String(s) => Some(String::from_utf8_lossy(s.as_bytes()).into_owned()),
        Value::Binary(b) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    };
    let Value::Map(entries) = value else {
        return Err(wrong(key, "a map of strings to strings"));
    };
    entries
        .iter()
        .map(|(k, v)| Some((text(k)?, text(v)?)))
        .collect::<Option<Vec<_>>>()
        .map(Some)
        .ok_or_else(|| wrong(key, "a map of strings to strings"))
}

fn str_map(p: &Params, key: &str) -> Result<Vec<(String, String)>, Refusal> {
    opt_str_map(p, key)?.ok_or_else(|| missing(key))
}

fn strings(values: impl IntoIterator<Item = String>) -> Value {
    Value::Array(values.into_iter().map(Value::from).collect())
}

fn str_map_value(entries: &BTreeMap<String, String>) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| (k.as_str().into(), v.as_str().into()))
            .collect(),
    )
}

/// The media of a check call: its `type` (1 URL, 2 content) and its bytes.
fn media(p: &Params, key: &str) -> Result<(i64, Vec<u8>), Refusal> {
    let body = p.body(key)?;
    let kind = p.int("type")?;
    let bytes = match body {
        Value::String(s) => s.into_bytes(),
        Value::Binary(b) => b,
        _ => Vec::new(),
    };
    Ok((kind, bytes))
}

/// The answer of the `icheck`/`acheck`/`vcheck` stand-in.
fn media_verdict(bytes: &[u8]) -> Value {
    if bytes.windows(3).any(|w| w == b"bad") {
        map(vec![("result", 2.into()), ("tags", strings(["1".into()]))])
    } else {
        map(vec![
            ("result", 0.into()),
            ("tags", Value::Array(Vec::new())),
        ])
    }
}

/// One user's blacklist: in the order added (`getblacks`), and as a set (the lookups).
#[derive(Debug, Default)]
struct Blacks {
    order: Vec<i64>,
    set: HashSet<i64>,
}

/// Whether `mtime` is within `begin..=end`, a bound of 0 or less being no bound (the newer
/// SDKs send 0 for "none", RTM-API-2.7 §3.6).
pub(super) fn within(mtime: i64, begin: Option<i64>, end: Option<i64>) -> bool {
    begin.is_none_or(|b| b <= 0 || mtime >= b) && end.is_none_or(|e| e <= 0 || mtime <= e)
}

/// The string keys of an id → value answer map (RTM-API-2.7 §0.3).
fn id_key(id: i64) -> Value {
    id.to_string().into()
}

impl Api {
    pub(super) fn answer_27(
        &mut self,
        method: &str,
        p: &Params,
        now: Instant,
    ) -> Result<Value, Refusal> {
        match method {
            "tcheck" => {
                let text = p.string("text")?;
                p.opt_int("uid")?;
                let (masked, found) = super::mask_words(&text);
                Ok(if found.is_empty() {
                    map(vec![
                        ("result", 0.into()),
                        ("tags", Value::Array(Vec::new())),
                        ("wlist", Value::Array(Vec::new())),
                    ])
                } else {
                    map(vec![
                        ("result", 2.into()),
                        ("text", masked.into()),
                        ("tags", strings(["4".into()])),
                        ("wlist", strings(found)),
                    ])
                })
            }
            "icheck" | "acheck" | "vcheck" | "speech2text" => {
                let key = match method {
                    "icheck" => "image",
                    "vcheck" => "video",
                    _ => "audio",
                };
                let (kind, bytes) = media(p, key)?;
                let lang = match method {
                    "acheck" | "speech2text" => {
                        let lang = p.string("lang")?;
                        p.opt_string("codec")?;
                        p.opt_int("srate")?;
                        Some(lang)
                    }
                    "vcheck" => {
                        p.string("videoName")?;
                        None
                    }
                    _ => None,
                };
                p.opt_int("uid")?;
                one_of("type", kind, &[1, 2])?;
                let Some(lang) = lang.filter(|_| method == "speech2text") else {
                    return Ok(media_verdict(&bytes));
                };
                let text = if kind == 1 {
                    format!("recognized speech of {}", String::from_utf8_lossy(&bytes))
                } else {
                    format!("recognized speech of {} bytes", bytes.len())
                };
                Ok(map(vec![("text", text.into()), ("lang", lang.into())]))
            }
            "addblacks" | "delblacks" => {
                let (uid, blacks) = (p.int("uid")?, p.ints("blacks")?);
                if blacks.len() > MAX_BLACKS_PER_CALL {
                    return Err((
                        codes::RTM_TOO_MANY_ITEMS_IN_PARAMETERS,
                        format!("at most {MAX_BLACKS_PER_CALL} blacks in one call"),
                    ));
                }
                if method == "addblacks" {
                    let list = self.v27.blacks.entry(uid).or_default();
                    for black in blacks {
                        if list.set.insert(black) {
                            list.order.push(black);
                        }
                    }
                } else if let Some(list) = self.v27.blacks.get_mut(&uid) {
                    let gone: HashSet<i64> = blacks.into_iter().collect();
                    list.order.retain(|b| !gone.contains(b));
                    list.set.retain(|b| !gone.contains(b));
                    if list.order.is_empty() {
                        self.v27.blacks.remove(&uid);
                    }
                }
                Ok(empty())
            }
            "getblacks" => {
                let blacks = self.v27.blacks.get(&p.int("uid")?);
                Ok(map(vec![(
                    "uids",
                    ints(blacks.into_iter().flat_map(|l| l.order.iter()).copied()),
                )]))
            }
            "isblack" => {
                let (uid, buid) = (p.int("uid")?, p.int("buid")?);
                let ok = self
                    .v27
                    .blacks
                    .get(&uid)
                    .is_some_and(|l| l.set.contains(&buid));
                Ok(map(vec![("ok", ok.into())]))
            }
            "isblacks" => {
                let (uid, buids) = (p.int("uid")?, p.ints("buids")?);
                let list = self.v27.blacks.get(&uid);
                let yes = buids
                    .into_iter()
                    .filter(|b| list.is_some_and(|l| l.set.contains(b)));
                Ok(map(vec![("buids", ints(yes))]))
            }
            "addoption" | "removeoption" => {
                let (uid, kind, xid) = (p.int("uid")?, p.int("type")?, p.int("xid")?);
                let mtypes = p.opt_ints("mtypes")?;
                one_of("type", kind, &[0, 1])?;
                // No mtypes, or none: every mtype, written 0 (RTM-API-2.7 §2.3). Removing
                // it removes the "every mtype" switch; mtypes added one by one stay.
                let mtypes = mtypes.filter(|m| !m.is_empty()).unwrap_or_else(|| vec![0]);
                fn table(
                    options: &mut PushOptions,
                    kind: i64,
                ) -> &mut BTreeMap<i64, BTreeSet<i64>> {
                    if kind == 0 {
                        &mut options.p2p
                    } else {
                        &mut options.group
                    }
                }
                if method == "addoption" {
                    let options = self.v27.push_options.entry(uid).or_default();
                    table(options, kind).entry(xid).or_default().extend(mtypes);
                } else if let Some(options) = self.v27.push_options.get_mut(&uid) {
                    let entries = table(options, kind);
                    if let Some(set) = entries.get_mut(&xid) {
                        for mtype in &mtypes {
                            set.remove(mtype);
                        }
                        if set.is_empty() {
                            entries.remove(&xid);
                        }
                    }
                    if options.p2p.is_empty() && options.group.is_empty() {
                        self.v27.push_options.remove(&uid);
                    }
                }
                Ok(empty())
            }
            "getoption" => {
                let options = self.v27.push_options.get(&p.int("uid")?);
                let table = |entries: Option<&BTreeMap<i64, BTreeSet<i64>>>| {
                    Value::Map(
                        entries
                            .into_iter()
                            .flatten()
                            .map(|(xid, mtypes)| (id_key(*xid), ints(mtypes.iter().copied())))
                            .collect(),
                    )
                };
                Ok(map(vec![
                    ("p2p", table(options.map(|o| &o.p2p))),
                    ("group", table(options.map(|o| &o.group))),
                ]))
            }
            "getmsgnum" => {
                let (kind, xid) = (p.int("type")?, p.int("xid")?);
                let mtypes = p.opt_ints("mtypes")?.filter(|m| !m.is_empty());
                let (begin, end) = (p.opt_int("begin")?, p.opt_int("end")?);
                let conversation = match one_of("type", kind, &[2, 3])? {
                    2 => Conversation::Group(xid),
                    _ => Conversation::Room(xid),
                };
                let counted: Vec<_> = self
                    .messages
                    .iter()
                    .filter(|m| {
                        m.conversation == conversation
                            && !m.deleted
                            && mtypes.as_ref().is_none_or(|t| t.contains(&m.mtype))
                            && within(m.mtime, begin, end)
                    })
                    .collect();
                let senders: BTreeSet<i64> = counted.iter().map(|m| m.from).collect();
                Ok(map(vec![
                    ("sender", (senders.len() as i64).into()),
                    ("num", (counted.len() as i64).into()),
                ]))
            }
            "cleanmsg" => {
                let (from, xid, kind) = (p.int("from")?, p.int("xid")?, p.int("type")?);
                let (begin, end) = (p.int("begin")?, p.int("end")?);
                let conversation = conversation(kind, from, xid)?;
                // A p2p conversation is named by `from` and `xid`; in the others a `from`
                // other than 0 keeps the clean to that sender's messages.
                let sender = match conversation {
                    Conversation::P2P(..) => None,
                    _ => Some(from).filter(|&f| f != 0),
                };
                self.messages.retain(|m| {
                    !(m.conversation == conversation
                        && sender.is_none_or(|s| m.from == s)
                        && within(m.mtime, Some(begin), Some(end)))
                });
                Ok(empty())
            }
            "clearprojectmsg" => {
                // Its own numbering: 0 p2p, 1 room, 2 group, 3 broadcast, 4 all (§2.5).
                let kind = one_of("type", p.int("type")?, &[0, 1, 2, 3, 4])?;
                self.messages.retain(|m| {
                    let of_kind = match m.conversation {
                        Conversation::P2P(..) => 0,
                        Conversation::Room(_) => 1,
                        Conversation::Group(_) => 2,
                        Conversation::Broadcast => 3,
                    };
                    kind != 4 && kind != of_kind
                });
                Ok(empty())
            }
            "delconversationmsgs" => {
                let (from, xid, kind) = (p.int("from")?, p.int("xid")?, p.int("type")?);
                let conversation = conversation(kind, from, xid)?;
                self.messages
                    .retain(|m| !(m.conversation == conversation && m.from == from));
                Ok(empty())
            }
            "editmsg" => {
                let (mid, from, xid, kind) =
                    (p.int("mid")?, p.int("from")?, p.int("xid")?, p.int("type")?);
                let (msg, attrs, limit) = (p.body("msg")?, p.string("attrs")?, p.int("timeLimit")?);
                let conversation = conversation(kind, from, xid)?;
                let age_of = |mtime: i64| now_ms().saturating_sub(mtime);
                let message = self
                    .messages
                    .iter_mut()
                    .find(|m| {
                        m.mid == mid
                            && m.from == from
                            && m.conversation == conversation
                            && !m.deleted
                    })
                    .ok_or((
                        codes::RTM_MESSAGE_NOT_FOUND,
                        format!("no message {mid} from {from}"),
                    ))?;
                // A `timeLimit` of 0 or less sets no limit.
                if limit > 0 && age_of(message.mtime) > limit {
                    return Err((
                        codes::RTM_MESSAGE_NOT_FOUND,
                        format!(
                            "message {mid} is older than {limit} ms: it can no longer be edited"
                        ),
                    ));
                }
                message.msg = msg;
                message.attrs = attrs;
                Ok(empty())
            }
            "clearusermsg" => {
                let uid = p.int("uid")?;
                self.messages.retain(|m| m.from != uid);
                Ok(empty())
            }
            "addprojectban" => {
                let (uid, btime) = (p.int("uid")?, p.int("btime")?);
                self.v27.project_bans.insert(uid, ban_until(btime, now));
                Ok(empty())
            }
            "removeprojectban" => {
                self.v27.project_bans.remove(&p.int("uid")?);
                Ok(empty())
            }
            "isprojectban" => {
                let ok = banned(&mut self.v27.project_bans, p.int("uid")?, now);
                Ok(map(vec![("ok", ok.into())]))
            }
            "addsessions" | "removesessions" => {
                let (uid, uids) = (p.int("uid")?, p.ints("uids")?);
                if method == "addsessions" {
                    self.v27.sessions.entry(uid).or_default().extend(uids);
                } else if let Some(sessions) = self.v27.sessions.get_mut(&uid) {
                    for other in uids {
                        sessions.remove(&other);
                    }
                    if sessions.is_empty() {
                        self.v27.sessions.remove(&uid);
                    }
                }
                Ok(empty())
            }
            "getgroupcount" => {
                let gid = p.int("gid")?;
                let count = self.groups.get(&gid).map_or(0, |g| g.members.len());
                Ok(map(vec![("cn", (count as i64).into())]))
            }
            "clearprojectgroup" => {
                // Every group goes: members, bans, info, and its IM-lib info and grants.
                self.groups.clear();
                self.v27.im_groups.clear();
                self.v27
                    .apply_grants
                    .retain(|(kind, _), _| *kind != IM_GROUP);
                self.v27
                    .invite_grants
                    .retain(|(kind, _), _| *kind != IM_GROUP);
                Ok(empty())
            }
            "pullIntoRTCRoom" => {
                let (rid, to_uids, kind) = (p.int("rid")?, p.ints("toUids")?, p.int("type")?);
                p.opt_int("voiceRange")?;
                p.opt_int("maxReceiveStreams")?;
                let kind = one_of("type", kind, &[1, 2])?;
                let room = self.v27.rtc_rooms.entry(rid).or_insert_with(|| RtcRoom {
                    kind,
                    members: BTreeSet::new(),
                    administrators: BTreeSet::new(),
                    owner: to_uids.first().copied().unwrap_or(0),
                    mic_open: true,
                });
                room.members.extend(to_uids);
                tracing::debug!(rid, ?room, "mock: users pulled into an RTC room");
                Ok(empty())
            }
            "inviteUserIntoRTCRoom" => {
                // The invitees join when their clients accept: nothing changes here.
                let (rid, to_uids) = (p.int("rid")?, p.ints("toUids")?);
                let from = p.int("fromUid")?;
                tracing::debug!(rid, ?to_uids, from, "mock: invitation into an RTC room");
                Ok(empty())
            }
            "kickoutFromRTCRoom" => {
                let (uid, rid, _from) = (p.int("uid")?, p.int("rid")?, p.int("fromUid")?);
                if let Some(room) = self.v27.rtc_rooms.get_mut(&rid) {
                    room.members.remove(&uid);
                    room.administrators.remove(&uid);
                }
                Ok(empty())
            }
            "closeRTCRoom" => {
                self.v27.rtc_rooms.remove(&p.int("rid")?);
                Ok(empty())
            }
            "getRTCRoomList" => Ok(map(vec![(
                "rids",
                ints(self.v27.rtc_rooms.keys().copied()),
            )])),
            "getRTCRoomMembers" => {
                let room = self.v27.rtc_rooms.get(&p.int("rid")?);
                Ok(map(vec![
                    (
                        "uids",
                        ints(room.into_iter().flat_map(|r| r.members.iter().copied())),
                    ),
                    (
                        "administrators",
                        ints(
                            room.into_iter()
                                .flat_map(|r| r.administrators.iter().copied()),
                        ),
                    ),
                    ("owner", room.map_or(0, |r| r.owner).into()),
                ]))
            }
            "getRTCRoomMemberCount" => {
                let room = self.v27.rtc_rooms.get(&p.int("rid")?);
                let count = room.map_or(0, |r| r.members.len());
                Ok(map(vec![("count", (count as i64).into())]))
            }
            "setRTCRoomMicStatus" => {
                let (rid, status) = (p.int("rid")?, p.bool("status")?);
                if let Some(room) = self.v27.rtc_rooms.get_mut(&rid) {
                    room.mic_open = status;
                    tracing::debug!(
                        rid,
                        mic_open = room.mic_open,
                        kind = room.kind,
                        "mock: RTC room microphones"
                    );
                }
                Ok(empty())
            }
            "adminCommand" => {
                let (rid, uids, command) = (p.int("rid")?, p.ints("uids")?, p.int("command")?);
                // 0 appoints administrators (among the members), 1 dismisses them; 2-7
                // (audio, video, microphones, cameras) change nothing a call reads back.
                let command = one_of("command", command, &[0, 1, 2, 3, 4, 5, 6, 7])?;
                if let Some(room) = self.v27.rtc_rooms.get_mut(&rid) {
                    for uid in uids {
                        if command == 0 && room.members.contains(&uid) {
                            room.administrators.insert(uid);
                        } else if command == 1 {
                            room.administrators.remove(&uid);
                        }
                    }
                }
                Ok(empty())
            }
            "imserver_setuserinfos" | "imserver_setgroupinfos" => {
                let key = if method == "imserver_setuserinfos" {
                    "uid"
                } else {
                    "gid"
                };
                let (id, infos) = (p.int(key)?, str_map(p, "infos")?);
                let table = if key == "uid" {
                    &mut self.v27.im_users
                } else {
                    &mut self.v27.im_groups
                };
                let entry = table.entry(id).or_default();
                entry.extend(infos);
                if entry.is_empty() {
                    table.remove(&id);
                }
                Ok(empty())
            }
            "imserver_setapplygrant" => {
                let (kind, xid, grant) = (p.int("type")?, p.int("xid")?, p.int("grant_type")?);
                let extra = p.opt_string("extra")?;
                one_of("type", kind, &[0, 1, 2])?;
                one_of("grant_type", grant, &[0, 1, 2, 3])?;
                self.v27.apply_grants.insert((kind, xid), (grant, extra));
                Ok(empty())
            }
            "imserver_setinvitegrant" => {
                let (kind, xid) = (p.int("type")?, p.int("xid")?);
                let (invite, manage) = (p.int("invite_type")?, p.int("invite_manage_type")?);
                one_of("type", kind, &[1, 2])?;
                one_of("invite_type", invite, &[0, 1])?;
                one_of("invite_manage_type", manage, &[0, 1])?;
                self.v27.invite_grants.insert((kind, xid), (invite, manage));
                Ok(empty())
            }
            "imserver_getapplygrant" => {
                let (kind, xid) = (p.int("type")?, p.int("xid")?);
                one_of("type", kind, &[0, 1, 2])?;
                let grant = self.v27.apply_grants.get(&(kind, xid)).map_or(0, |g| g.0);
                Ok(map(vec![("grant_type", grant.into())]))
            }
            "imserver_getinvitegrant" => {
                let (kind, xid) = (p.int("type")?, p.int("xid")?);
                one_of("type", kind, &[1, 2])?;
                let (invite, manage) = self
                    .v27
                    .invite_grants
                    .get(&(kind, xid))
                    .copied()
                    .unwrap_or((0, 0));
                Ok(map(vec![
                    ("invite_type", invite.into()),
                    ("invite_manage_type", manage.into()),
                ]))
            }
            "imserver_creategroup" => {
                let (gid, owner) = (p.int("gid")?, p.int("owner_uid")?);
                let infos = str_map(p, "infos")?;
                let permissions = opt_str_map(p, "permissions")?.unwrap_or_default();
                let find = |key: &str| {
                    permissions
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v.clone())
                };
                // `permissions`: `type`, a grant_type as a decimal string, and `extra`.
                let grant = find("type")
                    .map(|t| {
                        t.parse::<i64>()
                            .ok()
                            .filter(|g| (0..=3).contains(g))
                            .ok_or_else(|| {
                                invalid("permissions.type", "\"0\", \"1\", \"2\" or \"3\"")
                            })
                    })
                    .transpose()?;
                // The owner is the group's first member.
                self.groups.entry(gid).or_default().members.insert(owner);
                if !infos.is_empty() {
                    self.v27.im_groups.entry(gid).or_default().extend(infos);
                }
                if let Some(grant) = grant {
                    let extra = find("extra");
                    self.v27
                        .apply_grants
                        .insert((IM_GROUP, gid), (grant, extra));
                }
                Ok(empty())
            }
            "imserver_dismissgroup" => {
                let gid = p.int("gid")?;
                self.groups.remove(&gid);
                self.v27.im_groups.remove(&gid);
                self.v27.apply_grants.remove(&(IM_GROUP, gid));
                self.v27.invite_grants.remove(&(IM_GROUP, gid));
                Ok(empty())
            }
            "imserver_getuserinfos" | "imserver_getgroupinfos" => {
                let (key, table) = if method == "imserver_getuserinfos" {
                    ("uids", &self.v27.im_users)
                } else {
                    ("gids", &self.v27.im_groups)
                };
                let mut seen = HashSet::new();
                let infos = p
                    .ints(key)?
                    .into_iter()
                    .filter(|id| seen.insert(*id))
                    .filter_map(|id| Some((id_key(id), str_map_value(table.get(&id)?))))
                    .collect();
                Ok(map(vec![("infos", Value::Map(infos))]))
            }
            "imserver_addgroupmembers" => {
                let (gid, uids) = (p.int("gid")?, p.ints("uids")?);
                self.groups.entry(gid).or_default().members.extend(uids);
                Ok(empty())
            }
            _ => Err((
                codes::CORE_UNKNOWN_METHOD,
                format!("Unknow method:{method}"),
            )),
        }
    }
}
