#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make bench: ringvm against qemu-system-i386 -accel tcg, same guest, same run.

The guest is Debian's 686 kernel with a busybox initramfs (scripts/
fetch-guest) whose script runs the workloads one after the other and prints
a marker line on the serial console before and after each.  This program
reads the console and stamps every marker with the host's monotonic clock,
so the figures do not depend on the guest's idea of time.  Phases:

  boot        from starting the emulator to the guest's init
  sha256      sha256sum of a 64 MiB file in tmpfs
  gzip        gzip -6 of 8 MiB (copies of the busybox binary)
  awk-x87     busybox awk summing 1/i in floating point (the x87)
  shell-loop  100,000 iterations of a shell while loop
  fork-exec   300 fork+exec of /bin/true
  dd          1 GiB from /dev/zero to /dev/null

Each round runs ringvm (x64 backend), ringvm (interp backend) and QEMU, in
turn; the table gives the median of the rounds and the ratio ringvm/QEMU
per phase (below 1.0: ringvm is faster).  build/bench/results.json keeps
every figure.

Usage: bench/bench.py BUILD_DIR [--rounds N] [--no-interp]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

PHASES = ["boot", "sha256", "gzip", "awk-x87", "shell-loop", "fork-exec", "dd"]

GUEST_SCRIPT = r"""#!/bin/sh
mark() { echo "@@bench $1 $2"; }
# inputs, made before the clock starts
dd if=/dev/zero of=/tmp/sha.in bs=1M count=64 2>/dev/null
for i in 1 2 3 4 5 6 7 8; do cat /bin/busybox; done | head -c 8388608 >/tmp/gz.in
sync
mark begin sha256; sha256sum /tmp/sha.in >/dev/null; mark end sha256
rm -f /tmp/sha.in
mark begin gzip; gzip -6 -c /tmp/gz.in >/dev/null; mark end gzip
mark begin awk-x87
awk 'BEGIN { s = 0; for (i = 1; i <= 300000; i++) s += 1 / i; print s }' >/dev/null
mark end awk-x87
mark begin shell-loop
i=0; while [ $i -lt 100000 ]; do i=$((i + 1)); done
mark end shell-loop
mark begin fork-exec
i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i + 1)); done
mark end fork-exec
mark begin dd; dd if=/dev/zero of=/dev/null bs=1M count=1024 2>/dev/null; mark end dd
mark done all
"""

INIT_MARKER = b"=== ringvm guest init"


def run_guest(cmd, timeout):
    """Boot once; returns {phase: seconds} from the host-side stamps."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    stamps, times = {}, {}
    try:
        for line in proc.stdout:
            now = time.monotonic()
            if now - start > timeout:
                break
            if INIT_MARKER in line and "boot" not in times:
                times["boot"] = now - start
            words = line.decode("latin-1").strip().split()
            if len(words) == 3 and words[0] == "@@bench":
                _, what, phase = words
                if what == "begin":
                    stamps[phase] = now
                elif what == "end" and phase in stamps:
                    times[phase] = now - stamps[phase]
                elif what == "done":
                    break
    finally:
        proc.kill()
        proc.wait()
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", "3")))
    ap.add_argument("--no-interp", action="store_true")
    args = ap.parse_args()

    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.chdir(top)
    work = os.path.join(args.build, "bench")
    os.makedirs(work, exist_ok=True)
    fetch = subprocess.run(["scripts/fetch-guest"], capture_output=True, text=True)
    kernel = [ln[7:] for ln in fetch.stdout.splitlines() if ln.startswith("kernel=")]
    if fetch.returncode or not kernel:
        sys.exit("bench: scripts/fetch-guest failed:\n" + fetch.stdout + fetch.stderr)
    script = os.path.join(work, "bench.sh")
    with open(script, "w") as f:
        f.write(GUEST_SCRIPT)
    initrd = os.path.join(work, "bench.cpio.gz")
    if subprocess.run(["scripts/fetch-guest", "--script", script, "--output", initrd],
                      capture_output=True).returncode:
        sys.exit("bench: cannot build the bench initramfs")

    common = ["-m", "512", "-nographic", "-no-reboot", "-kernel", kernel[0],
              "-initrd", initrd, "-append", "console=ttyS0 quiet panic=-1"]
    ringvm = os.path.join(args.build, "ringvm")
    emulators = [("ringvm", [ringvm] + common, 900),
                 ("ringvm-interp", [ringvm, "-accel", "tcg,backend=interp"] + common, 3600),
                 ("qemu", ["qemu-system-i386", "-accel", "tcg"] + common, 900)]
    if args.no_interp:
        emulators = [e for e in emulators if e[0] != "ringvm-interp"]

    results = {name: [] for name, _, _ in emulators}
    for r in range(args.rounds):
        for name, cmd, timeout in emulators:
            times = run_guest(cmd, timeout)
            results[name].append(times)
            print("round %d %-14s %s" % (r + 1, name, " ".join(
                "%s=%.2f" % (p, times[p]) for p in PHASES if p in times)), flush=True)

    def median(name, phase):
        vals = [t[phase] for t in results[name] if phase in t]
        return statistics.median(vals) if len(vals) == len(results[name]) else None

    names = [n for n, _, _ in emulators]
    print("\nmedians of %d rounds, seconds (ratio = ringvm / qemu)" % args.rounds)
    print("%-12s" % "phase" + "".join("%15s" % n for n in names) +
          "".join("%15s" % ("x64/qemu" if n == "ringvm" else "interp/qemu")
                  for n in names if n != "qemu"))
    summary = {}
    for p in PHASES:
        meds = {n: median(n, p) for n in names}
        summary[p] = meds
        cells = "".join("%15s" % ("%.2f" % meds[n] if meds[n] is not None else "?")
                        for n in names)
        ratios = ""
        for n in names:
            if n == "qemu":
                continue
            ok = meds[n] is not None and meds.get("qemu")
            ratios += "%15s" % ("%.2f" % (meds[n] / meds["qemu"]) if ok else "?")
        print("%-12s%s%s" % (p, cells, ratios))
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"rounds": results, "medians": summary}, f, indent=1)
    print("\n%s written" % os.path.join(work, "results.json"))
    complete = all(summary[p][n] is not None for p in PHASES for n in names)
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
