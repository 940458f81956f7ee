//! Readers of answer payloads, one per answer shape (RTM-API.md section 0.5). A key that is
//! missing or nil takes the documented default; a mandatory key that is missing, or a key
//! of the wrong type, is an unreadable answer (20006), except in a history row: a row that
//! cannot be read is skipped (and logged), not the page. Strings may come as str or bin,
//! and bytes that are not UTF-8 are read lossily; map keys may be strings or integers.

use std::collections::HashMap;

use crate::error::QuestError;
use crate::types::chat::{ProfanityResult, TranscribeResult, TranslateResult};
use crate::types::check::{CheckResult, SpeechToTextResult, TextCheckResult};
use crate::types::device::DevicePushOption;
use crate::types::file::FileInfo;
use crate::types::imlib::InviteGrant;
use crate::types::info::Info;
use crate::types::message::{
    Message, MessageBody, MessageInfo, MessageNum, MessagePage, P2PMessage,
};
use crate::types::rtc::RtcRoomMembers;
use crate::wire::codec::ReadError;
use crate::wire::codec::msgpack::{RawValue, lookup};

fn unreadable(field: &str, e: ReadError) -> QuestError {
    QuestError::decoding(format!("unreadable answer: field {field}: {e}"))
}

/// The values of `keys` in the answer, nil read as missing.
fn fields<'a, const N: usize>(
    payload: &'a [u8],
    keys: [&str; N],
) -> Result<[Option<RawValue<'a>>; N], QuestError> {
    let found = lookup(payload, keys)
        .map_err(|e| QuestError::decoding(format!("unreadable answer: {e}")))?;
    Ok(found.map(|v| v.filter(|v| !v.is_nil())))
}

fn string(field: &str, v: RawValue<'_>) -> Result<String, QuestError> {
    v.as_str_lossy()
        .map(|s| s.into_owned())
        .map_err(|e| unreadable(field, e))
}

fn opt_string(field: &str, v: Option<RawValue<'_>>) -> Result<Option<String>, QuestError> {
    v.map(|v| string(field, v)).transpose()
}

fn string_or_empty(field: &str, v: Option<RawValue<'_>>) -> Result<String, QuestError> {
    Ok(opt_string(field, v)?.unwrap_or_default())
}

fn int_or_zero(field: &str, v: Option<RawValue<'_>>) -> Result<i64, QuestError> {
    v.map_or(Ok(0), |v| v.as_i64().map_err(|e| unreadable(field, e)))
}

fn bool_or_false(field: &str, v: Option<RawValue<'_>>) -> Result<bool, QuestError> {
    v.map_or(Ok(false), |v| v.as_bool().map_err(|e| unreadable(field, e)))
}

fn int_list(field: &str, v: Option<RawValue<'_>>) -> Result<Vec<i64>, QuestError> {
    v.map_or(Ok(Vec::new()), |v| {
        v.as_i64_array().map_err(|e| unreadable(field, e))
    })
}

fn string_list(field: &str, v: Option<RawValue<'_>>) -> Result<Vec<String>, QuestError> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    v.as_array()
        .map_err(|e| unreadable(field, e))?
        .into_iter()
        .map(|item| string(field, item))
        .collect()
}

/// A message body: bin as bytes, str as text.
fn body(field: &str, v: Option<RawValue<'_>>) -> Result<MessageBody, QuestError> {
    let Some(v) = v else {
        return Ok(MessageBody::Text(String::new()));
    };
    let bytes = v.as_str_bytes().map_err(|e| unreadable(field, e))?;
    Ok(if v.is_bin() {
        MessageBody::Binary(bytes.to_vec())
    } else {
        MessageBody::Text(String::from_utf8_lossy(bytes).into_owned())
    })
}

/// An id given as an integer or as its decimal string (map keys of the service).
fn id_key(field: &str, key: RawValue<'_>) -> Result<i64, QuestError> {
    if let Ok(id) = key.as_i64() {
        return Ok(id);
    }
    string(field, key)?
        .trim()
        .parse()
        .map_err(|_| unreadable(field, ReadError::WrongType("an id")))
}

/// An answer nothing is read from.
pub(crate) fn nothing(_payload: &[u8]) -> Result<(), QuestError> {
    Ok(())
}

/// `gettoken`: `token`, mandatory.
pub(crate) fn token(payload: &[u8]) -> Result<String, QuestError> {
    let [token] = fields(payload, ["token"])?;
    let token = token.ok_or_else(|| QuestError::decoding("unreadable answer: no token"))?;
    string("token", token)
}

/// `send*`: `mtime`, mandatory.
pub(crate) fn mtime(payload: &[u8]) -> Result<i64, QuestError> {
    let [mtime] = fields(payload, ["mtime"])?;
    let mtime = mtime.ok_or_else(|| QuestError::decoding("unreadable answer: no mtime"))?;
    mtime.as_i64().map_err(|e| unreadable("mtime", e))
}

/// The file gateway's answer: `mtime` (0).
pub(crate) fn mtime_or_zero(payload: &[u8]) -> Result<i64, QuestError> {
    let [mtime] = fields(payload, ["mtime"])?;
    int_or_zero("mtime", mtime)
}

