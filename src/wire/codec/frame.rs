//! Whole FPNN frames: quests and answers, encoded and decoded (spec: FPNN.md sections 2-4).

use super::header::{FLAG_MSGPACK, HEADER_LEN, Header, MessageType, PROTOCOL_VERSION};
use super::msgpack::PayloadWriter;
use super::{DecodeError, EncodeError};

/// A decoded frame, borrowing its method name and payload from the input buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame<'a> {
    /// A oneway or twoway quest.
    Quest(QuestFrame<'a>),
    /// An answer to a twoway quest.
    Answer(AnswerFrame<'a>),
}

/// A quest as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestFrame<'a> {
    /// The version byte of the sender.
    pub version: u8,
    /// The sequence number of a twoway quest; `None` for a oneway quest.
    pub seq: Option<u32>,
    /// The method name bytes (ASCII for every RTM method).
    pub method: &'a [u8],
    /// The msgpack payload.
    pub payload: &'a [u8],
}

/// An answer as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerFrame<'a> {
    /// The version byte of the sender.
    pub version: u8,
    /// The sequence number of the quest this answers.
    pub seq: u32,
    /// 0 for success; anything else is an error answer carrying `{code, ex}`.
    pub status: u8,
    /// The msgpack payload.
    pub payload: &'a [u8],
}

impl AnswerFrame<'_> {
    /// True when the status byte says the quest failed.
    pub fn is_error(&self) -> bool {
        self.status != 0
    }
}

/// An incremental frame decoder over a byte buffer.
///
/// [`FrameDecoder::decode`] returns a frame and how many bytes it used, or `Ok(None)` when the
/// buffer does not yet hold a whole frame (nothing is consumed), or an error when the bytes
/// cannot be FPNN. The declared size is checked against the maximum before anything else is
/// looked at, and the decoder itself never allocates.
#[derive(Debug, Clone, Copy)]
pub struct FrameDecoder {
    max_frame_len: usize,
}

impl Default for FrameDecoder {
    fn default() -> Self {
        FrameDecoder::new(super::header::DEFAULT_MAX_FRAME_LEN)
    }
}

impl FrameDecoder {
    /// A decoder refusing frames (header included) longer than `max_frame_len` bytes.
    pub fn new(max_frame_len: usize) -> Self {
        FrameDecoder { max_frame_len }
    }

    /// The largest whole frame this decoder accepts.
    pub fn max_frame_len(&self) -> usize {
        self.max_frame_len
    }

    /// Parses the header at the start of `buf` when there are at least 12 bytes, checking
    /// the declared frame length against the maximum.
    pub fn peek_header(&self, buf: &[u8]) -> Result<Option<Header>, DecodeError> {
        let Some(bytes) = buf.first_chunk::<HEADER_LEN>() else {
            return Ok(None);
        };
        let header = Header::parse(bytes)?;
        if header.frame_len() > self.max_frame_len as u64 {
            return Err(DecodeError::TooLarge {
                declared: header.frame_len(),
                max: self.max_frame_len,
            });
        }
        Ok(Some(header))
    }

    /// Decodes one frame from the start of `buf`.
    pub fn decode<'a>(&self, buf: &'a [u8]) -> Result<Option<(Frame<'a>, usize)>, DecodeError> {
        let Some(header) = self.peek_header(buf)? else {
            return Ok(None);
        };
        // frame_len() <= max_frame_len, which is a usize.
        let frame_len = header.frame_len() as usize;
        let Some(frame) = buf.get(..frame_len) else {
            return Ok(None);
        };
        let body = &frame[HEADER_LEN..];
        let payload_len = header.psize as usize;
        let frame = match header.mtype {
            MessageType::Answer => Frame::Answer(AnswerFrame {
                version: header.version,
                seq: read_seq(body),
                status: header.ss,
                payload: &body[4..4 + payload_len],
            }),
            MessageType::Twoway | MessageType::Oneway => {
                let (seq, rest) = if header.mtype == MessageType::Twoway {
                    (Some(read_seq(body)), &body[4..])
                } else {
                    (None, body)
                };
                let (method, payload) = rest.split_at(usize::from(header.ss));
                Frame::Quest(QuestFrame {
                    version: header.version,
                    seq,
                    method,
                    payload,
                })
            }
        };
        Ok(Some((frame, frame_len)))
    }
}

fn read_seq(body: &[u8]) -> u32 {
    u32::from_le_bytes([body[0], body[1], body[2], body[3]])
}

/// Where the sequence number sits in a twoway quest or an answer.
pub const SEQ_OFFSET: usize = HEADER_LEN;

/// Writes `seq` into an encoded twoway quest or answer.
///
/// # Panics
/// When `frame` is shorter than 16 bytes (it is not an encoded twoway quest or answer).
pub fn set_seq(frame: &mut [u8], seq: u32) {
    frame[SEQ_OFFSET..SEQ_OFFSET + 4].copy_from_slice(&seq.to_le_bytes());
}

