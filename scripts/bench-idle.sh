#!/usr/bin/env bash
# What a running countdown costs: builds a release binary, runs a 30-minute timed step in a fixed
# 100x30 tmux pane under the shared tui-meter for SECONDS (default 60), and prints its figures
# (CPU %, wake-ups/s, terminal writes/s, RSS, first paint, drift). Extra arguments go to stretchy,
# e.g. `scripts/bench-idle.sh 60 --sound off`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
meter=../shared/tools/tui-meter/meter.sh
[ -x "$meter" ] || { echo "bench-idle: needs $meter (the shared tools beside the repo)" >&2; exit 1; }
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/long.json" <<'JSON'
{ "schema": 1, "id": "long", "title": "Long countdown", "lead_in_secs": 0,
  "exercises": [{ "id": "walk", "name": "Walk around the room", "cues": ["Easy pace"],
                  "timed": { "secs": 1800 } }] }
JSON
"$meter" -d "$seconds" -w 3 -c "STRETCHY_CONFIG_DIR=$work STRETCHY_DATA_DIR=$work/data exec $PWD/target/release/stretchy $* run $work/long.json" \
  | python3 -c '
import json, sys
d = json.loads(sys.stdin.read().strip().splitlines()[-1])
for key in ["window_s", "cpu_pct", "ctxt_switches_per_s", "pty_writes_per_s", "pty_bytes_per_s",
            "rss_kib_max", "threads", "startup_first_paint_ms", "write_phase_drift_ms"]:
    print(f"{key:24} {d.get(key)}")
'
