//! The mock's I/O thread: one mio loop serving every connection, with timers for delayed
//! and trickled answers.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io::{self, Read, Write};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use super::rooms::Rooms;
use super::{Control, Fault, Shared};
use crate::codec::{
    Frame, FrameDecoder, MessageType, QuestBuilder, QuestFrame, encode_answer, encode_error_answer,
    set_seq,
};

const LISTENER: Token = Token(0);
pub(super) const WAKER: Token = Token(1);
const FIRST_CONN: usize = 2;
const READ_CHUNK: usize = 64 * 1024;
/// How long an answer held back for `Fault::OutOfOrder` waits for a later answer to overtake it.
const OUT_OF_ORDER_HOLD: Duration = Duration::from_millis(50);

struct Conn {
    stream: TcpStream,
    inbuf: Vec<u8>,
    in_start: usize,
    in_end: usize,
    outbuf: Vec<u8>,
    out_pos: usize,
    held: Option<Vec<u8>>,
    close_when_flushed: bool,
}

enum TimerAction {
    Write(Token, Vec<u8>),
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
                log::error!("mock server poll failed: {e}");
                return self.rooms;
            }
            for event in events.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    token => self.on_conn_ready(token),
                }
            }
            while let Ok(control) = self.control.try_recv() {
                match control {
                    Control::Stop => return self.rooms,
                    Control::CloseConnections => {
                        let tokens: Vec<Token> = self.conns.keys().copied().collect();
                        for token in tokens {
                            self.close(token);
                        }
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
                            inbuf: vec![0; READ_CHUNK],
                            in_start: 0,
                            in_end: 0,
                            outbuf: Vec::new(),
                            out_pos: 0,
                            held: None,
                            close_when_flushed: false,
                        },
                    );
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    log::debug!("mock accept failed: {e}");
                    return;
                }
            }
        }
    }

    fn on_conn_ready(&mut self, token: Token) {
        if !self.read(token) {
            self.close(token);
            return;
        }
        self.flush(token);
    }

    /// Reads and serves what arrived; false when the connection must close.
    fn read(&mut self, token: Token) -> bool {
        loop {
            let Some(conn) = self.conns.get_mut(&token) else {
                return true;
            };
            if conn.in_start == conn.in_end {
                conn.in_start = 0;
                conn.in_end = 0;
            }
            if conn.in_end == conn.inbuf.len() {
                if conn.in_start > 0 {
                    conn.inbuf.copy_within(conn.in_start..conn.in_end, 0);
                    conn.in_end -= conn.in_start;
                    conn.in_start = 0;
                } else {
                    let grow = conn.inbuf.len() + READ_CHUNK;
                    conn.inbuf.resize(grow, 0);
                }
            }
            let in_end = conn.in_end;
            match conn.stream.read(&mut conn.inbuf[in_end..]) {
                Ok(0) => return false,
                Ok(n) => {
                    conn.in_end += n;
                    if !self.serve_frames(token) {
                        return false;
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
            let buf = std::mem::take(&mut conn.inbuf);
            let (start, end) = (conn.in_start, conn.in_end);
            let decoded = self.decoder.decode(&buf[start..end]);
            let outcome = match decoded {
                Ok(Some((Frame::Quest(quest), used))) => {
                    let keep = self.serve_quest(token, quest);
                    Some((used, keep))
                }
                Ok(Some((Frame::Answer(_), used))) => {
                    self.shared.stats.answers.fetch_add(1, Ordering::Relaxed);
                    Some((used, true))
                }
                Ok(None) => None,
                Err(e) => {
                    log::debug!("mock closes a connection: {e}");
                    Some((0, false))
                }
            };
            let Some(conn) = self.conns.get_mut(&token) else {
                return true;
            };
            conn.inbuf = buf;
            match outcome {
                None => return true,
                Some((_, false)) => return false,
                Some((used, true)) => conn.in_start += used,
            }
        }
    }

    /// Answers one quest, applying a fault when one matches; false to close the connection.
    fn serve_quest(&mut self, token: Token, quest: QuestFrame<'_>) -> bool {
        let method = String::from_utf8_lossy(quest.method).into_owned();
        self.shared.count_quest(&method);
        let now = Instant::now();
        let result = self.rooms.handle(&method, quest.payload, now);
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
            Fault::Delay(delay) => self.schedule(now + delay, TimerAction::Write(token, answer)),
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
                }
            }
            Fault::OversizeHeader => {
                answer[8..12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
                answer.truncate(16);
                self.send(token, answer);
            }
            Fault::DuplicateAnswer => {
                let twice = [answer.as_slice(), answer.as_slice()].concat();
                self.send(token, twice);
            }
            Fault::UnknownSeqAnswer => {
                set_seq(&mut answer, seq ^ 0x8000_0000);
                self.send(token, answer);
            }
            Fault::OutOfOrder => {
                if let Some(conn) = self.conns.get_mut(&token)
                    && let Some(previous) = conn.held.replace(answer)
                {
                    conn.outbuf.extend_from_slice(&previous);
                }
                self.schedule(now + OUT_OF_ORDER_HOLD, TimerAction::ReleaseHeld(token));
            }
            Fault::ByteByByte(interval) => {
                for (i, byte) in answer.into_iter().enumerate() {
                    let due = now + interval * i as u32;
                    self.schedule(due, TimerAction::Write(token, vec![byte]));
                }
            }
            Fault::PushFirst => {
                let push = self.push_frame();
                self.send(token, push);
                self.send(token, answer);
            }
        }
        true
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

    /// Queues bytes for a connection, releasing an answer held back for `OutOfOrder` after it.
    fn send(&mut self, token: Token, bytes: Vec<u8>) {
        if let Some(conn) = self.conns.get_mut(&token) {
            conn.outbuf.extend_from_slice(&bytes);
            if let Some(held) = conn.held.take() {
                conn.outbuf.extend_from_slice(&held);
            }
        }
    }

    fn flush(&mut self, token: Token) {
        let Some(conn) = self.conns.get_mut(&token) else {
            return;
        };
        while conn.out_pos < conn.outbuf.len() {
            match conn.stream.write(&conn.outbuf[conn.out_pos..]) {
                Ok(0) => break,
                Ok(n) => conn.out_pos += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.close(token);
                    return;
                }
            }
        }
        conn.outbuf.clear();
        conn.out_pos = 0;
        if conn.close_when_flushed {
            self.close(token);
        }
    }

    fn close(&mut self, token: Token) {
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
                Some(TimerAction::Write(token, bytes)) => {
                    self.send(token, bytes);
                    touched.push(token);
                }
                Some(TimerAction::ReleaseHeld(token)) => {
                    if let Some(conn) = self.conns.get_mut(&token)
                        && let Some(held) = conn.held.take()
                    {
                        conn.outbuf.extend_from_slice(&held);
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
                .filter(|(_, c)| c.out_pos < c.outbuf.len())
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
    rooms: Rooms,
) -> io::Result<super::Running> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
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
