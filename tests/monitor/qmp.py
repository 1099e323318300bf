#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""QMP with a client written here on the standard library only: the
greeting, capabilities negotiation, commands with ids, the run-state
events, error replies for malformed JSON, unknown commands and mistyped
arguments on a connection that stays up, and the tcp: transport.

Usage: qmp.py RINGVM GUEST.elf WORKDIR REGS_LOADED_ADDR   (prints TAP)
"""
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmtest import check, connect_unix, done, start, wait_for  # noqa: E402

VM, GUEST, WORK = sys.argv[1:4]


class Qmp:
    def __init__(self, s):
        self.s = s
        self.buf = b""
        self.events = []

    def recv(self, timeout=10.0):
        """The next JSON message, or None on timeout or end."""
        end = time.time() + timeout
        while b"\n" not in self.buf:
            left = end - time.time()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                data = self.s.recv(65536)
            except socket.timeout:
                return None
            if not data:
                return None
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def send_raw(self, raw):
        self.s.sendall(raw if isinstance(raw, bytes) else raw.encode())

    def reply(self, timeout=10.0):
        """The next reply; events on the way are kept."""
        while True:
            msg = self.recv(timeout)
            if msg is None or "event" not in msg:
                return msg
            self.events.append(msg)

    def cmd(self, name, args=None, **extra):
        req = {"execute": name}
        if args is not None:
            req["arguments"] = args
        req.update(extra)
        self.send_raw(json.dumps(req) + "\n")
        return self.reply()

    def event(self, name, timeout=10.0):
        """Wait for event @name (kept or new)."""
        end = time.time() + timeout
        while True:
            for e in self.events:
                if e["event"] == name:
                    self.events.remove(e)
                    return e
            left = end - time.time()
            if left <= 0:
                return None
            msg = self.recv(left)
            if msg is None:
                return None
            if "event" in msg:
                self.events.append(msg)


def is_error(r, cls):
    return isinstance(r, dict) and r.get("error", {}).get("class") == cls


sock = os.path.join(WORK, "qmp.sock")
con = os.path.join(WORK, "qmp.con")
if os.path.exists(con):
    os.unlink(con)
iso = os.path.join(WORK, "qmp.iso")
with open(iso, "wb") as f:
    f.truncate(16 * 2048)
proc = start(VM, ["-display", "none", "-serial", "null", "-kernel", GUEST,
                  "-debugcon", "file:" + con, "-cdrom", iso,
                  "-qmp", "unix:%s,server,nowait" % sock], sock)
q = Qmp(connect_unix(sock))
greet = q.recv()
check(isinstance(greet, dict) and "QMP" in greet and
      greet["QMP"].get("capabilities") == [] and
      "qemu" in greet["QMP"].get("version", {}),
      "the greeting: {\"QMP\": {\"version\": ..., \"capabilities\": []}}", greet)

r = q.cmd("query-status")
check(is_error(r, "CommandNotFound") and "qmp_capabilities" in r["error"]["desc"],
      "commands before qmp_capabilities are refused", r)
r = q.cmd("qmp_capabilities", id="neg-1")
check(r == {"return": {}, "id": "neg-1"}, "qmp_capabilities returns {} with the id", r)
r = q.cmd("qmp_capabilities")
check(is_error(r, "CommandNotFound"), "a second qmp_capabilities is refused", r)

check("READY" in wait_for(con, "READY\n"), "the guest booted")
r = q.cmd("query-status", id=7)
check(r.get("id") == 7 and r.get("return", {}).get("status") == "running" and
      r["return"].get("running") is True, "query-status: running, a numeric id echoed", r)
r = q.cmd("query-version")
v = r.get("return", {}).get("qemu", {})
check(all(isinstance(v.get(k), int) for k in ("major", "minor", "micro")) and
      "package" in r.get("return", {}), "query-version", r)
r = q.cmd("query-commands")
names = {c.get("name") for c in r.get("return", [])}
check({"qmp_capabilities", "query-status", "stop", "cont", "quit",
       "human-monitor-command", "query-block", "query-cpus-fast"} <= names,
      "query-commands lists the commands", r)
r = q.cmd("query-cpus-fast")
cpus = r.get("return", [])
check(len(cpus) == 1 and cpus[0].get("cpu-index") == 0 and
      isinstance(cpus[0].get("thread-id"), int) and cpus[0]["thread-id"] > 0,
      "query-cpus-fast: one CPU with its thread id", r)
r = q.cmd("query-block")
cd = [d for d in r.get("return", []) if d.get("device") == "ide1-cd0"]
check(len(cd) == 1 and cd[0].get("removable") is True and
      cd[0].get("inserted", {}).get("file") == iso and cd[0]["inserted"].get("ro") is True,
      "query-block: the CD-ROM with its image", r)
q.cmd("human-monitor-command", {"command-line": "eject ide1-cd0"})
r = q.cmd("query-block")
cd = [d for d in r.get("return", []) if d.get("device") == "ide1-cd0"]
check(len(cd) == 1 and "inserted" not in cd[0] and cd[0].get("tray_open") is True,
      "query-block after eject: no medium, tray open", r)

# --- stop / cont and their events ---
r = q.cmd("stop")
e = q.event("STOP")
check(r == {"return": {}} and e is not None, "stop: {} and a STOP event", (r, e))
ts = e.get("timestamp", {}) if e else {}
check(isinstance(ts.get("seconds"), int) and isinstance(ts.get("microseconds"), int) and
      abs(ts["seconds"] - time.time()) < 60, "events carry a timestamp", e)
r = q.cmd("query-status")
check(r.get("return", {}).get("status") == "paused", "query-status: paused", r)
r = q.cmd("human-monitor-command", {"command-line": "info status"})
check(r.get("return") == "VM status: paused\n", "human-monitor-command returns HMP's output", r)
r = q.cmd("human-monitor-command", {"command-line": "x/4wx 0x200000"})
check(r.get("return", "").strip() == "00200000: 0xcafebabe 0x00c0ffee 0x12345678 0x9abcdef0",
      "human-monitor-command: x/4wx reads the guest's memory", r)
q.cmd("cont")
check(q.event("RESUME") is not None, "cont: a RESUME event")

# --- bad input: an error reply each time, and the connection survives ---
q.send_raw('{"execute": }\n')
r = q.reply()
check(is_error(r, "GenericError") and "JSON" in r["error"]["desc"],
      "malformed JSON gets a GenericError", r)
q.send_raw("this is not json\n")
r = q.reply()
check(is_error(r, "GenericError"), "a line of garbage gets a GenericError", r)
q.send_raw("[1, 2, 3]\n")
r = q.reply()
check(is_error(r, "GenericError") and "object" in r["error"]["desc"],
      "a JSON array is refused: input must be an object", r)
r = q.cmd("frobnicate", id="x")
check(is_error(r, "CommandNotFound") and r.get("id") == "x" and
      "frobnicate" in r["error"]["desc"], "an unknown command: CommandNotFound, id echoed", r)
r = q.cmd("human-monitor-command", {"command-line": 42})
check(is_error(r, "GenericError") and "command-line" in r["error"]["desc"],
      "a wrongly typed argument is named", r)
r = q.cmd("human-monitor-command", {})
check(is_error(r, "GenericError") and "missing" in r["error"]["desc"],
      "a missing argument is named", r)
r = q.cmd("stop", {"force": True})
check(is_error(r, "GenericError") and "force" in r["error"]["desc"],
      "an unexpected argument is named", r)
q.send_raw('{"execute": 5}\n')
r = q.reply()
check(is_error(r, "GenericError"), "execute must be a string", r)
q.send_raw('{"execute": "query-status", "arguments": []}\n')
r = q.reply()
check(is_error(r, "GenericError"), "arguments must be an object", r)
q.send_raw('{"execute": "query-status", "bogus": 1}\n')
r = q.reply()
check(is_error(r, "GenericError") and "bogus" in r["error"]["desc"],
      "an unexpected member is named", r)
q.send_raw('{"execute": "query-status", "id": {"nested": ["id", 1]}}\n')
r = q.reply()
check(r.get("id") == {"nested": ["id", 1]}, "any JSON value as id is echoed", r)
q.send_raw('{"execute":"query-status"}{"execute":"query-version"}\n')
r1, r2 = q.reply(), q.reply()
check("status" in r1.get("return", {}) and "qemu" in r2.get("return", {}),
      "two requests on one line, answered in order", (r1, r2))
q.send_raw('{"execute": "human-monitor-command", "arguments": {"command-line": "p \\"}"}}\n')
r = q.reply()
check("return" in r, "braces inside strings do not confuse the stream", r)
# garbage: binary junk lines, stray closers, deep nesting, a value too long
import random  # noqa: E402
rnd = random.Random(1)
junk = bytes(b for b in rnd.randbytes(20000) if b not in b'{}[]"\n\r')
q.send_raw(b"\n".join(junk[i:i + 200] for i in range(0, len(junk), 200)) + b"\n")
q.send_raw(b"}]\n" + b"[" * 2000 + b"]" * 2000 + b"\n")
q.send_raw(b'{"execute": "' + b"x" * (2 << 20) + b'"}\n')
time.sleep(0.5)
q.send_raw(b'\n{"execute": "query-status", "id": "after-junk"}\n')
r = q.reply()
while r is not None and r.get("id") != "after-junk":
    r = q.reply(2.0)
check(r is not None and r.get("return", {}).get("status") == "running" and
      proc.poll() is None, "binary junk, deep nesting and a 2 MiB value: errors, ringvm lives", r)
r = q.cmd("query-status")
check(r.get("return", {}).get("status") == "running", "the connection survived it all", r)

# --- system_reset, system_powerdown and their events ---
r = q.cmd("system_reset")
e = q.event("RESET")
check(r == {"return": {}} and e is not None and
      e.get("data", {}).get("guest") is False, "system_reset: a RESET event (guest: false)", e)
check(wait_for(con, "READY\n", count=2).count("READY\n") == 2,
      "system_reset rebooted the guest")
q.cmd("system_powerdown")
check(q.event("POWERDOWN") is not None, "system_powerdown: a POWERDOWN event")

# --- quit: the reply, then SHUTDOWN, then the end ---
r = q.cmd("quit")
e = q.event("SHUTDOWN")
check(r == {"return": {}} and e is not None and
      e.get("data", {}).get("reason") == "host-qmp-quit",
      "quit: {} then a SHUTDOWN event", (r, e))
try:
    rc = proc.wait(timeout=10)
except Exception:
    proc.kill()
    rc = None
check(rc == 0, "quit ends ringvm with status 0 (%s)" % rc)

# --- the tcp: transport, with a reconnect ---
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
proc = start(VM, ["-display", "none", "-serial", "null", "-kernel", GUEST, "-S",
                  "-qmp", "tcp:127.0.0.1:%d,server,nowait" % port])
c = None
for _ in range(200):
    try:
        c = socket.create_connection(("127.0.0.1", port))
        break
    except OSError:
        time.sleep(0.05)
q = Qmp(c) if c else None
greet = q.recv() if q else None
check(isinstance(greet, dict) and "QMP" in greet, "tcp: the greeting", greet)
if q:
    q.cmd("qmp_capabilities")
    r = q.cmd("query-status")
    check(r.get("return", {}).get("status") == "paused", "tcp: -S: paused", r)
    c.close()
    time.sleep(0.2)
    c = socket.create_connection(("127.0.0.1", port))
    q = Qmp(c)
    greet = q.recv()
    r = q.cmd("query-status")
    check("QMP" in (greet or {}) and is_error(r, "CommandNotFound"),
          "a new client is greeted and must negotiate again", (greet, r))
    q.cmd("qmp_capabilities")
    q.cmd("cont")
    check(q.event("RESUME") is not None, "tcp: events reach the new client")
    q.cmd("quit")
try:
    rc = proc.wait(timeout=10)
except Exception:
    proc.kill()
    rc = None
check(rc == 0, "tcp: quit ends ringvm (%s)" % rc)

# --- a guest power-off (ACPI S5 through the PIIX4 PM block, driven here
# with port writes as the guest's kernel would): SHUTDOWN from the guest;
# with -no-shutdown the machine stops instead of exiting ---
POWEROFF = ["o/l 0xcf8 0x80000b40", "o/l 0xcfc 0x601",	# 00:01.3 PMBA = 0x600
            "o/l 0xcf8 0x80000b80", "o/b 0xcfc 1",	# PMIOSE
            "o/w 0x604 0x2000"]				# PM1a_CNT: SLP_EN, S5
for no_shutdown in (True, False):
    what = "-no-shutdown" if no_shutdown else "power-off"
    proc = start(VM, ["-display", "none", "-serial", "null", "-kernel", GUEST] +
                 (["-no-shutdown"] if no_shutdown else []) +
                 ["-qmp", "unix:%s,server,nowait" % sock], sock)
    q = Qmp(connect_unix(sock))
    q.recv()
    q.cmd("qmp_capabilities")
    for line in POWEROFF:
        q.cmd("human-monitor-command", {"command-line": line})
    e = q.event("SHUTDOWN")
    check(e is not None and e.get("data") == {"guest": True, "reason": "guest-shutdown"},
          "%s: the guest's power-off is a SHUTDOWN event from the guest" % what, e)
    if no_shutdown:
        check(q.event("STOP") is not None and
              q.cmd("query-status").get("return", {}).get("status") == "paused",
              "-no-shutdown: the machine stops and stays")
        q.cmd("quit")
    try:
        rc = proc.wait(timeout=10)
    except Exception:
        proc.kill()
        rc = None
    check(rc == 0, "%s: ringvm ends with status 0 (%s)" % (what, rc))

# --- a bad -qmp is named ---
p = start(VM, ["-display", "none", "-kernel", GUEST, "-qmp", "bogus:thing"])
out = p.communicate(timeout=10)[0].decode(errors="replace")
check(p.returncode == 1 and out.startswith("ringvm: -qmp bogus:thing: "),
      "a bad -qmp device is named", out)
done()
