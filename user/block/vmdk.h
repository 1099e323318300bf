/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMware VMDK ("Virtual Disk Format 1.1"): shared between the driver
 * (vmdk.c: extents, grains) and the text descriptor (vmdk_descriptor.c).
 */
#ifndef RINGVM_BLOCK_VMDK_H
#define RINGVM_BLOCK_VMDK_H

#include <stdbool.h>
#include <stdint.h>

#define VMDK_MAX_EXTENTS	64
#define VMDK_MAX_DESC		(1u << 20)	/* descriptors are a few hundred bytes */

enum vmdk_extent_type { VMDK_FLAT, VMDK_SPARSE, VMDK_ZERO };

/* One extent line of the descriptor (spec section "Extent Descriptions"). */
struct vmdk_extent_desc {
	enum vmdk_extent_type type;
	bool read_only;
	uint64_t sectors;
	uint64_t offset;		/* FLAT: first sector in the file */
	char file[256];
};

struct vmdk_desc {
	uint32_t cid, parent_cid;
	char create_type[64];
	char parent_hint[256];		/* parentFileNameHint, or "" */
	int nr_extents;
	struct vmdk_extent_desc ext[VMDK_MAX_EXTENTS];
};

/* Parse descriptor text (NUL-terminated).  Returns NULL or a static
 * message saying what is wrong. */
const char *vmdk_desc_parse(const char *text, struct vmdk_desc *d);

/* Descriptor text for a new image of @sectors with one extent; malloc'd. */
char *vmdk_desc_format(uint32_t cid, const char *create_type,
		       enum vmdk_extent_type type, const char *extent_file,
		       uint64_t sectors);

#endif
