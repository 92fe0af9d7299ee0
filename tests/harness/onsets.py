#!/usr/bin/env python3
"""List the sounds in a WAV recording: when each starts, how long and how loud it is.

    onsets.py REC.wav [--threshold -50] [--gap 100] [--json]
    onsets.py REC.wav --plan PLAN.txt [--json]

Standard library only. Times are sample positions (frame / rate from the first sample of the
file), never the wall clock: a sound server's clock and the wall clock drift apart (pipewire-pulse
by up to 2,300 ppm), while the samples of one recording are spaced exactly.

A sound starts at the first frame where any channel reaches --threshold dBFS, and ends once every
channel has stayed below it for --gap ms (a cue made of two notes with a short pause between them
is one sound). For each sound:

  onset_s    its first loud frame / rate
  duration_s from that frame to its last loud frame
  peak_dbfs  its largest sample, any channel
  rms_dbfs   the root mean square of every channel's samples, taken from the first to the last
             frame within 30 dB of the sound's own peak: the window scales with the sound, so the
             same sound played 17 dB quieter gives the same window and an RMS 17 dB lower
  freq_hz    zero crossings of the first channel (only meaningful for tones)

With --plan, a file of planned cues ("SECONDS NAME" per line, seconds after the first cue), each
planned cue is paired with a sound: the whole plan is shifted by the lag that lines up most cues
(within 30 ms), then each cue takes the closest unpaired sound starting 150 ms before to 900 ms
after its shifted time. off_ms is a cue's onset minus its planned time minus the median lag of all
paired cues: how early (-) or late (+) it came against the plan's spacing. Cues with no sound
are listed as missing; sounds no cue claimed as extra.
"""
import argparse
import json
import math
import struct
import sys
from array import array


def read_wav(path):
    """(samples as array('h'), channels, rate) of a 16-bit PCM WAV. Reads the data chunk to the end
    of the file when its length says 0 or more than is there (a recorder that was killed)."""
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        sys.exit(f"onsets.py: {path} is not a WAV file")
    pos, fmt = 12, None
    while pos + 8 <= len(blob):
        cid, size = blob[pos:pos + 4], struct.unpack("<I", blob[pos + 4:pos + 8])[0]
        body = pos + 8
        if cid == b"fmt ":
            tag, channels, rate = struct.unpack("<HHI", blob[body:body + 8])
            bits = struct.unpack("<H", blob[body + 14:body + 16])[0]
            fmt = (tag, channels, rate, bits)
        elif cid == b"data":
            if fmt is None:
                break
            tag, channels, rate, bits = fmt
            if tag not in (1, 0xFFFE) or bits != 16:
                sys.exit(f"onsets.py: {path}: only 16-bit PCM is read (format {tag}, {bits} bit)")
            end = len(blob) if size in (0, 0xFFFFFFFF) else min(len(blob), body + size)
            end -= (end - body) % (2 * channels)
            data = array("h")
            data.frombytes(blob[body:end])
            if sys.byteorder == "big":
                data.byteswap()
            return data, channels, rate
        pos = body + size + (size & 1)
    sys.exit(f"onsets.py: {path} has no fmt and data chunks")


