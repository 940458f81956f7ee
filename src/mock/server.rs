//! The mock's I/O thread: one mio loop serving every connection, with timers for delayed
//! and trickled answers.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::io;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use super::rooms::Rooms;
use super::{Control, Fault, Shared};
use crate::error::codes;
use crate::time::deadline_after;
use crate::wire::codec::{
    Frame, FrameDecoder, MessageType, QuestBuilder, QuestFrame, encode_answer, encode_error_answer,
    encode_quest, set_seq,
};
use crate::wire::transport::{FrameReader, FrameWriter};

const LISTENER: Token = Token(0);
pub(super) const WAKER: Token = Token(1);
const FIRST_CONN: usize = 2;
/// How long an answer held back for `Fault::OutOfOrder` waits for a later answer to overtake it.
const OUT_OF_ORDER_HOLD: Duration = Duration::from_millis(50);

struct Conn {
    stream: TcpStream,
    reader: FrameReader,
    writer: FrameWriter,
    /// An answer held back for `Fault::OutOfOrder` (plaintext).
    held: Option<Vec<u8>>,
    /// While set, everything sent goes out one byte per interval (`Fault::ByteByByte`).
    slow: Option<(Duration, VecDeque<u8>)>,
    close_when_flushed: bool,
    /// No frame has arrived yet (`*key` is only accepted first).
    first_frame: bool,
}

impl Conn {
    /// Every frame the mock sends goes through here, so that frames stay whole and in order:
    /// behind a slow link's queue, and never after a truncated frame.
    fn queue_frame(&mut self, frame: &[u8]) {
        if self.close_when_flushed {
            return;
        }
        match &mut self.slow {
            Some((_, queue)) => queue.extend(self.writer.encode(frame)),
            None => self.writer.push_frame(frame),
        }
    }
}

/// What serving one frame asks of the connection.
enum Next {
    Continue,
    Close,
    #[cfg(feature = "encryption")]
    Handshake {
        seq: u32,
        public_key: Vec<u8>,
        stream_mode: bool,
        bits: i64,
    },
}

enum TimerAction {
    /// Send a frame (encrypted when the connection is).
    Write(Token, Vec<u8>),
    /// Send the next byte of a slow connection.
    Trickle(Token),
    ReleaseHeld(Token),
}

pub(super) struct MockLoop {
    poll: Poll,
    listener: TcpListener,
    control: Receiver<Control>,
    shared: Arc<Shared>,
    rooms: Rooms,
    decoder: FrameDecoder,
    conns: HashMap<Token, Conn>,
    next_token: usize,
    timers: BinaryHeap<Reverse<(Instant, u64)>>,
    timer_actions: HashMap<u64, TimerAction>,
    next_timer: u64,
    push_seq: u32,
}

impl MockLoop {
    pub fn new(
        poll: Poll,
        mut listener: TcpListener,
        control: Receiver<Control>,
        shared: Arc<Shared>,
        rooms: Rooms,
    ) -> io::Result<MockLoop> {
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        Ok(MockLoop {
            poll,
            listener,
            control,
            shared,
            rooms,
            decoder: FrameDecoder::default(),
            conns: HashMap::new(),
            next_token: FIRST_CONN,
            timers: BinaryHeap::new(),
            timer_actions: HashMap::new(),
            next_timer: 0,
            push_seq: 0,
        })
    }

