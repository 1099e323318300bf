/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AES-128 (FIPS-197) and the sector cipher of QEMU's legacy qcow/qcow2
 * encryption (crypt_method 1): AES-128-CBC over each 512-byte sector,
 * the IV being the sector number as a little-endian 64-bit value padded
 * with zeros ("plain64"), the key the password's bytes, zero-padded or
 * cut to 16.  The scheme is weak (no integrity, a predictable IV, a
 * password used directly as the key) and cannot tell a wrong key from
 * the right one; it is here to read and write old images.
 */
#ifndef RINGVM_BLOCK_AES_H
#define RINGVM_BLOCK_AES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AES_BLOCK 16
#define AES128_KEY 16
#define AES128_ROUNDS 10

/* The expanded key: Nr + 1 round keys of 16 bytes (FIPS-197 5.2). */
struct aes_key {
	uint8_t rk[AES128_ROUNDS + 1][AES_BLOCK];
};

void aes128_set_key(struct aes_key *k, const uint8_t key[AES128_KEY]);
/* One block; @in and @out may be the same buffer. */
void aes128_encrypt(const struct aes_key *k, const uint8_t in[AES_BLOCK],
		    uint8_t out[AES_BLOCK]);
void aes128_decrypt(const struct aes_key *k, const uint8_t in[AES_BLOCK],
		    uint8_t out[AES_BLOCK]);

/* The qcow key from a password string (QEMU: zero-padded, truncated). */
void qcow_crypt_set_password(struct aes_key *k, const char *password);

#define QCOW_CRYPT_SECTOR 512

/*
 * En- or decrypt @nsectors 512-byte sectors in place; the first is
 * sector @first_sector of the guest disk (the IV is derived from it:
 * qcow and qcow2 number sectors by guest offset, not file offset).
 */
void qcow_crypt_sectors(const struct aes_key *k, uint64_t first_sector,
			uint8_t *buf, size_t nsectors, bool encrypt);

/*
 * The key for opening @filename: from @key (the password; NULL if none
 * was given), else typed on the terminal when stdin is one.  Reports
 * "FILE is encrypted: give its key with encrypt.key-secret=" and returns
 * -EACCES when there is no key; prints the weakness warning otherwise.
 */
int qcow_crypt_get_key(const char *filename, const char *key, struct aes_key *k);

/* The warning QEMU prints about this scheme, once per process. */
void qcow_crypt_warn(const char *filename);

#endif
