//! What the file gateway checks: the content's sign and the file's attributes, in the
//! Python 2.0 SDK's flat form or the nested form of the interface 2.7 SDKs.

use md5::{Digest, Md5};

use crate::types::file::AudioInfo;

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

/// What makes a file's `attrs` the nested form: the sender's own attributes, a voice
/// message's description, a file name. Owned: a send may build its attrs on another thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NestedAttrs {
    /// `custom`: a JSON object's text, sent as that object, or any other text, sent as a
    /// JSON string.
    pub custom: Option<String>,
    /// `rtm.type = "audiomsg"` and the voice message's `lang`, `duration`, `codec`, `srate`.
    pub audio: Option<AudioInfo>,
    /// `rtm.filename`.
    pub file_name: Option<String>,
}

/// A JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The gateway quest's `attrs` in the nested form of the interface 2.7 SDKs, compact JSON
/// with its keys in this order: `{"rtm":{"sign":..,"ext":..?,"filename":..?,
/// "type":"audiomsg"?,"lang":..?,"duration":..?,"codec":..?,"srate":..?},"custom":..}`.
/// `ext` is taken from `name` as in the flat form; `custom` is `""` when not given.
pub(crate) fn nested_file_attrs(sign: &str, name: &str, nested: &NestedAttrs) -> String {
    let mut rtm = format!("{{\"sign\":{}", json_string(sign));
    if let Some(ext) = extension(name) {
        rtm.push_str(&format!(",\"ext\":{}", json_string(ext)));
    }
    if let Some(file_name) = &nested.file_name {
        rtm.push_str(&format!(",\"filename\":{}", json_string(file_name)));
    }
    if let Some(audio) = &nested.audio {
        rtm.push_str(&format!(
            ",\"type\":\"audiomsg\",\"lang\":{},\"duration\":{}",
            json_string(&audio.lang),
            audio.duration_ms
        ));
        if let Some(codec) = &audio.codec {
            rtm.push_str(&format!(",\"codec\":{}", json_string(codec)));
        }
        if let Some(srate) = audio.srate {
            rtm.push_str(&format!(",\"srate\":{srate}"));
        }
    }
    rtm.push('}');
    let custom = match nested.custom.as_deref() {
        None => json_string(""),
        Some(text) if is_json_object(text) => text.trim().to_owned(),
        Some(text) => json_string(text),
    };
    format!("{{\"rtm\":{rtm},\"custom\":{custom}}}")
}

/// Whether `text` is one JSON object.
fn is_json_object(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.is_object())
}

/// The gateway quest's `attrs`: the Python SDK's flat form without `nested`, the nested
/// form with it.
pub(crate) fn attrs_for(sign: &str, name: &str, nested: Option<&NestedAttrs>) -> String {
    match nested {
        None => file_attrs(sign, name),
        Some(nested) => nested_file_attrs(sign, name, nested),
    }
}
