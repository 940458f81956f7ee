//! Readers of answer payloads, one per answer shape (RTM-API.md section 0.5). A key that is
//! missing or nil takes the documented default; a mandatory key that is missing, or a key
//! of the wrong type, is an unreadable answer (20006), except in a history row: a row that
//! cannot be read is skipped (and logged), not the page. Strings may come as str or bin,
//! and bytes that are not UTF-8 are read lossily; map keys may be strings or integers.

use std::collections::HashMap;

use crate::error::QuestError;
use crate::types::chat::{ProfanityResult, TranscribeResult, TranslateResult};
use crate::types::info::Info;
use crate::types::message::{Message, MessageBody, MessageInfo, MessagePage, P2PMessage};
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
/// keeps its other rows, and one warning per page says how many were skipped and why.
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
            Ok(Message {
                id: int_item(id)?,
                from_uid: int_item(from)?,
                mtype: int_item(mtype)?,
                mid: int_item(mid)?,
                deleted: deleted.as_bool().unwrap_or(false),
                msg: body("msgs", Some(msg).filter(|v| !v.is_nil()))?,
                attrs: string_or_empty("msgs", Some(attrs).filter(|v| !v.is_nil()))?,
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
            Ok(P2PMessage {
                id: int_item(id)?,
                direction: int_item(direction)?,
                mtype: int_item(mtype)?,
                mid: int_item(mid)?,
                deleted: deleted.as_bool().unwrap_or(false),
                msg: body("msgs", Some(msg).filter(|v| !v.is_nil()))?,
                attrs: string_or_empty("msgs", Some(attrs).filter(|v| !v.is_nil()))?,
                mtime: int_item(mtime)?,
            })
        },
    )
}

/// `getmsg`: `id`, `mtype` (0), `msg`, `attrs` (""), `mtime` (0).
pub(crate) fn message_info(payload: &[u8]) -> Result<MessageInfo, QuestError> {
    let [id, mtype, msg, attrs, mtime] = fields(payload, ["id", "mtype", "msg", "attrs", "mtime"])?;
    Ok(MessageInfo {
        id: int_or_zero("id", id)?,
        mtype: int_or_zero("mtype", mtype)?,
        msg: body("msg", msg)?,
        attrs: string_or_empty("attrs", attrs)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;

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
        if let Some((at, bytes)) = replace {
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
}
