#!/usr/bin/env bash
# The figures of the README's Performance section: each configuration three times in one
# sitting, the median reported. The mock runs in its own process on core 0, the client on
# core 1 (the in-process mock is used for the encrypted runs and the memory figure).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --examples -q
bench=target/release/examples/bench
port=${PORT:-13315}
taskset -c 0 target/release/examples/mock_server --bind 127.0.0.1:$port >/dev/null &
mock=$!
trap 'kill $mock' EXIT
sleep 0.5

# median of three runs of: bench ARGS --json, by qps
median() {
  for _ in 1 2 3; do "$@" --json; done | sort -t: -k8 -n | python3 -c '
import sys, json
runs = [json.loads(l) for l in sys.stdin if l.startswith("{")]
runs.sort(key=lambda r: r["qps"])
m = runs[len(runs) // 2]
print(json.dumps({k: m[k] for k in ("mode", "threads", "inflight", "encrypted", "qps", "p50_us", "p99_us", "p999_us", "errors")}),
      " all qps:", [r["qps"] for r in runs])'
}

remote="--endpoint 127.0.0.1:$port"
echo "# one thread, blocking, vs the floor (a bare socket)"
median taskset -c 1 $bench $remote --mode raw --count 100000
median taskset -c 1 $bench $remote --mode blocking --count 100000
echo "# callback form, 1000 in flight"
median taskset -c 1 $bench $remote --mode callback --count 1000000 --inflight 1000
echo "# blocking from many threads"
for t in 4 16 64; do median taskset -c 1 $bench $remote --mode blocking --count 200000 --threads $t; done
echo "# encryption cost (in-process mock; plain, then AES-128 package, then AES-128 stream)"
for enc in "" "--encrypt" "--encrypt --stream"; do
  median $bench --mode callback --count 500000 --inflight 1000 $enc
done
for enc in "" "--encrypt"; do
  median $bench --mode blocking --count 50000 $enc
done
echo "# memory per call in flight"
$bench --mode memory --count 200000 --json
