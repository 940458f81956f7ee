//! Files as data: what to send, and the token to send it with.

use std::path::Path;

use crate::types::message::MessageBody;

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

/// The message types of files, 40..=50 (spec RTM-API-2.7 section 3.15).
/// History rows of these types carry a [`FileInfo`], and a `pushmsg`, `pushgroupmsg` or
/// `pushroommsg` of one of them is a file push.
pub const FILE_MTYPES: std::ops::RangeInclusive<i64> = 40..=50;
/// An image file (40).
pub const MTYPE_IMAGE: i64 = 40;
/// An audio file (41); a voice message when its attributes say so (see [`AudioInfo`]).
pub const MTYPE_AUDIO: i64 = 41;
/// A video file (42).
pub const MTYPE_VIDEO: i64 = 42;
/// Any other file (50; the go SDK's default).
pub const MTYPE_OTHER: i64 = 50;

/// What a file message says about its file: read from the message's `msg` and `attrs`, as
/// [`FileInfo::parse`] does.
///
/// The service describes a stored file in two JSON texts: `msg`
/// `{"url": "...", "size": 10, "surl": "..."}` (`surl`: a thumbnail, for images) and `attrs`
/// `{"rtm": {"ext": "amr", "type": "audiomsg", "lang": "en", "duration": 900, ...},
/// "custom": <the sender's own attributes>}`. Files sent in the Python 2.0 form have flat
/// attributes (`{"sign": "...", "ext": "txt"}`), and older services push the bare URL as
/// `msg`: both are read too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileInfo {
    /// Where the file can be downloaded.
    pub url: String,
    /// Its size in bytes (0 when the service does not say).
    pub size: i64,
    /// A thumbnail's URL (images), or empty.
    pub surl: String,
    /// Whether it is a voice message (`"type": "audiomsg"` in the `rtm` attributes).
    pub is_rtm_audio: bool,
    /// The language of a voice message (`lang`), or empty.
    pub language: String,
    /// The length of a voice message in milliseconds, or 0.
    pub duration: i64,
    /// The codec of a voice message, when given.
    pub codec: Option<String>,
    /// The sample rate of a voice message, when given.
    pub srate: Option<i64>,
    /// The file's extension (`ext`), when given.
    pub ext: Option<String>,
    /// The file's name (`filename`), when given.
    pub file_name: Option<String>,
    /// The sender's own attributes (`custom` of the nested form): a JSON object as its JSON
    /// text as the message carries it (a push as sent; history as the service stores it,
    /// which may reformat it), a string as the string. `None` when there is no `custom` (the
    /// flat form) or it is null.
    pub custom_attrs: Option<String>,
}

impl FileInfo {
    /// Reads a file message's `msg` and `attrs`; never fails on what it cannot read.
    ///
    /// - `msg` must be a JSON object with a string `url` (then `size` and `surl` are read,
    ///   a missing or mistyped one as 0 or empty), or a bare `http://` or `https://` URL
    ///   (the older form: `size` 0). Anything else is not a file description: `None`.
    /// - `attrs` add what they hold: the nested form's `rtm` object (`type`, `lang`,
    ///   `duration`, `codec`, `srate`, `ext`, `filename`) and `custom`, or the flat form's
    ///   `ext`. Attributes that are not a JSON object, or a mistyped field, leave those
    ///   fields at their defaults: the info is then partial, never `None` for it.
    ///
    /// Numbers may be JSON integers of any size that fits an `i64`, integral floats
    /// (`900.0`) or decimal strings (`"900"`).
    ///
    /// ```
    /// use rtm_server_sdk::file::FileInfo;
    ///
    /// let info = FileInfo::parse(
    ///     r#"{"url":"https://f/x.amr","size":10}"#,
    ///     r#"{"rtm":{"type":"audiomsg","lang":"en","duration":900},"custom":{"k":1}}"#,
    /// )
    /// .unwrap();
    /// assert_eq!((info.url.as_str(), info.size), ("https://f/x.amr", 10));
    /// assert!(info.is_rtm_audio);
    /// assert_eq!((info.language.as_str(), info.duration), ("en", 900));
    /// assert_eq!(info.custom_attrs.as_deref(), Some(r#"{"k":1}"#));
    /// assert_eq!(FileInfo::parse("not a file", ""), None);
    /// ```
    pub fn parse(msg: &str, attrs: &str) -> Option<FileInfo> {
        let mut info = FileInfo::default();
        let msg = msg.trim();
        if msg.starts_with('{') {
            let serde_json::Value::Object(msg) = serde_json::from_str(msg).ok()? else {
                return None;
            };
            info.url = msg.get("url")?.as_str()?.to_owned();
            info.size = msg.get("size").and_then(json_int).unwrap_or(0);
            info.surl = msg
                .get("surl")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned();
        } else if is_url(msg) {
            info.url = msg.to_owned();
        } else {
            return None;
        }
        info.read_attrs(attrs);
        Some(info)
    }

