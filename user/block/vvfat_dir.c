// SPDX-License-Identifier: GPL-2.0-only
/*
 * vvfat: the directory tree.  The host folder is walked once at open time;
 * each directory becomes FAT directory entries in memory (8.3 names with
 * VFAT long-name entries in front), each file a contiguous cluster run,
 * and the FAT is filled with one straight chain per object.
 *
 * References: Microsoft's FAT specification (fatgen103, 2000), sections
 * "FAT Directory Structure", "FAT Long Directory Entries" and "Name
 * Matching / Short Name Generation".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "block/vvfat.h"
#include "core/lib/log.h"

#define DIRENT_SIZE 32
#define ATTR_READ_ONLY 0x01
#define ATTR_VOLUME_ID 0x08
#define ATTR_DIRECTORY 0x10
#define ATTR_ARCHIVE 0x20
#define ATTR_LONG_NAME 0x0f
#define LFN_CHARS 13		/* UCS-2 characters per long-name entry */
#define LFN_MAX 255		/* characters in a long name */
#define LAST_LONG_ENTRY 0x40
#define MAX_DIR_ENTRIES 65536	/* "FAT Directory Structure": 2 MB */
#define MAX_DEPTH 128

/* The volume label, also written in the boot sector. */
const char vvfat_label[11] = "RINGVM FAT ";

struct child {
	char *name;
	struct stat st;
};

/* A growing directory image. */
struct dbuf {
	uint8_t *p;
	size_t len, cap;
};

struct build {
	struct vvfat *v;
	const char *top;	/* the folder given by the user */
};

void vvfat_timestamp(int64_t t, uint16_t *date, uint16_t *time)
{
	time_t tt = (time_t)t;
	struct tm tm;

	/* FAT keeps local time, 1980-01-01 .. 2107-12-31, seconds / 2 */
	if (!localtime_r(&tt, &tm) || tm.tm_year < 80) {
		*date = (1 << 5) | 1;
		*time = 0;
		return;
	}
	if (tm.tm_year > 207) {
		*date = (127 << 9) | (12 << 5) | 31;
		*time = (23 << 11) | (59 << 5) | 29;
		return;
	}
	*date = (uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) |
			   tm.tm_mday);
	*time = (uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) |
			   (tm.tm_sec / 2));
}

static uint8_t *dbuf_entry(struct dbuf *d)
{
	if (d->len + DIRENT_SIZE > d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32 * DIRENT_SIZE;
		uint8_t *p = realloc(d->p, cap);

		if (!p)
			return NULL;
		d->p = p;
		d->cap = cap;
	}
	memset(d->p + d->len, 0, DIRENT_SIZE);
	d->len += DIRENT_SIZE;
	return d->p + d->len - DIRENT_SIZE;
}

/* A short entry: name, attributes and times; the cluster comes later. */
static void fill_short(uint8_t *e, const uint8_t name[11], uint8_t attr,
		       const struct stat *st, uint64_t size)
{
	uint16_t date, time, adate, atime;

	memcpy(e, name, 11);
	e[11] = attr;
	vvfat_timestamp(st->st_mtime, &date, &time);
	vvfat_timestamp(st->st_atime, &adate, &atime);
	/* the host keeps no creation time: the guest sees the mtime */
	e[13] = (uint8_t)((st->st_mtime & 1) * 100);	/* tenths, 0..199 */
	vvfat_put16(e + 14, time);
	vvfat_put16(e + 16, date);
	vvfat_put16(e + 18, adate);
	vvfat_put16(e + 22, time);
	vvfat_put16(e + 24, date);
	vvfat_put32(e + 28, (uint32_t)size);
}

static void set_cluster(uint8_t *e, uint32_t c)
{
	vvfat_put16(e + 20, (uint16_t)(c >> 16));
	vvfat_put16(e + 26, (uint16_t)c);
}

/* Characters a short name may hold besides A-Z and 0-9 ("Short
 * names"); lower case is folded, everything else is lossy. */
