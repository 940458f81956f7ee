//! One blocking `add_room_member` round trip against the in-process mock server.

use criterion::{Criterion, criterion_group, criterion_main};
use rtm_server_sdk::RtmServerClient;
use rtm_server_sdk::mock::MockServer;

fn round_trip(c: &mut Criterion) {
    let server = MockServer::start().expect("mock");
    let client = RtmServerClient::new(server.client_config()).expect("client");
    client.connect().expect("connected");
    let mut uid = 0;
    c.bench_function("blocking add_room_member round trip", |b| {
        b.iter(|| {
            uid += 1;
            assert!(client.add_room_member(1, uid, None).is_none());
        })
    });
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
