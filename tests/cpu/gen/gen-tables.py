#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Expected results of the table-driven CPU tests (alu, shift, muldiv).

The values are the Intel SDM's definitions (Vol. 2, each instruction's
"Operation" and "Flags Affected" sections, and Vol. 1, 3.4.3.1 for the status
flags), written out here in Python rather than executed on any CPU, so the
guest compares what it computes against constants.  The output is committed:
the build never runs this script.  Regenerate with

    tests/cpu/gen/gen-tables.py tests/cpu

Each case is C(a, b, cf, res, res_hi, flags, keep, undef):
  a, b      operands (b unused by one-operand instructions; for a shift the
            count; for a double shift, the count and the source in res_hi's
            place is given separately by the test)
  cf        CF before the instruction (read by ADC, SBB, RCL, RCR; kept by
            INC and DEC)
  res       the result (for MUL/DIV: the low half / quotient)
  res_hi    the high half of MUL, the remainder of DIV, else 0
  flags     the values of the arithmetic flags the instruction writes
  keep      arithmetic flags it leaves unchanged
  undef     arithmetic flags the SDM leaves undefined (not compared)
"""
import sys

CF, PF, AF, ZF, SF, OF = 0x1, 0x4, 0x10, 0x40, 0x80, 0x800
ARITH = CF | PF | AF | ZF | SF | OF


def mask(n):
    return (1 << n) - 1


def msb(v, n):
    return (v >> (n - 1)) & 1


def signed(v, n):
    return v - (1 << n) if msb(v, n) else v


def szp(res, n):
    """SF, ZF, PF of a result (SDM Vol. 1, 3.4.3.1): PF is even parity of
    the least significant byte."""
    f = 0
    if msb(res, n):
        f |= SF
    if res == 0:
        f |= ZF
    if bin(res & 0xff).count('1') % 2 == 0:
        f |= PF
    return f


# --- ADD ADC SUB SBB CMP INC DEC NEG AND OR XOR TEST --------------------

def add(a, b, cf, n):
    full = a + b + cf
    res = full & mask(n)
    f = szp(res, n)
    if full >> n:
        f |= CF
    if (a ^ b ^ res) & 0x10:
        f |= AF
    s = signed(a, n) + signed(b, n) + cf
    if not -(1 << (n - 1)) <= s < (1 << (n - 1)):
        f |= OF
    return res, f


def sub(a, b, cf, n):
    full = a - b - cf
    res = full & mask(n)
    f = szp(res, n)
    if full < 0:
        f |= CF
    if (a ^ b ^ res) & 0x10:
        f |= AF
    s = signed(a, n) - signed(b, n) - cf
    if not -(1 << (n - 1)) <= s < (1 << (n - 1)):
        f |= OF
    return res, f


def logic(res, n):
    return res, szp(res, n)	# CF = OF = 0, AF undefined


ALU_VALUES = {
    8: [0x00, 0x01, 0x0f, 0x7f, 0x80, 0xff],
    16: [0x0000, 0x0001, 0x000f, 0x7fff, 0x8000, 0xffff],
    32: [0x00000000, 0x00000001, 0x0000000f, 0x7fffffff, 0x80000000,
         0xffffffff],
}


def alu_cases(op, n):
    vals = ALU_VALUES[n]
    out = []
    if op in ('inc', 'dec', 'neg'):
        for a in vals:
            for cf in ((0, 1) if op != 'neg' else (0,)):
                if op == 'inc':
                    res, f = add(a, 1, 0, n)
                    out.append((a, 0, cf, res, 0, f & ~CF, CF, 0))
                elif op == 'dec':
                    res, f = sub(a, 1, 0, n)
                    out.append((a, 0, cf, res, 0, f & ~CF, CF, 0))
                else:
                    # NEG: CF = (source != 0); the rest as 0 - source
                    res, f = sub(0, a, 0, n)
                    f = (f & ~CF) | (CF if a else 0)
                    out.append((a, 0, 0, res, 0, f, 0, 0))
        return out
    for a in vals:
        for b in vals:
            for cf in ((0, 1) if op in ('adc', 'sbb') else (0,)):
                if op in ('add', 'adc'):
                    res, f = add(a, b, cf, n)
                    und = 0
                elif op in ('sub', 'sbb', 'cmp'):
                    res, f = sub(a, b, cf, n)
                    und = 0
                    if op == 'cmp':
                        res = a	# CMP writes no result
                else:
                    r = {'and': a & b, 'or': a | b, 'xor': a ^ b,
                         'test': a & b}[op]
                    res, f = logic(r, n)
                    und = AF
                    if op == 'test':
                        res = a
                out.append((a, b, cf, res, 0, f, 0, und))
    return out


# --- shifts and rotates (SDM Vol. 2B "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR",
#     Vol. 2B "SHLD", "SHRD") ---------------------------------------------

SHIFT_VALUES = {
    8: [0x81, 0x40, 0xc3, 0x5a],
    16: [0x8001, 0x4000, 0xc003, 0x5a5a],
    32: [0x80000001, 0x40000000, 0xc0000003, 0x5a5a1234],
}
SHIFT_COUNTS = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33]


def shift(op, v, count, cf, n):
    """Returns (res, flags, keep, undef) following the SDM pseudo-code."""
    c = count & 0x1f	# COUNTMASK is 1FH outside 64-bit mode
    if c == 0:
        return v, 0, ARITH, 0	# "If the count is 0, the flags are not affected"
    if op in ('shl', 'shr', 'sar'):
        und = AF	# "For a non-zero count, the AF flag is undefined"
        if op == 'shl':
            res = (v << c) & mask(n)
            last = (v >> (n - c)) & 1 if c <= n else 0
        elif op == 'shr':
            res = v >> c
            last = (v >> (c - 1)) & 1 if c <= n else 0
        else:
            s = signed(v, n)
            res = (s >> c) & mask(n)
            last = (s >> (c - 1)) & 1
        f = szp(res, n)
        if last:
            f |= CF
        # "The CF flag is undefined for SHL and SHR instructions where the
        # count is greater than or equal to the size of the destination"
        if op in ('shl', 'shr') and c >= n:
            und |= CF
        if c == 1:
            if op == 'shl':
                of = msb(res, n) ^ last
            elif op == 'shr':
                of = msb(v, n)
            else:
                of = 0
            if of:
                f |= OF
        else:
            und |= OF	# "the OF flag is undefined" for counts other than 1
        return res, f & ~und, 0, und
    # rotates: only CF and OF are affected (SF ZF AF PF kept)
    keep = SF | ZF | AF | PF
    if op in ('rol', 'ror'):
        t = c % n
        if op == 'rol':
            res = ((v << t) | (v >> (n - t))) & mask(n) if t else v
            newcf = res & 1
            of = msb(res, n) ^ newcf
        else:
            res = ((v >> t) | (v << (n - t))) & mask(n) if t else v
            newcf = msb(res, n)
            of = msb(res, n) ^ msb(res, n - 1) if n > 1 else 0
    else:
        # RCL/RCR: tempCOUNT = (COUNT & 1FH) MOD 9 or 17 for 8 and 16 bits
        t = c % (n + 1) if n < 32 else c
        res, newcf = v, cf
        for _ in range(t):
            if op == 'rcl':
                tcf = msb(res, n)
                res = ((res << 1) | newcf) & mask(n)
                newcf = tcf
            else:
                tcf = res & 1
                res = (res >> 1) | (newcf << (n - 1))
                newcf = tcf
        if op == 'rcl':
            of = msb(res, n) ^ newcf
        else:
            # RCR computes OF before rotating: MSB(DEST) XOR CF
            of = msb(v, n) ^ cf
    f = CF if newcf else 0
    und = 0
    if c == 1:
        if of:
            f |= OF
    else:
        und = OF	# "the OF flag is undefined for multi-bit rotates"
    return res, f, keep, und


def shift_cases(op, n):
    out = []
    for v in SHIFT_VALUES[n]:
        for count in SHIFT_COUNTS:
            for cf in ((0, 1) if op in ('rcl', 'rcr') else (0,)):
                res, f, keep, und = shift(op, v, count, cf, n)
                out.append((v, count, cf, res, 0, f, keep, und))
    return out


SHD_SRC = {16: 0x6c39, 32: 0x6c3917e5}


def shd(op, v, count, n):
    src = SHD_SRC[n]
    c = count & 0x1f
    if c == 0:
        return v, 0, ARITH, 0
    # "If the count is greater than the operand size, the result is
    # undefined": the caller avoids such counts.
    assert c <= n
    if op == 'shld':
        wide = (v << n) | src
        res = (wide << c >> n) & mask(n)
        last = (v >> (n - c)) & 1
    else:
        wide = (src << n) | v
        res = (wide >> c) & mask(n)
        last = (v >> (c - 1)) & 1 if c <= n else 0
    f = szp(res, n) | (CF if last else 0)
    und = AF
    if c == 1:
        if msb(res, n) != msb(v, n):
            f |= OF	# "set if a sign change occurred"
    else:
        und |= OF
    return res, f & ~und, 0, und


def shd_cases(op, n):
    out = []
    counts = [0, 1, 2, 7, 8, 15, 16, 32, 33] if n == 16 else \
        [0, 1, 2, 7, 8, 16, 31, 32, 33]
    for v in SHIFT_VALUES[n]:
        for count in counts:
            res, f, keep, und = shd(op, v, count, n)
            out.append((v, count, 0, res, 0, f, keep, und))
    return out


# --- MUL IMUL DIV IDIV (SDM Vol. 2A/2B) --------------------------------

MUL_VALUES = {
    8: [0x00, 0x01, 0x02, 0x7f, 0x80, 0xff],
    16: [0x0000, 0x0001, 0x0002, 0x7fff, 0x8000, 0xffff],
    32: [0x00000000, 0x00000001, 0x00000002, 0x7fffffff, 0x80000000,
         0xffffffff],
}
MUL_UNDEF = SF | ZF | AF | PF


def mul_cases(op, n):
    out = []
    vals = MUL_VALUES[n] + [{8: 0x5a, 16: 0x1234, 32: 0x12345678}[n]]
    for a in vals:
        for b in vals:
            if op == 'mul':
                p = a * b
                hi = p >> n
                f = (CF | OF) if hi else 0
            else:
                p = (signed(a, n) * signed(b, n)) & mask(2 * n)
                hi = p >> n
                # CF = OF = 0 when the result sign-extends from n bits
                lo_s = signed(p & mask(n), n)
                f = 0 if lo_s == signed(p, 2 * n) else (CF | OF)
            out.append((a, b, 0, p & mask(n), hi, f, 0, MUL_UNDEF))
    return out


def div_cases(op, n):
    """Dividend 2n bits (res_hi column is the remainder)."""
    out = []
    dividends = {
        8: [0x0000, 0x0007, 0x00ff, 0x7fff, 0x8000, 0xfff9, 0x00fe, 0xff00,
            0x0100],
        16: [0x00000000, 0x00000007, 0x0000ffff, 0x7fffffff, 0x80000000,
             0xfffffff9, 0x0000fffe, 0xffff0000, 0x00010000],
        32: [0x0, 0x7, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000,
             0xfffffffffffffff9, 0xfffffffe, 0xffffffff00000000,
             0x100000000],
    }[n]
    divisors = [1, 2, 3, 7, mask(n), mask(n) - 1, 1 << (n - 1),
                (1 << (n - 1)) - 1, 0x10]
    for a in dividends:
        for b in divisors:
            if op == 'div':
                q, r = divmod(a, b)
                if q > mask(n):
                    continue	# #DE, tested separately
            else:
                sa, sb = signed(a, 2 * n), signed(b, n)
                # truncation toward zero; the remainder has the dividend's sign
                q = abs(sa) // abs(sb)
                if (sa < 0) != (sb < 0):
                    q = -q
                r = sa - q * sb
                if not -(1 << (n - 1)) <= q < (1 << (n - 1)):
                    continue
                q &= mask(n)
                r &= mask(n)
            out.append((a, b, 0, q, r, 0, 0, ARITH))
    return out


# --- output --------------------------------------------------------------

def emit(f, name, cases, w, aw=None):
    f.write('static const struct op_case %s[] = {\n' % name)
    aw = (aw or w) // 4
    rw = w // 4
    for a, b, cf, res, hi, fl, keep, und in cases:
        f.write('\tC(0x%0*x, 0x%0*x, %d, 0x%0*x, 0x%0*x, 0x%03x, 0x%03x, 0x%03x),\n' % (
            aw, a, rw, b, cf, rw, res, rw, hi, fl, keep, und))
    f.write('};\n\n')


HEADER = """/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Generated by tests/cpu/gen/gen-tables.py from the Intel SDM's definitions
 * (see there for the meaning of each column); do not edit.
 */