    /// [`parse`](Self::parse) on a message body: a binary body is read as text when it is
    /// UTF-8 (else `None`).
    pub(crate) fn of_body(msg: &MessageBody, attrs: &str) -> Option<FileInfo> {
        match msg {
            MessageBody::Text(text) => FileInfo::parse(text, attrs),
            MessageBody::Binary(bytes) => FileInfo::parse(std::str::from_utf8(bytes).ok()?, attrs),
        }
    }

    /// The file of a history row or a looked-up message: `None` unless `mtype` is a file
    /// type ([`FILE_MTYPES`]).
    pub(crate) fn of_message(mtype: i64, msg: &MessageBody, attrs: &str) -> Option<FileInfo> {
        FILE_MTYPES
            .contains(&mtype)
            .then(|| FileInfo::of_body(msg, attrs))
            .flatten()
    }

    /// Adds what `attrs` hold (see [`parse`](Self::parse)).
    fn read_attrs(&mut self, attrs: &str) {
        use serde_json::Value;
        use serde_json::value::RawValue;
        // Raw values keep `custom` as sent.
        let Ok(top) =
            serde_json::from_str::<std::collections::BTreeMap<String, &RawValue>>(attrs.trim())
        else {
            return;
        };
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        let rtm = top
            .get("rtm")
            .and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok())
            .filter(Value::is_object);
        match rtm {
            Some(rtm) => {
                self.is_rtm_audio = rtm.get("type").and_then(Value::as_str) == Some("audiomsg");
                self.language = text(&rtm, "lang").unwrap_or_default();
                self.duration = rtm.get("duration").and_then(json_int).unwrap_or(0);
                self.codec = text(&rtm, "codec");
                self.srate = rtm.get("srate").and_then(json_int);
                self.ext = text(&rtm, "ext");
                self.file_name = text(&rtm, "filename");
            }
            None => {
                self.ext = top
                    .get("ext")
                    .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok());
            }
        }
        self.custom_attrs = top.get("custom").and_then(|raw| {
            match serde_json::from_str::<Option<String>>(raw.get()) {
                Ok(text) => text,
                Err(_) => Some(raw.get().to_owned()),
            }
        });
    }
}

/// A `http://` or `https://` URL without spaces: the older services' file `msg`.
fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !text.contains(char::is_whitespace)
}

/// A JSON number (an integer, or an integral float, in range) or a decimal string, as an
/// `i64`.
fn json_int(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            // i64::MAX as f64 rounds up to 2^63, which is out of range.
            (f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64).then_some(f as i64)
        }),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A voice message's description, for the file sends' `audio` setter (the nested attrs'
/// `rtm` object: `"type": "audiomsg"`, `lang`, `duration`, and `codec` and `srate` when
/// given). Send voice messages with [`MTYPE_AUDIO`] (41).
///
/// ```
/// use rtm_server_sdk::file::AudioInfo;
///
/// let audio = AudioInfo::new("en", 900).codec("amr-wb").srate(16000);
/// assert_eq!((audio.lang.as_str(), audio.duration_ms), ("en", 900));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AudioInfo {
    /// The language spoken (`lang`), such as `"en"`.
    pub lang: String,
    /// The length in milliseconds (`duration`).
    pub duration_ms: i64,
    /// The codec (`codec`), when given.
    pub codec: Option<String>,
    /// The sample rate (`srate`), when given.
    pub srate: Option<i64>,
}

impl AudioInfo {
    /// A voice message in language `lang`, `duration_ms` long.
    pub fn new(lang: impl Into<String>, duration_ms: i64) -> Self {
        AudioInfo {
            lang: lang.into(),
            duration_ms,
            codec: None,
            srate: None,
        }
    }

    /// Sets the codec.
    pub fn codec(mut self, codec: impl Into<String>) -> Self {
        self.codec = Some(codec.into());
        self
    }