/// `filetoken`: `token`, `endpoint` ("").
pub(crate) fn file_token(payload: &[u8]) -> Result<crate::types::file::FileToken, QuestError> {
    let [token, endpoint] = fields(payload, ["token", "endpoint"])?;
    Ok(crate::types::file::FileToken {
        token: string_or_empty("token", token)?,
        endpoint: string_or_empty("endpoint", endpoint)?,
    })
}

/// `ok` (false).
pub(crate) fn ok(payload: &[u8]) -> Result<bool, QuestError> {
    let [ok] = fields(payload, ["ok"])?;
    bool_or_false("ok", ok)
}

/// `uids` ([]).
pub(crate) fn uids(payload: &[u8]) -> Result<Vec<i64>, QuestError> {
    let [uids] = fields(payload, ["uids"])?;
    int_list("uids", uids)
}

/// `gids` ([]).
pub(crate) fn gids(payload: &[u8]) -> Result<Vec<i64>, QuestError> {
    let [gids] = fields(payload, ["gids"])?;
    int_list("gids", gids)
}

/// `fuids` ([]).
pub(crate) fn fuids(payload: &[u8]) -> Result<Vec<i64>, QuestError> {
    let [fuids] = fields(payload, ["fuids"])?;
    int_list("fuids", fuids)
}

/// `oinfo`, `pinfo` (None).
pub(crate) fn info(payload: &[u8]) -> Result<Info, QuestError> {
    let [oinfo, pinfo] = fields(payload, ["oinfo", "pinfo"])?;
    Ok(Info {
        oinfo: opt_string("oinfo", oinfo)?,
        pinfo: opt_string("pinfo", pinfo)?,
    })
}

/// `info` ({}): uid → public info, the uids as strings or integers.
pub(crate) fn open_info(payload: &[u8]) -> Result<HashMap<i64, String>, QuestError> {
    let [info] = fields(payload, ["info"])?;
    let Some(info) = info else {
        return Ok(HashMap::new());
    };
    let mut out = HashMap::new();
    for entry in info.as_map().map_err(|e| unreadable("info", e))? {
        let (key, value) = entry.map_err(|e| unreadable("info", e))?;
        let text = if value.is_nil() {
            String::new()
        } else {
            string("info", value)?
        };
        out.insert(id_key("info", key)?, text);
    }
    Ok(out)
}

/// `cn` ({}): rid → member count, the rids as strings or integers.
pub(crate) fn room_counts(payload: &[u8]) -> Result<HashMap<i64, i64>, QuestError> {
    let [cn] = fields(payload, ["cn"])?;
    let Some(cn) = cn else {
        return Ok(HashMap::new());
    };
    let mut out = HashMap::new();
    for entry in cn.as_map().map_err(|e| unreadable("cn", e))? {
        let (key, value) = entry.map_err(|e| unreadable("cn", e))?;
        out.insert(
            id_key("cn", key)?,
            value.as_i64().map_err(|e| unreadable("cn", e))?,
        );
    }
    Ok(out)
}

/// `val` (None).
pub(crate) fn value(payload: &[u8]) -> Result<Option<String>, QuestError> {
    let [val] = fields(payload, ["val"])?;
    opt_string("val", val)
}

