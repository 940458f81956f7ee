//! The bytes of one connection, both ways: a read buffer that yields whole frames and a
//! write buffer that takes frames, each through the connection's cipher when it has one.
//! Shared by the client's I/O thread and the mock server.

use std::collections::VecDeque;
use std::io::{self, Read, Write};

use crate::wire::codec::{DecodeError, Frame, FrameDecoder};
#[cfg(feature = "encryption")]
use crate::wire::crypto::{Decrypt, Encrypt};

/// True where a short read of a stream socket proves it drained, so the next readiness
/// event comes with the next bytes: Linux's epoll (epoll(7), "Q9": "if you call read(2) by
/// asking to read a certain amount of data and read(2) returns a lower number of bytes,
/// you can be sure of having exhausted the read I/O space"). Everywhere else (kqueue,
/// Windows, mio's poll(2) fallback) mio signals a socket again only after a read returned
/// `WouldBlock`, so readers go on until then; on Linux this saves one `read` per wake-up.
pub(crate) const SHORT_READ_DRAINS: bool = cfg!(all(
    any(target_os = "linux", target_os = "android"),
    not(mio_unsupported_force_poll_poll)
));

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
    /// Returns the bytes read (0 at the end of the stream) and whether the read drained the
    /// socket, so that the caller may wait for the next readiness event: a `WouldBlock`
    /// error always does; a short read does only where [`SHORT_READ_DRAINS`].
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
        Ok((n, SHORT_READ_DRAINS && n > 0 && n < room))
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
        if !write_out(sink, &self.buf, &mut self.pos)? {
            return Ok(false);
        }
        self.buf.clear();
        self.pos = 0;
        if self.buf.capacity() > MAX_IDLE_WRITE_BUFFER {
            self.buf.shrink_to(READ_CHUNK);
        }
        Ok(true)
    }
}

/// Writes `buf[*pos..]` until all of it went out (`Ok(true)`) or the socket is full
/// (`Ok(false)`), advancing `pos`.
fn write_out(sink: &mut impl Write, buf: &[u8], pos: &mut usize) -> io::Result<bool> {
    while *pos < buf.len() {
        match sink.write(&buf[*pos..]) {
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    "the socket accepts no more bytes",
                ));
            }
            Ok(n) => *pos += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// A frame waiting in a [`FrameQueue`].
struct Outgoing {
    frame: Vec<u8>,
    /// The call it belongs to: the frame is dropped if the call ended before it reaches the
    /// socket. `None` for frames that belong to no call (answers, pings).
    seq: Option<u32>,
    /// Sent as it is, whatever the cipher (the `*key` quest).
    #[cfg_attr(not(feature = "encryption"), allow(dead_code))]
    plain: bool,
}

/// A frame in the write batch: where its bytes end in the batch, and its call.
struct Staged {
    end: usize,
    seq: Option<u32>,
}

/// How many bytes of queued frames are gathered for one `write`.
const WRITE_BATCH: usize = 64 * 1024;

/// The client's outgoing frames: whole frames in a queue, so that the frame of a call that
/// ended (timed out) is dropped instead of sent. A frame is encrypted only when it moves
/// from the queue to the socket, in order, which stream mode needs. Written bytes are freed
/// as they go: only one batch of at most [`WRITE_BATCH`] bytes plus one frame is held
/// beyond the queue.
///
/// A frame is committed once its first byte reached the kernel; until then its call may
/// still take it back: a frame of the batch that the socket has not started on is cut out
/// if its call ended meanwhile ([`flush_to`](Self::flush_to) with `recall`). In stream
/// encryption mode the cipher runs over the batch as one stream, so a frame is committed
/// when it moves into the batch: at most one batch of ended calls (64 KiB plus one frame)
/// can still go out after they ended.
#[derive(Default)]
pub(crate) struct FrameQueue {
    frames: VecDeque<Outgoing>,
    /// The bytes of the frames in `frames`.
    queued_bytes: usize,
    /// The bytes of the answers (frames of no call) in `frames`.
    answer_bytes: usize,
    /// Wire bytes being written, `out[pos..]` not written yet.
    out: Vec<u8>,
    pos: usize,
    /// The frames of `out`, in order.
    staged: VecDeque<Staged>,
    /// How many frames of `staged` are committed (their first byte was written, or the
    /// cipher took them).
    committed: usize,
    #[cfg(feature = "encryption")]
    encrypt: Option<Encrypt>,
}

