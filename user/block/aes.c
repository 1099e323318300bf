// SPDX-License-Identifier: GPL-2.0-only
/*
 * AES-128 as FIPS-197 defines it, byte by byte, and the legacy qcow
 * sector cipher on top (see aes.h).  Section numbers are FIPS-197's.
 *
 * The S-box is computed once from its definition (5.1.1: the inverse in
 * GF(2^8) followed by the affine transformation) rather than typed in,
 * so there is no 256-byte table to get wrong.  Speed is not the point:
 * only old images use this cipher.
 */
#include <pthread.h>
#include <string.h>

#include "block/aes.h"
#include "core/lib/log.h"

static uint8_t sbox[256], inv_sbox[256];
/* 5.3.3 InvMixColumns multiplies by {0e}, {0b}, {0d}, {09} */
static uint8_t mul9[256], mul11[256], mul13[256], mul14[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* 4.2.1: multiplication by x modulo m(x) = x^8 + x^4 + x^3 + x + 1 */
static uint8_t xtime(uint8_t a)
{
	return (uint8_t)(a << 1 ^ (a & 0x80 ? 0x1b : 0));
}

/* 4.2: multiplication in GF(2^8) */
static uint8_t gmul(uint8_t a, uint8_t b)
{
	uint8_t p = 0;

	for (; b; b >>= 1, a = xtime(a))
		if (b & 1)
			p ^= a;
	return p;
}

static uint8_t rotl8(uint8_t b, unsigned n)
{
	return (uint8_t)(b << n | b >> (8 - n));
}

static void tables_init(void)
{
	for (unsigned a = 0; a < 256; a++) {
		uint8_t inv = 0, s;

		/* {00} maps to itself (5.1.1) */
		for (unsigned b = 1; a && b < 256; b++) {
			if (gmul((uint8_t)a, (uint8_t)b) == 1) {
				inv = (uint8_t)b;
				break;
			}
		}
		s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^
		    rotl8(inv, 4) ^ 0x63;
		sbox[a] = s;
		inv_sbox[s] = (uint8_t)a;
		mul9[a] = gmul((uint8_t)a, 0x09);
		mul11[a] = gmul((uint8_t)a, 0x0b);
		mul13[a] = gmul((uint8_t)a, 0x0d);
		mul14[a] = gmul((uint8_t)a, 0x0e);
	}
}

/* 5.2 KeyExpansion for Nk = 4, Nr = 10 */
void aes128_set_key(struct aes_key *k, const uint8_t key[AES128_KEY])
{
	uint8_t *w = &k->rk[0][0], rcon = 0x01;

	pthread_once(&tables_once, tables_init);
	memcpy(w, key, AES128_KEY);
	for (unsigned i = 4; i < 4 * (AES128_ROUNDS + 1); i++) {
		uint8_t t[4];

		memcpy(t, w + 4 * (i - 1), 4);
		if (i % 4 == 0) {
			/* SubWord(RotWord(temp)) xor Rcon[i/Nk] */
			uint8_t t0 = t[0];

			t[0] = sbox[t[1]] ^ rcon;
			t[1] = sbox[t[2]];
			t[2] = sbox[t[3]];
			t[3] = sbox[t0];
			rcon = xtime(rcon);
		}
		for (unsigned j = 0; j < 4; j++)
			w[4 * i + j] = w[4 * (i - 4) + j] ^ t[j];
	}
}

/* The state is column-major as in 3.4: byte r of column c is s[r + 4c]. */
static void add_round_key(uint8_t s[16], const uint8_t rk[16])
{
	for (unsigned i = 0; i < 16; i++)
		s[i] ^= rk[i];
}

/* 5.1.1 SubBytes and 5.1.2 ShiftRows (row r rotated left by r) */
static void sub_shift(uint8_t s[16])
{
	uint8_t t[16];

	for (unsigned r = 0; r < 4; r++)
		for (unsigned c = 0; c < 4; c++)
			t[r + 4 * c] = sbox[s[r + 4 * ((c + r) % 4)]];
	memcpy(s, t, 16);
}

/* 5.3.1 InvShiftRows and 5.3.2 InvSubBytes */
static void inv_shift_sub(uint8_t s[16])
{
	uint8_t t[16];

	for (unsigned r = 0; r < 4; r++)
		for (unsigned c = 0; c < 4; c++)
			t[r + 4 * ((c + r) % 4)] = inv_sbox[s[r + 4 * c]];
	memcpy(s, t, 16);
}

/* 5.1.3 MixColumns: each column times {03}x^3 + {01}x^2 + {01}x + {02} */
static void mix_columns(uint8_t s[16])
{
	for (unsigned c = 0; c < 4; c++) {
		uint8_t *a = s + 4 * c, a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
		uint8_t all = a0 ^ a1 ^ a2 ^ a3;

		/* 2a ^ 3b ^ c ^ d = a ^ all ^ 2(a ^ b) */
		a[0] = a0 ^ all ^ xtime(a0 ^ a1);
		a[1] = a1 ^ all ^ xtime(a1 ^ a2);
		a[2] = a2 ^ all ^ xtime(a2 ^ a3);
		a[3] = a3 ^ all ^ xtime(a3 ^ a0);
	}
}

/* 5.3.3 InvMixColumns: {0b}x^3 + {0d}x^2 + {09}x + {0e} */
static void inv_mix_columns(uint8_t s[16])
{
	for (unsigned c = 0; c < 4; c++) {
		uint8_t *a = s + 4 * c, a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];

		a[0] = mul14[a0] ^ mul11[a1] ^ mul13[a2] ^ mul9[a3];
		a[1] = mul9[a0] ^ mul14[a1] ^ mul11[a2] ^ mul13[a3];
		a[2] = mul13[a0] ^ mul9[a1] ^ mul14[a2] ^ mul11[a3];
		a[3] = mul11[a0] ^ mul13[a1] ^ mul9[a2] ^ mul14[a3];
	}
}

