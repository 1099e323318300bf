#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The human monitor against a running guest (guest.S): run state, memory
and register inspection, expressions, port I/O, keys reaching the guest's
keyboard controller, reset, removable media, -snapshot commit, logging,
line editing and history, and garbage that must not crash ringvm.  The
screendump of a text screen uses SeaBIOS's own screen.

Usage: hmp.py RINGVM GUEST.elf WORKDIR REGS_LOADED_ADDR   (prints TAP)
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vmtest import Hmp, check, done, start, wait_for  # noqa: E402

VM, GUEST, WORK, REGS = sys.argv[1:5]
sock = os.path.join(WORK, "hmp.sock")
con = os.path.join(WORK, "hmp.con")
cd1 = os.path.join(WORK, "cd1.iso")
cd2 = os.path.join(WORK, "cd2.iso")
fd = os.path.join(WORK, "fd.img")
hd = os.path.join(WORK, "hd.raw")
for path, size in ((cd1, 64 * 2048), (cd2, 32 * 2048), (fd, 1474560),
                   (hd, 1 << 20)):
    with open(path, "wb") as f:
        f.truncate(size)
for path in (con,):
    if os.path.exists(path):
        os.unlink(path)

proc = start(VM, ["-display", "none", "-serial", "null", "-kernel", GUEST,
                  "-name", "hmpvm", "-debugcon", "file:" + con,
                  "-cdrom", cd1, "-fda", fd, "-hda", hd, "-snapshot",
                  "-monitor", "unix:%s,server,nowait" % sock], sock)
mon = Hmp(sock)
check("(qemu) " in mon.greeting or mon.greeting.endswith("(qemu) "),
      "the monitor greets and prompts", mon.greeting)
check("READY" in wait_for(con, "READY\n"), "the guest booted")

# --- run state ---
check("VM status: running" in mon.command("info status"), "info status: running")
mon.command("stop")
check("VM status: paused" in mon.command("info status"), "stop: info status says paused")

# --- registers and expressions ---
regs = mon.command("info registers")
m = re.search(r"EAX=([0-9a-f]{8}) EBX=([0-9a-f]{8})", regs)
check(m is not None and m.group(2) == "11223344" and
      "ESI=55667788 EDI=99aabbcc EBP=deadbeef" in regs,
      "info registers shows what the guest loaded", regs)
eax = int(m.group(1), 16) if m else 0
check(eax >> 16 == 0xabcd, "EAX holds the guest's 0xabcd in its top half", regs)
out = mon.command("p $eax")
check(out.strip() == str(eax - (1 << 32) if eax >> 31 else eax),
      "p $eax prints EAX in decimal, as QEMU", out)
out = mon.command("p/x $eax")
check(out.strip() == "%#x" % eax, "p/x $eax prints EAX as info registers does", out)
out = mon.command("print/x $ebx + 1")
check(out.strip() == "0x11223345", "print/x $ebx + 1", out)
out = mon.command("p/d (2 + 3) * 4 - 0x10 / 2")
check(out.strip() == "12", "p/d with precedence, parentheses and hex", out)
out = mon.command("p/x $eax >> 16")
check(out.strip() == "0xabcd", "p with a shift", out)
out = mon.command("p $nosuch")
check("unknown register 'nosuch'" in out, "p names an unknown register", out)
out = mon.command("p/x $pc")
check(re.fullmatch(r"0x10[0-9a-f]{4}\s*", out) is not None,
      "$pc is in the guest's code at 1 MiB", out)

# --- memory ---
out = mon.command("x/4wx 0x200000")
check(out.strip() == "00200000: 0xcafebabe 0x00c0ffee 0x12345678 0x9abcdef0",
      "x/4wx shows the words the guest wrote", out)
out = mon.command("xp/2wx 0x200008")
check(out.strip() == "0000000000200008: 0x12345678 0x9abcdef0",
      "xp/2wx, QEMU's physical address column", out)
