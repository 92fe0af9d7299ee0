#!/usr/bin/env python3
"""idle-meter: what a terminal app costs while it runs, measured in a fixed tmux pane.

    scripts/idle-meter.py [options] -c 'SHELL COMMAND'
    scripts/idle-meter.py [options] -- CMD [ARG...]

Runs the command in a private tmux server (a socket of its own, no user config) in one pane of a
fixed size, lets it warm up, then measures a window and prints one line of JSON:

  window_s                 length of the measured window
  startup_first_byte_ms    launch to the first byte written to the pane's terminal
  startup_first_paint_ms   launch to the first non-blank screen (polled every 3 ms)
  cpu_pct                  scheduler run time of every thread of the app's processes (from
                           /proc/PID/task/TID/schedstat, to the nanosecond) plus children they
                           reaped, over the window, in % of one core
  cpu_user_pct, cpu_sys_pct  the same from utime and stime, in clock ticks (10 ms): they also
                           count threads that ended during the window
  ctxt_switches_per_s      voluntary context switches of all threads: how often it wakes
  nonvol_ctxt_switches_per_s
  rss_kib_max, rss_kib_end resident memory of the app's processes, sampled every -i seconds
  hwm_kib                  the largest VmHWM (peak resident) of one of its processes
  threads, procs           the most seen at once
  pty_bytes_per_s          bytes written to the terminal during the window
  pty_writes_per_s         writes to the terminal (reads of the pane's output 2 ms or more apart)
  write_phase_drift_ms     when it writes about once a second: how far the instants of those writes
                           slid against whole seconds from the window's start to its end (mean of
                           the last five minus the first five); a deadline-driven timer stays
                           near 0, a sleep(1 s) loop slides about 1 ms a second
  exited_early, exit_status
With -p MS the screen is also read every MS ms (lines -l A-B only): screen_changes,
screen_changes_per_s and change_phase_drift_ms, the drift of the changes against whole seconds.

The app's processes: the pane's process, its descendants, and processes still in the pane's
session. At the end the tmux server is killed and any of those processes still running (same
process id and start time) get TERM, then KILL.

Options: -d SECS window (30), -w SECS warm-up (3), -x COLS (100), -y ROWS (30), -i SECS memory
sampling (0.5), -p MS screen polling (off), -l A-B lines compared, -T TERM (tmux-256color),
-o DIR keep pty.log, writes.log and the screens there. Needs tmux and Linux /proc.
"""
import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HZ = os.sysconf("SC_CLK_TCK")
BURST_NS = 2_000_000


def now_ns():
    return time.monotonic_ns()


def tap(log_path, pty_path):
    """The pane's output, from tmux pipe-pane: keeps the bytes and logs 'NS BYTES' per read."""
    with open(log_path, "a") as log, open(pty_path, "ab") as raw:
        open(log_path + ".ready", "w").close()
        while True:
            buf = os.read(0, 65536)
            if not buf:
                return
            log.write(f"{now_ns()} {len(buf)}\n")
            log.flush()
            raw.write(buf)
            raw.flush()


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def stat_fields(pid):
    """The fields after the command name of /proc/PID/stat: [0] state, [1] ppid, [3] session,
    [11] utime, [12] stime, [13] cutime, [14] cstime, [19] start time."""
    text = read(f"/proc/{pid}/stat")
    if text is None:
        return None
    return text[text.rfind(")") + 2:].split()