"""


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else '.'
    with open(outdir + '/alu-cases.h', 'w') as f:
        f.write(HEADER)
        for op in ('add', 'adc', 'sub', 'sbb', 'cmp', 'inc', 'dec', 'neg',
                   'and', 'or', 'xor', 'test'):
            for n in (8, 16, 32):
                emit(f, '%s%d_cases' % (op, n), alu_cases(op, n), n)
    with open(outdir + '/shift-cases.h', 'w') as f:
        f.write(HEADER)
        for op in ('shl', 'shr', 'sar', 'rol', 'ror', 'rcl', 'rcr'):
            for n in (8, 16, 32):
                emit(f, '%s%d_cases' % (op, n), shift_cases(op, n), n)
        for op in ('shld', 'shrd'):
            for n in (16, 32):
                emit(f, '%s%d_cases' % (op, n), shd_cases(op, n), n)
        f.write('#define SHD16_SRC 0x%04x\n#define SHD32_SRC 0x%08x\n' % (
            SHD_SRC[16], SHD_SRC[32]))
    with open(outdir + '/muldiv-cases.h', 'w') as f:
        f.write(HEADER)
        for op in ('mul', 'imul'):
            for n in (8, 16, 32):
                emit(f, '%s%d_cases' % (op, n), mul_cases(op, n), n)
        for op in ('div', 'idiv'):
            for n in (8, 16, 32):
                emit(f, '%s%d_cases' % (op, n), div_cases(op, n), n, 2 * n)


if __name__ == '__main__':
    main()
