// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sockets, QEMU's semantics:
 *   tcp:[HOST]:PORT[,server][,nowait][,nodelay]
 *   telnet:[HOST]:PORT[,server][,nowait][,nodelay]
 *   unix:PATH[,server][,nowait]
 * (server=on|off, wait=on|off and nodelay=on|off, the modern spellings,
 * are understood too).
 *
 * A client connects once, at startup; when the peer leaves, output is
 * dropped.  A server listens; without nowait it waits for the first client
 * before the machine starts (so no boot message is lost), printing where it
 * waits.  One client at a time: when it leaves, the next is accepted.
 *
 * telnet is tcp with the telnet protocol (RFC 854): on connection we offer
 * to echo and to suppress go-ahead (RFC 857, RFC 858), which puts telnet
 * clients in character-at-a-time mode without local echo; commands are
 * stripped from input, a BRK becomes a break for the frontend, a doubled
 * 0xff is one data byte and so is our output's 0xff doubled, and the NUL
 * that RFC 854 puts after a bare CR is removed.
 */
#include "chardev_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/event.h"

/* RFC 854 command codes, RFC 857/858 options */
#define TN_SE	240
#define TN_BRK	243
#define TN_SB	250
#define TN_WILL	251
#define TN_DONT	254
#define TN_IAC	255
#define TN_OPT_ECHO	1
#define TN_OPT_SGA	3

enum tn_state { TN_DATA, TN_CMD, TN_OPTION, TN_SUB, TN_SUB_IAC };

struct chardev_socket {
	struct chardev c;
	bool is_unix, telnet, server, wait, nodelay;
	int listen_fd;
	int fd;				/* the connected peer, or -1 */
	struct event_watch *listen_watch;
	char *unix_path;		/* a server's socket, removed on close */
	enum tn_state tn;
	bool tn_cr;			/* the last data byte was CR */
};

struct socket_spec {
	char host[256];
	char port[16];
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	bool server, wait, nodelay;
};

/* --- parsing -------------------------------------------------------------- */

static int socket_flag(const char *opt, const char *name, bool *val)
{
	size_t n = strlen(name);

	if (strncmp(opt, name, n))
		return 0;
	if (!opt[n]) {
		*val = true;
		return 1;
	}
	if (!strcmp(opt + n, "=on")) {
		*val = true;
		return 1;
	}
	if (!strcmp(opt + n, "=off")) {
		*val = false;
		return 1;
	}
	return 0;
}

/* The options after the address: ",server,nowait,nodelay". */
static int socket_parse_opts(const struct chardev_req *r, const char *opts,
			     struct socket_spec *s, bool inet)
{
	char buf[64];

	s->wait = true;
	while (opts && *opts) {
		const char *end = strchr(opts, ',');
		size_t n = end ? (size_t)(end - opts) : strlen(opts);

		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, opts, n);
		buf[n] = '\0';
		if (!strcmp(buf, "nowait"))
			s->wait = false;
		else if (!socket_flag(buf, "server", &s->server) &&
			 !socket_flag(buf, "wait", &s->wait) &&
			 !(inet && socket_flag(buf, "nodelay", &s->nodelay)))
			return chardev_fail(r, -EINVAL, "unknown option '%s'", buf);
		opts = end ? end + 1 : NULL;
	}
	return 0;
}

static int socket_parse_inet(const struct chardev_req *r, struct socket_spec *s)
{
	const char *arg = r->arg, *comma = strchr(arg, ','), *colon, *host;
	size_t addr_len = comma ? (size_t)(comma - arg) : strlen(arg);
	size_t host_len, port_len;
	char *end;
	long port;

	if (arg[0] == '[') {
		/* [v6 address]:port */
		const char *close = memchr(arg, ']', addr_len);

		if (!close || close[1] != ':')
			return chardev_fail(r, -EINVAL, "bad address");
		host = arg + 1;
		host_len = (size_t)(close - host);
		colon = close + 1;
	} else {
		colon = NULL;
		for (host = arg; host < arg + addr_len; host++)
			if (*host == ':')
				colon = host;
		host = arg;
		if (!colon)
			return chardev_fail(r, -EINVAL, "bad port");
		host_len = (size_t)(colon - arg);
	}
	port_len = addr_len - (size_t)(colon + 1 - arg);
	if (!port_len || port_len >= sizeof(s->port) || host_len >= sizeof(s->host))
		return chardev_fail(r, -EINVAL, port_len ? "bad address" : "bad port");
	memcpy(s->host, host, host_len);
	s->host[host_len] = '\0';
	memcpy(s->port, colon + 1, port_len);
	s->port[port_len] = '\0';
	errno = 0;
	port = strtol(s->port, &end, 10);
	if (*end || errno || port < 0 || port > 65535 || s->port[0] == '-' ||
	    s->port[0] == '+')
		return chardev_fail(r, -EINVAL, "bad port");
	if (socket_parse_opts(r, comma ? comma + 1 : NULL, s, true))
		return -EINVAL;
	if (!port && !s->server)
		return chardev_fail(r, -EINVAL, "bad port");
	return 0;
}