impl FrameQueue {
    /// Encrypts every frame that moves to the socket from now on (except plain ones).
    #[cfg(feature = "encryption")]
    pub fn set_encrypt(&mut self, encrypt: Encrypt) {
        self.encrypt = Some(encrypt);
    }

    /// Queues a frame, of call `seq` when it belongs to one.
    pub fn push(&mut self, frame: Vec<u8>, seq: Option<u32>) {
        self.queued_bytes += frame.len();
        if seq.is_none() {
            self.answer_bytes += frame.len();
        }
        self.frames.push_back(Outgoing {
            frame,
            seq,
            plain: false,
        });
    }

    /// Queues a frame that is sent unencrypted whatever the cipher.
    #[cfg_attr(not(feature = "encryption"), allow(dead_code))]
    pub fn push_plain(&mut self, frame: Vec<u8>) {
        self.queued_bytes += frame.len();
        self.frames.push_back(Outgoing {
            frame,
            seq: None,
            plain: true,
        });
    }

    /// The bytes held: queued frames and the unwritten part of the batch.
    pub fn held_bytes(&self) -> usize {
        self.queued_bytes + (self.out.len() - self.pos)
    }

    /// The bytes of answers (frames of no call) still queued, not in the batch.
    pub fn answer_bytes(&self) -> usize {
        self.answer_bytes
    }

    /// Drops the queued frames of calls for which `live` is false, and those of the write
    /// batch that the socket has not started on.
    pub fn retain(&mut self, mut live: impl FnMut(u32) -> bool) {
        if self.pos < self.out.len() {
            self.recall(&mut live);
        }
        let mut bytes = 0;
        self.frames.retain(|o| {
            let keep = o.seq.is_none_or(&mut live);
            if keep {
                bytes += o.frame.len();
            }
            keep
        });
        self.queued_bytes = bytes;
    }

    /// True when a frame of the batch can still be cut out: the cipher, if any, works
    /// frame by frame.
    fn recallable(&self) -> bool {
        #[cfg(feature = "encryption")]
        if let Some(encrypt) = &self.encrypt {
            return encrypt.is_package();
        }
        true
    }

    /// Moves frames to the socket until everything went out (`Ok(true)`) or the socket is
    /// full (`Ok(false)`). `admit(seq)` is asked for each call's frame as it moves into the
    /// batch and, with `recall`, again before the socket starts on it: false drops the
    /// frame (its call ended). `committed(seq)` is told once a call's frame can no longer
    /// be taken back.
    pub fn flush_to(
        &mut self,
        sink: &mut impl Write,
        recall: bool,
        mut admit: impl FnMut(u32) -> bool,
        mut committed: impl FnMut(u32),
    ) -> io::Result<bool> {
        if recall && self.pos < self.out.len() {
            self.recall(&mut admit);
        }
        loop {
            if self.pos == self.out.len() {
                self.out.clear();
                self.staged.clear();
                self.committed = 0;
                self.pos = 0;
                self.fill_batch(&mut admit);
                if self.out.is_empty() {
                    if self.out.capacity() > MAX_IDLE_WRITE_BUFFER {
                        self.out.shrink_to(WRITE_BATCH);
                    }
                    if self.frames.capacity() > 1024 && self.frames.is_empty() {
                        self.frames.shrink_to(64);
                    }
                    return Ok(true);
                }
                if !self.recallable() {
                    self.commit_up_to(usize::MAX, &mut committed);
                }
            }
            let written = write_out(sink, &self.out, &mut self.pos);
            self.commit_up_to(self.pos, &mut committed);
            if !written? {
                return Ok(false);
            }
        }
    }