static int short_char(unsigned char c, bool *lossy)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 'A';
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c && strchr("$%'-_@~`!(){}^#&", c)))
		return c;
	*lossy = true;
	if (c >= 0x80 && c < 0xc0)	/* UTF-8 continuation: one '_' only */
		return -1;
	return '_';
}

/* The "basis name" of a long name: upper case, invalid characters as
 * '_', leading dots and all spaces dropped, 8 + 3 characters. */
static bool short_basis(const char *name, uint8_t sn[11])
{
	bool lossy = false;
	const char *p = name, *dot;
	int n = 0, c;

	memset(sn, ' ', 11);
	while (*p == '.' || *p == ' ') {
		p++;
		lossy = true;
	}
	dot = strrchr(p, '.');
	for (const char *q = p; *q && q != dot; q++) {
		if (*q == ' ' || *q == '.') {
			lossy = true;
			continue;
		}
		c = short_char((unsigned char)*q, &lossy);
		if (c < 0)
			continue;
		if (n == 8) {
			lossy = true;
			break;
		}
		sn[n++] = (uint8_t)c;
	}
	if (!n) {
		sn[0] = '_';
		lossy = true;
	}
	n = 0;
	for (const char *q = dot ? dot + 1 : ""; *q; q++) {
		if (*q == ' ') {
			lossy = true;
			continue;
		}
		c = short_char((unsigned char)*q, &lossy);
		if (c < 0)
			continue;
		if (n == 3) {
			lossy = true;
			break;
		}
		sn[8 + n++] = (uint8_t)c;
	}
	return lossy;
}

/* The short names taken in one directory: an open-addressing hash set,
 * so a folder of thousands of similar long names stays fast. */
struct names {
	uint8_t (*slot)[11];	/* all zero: empty (no short name is) */
	size_t mask;
};

static int names_init(struct names *t, size_t n)
{
	size_t size = 16;

	while (size < 2 * n + 2)
		size *= 2;
	t->slot = calloc(size, 11);
	t->mask = size - 1;
	return t->slot ? 0 : -ENOMEM;
}

