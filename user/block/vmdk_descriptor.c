// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMDK text descriptor ("Virtual Disk Format 1.1", section "The
 * Descriptor File"): key=value lines (CID, parentCID, createType,
 * parentFileNameHint), extent lines "ACCESS SECTORS TYPE "FILE" [OFFSET]",
 * and the disk database (ddb.*) that we write but do not need to read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block/vmdk.h"

/* Copy the value of `key="value"` or `key=value` (spaces allowed). */
static void vmdk_desc_value(const char *v, char *out, size_t outlen)
{
	size_t n = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	if (*v == '"')
		v++;
	while (*v && *v != '"' && *v != '\n' && *v != '\r' && n + 1 < outlen)
		out[n++] = *v++;
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = 0;
}

static const char *vmdk_desc_extent(const char *line, struct vmdk_desc *d)
{
	struct vmdk_extent_desc *e;
	char access[16], type[16];
	unsigned long long sectors, offset = 0;
	const char *q, *q2;
	int used = 0;

	if (sscanf(line, "%15s %llu %15s %n", access, &sectors, type, &used) < 3)
		return "malformed extent line in the descriptor";
	if (d->nr_extents == VMDK_MAX_EXTENTS)
		return "too many extents in the descriptor";
	e = &d->ext[d->nr_extents];
	memset(e, 0, sizeof(*e));
	if (!strcmp(access, "RDONLY") || !strcmp(access, "NOACCESS"))
		e->read_only = true;
	else if (strcmp(access, "RW"))
		return "unknown extent access mode in the descriptor";
	if (!strcmp(type, "FLAT") || !strcmp(type, "VMFS"))
		e->type = VMDK_FLAT;
	else if (!strcmp(type, "SPARSE") || !strcmp(type, "VMFSSPARSE"))
		e->type = VMDK_SPARSE;
	else if (!strcmp(type, "ZERO"))
		e->type = VMDK_ZERO;
	else
		return "unsupported extent type in the descriptor";
	if (!sectors || sectors > (1ull << 47))
		return "absurd extent size in the descriptor";
	e->sectors = sectors;
	if (e->type != VMDK_ZERO) {
		q = strchr(line + used, '"');
		q2 = q ? strchr(q + 1, '"') : NULL;
		if (!q2 || q2 == q + 1 || (size_t)(q2 - q - 1) >= sizeof(e->file))
			return "extent line without a file name in the descriptor";
		memcpy(e->file, q + 1, (size_t)(q2 - q - 1));
		if (sscanf(q2 + 1, "%llu", &offset) == 1)
			e->offset = offset;
	}
	d->nr_extents++;
	return NULL;
}

const char *vmdk_desc_parse(const char *text, struct vmdk_desc *d)
{
	const char *line = text, *err;
	char val[256];

	memset(d, 0, sizeof(*d));
	d->parent_cid = 0xffffffffu;
	while (*line) {
		const char *end = strchr(line, '\n');

		while (*line == ' ' || *line == '\t')
			line++;
		if (!strncmp(line, "RW ", 3) || !strncmp(line, "RDONLY ", 7) ||
		    !strncmp(line, "NOACCESS ", 9)) {
			err = vmdk_desc_extent(line, d);
			if (err)
				return err;
		} else if (!strncmp(line, "CID=", 4)) {
			vmdk_desc_value(line + 4, val, sizeof(val));
			d->cid = (uint32_t)strtoul(val, NULL, 16);
		} else if (!strncmp(line, "parentCID=", 10)) {
			vmdk_desc_value(line + 10, val, sizeof(val));
			d->parent_cid = (uint32_t)strtoul(val, NULL, 16);
		} else if (!strncmp(line, "createType=", 11)) {
			vmdk_desc_value(line + 11, d->create_type,
					sizeof(d->create_type));
		} else if (!strncmp(line, "parentFileNameHint=", 19)) {
			vmdk_desc_value(line + 19, d->parent_hint,
					sizeof(d->parent_hint));
		}
		if (!end)
			break;
		line = end + 1;
	}
	if (!d->nr_extents)
		return "no extents in the descriptor";
	return NULL;
}

char *vmdk_desc_format(uint32_t cid, const char *create_type,
		       enum vmdk_extent_type type, const char *extent_file,
		       uint64_t sectors)
{
	/* a CHS geometry for old guests (spec "ddb.geometry"): 16 heads,
	 * 63 sectors, cylinders capped as ATA does */
	uint64_t cyl = sectors / (16 * 63);
	char *out = NULL;

	if (cyl > 16383)
		cyl = 16383;
	if (asprintf(&out,
		     "# Disk DescriptorFile\n"
		     "version=1\n"
		     "CID=%08" PRIx32 "\n"
		     "parentCID=ffffffff\n"
		     "createType=\"%s\"\n"
		     "\n"
		     "# Extent description\n"
		     "RW %" PRIu64 " %s \"%s\"%s\n"
		     "\n"
		     "# The Disk Data Base\n"
		     "#DDB\n"
		     "\n"
		     "ddb.virtualHWVersion = \"4\"\n"
		     "ddb.geometry.cylinders = \"%" PRIu64 "\"\n"
		     "ddb.geometry.heads = \"16\"\n"
		     "ddb.geometry.sectors = \"63\"\n"
		     "ddb.adapterType = \"ide\"\n",
		     cid, create_type, sectors,
		     type == VMDK_FLAT ? "FLAT" : "SPARSE", extent_file,
		     type == VMDK_FLAT ? " 0" : "", cyl) < 0)
		return NULL;
	return out;
}