/// Builds one quest in a single buffer: header, sequence number, method, then the payload
/// written through [`QuestBuilder::params`]; [`QuestBuilder::finish`] fills in the size.
///
/// A twoway quest is built with sequence number 0; whoever sends it sets the real one with
/// [`set_seq`].
#[derive(Debug)]
pub struct QuestBuilder {
    buf: Vec<u8>,
    payload_start: usize,
}

impl QuestBuilder {
    /// Starts a twoway quest (one that is answered).
    pub fn twoway(method: &str) -> Result<Self, EncodeError> {
        Self::start(MessageType::Twoway, method, 0)
    }

    /// Starts a oneway quest (never answered, no sequence number).
    pub fn oneway(method: &str) -> Result<Self, EncodeError> {
        Self::start(MessageType::Oneway, method, 0)
    }

    /// Starts a twoway quest with room reserved for a payload of about `payload_hint` bytes.
    pub fn twoway_with_capacity(method: &str, payload_hint: usize) -> Result<Self, EncodeError> {
        Self::start(MessageType::Twoway, method, payload_hint)
    }

    fn start(mtype: MessageType, method: &str, payload_hint: usize) -> Result<Self, EncodeError> {
        let ss = u8::try_from(method.len())
            .ok()
            .filter(|&n| n > 0)
            .ok_or(EncodeError::MethodName(method.len()))?;
        let mut buf = Vec::with_capacity(HEADER_LEN + 4 + method.len() + payload_hint.max(1));
        Header {
            version: PROTOCOL_VERSION,
            flag: FLAG_MSGPACK,
            mtype,
            ss,
            psize: 0,
        }
        .write(&mut buf);
        if mtype == MessageType::Twoway {
            buf.extend_from_slice(&0u32.to_le_bytes());
        }
        buf.extend_from_slice(method.as_bytes());
        let payload_start = buf.len();
        Ok(QuestBuilder { buf, payload_start })
    }

    /// The payload writer. The payload must be one msgpack map; write its length first.
    pub fn params(&mut self) -> PayloadWriter<'_> {
        PayloadWriter::new(&mut self.buf)
    }

    /// Fills in the payload size and returns the encoded frame. An empty payload becomes
    /// the empty map `0x80`, as FPNN requires; a frame longer than `max_frame_len` is refused.
    pub fn finish(mut self, max_frame_len: usize) -> Result<Vec<u8>, EncodeError> {
        if self.buf.len() == self.payload_start {
            self.buf.push(0x80);
        }
        finish_frame(self.buf, self.payload_start, max_frame_len)
    }
}

fn finish_frame(
    mut buf: Vec<u8>,
    payload_start: usize,
    max_frame_len: usize,
) -> Result<Vec<u8>, EncodeError> {
    if buf.len() > max_frame_len {
        return Err(EncodeError::TooLarge {
            len: buf.len(),
            max: max_frame_len,
        });
    }
    let psize = u32::try_from(buf.len() - payload_start).map_err(|_| EncodeError::TooLarge {
        len: buf.len(),
        max: max_frame_len,
    })?;
    buf[8..12].copy_from_slice(&psize.to_le_bytes());
    Ok(buf)
}

/// Encodes a quest whose payload is already msgpack: twoway when `seq` is given, oneway
/// otherwise.
pub fn encode_quest(
    seq: Option<u32>,
    method: &str,
    payload: &[u8],
    max_frame_len: usize,
) -> Result<Vec<u8>, EncodeError> {
    let mut builder = match seq {
        Some(_) => QuestBuilder::twoway_with_capacity(method, payload.len())?,
        None => QuestBuilder::oneway(method)?,
    };
    builder.buf.extend_from_slice(payload);
    let mut frame = builder.finish(max_frame_len)?;
    if let Some(seq) = seq {
        set_seq(&mut frame, seq);
    }
    Ok(frame)
}

/// Appends an answer to `out`: `status` 0 for success, anything else for an error answer.
/// An empty payload becomes the empty map `0x80`.
pub fn encode_answer(out: &mut Vec<u8>, seq: u32, status: u8, payload: &[u8]) {
    let payload: &[u8] = if payload.is_empty() { &[0x80] } else { payload };
    Header {
        version: PROTOCOL_VERSION,
        flag: FLAG_MSGPACK,
        mtype: MessageType::Answer,
        ss: status,
        psize: payload.len() as u32,
    }
    .write(out);
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(payload);
}

/// Appends an error answer `{"code": code, "ex": ex}` (status 1) to `out`, as the FPNN
/// framework builds it.
pub fn encode_error_answer(out: &mut Vec<u8>, seq: u32, code: i32, ex: &str) {
    let mut payload = Vec::with_capacity(16 + ex.len());
    let mut w = PayloadWriter::new(&mut payload);
    w.map_len(2);
    w.key("code").int(i64::from(code));
    w.key("ex").str(ex);
    encode_answer(out, seq, 1, &payload);
}