    /// Sets the sample rate.
    pub fn srate(mut self, srate: i64) -> Self {
        self.srate = Some(srate);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_row_of_a_voice_message_reads_as_py_latest_reads_it() {
        // RTM-API-2.7 section 3.6, observed.
        let info = FileInfo::parse(
            r#"{"url":"https://f/x.amr","size":10}"#,
            r#"{"rtm":{"type":"audiomsg","lang":"en","duration":900},"custom":{"k":1}}"#,
        )
        .unwrap();
        let want = FileInfo {
            url: "https://f/x.amr".into(),
            size: 10,
            is_rtm_audio: true,
            language: "en".into(),
            duration: 900,
            custom_attrs: Some(r#"{"k":1}"#.into()),
            ..FileInfo::default()
        };
        assert_eq!(info, want);
    }

    #[test]
    fn numbers_are_read_whole_from_integers_integral_floats_and_decimal_strings() {
        // Spec X13: go truncates to int32 and so reads 0; here every form of a number counts.
        let attrs = |duration: &str, srate: &str| {
            format!(r#"{{"rtm":{{"type":"audiomsg","duration":{duration},"srate":{srate}}}}}"#)
        };
        let msg = r#"{"url":"u","size":5000000000}"#;
        for (duration, srate, want) in [
            ("900", "16000", (900, Some(16000))),
            ("900.0", "16000.0", (900, Some(16000))),
            (r#""900""#, r#"" 16000 ""#, (900, Some(16000))),
            (
                "4294967296000",
                "9223372036854775807",
                (4_294_967_296_000, Some(i64::MAX)),
            ),
            ("900.5", "1.5", (0, None)),
            ("true", "null", (0, None)),
            ("18446744073709551615", r#""x""#, (0, None)),
        ] {
            let info = FileInfo::parse(msg, &attrs(duration, srate)).unwrap();
            assert_eq!((info.duration, info.srate), want, "{duration} {srate}");
            assert_eq!(info.size, 5_000_000_000);
            assert!(info.is_rtm_audio);
        }
    }

    #[test]
    fn a_msg_that_describes_no_file_gives_none_and_bad_attrs_a_partial_info() {
        for msg in [
            "",
            "hello",
            "{",
            r#"{"size":10}"#,
            r#"{"url":10}"#,
            "[1,2]",
            "ftp://host/file",
            "https://host/a file",
        ] {
            assert_eq!(FileInfo::parse(msg, r#"{"rtm":{}}"#), None, "{msg:?}");
        }
        for attrs in [
            "",
            "not json",
            "[]",
            r#"{"rtm":"x"}"#,
            r#"{"rtm":{"duration":{}}}"#,
        ] {
            let info =
                FileInfo::parse(r#" {"url":"https://f/a","size":"x","surl":1} "#, attrs).unwrap();
            assert_eq!(
                info,
                FileInfo {
                    url: "https://f/a".into(),
                    ..FileInfo::default()
                },
                "{attrs:?}"
            );
        }
    }

    #[test]
    fn the_older_forms_read_too_a_bare_url_and_flat_attrs() {
        let info = FileInfo::parse(
            "https://files.example/1?size=8",
            r#"{"sign":"167ec2f3a614868ad22675d12e25af36", "ext":"txt"}"#,
        )
        .unwrap();
        assert_eq!(info.url, "https://files.example/1?size=8");
        assert_eq!((info.size, info.ext.as_deref()), (0, Some("txt")));
        assert_eq!((info.is_rtm_audio, info.custom_attrs), (false, None));
    }

    #[test]
    fn every_rtm_key_and_custom_in_each_shape() {
        let msg = r#"{"url":"https://f/i.png","size":24,"surl":"https://f/i.png?thumbnail"}"#;
        let info = FileInfo::parse(
            msg,
            r#"{"rtm":{"sign":"s","ext":"amr","filename":"hi","type":"audiomsg","lang":"fr",
                "duration":1500,"codec":"amr-wb","srate":16000},"custom":"plain \"text\""}"#,
        )
        .unwrap();
        assert_eq!(info.surl, "https://f/i.png?thumbnail");
        assert_eq!(
            (info.ext.as_deref(), info.file_name.as_deref()),
            (Some("amr"), Some("hi"))
        );
        assert_eq!(
            (info.codec.as_deref(), info.srate),
            (Some("amr-wb"), Some(16000))
        );
        assert_eq!((info.language.as_str(), info.duration), ("fr", 1500));
        assert_eq!(info.custom_attrs.as_deref(), Some("plain \"text\""));
        // Not a voice message: another type, or none.
        let info = FileInfo::parse(msg, r#"{"rtm":{"type":"file"},"custom":null}"#).unwrap();
        assert!(!info.is_rtm_audio);
        assert_eq!(info.custom_attrs, None);
        // Custom attributes without an `rtm` object.
        let info = FileInfo::parse(msg, r#"{"custom":{"k":1}}"#).unwrap();
        assert_eq!(info.custom_attrs.as_deref(), Some(r#"{"k":1}"#));
        // An object is kept as sent, spacing and key order included.
        let info = FileInfo::parse(msg, r#"{"rtm":{},"custom":{ "z": 1, "a": [2] }}"#).unwrap();
        assert_eq!(
            info.custom_attrs.as_deref(),
            Some(r#"{ "z": 1, "a": [2] }"#)
        );
    }

    #[test]
    fn only_file_types_of_messages_get_an_info_and_a_binary_body_must_be_utf8() {
        let msg = MessageBody::Text(r#"{"url":"u"}"#.into());
        for mtype in [40, 41, 42, 45, 50] {
            assert!(FileInfo::of_message(mtype, &msg, "").is_some(), "{mtype}");
        }
        for mtype in [0, 30, 31, 32, 39, 51, 127] {
            assert_eq!(FileInfo::of_message(mtype, &msg, ""), None, "{mtype}");
        }
        let bin = MessageBody::Binary(br#"{"url":"u"}"#.to_vec());
        assert_eq!(FileInfo::of_message(40, &bin, "").unwrap().url, "u");
        let bad = MessageBody::Binary(vec![0xff, 0xfe]);
        assert_eq!(FileInfo::of_message(40, &bad, ""), None);
    }
}
