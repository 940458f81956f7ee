//! Hostile frames never make the client allocate more than its maximum frame size (alone in
//! its binary: the allocator is watched process-wide).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use rtm_server_sdk::codec::encode_answer;
use rtm_server_sdk::codec::msgpack::PayloadWriter;
use rtm_server_sdk::{ClientConfig, RtmServerClient};

struct Watched;

static WATCHING: AtomicBool = AtomicBool::new(false);
static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Watched {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if WATCHING.load(Ordering::Relaxed) {
            LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if WATCHING.load(Ordering::Relaxed) {
            LARGEST.fetch_max(new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Watched = Watched;

const MAX_FRAME: usize = 256 * 1024;

/// A server that answers the first quest with `first`, then sends `then` and stays silent.
fn server(first: Vec<u8>, then: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf);
        // The big answer in pieces, so that the client must grow its buffer.
        for piece in first.chunks(10_000) {
            stream.write_all(piece).unwrap();
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = stream.read(&mut buf);
        stream.write_all(&then).unwrap();
        std::thread::sleep(Duration::from_secs(3600));
    });
    addr
}

#[test]
fn hostile_frames_never_allocate_past_the_maximum_frame_size() {
    // A legitimate 200 KiB answer: {"blob": bin(200 KiB)}.
    let mut payload = Vec::new();
    PayloadWriter::new(&mut payload)
        .map_len(1)
        .key("blob")
        .bin(&vec![7u8; 200 * 1024]);
    let mut big = Vec::new();
    encode_answer(&mut big, 1, 0, &payload);
    // Then a header declaring a 4 GiB answer.
    let mut liar = b"FPNN\x01\x80\x02\x00".to_vec();
    liar.extend_from_slice(&u32::MAX.to_le_bytes());
    liar.extend_from_slice(&2u32.to_le_bytes());
    let addr = server(big, liar);

    let client = RtmServerClient::new(
        ClientConfig::builder(addr, 1, "secret")
            .keep_alive(None)
            .max_frame_len(MAX_FRAME),
    )
    .unwrap();
    client.connect().unwrap();
    WATCHING.store(true, Ordering::SeqCst);
    assert_eq!(
        client
            .add_room_member(1, 2)
            .timeout(Duration::from_secs(10))
            .call(),
        None
    );
    let error = client
        .add_room_member(1, 2)
        .timeout(Duration::from_secs(10))
        .call()
        .unwrap();
    WATCHING.store(false, Ordering::SeqCst);
    assert!(error.is_connection_closed(), "{error}");
    let largest = LARGEST.load(Ordering::SeqCst);
    assert!(largest >= 200 * 1024, "the big frame was read: {largest}");
    assert!(
        largest <= MAX_FRAME + 4,
        "allocated {largest} bytes at once"
    );
}
