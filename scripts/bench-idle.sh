#!/usr/bin/env bash
# The figures of docs/performance.md, measured the way the peers were: builds a release binary and
# runs it in a fixed 100x30 tmux pane under scripts/idle-meter.py.
#
#   scripts/bench-idle.sh [SECONDS] [stretchy flags]   countdown only (default 60 s), e.g. --sound off
#   scripts/bench-idle.sh --all [SECONDS]              every budget figure (about 10 minutes)
#
# --all adds: the same countdown with sound on and a real sound device (tests/harness/capture, a
# private PulseAudio null sink), the first frame with a 10-year log in the data folder (median of
# 5 starts), and the CPU averaged over whole built-in routines with sound on. Parts whose tools
# are missing are skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
all=0
if [ "${1:-}" = "--all" ]; then all=1; shift; fi
seconds=${1:-60}
shift || true
meter=$PWD/scripts/idle-meter.py
capture=$PWD/tests/harness/capture
command -v tmux >/dev/null || { echo "bench-idle: needs tmux (apt-get install tmux)" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/stretchy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/long.json" <<'JSON'
{ "schema": 1, "id": "long", "title": "Long countdown", "lead_in_secs": 0,
  "exercises": [{ "id": "walk", "name": "Walk around the room", "cues": ["Easy pace"],
                  "timed": { "secs": 1800 } }] }
JSON

# Prints the chosen keys of the meter's JSON line. CPU: the scheduler's time of live threads, to the
# nanosecond (cpu_pct), and user + system time of the whole process, which also counts threads
# that have ended (rodio's output threads, where there is no sound server) but in 10 ms ticks:
# over 60 s one tick is 0.017 %, so at these levels it says little alone.
report() {
  python3 -c '
import json, sys
d = json.loads(sys.stdin.read().strip().splitlines()[-1])
d["cpu_process_pct"] = round(d["cpu_user_pct"] + d["cpu_sys_pct"], 3)
for key in sys.argv[1:]:
    print(f"  {key:24} {d.get(key)}")
' "$@"
}

countdown_keys=(window_s cpu_pct cpu_process_pct ctxt_switches_per_s pty_writes_per_s
  pty_bytes_per_s rss_kib_max threads startup_first_paint_ms write_phase_drift_ms)

echo "countdown, $seconds s, flags: ${*:-(none)}"
"$meter" -d "$seconds" -w 3 -c "STRETCHY_CONFIG_DIR=$work STRETCHY_DATA_DIR=$work/data exec $bin $* run $work/long.json" \
  | report "${countdown_keys[@]}"
[ "$all" = 1 ] || exit 0

have_capture=0
if why=$("$capture" --check 2>&1); then
  have_capture=1
else
  echo "(the figures with a sound device are skipped: $why)"
fi

if [ "$have_capture" = 1 ]; then
  # Sound on: the hold's first cue connects to the server, then the countdown runs.
  echo "countdown, $seconds s, sound on, with a sound device (PulseAudio null sink)"
  "$capture" -o "$work/countdown.wav" -- "$meter" -d "$seconds" -w 3 -c \
    "STRETCHY_CONFIG_DIR=$work STRETCHY_DATA_DIR=$work/data2 exec $bin run $work/long.json" \
    2>/dev/null | report "${countdown_keys[@]}"
fi

echo "first frame with a 10-year log in the data folder (median of 5 starts, ms)"
cargo run --release --quiet --example make_history -- "$work/h10" 10 >/dev/null
"$bin" --data-dir "$work/h10" stats >/dev/null # writes the history cache, as any first start does
for _ in 1 2 3 4 5; do
  "$meter" -d 1 -w 0 -c "exec $bin --config-dir $work --data-dir $work/h10" \
    | python3 -c 'import json, sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["startup_first_paint_ms"])'
done | sort -n | sed -n 3p | sed 's/^/  first paint /'

if [ "$have_capture" = 1 ]; then
  for routine in micro-break desk-reset; do
    secs=$("$bin" show "$routine" | sed -n 's/^Total \([0-9]*\):\([0-9]*\) .*/\1 \2/p' | awk '{print $1*60+$2}')
    echo "whole routine with sound: $routine ($secs s)"
    "$capture" -o "$work/$routine.wav" -- "$meter" -d "$secs" -w 1 -c \
      "STRETCHY_CONFIG_DIR=$work STRETCHY_DATA_DIR=$work/d-$routine exec $bin run $routine" \
      2>/dev/null | report window_s cpu_pct cpu_process_pct ctxt_switches_per_s rss_kib_max hwm_kib
  done
fi