static uint32_t fnv1a(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

/* The slot holding @sn, or the empty slot where it would go. */
static uint8_t *names_slot(const struct names *t, const uint8_t sn[11])
{
	static const uint8_t empty[11];
	size_t i = fnv1a(sn, 11) & t->mask;

	while (memcmp(t->slot[i], empty, 11) && memcmp(t->slot[i], sn, 11))
		i = (i + 1) & t->mask;
	return t->slot[i];
}

static bool names_has(const struct names *t, const uint8_t sn[11])
{
	return !memcmp(names_slot(t, sn), sn, 11);
}

/* "BASE.EXT" as the guest shows a short name without a long one. */
static void short_display(const uint8_t sn[11], char *out)
{
	int n = 0;

	for (int i = 0; i < 8 && sn[i] != ' '; i++)
		out[n++] = (char)sn[i];
	if (sn[8] != ' ') {
		out[n++] = '.';
		for (int i = 8; i < 11 && sn[i] != ' '; i++)
			out[n++] = (char)sn[i];
	}
	out[n] = 0;
}

/* The numeric tail ("Numeric-Tail Generation"): a lossy or duplicate
 * basis name becomes BASIS~1 .. BASIS~4; after that, as Windows does,
 * two characters of it plus four hex digits of a hash of the long name
 * (XY1A2B~1, ...), so that many similar names do not probe ~1 .. ~N each. */
static int short_unique(uint8_t sn[11], bool lossy, const struct names *t,
			const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	uint16_t h = (uint16_t)(fnv1a(name, strlen(name)) % 0xffff);
	uint8_t base[8];
	int blen = 0;

	if (!lossy && !names_has(t, sn))
		return 0;
	memcpy(base, sn, 8);
	while (blen < 8 && base[blen] != ' ')
		blen++;
	for (unsigned k = 1; k < 1000000; k++) {
		unsigned num = k <= 4 ? k : k - 4;
		char tail[9];
		int tlen = snprintf(tail, sizeof(tail), "~%u", num);
		int keep;

		if (k == 5) {
			blen = blen < 2 ? blen : 2;
			for (int i = 0; i < 4; i++)
				base[blen++] = (uint8_t)hex[(h >> (12 - 4 * i)) & 15];
		}
		keep = blen < 8 - tlen ? blen : 8 - tlen;
		memset(sn, ' ', 8);
		memcpy(sn, base, (size_t)keep);
		memcpy(sn + keep, tail, (size_t)tlen);
		if (!names_has(t, sn))
			return 0;
	}
	return -EEXIST;
}

/* UTF-8 to UTF-16 (what VFAT long names hold); a byte that is not valid
 * UTF-8 is taken as Latin-1.  Characters Windows forbids in long names
 * ("Long Directory Entries": \ / : * ? " < > |) become '_'. */
static int to_utf16(const char *s, uint16_t *out, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p) {
		uint32_t c = *p;
		int len = 1;

		if (c >= 0xc0 && c < 0xe0 && (p[1] & 0xc0) == 0x80) {
			c = ((c & 0x1f) << 6) | (p[1] & 0x3f);
			len = 2;
		} else if (c >= 0xe0 && c < 0xf0 && (p[1] & 0xc0) == 0x80 &&
			   (p[2] & 0xc0) == 0x80) {
			c = ((c & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
			len = 3;
		} else if (c >= 0xf0 && c < 0xf5 && (p[1] & 0xc0) == 0x80 &&
			   (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) {
			c = ((c & 0x07) << 18) | ((p[1] & 0x3f) << 12) |
			    ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
			len = 4;
		}
		p += len;
		if (c < 0x20 || (c < 0x80 && strchr("\\/:*?\"<>|", (int)c)))
			c = '_';
		if (c >= 0x10000) {
			if (n + 2 > max)
				return -1;
			c -= 0x10000;
			out[n++] = (uint16_t)(0xd800 | (c >> 10));
			out[n++] = (uint16_t)(0xdc00 | (c & 0x3ff));
		} else {
			if (n + 1 > max)
				return -1;
			out[n++] = (uint16_t)c;
		}
	}
	return n;
}

static uint8_t lfn_checksum(const uint8_t sn[11])
{
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + sn[i]);
	return sum;
}

/* Long-name entries for @name, last part first, then the short entry.
 * Returns the short entry's offset in @d, or -errno. */
static long add_named(struct dbuf *d, const char *dir, const struct child *c,
		      struct names *used)
{
	uint16_t u[LFN_MAX + 1];
	uint8_t sn[11], *e;
	char disp[13];
	bool lossy = short_basis(c->name, sn);
	bool dirp = S_ISDIR(c->st.st_mode);
	int len, parts;

	if (short_unique(sn, lossy, used, c->name)) {
		err_report("vvfat: folder '%s' has too many names like '%s'",
			   dir, c->name);
		return -EEXIST;
	}
	memcpy(names_slot(used, sn), sn, 11);
	short_display(sn, disp);
	if (strcmp(disp, c->name)) {
		len = to_utf16(c->name, u, LFN_MAX);
		if (len < 0) {
			err_report("vvfat: '%s/%s': name longer than FAT's %d characters",
				   dir, c->name, LFN_MAX);
			return -ENAMETOOLONG;
		}
		parts = (len + LFN_CHARS - 1) / LFN_CHARS;
		for (int i = parts; i >= 1; i--) {
			static const uint8_t pos[LFN_CHARS] = {
				1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30
			};

			e = dbuf_entry(d);
			if (!e)
				return -ENOMEM;
			e[0] = (uint8_t)(i | (i == parts ? LAST_LONG_ENTRY : 0));
			e[11] = ATTR_LONG_NAME;
			e[13] = lfn_checksum(sn);
			/* after the name: one 0x0000, then 0xFFFF padding */
			for (int k = 0; k < LFN_CHARS; k++) {
				int idx = (i - 1) * LFN_CHARS + k;
				uint16_t ch = idx < len ? u[idx] :
					      idx == len ? 0 : 0xffff;

				vvfat_put16(e + pos[k], ch);
			}
		}
	}
	e = dbuf_entry(d);
	if (!e)
		return -ENOMEM;
	fill_short(e, sn, dirp ? ATTR_DIRECTORY : ATTR_ARCHIVE, &c->st,
		   dirp ? 0 : (uint64_t)c->st.st_size);
	return (long)(e - d->p);
}

static int child_cmp(const void *a, const void *b)
{
	return strcmp(((const struct child *)a)->name,
		      ((const struct child *)b)->name);
}

static void free_children(struct child *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].name);
	free(c);
}

