/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ringvm-img's side of encrypted images, with qemu-img's syntax:
 * --object secret,id=ID,data=|file=, --image-opts
 * driver=qcow2,file.filename=F,encrypt.key-secret=ID, and the create
 * options encryption=on, encrypt.format=aes, encrypt.key-secret=ID.
 */
#ifndef RINGVM_BLOCK_TOOLS_IMG_CRYPT_H
#define RINGVM_BLOCK_TOOLS_IMG_CRYPT_H

#include "block/block.h"

/* Take --object and --image-opts out of argv (any place after the
 * command); 0, or -1 after reporting a bad secret. */
int img_crypt_args(int *argc, char **argv);

/*
 * An image argument: with --image-opts a key=value list, else a file
 * name.  Sets *file, *fmt (unchanged if not given) and *key (NULL if
 * none); *keep owns the strings.  0, or -1 after reporting.
 */
int img_crypt_spec(const char *spec, const char **file, const char **fmt,
		   const char **key, char **keep);

/* One create option: 1 if it was an encryption option (taken), 0 if
 * not one, -1 after reporting a bad value. */
int img_crypt_create_opt(const char *k, const char *v,
			 struct block_create_opts *co);

/* After all -o: encryption needs a key, as qemu-img says. */
int img_crypt_create_check(const struct block_create_opts *co);

#endif