out = mon.command("x/4bx 0x200000")
check(out.strip() == "00200000: 0xbe 0xba 0xfe 0xca", "x/4bx: bytes, little endian", out)
out = mon.command("x/2hd 0x200000")
check(out.strip() == "00200000: 47806 51966", "x/2hd: halfwords in decimal, as QEMU", out)
out = mon.command("x/1gx 0x200000")
check(out.strip() == "00200000: 0x00c0ffeecafebabe", "x/1gx: a quadword", out)
out = mon.command("x/s 0x200010")
check('"ringvm"' in out, "x/s reads the guest's string", out)
out = mon.command("x/6c 0x200010")
check("'r' 'i' 'n' 'g' 'v' 'm'" in out, "x/c prints characters", out)
out = mon.command("x/5i " + REGS)
check(re.search(r"^0x%08x:  bb 44 33 22 11 +mov \$0x11223344, %%ebx$" % int(REGS, 16),
                out, re.M) is not None and "$0xdeadbeef, %ebp" in out,
      "x/i disassembles the guest's code, with its bytes", out)
out = mon.command("x/2wx $ebx - 0x11023344")
check(out.strip() == "00200000: 0xcafebabe 0x00c0ffee", "x takes an expression", out)

dump = os.path.join(WORK, "mem.bin")
mon.command("memsave 0x200000 16 " + dump)
data = open(dump, "rb").read() if os.path.exists(dump) else b""
check(data == bytes.fromhex("bebafecaeeffc00078563412f0debc9a"),
      "memsave writes the guest's bytes", data.hex())
os.unlink(dump) if os.path.exists(dump) else None
mon.command("pmemsave 0x200010 6 " + dump)
data = open(dump, "rb").read() if os.path.exists(dump) else b""
check(data == b"ringvm", "pmemsave writes physical memory", data)
out = mon.command("memsave 0 16 /nonexistent/dir/file")
check("could not open '/nonexistent/dir/file'" in out, "memsave names a file it cannot write", out)

# --- port I/O against the PIC's mask register (OCW1, port 0x21) ---
mon.command("o/b 0x21 0xa5")
out = mon.command("i/b 0x21")
check(out.strip() == "portb[0x0021] = 0xa5", "o writes and i reads the PIC mask", out)
mon.command("o 0x21 0x5a")
out = mon.command("i 0x21")
check(out.strip() == "portb[0x0021] = 0x5a", "i and o default to bytes", out)
out = mon.command("i/w 0x20")
check(re.fullmatch(r"portw\[0x0020\] = 0x[0-9a-f]{4}\s*", out) is not None,
      "i/w prints a word", out)
before = open(con).read()
mon.command("o/b 0xe9 0x21")
check(wait_for(con, "!").count("!") == before.count("!") + 1,
      "o to the debug console port reaches its output")
out = mon.command("i/b 0x10000")
check("out of range" in out, "a port beyond 0xffff is refused", out)

mon.command("cont")
check("VM status: running" in mon.command("info status"), "cont: running again")

# --- sendkey reaches the guest through the i8042 (set 2, translated) ---
mon.command("sendkey a")
text = wait_for(con, "KEY 9e")
check("KEY 1e\nKEY 9e\n" in text, "sendkey a: make and break codes reach the guest", text[-200:])
mon.command("sendkey ctrl-alt-delete")
want = "KEY 1d\nKEY 38\nKEY e0\nKEY 53\nKEY e0\nKEY d3\nKEY b8\nKEY 9d\n"
text = wait_for(con, want)
check(want in text, "sendkey ctrl-alt-delete: pressed in order, released in reverse",
      text[-300:])
mon.command("sendkey spc")
check("KEY 39\nKEY b9\n" in wait_for(con, "KEY b9"), "sendkey spc")
mon.command("sendkey b 700")
made = "KEY 30\n" in wait_for(con, "KEY 30")
early = "KEY b0" in open(con).read()
late = "KEY 30\nKEY b0\n" in wait_for(con, "KEY b0")
check(made and not early and late, "sendkey b 700: the key is held, then released")
out = mon.command("sendkey ctrl-nosuchkey")
check("'nosuchkey' is not a key name" in out, "sendkey names an unknown key", out)

