#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""ringvm's console on a terminal, as a user at a shell meets it.

Runs ringvm on a pty with GUEST (a multiboot program that echoes what COM1
receives and exits through isa-debug-exit on 'q') and prints one line per
check, "PASS what" or "FAIL what", for tests/cli/run to turn into TAP.

Usage: console.py RINGVM GUEST
"""
import fcntl
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time

VM, GUEST = sys.argv[1], sys.argv[2]
EXIT_DEV = ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]


def check(ok, desc):
    print(("PASS " if ok else "FAIL ") + desc, flush=True)


def read_until(fd, want, timeout=5.0):
    buf, end = b"", time.time() + timeout
    while want not in buf and time.time() < end:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                break
    return buf


def wait_raw(tty):
    """True once ringvm has turned local echo off on the terminal."""
    end = time.time() + 5
    while time.time() < end:
        if not termios.tcgetattr(tty)[3] & termios.ECHO:
            return True
        time.sleep(0.02)
    return False


def wait(proc):
    try:
        return proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        return None


def start(args):
    master, tty = pty.openpty()
    before = (termios.tcgetattr(tty), fcntl.fcntl(tty, fcntl.F_GETFL))
    proc = subprocess.Popen([VM, "-kernel", GUEST] + args + EXIT_DEV,
                            stdin=tty, stdout=tty, stderr=tty,
                            close_fds=True)
    return master, tty, before, proc


def restored(tty, before):
    """Terminal modes and the O_NONBLOCK flag are as they were."""
    return (termios.tcgetattr(tty), fcntl.fcntl(tty, fcntl.F_GETFL)) == before


def nographic():
    master, tty, before, proc = start(["-nographic"])
    lflag = termios.tcgetattr(tty)[3] if wait_raw(tty) else termios.ICANON
    check(not lflag & (termios.ICANON | termios.ISIG),
          "-nographic: the terminal is raw and Ctrl-C goes to the guest")
    os.write(master, b"abc\x03")
    check(read_until(master, b"abc\x03") == b"abc\x03",
          "-nographic: typed keys reach the guest once, without local echo")
    os.write(master, b"\x01h")
    out = read_until(master, b"C-a c")
    check(b"C-a x" in out and b"C-a c" in out,
          "-nographic: C-a h lists the keys")
    os.write(master, b"\x01x")
    out = read_until(master, b"terminated")
    check(wait(proc) == 0 and b"terminated" in out,
          "-nographic: C-a x quits with status 0")
    check(restored(tty, before),
          "-nographic: the terminal is as before after C-a x")
    os.close(master)
    os.close(tty)


def plain_stdio():
    master, tty, before, proc = start(["-serial", "stdio"])
    ok = wait_raw(tty) and termios.tcgetattr(tty)[3] & termios.ISIG
    check(ok, "-serial stdio: the terminal is raw, Ctrl-C still stops ringvm")
    os.write(master, b"q")
    check(wait(proc) == 1 and restored(tty, before),
          "-serial stdio: the guest's exit restores the terminal")
    os.close(master)
    os.close(tty)

    master, tty, before, proc = start(["-serial", "stdio"])
    wait_raw(tty)
    proc.send_signal(signal.SIGTERM)
    # as QEMU: "terminating on signal 15", a clean end with status 0
    check(wait(proc) == 0 and restored(tty, before),
          "-serial stdio: SIGTERM ends ringvm cleanly, the terminal is restored")
    os.close(master)
    os.close(tty)


nographic()
plain_stdio()