static int socket_parse_unix(const struct chardev_req *r, struct socket_spec *s)
{
	const char *comma = strchr(r->arg, ',');
	size_t len = comma ? (size_t)(comma - r->arg) : strlen(r->arg);

	if (!len)
		return chardev_fail(r, -EINVAL, "missing socket path");
	if (len >= sizeof(s->path))
		return chardev_fail(r, -ENAMETOOLONG, "socket path longer than %zu bytes",
				    sizeof(s->path) - 1);
	memcpy(s->path, r->arg, len);
	s->path[len] = '\0';
	return socket_parse_opts(r, comma ? comma + 1 : NULL, s, false);
}

/* --- connection ----------------------------------------------------------- */

static void socket_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void socket_connected(struct chardev_socket *s, int fd)
{
	static const uint8_t tn_offer[] = {
		TN_IAC, TN_WILL, TN_OPT_ECHO,
		TN_IAC, TN_WILL, TN_OPT_SGA,
	};
	int one = 1;

	socket_set_nonblock(fd);
	if (s->nodelay)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	s->fd = fd;
	s->tn = TN_DATA;
	s->tn_cr = false;
	s->c.connected = true;
	chardev_set_fds(&s->c, fd, fd);
	if (s->telnet)
		chardev_fd_write(&s->c, tn_offer, sizeof(tn_offer));
	chardev_send_event(&s->c, CHARDEV_EVENT_OPENED);
}

static void socket_disconnect(struct chardev_socket *s, bool tell)
{
	if (s->fd < 0)
		return;
	chardev_set_fds(&s->c, -1, -1);
	close(s->fd);
	s->fd = -1;
	s->c.connected = false;
	if (tell)
		chardev_send_event(&s->c, CHARDEV_EVENT_CLOSED);
}

static void socket_hangup(struct chardev *c, bool output)
{
	socket_disconnect((struct chardev_socket *)c, true);
}

static bool socket_want_accept(void *opaque)
{
	struct chardev_socket *s = opaque;

	return s->fd < 0;
}

static void socket_accept(void *opaque)
{
	struct chardev_socket *s = opaque;
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd >= 0)
		socket_connected(s, fd);
}

static const struct event_fd_ops socket_listen_ops = {
	.want_read = socket_want_accept,
	.read = socket_accept,
};

/* --- telnet --------------------------------------------------------------- */

static void telnet_input(struct chardev *c, uint8_t *buf, size_t len)
{
	struct chardev_socket *s = (struct chardev_socket *)c;
	size_t i, n = 0;

	/* data bytes are compacted in place; a break is passed on in order,
	 * after the data before it */
	for (i = 0; i < len; i++) {
		uint8_t b = buf[i];

		switch (s->tn) {
		case TN_DATA:
			if (b == TN_IAC) {
				s->tn = TN_CMD;
			} else if (b == 0 && s->tn_cr) {
				s->tn_cr = false;
			} else {
				buf[n++] = b;
				s->tn_cr = b == '\r';
			}
			break;
		case TN_CMD:
			s->tn = TN_DATA;
			if (b == TN_IAC) {
				buf[n++] = b;
				s->tn_cr = false;
			} else if (b >= TN_WILL && b <= TN_DONT) {
				s->tn = TN_OPTION;
			} else if (b == TN_SB) {
				s->tn = TN_SUB;
			} else if (b == TN_BRK) {
				chardev_deliver(c, buf, n);
				n = 0;
				chardev_send_event(c, CHARDEV_EVENT_BREAK);
			}
			break;
		case TN_OPTION:
			s->tn = TN_DATA;	/* the option byte: ignored */
			break;
		case TN_SUB:
			if (b == TN_IAC)
				s->tn = TN_SUB_IAC;
			break;
		case TN_SUB_IAC:
			s->tn = b == TN_SE ? TN_DATA : TN_SUB;
			break;
		}
	}
	chardev_deliver(c, buf, n);
}

static size_t telnet_write(struct chardev *c, const uint8_t *buf, size_t len)
{
	static const uint8_t iac = TN_IAC;
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (buf[i] != TN_IAC)
			continue;
		/* up to and including this 0xff, then one more */
		chardev_fd_write(c, buf + start, i + 1 - start);
		chardev_fd_write(c, &iac, 1);
		start = i + 1;
	}
	chardev_fd_write(c, buf + start, len - start);
	return len;
}

/* --- opening -------------------------------------------------------------- */

static void socket_close(struct chardev *c)
{
	struct chardev_socket *s = (struct chardev_socket *)c;

	socket_disconnect(s, false);
	event_watch_del(s->listen_watch);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	if (s->unix_path)
		unlink(s->unix_path);
	free(s->unix_path);
}

static const struct chardev_ops tcp_ops = {
	.kind = "tcp",
	.hangup = socket_hangup,
	.close = socket_close,
};

static const struct chardev_ops telnet_ops = {
	.kind = "telnet",
	.write = telnet_write,
	.input = telnet_input,
	.hangup = socket_hangup,
	.close = socket_close,
};

static const struct chardev_ops unix_ops = {
	.kind = "unix",
	.hangup = socket_hangup,
	.close = socket_close,
};