# --- system_reset reboots the guest ---
mon.command("system_reset")
check(wait_for(con, "READY\n", count=2).count("READY\n") == 2,
      "system_reset reboots the guest (READY again)")

# --- removable media and drives ---
out = mon.command("info block")
check("ide1-cd0: %s (raw, read-only)" % cd1 in out and "ide0-hd0:" in out and
      "Backing file:     %s" % os.path.abspath(hd) in out and "floppy0:" in out,
      "info block lists the CD, the disk's -snapshot overlay and the floppy", out)
mon.command("eject ide1-cd0")
out = mon.command("info block")
check("ide1-cd0: [not inserted]" in out and "tray open" in out,
      "eject: the CD is gone, the tray open", out)
mon.command("change ide1-cd0 %s raw" % cd2)
out = mon.command("info block")
check("ide1-cd0: %s (raw, read-only)" % cd2 in out, "change puts another CD in", out)
mon.command("eject floppy0")
out = mon.command("info block")
check("floppy0: [not inserted]" in out, "eject floppy0", out)
mon.command("change floppy0 " + fd)
check("floppy0: %s (raw)" % fd in mon.command("info block"), "change floppy0")
out = mon.command("change ide0-hd0 " + cd2)
check("Device 'ide0-hd0' is not removable" in out, "a hard disk is not removable", out)
out = mon.command("eject nosuch")
check("Device 'nosuch' not found" in out, "eject names an unknown device", out)
out = mon.command("change ide1-cd0 /nonexistent.iso")
check("Could not open '/nonexistent.iso'" in out, "change names a file it cannot open", out)

# --- commit: an ATA write through the monitor's port commands lands in
# the -snapshot overlay, and commit puts it into the image ---
mon.command("stop")
# without firmware nobody enabled the PIIX IDE function: I/O space on in
# its command register (00:01.1, 0x04), the primary channel decoded
# (IDETIM bit 15, 0x40), through configuration mechanism #1
for addr, val in ((0x80000904, 1), (0x80000940, 0x8000)):
    mon.command("o/l 0xcf8 %#x" % addr)
    mon.command("o/w 0xcfc %#x" % val)
for port, val in ((0x1f6, 0xe0), (0x1f2, 1), (0x1f3, 0), (0x1f4, 0),
                  (0x1f5, 0), (0x1f7, 0x30)):	# WRITE SECTORS, LBA 0
    mon.command("o/b %#x %#x" % (port, val))
for i in range(256):
    mon.command("o/w 0x1f0 %#x" % (0x5200 + i))
status = mon.command("i/b 0x1f7")
with open(hd, "rb") as f:
    before = f.read(512)
check(before == bytes(512), "-snapshot: the write stays out of the image", status)
out = mon.command("commit ide0-hd0")
with open(hd, "rb") as f:
    after = f.read(512)
want = b"".join((0x5200 + i).to_bytes(2, "little") for i in range(256))
check(after == want, "commit writes the overlay back into the image", out)
out = mon.command("commit ide1-cd0")
check("no backing file" in out, "commit of a drive without overlay says so", out)
mon.command("cont")

# --- log, logfile ---
log = os.path.join(WORK, "hmp.log")
if os.path.exists(log):
    os.unlink(log)
mon.command("logfile " + log)
mon.command("log in_asm")
mon.command("system_reset")
wait_for(con, "READY\n", count=3)
time.sleep(0.2)
mon.command("log none")
text = open(log, errors="replace").read() if os.path.exists(log) else ""
check("0x11223344" in text.lower() or "11223344" in text,
      "log in_asm + logfile: the rebooted guest's code is logged", text[:500])
out = mon.command("log bogus")
check("Invalid parameter 'bogus'" in out, "log names a bad item", out)

