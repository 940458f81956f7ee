//! The wire: FPNN frames and msgpack, request signing, encryption, the transport's write
//! queue, how a call is encoded, and how answers are read. Nothing here knows the client.

pub(crate) mod answer;
pub(crate) mod call;
pub mod codec;
#[cfg(feature = "encryption")]
pub mod crypto;
pub(crate) mod file;
pub(crate) mod send;
pub mod sign;
pub(crate) mod transport;