class Tree:
    """The app's processes, and every one ever seen with its start time (for the cleanup)."""

    def __init__(self, root):
        self.root = root
        self.seen = {}

    def pids(self):
        kids, in_session, start = {}, [], {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            f = stat_fields(name)
            if f is None:
                continue
            pid = int(name)
            start[pid] = f[19]
            kids.setdefault(int(f[1]), []).append(pid)
            if int(f[3]) == self.root and pid != self.root:
                in_session.append(pid)
        tree, queue = [], [self.root]
        while queue:
            pid = queue.pop(0)
            if pid in tree or pid not in start:
                continue
            tree.append(pid)
            queue.extend(kids.get(pid, []))
        tree += [pid for pid in in_session if pid not in tree]
        for pid in tree:
            self.seen[pid] = start[pid]
        return tree

    def alive(self):
        return [pid for pid, st in self.seen.items()
                if (f := stat_fields(pid)) is not None and f[19] == st]


def status_values(path, keys):
    text = read(path) or ""
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in keys:
            out[key] = int(value.split()[0])
    return out


def sample(tree, full=True):
    """Totals over the app's processes: cpu_ns, voluntary and other switches, utime and stime
    ticks, threads, processes, RSS and the largest HWM (KiB)."""
    s = dict(cpu_ns=0, vol=0, nonvol=0, utime=0, stime=0, threads=0, procs=0, rss=0, hwm=0)
    for pid in tree.pids():
        f = stat_fields(pid)
        if f is None:
            continue
        mem = status_values(f"/proc/{pid}/status", ("VmRSS", "VmHWM"))
        s["procs"] += 1
        s["rss"] += mem.get("VmRSS", 0)
        s["hwm"] = max(s["hwm"], mem.get("VmHWM", 0))
        if not full:
            continue
        s["utime"] += int(f[11]) + int(f[13])
        s["stime"] += int(f[12]) + int(f[14])
        s["cpu_ns"] += (int(f[13]) + int(f[14])) * 1_000_000_000 // HZ
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            s["threads"] += 1
            sched = read(f"/proc/{pid}/task/{tid}/schedstat")
            if sched:
                s["cpu_ns"] += int(sched.split()[0])
            sw = status_values(f"/proc/{pid}/task/{tid}/status",
                               ("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"))
            s["vol"] += sw.get("voluntary_ctxt_switches", 0)
            s["nonvol"] += sw.get("nonvoluntary_ctxt_switches", 0)
    return s


def phase_drift_ms(instants_ns):
    """How far events about a second apart slid against whole seconds from the first: the mean
    phase of the last five minus that of the first five, in ms."""
    if len(instants_ns) < 8:
        return None
    first = instants_ns[0]
    phase = []
    for t in instants_ns:
        d = (t - first) / 1e6
        phase.append(d - 1000 * round(d / 1000))
    k = min(5, len(phase) // 4) or 1
    return round(sum(phase[-k:]) / k - sum(phase[:k]) / k)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "--tap":
        tap(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(usage=__doc__.split("\n\n")[1],
                                 description=__doc__.splitlines()[0])
    ap.add_argument("-d", type=float, default=30.0, dest="window")
    ap.add_argument("-w", type=float, default=3.0, dest="warm")
    ap.add_argument("-x", type=int, default=100, dest="cols")
    ap.add_argument("-y", type=int, default=30, dest="rows")
    ap.add_argument("-i", type=float, default=0.5, dest="interval")
    ap.add_argument("-p", type=int, default=0, dest="poll_ms")
    ap.add_argument("-l", dest="lines")
    ap.add_argument("-T", dest="term")
    ap.add_argument("-o", dest="keep")
    ap.add_argument("-c", dest="shell")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not args.shell and not cmd:
        ap.error("a command is needed: -c 'COMMAND' or -- CMD ARGS")
    if shutil.which("tmux") is None:
        sys.exit("idle-meter: tmux not found (apt-get install tmux)")

    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="idle-meter.")
    os.makedirs(work, exist_ok=True)
    sock = f"idle-meter-{os.getpid()}"
    term = args.term or ("tmux-256color" if subprocess.run(
        ["infocmp", "tmux-256color"], capture_output=True).returncode == 0 else "screen-256color")

    def tmux(*a, **kw):
        return subprocess.run(["tmux", "-L", sock, *a], capture_output=True, text=True, **kw)

    go = os.path.join(work, "go")
    for name in ("go", "writes.log", "writes.log.ready", "pty.log"):
        if os.path.exists(os.path.join(work, name)):
            os.unlink(os.path.join(work, name))
    os.mkfifo(go)
    target = f"exec bash -c {shlex.quote(args.shell)}" if args.shell else "exec " + shlex.join(cmd)
    launch = os.path.join(work, "launch.sh")
    with open(launch, "w") as f:
        f.write(f'#!/usr/bin/env bash\nread -r _ < {shlex.quote(go)}\n{target}\n')
    os.chmod(launch, 0o755)
    conf = os.path.join(work, "tmux.conf")
    with open(conf, "w") as f:
        f.write(f'set -g default-terminal "{term}"\nset -g status off\n'
                "set -g remain-on-exit on\nset -g history-limit 0\n")
    writes_log = os.path.join(work, "writes.log")
    pty_log = os.path.join(work, "pty.log")
    open(writes_log, "w").close()
    open(pty_log, "w").close()

    tree = None
    try:
        if tmux("-f", conf, "new-session", "-d", "-s", "m", "-x", str(args.cols),
                "-y", str(args.rows), launch).returncode != 0:
            sys.exit("idle-meter: tmux would not start")
        me = shlex.join([sys.executable, os.path.abspath(__file__), "--tap", writes_log, pty_log])
        tmux("pipe-pane", "-t", "m", "-o", f"exec {me}")
        # The app starts once the tap is reading, so its first write is timed right.
        for _ in range(500):
            if os.path.exists(writes_log + ".ready"):
                break
            time.sleep(0.01)
        root = int(tmux("display", "-p", "-t", "m", "#{pane_pid}").stdout.strip())
        tree = Tree(root)
        tree.pids()

        def screen():
            text = tmux("capture-pane", "-p", "-t", "m").stdout
            if args.lines:
                a, b = (int(n) for n in args.lines.split("-"))
                text = "\n".join(text.split("\n")[a - 1:b])
            return text

        def dead():
            return tmux("display", "-p", "-t", "m", "#{pane_dead}").stdout.strip() == "1"

        t_go = now_ns()
        with open(go, "w") as f:
            f.write("go\n")
        first_paint = None
        while now_ns() - t_go < 10_000_000_000:
            if tmux("capture-pane", "-p", "-t", "m").stdout.strip():
                first_paint = now_ns() - t_go
                break
            if dead():
                break
            time.sleep(0.003)

        t_w0 = t_go + int(args.warm * 1e9)
        t_w1 = t_w0 + int(args.window * 1e9)
        time.sleep(max(0, (t_w0 - now_ns()) / 1e9))
        screen_start = tmux("capture-pane", "-p", "-t", "m").stdout
        bytes0 = os.path.getsize(pty_log)
        s0, t0 = sample(tree), now_ns()
        rss_max, threads_max, procs_max = s0["rss"], s0["threads"], s0["procs"]
        hwm = s0["hwm"]
        next_mem = t0 + int(args.interval * 1e9)
        changes, last_screen, last_poll = [], None, None
        if args.poll_ms:
            last_screen, last_poll = screen(), now_ns()
        exited = False
        while True:
            t = now_ns()
            if t >= t_w1:
                break
            if t >= next_mem:
                if dead():
                    exited = True
                    break
                m = sample(tree, full=False)
                rss_max, hwm = max(rss_max, m["rss"]), max(hwm, m["hwm"])
                procs_max = max(procs_max, m["procs"])
                next_mem += int(args.interval * 1e9)
            if args.poll_ms:
                t = now_ns()
                current = screen()
                if current != last_screen:
                    changes.append((last_poll + t) // 2)  # it changed between the two polls
                    last_screen = current
                last_poll = t
                wake = t + args.poll_ms * 1_000_000
            else:
                wake = next_mem
            time.sleep(max(0, (min(wake, next_mem, t_w1) - now_ns()) / 1e9))
        s1, t1 = sample(tree), now_ns()
        bytes1 = os.path.getsize(pty_log)
        screen_end = tmux("capture-pane", "-p", "-t", "m").stdout
        exit_status = None
        if exited:
            out = tmux("display", "-p", "-t", "m", "#{pane_dead_status}").stdout.strip()
            exit_status = int(out) if out.lstrip("-").isdigit() else None
    finally:
        socket = tmux("display", "-p", "#{socket_path}").stdout.strip()
        tmux("kill-server")
        if socket.endswith(sock) and os.path.exists(socket):
            os.unlink(socket)  # kill-server leaves it behind
        if tree is not None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                for _ in range(20):
                    if not tree.alive():
                        break
                    time.sleep(0.1)
                for pid in tree.alive():
                    try:
                        os.kill(pid, sig)
                    except OSError:
                        pass

    elapsed = (t1 - t0) / 1e9
    rss_max = max(rss_max, s1["rss"])
    threads_max, procs_max = max(threads_max, s1["threads"]), max(procs_max, s1["procs"])
    hwm = max(hwm, s1["hwm"])
    reads = []
    with open(writes_log) as f:
        for line in f:
            ns, _, size = line.partition(" ")
            reads.append(int(ns))
    bursts = [t for i, t in enumerate(reads) if i == 0 or t - reads[i - 1] >= BURST_NS]
    first_byte = (reads[0] - t_go) if reads else None
    in_window = [t for t in bursts if t0 <= t < t1]
    per_s = len(in_window) / elapsed if elapsed else 0
    ticks = HZ * elapsed

    def pct(a, b):
        return round(100 * a / b, 3) if b else None

    result = {
        "cmd": args.shell or shlex.join(cmd), "cols": args.cols, "rows": args.rows, "term": term,
        "window_s": round(elapsed, 3),
        "startup_first_byte_ms": None if first_byte is None else round(first_byte / 1e6),
        "startup_first_paint_ms": None if first_paint is None else round(first_paint / 1e6),
        "cpu_pct": pct((s1["cpu_ns"] - s0["cpu_ns"]) / 1e9, elapsed),
        "cpu_user_pct": pct(s1["utime"] - s0["utime"], ticks),
        "cpu_sys_pct": pct(s1["stime"] - s0["stime"], ticks),
        "ctxt_switches_per_s": round((s1["vol"] - s0["vol"]) / elapsed, 2),
        "nonvol_ctxt_switches_per_s": round((s1["nonvol"] - s0["nonvol"]) / elapsed, 2),
        "rss_kib_max": rss_max, "rss_kib_end": s1["rss"], "hwm_kib": hwm,
        "threads": threads_max, "procs": procs_max,
        "pty_bytes_per_s": round((bytes1 - bytes0) / elapsed, 1),
        "pty_writes_per_s": round(per_s, 2),
        "write_phase_drift_ms": phase_drift_ms(in_window) if 0.9 <= per_s <= 1.1 else None,
        "pty_bytes_window": bytes1 - bytes0, "pty_bytes_startup": bytes0,
        "exited_early": exited, "exit_status": exit_status,
    }
    if args.poll_ms:
        result.update(
            screen_changes=len(changes),
            screen_changes_per_s=round(len(changes) / elapsed, 3),
            change_phase_drift_ms=phase_drift_ms(changes), poll_ms=args.poll_ms)
    if args.keep:
        with open(os.path.join(work, "screen_start.txt"), "w") as f:
            f.write(screen_start)
        with open(os.path.join(work, "screen_end.txt"), "w") as f:
            f.write(screen_end)
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