    /// Commits the staged frames that start before `pos`.
    fn commit_up_to(&mut self, pos: usize, committed: &mut impl FnMut(u32)) {
        while self.committed < self.staged.len() {
            let start = match self.committed {
                0 => 0,
                i => self.staged[i - 1].end,
            };
            if start >= pos {
                return;
            }
            if let Some(seq) = self.staged[self.committed].seq {
                committed(seq);
            }
            self.committed += 1;
        }
    }

    /// Cuts out of the batch the frames not started yet whose call ended.
    fn recall(&mut self, admit: &mut impl FnMut(u32) -> bool) {
        if !self.recallable() {
            return;
        }
        let dead =
            |s: &Staged, admit: &mut dyn FnMut(u32) -> bool| s.seq.is_some_and(|q| !admit(q));
        if !self
            .staged
            .iter()
            .skip(self.committed)
            .any(|s| dead(s, &mut *admit))
        {
            return;
        }
        // Keep the unwritten rest of the committed frames, then the live frames.
        let mut out = Vec::with_capacity(self.out.len() - self.pos);
        let mut staged = VecDeque::with_capacity(self.staged.len() - self.committed);
        let mut start = 0;
        // Committed frames kept: at most one, the frame the last write stopped inside.
        let mut still_committed = 0;
        for (i, s) in self.staged.drain(..).enumerate() {
            let (from, end) = (start.max(self.pos), s.end);
            start = s.end;
            if end <= self.pos {
                continue;
            }
            let was_committed = i < self.committed;
            if !was_committed && dead(&s, &mut *admit) {
                continue;
            }
            still_committed += usize::from(was_committed);
            out.extend_from_slice(&self.out[from..end]);
            staged.push_back(Staged {
                end: out.len(),
                seq: s.seq,
            });
        }
        self.committed = still_committed;
        self.out = out;
        self.pos = 0;
        self.staged = staged;
    }