/* 5.1 Cipher */
void aes128_encrypt(const struct aes_key *k, const uint8_t in[AES_BLOCK],
		    uint8_t out[AES_BLOCK])
{
	uint8_t s[16];

	memcpy(s, in, 16);
	add_round_key(s, k->rk[0]);
	for (unsigned round = 1; round < AES128_ROUNDS; round++) {
		sub_shift(s);
		mix_columns(s);
		add_round_key(s, k->rk[round]);
	}
	sub_shift(s);
	add_round_key(s, k->rk[AES128_ROUNDS]);
	memcpy(out, s, 16);
}

/* 5.3 InvCipher */
void aes128_decrypt(const struct aes_key *k, const uint8_t in[AES_BLOCK],
		    uint8_t out[AES_BLOCK])
{
	uint8_t s[16];

	memcpy(s, in, 16);
	add_round_key(s, k->rk[AES128_ROUNDS]);
	for (unsigned round = AES128_ROUNDS - 1; round > 0; round--) {
		inv_shift_sub(s);
		add_round_key(s, k->rk[round]);
		inv_mix_columns(s);
	}
	inv_shift_sub(s);
	add_round_key(s, k->rk[0]);
	memcpy(out, s, 16);
}

void qcow_crypt_set_password(struct aes_key *k, const char *password)
{
	uint8_t key[AES128_KEY] = { 0 };
	size_t n = strlen(password);

	memcpy(key, password, n < sizeof(key) ? n : sizeof(key));
	aes128_set_key(k, key);
	memset(key, 0, sizeof(key));
}

/* CBC (NIST SP 800-38A 6.2) over each sector with IV = le64(sector). */
void qcow_crypt_sectors(const struct aes_key *k, uint64_t first_sector,
			uint8_t *buf, size_t nsectors, bool encrypt)
{
	for (size_t i = 0; i < nsectors; i++, buf += QCOW_CRYPT_SECTOR) {
		uint64_t sector = first_sector + i;
		uint8_t iv[AES_BLOCK] = { 0 };

		for (unsigned b = 0; b < 8; b++)
			iv[b] = (uint8_t)(sector >> (8 * b));
		for (unsigned off = 0; off < QCOW_CRYPT_SECTOR; off += AES_BLOCK) {
			uint8_t *blk = buf + off;

			if (encrypt) {
				for (unsigned j = 0; j < AES_BLOCK; j++)
					blk[j] ^= iv[j];
				aes128_encrypt(k, blk, blk);
				memcpy(iv, blk, AES_BLOCK);
			} else {
				uint8_t c[AES_BLOCK];

				memcpy(c, blk, AES_BLOCK);
				aes128_decrypt(k, blk, blk);
				for (unsigned j = 0; j < AES_BLOCK; j++)
					blk[j] ^= iv[j];
				memcpy(iv, c, AES_BLOCK);
			}
		}
	}
}

void qcow_crypt_warn(const char *filename)
{
	static bool warned;

	if (warned)
		return;
	warned = true;
	/* QEMU: "The qcow format's built-in AES encryption is ... fatally
	 * flawed"; say the same in our words */
	err_report("warning: %s: legacy qcow AES encryption is weak and deprecated "
		   "(no integrity; a wrong key is not detected)", filename);
}
