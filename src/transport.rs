//! The bytes of one connection, both ways: a read buffer that yields whole frames and a
//! write buffer that takes frames, each through the connection's cipher when it has one.
//! Shared by the client's I/O thread and the mock server.

use std::io::{self, Read, Write};

use crate::codec::{DecodeError, Frame, FrameDecoder};
#[cfg(feature = "encryption")]
use crate::crypto::{Decrypt, Encrypt};

/// Bytes read per `read` call at least.
pub(crate) const READ_CHUNK: usize = 64 * 1024;
/// A write buffer that grew past this is shrunk back once drained.
const MAX_IDLE_WRITE_BUFFER: usize = 1024 * 1024;

/// Incoming bytes, decrypted as needed, cut into frames.
#[derive(Default)]
pub(crate) struct FrameReader {
    buf: Vec<u8>,
    start: usize,
    end: usize,
    #[cfg(feature = "encryption")]
    decrypt: Option<Decrypt>,
}

impl FrameReader {
    pub fn new() -> FrameReader {
        FrameReader {
            buf: vec![0; READ_CHUNK],
            ..FrameReader::default()
        }
    }

    /// Decrypts everything from now on, including bytes already buffered.
    #[cfg(feature = "encryption")]
    pub fn set_decrypt(&mut self, mut decrypt: Decrypt) {
        decrypt.on_arrival(&mut self.buf[self.start..self.end]);
        self.decrypt = Some(decrypt);
    }

    fn is_package_mode(&self) -> bool {
        #[cfg(feature = "encryption")]
        if let Some(d) = &self.decrypt {
            return d.is_package();
        }
        false
    }

    /// The length of the next unit (frame, or package with its prefix) when its header is
    /// in; it was checked against the maximum.
    fn next_unit_len(&self, decoder: &FrameDecoder) -> Result<Option<usize>, DecodeError> {
        let pending = &self.buf[self.start..self.end];
        if self.is_package_mode() {
            let Some(prefix) = pending.first_chunk::<4>() else {
                return Ok(None);
            };
            let len = u32::from_le_bytes(*prefix) as u64;
            if len > decoder.max_frame_len() as u64 {
                return Err(DecodeError::TooLarge {
                    declared: len,
                    max: decoder.max_frame_len(),
                });
            }
            return Ok(Some(4 + len as usize));
        }
        Ok(decoder
            .peek_header(pending)?
            .map(|h| h.frame_len() as usize))
    }

    /// Reads once from `source` (growing the buffer only for a unit longer than it).
    /// Returns the bytes read (0 at the end of the stream) and whether the read was short:
    /// the socket had no more, so with edge-triggered readiness there is no need to read
    /// again until the next event.
    pub fn read_from(
        &mut self,
        source: &mut impl Read,
        decoder: &FrameDecoder,
    ) -> io::Result<(usize, bool)> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
        if self.end == self.buf.len() {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            } else {
                // Never past the largest unit: a frame of the maximum length, behind a
                // package prefix.
                let largest = decoder.max_frame_len() + 4;
                let needed = match self.next_unit_len(decoder) {
                    Ok(Some(len)) => len,
                    _ => largest,
                };
                let grown = needed.max((self.buf.len() + READ_CHUNK).min(largest));
                self.buf.resize(grown, 0);
            }
        }
        let room = self.buf.len() - self.end;
        let n = source.read(&mut self.buf[self.end..])?;
        #[cfg(feature = "encryption")]
        if let Some(decrypt) = &mut self.decrypt {
            decrypt.on_arrival(&mut self.buf[self.end..self.end + n]);
        }
        self.end += n;
        Ok((n, n < room))
    }

    /// The next whole frame, or `None` until more bytes arrive.
    pub fn next_frame(&mut self, decoder: &FrameDecoder) -> Result<Option<Frame<'_>>, DecodeError> {
        let Some(unit_len) = self.next_unit_len(decoder)? else {
            return Ok(None);
        };
        if self.end - self.start < unit_len {
            return Ok(None);
        }
        let unit_start = self.start;
        self.start += unit_len;
        #[cfg_attr(not(feature = "encryption"), allow(unused_mut))]
        let mut frame_start = unit_start;
        #[cfg(feature = "encryption")]
        if let Some(decrypt) = &self.decrypt
            && decrypt.is_package()
        {
            frame_start += 4;
            decrypt.package(&mut self.buf[frame_start..unit_start + unit_len]);
        }
        let frame_bytes = &self.buf[frame_start..unit_start + unit_len];
        match decoder.decode(frame_bytes)? {
            Some((frame, used)) if used == frame_bytes.len() => Ok(Some(frame)),
            // A package must hold exactly one frame.
            _ => Err(DecodeError::BadPackage(frame_bytes.len())),
        }
    }
}

/// Outgoing bytes: frames appended (encrypted as needed), written as the socket takes them.
#[derive(Default)]
pub(crate) struct FrameWriter {
    buf: Vec<u8>,
    pos: usize,
    #[cfg(feature = "encryption")]
    encrypt: Option<Encrypt>,
}

impl FrameWriter {
    pub fn new() -> FrameWriter {
        FrameWriter {
            buf: Vec::with_capacity(READ_CHUNK),
            ..FrameWriter::default()
        }
    }

    /// Encrypts every frame appended from now on.
    #[cfg(feature = "encryption")]
    pub fn set_encrypt(&mut self, encrypt: Encrypt) {
        self.encrypt = Some(encrypt);
    }

    /// Appends one encoded frame.
    pub fn push_frame(&mut self, frame: &[u8]) {
        #[cfg(feature = "encryption")]
        if let Some(encrypt) = &mut self.encrypt {
            encrypt.write_frame(&mut self.buf, frame);
            return;
        }
        self.buf.extend_from_slice(frame);
    }

    /// The wire bytes of one frame (encrypted as needed), not buffered: for bytes sent
    /// later with [`push_raw`](Self::push_raw).
    pub fn encode(&mut self, frame: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(frame.len() + 4);
        #[cfg(feature = "encryption")]
        if let Some(encrypt) = &mut self.encrypt {
            encrypt.write_frame(&mut out, frame);
            return out;
        }
        out.extend_from_slice(frame);
        out
    }

    /// Appends bytes as they are, whatever the cipher (for faults and handshakes).
    pub fn push_raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// True when bytes wait to be written.
    pub fn has_pending(&self) -> bool {
        self.pos < self.buf.len()
    }

    /// Writes until everything went out (`Ok(true)`) or the socket is full (`Ok(false)`).
    pub fn flush_to(&mut self, sink: &mut impl Write) -> io::Result<bool> {
        while self.pos < self.buf.len() {
            match sink.write(&self.buf[self.pos..]) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "the socket accepts no more bytes",
                    ));
                }
                Ok(n) => self.pos += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.buf.clear();
        self.pos = 0;
        if self.buf.capacity() > MAX_IDLE_WRITE_BUFFER {
            self.buf.shrink_to(READ_CHUNK);
        }
        Ok(true)
    }
}