/* The entries of @path worth showing, sorted by name.  Regular files are
 * opened once here so an unreadable one is named now, not as a guest
 * I/O error later. */
static int scan(const char *path, struct child **out, size_t *nout)
{
	struct child *c = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d = opendir(path);
	int ret = 0;

	if (!d) {
		ret = -errno;
		err_report("vvfat: cannot read folder '%s': %s", path, strerror(errno));
		return ret;
	}
	while ((errno = 0, de = readdir(d))) {
		struct stat st;
		char *full;
		int fd;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (asprintf(&full, "%s/%s", path, de->d_name) < 0) {
			ret = -ENOMEM;
			break;
		}
		if (lstat(full, &st)) {
			ret = -errno;
			err_report("vvfat: cannot read '%s': %s", full, strerror(errno));
			free(full);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			/* links to files show their target; links to folders
			 * are left out, as they may loop */
			if (stat(full, &st) || !S_ISREG(st.st_mode)) {
				free(full);
				continue;
			}
		}
		if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
			free(full);	/* devices, sockets, fifos */
			continue;
		}
		if (S_ISREG(st.st_mode)) {
			if ((uint64_t)st.st_size > 0xffffffffu) {
				err_report("vvfat: '%s' is too big for FAT (4 GiB - 1 at most)",
					   full);
				ret = -EFBIG;
				free(full);
				break;
			}
			fd = open(full, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				ret = -errno;
				err_report("vvfat: cannot read '%s': %s", full,
					   strerror(errno));
				free(full);
				break;
			}
			close(fd);
		}
		free(full);
		if (n == cap) {
			struct child *nc;

			cap = cap ? cap * 2 : 16;
			nc = realloc(c, cap * sizeof(*c));
			if (!nc) {
				ret = -ENOMEM;
				break;
			}
			c = nc;
		}
		c[n].name = strdup(de->d_name);
		if (!c[n].name) {
			ret = -ENOMEM;
			break;
		}
		c[n++].st = st;
	}
	if (!ret && errno) {
		ret = -errno;
		err_report("vvfat: cannot read folder '%s': %s", path, strerror(errno));
	}
	closedir(d);
	if (ret) {
		if (ret == -ENOMEM)
			err_report("vvfat: '%s': %s", path, strerror(ENOMEM));
		free_children(c, n);
		return ret;
	}
	if (n)
		qsort(c, n, sizeof(*c), child_cmp);
	*out = c;
	*nout = n;
	return 0;
}

