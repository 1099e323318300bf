// SPDX-License-Identifier: GPL-2.0-only
/*
 * The file-like backends, QEMU's semantics:
 *   null       output discarded, no input
 *   file:PATH  output to PATH (created or truncated), no input
 *   pipe:PATH  input from PATH.in and output to PATH.out when both exist,
 *              else PATH both ways (a FIFO, typically)
 *   /dev/TTY   a host serial line or terminal, in raw mode
 *
 * FIFOs are opened read-write: an O_RDONLY or O_WRONLY open would block
 * until the other side appears, and a FIFO held open by ourselves never
 * reports end of file when a writer comes and goes.
 */
#include "chardev_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct chardev_fdpair {
	struct chardev c;
	int fd_in, fd_out;	/* owned; may be the same fd */
	bool tty_saved;
	struct termios tty;
};

static void fdpair_close(struct chardev *c)
{
	struct chardev_fdpair *p = (struct chardev_fdpair *)c;

	if (p->tty_saved)
		tcsetattr(p->fd_out, TCSANOW, &p->tty);
	if (p->fd_in >= 0)
		close(p->fd_in);
	if (p->fd_out >= 0 && p->fd_out != p->fd_in)
		close(p->fd_out);
}

static const struct chardev_ops null_ops = { .kind = "null" };
static const struct chardev_ops file_ops = { .kind = "file", .close = fdpair_close };
static const struct chardev_ops pipe_ops = { .kind = "pipe", .close = fdpair_close };
static const struct chardev_ops tty_ops = { .kind = "tty", .close = fdpair_close };

static struct chardev_fdpair *fdpair_new(const struct chardev_ops *ops,
					 const struct chardev_req *r)
{
	struct chardev_fdpair *p = chardev_alloc(sizeof(*p), ops, r);

	if (p) {
		p->fd_in = -1;
		p->fd_out = -1;
		p->c.connected = true;
	}
	return p;
}

static int fdpair_finish(struct chardev_fdpair *p, struct chardev **out)
{
	chardev_set_fds(&p->c, p->fd_in, p->fd_out);
	*out = &p->c;
	return 0;
}

int chardev_null_open(const struct chardev_req *r, struct chardev **out)
{
	struct chardev *c = chardev_alloc(sizeof(*c), &null_ops, r);

	if (!c)
		return chardev_fail(r, -ENOMEM, "out of memory");
	c->connected = true;
	*out = c;
	return 0;
}

int chardev_file_open(const struct chardev_req *r, struct chardev **out)
{
	struct chardev_fdpair *p;
	int fd, ret;

	if (!*r->arg)
		return chardev_fail(r, -EINVAL, "missing file name");
	fd = open(r->arg, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return chardev_fail(r, -errno, "%s", strerror(errno));
	p = fdpair_new(&file_ops, r);
	if (!p) {
		close(fd);
		return chardev_fail(r, -ENOMEM, "out of memory");
	}
	p->fd_out = fd;
	ret = fdpair_finish(p, out);
	return ret;
}

static int pipe_open_one(const char *path)
{
	return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
}

int chardev_pipe_open(const struct chardev_req *r, struct chardev **out)
{
	struct chardev_fdpair *p;
	char *in_path = NULL, *out_path = NULL;
	int fd_in = -1, fd_out = -1, err;

	if (!*r->arg)
		return chardev_fail(r, -EINVAL, "missing pipe name");
	if (asprintf(&in_path, "%s.in", r->arg) < 0 ||
	    asprintf(&out_path, "%s.out", r->arg) < 0) {
		free(in_path);
		return chardev_fail(r, -ENOMEM, "out of memory");
	}
	fd_in = pipe_open_one(in_path);
	fd_out = fd_in >= 0 ? pipe_open_one(out_path) : -1;
	free(in_path);
	free(out_path);
	if (fd_in < 0 || fd_out < 0) {
		if (fd_in >= 0)
			close(fd_in);
		fd_in = fd_out = pipe_open_one(r->arg);
		if (fd_in < 0) {
			err = errno;
			return chardev_fail(r, -err, "%s", strerror(err));
		}
	}
	p = fdpair_new(&pipe_ops, r);
	if (!p) {
		close(fd_in);
		if (fd_out != fd_in)
			close(fd_out);
		return chardev_fail(r, -ENOMEM, "out of memory");
	}
	p->fd_in = fd_in;
	p->fd_out = fd_out;
	return fdpair_finish(p, out);
}

int chardev_tty_open(const struct chardev_req *r, struct chardev **out)
{
	struct chardev_fdpair *p;
	int fd, err;

	fd = open(r->arg, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return chardev_fail(r, -errno, "%s", strerror(errno));
	p = fdpair_new(&tty_ops, r);
	if (!p) {
		close(fd);
		return chardev_fail(r, -ENOMEM, "out of memory");
	}
	p->fd_in = p->fd_out = fd;
	if (isatty(fd) && !tcgetattr(fd, &p->tty)) {
		/* the guest's UART owns the line: no host processing */
		err = chardev_tty_raw(fd, false, false);
		if (err) {
			close(fd);
			chardev_free(&p->c);
			return chardev_fail(r, err, "%s", strerror(-err));
		}
		p->tty_saved = true;
	}
	return fdpair_finish(p, out);
}
