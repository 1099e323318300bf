#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The gdbstub's packet layer and queries, spoken byte by byte.

Usage: raw.py PORT  (ringvm started with -gdb tcp:127.0.0.1:PORT -S and
tests/gdb/kernel.elf).  Prints "ok DESCRIPTION" / "not ok DESCRIPTION"
lines; tests/gdb/run numbers them.  Ends with a detach, so the guest
runs to its end.
"""
import random
import socket
import sys
import time


def checksum(data):
    return sum(data) & 0xff


def frame(data):
    return b"$" + data + b"#%02x" % checksum(data)


class Stub:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.ack = True

    def send_raw(self, data):
        self.s.sendall(data)

    def read_some(self):
        chunk = self.s.recv(65536)
        if not chunk:
            raise EOFError("ringvm closed the connection")
        self.buf += chunk

    def packet(self):
        """The next reply packet's data (acks before it are dropped)."""
        while True:
            start = self.buf.find(b"$")
            if start >= 0:
                end = self.buf.find(b"#", start)
                if end >= 0 and len(self.buf) >= end + 3:
                    data = self.buf[start + 1:end]
                    cs = int(self.buf[end + 1:end + 3], 16)
                    self.buf = self.buf[end + 3:]
                    if self.ack:
                        self.send_raw(b"+")
                    if cs != checksum(data):
                        raise ValueError("bad checksum in reply %r" % data)
                    return unescape(data)
            self.read_some()

    def ask(self, data):
        self.send_raw(frame(data))
        return self.packet()


def unescape(data):
    out = bytearray()
    i = 0
    while i < len(data):
        c = data[i]
        if c == ord("}"):
            i += 1
            out.append(data[i] ^ 0x20)
        elif c == ord("*"):
            # run-length encoding: repeat the previous byte
            i += 1
            out += bytes([out[-1]]) * (data[i] - 29)
        else:
            out.append(c)
        i += 1
    return bytes(out)


def check(cond, what):
    print(("ok " if cond else "not ok ") + what)
    return cond