static struct vvfat_extent *new_extent(struct build *b, const char *what,
				       uint64_t bytes)
{
	struct vvfat *v = b->v;
	uint32_t count = (uint32_t)((bytes + v->cluster_size - 1) / v->cluster_size);
	struct vvfat_extent *x;

	if (!count)
		count = 1;
	if (count > v->nclusters + 2 - v->next_cluster) {
		err_report("vvfat: folder '%s' does not fit in a FAT%d disk of %u KiB "
			   "(no room left for '%s')", b->top, v->fat_type,
			   (unsigned)((uint64_t)v->nclusters * v->cluster_size >> 10),
			   what);
		return NULL;
	}
	if (v->nr_ext == v->ext_cap) {
		size_t cap = v->ext_cap ? v->ext_cap * 2 : 64;
		struct vvfat_extent *ne = realloc(v->ext, cap * sizeof(*ne));

		if (!ne) {
			err_report("vvfat: '%s': %s", b->top, strerror(ENOMEM));
			return NULL;
		}
		v->ext = ne;
		v->ext_cap = cap;
	}
	x = &v->ext[v->nr_ext++];
	memset(x, 0, sizeof(*x));
	x->first = v->next_cluster;
	x->count = count;
	v->next_cluster += count;
	return x;
}

/*
 * Lay out folder @path: its entries, then (depth first) its files and
 * subfolders.  @parent is the cluster ".." names (0 for the root, "FAT
 * Directory Structure": even on FAT32).  *first: the folder's cluster.
 */
static int build_dir(struct build *b, const char *path, const struct stat *self,
		     uint32_t parent, int depth, uint32_t *first)
{
	struct vvfat *v = b->v;
	bool root = depth == 0;
	struct child *c = NULL;
	size_t n = 0;
	struct names used = { 0 };
	long *off = NULL;
	struct dbuf d = { 0 };
	uint8_t *mem, *e;
	uint32_t me = 0;
	int ret;

	if (depth > MAX_DEPTH) {
		err_report("vvfat: '%s': folders nested too deep", path);
		return -ELOOP;
	}
	ret = scan(path, &c, &n);
	if (ret)
		return ret;
	ret = -ENOMEM;
	off = calloc(n + 1, sizeof(*off));
	if (names_init(&used, n) || !off)
		goto oom;
	if (root) {
		if (!(e = dbuf_entry(&d)))
			goto oom;
		fill_short(e, (const uint8_t *)vvfat_label, ATTR_VOLUME_ID, self, 0);
	} else {
		/* "." and "..", then the names ("FAT Directory Structure") */
		if (!(e = dbuf_entry(&d)))
			goto oom;
		fill_short(e, (const uint8_t *)".          ", ATTR_DIRECTORY, self, 0);
		if (!(e = dbuf_entry(&d)))
			goto oom;
		fill_short(e, (const uint8_t *)"..         ", ATTR_DIRECTORY, self, 0);
	}
	for (size_t i = 0; i < n; i++) {
		off[i] = add_named(&d, path, &c[i], &used);
		if (off[i] < 0) {
			ret = (int)off[i];
			if (ret == -ENOMEM)
				goto oom;
			goto out;
		}
	}

	if (root && v->fat_type != 32) {
		if (d.len > (size_t)v->root_entries * DIRENT_SIZE) {
			err_report("vvfat: folder '%s' has too many entries for the "
				   "FAT%d root directory (%zu, at most %u; long names "
				   "take several)", path, v->fat_type,
				   d.len / DIRENT_SIZE, v->root_entries);
			ret = -ENOSPC;
			goto out;
		}
		mem = v->meta + (size_t)(v->reserved + 2 * v->fat_sectors) * 512;
		memcpy(mem, d.p, d.len);
	} else {
		struct vvfat_extent *x;
		size_t bytes;

		if (d.len > (size_t)MAX_DIR_ENTRIES * DIRENT_SIZE) {
			err_report("vvfat: folder '%s' has too many entries (%zu, FAT "
				   "allows %d)", path, d.len / DIRENT_SIZE,
				   MAX_DIR_ENTRIES);
			ret = -ENOSPC;
			goto out;
		}
		x = new_extent(b, path, d.len);
		if (!x) {
			ret = -ENOSPC;
			goto out;
		}
		me = x->first;
		bytes = (size_t)x->count * v->cluster_size;
		mem = calloc(1, bytes);
		if (!mem)
			goto oom;
		memcpy(mem, d.p, d.len);
		x->dir = mem;
	}
	if (!root) {
		set_cluster(mem, me);
		set_cluster(mem + DIRENT_SIZE, parent);
	}
	*first = me;

	for (size_t i = 0; i < n; i++) {
		uint32_t cl = 0;
		char *full;

		if (asprintf(&full, "%s/%s", path, c[i].name) < 0)
			goto oom;
		if (S_ISDIR(c[i].st.st_mode)) {
			ret = build_dir(b, full, &c[i].st, root ? 0 : me,
					depth + 1, &cl);
			free(full);
			if (ret)
				goto out;
		} else if (c[i].st.st_size) {
			struct vvfat_extent *x = new_extent(b, full,
							    (uint64_t)c[i].st.st_size);

			if (!x) {
				free(full);
				ret = -ENOSPC;
				goto out;
			}
			x->path = full;
			x->size = (uint64_t)c[i].st.st_size;
			cl = x->first;
		} else {
			free(full);	/* empty: first cluster 0 (DIR_FstClusLO) */
		}
		set_cluster(mem + off[i], cl);
	}
	ret = 0;
	goto out;
oom:
	ret = -ENOMEM;
	err_report("vvfat: '%s': %s", path, strerror(ENOMEM));
out:
	free(d.p);
	free(used.slot);
	free(off);
	free_children(c, n);
	return ret;
}

