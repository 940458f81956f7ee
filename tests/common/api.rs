//! The official SDK's vectors of every call (`tests/data/rtm-api-quests.json`).

use serde_json::Value;

/// The strings of a JSON array (a vector's `key_order`, `varying`).
pub fn strs(list: &Value) -> Vec<&str> {
    let list = list.as_array().expect("a list");
    list.iter().map(|k| k.as_str().expect("a string")).collect()
}

/// The vectors of the calls the tour makes (the file calls aside), in the file's order.
pub fn vectors() -> Vec<Value> {
    let json: Value = serde_json::from_str(include_str!("../data/rtm-api-quests.json")).unwrap();
    json["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            // The file calls (F*, PF*) belong to the file gateway.
            let id = c["id"].as_str().unwrap();
            id.starts_with("FR") || !id.starts_with('F') && !id.starts_with("PF")
        })
        .cloned()
        .collect()
}

/// A vector's `returned` without its error slot and `_type` tags; `None` where a value
/// varies per run.
pub fn expected(vector: &Value) -> Option<Value> {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| *k != "_type")
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    if !vector["returned_varying"].as_array().unwrap().is_empty() {
        return None;
    }
    let returned = strip(&vector["returned"]);
    Some(match returned {
        Value::Array(mut values) => {
            values.pop(); // the error slot
            if values.len() == 1 {
                values.pop().unwrap()
            } else {
                Value::Array(values)
            }
        }
        other => other,
    })
}

/// The values the mock gives in the tour's order, where they are the reference
/// server's: the vector's `returned`.
pub const SAME_AS_REFERENCE: [&str; 22] = [
    "U1", "U5", "U8", "U9", "FR2", "FR3", "FR4", "G2", "G3", "G4", "G6", "G9", "R3", "R5", "DA2",
    "DA4", "C33", "C34", "C35", "C36", "C37", "C38",
];

/// The msgpack format names of the vector file (`uint16`, `fixstr`, `fixarray[...]`...) of
/// the value at the start of `b`, and its length.
pub fn format(b: &[u8]) -> (String, usize) {
    let be = |n: usize| b[1..1 + n].iter().fold(0usize, |a, &x| a << 8 | x as usize);
    let seq = |name: &str, header: usize, count: usize| {
        let mut at = header;
        let mut items = Vec::new();
        for _ in 0..count {
            let (f, len) = format(&b[at..]);
            items.push(f);
            at += len;
        }
        (format!("{name}[{}]", items.join(", ")), at)
    };
    match b[0] {
        0x00..=0x7f => ("positive_fixint".into(), 1),
        0x80..=0x8f => {
            let mut at = 1;
            let mut items = Vec::new();
            for _ in 0..(b[0] & 0x0f) {
                let (key, len) = format(&b[at..]);
                at += len;
                let (value, len) = format(&b[at..]);
                at += len;
                items.push(format!("{key}: {value}"));
            }
            (format!("fixmap{{{}}}", items.join(", ")), at)
        }
        0x90..=0x9f => seq("fixarray", 1, (b[0] & 0x0f) as usize),
        0xa0..=0xbf => ("fixstr".into(), 1 + (b[0] & 0x1f) as usize),
        0xc0 => ("nil".into(), 1),
        0xc2 => ("false".into(), 1),
        0xc3 => ("true".into(), 1),
        0xc4 => ("bin8".into(), 2 + be(1)),
        0xc5 => ("bin16".into(), 3 + be(2)),
        0xcc => ("uint8".into(), 2),
        0xcd => ("uint16".into(), 3),
        0xce => ("uint32".into(), 5),
        0xcf => ("uint64".into(), 9),
        0xd0 => ("int8".into(), 2),
        0xd9 => ("str8".into(), 2 + be(1)),
        0xda => ("str16".into(), 3 + be(2)),
        0xdc => seq("array16", 3, be(2)),
        0xe0..=0xff => ("negative_fixint".into(), 1),
        other => panic!("unexpected msgpack marker {other:#x}"),
    }
}

/// The keys, formats and values of a quest's payload map, in order.
pub fn entries(payload: &[u8]) -> Vec<(String, String, rmpv::Value)> {
    let count = match payload[0] {
        0x80..=0x8f => (payload[0] & 0x0f) as usize,
        other => panic!("payload is not a fixmap: {other:#x}"),
    };
    let mut at = 1;
    let mut out = Vec::new();
    for _ in 0..count {
        let mut rest = &payload[at..];
        let key = rmpv::decode::read_value(&mut rest).unwrap();
        at = payload.len() - rest.len();
        let (fmt, len) = format(&payload[at..]);
        let value = rmpv::decode::read_value(&mut &payload[at..at + len]).unwrap();
        at += len;
        out.push((key.as_str().unwrap().to_string(), fmt, value));
    }
    out
}

/// A JSON value of a vector file as msgpack, for comparing parameters (`{"bin": hex}` is
/// bytes).
pub fn to_rmpv(v: &Value) -> rmpv::Value {
    match v {
        Value::Null => rmpv::Value::Nil,
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| n.as_u64().unwrap().into(), Into::into),
        Value::String(s) => s.as_str().into(),
        Value::Array(a) => rmpv::Value::Array(a.iter().map(to_rmpv).collect()),
        Value::Object(m) => match m.get("bin").and_then(Value::as_str) {
            Some(bytes) => rmpv::Value::Binary(hex::decode(bytes).unwrap()),
            None => rmpv::Value::Map(
                m.iter()
                    .map(|(k, v)| (k.as_str().into(), to_rmpv(v)))
                    .collect(),
            ),
        },
    }
}

/// One ended call of a timeout test: its id, its form, its outcome, how long it took.
pub type Ended = (
    &'static str,
    &'static str,
    Result<Value, rtm_server_sdk::QuestError>,
    std::time::Duration,
);

/// Checks that every call reported on `ended` timed out, no earlier than `timeout` and
/// within [`PROMPT`](super::PROMPT) after it; gives how many ended.
pub fn count_timeouts(
    ended: std::sync::mpsc::Receiver<Ended>,
    timeout: std::time::Duration,
) -> usize {
    let mut count = 0;
    for (id, form, outcome, elapsed) in ended.iter() {
        let error = outcome.expect_err(id);
        assert!(error.is_timeout(), "{id} {form}: {error}");
        assert!(elapsed >= timeout, "{id} {form}: ended early, {elapsed:?}");
        assert!(
            elapsed < timeout + super::PROMPT,
            "{id} {form}: ended late, {elapsed:?}"
        );
        count += 1;
    }
    count
}