def main():
    stub = Stub(int(sys.argv[1]))

    # garbage: random bytes (no 0x03, which would be a Ctrl-C), broken
    # packets, an overlong one, bad checksums, a dangling escape
    rng = random.Random(1234)
    junk = bytes(b for b in (rng.randrange(256) for _ in range(20000))
                 if b != 3)
    stub.send_raw(junk)
    stub.send_raw(b"$" + b"A" * 10000 + b"#00")
    stub.send_raw(b"$m0,4#ff$g#zz$}")
    stub.send_raw(b"$qRcmd,zz#00$Z0,nothex#00")
    time.sleep(0.5)
    stub.buf = b""
    reply = stub.ask(b"?")
    check(reply.startswith(b"T05"), "after 30 KB of garbage the stub answers ? with T05 (%r)" % reply[:20])

    # a bad checksum is NAKed
    stub.buf = b""
    stub.send_raw(b"$g#00")
    deadline = time.time() + 5
    while b"-" not in stub.buf and time.time() < deadline:
        stub.read_some()
    check(b"-" in stub.buf, "a packet with a bad checksum gets '-'")
    stub.buf = b""

    reply = stub.ask(b"qSupported:multiprocess+;swbreak+;xmlRegisters=i386")
    check(b"PacketSize=" in reply and b"qXfer:features:read+" in reply and
          b"vContSupported+" in reply, "qSupported: %r" % reply)

    xml = b""
    while True:
        reply = stub.ask(b"qXfer:features:read:target.xml:%x,200" % len(xml))
        xml += reply[1:]
        if reply[:1] != b"m":
            break
    check(reply[:1] == b"l" and b"org.gnu.gdb.i386.core" in xml and
          b"org.gnu.gdb.i386.sse" in xml and b'name="st7" bitsize="80"' in xml and
          b'name="mxcsr"' in xml, "qXfer target.xml read in pieces (%d bytes)" % len(xml))

    check(stub.ask(b"vMustReplyEmpty") == b"", "an unknown packet gets the empty reply")
    regs = stub.ask(b"g")
    # 8 GPRs, eip, eflags, 6 segments, fctrl..fop: 4 bytes each; 8 st
    # of 10 bytes; 8 xmm of 16; mxcsr
    want = 2 * ((8 + 2 + 6 + 8) * 4 + 8 * 10 + 8 * 16 + 4)
    check(len(regs) == want, "g returns %d hex digits (want %d)" % (len(regs), want))
    eip = stub.ask(b"p8")
    check(len(eip) == 8 and eip == regs[64:72], "p8 is eip, as in g (%r)" % eip)
    check(stub.ask(b"p99") .startswith(b"E"), "p of a register that does not exist: E reply")
    check(stub.ask(b"m100000000,4").startswith(b"E"), "m beyond 4 GiB: E reply")
    # the multiboot header the ELF starts with (magic 0x1badb002)
    mem = stub.ask(b"m100000,4")
    check(mem == b"02b0ad1b", "m reads the kernel's multiboot magic (%r)" % mem)
    check(stub.ask(b"Z0,zz,1").startswith(b"E"), "Z0 with a bad address: E reply")
    check(stub.ask(b"qC") == b"QC1" and stub.ask(b"qfThreadInfo") == b"m1" and
          stub.ask(b"qsThreadInfo") == b"l" and stub.ask(b"qAttached") == b"1",
          "qC, qfThreadInfo, qsThreadInfo, qAttached")
    def rcmd(line):
        out = b""
        reply = stub.ask(b"qRcmd," + line.hex().encode())
        while reply.startswith(b"O") and reply != b"OK":
            out += bytes.fromhex(reply[1:].decode())
            reply = stub.packet()
        return out, reply

    out, reply = rcmd(b"info registers")
    check(b"EIP=" in out and reply == b"OK", "qRcmd runs a monitor command")
    out, reply = rcmd(b"help")
    check(b"gdbserver" in out and reply == b"OK", "help lists gdbserver")
    out, reply = rcmd(b"xp /1024wx 0x100000")
    check(len(out) > 8000 and out.count(b"\n") == 256 and b"0x1badb002" in out and
          reply == b"OK",
          "qRcmd output longer than a packet comes in pieces (%d bytes)" % len(out))
    out, reply = rcmd(b"gdbserver none")
    check(b"not from gdb" in out and reply == b"OK",
          "monitor gdbserver from gdb itself is refused: %r" % out)
    check(stub.ask(b"QStartNoAckMode") == b"OK", "QStartNoAckMode")
    stub.ack = False
    stub.buf = b""
    reply = stub.ask(b"qC")
    time.sleep(0.2)
    check(reply == b"QC1" and b"+" not in stub.buf, "no acks after QStartNoAckMode")

    # Ctrl-C: hold the guest in its loop (M writes `hold`), continue,
    # interrupt; then let it go
    hold = int(sys.argv[2], 16)
    check(stub.ask(b"M%x,4:01000000" % hold) == b"OK", "M writes guest memory")
    check(stub.ask(b"m%x,4" % hold) == b"01000000", "m reads the write back")
    stub.send_raw(frame(b"vCont;c"))
    time.sleep(0.3)
    stub.buf = b""
    stub.send_raw(b"\x03")
    reply = stub.packet()
    check(reply.startswith(b"T02"), "Ctrl-C stops the running guest: %r" % reply)
    # the guest turned paging on with only its first 4 MiB mapped
    check(stub.ask(b"m10000000,4").startswith(b"E"), "m of an unmapped page: E reply")
    check(stub.ask(b"M10000000,1:00").startswith(b"E"), "M to an unmapped page: E reply")
    check(stub.ask(b"m%x,4" % hold) == b"01000000", "m through the guest's page tables")
    check(stub.ask(b"M%x,4:00000000" % hold) == b"OK", "M releases the guest")
    check(stub.ask(b"D") == b"OK", "detach")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, EOFError, ValueError) as e:
        print("not ok raw protocol: %s" % e)
        sys.exit(1)
