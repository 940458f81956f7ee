#!/usr/bin/env bash
# Builds every example with exactly the features its [[example]] entry declares and no
# others: in a copy of the crate without its self-dev-dependency (which turns the mock and
# the internals on for the crate's own tests), so a missing `required-features` entry fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work"
grep -v '# self-dev-dependency$' "$root/Cargo.toml" > "$work/Cargo.toml"

# name<TAB>features, for every file in examples/ (no entry: no features).
python3 - "$root/Cargo.toml" > "$work/examples.tsv" <<'PY'
import pathlib, sys, tomllib
manifest = pathlib.Path(sys.argv[1])
declared = {e["name"]: e.get("required-features", [])
            for e in tomllib.loads(manifest.read_text()).get("example", [])}
examples = manifest.parent / "examples"
names = [p.stem for p in examples.glob("*.rs")] + [p.parent.name for p in examples.glob("*/main.rs")]
for name in sorted(names):
    print(f"{name}\t{','.join(declared.get(name, []))}")
PY

cd "$work"
while IFS=$'\t' read -r name features; do
    echo "example $name: features [${features}]"
    CARGO_TARGET_DIR="$root/target/check-examples" \
        cargo check --quiet --example "$name" --no-default-features --features "$features"
done < examples.tsv