    /// Moves queued frames into the write buffer, up to one batch.
    fn fill_batch(&mut self, admit: &mut impl FnMut(u32) -> bool) {
        while self.out.len() < WRITE_BATCH {
            let Some(next) = self.frames.pop_front() else {
                return;
            };
            self.queued_bytes -= next.frame.len();
            if next.seq.is_none() && !next.plain {
                self.answer_bytes -= next.frame.len();
            }
            if next.seq.is_some_and(|seq| !admit(seq)) {
                continue;
            }
            #[cfg(feature = "encryption")]
            if !next.plain
                && let Some(encrypt) = &mut self.encrypt
            {
                encrypt.write_frame(&mut self.out, &next.frame);
                self.staged.push_back(Staged {
                    end: self.out.len(),
                    seq: next.seq,
                });
                continue;
            }
            self.out.extend_from_slice(&next.frame);
            self.staged.push_back(Staged {
                end: self.out.len(),
                seq: next.seq,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that takes at most `room` bytes, then would block.
    struct Sink {
        taken: Vec<u8>,
        room: usize,
    }

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.taken.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn frames_of_ended_calls_never_reach_the_socket() {
        let mut queue = FrameQueue::default();
        queue.push(vec![1; 10], Some(1));
        queue.push(vec![2; 10], Some(2));
        queue.push(vec![3; 10], None);
        queue.push(vec![4; 10], Some(4));
        assert_eq!(queue.held_bytes(), 40);
        let mut sink = Sink {
            taken: Vec::new(),
            room: usize::MAX,
        };
        let done = queue
            .flush_to(&mut sink, false, |seq| seq != 2, |_| {})
            .unwrap();
        assert!(done);
        assert_eq!(sink.taken, [[1; 10], [3; 10], [4; 10]].concat());
        assert_eq!(queue.held_bytes(), 0);
    }

    #[test]
    fn a_stalled_socket_keeps_what_it_did_not_take_and_retain_frees_dead_frames() {
        let mut queue = FrameQueue::default();
        for seq in 1..=4 {
            queue.push(vec![seq as u8; 100_000], Some(seq));
        }
        let mut sink = Sink {
            taken: Vec::new(),
            room: 1000,
        };
        assert!(!queue.flush_to(&mut sink, false, |_| true, |_| {}).unwrap());
        // One frame moved to the batch, partly written; three still queued.
        assert_eq!(queue.held_bytes(), 400_000 - 1000);
        queue.retain(|seq| seq == 4);
        assert_eq!(queue.held_bytes(), 100_000 - 1000 + 100_000);
        sink.room = usize::MAX;
        assert!(queue.flush_to(&mut sink, false, |_| true, |_| {}).unwrap());
        assert_eq!(sink.taken.len(), 200_000);
        assert!(sink.taken[100_000..].iter().all(|&b| b == 4));
    }

    #[test]
    fn frames_the_socket_has_not_started_on_are_taken_back_when_their_call_ends() {
        let mut queue = FrameQueue::default();
        for seq in 1..=100 {
            queue.push(vec![seq as u8; 100], Some(seq));
        }
        let mut sink = Sink {
            taken: Vec::new(),
            room: 250,
        };
        let mut committed = Vec::new();
        // The batch takes every frame; the socket starts on the third.
        assert!(
            !queue
                .flush_to(&mut sink, false, |_| true, |s| committed.push(s))
                .unwrap()
        );
        assert_eq!(committed, [1, 2, 3]);
        // Every call but the first three ends; its frame is still in the batch.
        sink.room = usize::MAX;
        assert!(
            queue
                .flush_to(&mut sink, true, |s| s <= 3, |s| committed.push(s))
                .unwrap()
        );
        assert_eq!(sink.taken.len(), 300, "only the started frames went out");
        assert_eq!(sink.taken[250..], [3; 50]);
        assert_eq!(committed, [1, 2, 3]);
        assert_eq!(queue.held_bytes(), 0);
    }

    #[test]
    fn live_frames_of_a_recalled_batch_go_out_whole_and_in_order() {
        let mut queue = FrameQueue::default();
        for seq in 1..=6 {
            queue.push(vec![seq as u8; 10], Some(seq));
        }
        queue.push(vec![0; 10], None);
        let mut sink = Sink {
            taken: Vec::new(),
            room: 5,
        };
        assert!(!queue.flush_to(&mut sink, false, |_| true, |_| {}).unwrap());
        sink.room = usize::MAX;
        let mut committed = Vec::new();
        let live = |s: u32| s % 2 == 1;
        assert!(
            queue
                .flush_to(&mut sink, true, live, |s| committed.push(s))
                .unwrap()
        );
        let expected = [[1u8; 10], [3; 10], [5; 10], [0; 10]].concat();
        assert_eq!(sink.taken, expected);
        assert_eq!(committed, [3, 5]);
    }

    #[test]
    fn answers_to_the_servers_quests_are_counted_apart() {
        let mut queue = FrameQueue::default();
        queue.push(vec![0; 30], None);
        queue.push(vec![1; 50], Some(1));
        assert_eq!(queue.answer_bytes(), 30);
        let mut sink = Sink {
            taken: Vec::new(),
            room: usize::MAX,
        };
        assert!(queue.flush_to(&mut sink, false, |_| true, |_| {}).unwrap());
        assert_eq!(queue.answer_bytes(), 0);
    }

    #[test]
    fn a_write_that_stopped_on_a_frame_boundary_leaves_the_next_frame_recallable() {
        let mut queue = FrameQueue::default();
        for seq in 1..=4 {
            queue.push(vec![seq as u8; 10], Some(seq));
        }
        let mut sink = Sink {
            taken: Vec::new(),
            room: 10,
        };
        let mut committed = Vec::new();
        assert!(
            !queue
                .flush_to(&mut sink, false, |_| true, |s| committed.push(s))
                .unwrap()
        );
        assert_eq!(committed, [1]);
        // Call 4 ends: the recall keeps 2 and 3, neither started.
        assert!(
            !queue
                .flush_to(&mut sink, true, |s| s != 4, |s| committed.push(s))
                .unwrap()
        );
        // Then call 2 ends too, before the socket took a byte of it.
        sink.room = usize::MAX;
        assert!(
            queue
                .flush_to(&mut sink, true, |s| s == 3, |s| committed.push(s))
                .unwrap()
        );
        assert_eq!(sink.taken, [[1u8; 10], [3; 10]].concat());
        assert_eq!(committed, [1, 3]);
    }
}
