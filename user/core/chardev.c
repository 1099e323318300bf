// SPDX-License-Identifier: GPL-2.0-only
/* Character device backends; see chardev.h. */
#include "chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

int chardev_open(struct chardev *c, const char *spec)
{
	memset(c, 0, sizeof(*c));
	c->spec = spec;
	c->in_fd = -1;
	c->out_fd = -1;
	if (!strcmp(spec, "stdio")) {
		c->in_fd = 0;
		c->out_fd = 1;
		return 0;
	}
	if (!strcmp(spec, "null") || !strcmp(spec, "none"))
		return 0;
	if (!strncmp(spec, "file:", 5)) {
		c->out_fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		return c->out_fd < 0 ? -errno : 0;
	}
	return -EINVAL;
}

void chardev_write(struct chardev *c, const uint8_t *buf, size_t len)
{
	while (c->out_fd >= 0 && len) {
		ssize_t n = write(c->out_fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;	/* a closed console loses output, not the VM */
		buf += n;
		len -= (size_t)n;
	}
}

void chardev_poll_input(struct chardev *c)
{
	struct pollfd p = { .fd = c->in_fd, .events = POLLIN };
	uint8_t buf[64];
	ssize_t n;

	if (c->in_fd < 0 || !c->receive)
		return;
	if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN))
		return;
	n = read(c->in_fd, buf, sizeof(buf));
	if (n <= 0) {
		c->in_fd = -1;	/* end of input */
		return;
	}
	c->receive(c->opaque, buf, (size_t)n);
}

void chardev_close(struct chardev *c)
{
	if (c->out_fd > 2)
		close(c->out_fd);
	c->out_fd = -1;
	c->in_fd = -1;
}
