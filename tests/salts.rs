//! Salts are unique within the process and across generators started together.

use std::collections::HashSet;
use std::sync::Arc;

use rtm_server_sdk::sign::SaltGenerator;

#[test]
fn a_million_salts_from_four_threads_are_all_distinct() {
    let generator = Arc::new(SaltGenerator::new());
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let generator = generator.clone();
            std::thread::spawn(move || (0..250_000).map(|_| generator.next()).collect::<Vec<_>>())
        })
        .collect();
    let mut all = HashSet::with_capacity(1_000_000);
    for thread in threads {
        for salt in thread.join().unwrap() {
            assert!(salt > 0, "salts are positive");
            assert!(all.insert(salt), "duplicate salt {salt}");
        }
    }
    assert_eq!(all.len(), 1_000_000);
}

#[test]
fn two_generators_started_together_do_not_collide() {
    let a = SaltGenerator::new();
    let b = SaltGenerator::new();
    let from_a: HashSet<i64> = (0..200_000).map(|_| a.next()).collect();
    let from_b: HashSet<i64> = (0..200_000).map(|_| b.next()).collect();
    assert_eq!(from_a.len(), 200_000);
    assert_eq!(from_b.len(), 200_000);
    assert!(from_a.is_disjoint(&from_b));
}
