// SPDX-License-Identifier: GPL-2.0-only
/*
 * AES-128 against FIPS-197's known answers (Appendix A.1 key expansion,
 * Appendix B cipher example, Appendix C.1 example vectors) and the
 * legacy qcow sector cipher: a CBC round trip, its IV taken from the
 * sector number, and one block computed by hand from the definition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "block/aes.h"

static void hex(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

static void known_answer(const char *key, const char *pt, const char *ct)
{
	uint8_t k[16], p[16], c[16], out[16];
	struct aes_key ek;

	hex(key, k, 16);
	hex(pt, p, 16);
	hex(ct, c, 16);
	aes128_set_key(&ek, k);
	aes128_encrypt(&ek, p, out);
	assert_memory_equal(out, c, 16);
	aes128_decrypt(&ek, c, out);
	assert_memory_equal(out, p, 16);
	/* in place, as the sector cipher uses it */
	memcpy(out, p, 16);
	aes128_encrypt(&ek, out, out);
	assert_memory_equal(out, c, 16);
}

/* Appendix C.1: AES-128 (Nk=4, Nr=10) */
static void test_fips197_c1(void **state)
{
	known_answer("000102030405060708090a0b0c0d0e0f",
		     "00112233445566778899aabbccddeeff",
		     "69c4e0d86a7b0430d8cdb78070b4c55a");
}

/* Appendix B: the cipher example */
static void test_fips197_b(void **state)
{
	known_answer("2b7e151628aed2a6abf7158809cf4f3c",
		     "3243f6a8885a308d313198a2e0370734",
		     "3925841d02dc09fbdc118597196a0b32");
}

/* Appendix A.1: first derived word and the last round key */
static void test_key_expansion(void **state)
{
	uint8_t k[16], w4[4], last[16];
	struct aes_key ek;

	hex("2b7e151628aed2a6abf7158809cf4f3c", k, 16);
	hex("a0fafe17", w4, 4);
	hex("d014f9a8c9ee2589e13f0cc8b6630ca6", last, 16);
	aes128_set_key(&ek, k);
	assert_memory_equal(ek.rk[1], w4, 4);
	assert_memory_equal(ek.rk[10], last, 16);
}

static void pattern(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + (i >> 9) * 13);
}

static void test_sector_round_trip(void **state)
{
	uint8_t orig[4 * 512], buf[4 * 512];
	struct aes_key k;

	pattern(orig, sizeof(orig));
	memcpy(buf, orig, sizeof(buf));
	qcow_crypt_set_password(&k, "secret");
	qcow_crypt_sectors(&k, 1000, buf, 4, true);
	assert_memory_not_equal(buf, orig, 512);
	qcow_crypt_sectors(&k, 1000, buf, 4, false);
	assert_memory_equal(buf, orig, sizeof(buf));
	/* sectors are independent: decrypting the third alone works */
	qcow_crypt_sectors(&k, 1000, buf, 4, true);
	qcow_crypt_sectors(&k, 1002, buf + 1024, 1, false);
	assert_memory_equal(buf + 1024, orig + 1024, 512);
}

/* The same plaintext at two sector numbers encrypts differently, and a
 * wrong key decrypts to garbage without any error: legacy AES has no
 * way to detect it. */
static void test_iv_and_wrong_key(void **state)
{
	uint8_t a[512] = { 0 }, b[512] = { 0 }, z[512] = { 0 };
	struct aes_key k, bad;

	qcow_crypt_set_password(&k, "secret");
	qcow_crypt_set_password(&bad, "secreT");
	qcow_crypt_sectors(&k, 7, a, 1, true);
	qcow_crypt_sectors(&k, 8, b, 1, true);
	assert_memory_not_equal(a, b, 512);
	qcow_crypt_sectors(&bad, 7, a, 1, false);
	assert_memory_not_equal(a, z, 512);
}

/* First block of sector 0x0102 by the definition: E(P0 xor IV) with
 * IV = 02 01 00 .. 00 (little-endian sector number) and the key being
 * the password zero-padded; passwords are cut at 16 bytes. */
static void test_iv_and_key_layout(void **state)
{
	uint8_t sec[512], blk[16], key[16] = "pw";
	struct aes_key k, k2;

	pattern(sec, sizeof(sec));
	memcpy(blk, sec, 16);
	blk[0] ^= 0x02;
	blk[1] ^= 0x01;
	aes128_set_key(&k, key);
	aes128_encrypt(&k, blk, blk);
	qcow_crypt_set_password(&k2, "pw");
	qcow_crypt_sectors(&k2, 0x0102, sec, 1, true);
	assert_memory_equal(sec, blk, 16);

	qcow_crypt_set_password(&k, "0123456789abcdef");
	qcow_crypt_set_password(&k2, "0123456789abcdefIGNORED");
	assert_memory_equal(&k, &k2, sizeof(k));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips197_c1),
		cmocka_unit_test(test_fips197_b),
		cmocka_unit_test(test_key_expansion),
		cmocka_unit_test(test_sector_round_trip),
		cmocka_unit_test(test_iv_and_wrong_key),
		cmocka_unit_test(test_iv_and_key_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
