//! Threads do not outlive their client (alone in its binary, so that the count is not
//! disturbed by other tests).

mod common;

use common::*;

#[test]
fn threads_are_gone_after_close_and_after_drop() {
    let before = thread_count();
    let server = mock();
    for round in 0..10 {
        let client = client_for(&server);
        assert_eq!(client.add_room_member(1, round).call(), None);
        if round % 2 == 0 {
            client.close().unwrap();
        } else {
            drop(client);
        }
    }
    drop(server);
    assert!(
        eventually(PROMPT, || thread_count() <= before),
        "threads before {before}, after {}",
        thread_count()
    );
}
