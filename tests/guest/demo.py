#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make demo` as a user meets it: scripts/demo on a terminal (a pty), the
busybox prompt, commands typed at it, the monitor through C-a c, and
`poweroff -f` ending ringvm.  Prints TAP.

Usage: demo.py BUILD_DIR
"""
import os
import pty
import select
import subprocess
import sys
import time

BUILD = sys.argv[1]
n = 0
failed = 0


def tap(ok, desc, diag=None):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print(("ok %d - " if ok else "not ok %d - ") % n + desc, flush=True)
    if not ok and diag:
        for line in diag.splitlines()[-12:]:
            print("# " + line)


master, slave = pty.openpty()
start = time.time()
proc = subprocess.Popen(["scripts/demo", BUILD], stdin=slave, stdout=slave,
                        stderr=slave, close_fds=True, start_new_session=True)
os.close(slave)
seen = b""


def read_until(want, timeout):
    global seen
    end = time.time() + timeout
    while time.time() < end:
        if want in seen:
            return True
        if select.select([master], [], [], 0.2)[0]:
            try:
                seen += os.read(master, 65536)
            except OSError:
                return want in seen
        elif proc.poll() is not None:
            return want in seen
    return want in seen


def text():
    return seen.decode(errors="replace").replace("\r", "")


def run(cmd, marker, timeout=60):
    """Type cmd at the prompt; True once marker appeared after it."""
    global seen
    seen = b""
    os.write(master, cmd.encode() + b"\r")
    return read_until(marker.encode(), timeout)


prompt = read_until(b"/ # ", 600)
tap(prompt, "scripts/demo boots to the busybox prompt (%.0f s)" % (time.time() - start),
    text())
if prompt:
    tap(run("uname -a", "i686"), "uname -a prints the 686 kernel", text())
    tap(run("cat /proc/cpuinfo", "fpu\t\t: yes") or "fpu" in text(),
        "cat /proc/cpuinfo works", text())
    tap(run("ls /", "sys") and "proc" in text(), "ls / lists the root", text())
    # C-a c: the monitor on the same terminal
    seen = b""
    os.write(master, b"\x01c")
    ok = read_until(b"(qemu) ", 10)
    seen = b""
    os.write(master, b"info status\r")
    ok = ok and read_until(b"VM status: running", 10)
    tap(ok, "C-a c reaches the monitor, info status answers", text())
    os.write(master, b"\x01c")
    time.sleep(0.5)
    os.write(master, b"poweroff -f\r")
    try:
        status = proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        status = None
    tap(status == 0, "poweroff -f ends ringvm with status 0 (%s)" % status, text())
else:
    for d in ("uname -a", "cat /proc/cpuinfo", "ls /", "the monitor", "poweroff -f"):
        tap(False, d + " (no prompt)")
if proc.poll() is None:
    proc.kill()
    proc.wait()
print("1..%d" % n)
sys.exit(1 if failed else 0)
