#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Build cloop, bochs growing and UML cow images from a raw file, laid
out per each format's description (see user/block/{cloop,bochs,cow}.c),
for tests/block/formats.

usage: mkimg.py cloop RAW OUT [BLOCK_SIZE]
       mkimg.py bochs RAW OUT [EXTENT_SIZE] [v1]
       mkimg.py cow   RAW OUT BACKING [v2]   (sectors differing from BACKING)
"""
import struct
import sys
import zlib


def cloop(raw, out, bsize=65536):
    data = open(raw, 'rb').read()
    if len(data) % bsize:
        data += bytes(bsize - len(data) % bsize)
    n = len(data) // bsize
    pre = (b'#!/bin/sh\n#V2.0 Format\n'
           b'modprobe cloop file=$0 && mount -r -t iso9660 /dev/cloop $1\n')
    pre = pre.ljust(128, b'\0')
    blocks = [zlib.compress(data[i * bsize:(i + 1) * bsize], 9)
              for i in range(n)]
    off = 128 + 8 + 8 * (n + 1)
    offs = []
    for b in blocks:
        offs.append(off)
        off += len(b)
    offs.append(off)
    with open(out, 'wb') as f:
        f.write(pre + struct.pack('>II', bsize, n))
        f.write(struct.pack('>%dQ' % (n + 1), *offs))
        for b in blocks:
            f.write(b)


def bochs(raw, out, extent=65536, v1=False):
    data = open(raw, 'rb').read()
    size = len(data)
    ncat = (size + extent - 1) // extent
    bitmap = (extent // 512 + 7) // 8
    bblocks = (bitmap + 511) // 512
    hdr = bytearray(512)
    hdr[0:32] = b'Bochs Virtual HD Image'.ljust(32, b'\0')
    hdr[32:48] = b'Redolog'.ljust(16, b'\0')
    hdr[48:64] = b'Growing'.ljust(16, b'\0')
    if v1:
        struct.pack_into('<IIIIIQ', hdr, 64, 0x10000, 512, ncat, bitmap,
                         extent, size)
    else:
        struct.pack_into('<IIIIIIQ', hdr, 64, 0x20000, 512, ncat, bitmap,
                         extent, 0, size)
    cat = []
    slots = []
    for i in range(ncat):
        ext = data[i * extent:(i + 1) * extent].ljust(extent, b'\0')
        secs = [ext[j:j + 512] for j in range(0, extent, 512)]
        bits = bytearray(bblocks * 512)
        for j, s in enumerate(secs):
            if any(s):
                bits[j // 8] |= 1 << (j % 8)
        if not any(bits):
            cat.append(0xffffffff)
            continue
        cat.append(len(slots))
        # unwritten sectors hold junk: a clear bit must hide them
        body = b''.join(s if bits[j // 8] >> (j % 8) & 1 else b'\xa5' * 512
                        for j, s in enumerate(secs))
        slots.append(bytes(bits) + body)
    with open(out, 'wb') as f:
        f.write(hdr)
        f.write(struct.pack('<%dI' % ncat, *cat))
        for s in slots:
            f.write(s)


def cow(raw, out, backing, v2=False):
    data = open(raw, 'rb').read()
    base = open(backing, 'rb').read()
    size = len(base)
    nsec = (size + 511) // 512
    bm = bytearray((nsec + 7) // 8)
    for i in range(nsec):
        if data[i * 512:(i + 1) * 512] != base[i * 512:(i + 1) * 512]:
            bm[i // 8] |= 1 << (i % 8)
    name = backing.encode()
    if v2:
        # QEMU 0.9's struct: 1024-byte path, size aligned to 8 (1040)
        hdr = struct.pack('>II1024si4xQI4x', 0x4f4f4f4d, 2, name, 0, size,
                          512)
        bm_off = len(hdr)
        data_off = (bm_off + len(bm) + 511) // 512 * 512
    else:
        align = 512
        hdr = struct.pack('>IIIQIII4096s', 0x4f4f4f4d, 3, 0, size, 512,
                          align, 0, name)
        bm_off = (len(hdr) + align - 1) // align * align
        data_off = (bm_off + len(bm) + align - 1) // align * align
    with open(out, 'wb') as f:
        f.write(hdr)
        f.seek(bm_off)
        f.write(bm)
        for i in range(nsec):
            if bm[i // 8] >> (i % 8) & 1:
                f.seek(data_off + i * 512)
                f.write(data[i * 512:(i + 1) * 512])
        f.truncate(max(f.tell(), data_off))


if __name__ == '__main__':
    a = sys.argv[1:]
    if a[0] == 'cloop':
        cloop(a[1], a[2], int(a[3]) if len(a) > 3 else 65536)
    elif a[0] == 'bochs':
        bochs(a[1], a[2], int(a[3]) if len(a) > 3 else 65536,
              len(a) > 4 and a[4] == 'v1')
    elif a[0] == 'cow':
        cow(a[1], a[2], a[3], len(a) > 4 and a[4] == 'v2')
    else:
        sys.exit('unknown format ' + a[0])
