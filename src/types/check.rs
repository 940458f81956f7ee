//! The content checks' and speech recognition's inputs and results (interface 2.7).

/// What a check or `speech_to_text` looks at: a URL (wire `type` 1) or the content itself
/// (wire `type` 2; its bytes go out as a msgpack str with the raw bytes, as the Go and C++
/// SDKs send them: a strict msgpack decoder may refuse bytes that are not UTF-8, and whether
/// the service wants them raw or in base64 is not documented).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckSource<'a> {
    /// A URL the service fetches.
    Url(&'a str),
    /// The image, audio or video itself.
    Content(&'a [u8]),
}

impl CheckSource<'_> {
    /// The wire `type`: 1 for a URL, 2 for content.
    pub fn code(&self) -> i64 {
        match self {
            CheckSource::Url(_) => 1,
            CheckSource::Content(_) => 2,
        }
    }
}

/// What `text_check` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TextCheckResult {
    /// 0: the text passes; 2: it does not; -1 in the value a failed call's callback gets
    /// (never "passes").
    pub result: i32,
    /// The text with its sensitive words masked by `*`; `None` when the answer has none
    /// (nothing was masked).
    pub text: Option<String>,
    /// The categories found (the service's codes).
    pub tags: Vec<i32>,
    /// The sensitive words found.
    pub wlist: Vec<String>,
}

/// What `image_check`, `audio_check` and `video_check` give.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckResult {
    /// 0: the content passes; 2: it does not; -1 in the value a failed call's callback gets
    /// (never "passes").
    pub result: i32,
    /// The categories found (the service's codes).
    pub tags: Vec<i32>,
}

/// What `speech_to_text` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpeechToTextResult {
    /// The text recognized.
    pub text: String,
    /// The language recognized.
    pub lang: String,
}

/// The value a failed call's callback gets: `result` -1, which no check answers, so that a
/// timeout or a lost connection never reads as "passes".
impl Default for TextCheckResult {
    fn default() -> Self {
        TextCheckResult {
            result: -1,
            text: None,
            tags: Vec::new(),
            wlist: Vec::new(),
        }
    }
}

/// The value a failed call's callback gets: `result` -1 (see [`TextCheckResult`]'s).
impl Default for CheckResult {
    fn default() -> Self {
        CheckResult {
            result: -1,
            tags: Vec::new(),
        }
    }
}
