//! The text tools' choices and results: translation, profanity filtering, transcription.

/// The kind of text `translate` translates (its `ttype`; wire key `type`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TranslateType {
    /// Chat text (`"chat"`, the default).
    #[default]
    Chat,
    /// Mail text (`"mail"`).
    Mail,
}

impl TranslateType {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            TranslateType::Chat => "chat",
            TranslateType::Mail => "mail",
        }
    }
}

/// What `translate` does with profanities in the text (its `profanity`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProfanityMode {
    /// No filtering (`"off"`, the default).
    #[default]
    Off,
    /// Refuse text with profanities (`"stop"`).
    Stop,
    /// Mask profanities (`"censor"`).
    Censor,
}

impl ProfanityMode {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            ProfanityMode::Off => "off",
            ProfanityMode::Stop => "stop",
            ProfanityMode::Censor => "censor",
        }
    }
}

/// What `translate` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TranslateResult {
    /// The source language (detected when not given).
    pub source: String,
    /// The target language.
    pub target: String,
    /// The text translated.
    pub source_text: String,
    /// The translation.
    pub target_text: String,
}

/// What `profanity` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProfanityResult {
    /// The text with profanities masked.
    pub text: String,
    /// The classes found (with `classify`).
    pub classification: Vec<String>,
}

/// What `transcribe` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TranscribeResult {
    /// The text heard.
    pub text: String,
    /// Its language.
    pub lang: String,
}
