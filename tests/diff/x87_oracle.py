#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Judge the x87 transcendentals against exact values.

diff_x87 (with DIFF_X87_ORACLE=FILE) writes one line per FSIN, FCOS,
FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X and FYL2XP1 it ran: the control word,
the operands, and the host's and the translator's FSW and ST0/ST1 after.

The host CPU rounds these from an internal approximation: it promises an
error below one unit in the last place (SDM Vol. 1 §8.3.10), so where the
exact value lies close to a rounding boundary it may return either
neighbour.  ringvm computes with 128-bit intermediates and rounds once, so
it promises the correctly rounded result.  This checks, for every line:

  - where the operation is regular (finite operands, no exception other than
    precision): the translator's result is the exact value rounded in the
    control word's rounding mode (the transcendentals ignore precision
    control, SDM Vol. 1 §8.1.5.2), and the host's result is one of the two
    neighbours of the exact value;
  - otherwise (NaN, infinity, zero, denormal operands, invalid, out of
    range): host and translator agree bit for bit.

FSIN, FCOS, FSINCOS and FPTAN reduce their operand by the 66-bit pi of the
x87 (SDM Vol. 1 §8.3.10), so "exact" is the function of the operand reduced
by that pi, as on the hardware.

Prints TAP: one test per instruction; a summary line per instruction says
how many results the host rounded the other way, and how close to the
boundary the exact value was there.
"""
import sys

try:
    import mpmath
    from mpmath import mpf
except ImportError:
    print("1..0 # SKIP python3-mpmath is not installed (Debian package python3-mpmath)")
    sys.exit(0)

mpmath.mp.prec = 256

# pi rounded to 66 significant bits, the x87's (it lies in [2, 4))
PI66 = mpmath.nint(mpmath.pi * 2**64) / mpf(2)**64

FSW_EXC = 0x1f          # IE DE ZE OE UE: anything but PE makes it irregular
FSW_C1 = 0x200
FSW_C2 = 0x400          # FSIN & co: operand out of range


def f80(text):
    """(sign, biased exponent, significand) of 'seee:mmmm...'."""
    se, m = text.split(":")
    se, m = int(se, 16), int(m, 16)
    return se >> 15, se & 0x7fff, m


def regular(v):
    """A finite nonzero operand the exact function is defined on: normal,
    denormal or pseudo-denormal (which the x87 takes as the normal of the
    same value, SDM Vol. 1 §8.2.2); not unnormals, NaNs or infinities."""
    _, e, m = v
    return (0 < e < 0x7fff and m >> 63) or (e == 0 and m)


def exponent(v):
    """log2 of |v|, roughly."""
    _, e, m = v
    return (e or 1) - 16383 - (64 - m.bit_length())


def value(v):
    s, e, m = v
    x = mpmath.ldexp(mpf(m), max(e, 1) - 16383 - 63)
    return -x if s else x


def reduced(x):
    """x reduced by the x87's pi/2, plus the same multiple of the true
    pi/2: sin/cos/tan of this is what the hardware computes."""
    q = mpmath.nint(x / (PI66 / 2))
    return x - q * (PI66 / 2) + q * (mpmath.pi / 2)


def atan2_x87(y, x):
    """FPATAN's atan(y/x) in the quadrant of (x, y): the x87 adds its own
    pi/2 and pi, not the true ones, when |y| > |x| or x < 0."""
    if abs(y) <= abs(x):
        r = mpmath.atan(abs(y) / abs(x))
        r = PI66 - r if x < 0 else r
    else:
        r = mpmath.atan(abs(x) / abs(y))
        r = PI66 / 2 + r if x < 0 else PI66 / 2 - r
    return -r if y < 0 else r


def log2(v):
    """log2 of a positive operand, exact when it is a power of two."""
    _, e, m = v
    k = (e or 1) - 16383 - 63
    if m & (m - 1) == 0:
        return mpf(k + m.bit_length() - 1)
    return k + mpmath.log(m) / mpmath.ln2


def exact(name, a, b):
    """The (slot, exact value) pairs an instruction produces, or None."""
    x, y = value(a), value(b)
    if name == "fsin":
        return [(0, mpmath.sin(reduced(x)))]
    if name == "fcos":
        return [(0, mpmath.cos(reduced(x)))]
    if name == "fsincos":
        r = reduced(x)
        return [(0, mpmath.cos(r)), (1, mpmath.sin(r))]
    if name == "fptan":
        return [(0, mpf(1)), (1, mpmath.tan(reduced(x)))]
    if name == "fpatan":
        return [(0, atan2_x87(y, x))]
    if name == "f2xm1":
        return [(0, mpmath.expm1(x * mpmath.ln2))] if abs(x) <= 1 else None
    if name == "fyl2x":
        return [(0, y * log2(a))] if x > 0 else None
    if name == "fyl2xp1":
        return [(0, y * mpmath.log1p(x) / mpmath.ln2)] if x > -1 else None
    return None


def ulp_at(x):
    """The spacing of 64-bit-significand values around |x|."""
    e = max(int(mpmath.floor(mpmath.log(abs(x), 2))), -16382)
    u = mpf(2)**(e - 63)
    # log2 can be off by one right at a power of two: correct it
    while abs(x) >= mpf(2)**(e + 1):
        e += 1
        u *= 2
    return u


def rounded(x, rc):
    """x rounded to a 64-bit significand in rounding mode rc (0 nearest
    even, 1 down, 2 up, 3 toward zero)."""
    if x == 0:
        return x
    u = ulp_at(x)
    q = x / u
    if rc == 0:
        n = mpmath.floor(q)
        d = q - n
        if d > 0.5 or (d == 0.5 and int(n) % 2):
            n += 1
    elif rc == 1:
        n = mpmath.floor(q)
    elif rc == 2:
        n = mpmath.ceil(q)
    else:
        n = mpmath.floor(q) if q > 0 else mpmath.ceil(q)
    return n * u


def judge(line, stats):
    """None if the line is fine, else what is wrong."""
    name, rest = line.split("|")
    f = rest.split()
    cw = int(f[0], 16)
    a, b = f80(f[1]), f80(f[2])
    hsw, h = int(f[3], 16), [f[4], f[5]]
    esw, e = int(f[6], 16), [f[7], f[8]]
    ops = [a] if name in ("fsin", "fcos", "fsincos", "fptan", "f2xm1") else [a, b]
    if not all(regular(v) for v in ops):
        return same_bits(h, e, hsw, esw)
    # enough bits that the last term of sin x = x - x^3/6 for the tiniest
    # x (or of FPATAN's smallest ratio) still shows
    if name == "fpatan":
        span = abs(exponent(a) - exponent(b))
    elif name == "fyl2x":
        span = 0
    else:
        span = max(0, -exponent(a))
    with mpmath.workprec(256 + 2 * span):
        return judge_exact(name, cw, a, b, h, e, hsw, esw, stats)


def same_bits(h, e, hsw, esw):
    if h != e or hsw != esw:
        return "irregular operands, host and translator differ"
    return None


def f80_text(x):
    """x (a 64-bit-significand value) as 'seee:mmmm...'."""
    if x == 0:
        return "0000:0000000000000000"
    sign = 0x8000 if x < 0 else 0
    u = ulp_at(x)
    m = int(abs(x) / u)
    e = int(mpmath.log(u, 2)) + 16383 + 63
    if m < 2**63:
        e = 0
    return "%04x:%016x" % (sign | e, m)


def scaled(x):
    """x as an unmasked underflow or overflow delivers it: brought back
    into range by 2^24576 (SDM Vol. 1 §8.5.4, §8.5.5); in range, as is."""
    if abs(x) < mpf(2)**-16382:
        return x * mpf(2)**24576
    if abs(x) >= mpf(2)**16384:
        return x / mpf(2)**24576
    return x


def judge_exact(name, cw, a, b, h, e, hsw, esw, stats):
    rc = (cw >> 10) & 3
    want = exact(name, a, b)
    # an unmasked invalid, denormal or zero-divide leaves no result; a
    # masked overflow gives infinity or the largest finite value: compare
    # those bit for bit.  An unmasked overflow or underflow delivers the
    # result scaled by 2^-24576 or 2^24576 (SDM Vol. 1 §8.5.4, §8.5.5).
    unmasked = ~cw & 0x1f & hsw
    if want is None or hsw & (0x05 | FSW_C2) or unmasked & 0x07 or \
            hsw & 0x08 & cw:
        return same_bits(h, e, hsw, esw)
    if unmasked & 0x18:
        want = [(s, scaled(x)) for s, x in want]
    if (hsw ^ esw) & ~FSW_C1:
        return "FSW %04x (host) vs %04x (translator)" % (hsw, esw)
    for slot, x in want:
        he, ee = value(f80(h[slot])), value(f80(e[slot]))
        r = rounded(x, rc)
        if ee != r:
            return "ST%d = %s, the exact value rounded is %s" % (
                slot, e[slot], f80_text(r))
        u = ulp_at(x)
        if abs(he - x) >= 2 * u:
            return "host ST%d = %s is not within two ulps of the exact value (%s rounded)" % (
                slot, h[slot], f80_text(r))
        if he != ee:
            stats["other"] += 1
            # how far the exact value was from the boundary the host crossed
            edge = (he + ee) / 2 if rc == 0 else (he if abs(he - x) < abs(ee - x) else ee)
            stats["band"] = max(stats["band"], float(abs(x - edge) / u))
    # C1: the last result was rounded up, away from zero (SDM Vol. 1
    # §8.1.3.3); for FSINCOS and FPTAN the one left in ST1
    slot, x = want[-1]
    up = abs(value(f80(e[slot]))) > abs(x)
    if bool(esw & FSW_C1) != up:
        return "C1 = %d, but ST%d was%s rounded up" % (
            bool(esw & FSW_C1), slot, "" if up else " not")
    if hsw != esw and h == e:
        # the host's approximation fell on the other side of a
        # representable value: as near as the rounding cases above
        stats["c1"] += 1
        r = value(f80(e[slot]))
        stats["band"] = max(stats["band"], float(abs(x - r) / ulp_at(x)))
    stats["n"] += 1
    return None


def main():
    lines = open(sys.argv[1]).read().splitlines()
    names = []
    for ln in lines:
        n = ln.split("|")[0]
        if n not in names:
            names.append(n)
    if not names:
        print("1..1\nnot ok 1 - no transcendental results in %s" % sys.argv[1])
        return 1
    print("1..%d" % len(names))
    failed = 0
    for i, name in enumerate(names, 1):
        stats = {"n": 0, "other": 0, "c1": 0, "band": 0.0}
        bad = []
        for ln in lines:
            if ln.startswith(name + "|"):
                why = judge(ln, stats)
                if why:
                    bad.append((ln, why))
        print("# %s: %d regular results exact; the host rounded %d the other way "
              "and set C1 the other way %d times, the exact value within %.4f ulp "
              "of the boundary there" %
              (name, stats["n"], stats["other"], stats["c1"], stats["band"]))
        for ln, why in bad[:5]:
            print("#   %s\n#     %s" % (why, ln))
        print("%sok %d - %s" % ("not " if bad else "", i, name))
        failed += bool(bad)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
