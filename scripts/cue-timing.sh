#!/usr/bin/env bash
# How punctual the cues are through a real sound server: runs a routine RUNS times under the capture
# harness (tests/harness) and lists, per run, every cue that came more than LATE ms off the plan's
# spacing, then a summary (with the mean RMS level of the cues, to compare volumes). Measured by
# sample position in the recording, never the wall clock.
#
#   scripts/cue-timing.sh [--server pulseaudio|pipewire] [--runs N] [--speed N] [--late MS] ROUTINE [stretchy flags]
#
# Defaults: pulseaudio, 24 runs, speed 3, 50 ms. ROUTINE is a built-in id or a file. Each run's
# table (onsets.py --plan) is kept in the folder printed at the start; each run's line gives the
# load average when it began (other work on the machine delays cues too).
# Example: scripts/cue-timing.sh --server pipewire --runs 24 micro-break
set -euo pipefail
cd "$(dirname "$0")/.."
server=pulseaudio runs=24 speed=3 late=50
while [ $# -gt 0 ]; do
  case $1 in
    --server) server=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --speed) speed=$2; shift 2 ;;
    --late) late=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
routine=$1; shift
tests/harness/capture --check --server "$server"
cargo build --release --quiet --bin stretchy --example cue_plan
bin=$PWD/target/release/stretchy
out=$(mktemp -d /tmp/cue-timing.XXXXXX)
target/release/examples/cue_plan "$routine" --speed "$speed" > "$out/plan.txt"
echo "$runs runs of $routine at speed $speed through $server, $(wc -l < "$out/plan.txt") cues each; tables in $out"
for i in $(seq "$runs"); do
  rm -rf "$out/data"
  load=$(cut -d' ' -f1 /proc/loadavg)
  tests/harness/capture --server "$server" -o "$out/run$i.wav" -- \
    "$bin" --config-dir "$out/data" --data-dir "$out/data" run "$routine" --plain --speed "$speed" "$@" >/dev/null
  tests/harness/onsets.py --plan "$out/plan.txt" "$out/run$i.wav" > "$out/run$i.txt"
  tests/harness/onsets.py --json --plan "$out/plan.txt" "$out/run$i.wav" > "$out/run$i.json"
  rm -f "$out/run$i.wav"
  python3 - "$out/run$i.json" "$i" "$load" "$late" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
offs = [c["off_ms"] for c in d["cues"]]
bad = [f'{c["name"]}#{c["index"]} at {c["planned_s"]:.3f} s {c["off_ms"]:+.0f} ms'
       for c in d["cues"] if abs(c["off_ms"]) > float(sys.argv[4])]
bad += [f'{m["name"]}#{m["index"]} at {m["planned_s"]:.3f} s not heard' for m in d["missing"]]
print(f'run {sys.argv[2]:>3} (load {sys.argv[3]}): {len(d["cues"])} heard, '
      f'{min(offs):+.1f} to {max(offs):+.1f} ms' + ('; ' + '; '.join(bad) if bad else ''))
PY
done
python3 - "$out" "$runs" "$late" <<'PY'
import json, sys
out, runs, late = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
offs, heard, planned, late_runs, levels = [], 0, 0, 0, []
for i in range(1, runs + 1):
    d = json.load(open(f"{out}/run{i}.json"))
    o = [c["off_ms"] for c in d["cues"]]
    offs += o
    levels += [c["rms_dbfs"] for c in d["cues"]]
    heard += len(d["cues"])
    planned += len(d["cues"]) + len(d["missing"])
    late_runs += any(abs(x) > late for x in o) or bool(d["missing"])
offs.sort()
pct = lambda p: offs[min(len(offs) - 1, int(p * len(offs)))]
print(f"summary: {heard}/{planned} cues heard; off the plan {offs[0]:+.1f} to {offs[-1]:+.1f} ms "
      f"(1st-99th percentile {pct(0.01):+.1f} to {pct(0.99):+.1f}); "
      f"{late_runs} of {runs} runs with a cue more than {late:g} ms off or not heard; "
      f"mean cue level {sum(levels) / len(levels):.2f} dBFS RMS")
PY
