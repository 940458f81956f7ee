//! A blocked callback thread while the server keeps pushing: pushes beyond the backlog
//! are dropped and counted, memory stays bounded, and the outcomes of the user's own calls
//! all arrive (alone in its binary, for the memory figure).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use rtm_server_sdk::QuestError;
use rtm_server_sdk::rmpv::Value;

#[test]
fn pushes_beyond_the_backlog_are_dropped_and_counted_and_completions_all_arrive() {
    let server = mock();
    let client = client_with(server.client_config().max_push_backlog(1024 * 1024));
    let delivered = Arc::new(AtomicUsize::new(0));
    let seen = delivered.clone();
    client.set_push_callback(move |method: &str, payload: &Value| {
        assert_eq!(method, "pushroommsg");
        assert_eq!(payload["rid"], Value::from(1001));
        seen.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(client.add_room_member(1, 2).call(), None);
    let rss_before = rss_kib();

    // Hold the callback thread for 5 s, and until every push has been answered.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (holding, held) = std::sync::mpsc::channel::<()>();
    client
        .add_room_member(1, 3)
        .with_callback(move |_: Option<QuestError>| {
            let _ = holding.send(());
            std::thread::sleep(Duration::from_secs(5));
            let _ = released.recv_timeout(Duration::from_secs(60));
        });
    held.recv_timeout(Duration::from_secs(10))
        .expect("the callback thread is held");
    let pushes = 200_000;
    let payload = Value::Map(vec![
        ("from".into(), 777.into()),
        ("rid".into(), 1001.into()),
        ("msg".into(), "hello, room".into()),
    ]);
    server.push("pushroommsg", &payload, true, pushes);
    // The user's own calls while the callback thread is blocked.
    let completed = Arc::new(AtomicUsize::new(0));
    for uid in 0..100 {
        let completed = completed.clone();
        client
            .add_room_member(1, uid)
            .with_callback(move |e: Option<QuestError>| {
                assert_eq!(e, None);
                completed.fetch_add(1, Ordering::SeqCst);
            });
    }
    // Every push is answered by the I/O thread meanwhile, delivered or not.
    assert!(
        eventually(Duration::from_secs(20), || server.stats().answers
            >= pushes as u64),
        "answers {}",
        server.stats().answers
    );
    let grown_kib = rss_kib().saturating_sub(rss_before);
    assert!(grown_kib < 48 * 1024, "memory grew by {grown_kib} KiB");
    release.send(()).unwrap();

    assert!(eventually(Duration::from_secs(30), || {
        delivered.load(Ordering::SeqCst) + client.dropped_pushes() as usize == pushes
    }));
    let dropped = client.dropped_pushes() as usize;
    // At most the backlog's worth (1 MiB at 64 bytes and more each) was delivered.
    assert!(
        dropped >= pushes - 1024 * 1024 / 64,
        "dropped {dropped} of {pushes}"
    );
    assert!(delivered.load(Ordering::SeqCst) > 0);
    assert!(eventually(Duration::from_secs(10), || completed
        .load(Ordering::SeqCst)
        == 100));
    // The client works on.
    assert_eq!(client.add_room_member(1, 4).call(), None);
}
