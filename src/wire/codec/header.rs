//! The 12-byte FPNN header (spec: FPNN.md section 2).

use super::DecodeError;

/// `FPNN`, the first four bytes of every frame.
pub const MAGIC: [u8; 4] = *b"FPNN";
/// The length of the fixed header.
pub const HEADER_LEN: usize = 12;
/// The version byte this crate sends (any value is accepted on receive).
pub const PROTOCOL_VERSION: u8 = 1;
/// Flag bit: the payload is msgpack.
pub const FLAG_MSGPACK: u8 = 0x80;
/// Flag bit: the payload is JSON (refused by this crate).
pub const FLAG_JSON: u8 = 0x40;
/// The default largest whole frame (header included) sent or accepted: 8 MiB, the FPNN
/// framework's default.
pub const DEFAULT_MAX_FRAME_LEN: usize = 8 * 1024 * 1024;

/// What a frame is: byte 6 of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum MessageType {
    /// A quest that is never answered; it carries no sequence number.
    Oneway = 0,
    /// A quest that must be answered exactly once; it carries a sequence number.
    Twoway = 1,
    /// The answer to a twoway quest.
    Answer = 2,
}

/// A parsed FPNN header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The version byte, as received.
    pub version: u8,
    /// The flag byte: [`FLAG_MSGPACK`] for every frame this crate accepts.
    pub flag: u8,
    /// Oneway quest, twoway quest or answer.
    pub mtype: MessageType,
    /// For quests the method-name length; for answers the status (0 = OK).
    pub ss: u8,
    /// The payload length.
    pub psize: u32,
}

impl Header {
    /// Parses and checks the first [`HEADER_LEN`] bytes of a frame: magic, message type,
    /// flag (msgpack only) and, for quests, a non-empty method name.
    pub fn parse(bytes: &[u8; HEADER_LEN]) -> Result<Header, DecodeError> {
        if bytes[0..4] != MAGIC {
            return Err(DecodeError::BadMagic([
                bytes[0], bytes[1], bytes[2], bytes[3],
            ]));
        }
        let mtype = match bytes[6] {
            0 => MessageType::Oneway,
            1 => MessageType::Twoway,
            2 => MessageType::Answer,
            other => return Err(DecodeError::UnknownMessageType(other)),
        };
        let flag = bytes[5];
        if flag & (FLAG_MSGPACK | FLAG_JSON) != FLAG_MSGPACK {
            return Err(DecodeError::UnsupportedFlag(flag));
        }
        let ss = bytes[7];
        if ss == 0 && mtype != MessageType::Answer {
            return Err(DecodeError::EmptyMethod);
        }
        Ok(Header {
            version: bytes[4],
            flag,
            mtype,
            ss,
            psize: u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]),
        })
    }

    /// The length of the frame after the header: sequence number, method name and payload.
    pub fn body_len(&self) -> u64 {
        let psize = u64::from(self.psize);
        match self.mtype {
            MessageType::Oneway => u64::from(self.ss) + psize,
            MessageType::Twoway => 4 + u64::from(self.ss) + psize,
            MessageType::Answer => 4 + psize,
        }
    }

    /// The length of the whole frame, header included.
    pub fn frame_len(&self) -> u64 {
        HEADER_LEN as u64 + self.body_len()
    }

    /// Writes the header bytes.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&[self.version, self.flag, self.mtype as u8, self.ss]);
        out.extend_from_slice(&self.psize.to_le_bytes());
    }
}
