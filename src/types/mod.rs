//! Plain data: what calls take and give, and what pushes carry. Nothing here does I/O.

pub mod chat;
pub mod check;
pub mod device;
pub mod file;
pub mod imlib;
pub mod info;
pub mod listen;
pub mod message;
pub mod push;
pub mod rtc;