    /// Serves until told to stop; gives the room state back for a restart.
    pub fn run(mut self) -> Rooms {
        let mut events = Events::with_capacity(256);
        loop {
            let timeout = self
                .timers
                .peek()
                .map(|Reverse((due, _))| due.saturating_duration_since(Instant::now()));
            if let Err(e) = self.poll.poll(&mut events, timeout) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                tracing::error!("mock server poll failed: {e}");
                return self.rooms;
            }
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    token => {
                        let ended = event.is_read_closed() || event.is_error();
                        self.on_conn_ready(token, ended)
                    }
                }
            }
            while let Ok(control) = self.control.try_recv() {
                match control {
                    Control::Stop => return self.rooms,
                    Control::Push {
                        method,
                        payload,
                        twoway,
                        count,
                    } => {
                        let tokens: Vec<Token> = self.conns.keys().copied().collect();
                        for token in tokens {
                            for _ in 0..count {
                                self.push_seq = self.push_seq.wrapping_add(1).max(1);
                                let seq = twoway.then_some(self.push_seq);
                                if let Ok(frame) = encode_quest(seq, &method, &payload, usize::MAX)
                                {
                                    self.send(token, frame);
                                }
                            }
                            self.flush(token);
                        }
                    }
                    Control::ResumeReading => {
                        let tokens: Vec<Token> = self.conns.keys().copied().collect();
                        for token in tokens {
                            self.on_conn_ready(token, true);
                        }
                    }
                    Control::Presence { uid, online, done } => {
                        self.rooms.api.set_online(uid, online);
                        self.send_pushes(None);
                        let _ = done.send(());
                    }
                    Control::CloseConnections(done) => {
                        let tokens: Vec<Token> = self.conns.keys().copied().collect();
                        for token in tokens {
                            self.close(token);
                        }
                        let _ = done.send(());
                    }
                }
            }
            self.run_timers(Instant::now());
        }
    }

    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((mut stream, _)) => {
                    let token = Token(self.next_token);
                    self.next_token += 1;
                    let _ = stream.set_nodelay(true);
                    if let Some(bytes) = self.shared.recv_buffer {
                        let _ = socket2::SockRef::from(&stream).set_recv_buffer_size(bytes);
                    }
                    let interest = Interest::READABLE | Interest::WRITABLE;
                    if self
                        .poll
                        .registry()
                        .register(&mut stream, token, interest)
                        .is_err()
                    {
                        continue;
                    }
                    self.shared
                        .stats
                        .connections
                        .fetch_add(1, Ordering::Relaxed);
                    self.conns.insert(
                        token,
                        Conn {
                            stream,
                            reader: FrameReader::new(),
                            writer: FrameWriter::new(),
                            held: None,
                            close_when_flushed: false,
                            first_frame: true,
                            slow: None,
                        },
                    );
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    tracing::debug!("mock accept failed: {e}");
                    return;
                }
            }
        }
    }

    /// `to_the_end` after the peer closed (a short read then leaves the end unread).
    fn on_conn_ready(&mut self, token: Token, to_the_end: bool) {
        if !self.shared.reading_paused.load(Ordering::SeqCst) && !self.read(token, to_the_end) {
            self.close(token);
            return;
        }
        self.flush(token);
    }

    /// Reads and serves what arrived, until the socket is drained (see
    /// `transport::SHORT_READ_DRAINS`); false when the connection must close.
    fn read(&mut self, token: Token, to_the_end: bool) -> bool {
        loop {
            let Some(conn) = self.conns.get_mut(&token) else {
                return true;
            };
            match conn.reader.read_from(&mut conn.stream, &self.decoder) {
                Ok((0, _)) => return false,
                Ok((_, drained)) => {
                    if !self.serve_frames(token) {
                        return false;
                    }
                    if drained && !to_the_end {
                        return true;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
    }

    /// Serves every whole frame in the buffer; false when the connection must close.
    fn serve_frames(&mut self, token: Token) -> bool {
        loop {
            let Some(conn) = self.conns.get_mut(&token) else {
                return true;
            };
            // The reader leaves the connection while its frame is served.
            let mut reader = std::mem::take(&mut conn.reader);
            let first = std::mem::replace(&mut conn.first_frame, false);
            let next = match reader.next_frame(&self.decoder) {
                Ok(Some(Frame::Quest(quest))) => Some(self.on_quest(token, quest, first)),
                Ok(Some(Frame::Answer(_))) => {
                    self.shared.stats.answers.fetch_add(1, Ordering::Relaxed);
                    Some(Next::Continue)
                }
                Ok(None) => None,
                Err(e) => {
                    tracing::debug!("mock closes a connection: {e}");
                    Some(Next::Close)
                }
            };
            let Some(conn) = self.conns.get_mut(&token) else {
                return true;
            };
            if next.is_none() {
                conn.first_frame = first;
            }
            conn.reader = reader;
            match next {
                None => return true,
                Some(Next::Continue) => {
                    if self.shared.write_each_answer {
                        self.flush(token);
                    }
                }
                Some(Next::Close) => return false,
                #[cfg(feature = "encryption")]
                Some(Next::Handshake {
                    seq,
                    public_key,
                    stream_mode,
                    bits,
                }) => {
                    if !self.handshake(token, seq, &public_key, stream_mode, bits) {
                        return false;
                    }
                }
            }
        }
    }

    /// Routes a quest: `*key` first on a connection starts encryption; anything else is served.
    fn on_quest(&mut self, token: Token, quest: QuestFrame<'_>, first: bool) -> Next {
        let is_key = quest.method == b"*key";
        if is_key && !first {
            tracing::debug!("mock: *key after the first frame");
            return Next::Close;
        }
        if !is_key && first && self.shared.require_encryption {
            tracing::debug!("mock: a plaintext quest where encryption is required");
            return Next::Close;
        }
        if is_key {
            return self.key_quest(quest);
        }
        if self.serve_quest(token, quest) {
            Next::Continue
        } else {
            Next::Close
        }
    }

    #[cfg(feature = "encryption")]
    fn key_quest(&mut self, quest: QuestFrame<'_>) -> Next {
        self.shared.count_quest("*key");
        let (Some(seq), Some(_)) = (quest.seq, &self.shared.encryption) else {
            return Next::Close;
        };
        let Ok([public_key, stream_mode, bits]) =
            crate::wire::codec::msgpack::lookup(quest.payload, ["publicKey", "streamMode", "bits"])
        else {
            return Next::Close;
        };
        let Some(Ok(public_key)) = public_key.map(|k| k.as_str_bytes()) else {
            return Next::Close;
        };
        Next::Handshake {
            seq,
            public_key: public_key.to_vec(),
            stream_mode: stream_mode.and_then(|v| v.as_bool().ok()).unwrap_or(false),
            bits: bits.and_then(|v| v.as_i64().ok()).unwrap_or(128),
        }
    }

    #[cfg(not(feature = "encryption"))]
    fn key_quest(&mut self, _quest: QuestFrame<'_>) -> Next {
        Next::Close
    }

    /// Completes a key exchange as an FPNN server does: refuses (closes) on any bad value,
    /// else switches both directions to the cipher and answers `*key`, encrypted.
    #[cfg(feature = "encryption")]
    fn handshake(
        &mut self,
        token: Token,
        seq: u32,
        public_key: &[u8],
        stream_mode: bool,
        bits: i64,
    ) -> bool {
        use crate::wire::crypto::{
            Decrypt, Encrypt, KeyIv, Mode, Strength, derive_key_iv, key_exchange,
        };
        let Some((curve, private)) = &self.shared.encryption else {
            return false;
        };
        let Some(strength) = Strength::from_bits(bits) else {
            return false;
        };
        if public_key.len() != 2 * curve.field_size() {
            tracing::debug!("mock: *key with a {}-byte public key", public_key.len());
            return false;
        }
        let Ok((_, secret)) = key_exchange(*curve, Some(private), public_key) else {
            return false;
        };
        let (key, iv) = derive_key_iv(&secret, strength);
        let key = KeyIv::new(key, iv);
        let mode = if stream_mode {
            Mode::Stream
        } else {
            Mode::Package
        };
        let Some(conn) = self.conns.get_mut(&token) else {
            return false;
        };
        conn.writer.set_encrypt(Encrypt::new(&key, mode));
        conn.reader.set_decrypt(Decrypt::new(&key, mode));
        let mut answer = Vec::new();
        encode_answer(&mut answer, seq, 0, &[0x80]);
        conn.writer.push_frame(&answer);
        true
    }

    /// Answers one quest, applying a fault when one matches; false to close the connection.
    fn serve_quest(&mut self, token: Token, quest: QuestFrame<'_>) -> bool {
        let method = String::from_utf8_lossy(quest.method).into_owned();
        self.shared.count_quest(&method);
        let now = Instant::now();
        // A handler that panics answers an error; the mock serves on.
        let rooms = &mut self.rooms;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rooms.handle(&method, quest.payload, token.0, now)
        }))
        .unwrap_or_else(|panic| {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            tracing::error!("mock: {method} panicked: {why}");
            Err((codes::CORE_UNKNOWN_ERROR, format!("the mock failed: {why}")))
        });
        self.send_pushes(Some(token));
        let Some(seq) = quest.seq else {
            return true;
        };
        let mut answer = Vec::with_capacity(64);
        match &result {
            Ok(payload) => encode_answer(&mut answer, seq, 0, payload),
            Err((code, ex)) => encode_error_answer(&mut answer, seq, *code, ex),
        }
        let fault = if method.starts_with('*') {
            None
        } else {
            self.shared.take_fault(&method)
        };
        let Some(fault) = fault else {
            self.send(token, answer);
            return true;
        };
        match fault {
            Fault::Delay(delay) => self.schedule(
                deadline_after(now, delay),
                TimerAction::Write(token, answer),
            ),
            Fault::NoAnswer => {}
            Fault::ErrorAnswer { code, ex } => {
                let mut error = Vec::new();
                encode_error_answer(&mut error, seq, code, &ex);
                self.send(token, error);
            }
            Fault::CloseAfterRead => return false,
            Fault::Reset => {
                if let Some(conn) = self.conns.get(&token) {
                    let _ = socket2::SockRef::from(&conn.stream).set_linger(Some(Duration::ZERO));
                }
                return false;
            }
            Fault::Garbage => self.send(
                token,
                b"\x00\x13garbage that is not FPNN at all\xff\xfe".to_vec(),
            ),
            Fault::BadMagic => {
                answer[..4].copy_from_slice(b"FPNX");
                self.send(token, answer);
            }
            Fault::Truncated => {
                answer.truncate(answer.len() / 2);
                self.send(token, answer);
                if let Some(conn) = self.conns.get_mut(&token) {
                    conn.close_when_flushed = true;
                    conn.slow = None;
                }
            }
            Fault::OversizeHeader => {
                answer[8..12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
                answer.truncate(16);
                self.send(token, answer);
            }
            Fault::DuplicateAnswer => {
                self.send(token, answer.clone());
                self.send(token, answer);
            }
            Fault::UnknownSeqAnswer => {
                set_seq(&mut answer, seq ^ 0x8000_0000);
                self.send(token, answer);
            }
            Fault::OutOfOrder => {
                if let Some(conn) = self.conns.get_mut(&token)
                    && let Some(previous) = conn.held.replace(answer)
                {
                    conn.queue_frame(&previous);
                }
                self.schedule(now + OUT_OF_ORDER_HOLD, TimerAction::ReleaseHeld(token));
            }
            Fault::ByteByByte(interval) => {
                // This answer and everything after it go out one byte per interval, in order.
                if let Some(conn) = self.conns.get_mut(&token)
                    && conn.slow.is_none()
                {
                    conn.slow = Some((interval, VecDeque::new()));
                    self.schedule(deadline_after(now, interval), TimerAction::Trickle(token));
                }
                self.send(token, answer);
            }
            Fault::PushFirst => {
                let push = self.push_frame();
                self.send(token, push);
                self.send(token, answer);
            }
        }
        true
    }

    /// Sends the pushes the state queued, each to its connection; the connection of the
    /// quest that caused them (`quester`) is flushed with its answer, later.
    fn send_pushes(&mut self, quester: Option<Token>) {
        for (conn, push_method, payload) in self.rooms.api.take_pushes() {
            self.push_seq = self.push_seq.wrapping_add(1).max(1);
            if let Ok(frame) = encode_quest(Some(self.push_seq), push_method, &payload, usize::MAX)
            {
                let target = Token(conn);
                self.send(target, frame);
                if Some(target) != quester {
                    self.flush(target);
                }
            }
        }
    }

    /// A `pushroommsg` twoway quest, as the service pushes to listening server SDKs.
    fn push_frame(&mut self) -> Vec<u8> {
        self.push_seq = self.push_seq.wrapping_add(1).max(1);
        let mut builder = QuestBuilder::twoway("pushroommsg").expect("a valid method name");
        builder
            .params()
            .map_len(3)
            .key("from")
            .int(777)
            .key("rid")
            .int(1001)
            .key("msg")
            .str("pushed by the mock");
        let mut frame = builder.finish(usize::MAX).expect("a small frame");
        set_seq(&mut frame, self.push_seq);
        debug_assert_eq!(frame[6], MessageType::Twoway as u8);
        frame
    }

    /// Queues a frame for a connection, releasing an answer held back for `OutOfOrder` after it.
    fn send(&mut self, token: Token, frame: Vec<u8>) {
        let Some(conn) = self.conns.get_mut(&token) else {
            return;
        };
        conn.queue_frame(&frame);
        if let Some(held) = conn.held.take() {
            conn.queue_frame(&held);
        }
    }

    fn flush(&mut self, token: Token) {
        let Some(conn) = self.conns.get_mut(&token) else {
            return;
        };
        match conn.writer.flush_to(&mut conn.stream) {
            Ok(true) if conn.close_when_flushed => self.close(token),
            Ok(_) => {}
            Err(_) => self.close(token),
        }
    }

    fn close(&mut self, token: Token) {
        self.rooms.api.connection_closed(token.0);
        if let Some(mut conn) = self.conns.remove(&token) {
            let _ = self.poll.registry().deregister(&mut conn.stream);
        }
    }

    fn schedule(&mut self, due: Instant, action: TimerAction) {
        let id = self.next_timer;
        self.next_timer += 1;
        self.timers.push(Reverse((due, id)));
        self.timer_actions.insert(id, action);
    }

    fn run_timers(&mut self, now: Instant) {
        let mut touched = Vec::new();
        while let Some(Reverse((due, id))) = self.timers.peek().copied() {
            if due > now {
                break;
            }
            self.timers.pop();
            match self.timer_actions.remove(&id) {
                Some(TimerAction::Write(token, frame)) => {
                    self.send(token, frame);
                    touched.push(token);
                }
                Some(TimerAction::Trickle(token)) => {
                    let Some(conn) = self.conns.get_mut(&token) else {
                        continue;
                    };
                    let Some((interval, queue)) = &mut conn.slow else {
                        continue;
                    };
                    if let Some(byte) = queue.pop_front() {
                        conn.writer.push_raw(&[byte]);
                        touched.push(token);
                    }
                    if queue.is_empty() {
                        conn.slow = None;
                    } else {
                        let due = deadline_after(now, *interval);
                        self.schedule(due, TimerAction::Trickle(token));
                    }
                }
                Some(TimerAction::ReleaseHeld(token)) => {
                    if let Some(conn) = self.conns.get_mut(&token)
                        && let Some(held) = conn.held.take()
                    {
                        conn.queue_frame(&held);
                        touched.push(token);
                    }
                }
                None => {}
            }
        }
        // Answers written by quests served in this round go out too.
        touched.extend(
            self.conns
                .iter()
                .filter(|(_, c)| c.writer.has_pending())
                .map(|(t, _)| *t),
        );
        touched.sort_unstable();
        touched.dedup();
        for token in touched {
            self.flush(token);
        }
    }
}

/// Binds, spawns the loop thread and returns its handle.
pub(super) fn spawn(
    addr: std::net::SocketAddr,
    shared: Arc<Shared>,
    mut rooms: Rooms,
) -> io::Result<super::Running> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    rooms.api.set_endpoint(local.to_string());
    let poll = Poll::new()?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
    let (control_tx, control_rx) = crossbeam_channel::unbounded();
    let mock_loop = MockLoop::new(poll, listener, control_rx, shared, rooms)?;
    let thread = std::thread::Builder::new()
        .name("rtm-mock".into())
        .spawn(move || mock_loop.run())?;
    Ok(super::Running {
        addr: local,
        thread,
        control: control_tx,
        waker,
    })
}
