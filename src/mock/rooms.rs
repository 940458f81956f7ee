//! The mock's RTM state and its method handlers: real members, info and bans that expire,
//! and the service's checks (pid, signature, clock window, replayed signatures, parameter
//! presence and types) with the service's error codes.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::error::codes;
use crate::types::info::MAX_ROOM_INFO_LEN;
use crate::wire::codec::msgpack::{PayloadWriter, RawValue, lookup};
use crate::wire::sign::{Secret, sign, unix_seconds};

/// An error answer: code and message.
pub(crate) type Refusal = (i32, String);

#[derive(Default)]
struct Room {
    members: BTreeSet<i64>,
    oinfo: String,
    pinfo: String,
    /// uid → end of the ban (`None`: permanent).
    bans: HashMap<i64, Option<Instant>>,
}

/// Signatures seen recently, in two generations so that forgetting is cheap.
struct SeenSigns {
    current: HashSet<[u8; 32]>,
    previous: HashSet<[u8; 32]>,
    rotated_at: Instant,
}

/// The largest number of signatures remembered in one generation.
const MAX_SEEN_PER_GENERATION: usize = 1 << 20;

pub(crate) struct Rooms {
    pid: i32,
    secret: Secret,
    ts_window: Duration,
    check_replay: bool,
    rooms: HashMap<i64, Room>,
    /// Bans "in every room" (`addroomban` without `rid`): uid → end of the ban.
    all_bans: HashMap<i64, Option<Instant>>,
    seen: SeenSigns,
    /// Everything but the rooms.
    pub(crate) api: super::api::Api,
}

pub(super) fn missing(key: &str) -> Refusal {
    (
        codes::PROTO_KEY_NOT_FOUND,
        format!("missing parameter: {key}"),
    )
}

pub(super) fn wrong_type(key: &str, expected: &str) -> Refusal {
    (
        codes::PROTO_TYPE_CONVERT,
        format!("parameter {key} must be {expected}"),
    )
}

/// A required list that came empty: 200033 (EMPTY_PARAMETER, "bad or empty values",
/// RTM-ROOM §4.1; RTM-API-2.7 §0.6).
pub(super) fn empty_list(key: &str) -> Refusal {
    (
        codes::RTM_EMPTY_PARAMETER,
        format!("parameter {key} is an empty list"),
    )
}

/// An `oinfo` or `pinfo` (of a room, a user or a group), refused when longer than the
/// service takes: 65,535 bytes (RTM-ROOM §3.3; users and groups have the same semantics,
/// RTM-API §2.6 and §8). The spec names no code for it: 200030 (LARGE_MESSAGE_OR_ATTRS) is
/// what the client refuses it with before sending, so that both agree.
pub(super) fn fitting_info(key: &str, value: Option<String>) -> Result<Option<String>, Refusal> {
    match value {
        Some(value) if value.len() > MAX_ROOM_INFO_LEN => Err((
            codes::RTM_LARGE_MESSAGE_OR_ATTRS,
            format!(
                "{key} is {} bytes, more than {MAX_ROOM_INFO_LEN}",
                value.len()
            ),
        )),
        value => Ok(value),
    }
}

fn int(key: &str, value: Option<RawValue<'_>>) -> Result<i64, Refusal> {
    value
        .ok_or_else(|| missing(key))?
        .as_i64()
        .map_err(|_| wrong_type(key, "an integer"))
}

fn opt_int(key: &str, value: Option<RawValue<'_>>) -> Result<Option<i64>, Refusal> {
    value
        .filter(|v| !v.is_nil())
        .map(|v| int(key, Some(v)))
        .transpose()
}

/// A required list of ids, refused when empty ([`empty_list`]).
fn ids(key: &str, value: Option<RawValue<'_>>) -> Result<Vec<i64>, Refusal> {
    let ids = value
        .ok_or_else(|| missing(key))?
        .as_i64_array()
        .map_err(|_| wrong_type(key, "an array of integers"))?;
    if ids.is_empty() {
        return Err(empty_list(key));
    }
    Ok(ids)
}

/// Whether a ban is in force at `now` (an expired one is removed).
fn in_force(bans: &mut HashMap<i64, Option<Instant>>, uid: i64, now: Instant) -> bool {
    match bans.get(&uid) {
        Some(Some(until)) if *until <= now => {
            bans.remove(&uid);
            false
        }
        Some(_) => true,
        None => false,
    }
}

fn opt_string(key: &str, value: Option<RawValue<'_>>) -> Result<Option<String>, Refusal> {
    value
        .map(|v| {
            v.as_str_lossy()
                .map(|s| s.into_owned())
                .map_err(|_| wrong_type(key, "a string"))
        })
        .transpose()
}