/* "127.0.0.1:4444" or "[::1]:4444" */
static void socket_format_addr(const struct sockaddr *sa, socklen_t len,
			       char *buf, size_t size)
{
	char host[NI_MAXHOST], port[NI_MAXSERV];

	if (getnameinfo(sa, len, host, sizeof(host), port, sizeof(port),
			NI_NUMERICHOST | NI_NUMERICSERV)) {
		snprintf(buf, size, "?");
		return;
	}
	snprintf(buf, size, sa->sa_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
		 host, port);
}

static int socket_open_inet(const struct chardev_req *r, struct socket_spec *sp,
			    struct chardev_socket *s, char *addr, size_t addrlen)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICSERV | (sp->server ? AI_PASSIVE : 0),
	}, *res, *ai;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd = -1, err = 0, one = 1, gai;

	gai = getaddrinfo(sp->host[0] ? sp->host : NULL, sp->port, &hints, &res);
	if (gai)
		return chardev_fail(r, -EINVAL, "cannot resolve '%s': %s",
				    sp->host, gai_strerror(gai));
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (sp->server) {
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			if (!bind(fd, ai->ai_addr, ai->ai_addrlen) && !listen(fd, 1))
				break;
		} else {
			if (!connect(fd, ai->ai_addr, ai->ai_addrlen))
				break;
		}
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return chardev_fail(r, -err, "cannot %s %s:%s: %s",
				    sp->server ? "listen on" : "connect to",
				    sp->host, sp->port, strerror(err));
	if (sp->server) {
		getsockname(fd, (struct sockaddr *)&ss, &sl);
		s->listen_fd = fd;
	} else {
		getpeername(fd, (struct sockaddr *)&ss, &sl);
		s->fd = fd;
	}
	socket_format_addr((struct sockaddr *)&ss, sl, addr, addrlen);
	return 0;
}

static int socket_open_unix(const struct chardev_req *r, struct socket_spec *sp,
			    struct chardev_socket *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, err;

	memcpy(sa.sun_path, sp->path, strlen(sp->path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return chardev_fail(r, -errno, "%s", strerror(errno));
	if (sp->server) {
		/* a socket left by an earlier run is ours to replace;
		 * anything else at that path is not */
		if (!lstat(sp->path, &st) && S_ISSOCK(st.st_mode))
			unlink(sp->path);
		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1))
			goto fail;
		s->listen_fd = fd;
		s->unix_path = strdup(sp->path);
	} else {
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			goto fail;
		s->fd = fd;
	}
	return 0;
fail:
	err = errno;
	close(fd);
	return chardev_fail(r, -err, "cannot %s %s: %s",
			    sp->server ? "listen on" : "connect to", sp->path,
			    strerror(err));
}

static int socket_open(const struct chardev_req *r, struct chardev **out,
		       const struct chardev_ops *ops)
{
	struct socket_spec sp = { 0 };
	struct chardev_socket *s;
	char addr[NI_MAXHOST + NI_MAXSERV + 4] = "?";
	bool is_unix = ops == &unix_ops;
	int ret, fd;

	ret = is_unix ? socket_parse_unix(r, &sp) : socket_parse_inet(r, &sp);
	if (ret)
		return ret;
	s = chardev_alloc(sizeof(*s), ops, r);
	if (!s)
		return chardev_fail(r, -ENOMEM, "out of memory");
	s->is_unix = is_unix;
	s->telnet = ops == &telnet_ops;
	s->server = sp.server;
	s->wait = sp.wait;
	s->nodelay = sp.nodelay;
	s->listen_fd = -1;
	s->fd = -1;
	if (is_unix)
		ret = socket_open_unix(r, &sp, s);
	else
		ret = socket_open_inet(r, &sp, s, addr, sizeof(addr));
	if (ret) {
		chardev_free(&s->c);
		return ret;
	}
	chardev_set_filename(&s->c, "%s:%s%s", ops->kind,
			     is_unix ? sp.path : addr, sp.server ? ",server" : "");
	if (!sp.server) {
		fd = s->fd;
		s->fd = -1;
		socket_connected(s, fd);
	} else {
		if (sp.wait) {
			fprintf(stderr, "ringvm waiting for connection on: %s\n",
				s->c.filename);
			do
				fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
			while (fd < 0 && errno == EINTR);
			if (fd < 0) {
				ret = -errno;
				socket_close(&s->c);
				chardev_free(&s->c);
				return chardev_fail(r, ret, "accept: %s", strerror(-ret));
			}
			socket_connected(s, fd);
		}
		socket_set_nonblock(s->listen_fd);
		s->listen_watch = event_watch_add(s->listen_fd, &socket_listen_ops, s);
	}
	*out = &s->c;
	return 0;
}

int chardev_tcp_open(const struct chardev_req *r, struct chardev **out)
{
	return socket_open(r, out, &tcp_ops);
}

int chardev_telnet_open(const struct chardev_req *r, struct chardev **out)
{
	return socket_open(r, out, &telnet_ops);
}

int chardev_unix_open(const struct chardev_req *r, struct chardev **out)
{
	return socket_open(r, out, &unix_ops);
}