# --- info subcommands ---
for sub, want in (("version", "0."), ("name", "hmpvm"), ("cpus", "CPU #0"),
                  ("pci", "8086:1237"), ("mtree", "(prio 0, ram)"),
                  ("pic", "pic0: irr="), ("irq", " 0: "), ("tlb", "PG disabled"),
                  ("mem", "PG disabled"), ("jit", "TB count"),
                  ("blockstats", "not collected"), ("chardev", "monitor: filename=unix:"),
                  ("accel", "kernel accelerator: not available, the translator runs everything"),
                  ("profile", "not built")):
    out = mon.command("info " + sub)
    check(want in out, "info %s" % sub, out)
out = mon.command("info bogus")
check("unknown info subcommand 'bogus'" in out and "info status" in out,
      "an unknown info subcommand is named, the list follows", out)

# --- line editing and history (the terminal's escape sequences) ---
mon.command("info version")
mon.send("info nme\x1b[D\x1b[Da\r")
check("hmpvm" in mon.read(), "left arrow moves the cursor; insertion in the middle")
mon.send("\x1b[A\r")
check("hmpvm" in mon.read(), "up arrow recalls the last line")
mon.send("\x1b[A\x1b[A\x1b[B\r")
check("hmpvm" in mon.read(), "up, up, down: back to the newer line")
mon.send("nfo name\x01i\r")
check("hmpvm" in mon.read(), "C-a goes to the start of the line")
mon.send("info nam\x01\x05e\r")
check("hmpvm" in mon.read(), "C-e goes to the end of the line")
mon.send("info namx\x7fe\r")
check("hmpvm" in mon.read(), "backspace erases")
mon.send("info nax\x1b[D\x1b[3~me\r")
check("hmpvm" in mon.read(), "the Delete key erases under the cursor")
out = mon.command("info history")
check("'info version'" in out and "'info name'" in out, "info history lists the lines", out)

# --- screendump of the VBE linear modes: the monitor sets a 16x8 mode
# through the DISPI ports, the guest fills the bank window with bytes
# 0..511, each depth must read them as the VBE layout says ---
def dispi(index, value):
    mon.command("o/w 0x1ce %d" % index)
    mon.command("o/w 0x1cf %#x" % value)


def ppm(path):
    data = open(path, "rb").read() if os.path.exists(path) else b""
    parts = data.split(b"\n", 3)
    if len(parts) < 4 or parts[0] != b"P6":
        return None, None, b""
    w, h = map(int, parts[1].split())
    return w, h, parts[3]


dump = os.path.join(WORK, "vbe.ppm")
dispi(4, 0)
dispi(1, 16)
dispi(2, 8)
dispi(3, 32)
dispi(4, 0x01)
mon.command("sendkey v")
wait_for(con, "KEY af")
mem = bytes(range(256)) * 2
mon.command("o/b 0x3c6 0xff")	# PEL mask
mon.command("o/b 0x3c8 0")	# DAC entries 0-7: (i, 2i, 3i)
for i in range(8):
    for c in (i, 2 * i, 3 * i):
        mon.command("o/b 0x3c9 %d" % c)
