//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod api;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use rtm_server_sdk::mock::MockServer;
use rtm_server_sdk::{ClientConfigBuilder, QuestError, RtmServerClient};

/// A generous bound for "promptly": machines here are noisy.
pub const PROMPT: Duration = Duration::from_millis(1500);

pub fn mock() -> MockServer {
    MockServer::start().expect("the mock server starts")
}

pub fn client_for(server: &MockServer) -> RtmServerClient {
    client_with(server.client_config())
}

pub fn client_with(config: ClientConfigBuilder) -> RtmServerClient {
    RtmServerClient::new(config.quest_timeout(Duration::from_secs(10))).expect("the client starts")
}

/// Runs `f` on a watchdog: a hang is a failure, not a stuck test run.
pub fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("did not finish within {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the watched code panicked"),
    }
}

/// Runs a basic call in its callback form and waits (bounded) for the callback.
pub fn basic_cb(
    start: impl FnOnce(Box<dyn FnOnce(Option<QuestError>) + Send>),
) -> (Option<QuestError>, Duration) {
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    start(Box::new(move |error: Option<QuestError>| {
        let _ = tx.send((error, started.elapsed()));
    }));
    rx.recv_timeout(Duration::from_secs(30))
        .expect("the callback runs")
}

/// Times a blocking call.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed())
}

/// Polls `condition` until it holds or `limit` passes.
pub fn eventually(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    condition()
}

/// Threads of this process.
pub fn thread_count() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|d| d.count())
        .unwrap_or(0)
}

/// Resident memory of this process, in KiB.
pub fn rss_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4
}

/// The server end of one connection, scripted by a test: reads the client's quests and
/// answers them, byte for byte as the test says.
pub struct ScriptedPeer {
    stream: std::net::TcpStream,
    buf: Vec<u8>,
    decoder: rtm_server_sdk::codec::FrameDecoder,
}

impl ScriptedPeer {
    /// Waits for the client's connection.
    pub fn accept(listener: &std::net::TcpListener) -> ScriptedPeer {
        ScriptedPeer {
            stream: listener.accept().expect("the client connects").0,
            buf: Vec::new(),
            decoder: rtm_server_sdk::codec::FrameDecoder::default(),
        }
    }

    /// The next quest: method, payload and seq (0 for a oneway quest); `None` once the
    /// client closed the connection.
    pub fn next_quest(&mut self) -> Option<(String, Vec<u8>, u32)> {
        use std::io::Read;
        let mut chunk = [0u8; 65536];
        loop {
            let decoded = self.decoder.decode(&self.buf).expect("a valid frame");
            if let Some((rtm_server_sdk::codec::Frame::Quest(q), used)) = decoded {
                let quest = (
                    String::from_utf8(q.method.to_vec()).expect("a text method"),
                    q.payload.to_vec(),
                    q.seq.unwrap_or(0),
                );
                self.buf.drain(..used);
                return Some(quest);
            }
            match self.stream.read(&mut chunk) {
                Ok(0) | Err(_) => return None,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// Answers quest `seq` with an OK answer carrying `payload`.
    pub fn answer(&mut self, seq: u32, payload: &[u8]) {
        use std::io::Write;
        let mut out = Vec::new();
        rtm_server_sdk::codec::encode_answer(&mut out, seq, 0, payload);
        self.stream.write_all(&out).expect("the answer is written");
    }
}

/// A client connected to a bare TCP peer that the test drives by hand (nothing answers
/// unless the test writes): the client's configuration is `configure`d from one for the
/// peer's endpoint.
pub fn client_of_raw_peer(
    configure: impl FnOnce(ClientConfigBuilder) -> ClientConfigBuilder,
) -> (RtmServerClient, std::net::TcpStream) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    let config = configure(rtm_server_sdk::ClientConfig::builder(endpoint, 1, "secret"));
    let client = RtmServerClient::new(config).unwrap();
    let connecting = std::thread::spawn({
        let client = client.clone();
        move || client.connect()
    });
    let (peer, _) = listener.accept().unwrap();
    connecting.join().unwrap().unwrap();
    (client, peer)
}