def detect(data, ch, rate, threshold, gap_s):
    """(first frame, end frame) of every stretch where some channel reaches `threshold`."""
    win = max(1, rate // 1000) * ch  # 1 ms of interleaved samples
    gap = int(rate * gap_s)
    events, start, last = [], None, None
    for i in range(0, len(data), win):
        block = data[i:i + win]
        if max(block) < threshold and -min(block) < threshold:
            if start is not None and i // ch - last >= gap:
                events.append((start, last))
                start = None
            continue
        loud = [k for k, v in enumerate(block) if v >= threshold or -v >= threshold]
        if start is None:
            start = (i + loud[0]) // ch
        last = (i + loud[-1]) // ch + 1
    if start is not None:
        events.append((start, last))
    return events


def db(x, full=32768.0):
    return round(20 * math.log10(x / full), 2) if x > 0 else None


def describe(data, ch, rate, a, b, lo, hi):
    """The sound from frame a to b; its quiet edges below the threshold may reach out to frames lo
    and hi (the ends of the sounds before and after it)."""
    block = data[a * ch:b * ch]
    peak = max(max(block), -min(block))
    # The level window: first to last frame within 30 dB of this sound's own peak, looked for
    # beyond the detection threshold, so that a quieter copy of a sound gets the same window.
    floor = peak * 10 ** (-30 / 20)
    around = data[lo * ch:hi * ch]
    loud = [k for k, v in enumerate(around) if v >= floor or -v >= floor]
    window = around[loud[0] - loud[0] % ch:loud[-1] - loud[-1] % ch + ch]
    rms = math.sqrt(sum(v * v for v in window) / len(window))
    first = block[0::ch]
    ups = [k for k in range(1, len(first)) if first[k - 1] < 0 <= first[k]]
    hz = (len(ups) - 1) * rate / (ups[-1] - ups[0]) if len(ups) >= 2 else 0.0
    return {
        "onset_s": round(a / rate, 5),
        "duration_s": round((b - a) / rate, 4),
        "peak_dbfs": db(peak),
        "rms_dbfs": db(rms),
        "freq_hz": round(hz, 1),
    }


def read_plan(path):
    plan = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                secs, _, name = line.partition(" ")
                plan.append((float(secs), name.strip()))
    return plan


def pair(plan, events):
    """Pairs planned cues with sounds; see the module's description."""
    onsets = [e["onset_s"] for e in events]
    best = (0, 0.0)
    for p, _ in plan:
        for o in onsets:
            lag = o - p
            hits = sum(1 for q, _ in plan if any(abs(x - q - lag) <= 0.030 for x in onsets))
            if hits > best[0]:
                best = (hits, lag)
    lag = best[1]
    used, cues, missing = set(), [], []
    for i, (p, name) in enumerate(plan):
        near = [(abs(o - p - lag), j) for j, o in enumerate(onsets)
                if j not in used and -0.150 <= o - p - lag <= 0.900]
        if not near:
            missing.append({"index": i, "name": name, "planned_s": p})
            continue
        j = min(near)[1]
        used.add(j)
        cues.append(dict(events[j], index=i, name=name, planned_s=p))
    if cues:
        lags = sorted(c["onset_s"] - c["planned_s"] for c in cues)
        median = lags[len(lags) // 2]
        for c in cues:
            c["off_ms"] = round((c["onset_s"] - c["planned_s"] - median) * 1000, 1)
    extra = [e for j, e in enumerate(events) if j not in used]
    return cues, missing, extra


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wav")
    ap.add_argument("--threshold", type=float, default=-50.0,
                    help="level in dBFS where a sound starts (default -50)")
    ap.add_argument("--gap", type=float, default=100.0,
                    help="ms below the threshold that end a sound (default 100)")
    ap.add_argument("--plan", help="planned cues, 'SECONDS NAME' per line")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args()

    data, ch, rate = read_wav(args.wav)
    threshold = max(1, int(32768 * 10 ** (args.threshold / 20)))
    spans = detect(data, ch, rate, threshold, args.gap / 1000)
    # A sound's quiet edges: up to 20 ms before it and 50 ms after it, short of its neighbours'
    # own edges.
    edge, tail = rate // 50, rate // 20
    ends = [0] + [b for _, b in spans]
    starts = [a for a, _ in spans] + [len(data) // ch + edge]
    events = [describe(data, ch, rate, a, b, max(ends[i], a - edge),
                       min(starts[i + 1] - edge, b + tail))
              for i, (a, b) in enumerate(spans)]
    result = {"rate": rate, "channels": ch, "length_s": round(len(data) / ch / rate, 4),
              "events": events}
    if args.plan:
        cues, missing, extra = pair(read_plan(args.plan), events)
        result.update(cues=cues, missing=missing, extra=extra)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"# {len(events)} sound(s) in {result['length_s']:.3f} s at {rate} Hz x {ch}")
    if not args.plan:
        print("# onset_s  duration_s  peak_dBFS  rms_dBFS  freq_Hz")
        for e in events:
            print(f"{e['onset_s']:9.4f}  {e['duration_s']:10.4f}  {e['peak_dbfs']:9.2f}  "
                  f"{e['rms_dbfs']:8.2f}  {e['freq_hz']:7.1f}")
        return
    print("# planned_s  onset_s  off_ms  rms_dBFS  cue")
    for c in cues:
        print(f"{c['planned_s']:9.3f}  {c['onset_s']:8.4f}  {c['off_ms']:+7.1f}  "
              f"{c['rms_dbfs']:8.2f}  {c['name']}")
    for m in missing:
        print(f"{m['planned_s']:9.3f}  missing            {m['name']}")
    for e in extra:
        print(f"# extra sound at {e['onset_s']:.4f} s ({e['duration_s']:.3f} s)")


if __name__ == "__main__":
    main()
