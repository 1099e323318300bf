# SPDX-License-Identifier: GPL-2.0-only
"""Helpers of the monitor tests: TAP output, starting ringvm, talking to
its human monitor on a unix socket, reading the guest's debug console."""
import os
import socket
import subprocess
import time

_n = 0
_failed = 0


def check(ok, desc, diag=None):
    """One TAP test line; @diag is shown under a failure."""
    global _n, _failed
    _n += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (_n, desc), flush=True)
    if not ok:
        _failed += 1
        if diag is not None:
            for line in str(diag).splitlines() or [""]:
                print("# " + line, flush=True)
    return ok


def done():
    print("1..%d" % _n, flush=True)
    raise SystemExit(1 if _failed else 0)


def connect_unix(path, timeout=10.0):
    s = socket.socket(socket.AF_UNIX)
    end = time.time() + timeout
    while True:
        try:
            s.connect(path)
            return s
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.05)


def start(vm, args, sock=None):
    """Start ringvm with @args; its stdout+stderr go to a pipe."""
    if sock and os.path.exists(sock):
        os.unlink(sock)
    return subprocess.Popen([vm] + args, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_for(path, text, timeout=10.0, count=1):
    """Wait until file @path holds @text @count times; returns its text."""
    end = time.time() + timeout
    data = ""
    while time.time() < end:
        try:
            with open(path, errors="replace") as f:
                data = f.read()
        except OSError:
            data = ""
        if data.count(text) >= count:
            break
        time.sleep(0.05)
    return data


class Hmp:
    """The human monitor on a unix socket: command() sends a line and
    returns what came back up to the next prompt."""

    def __init__(self, path):
        self.s = connect_unix(path)
        self.greeting = self.read()

    def read(self, timeout=10.0):
        buf, end = b"", time.time() + timeout
        while time.time() < end and not buf.endswith(b"(qemu) "):
            self.s.settimeout(max(0.05, end - time.time()))
            try:
                data = self.s.recv(65536)
            except socket.timeout:
                break
            if not data:
                break
            buf += data
        return buf.decode(errors="replace").replace("\r", "")

    def send(self, raw):
        self.s.sendall(raw if isinstance(raw, bytes) else raw.encode())

    def command(self, line, timeout=10.0):
        self.send(line + "\n")
        out = self.read(timeout)
        # the echo of the line comes first; the answer follows it
        if "\n" in out:
            out = out.split("\n", 1)[1]
        if out.endswith("(qemu) "):
            out = out[:-len("(qemu) ")]
        return out

    def close(self):
        self.s.close()
