//! What the file gateway checks: the content's sign and the file's attributes.

use md5::{Digest, Md5};

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