six = lambda v: (v << 2 | v >> 4) & 0xff	# noqa: E731
for bpp in (32, 24, 16, 15, 8):
    dispi(4, 0)
    dispi(3, bpp)
    dispi(4, 0x81)	# enabled, memory kept
    if os.path.exists(dump):
        os.unlink(dump)
    out = mon.command("screendump " + dump)
    w, h, px = ppm(dump)
    want = bytearray()
    for i in range(16 * 8):
        if bpp in (32, 24):
            b = mem[i * bpp // 8:]
            want += bytes((b[2], b[1], b[0]))
        elif bpp in (15, 16):
            p = mem[2 * i] | mem[2 * i + 1] << 8
            if bpp == 16:
                want += bytes(((p >> 11 & 31) * 255 // 31, (p >> 5 & 63) * 255 // 63,
                               (p & 31) * 255 // 31))
            else:
                want += bytes(((p >> 10 & 31) * 255 // 31, (p >> 5 & 31) * 255 // 31,
                               (p & 31) * 255 // 31))
        else:
            v = mem[i]
            want += bytes((six(v), six(2 * v), six(3 * v))) if v < 8 else px[3 * i:3 * i + 3]
    check(w == 16 and h == 8 and px == bytes(want),
          "screendump of a VBE %d bpp mode" % bpp, out + repr(px[:24]) + " want " +
          repr(bytes(want[:24])))
dispi(4, 0)

# --- garbage never crashes ringvm ---
garbage = ["x/", "x/999999999wx 0", "x/4qx 0", "x/4wx", "x/4wx 0 junk",
           "p (((((", "p 1/0", "p 1 +", "p $", "p 99999999999999999999999",
           "i/g 0", "i", "o 0x80", "o/b", "memsave", "memsave 0 -1 /tmp/x",
           "pmemsave 0xffffffff 16", "sendkey", "sendkey -", "sendkey a-",
           "sendkey a 10x", "change", "change ide1-cd0", "eject", "eject -f",
           "commit", "commit a b", "log", "logfile", "screendump",
           "screendump a b", "x/4wx 0xfffffffc", "xp/8gx 0xfffffffffffffff0",
           "help nosuch", "\x1b[99;99~", "\x00\x01\x02\x03", "\xff\xfe",
           "a" * 2000, "info " + "x" * 3000, "x/65536bx 0xffffff00"]
alive = True
for g in garbage:
    mon.command(g)
    if proc.poll() is not None:
        alive = False
        check(False, "garbage line %r does not crash ringvm" % g[:40])
        break
if alive:
    check("VM status: running" in mon.command("info status"),
          "%d garbage lines later the monitor still answers" % len(garbage))

mon.send("quit\n")
try:
    rc = proc.wait(timeout=10)
except Exception:
    proc.kill()
    rc = None
check(rc == 0, "quit ends ringvm with status 0 (%s)" % rc)

# --- screendump of SeaBIOS's text screen ---
bios = "/usr/share/seabios/bios-256k.bin"
if os.path.exists(bios):
    sock2 = os.path.join(WORK, "hmp2.sock")
    con2 = os.path.join(WORK, "bios.con")
    if os.path.exists(con2):
        os.unlink(con2)
    proc = start(VM, ["-display", "none", "-serial", "null", "-debugcon",
                      "file:" + con2, "-global", "isa-debugcon.iobase=0x402",
                      "-monitor", "unix:%s,server,nowait" % sock2], sock2)
    mon = Hmp(sock2)
    booted = "No bootable device" in wait_for(con2, "No bootable device", 120)
    check(booted, "SeaBIOS reaches the end of POST")
    ppm = os.path.join(WORK, "screen.ppm")
    if os.path.exists(ppm):
        os.unlink(ppm)
    out = mon.command("screendump " + ppm)
    data = open(ppm, "rb").read() if os.path.exists(ppm) else b""
    hdr = b"P6\n720 400\n255\n"
    check(data.startswith(hdr) and len(data) == len(hdr) + 720 * 400 * 3,
          "screendump: a 720x400 PPM of the 80x25 text screen", out + repr(data[:20]))
    px = data[len(hdr):]
    # SeaBIOS prints light grey (DAC 0x2a,0x2a,0x2a -> 0xaa) on black;
    # its banner is in the first character rows
    top = px[:720 * 16 * 3 * 2]
    grey = sum(1 for i in range(0, len(top), 3) if top[i:i + 3] == b"\xaa\xaa\xaa")
    black = sum(1 for i in range(0, len(top), 3) if top[i:i + 3] == b"\x00\x00\x00")
    check(grey > 200 and black > 10000 and grey + black == len(top) // 3,
          "the banner's glyphs are grey on black (%d grey, %d black pixels)" % (grey, black))
    bottom = px[720 * 384 * 3:]
    check(bottom == bytes(len(bottom)), "the empty last row is black")
    mon.send("quit\n")
    try:
        proc.wait(timeout=10)
    except Exception:
        proc.kill()
else:
    check(True, "screendump # SKIP SeaBIOS is not installed (Debian package seabios)")
done()
