//! Entry points for the fuzz targets in `fuzz/` and their regression tests. Not part of
//! the API: hidden from the docs and free to change.

use crate::wire::codec::{Frame, FrameDecoder};
use crate::wire::transport::FrameReader;

/// Feeds `data` to a frame reader in chunks of `chunk` bytes (as a socket would), taking
/// every frame until the bytes run out or an error ends the stream. With `cipher` 1 or 2
/// the reader decrypts (package or stream mode, a fixed key). Returns the frames read.
pub fn read_frames(data: &[u8], chunk: usize, max_frame_len: usize, cipher: u8) -> usize {
    let decoder = FrameDecoder::new(max_frame_len.max(16));
    let mut reader = FrameReader::new();
    #[cfg(feature = "encryption")]
    if cipher > 0 {
        use crate::wire::crypto::{Decrypt, KeyIv, Mode};
        let mode = if cipher == 1 {
            Mode::Package
        } else {
            Mode::Stream
        };
        reader.set_decrypt(Decrypt::new(&KeyIv::new(vec![7; 16], [9; 16]), mode));
    }
    #[cfg(not(feature = "encryption"))]
    let _ = cipher;
    let mut source = Chunked {
        data,
        chunk: chunk.max(1),
    };
    let mut frames = 0;
    loop {
        match reader.read_from(&mut source, &decoder) {
            Ok((0, _)) | Err(_) => return frames,
            Ok(_) => {}
        }
        loop {
            match reader.next_frame(&decoder) {
                Ok(Some(frame)) => {
                    frames += 1;
                    if let Frame::Answer(answer) = frame {
                        parse_answers(answer.payload);
                    }
                }
                Ok(None) => break,
                Err(_) => return frames,
            }
        }
    }
}

/// Encrypts `plaintext` as a server would (`cipher` 1: package mode, one package per
/// 2-byte-length-prefixed piece of the input; 2: stream mode, the whole input), then reads
/// it back through the decrypting frame reader. Returns the frames read.
#[cfg(feature = "encryption")]
pub fn read_encrypted(plaintext: &[u8], chunk: usize, cipher: u8) -> usize {
    use crate::wire::crypto::{Encrypt, KeyIv, Mode};
    let key = KeyIv::new(vec![7; 16], [9; 16]);
    let mut wire = Vec::new();
    if cipher == 1 {
        let mut encrypt = Encrypt::new(&key, Mode::Package);
        let mut rest = plaintext;
        while let Some((len, tail)) = rest.split_first_chunk::<2>() {
            let len = usize::from(u16::from_le_bytes(*len)).min(tail.len());
            encrypt.write_frame(&mut wire, &tail[..len]);
            rest = &tail[len..];
        }
    } else {
        Encrypt::new(&key, Mode::Stream).write_frame(&mut wire, plaintext);
    }
    read_frames(&wire, chunk, 64 * 1024, cipher)
}

/// Runs every answer reader, and the error-answer reader, over `payload`.
pub fn parse_answers(payload: &[u8]) {
    use crate::wire::answer;
    let _ = answer::token(payload);
    let _ = answer::mtime(payload);
    let _ = answer::ok(payload);
    let _ = answer::uids(payload);
    let _ = answer::gids(payload);
    let _ = answer::fuids(payload);
    let _ = answer::info(payload);
    let _ = answer::open_info(payload);
    let _ = answer::room_counts(payload);
    let _ = answer::value(payload);
    let _ = answer::messages(payload);
    let _ = answer::p2p_messages(payload);
    let _ = answer::message_info(payload);
    let _ = answer::translation(payload);
    let _ = answer::profanity(payload);
    let _ = answer::transcription(payload);
    let _ = crate::engine::error_from_answer(payload);
}

struct Chunked<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl std::io::Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}
