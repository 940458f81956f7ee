//! The FPNN codec: bytes in, frames out, and back. It knows bytes only; it does no I/O.
//!
//! Most users never touch it: the client and the mock server use it. It is public for
//! tools and tests that speak FPNN directly.

mod frame;
mod header;
pub mod msgpack;

pub use frame::{
    AnswerFrame, Frame, FrameDecoder, QuestBuilder, QuestFrame, SEQ_OFFSET, encode_answer,
    encode_error_answer, encode_quest, set_seq,
};
pub use header::{
    DEFAULT_MAX_FRAME_LEN, FLAG_JSON, FLAG_MSGPACK, HEADER_LEN, Header, MAGIC, MessageType,
    PROTOCOL_VERSION,
};

/// Why bytes could not be decoded as a frame. Each of these ends the connection, since the
/// stream cannot be resynchronised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The frame does not start with `FPNN`: the peer speaks something else (an HTTP
    /// server, a TLS endpoint, ...).
    #[error("the peer is not an FPNN server: it sent \"{}\"", .0.escape_ascii())]
    BadMagic([u8; 4]),
    /// The message type is not 0, 1 or 2.
    #[error("unknown message type {0}")]
    UnknownMessageType(u8),
    /// The payload is not flagged as msgpack (JSON or neither or both).
    #[error("unsupported flag 0x{0:02x} (only msgpack is spoken)")]
    UnsupportedFlag(u8),
    /// A quest with an empty method name.
    #[error("quest with an empty method name")]
    EmptyMethod,
    /// An encrypted package does not hold exactly one frame.
    #[error("an encrypted package of {0} bytes does not hold exactly one frame")]
    BadPackage(usize),
    /// The declared frame length is over the maximum.
    #[error("declared frame length {declared} exceeds the maximum {max}")]
    TooLarge {
        /// The frame length the header declares.
        declared: u64,
        /// The maximum accepted.
        max: usize,
    },
}

/// Why a quest could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// Method names are 1 to 255 bytes.
    #[error("method name of {0} bytes (must be 1 to 255)")]
    MethodName(usize),
    /// The frame is longer than the maximum frame length.
    #[error("frame of {len} bytes exceeds the maximum {max}")]
    TooLarge {
        /// The encoded frame length.
        len: usize,
        /// The maximum allowed.
        max: usize,
    },
}

/// Why a msgpack payload could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The payload ends inside a value.
    #[error("msgpack value truncated")]
    Truncated,
    /// The reserved marker 0xc1.
    #[error("reserved msgpack marker 0xc1")]
    Reserved,
    /// The payload root is not a map.
    #[error("payload is not a msgpack map")]
    NotAMap,
    /// A field has another type than expected.
    #[error("expected {0}")]
    WrongType(&'static str),
}