static void fat_set(struct vvfat *v, uint32_t n, uint32_t val)
{
	uint8_t *fat = v->meta + (size_t)v->reserved * 512;

	switch (v->fat_type) {
	case 12: {
		/* 12-bit entries packed two in three bytes ("FAT Data Structure") */
		uint8_t *p = fat + n + n / 2;

		if (n & 1) {
			p[0] = (uint8_t)((p[0] & 0x0f) | ((val & 0x0f) << 4));
			p[1] = (uint8_t)(val >> 4);
		} else {
			p[0] = (uint8_t)val;
			p[1] = (uint8_t)((p[1] & 0xf0) | ((val >> 8) & 0x0f));
		}
		break;
	}
	case 16:
		vvfat_put16(fat + n * 2, (uint16_t)val);
		break;
	default:
		vvfat_put32(fat + n * 4, val & 0x0fffffff);
		break;
	}
}

int vvfat_build(struct vvfat *v, const char *dir)
{
	struct build b = { .v = v, .top = dir };
	uint32_t eoc = v->fat_type == 12 ? 0xfff :
		       v->fat_type == 16 ? 0xffff : 0x0fffffff;
	uint8_t *fat = v->meta + (size_t)v->reserved * 512;
	struct stat st;
	uint32_t root;
	int ret;

	if (stat(dir, &st)) {
		err_report("vvfat: cannot open folder '%s': %s", dir, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		err_report("vvfat: '%s' is not a folder", dir);
		return -ENOTDIR;
	}
	v->next_cluster = 2;
	ret = build_dir(&b, dir, &st, 0, 0, &root);
	if (ret)
		return ret;
	/* entry 0: the media byte; entry 1: end of chain, "clean" ("FAT Data Structure") */
	fat_set(v, 0, 0x0fffff00 | v->media);
	fat_set(v, 1, eoc);
	for (size_t i = 0; i < v->nr_ext; i++) {
		const struct vvfat_extent *x = &v->ext[i];

		for (uint32_t k = 0; k + 1 < x->count; k++)
			fat_set(v, x->first + k, x->first + k + 1);
		fat_set(v, x->first + x->count - 1, eoc);
	}
	memcpy(fat + (size_t)v->fat_sectors * 512, fat,
	       (size_t)v->fat_sectors * 512);
	return 0;
}

void vvfat_free_tree(struct vvfat *v)
{
	for (size_t i = 0; i < v->nr_ext; i++) {
		free(v->ext[i].dir);
		free(v->ext[i].path);
	}
	free(v->ext);
	v->ext = NULL;
	v->nr_ext = v->ext_cap = 0;
}
