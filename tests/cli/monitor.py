#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The monitor on a unix socket, as a script drives QEMU's: -S starts the
machine stopped, info status, cont, stop, info registers, info pci,
system_reset, an unknown command, quit.  Prints "PASS what" or "FAIL what"
lines for tests/cli/run.

Usage: monitor.py RINGVM GUEST SOCKET_PATH
"""
import os
import socket
import subprocess
import sys
import time

VM, GUEST, SOCK = sys.argv[1], sys.argv[2], sys.argv[3]


def check(ok, desc):
    print(("PASS " if ok else "FAIL ") + desc, flush=True)


def command(s, line, timeout=5.0):
    """Send one line (None: nothing), return what came back up to the
    next prompt."""
    if line is not None:
        s.sendall(line.encode() + b"\n")
    buf, end = b"", time.time() + timeout
    while time.time() < end and not buf.endswith(b"(qemu) "):
        s.settimeout(max(0.05, end - time.time()))
        try:
            data = s.recv(4096)
        except socket.timeout:
            break
        if not data:
            break
        buf += data
    return buf.decode(errors="replace").replace("\r", "")


if os.path.exists(SOCK):
    os.unlink(SOCK)
proc = subprocess.Popen([VM, "-S", "-display", "none", "-serial", "null",
                         "-kernel", GUEST, "-name", "testvm",
                         "-monitor", "unix:%s,server,nowait" % SOCK],
                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT)
s = socket.socket(socket.AF_UNIX)
for _ in range(100):
    try:
        s.connect(SOCK)
        break
    except OSError:
        time.sleep(0.05)
greeting = command(s, None)
check("monitor - type 'help' for more information" in greeting and
      greeting.endswith("(qemu) "), "the monitor greets a client and prompts")
check("VM status: paused" in command(s, "info status"), "-S: info status says paused")
check("testvm" in command(s, "info name"), "info name shows -name")
command(s, "cont")
check("VM status: running" in command(s, "info status"), "cont: running")
command(s, "c")
command(s, "stop")
check("VM status: paused" in command(s, "info status"), "stop: paused again")
regs = command(s, "info registers")
check("EIP=" in regs and "CR0=" in regs, "info registers shows the CPU state")
pci = command(s, "info pci")
check("PCI device 8086:1237" in pci and "PCI device 8086:7000" in pci,
      "info pci lists the i440FX and the PIIX3")
check("unknown command: 'frobnicate'" in command(s, "frobnicate"),
      "an unknown command is named")
check("system_reset" in command(s, "help"), "help lists the commands")
command(s, "cont")
command(s, "system_reset")
check("VM status: running" in command(s, "info status"),
      "system_reset keeps the machine running")
s.sendall(b"quit\n")
try:
    rc = proc.wait(timeout=10)
except subprocess.TimeoutExpired:
    proc.kill()
    rc = None
check(rc == 0, "quit ends ringvm with status 0 (%s)" % rc)