fn encode(write: impl FnOnce(&mut PayloadWriter<'_>)) -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    write(&mut PayloadWriter::new(&mut out));
    out
}

const EMPTY_MAP: [u8; 1] = [0x80];

impl Rooms {
    pub fn new(pid: i32, secret: Secret, ts_window: Duration, check_replay: bool) -> Rooms {
        Rooms {
            pid,
            secret,
            ts_window,
            check_replay,
            rooms: HashMap::new(),
            all_bans: HashMap::new(),
            api: super::api::Api::new(i64::from(pid)),
            seen: SeenSigns {
                current: HashSet::new(),
                previous: HashSet::new(),
                rotated_at: Instant::now(),
            },
        }
    }

    /// Serves one quest: the OK answer's payload, or the error answer's code and message.
    pub fn handle(
        &mut self,
        method: &str,
        payload: &[u8],
        conn: usize,
        now: Instant,
    ) -> Result<Vec<u8>, Refusal> {
        if method == "*ping" {
            let ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0);
            return Ok(encode(|w| {
                w.map_len(1).key("ts").int(ms);
            }));
        }
        const METHODS: [&str; 13] = [
            "addroommember",
            "delroommember",
            "setroominfo",
            "getroominfo",
            "addroomban",
            "removeroomban",
            "isbanofroom",
            "getroommembers",
            "getroomcount",
            "addroommembers",
            "delroommembers",
            "adduserrooms",
            "deleteuserrooms",
        ];
        if super::api::GATEWAY_METHODS.contains(&method) {
            // The file gateway: authenticated by the token, checked by the handler.
            return self.api.handle(method, payload, conn, now);
        }
        if super::api::serves(method) {
            let [pid, sign_value, salt, ts] = lookup(payload, ["pid", "sign", "salt", "ts"])
                .map_err(|e| (codes::PROTO_MAP_VALUE, format!("bad payload: {e}")))?;
            self.authenticate(method, pid, sign_value, salt, ts, now)?;
            return self.api.handle(method, payload, conn, now);
        }
        if !METHODS.contains(&method) {
            return Err((
                codes::CORE_UNKNOWN_METHOD,
                format!("Unknow method:{method}"),
            ));
        }
        let fields = lookup(
            payload,
            [
                "pid", "sign", "salt", "ts", "rid", "uid", "oinfo", "pinfo", "btime", "rids",
                "uids",
            ],
        )
        .map_err(|e| (codes::PROTO_MAP_VALUE, format!("bad payload: {e}")))?;
        let [
            pid,
            sign_value,
            salt,
            ts,
            rid,
            uid,
            oinfo,
            pinfo,
            btime,
            rids,
            uids,
        ] = fields;
        self.authenticate(method, pid, sign_value, salt, ts, now)?;

        match method {
            "addroommember" => {
                let (rid, uid) = (int("rid", rid)?, int("uid", uid)?);
                self.rooms.entry(rid).or_default().members.insert(uid);
                Ok(EMPTY_MAP.to_vec())
            }
            "delroommember" => {
                let (rid, uid) = (int("rid", rid)?, int("uid", uid)?);
                if let Some(room) = self.rooms.get_mut(&rid) {
                    room.members.remove(&uid);
                }
                Ok(EMPTY_MAP.to_vec())
            }
            "setroominfo" => {
                let rid = int("rid", rid)?;
                let oinfo = fitting_info("oinfo", opt_string("oinfo", oinfo)?)?;
                let pinfo = fitting_info("pinfo", opt_string("pinfo", pinfo)?)?;
                let room = self.rooms.entry(rid).or_default();
                if let Some(oinfo) = oinfo {
                    room.oinfo = oinfo;
                }
                if let Some(pinfo) = pinfo {
                    room.pinfo = pinfo;
                }
                Ok(EMPTY_MAP.to_vec())
            }
            "getroominfo" => {
                let rid = int("rid", rid)?;
                let room = self.rooms.get(&rid);
                let (o, p) = room.map_or(("", ""), |r| (r.oinfo.as_str(), r.pinfo.as_str()));
                Ok(encode(|w| {
                    w.map_len(2).key("oinfo").str(o).key("pinfo").str(p);
                }))
            }
            "addroomban" => {
                // Without `rid`: in every room (RTM-ROOM §5.3, RTM-API-2.7 §3.11).
                let (rid, uid) = (opt_int("rid", rid)?, int("uid", uid)?);
                let until = super::api::ban_until(int("btime", btime)?, now);
                match rid {
                    Some(rid) => {
                        self.rooms.entry(rid).or_default().bans.insert(uid, until);
                    }
                    None => {
                        self.all_bans.insert(uid, until);
                    }
                }
                Ok(EMPTY_MAP.to_vec())
            }
            "removeroomban" => {
                // Without `rid`: the ban in every room and each room's ban of the user go.
                let (rid, uid) = (opt_int("rid", rid)?, int("uid", uid)?);
                match rid {
                    Some(rid) => {
                        if let Some(room) = self.rooms.get_mut(&rid) {
                            room.bans.remove(&uid);
                        }
                    }
                    None => {
                        self.all_bans.remove(&uid);
                        for room in self.rooms.values_mut() {
                            room.bans.remove(&uid);
                        }
                    }
                }
                Ok(EMPTY_MAP.to_vec())
            }
            "isbanofroom" => {
                let (rid, uid) = (int("rid", rid)?, int("uid", uid)?);
                let here = self
                    .rooms
                    .get_mut(&rid)
                    .is_some_and(|room| in_force(&mut room.bans, uid, now));
                let banned = here || in_force(&mut self.all_bans, uid, now);
                Ok(encode(|w| {
                    w.map_len(1).key("ok").bool(banned);
                }))
            }
            "addroommembers" | "delroommembers" => {
                // The answer names the uids that were added (were not members) or removed
                // (were members), in the order given (RTM-API-2.7 §2.4).
                let (rid, uids) = (int("rid", rid)?, ids("uids", uids)?);
                let mut done = Vec::new();
                if method == "addroommembers" {
                    let room = self.rooms.entry(rid).or_default();
                    done.extend(uids.into_iter().filter(|&uid| room.members.insert(uid)));
                } else if let Some(room) = self.rooms.get_mut(&rid) {
                    done.extend(uids.into_iter().filter(|uid| room.members.remove(uid)));
                }
                Ok(encode(|w| {
                    w.map_len(1).key("successedUids").int_array(&done);
                }))
            }
            "adduserrooms" | "deleteuserrooms" => {
                let (rids, uid) = (ids("rids", rids)?, int("uid", uid)?);
                for rid in rids {
                    if method == "adduserrooms" {
                        self.rooms.entry(rid).or_default().members.insert(uid);
                    } else if let Some(room) = self.rooms.get_mut(&rid) {
                        room.members.remove(&uid);
                    }
                }
                Ok(EMPTY_MAP.to_vec())
            }
            "getroommembers" => {
                let rid = int("rid", rid)?;
                let uids: Vec<i64> = self
                    .rooms
                    .get(&rid)
                    .map(|r| r.members.iter().copied().collect())
                    .unwrap_or_default();
                Ok(encode(|w| {
                    w.map_len(1).key("uids").int_array(&uids);
                }))
            }
            "getroomcount" => {
                let rids = ids("rids", rids)?;
                Ok(encode(|w| {
                    w.map_len(1).key("cn").map_len(rids.len() as u32);
                    for rid in &rids {
                        let count = self.rooms.get(rid).map_or(0, |r| r.members.len());
                        w.key(&rid.to_string()).int(count as i64);
                    }
                }))
            }
            _ => unreachable!("checked against METHODS"),
        }
    }

    fn authenticate(
        &mut self,
        method: &str,
        pid: Option<RawValue<'_>>,
        sign_value: Option<RawValue<'_>>,
        salt: Option<RawValue<'_>>,
        ts: Option<RawValue<'_>>,
        now: Instant,
    ) -> Result<(), Refusal> {
        let pid = int("pid", pid)?;
        let salt = int("salt", salt)?;
        let ts = int("ts", ts)?;
        let given = sign_value
            .ok_or_else(|| missing("sign"))?
            .as_str_bytes()
            .map_err(|_| wrong_type("sign", "a string"))?;
        if pid != i64::from(self.pid) {
            return Err((codes::RTM_INVALID_PID_OR_SIGN, "invalid pid".into()));
        }
        let expected = sign(self.pid, &self.secret, salt, method, ts);
        if !given.eq_ignore_ascii_case(&expected) {
            return Err((codes::RTM_INVALID_PID_OR_SIGN, "invalid sign".into()));
        }
        let skew = unix_seconds().abs_diff(ts);
        if skew > self.ts_window.as_secs() {
            return Err((
                codes::RTM_INVALID_SERVER_TIME,
                format!("ts is {skew} s away from the server's clock"),
            ));
        }
        if self.check_replay && !self.remember(expected, now) {
            return Err((codes::RTM_SAME_SIGN, "same sign".into()));
        }
        Ok(())
    }

    /// Records a signature; false when it was seen within the clock window.
    fn remember(&mut self, signature: [u8; 32], now: Instant) -> bool {
        let seen = &mut self.seen;
        if now.saturating_duration_since(seen.rotated_at) > self.ts_window.saturating_mul(2)
            || seen.current.len() >= MAX_SEEN_PER_GENERATION
        {
            seen.previous = std::mem::take(&mut seen.current);
            seen.rotated_at = now;
        }
        !seen.previous.contains(&signature) && seen.current.insert(signature)
    }
}