/// The rows of a history page. A row that is not an array of 8 items (as the official SDKs
/// do), or whose items are not of the documented types, is skipped, not the page: the page
/// keeps its other rows, and one warning per page says how many were skipped and why. A
/// file row whose `msg` or `attrs` cannot be read as a file is kept, without (or with part
/// of) its file info.
fn page<M>(
    payload: &[u8],
    row: impl Fn([RawValue<'_>; 8]) -> Result<M, QuestError>,
) -> Result<MessagePage<M>, QuestError> {
    let [num, lastid, begin, end, msgs] =
        fields(payload, ["num", "lastid", "begin", "end", "msgs"])?;
    let mut rows = Vec::new();
    let mut skipped = 0usize;
    let mut first_reason: Option<String> = None;
    if let Some(msgs) = msgs {
        for item in msgs.as_array().map_err(|e| unreadable("msgs", e))? {
            let read = match item.as_array() {
                Ok(items) => match <[RawValue<'_>; 8]>::try_from(items) {
                    Ok(items) => row(items).map_err(|e| e.message),
                    Err(items) => Err(format!("a row of {} items, not 8", items.len())),
                },
                Err(e) => Err(format!("a row that is not an array: {e}")),
            };
            match read {
                Ok(read) => rows.push(read),
                Err(reason) => {
                    skipped += 1;
                    first_reason.get_or_insert(reason);
                }
            }
        }
    }
    if let Some(reason) = first_reason {
        tracing::warn!(
            "history page: skipped {skipped} unreadable row(s) of {}; the first: {reason}",
            skipped + rows.len()
        );
    }
    Ok(MessagePage {
        num: int_or_zero("num", num)?,
        lastid: int_or_zero("lastid", lastid)?,
        begin: int_or_zero("begin", begin)?,
        end: int_or_zero("end", end)?,
        msgs: rows,
    })
}

fn int_item(v: RawValue<'_>) -> Result<i64, QuestError> {
    v.as_i64().map_err(|e| unreadable("msgs", e))
}

/// `getgroupmsg`, `getroommsg`, `getbroadcastmsg`.
pub(crate) fn messages(payload: &[u8]) -> Result<MessagePage<Message>, QuestError> {
    page(
        payload,
        |[id, from, mtype, mid, deleted, msg, attrs, mtime]| {
            let (mtype, msg, attrs) = (
                int_item(mtype)?,
                body("msgs", Some(msg).filter(|v| !v.is_nil()))?,
                string_or_empty("msgs", Some(attrs).filter(|v| !v.is_nil()))?,
            );
            Ok(Message {
                id: int_item(id)?,
                from_uid: int_item(from)?,
                mtype,
                mid: int_item(mid)?,
                deleted: deleted.as_bool().unwrap_or(false),
                file_info: FileInfo::of_message(mtype, &msg, &attrs),
                msg,
                attrs,
                mtime: int_item(mtime)?,
            })
        },
    )
}

/// `getp2pmsg`.
pub(crate) fn p2p_messages(payload: &[u8]) -> Result<MessagePage<P2PMessage>, QuestError> {
    page(
        payload,
        |[id, direction, mtype, mid, deleted, msg, attrs, mtime]| {
            let (mtype, msg, attrs) = (
                int_item(mtype)?,
                body("msgs", Some(msg).filter(|v| !v.is_nil()))?,
                string_or_empty("msgs", Some(attrs).filter(|v| !v.is_nil()))?,
            );
            Ok(P2PMessage {
                id: int_item(id)?,
                direction: int_item(direction)?,
                mtype,
                mid: int_item(mid)?,
                deleted: deleted.as_bool().unwrap_or(false),
                file_info: FileInfo::of_message(mtype, &msg, &attrs),
                msg,
                attrs,
                mtime: int_item(mtime)?,
            })
        },
    )
}

/// `getmsg`: `id`, `mtype` (0), `msg`, `attrs` (""), `mtime` (0); the file info of a file
/// type.
pub(crate) fn message_info(payload: &[u8]) -> Result<MessageInfo, QuestError> {
    let [id, mtype, msg, attrs, mtime] = fields(payload, ["id", "mtype", "msg", "attrs", "mtime"])?;
    let (mtype, msg, attrs) = (
        int_or_zero("mtype", mtype)?,
        body("msg", msg)?,
        string_or_empty("attrs", attrs)?,
    );
    Ok(MessageInfo {
        id: int_or_zero("id", id)?,
        file_info: FileInfo::of_message(mtype, &msg, &attrs),
        mtype,
        msg,
        attrs,
        mtime: int_or_zero("mtime", mtime)?,
    })
}

/// `translate`: `source`, `target`, `sourceText`, `targetText` ("").
pub(crate) fn translation(payload: &[u8]) -> Result<TranslateResult, QuestError> {
    let [source, target, source_text, target_text] =
        fields(payload, ["source", "target", "sourceText", "targetText"])?;
    Ok(TranslateResult {
        source: string_or_empty("source", source)?,
        target: string_or_empty("target", target)?,
        source_text: string_or_empty("sourceText", source_text)?,
        target_text: string_or_empty("targetText", target_text)?,
    })
}

/// `profanity`: `text` (""), `classification` ([]).
pub(crate) fn profanity(payload: &[u8]) -> Result<ProfanityResult, QuestError> {
    let [text, classification] = fields(payload, ["text", "classification"])?;
    Ok(ProfanityResult {
        text: string_or_empty("text", text)?,
        classification: string_list("classification", classification)?,
    })
}

/// `transcribe`: `text`, `lang` ("").
pub(crate) fn transcription(payload: &[u8]) -> Result<TranscribeResult, QuestError> {
    let [text, lang] = fields(payload, ["text", "lang"])?;
    Ok(TranscribeResult {
        text: string_or_empty("text", text)?,
        lang: string_or_empty("lang", lang)?,
    })
}

/// An integer list whose items may also come as decimal strings (the check calls' `tags`).
fn code_list(field: &str, v: Option<RawValue<'_>>) -> Result<Vec<i32>, QuestError> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    v.as_array()
        .map_err(|e| unreadable(field, e))?
        .into_iter()
        .map(|item| {
            let code = id_key(field, item)?;
            i32::try_from(code).map_err(|_| unreadable(field, ReadError::WrongType("a code")))
        })
        .collect()
}

/// The check calls' `result`, mandatory: a missing one must not read as "passed".
fn check_result(v: Option<RawValue<'_>>) -> Result<i32, QuestError> {
    let v = v.ok_or_else(|| QuestError::decoding("unreadable answer: no result"))?;
    let result = v.as_i64().map_err(|e| unreadable("result", e))?;
    i32::try_from(result).map_err(|_| unreadable("result", ReadError::WrongType("a result")))
}

/// `tcheck`: `result` (mandatory), `text` (None), `tags` ([]), `wlist` ([]).
pub(crate) fn text_check(payload: &[u8]) -> Result<TextCheckResult, QuestError> {
    let [result, text, tags, wlist] = fields(payload, ["result", "text", "tags", "wlist"])?;
    Ok(TextCheckResult {
        result: check_result(result)?,
        text: opt_string("text", text)?,
        tags: code_list("tags", tags)?,
        wlist: string_list("wlist", wlist)?,
    })
}

/// `icheck`, `acheck`, `vcheck`: `result` (mandatory), `tags` ([]).
pub(crate) fn check(payload: &[u8]) -> Result<CheckResult, QuestError> {
    let [result, tags] = fields(payload, ["result", "tags"])?;
    Ok(CheckResult {
        result: check_result(result)?,
        tags: code_list("tags", tags)?,
    })
}

/// `speech2text`: `text` (""), `lang` ("").
pub(crate) fn speech_to_text(payload: &[u8]) -> Result<SpeechToTextResult, QuestError> {
    let [text, lang] = fields(payload, ["text", "lang"])?;
    Ok(SpeechToTextResult {
        text: string_or_empty("text", text)?,
        lang: string_or_empty("lang", lang)?,
    })
}

/// `buids` ([]).
pub(crate) fn buids(payload: &[u8]) -> Result<Vec<i64>, QuestError> {
    let [buids] = fields(payload, ["buids"])?;
    int_list("buids", buids)
}

/// `rids` ([]).
pub(crate) fn rids(payload: &[u8]) -> Result<Vec<i64>, QuestError> {
    let [rids] = fields(payload, ["rids"])?;
    int_list("rids", rids)
}

/// `successedUids` ([]), the service's spelling.
pub(crate) fn successed_uids(payload: &[u8]) -> Result<Vec<i64>, QuestError> {
    let [uids] = fields(payload, ["successedUids"])?;
    int_list("successedUids", uids)
}

/// A map keyed by ids (decimal strings or integers) of integer lists.
fn id_lists(field: &str, v: Option<RawValue<'_>>) -> Result<HashMap<i64, Vec<i64>>, QuestError> {
    let Some(v) = v else {
        return Ok(HashMap::new());
    };
    let mut out = HashMap::new();
    for entry in v.as_map().map_err(|e| unreadable(field, e))? {
        let (key, value) = entry.map_err(|e| unreadable(field, e))?;
        out.insert(
            id_key(field, key)?,
            int_list(field, Some(value).filter(|v| !v.is_nil()))?,
        );
    }
    Ok(out)
}

/// `getoption`: `p2p` ({}), `group` ({}).
pub(crate) fn device_push_option(payload: &[u8]) -> Result<DevicePushOption, QuestError> {
    let [p2p, group] = fields(payload, ["p2p", "group"])?;
    Ok(DevicePushOption {
        p2p: id_lists("p2p", p2p)?,
        group: id_lists("group", group)?,
    })
}

/// `getmsgnum`: `sender` (0), `num` (0).
pub(crate) fn message_num(payload: &[u8]) -> Result<MessageNum, QuestError> {
    let [sender, num] = fields(payload, ["sender", "num"])?;
    Ok(MessageNum {
        sender: int_or_zero("sender", sender)?,
        num: int_or_zero("num", num)?,
    })
}

/// `getRTCRoomMembers`: `uids` ([]), `administrators` (or `managers`, []), `owner` (0).
pub(crate) fn rtc_room_members(payload: &[u8]) -> Result<RtcRoomMembers, QuestError> {
    let [uids, administrators, managers, owner] =
        fields(payload, ["uids", "administrators", "managers", "owner"])?;
    Ok(RtcRoomMembers {
        uids: int_list("uids", uids)?,
        administrators: match administrators {
            Some(list) => int_list("administrators", Some(list))?,
            None => int_list("managers", managers)?,
        },
        owner: int_or_zero("owner", owner)?,
    })
}

/// `count` (0).
pub(crate) fn count(payload: &[u8]) -> Result<i64, QuestError> {
    let [count] = fields(payload, ["count"])?;
    int_or_zero("count", count)
}

/// `cn` (0), a single count.
pub(crate) fn cn(payload: &[u8]) -> Result<i64, QuestError> {
    let [cn] = fields(payload, ["cn"])?;
    int_or_zero("cn", cn)
}

fn small_int(field: &str, v: Option<RawValue<'_>>) -> Result<i32, QuestError> {
    i32::try_from(int_or_zero(field, v)?)
        .map_err(|_| unreadable(field, ReadError::WrongType("a 32-bit integer")))
}

/// `imserver_getapplygrant`: `grant_type` (0).
pub(crate) fn grant_type(payload: &[u8]) -> Result<i32, QuestError> {
    let [grant] = fields(payload, ["grant_type"])?;
    small_int("grant_type", grant)
}

/// `imserver_getinvitegrant`: `invite_type` (0), `invite_manage_type` (0).
pub(crate) fn invite_grant(payload: &[u8]) -> Result<InviteGrant, QuestError> {
    let [invite, manage] = fields(payload, ["invite_type", "invite_manage_type"])?;
    Ok(InviteGrant {
        invite_type: small_int("invite_type", invite)?,
        invite_manage_type: small_int("invite_manage_type", manage)?,
    })
}

/// `imserver_getuserinfos`, `imserver_getgroupinfos`: `infos` ({}), id → key → value; values
/// that are not strings are skipped.
pub(crate) fn im_infos(
    payload: &[u8],
) -> Result<HashMap<i64, HashMap<String, String>>, QuestError> {
    let [infos] = fields(payload, ["infos"])?;
    let Some(infos) = infos else {
        return Ok(HashMap::new());
    };
    let mut out = HashMap::new();
    for entry in infos.as_map().map_err(|e| unreadable("infos", e))? {
        let (id, values) = entry.map_err(|e| unreadable("infos", e))?;
        let mut map = HashMap::new();
        if !values.is_nil() {
            for entry in values.as_map().map_err(|e| unreadable("infos", e))? {
                let (key, value) = entry.map_err(|e| unreadable("infos", e))?;
                if let (Ok(key), Ok(value)) = (key.as_str_lossy(), value.as_str_lossy()) {
                    map.insert(key.into_owned(), value.into_owned());
                }
            }
        }
        out.insert(id_key("infos", id)?, map);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;

    /// The msgpack of a JSON-like value, for the interface 2.7 answers below.
    fn encode(value: rmpv::Value) -> Vec<u8> {
        let mut out = Vec::new();
        rmpv::encode::write_value(&mut out, &value).unwrap();
        out
    }

    fn map(entries: Vec<(&str, rmpv::Value)>) -> rmpv::Value {
        rmpv::Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    fn ints(values: &[i64]) -> rmpv::Value {
        rmpv::Value::Array(values.iter().map(|&v| v.into()).collect())
    }

    #[test]
    fn a_text_check_reads_string_tags_as_codes_and_needs_a_result() {
        // RTM-API-2.7.md 4.3 N1: {result: 2, text: "hello *****", tags: ["1", "4"], wlist: ["world"]}.
        let payload = encode(map(vec![
            ("result", 2.into()),
            ("text", "hello *****".into()),
            ("tags", rmpv::Value::Array(vec!["1".into(), 4.into()])),
            ("wlist", rmpv::Value::Array(vec!["world".into()])),
        ]));
        let read = text_check(&payload).unwrap();
        assert_eq!(read.result, 2);
        assert_eq!(read.text.as_deref(), Some("hello *****"));
        assert_eq!(read.tags, [1, 4]);
        assert_eq!(read.wlist, ["world"]);
        // N2: no text, so none was masked.
        let read = text_check(&encode(map(vec![("result", 0.into())]))).unwrap();
        assert_eq!((read.result, read.text, read.tags), (0, None, vec![]));
        // N4 (4.3): a check without `result` must not read as "passed".
        assert_eq!(text_check(&[0x80]).unwrap_err().code, codes::CORE_DECODING);
        assert_eq!(check(&[0x80]).unwrap_err().code, codes::CORE_DECODING);
        let bad_tag = encode(map(vec![
            ("result", 0.into()),
            ("tags", rmpv::Value::Array(vec!["x".into()])),
        ]));
        assert_eq!(check(&bad_tag).unwrap_err().code, codes::CORE_DECODING);
    }

    #[test]
    fn rtc_administrators_come_from_administrators_or_else_managers() {
        // N18: {uids: [1, 2], administrators: [1], managers: [2], owner: 1}.
        let both = encode(map(vec![
            ("uids", ints(&[1, 2])),
            ("administrators", ints(&[1])),
            ("managers", ints(&[2])),
            ("owner", 1.into()),
        ]));
        let read = rtc_room_members(&both).unwrap();
        assert_eq!(
            (read.uids, read.administrators, read.owner),
            (vec![1, 2], vec![1], 1)
        );
        let managers = encode(map(vec![("uids", ints(&[1, 2])), ("managers", ints(&[2]))]));
        let read = rtc_room_members(&managers).unwrap();
        assert_eq!((read.administrators, read.owner), (vec![2], 0));
    }

    #[test]
    fn device_push_options_and_im_infos_are_keyed_by_decimal_ids() {
        // N13: {p2p: {"2003": [30, 32]}, group: {"5005": [0]}}.
        let payload = encode(map(vec![
            (
                "p2p",
                rmpv::Value::Map(vec![("2003".into(), ints(&[30, 32]))]),
            ),
            ("group", rmpv::Value::Map(vec![(5005.into(), ints(&[0]))])),
        ]));
        let read = device_push_option(&payload).unwrap();
        assert_eq!(read.p2p[&2003], [30, 32]);
        assert_eq!(read.group[&5005], [0]);
        assert_eq!(
            device_push_option(&[0x80]).unwrap(),
            DevicePushOption::default()
        );
        // GO27: {infos: {"2002": {"nick": "alice", "level": 3}}}: a value that is not a
        // string is skipped.
        let payload = encode(map(vec![(
            "infos",
            rmpv::Value::Map(vec![(
                "2002".into(),
                map(vec![("nick", "alice".into()), ("level", 3.into())]),
            )]),
        )]));
        let read = im_infos(&payload).unwrap();
        assert_eq!(read[&2002].len(), 1);
        assert_eq!(read[&2002]["nick"], "alice");
    }

    #[test]
    fn counts_and_grants_default_to_zero() {
        // N25, N19, GO17, GO25, GO26 and their empty answers.
        let read =
            message_num(&encode(map(vec![("sender", 2.into()), ("num", 7.into())]))).unwrap();
        assert_eq!((read.sender, read.num), (2, 7));
        assert_eq!(message_num(&[0x80]).unwrap(), MessageNum::default());
        assert_eq!(count(&encode(map(vec![("count", 2.into())]))), Ok(2));
        assert_eq!(cn(&encode(map(vec![("cn", 12.into())]))), Ok(12));
        assert_eq!(grant_type(&[0x80]), Ok(0));
        let read = invite_grant(&encode(map(vec![("invite_type", 1.into())]))).unwrap();
        assert_eq!((read.invite_type, read.invite_manage_type), (1, 0));
        assert_eq!(
            successed_uids(&encode(map(vec![("successedUids", ints(&[2003]))]))),
            Ok(vec![2003])
        );
    }

    #[test]
    fn info_reads_str_or_bin_and_nil_or_missing_as_none() {
        // {"oinfo": bin "pub", "pinfo": nil}
        let payload = [
            0x82, 0xa5, b'o', b'i', b'n', b'f', b'o', 0xc4, 3, b'p', b'u', b'b', 0xa5, b'p', b'i',
            b'n', b'f', b'o', 0xc0,
        ];
        let read = info(&payload).unwrap();
        assert_eq!(read.oinfo.as_deref(), Some("pub"));
        assert_eq!(read.pinfo, None);
        assert_eq!(info(&[0x80]).unwrap(), Info::default());
    }

    #[test]
    fn ok_defaults_to_false_and_rejects_a_non_bool() {
        assert_eq!(ok(&[0x80]), Ok(false));
        assert_eq!(ok(&[0x81, 0xa2, b'o', b'k', 0xc3]), Ok(true));
        let err = ok(&[0x81, 0xa2, b'o', b'k', 0x01]).unwrap_err();
        assert_eq!(err.code, codes::CORE_DECODING);
    }

    #[test]
    fn room_counts_accept_string_and_integer_keys() {
        // {"cn": {"1001": 3, 1002: 4}}
        let payload = [
            0x81, 0xa2, b'c', b'n', 0x82, 0xa4, b'1', b'0', b'0', b'1', 0x03, 0xcd, 0x03, 0xea,
            0x04,
        ];
        assert_eq!(
            room_counts(&payload).unwrap(),
            HashMap::from([(1001, 3), (1002, 4)])
        );
    }

    /// A history page: `rows` are written as they come (each one encoded value).
    fn history(rows: &[Vec<u8>]) -> Vec<u8> {
        let mut payload = Vec::new();
        let mut w = crate::wire::codec::msgpack::PayloadWriter::new(&mut payload);
        w.map_len(5);
        w.key("num").int(rows.len() as i64);
        w.key("lastid").int(77);
        w.key("begin").int(10);
        w.key("end").int(20);
        w.key("msgs").array_len(rows.len() as u32);
        for row in rows {
            w.raw(row);
        }
        payload
    }

    /// A well-formed row with id `id`; `replace` puts these bytes at this item instead.
    fn row(id: i64, replace: Option<(usize, &[u8])>) -> Vec<u8> {
        row_with(id, replace.as_slice())
    }

    /// A well-formed row with id `id`, each `(item, bytes)` replacing an item.
    fn row_with(id: i64, replace: &[(usize, &[u8])]) -> Vec<u8> {
        use crate::wire::codec::msgpack::PayloadWriter;
        let int = |v: i64| {
            let mut out = Vec::new();
            PayloadWriter::new(&mut out).int(v);
            out
        };
        let mut items = vec![
            int(id),
            int(5),
            int(30),
            int(id * 100),
            vec![0xc2],
            b"\xa5hello".to_vec(),
            vec![0xa0],
            int(1_700_000_000_000),
        ];
        for &(at, bytes) in replace {
            items[at] = bytes.to_vec();
        }
        let mut out = Vec::new();
        let mut w = PayloadWriter::new(&mut out);
        w.array_len(8);
        for item in &items {
            w.raw(item);
        }
        out
    }

    #[test]
    fn a_history_row_with_a_mistyped_item_is_skipped_and_the_others_come_through() {
        // id as a str, msg as an integer, mtime as a map, mid as an integer too large for
        // i64: each spoils its row only.
        let mistyped: [(usize, &[u8]); 4] = [
            (0, &[0xa1, b'x']),
            (5, &[0x07]),
            (7, &[0x80]),
            (3, &[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ];
        for (at, bytes) in mistyped {
            let rows = [row(1, None), row(2, Some((at, bytes))), row(3, None)];
            let payload = history(&rows);

            let page = messages(&payload).unwrap();
            let ids: Vec<i64> = page.msgs.iter().map(|m| m.id).collect();
            assert_eq!(ids, [1, 3], "item {at} mistyped");
            assert_eq!(
                (page.num, page.lastid, page.begin, page.end),
                (3, 77, 10, 20)
            );
            assert_eq!(page.msgs[1].mid, 300);
            assert_eq!(page.msgs[1].msg, MessageBody::Text("hello".into()));

            let page = p2p_messages(&payload).unwrap();
            let ids: Vec<i64> = page.msgs.iter().map(|m| m.id).collect();
            assert_eq!(ids, [1, 3], "item {at} mistyped");
            assert_eq!(page.msgs[0].direction, 5);
        }
    }

    #[test]
    fn a_history_page_whose_every_row_is_mistyped_is_an_empty_page() {
        let payload = history(&[row(1, Some((0, &[0xc3]))), vec![0x93, 1, 2, 3]]);
        let page = messages(&payload).unwrap();
        assert!(page.msgs.is_empty());
        assert_eq!(page.lastid, 77);
    }

    #[test]
    fn a_payload_that_is_not_a_map_is_unreadable() {
        assert_eq!(
            uids(&[0x93, 1, 2, 3]).unwrap_err().code,
            codes::CORE_DECODING
        );
        assert_eq!(token(&[0xc1]).unwrap_err().code, codes::CORE_DECODING);
    }

    const CH2_HEX: &str = concat!(
        "85a36e756d02a66c6173746964cd03eaa5626567696ecf0000018bcfe56802a3656e64cf0000018bcfe5",
        "6804a46d7367739298cd03eccd0bbb20ce000aae64c2ad686973746f727920636d642034a0cf0000018b",
        "cfe5680498cd03eacd0bbb1ece000aae62c2ae686973746f727920636861742032a0cf0000018bcfe568",
        "02",
    );
    const CH14_HEX: &str = concat!(
        "85a36e756d02a66c6173746964cd07d6a5626567696ecf000001a2416d600da3656e64cf000001a2416d",
        "6017a46d7367739298cd07dacd07d329cf0000011f71fb04f3c2d9237b2275726c223a2268747470733a",
        "2f2f662f782e616d72222c2273697a65223a31307dd9477b2272746d223a7b2274797065223a22617564",
        "696f6d7367222c226c616e67223a22656e222c226475726174696f6e223a3930307d2c22637573746f6d",
        "223a7b226b223a317d7dcf000001a2416d601798cd07d6cd07d232cf0068905b58032480c2d94e7b2275",
        "726c223a2268747470733a2f2f66696c65732e6578616d706c652f356532326432636134343161343736",
        "65366432323635383234356239393566652e62696e222c2273697a65223a32347dd9217b2272746d223a",
        "7b22657874223a2262696e227d2c22637573746f6d223a22227dcf000001a2416d600d",
    );
    const CH14B_HEX: &str = concat!(
        "85a36e756d01a66c6173746964cd07d5a5626567696ecf000001a2416d6009a3656e64cf000001a2416d",
        "6009a46d7367739198cd07d5cd07d228cf0068905b58022480c2d99c7b2275726c223a2268747470733a",
        "2f2f66696c65732e6578616d706c652f3565323264326361343431613437366536643232363538323435",
        "6239393566652e62696e222c2273697a65223a32342c227375726c223a2268747470733a2f2f66696c65",
        "732e6578616d706c652f3565323264326361343431613437366536643232363538323435623939356665",
        "2e62696e3f7468756d626e61696c227dd9217b2272746d223a7b22657874223a2262696e227d2c226375",
        "73746f6d223a22227dcf000001a2416d6009",
    );
    const CH14C_HEX: &str = concat!(
        "85a36e756d02a66c6173746964cd07d4a5626567696ecf000001a2416d6005a3656e64cf000001a2416d",
        "6011a46d7367739298cd07d70132cf0068905b58046480c2d94e7b2275726c223a2268747470733a2f2f",
        "66696c65732e6578616d706c652f35653232643263613434316134373665366432323635383234356239",
        "393566652e62696e222c2273697a65223a32347dd9217b2272746d223a7b22657874223a2262696e227d",
        "2c22637573746f6d223a22227dcf000001a2416d601198cd07d40132cf0068905b58016480c2d94e7b22",
        "75726c223a2268747470733a2f2f66696c65732e6578616d706c652f3565323264326361343431613437",
        "3665366432323635383234356239393566652e62696e222c2273697a65223a32347dd9217b2272746d22",
        "3a7b22657874223a2262696e227d2c22637573746f6d223a22227dcf000001a2416d6005",
    );
    const CH14D_HEX: &str = concat!(
        "85a36e756d01a66c6173746964cd07d9a5626567696ecf000001a2416d6015a3656e64cf000001a2416d",
        "6015a46d7367739198cd07d9cd07d232cf0068905b58056480c2d94e7b2275726c223a2268747470733a",
        "2f2f66696c65732e6578616d706c652f3565323264326361343431613437366536643232363538323435",
        "6239393566652e62696e222c2273697a65223a32347dd9217b2272746d223a7b22657874223a2262696e",
        "227d2c22637573746f6d223a22227dcf000001a2416d6015",
    );

    /// The answer payload of a vector of `rtm-api-2.7-quests.json` (the reference server's
    /// answer to py-latest), decoded from its hex.
    fn vector_answer(hex: &str) -> Vec<u8> {
        hex::decode(hex).unwrap()
    }

    /// The file info a row of the vectors' stored files has (CH10-CH13 sent them).
    fn stored_file(surl: &str) -> FileInfo {
        FileInfo {
            url: "https://files.example/5e22d2ca441a476e6d22658245b995fe.bin".into(),
            size: 24,
            surl: surl.into(),
            ext: Some("bin".into()),
            custom_attrs: Some(String::new()),
            ..FileInfo::default()
        }
    }

    #[test]
    fn ch14_group_history_rows_of_file_types_carry_their_file_info() {
        let page = messages(&vector_answer(CH14_HEX)).unwrap();
        assert_eq!((page.num, page.lastid, page.msgs.len()), (2, 2006, 2));
        let voice = &page.msgs[0];
        assert_eq!((voice.id, voice.from_uid, voice.mtype), (2010, 2003, 41));
        assert_eq!(
            voice.file_info,
            Some(FileInfo {
                url: "https://f/x.amr".into(),
                size: 10,
                is_rtm_audio: true,
                language: "en".into(),
                duration: 900,
                custom_attrs: Some(r#"{"k":1}"#.into()),
                ..FileInfo::default()
            })
        );
        // The raw msg and attrs stay as they came.
        assert_eq!(
            voice.msg,
            MessageBody::Text(r#"{"url":"https://f/x.amr","size":10}"#.into())
        );
        assert_eq!(
            voice.attrs,
            r#"{"rtm":{"type":"audiomsg","lang":"en","duration":900},"custom":{"k":1}}"#
        );
        let file = &page.msgs[1];
        assert_eq!(
            (file.id, file.mtype, file.mid),
            (2006, 50, 29432119570932864)
        );
        assert_eq!(file.file_info, Some(stored_file("")));
    }

    #[test]
    fn ch14b_room_history_reads_an_image_with_its_thumbnail() {
        let page = messages(&vector_answer(CH14B_HEX)).unwrap();
        assert_eq!(page.msgs.len(), 1);
        assert_eq!(page.msgs[0].mtype, 40);
        assert_eq!(
            page.msgs[0].file_info,
            Some(stored_file(
                "https://files.example/5e22d2ca441a476e6d22658245b995fe.bin?thumbnail"
            ))
        );
    }

    #[test]
    fn ch14c_p2p_and_ch14d_broadcast_history_read_other_files() {
        let page = p2p_messages(&vector_answer(CH14C_HEX)).unwrap();
        let rows: Vec<_> = page
            .msgs
            .iter()
            .map(|m| (m.id, m.direction, m.mtype))
            .collect();
        assert_eq!(rows, [(2007, 1, 50), (2004, 1, 50)]);
        for row in &page.msgs {
            assert_eq!(row.file_info, Some(stored_file("")));
        }
        let page = messages(&vector_answer(CH14D_HEX)).unwrap();
        assert_eq!((page.msgs[0].id, page.msgs[0].mtype), (2009, 50));
        assert_eq!(page.msgs[0].file_info, Some(stored_file("")));
    }

    #[test]
    fn ch2_chat_rows_have_no_file_info() {
        let page = messages(&vector_answer(CH2_HEX)).unwrap();
        assert_eq!(page.msgs.len(), 2);
        assert!(page.msgs.iter().all(|m| m.file_info.is_none()));
    }

    #[test]
    fn a_file_row_that_describes_no_file_is_kept_without_file_info() {
        let text = |s: &str| {
            let mut out = Vec::new();
            crate::wire::codec::msgpack::PayloadWriter::new(&mut out).str(s);
            out
        };
        let file_row = |id: i64, msg: &str, attrs: &str| {
            row_with(id, &[(2, &[40]), (5, &text(msg)), (6, &text(attrs))])
        };
        let rows = [
            file_row(1, "not a file", ""),
            file_row(2, r#"{"url":"https://f/a","size":3}"#, "{bad attrs"),
            file_row(
                3,
                r#"{"url":"https://f/b"}"#,
                r#"{"rtm":{"type":"audiomsg"}}"#,
            ),
        ];
        let page = messages(&history(&rows)).unwrap();
        let infos: Vec<_> = page.msgs.iter().map(|m| m.file_info.clone()).collect();
        assert_eq!(page.msgs.len(), 3, "every row is kept");
        assert_eq!(infos[0], None);
        let partial = infos[1].as_ref().unwrap();
        assert_eq!((partial.url.as_str(), partial.size), ("https://f/a", 3));
        assert!(!partial.is_rtm_audio);
        assert!(infos[2].as_ref().unwrap().is_rtm_audio);
    }

    #[test]
    fn getmsg_of_a_file_type_carries_its_file_info() {
        let answer = |mtype: i64| {
            let mut payload = Vec::new();
            let mut w = crate::wire::codec::msgpack::PayloadWriter::new(&mut payload);
            w.map_len(5);
            w.key("id").int(7);
            w.key("mtype").int(mtype);
            w.key("msg").str(r#"{"url":"https://f/v.mp4","size":1024}"#);
            w.key("attrs")
                .str(r#"{"rtm":{"ext":"mp4"},"custom":{"k":1}}"#);
            w.key("mtime").int(1);
            payload
        };
        let info = message_info(&answer(42)).unwrap();
        let file = info.file_info.unwrap();
        assert_eq!((file.url.as_str(), file.size), ("https://f/v.mp4", 1024));
        assert_eq!(file.ext.as_deref(), Some("mp4"));
        assert_eq!(message_info(&answer(51)).unwrap().file_info, None);
    }
}
