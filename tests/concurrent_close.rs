//! Two threads closing one client at once (alone in its binary: it looks at the process's
//! threads by name).

mod common;

use std::time::Duration;

use common::*;
use rtm_server_sdk::QuestError;

#[test]
fn two_concurrent_closes_both_return_after_the_threads_stopped() {
    let server = mock();
    let client = client_for(&server);
    assert_eq!(client.add_room_member(1, 2).call(), None);
    // A callback that holds the callback thread for a while, so that the close is slow.
    client
        .add_room_member(1, 3)
        .with_callback(|_: Option<QuestError>| {
            std::thread::sleep(Duration::from_millis(300));
        });
    std::thread::sleep(Duration::from_millis(50));
    let closers: Vec<_> = (0..2)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                let result = client.close();
                (result, thread_names())
            })
        })
        .collect();
    for closer in closers {
        let (result, names) = closer.join().unwrap();
        assert_eq!(result, Ok(()));
        assert!(
            !names.iter().any(|n| n == "rtm-io" || n == "rtm-callback"),
            "a close returned while {names:?} still ran"
        );
    }
}

/// The names of this process's threads.
fn thread_names() -> Vec<String> {
    std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
        .map(|name| name.trim().to_string())
        .collect()
}
