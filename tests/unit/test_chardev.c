// SPDX-License-Identifier: GPL-2.0-only
/*
 * Character devices as a user meets them: bytes typed into a pipe, a
 * socket or a pty reach the frontend in order and none is lost when the
 * frontend is full; bytes the guest writes come out on the other side; a
 * tcp server takes a new client after the first leaves; telnet commands
 * never reach the guest; the -nographic keys do what QEMU's do; bad specs
 * are refused with one line naming the problem.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/chardev.h"
#include "core/event.h"
#include "core/io.h"
#include "core/runstate.h"
#include "devices/ns16550.h"

static char tmpdir[64];

/* A frontend that takes at most @cap bytes in all (a guest FIFO that is
 * never read when cap is small), and counts events. */
struct fe {
	uint8_t buf[1 << 17];
	size_t len, cap;
	int breaks, opened, closed, focus_in, focus_out;
	size_t break_at;	/* len when the last break arrived */
};

static size_t fe_can_receive(void *opaque)
{
	struct fe *f = opaque;

	return f->cap > f->len ? f->cap - f->len : 0;
}

static void fe_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct fe *f = opaque;

	assert_true(len <= fe_can_receive(f));	/* never more than offered */
	memcpy(f->buf + f->len, buf, len);
	f->len += len;
}

static void fe_event(void *opaque, enum chardev_event ev)
{
	struct fe *f = opaque;

	switch (ev) {
	case CHARDEV_EVENT_BREAK:
		f->breaks++;
		f->break_at = f->len;
		break;
	case CHARDEV_EVENT_OPENED:
		f->opened++;
		break;
	case CHARDEV_EVENT_CLOSED:
		f->closed++;
		break;
	case CHARDEV_EVENT_FOCUS_IN:
		f->focus_in++;
		break;
	case CHARDEV_EVENT_FOCUS_OUT:
		f->focus_out++;
		break;
	}
}

static struct fe *fe_new(size_t cap)
{
	struct fe *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->cap = cap;
	return f;
}

static void fe_attach(struct chardev *c, struct fe *f)
{
	struct chardev_frontend fe = {
		.can_receive = fe_can_receive,
		.receive = fe_receive,
		.event = fe_event,
		.opaque = f,
	};

	assert_int_equal(chardev_attach(c, &fe), 0);
}

/* Run the event loop until @cond holds, for at most 3 s. */
#define PUMP_UNTIL(cond)						\
	do {								\
		for (int pump_i = 0; pump_i < 300 && !(cond); pump_i++)	\
			event_loop_wait(10000000);			\
		assert_true(cond);					\
	} while (0)

/* A few rounds of the loop, for things that must NOT happen. */
static void pump(int rounds)
{
	while (rounds--)
		event_loop_wait(2000000);
}

static bool fe_has(const struct fe *f, const char *s)
{
	return f->len == strlen(s) && !memcmp(f->buf, s, f->len);
}

static void write_all(int fd, const void *buf, size_t len)
{
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
}

/* Read exactly @len bytes from @fd, running the loop meanwhile (so queued
 * output gets flushed); fails after 3 s. */
static void read_exact(int fd, void *buf, size_t len)
{
	size_t got = 0;
	int i;

	for (i = 0; i < 300 && got < len; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		event_loop_wait(0);
		if (poll(&p, 1, 10) <= 0)
			continue;
		n = read(fd, (char *)buf + got, len - got);
		if (n > 0)
			got += (size_t)n;
	}
	assert_int_equal(got, len);
}

/* Everything readable from @fd within ~100 ms, as a string. */
static size_t read_some(int fd, char *buf, size_t size)
{
	size_t got = 0;
	int i;

	for (i = 0; i < 10 && got + 1 < size; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		event_loop_wait(0);
		if (poll(&p, 1, 10) <= 0)
			continue;
		n = read(fd, buf + got, size - 1 - got);
		if (n > 0)
			got += (size_t)n;
	}
	buf[got] = '\0';
	return got;
}

static char *tmp_path(const char *name)
{
	static char path[4][128];
	static int k;
	char *p = path[k++ % 4];

	snprintf(p, 128, "%s/%s", tmpdir, name);
	return p;
}

static struct chardev *open_ok(const char *spec, const char *label)
{
	struct chardev *c = NULL;
	char err[256];
	int ret = chardev_open(spec, label, &c, err, sizeof(err));

	if (ret)
		fail_msg("chardev_open(%s): %s", spec, err);
	assert_non_null(c);
	return c;
}

/* The port a server chardev listens on, from its filename. */
static int server_port(struct chardev *c)
{
	const char *f = chardev_filename(c);
	const char *colon = strrchr(f, ':');

	assert_non_null(strstr(f, ",server"));
	assert_non_null(colon);
	return atoi(colon + 1);
}

static int tcp_connect(int port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A port nobody listens on right now. */
static int free_port(void)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* --- files and pipes ------------------------------------------------------ */

static void file_backend(void **state)
{
	const char *path = tmp_path("serial.log");
	struct chardev *c;
	char buf[64] = { 0 };
	int fd;

	fd = open(path, O_WRONLY | O_CREAT, 0644);
	write_all(fd, "old contents, longer than the new", 33);
	close(fd);
	snprintf(buf, sizeof(buf), "file:%s", path);
	c = open_ok(buf, "serial0");
	assert_int_equal(chardev_write(c, (const uint8_t *)"hello\n", 6), 6);
	chardev_close(c);
	fd = open(path, O_RDONLY);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(read(fd, buf, sizeof(buf)), 6);	/* truncated */
	close(fd);
	assert_string_equal(buf, "hello\n");
}

static void pipe_backend_in_out(void **state)
{
	char *base = tmp_path("p1"), spec[160], out[16] = { 0 };
	char in_path[160], out_path[160];
	struct fe *f = fe_new(1024);
	struct chardev *c;
	int fin, fout;

	snprintf(in_path, sizeof(in_path), "%s.in", base);
	snprintf(out_path, sizeof(out_path), "%s.out", base);
	assert_int_equal(mkfifo(in_path, 0600), 0);
	assert_int_equal(mkfifo(out_path, 0600), 0);
	snprintf(spec, sizeof(spec), "pipe:%s", base);
	c = open_ok(spec, "serial0");
	fe_attach(c, f);
	assert_int_equal(f->opened, 1);	/* a pipe is always "connected" */
	fin = open(in_path, O_WRONLY);
	fout = open(out_path, O_RDONLY | O_NONBLOCK);
	assert_true(fin >= 0 && fout >= 0);

	write_all(fin, "typed", 5);
	PUMP_UNTIL(f->len == 5);
	assert_true(fe_has(f, "typed"));
	chardev_write(c, (const uint8_t *)"printed", 7);
	read_exact(fout, out, 7);
	assert_string_equal(out, "printed");
	chardev_close(c);
	close(fin);
	close(fout);
	free(f);
}

static void pipe_backend_single_fifo(void **state)
{
	char *path = tmp_path("p2"), spec[160];
	struct fe *f = fe_new(1024);
	struct chardev *c;
	int fd;

	/* no PATH.in/PATH.out: PATH itself, both ways */
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(spec, sizeof(spec), "pipe:%s", path);
	c = open_ok(spec, "serial0");
	fe_attach(c, f);
	fd = open(path, O_WRONLY);
	write_all(fd, "abc", 3);
	PUMP_UNTIL(f->len == 3);
	assert_true(fe_has(f, "abc"));
	chardev_close(c);
	close(fd);
	free(f);
}

static void pipe_backend_missing(void **state)
{
	struct chardev *c = (struct chardev *)1;
	char err[128];

	assert_int_equal(chardev_open("pipe:/nonexistent/ringvm-x", "serial0", &c,
				      err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "No such file or directory");
	assert_null(c);
}

/* --- backpressure --------------------------------------------------------- */

static void backpressure_keeps_bytes_in_kernel(void **state)
{
	char *base = tmp_path("bp"), spec[160], data[100];
	struct fe *f = fe_new(4);
	struct chardev *c;
	int fd, pending = 0, i;

	for (i = 0; i < 100; i++)
		data[i] = (char)('A' + i % 26);
	assert_int_equal(mkfifo(base, 0600), 0);
	snprintf(spec, sizeof(spec), "pipe:%s", base);
	c = open_ok(spec, "serial0");
	fe_attach(c, f);
	fd = open(base, O_WRONLY);
	write_all(fd, data, sizeof(data));

	/* a 4-byte FIFO that nobody reads: exactly 4 taken, 96 still
	 * waiting in the pipe, none dropped */
	pump(20);
	assert_int_equal(f->len, 4);
	assert_int_equal(ioctl(fd, FIONREAD, &pending), 0);
	assert_int_equal(pending, 96);

	/* the guest reads: room for more */
	f->cap = 50;
	chardev_accept_input(c);
	PUMP_UNTIL(f->len == 50);
	pump(5);
	assert_int_equal(f->len, 50);
	f->cap = sizeof(f->buf);
	chardev_accept_input(c);
	PUMP_UNTIL(f->len == 100);
	assert_memory_equal(f->buf, data, 100);
	chardev_close(c);
	close(fd);
	free(f);
}

/* --- sockets -------------------------------------------------------------- */

static void tcp_exchange(struct chardev *c, struct fe *f, int cfd,
			 const char *in, const char *out)
{
	char buf[64] = { 0 };
	size_t before = f->len;

	write_all(cfd, in, strlen(in));
	PUMP_UNTIL(f->len == before + strlen(in));
	assert_memory_equal(f->buf + before, in, strlen(in));
	chardev_write(c, (const uint8_t *)out, strlen(out));
	read_exact(cfd, buf, strlen(out));
	assert_string_equal(buf, out);
}

static void tcp_server_reconnect(void **state)
{
	struct chardev *c = open_ok("tcp:127.0.0.1:0,server,nowait", "serial0");
	struct fe *f = fe_new(sizeof(f->buf));
	char buf[16];
	int port = server_port(c), cfd;

	fe_attach(c, f);
	assert_int_equal(f->opened, 0);		/* nowait: nobody yet */
	/* output with no client is dropped, not kept for the next one */
	chardev_write(c, (const uint8_t *)"lost", 4);

	cfd = tcp_connect(port);
	assert_true(cfd >= 0);
	PUMP_UNTIL(f->opened == 1);
	tcp_exchange(c, f, cfd, "ping", "pong");
	close(cfd);
	PUMP_UNTIL(f->closed == 1);
	chardev_write(c, (const uint8_t *)"lost", 4);

	/* the next client is accepted and gets only what comes after */
	cfd = tcp_connect(port);
	assert_true(cfd >= 0);
	PUMP_UNTIL(f->opened == 2);
	tcp_exchange(c, f, cfd, "again", "back");
	assert_int_equal(read_some(cfd, buf, sizeof(buf)), 0);
	assert_true(fe_has(f, "pingagain"));
	close(cfd);
	chardev_close(c);
	free(f);
}

struct connector {
	int port, fd;
};

static void *connect_later(void *opaque)
{
	struct connector *k = opaque;
	int i;

	for (i = 0; i < 300 && k->fd < 0; i++) {
		usleep(10000);
		k->fd = tcp_connect(k->port);
	}
	if (k->fd >= 0)
		write_all(k->fd, "hi", 2);
	return NULL;
}

static void tcp_server_waits_for_first_client(void **state)
{
	struct connector k = { .port = free_port(), .fd = -1 };
	struct fe *f = fe_new(sizeof(f->buf));
	struct chardev *c;
	pthread_t t;
	char spec[64];

	snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d,server", k.port);
	assert_int_equal(pthread_create(&t, NULL, connect_later, &k), 0);
	c = open_ok(spec, "serial0");		/* returns once connected */
	pthread_join(t, NULL);
	assert_true(k.fd >= 0);
	fe_attach(c, f);
	assert_int_equal(f->opened, 1);		/* told on attach */
	PUMP_UNTIL(f->len == 2);
	assert_true(fe_has(f, "hi"));
	close(k.fd);
	chardev_close(c);
	free(f);
}

static void tcp_client(void **state)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t sl = sizeof(sa);
	struct fe *f = fe_new(sizeof(f->buf));
	int lfd = socket(AF_INET, SOCK_STREAM, 0), cfd;
	struct chardev *c;
	char spec[64], err[128];

	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &sl), 0);
	snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d,nodelay", ntohs(sa.sin_port));
	c = open_ok(spec, "serial1");
	cfd = accept(lfd, NULL, NULL);
	assert_true(cfd >= 0);
	fe_attach(c, f);
	assert_int_equal(f->opened, 1);
	tcp_exchange(c, f, cfd, "to guest", "from guest");
	close(cfd);
	PUMP_UNTIL(f->closed == 1);
	chardev_close(c);
	close(lfd);
	free(f);

	/* nobody listening: one line that says so */
	snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%d", free_port());
	assert_int_equal(chardev_open(spec, "serial0", &c, err, sizeof(err)),
			 -ECONNREFUSED);
	assert_non_null(strstr(err, "cannot connect to 127.0.0.1:"));
	assert_non_null(strstr(err, "Connection refused"));
}

static void unix_socket_server(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *path = tmp_path("mon.sock"), spec[160];
	struct fe *f = fe_new(sizeof(f->buf));
	struct chardev *c;
	struct stat st;
	int cfd;

	snprintf(spec, sizeof(spec), "unix:%s,server,nowait", path);
	c = open_ok(spec, "monitor");
	fe_attach(c, f);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	cfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(connect(cfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	PUMP_UNTIL(f->opened == 1);
	tcp_exchange(c, f, cfd, "info chardev\r", "(ringvm) ");
	close(cfd);
	PUMP_UNTIL(f->closed == 1);
	chardev_close(c);
	assert_int_equal(lstat(path, &st), -1);	/* our socket is removed */
	free(f);
}

static void telnet_negotiation_and_iac(void **state)
{
	static const uint8_t offer[] = { 255, 251, 1, 255, 251, 3 };
	static const uint8_t input[] = {
		'a', 255, 253, 1,		/* DO ECHO: an answer, dropped */
		'b', 255, 250, 24, 0, 'x', 't', 255, 240,	/* SB ... SE */
		'c', 255, 255,			/* a data 0xff */
		'\r', 0,			/* CR NUL is a CR */
		'd', 255, 243,			/* BRK */
		'e', 255, 241,			/* NOP */
	};
	static const uint8_t want[] = { 'a', 'b', 'c', 255, '\r', 'd', 'e' };
	struct chardev *c = open_ok("telnet:127.0.0.1:0,server,nowait", "serial0");
	struct fe *f = fe_new(sizeof(f->buf));
	uint8_t buf[16];
	int cfd;

	fe_attach(c, f);
	cfd = tcp_connect(server_port(c));
	assert_true(cfd >= 0);
	/* the client is offered echo and suppress-go-ahead first */
	read_exact(cfd, buf, sizeof(offer));
	assert_memory_equal(buf, offer, sizeof(offer));

	write_all(cfd, input, sizeof(input));
	PUMP_UNTIL(f->len == sizeof(want));
	assert_memory_equal(f->buf, want, sizeof(want));
	assert_int_equal(f->breaks, 1);
	assert_int_equal(f->break_at, 6);	/* after "abc\xff\rd" */

	/* a 0xff the guest sends is doubled on the wire */
	chardev_write(c, (const uint8_t *)"x\xffy", 3);
	read_exact(cfd, buf, 4);
	assert_memory_equal(buf, "x\xff\xffy", 4);
	close(cfd);
	chardev_close(c);
	free(f);
}

/* --- pty ------------------------------------------------------------------ */

static void pty_backend(void **state)
{
	struct chardev *c = open_ok("pty", "serial0");
	struct fe *f = fe_new(sizeof(f->buf));
	static uint8_t big[256 << 10];
	const char *name = chardev_filename(c);
	struct timespec t0, t1;
	char buf[16] = { 0 };
	int sfd;

	assert_true(!strncmp(name, "pty:/dev/pts/", 13));
	fe_attach(c, f);
	assert_int_equal(f->opened, 0);

	/* nobody has the pty open: output is dropped, the guest not held */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(chardev_write(c, big, sizeof(big)), sizeof(big));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 2);

	sfd = open(name + 4, O_RDWR | O_NOCTTY);
	assert_true(sfd >= 0);
	PUMP_UNTIL(f->opened == 1);
	write_all(sfd, "ls\r", 3);
	PUMP_UNTIL(f->len == 3);
	assert_true(fe_has(f, "ls\r"));
	/* raw: what the guest prints arrives unchanged (no CR added) */
	chardev_write(c, (const uint8_t *)"out\n", 4);
	read_exact(sfd, buf, 4);
	assert_string_equal(buf, "out\n");
	assert_int_equal(read_some(sfd, buf, sizeof(buf)), 0);	/* no echo */
	close(sfd);
	PUMP_UNTIL(f->closed == 1);
	chardev_close(c);
	free(f);
}

/* --- the mux (-nographic, mon:) ------------------------------------------- */

struct muxrig {
	struct chardev *c;
	struct fe *serial, *monitor;
	int keys;	/* we type here */
	int screen;	/* and read what the user sees here */
};

static void mux_setup(struct muxrig *r, const char *name, size_t serial_cap)
{
	char *base = tmp_path(name), spec[160], p[160];

	snprintf(p, sizeof(p), "%s.in", base);
	assert_int_equal(mkfifo(p, 0600), 0);
	r->keys = open(p, O_RDWR);
	snprintf(p, sizeof(p), "%s.out", base);
	assert_int_equal(mkfifo(p, 0600), 0);
	r->screen = open(p, O_RDWR | O_NONBLOCK);
	snprintf(spec, sizeof(spec), "mon:pipe:%s", base);
	r->c = open_ok(spec, "serial0");
	assert_true(chardev_is_mux(r->c));
	r->serial = fe_new(serial_cap);
	r->monitor = fe_new(sizeof(r->monitor->buf));
	fe_attach(r->c, r->serial);
	fe_attach(r->c, r->monitor);
}

static void mux_teardown(struct muxrig *r)
{
	chardev_close(r->c);
	close(r->keys);
	close(r->screen);
	free(r->serial);
	free(r->monitor);
}

static void type(struct muxrig *r, const char *s)
{
	write_all(r->keys, s, strlen(s));
}

static void mux_focus_and_literal_escape(void **state)
{
	struct muxrig r;
	struct fe *f;

	mux_setup(&r, "m1", sizeof(f->buf));
	/* the serial port has the input first */
	type(&r, "ab\x01" "cxy");
	PUMP_UNTIL(r.monitor->len == 2);
	assert_true(fe_has(r.serial, "ab"));
	assert_true(fe_has(r.monitor, "xy"));
	assert_int_equal(r.serial->focus_out, 1);
	assert_int_equal(r.monitor->focus_in, 1);

	/* C-a C-a: one C-a for the frontend with the focus */
	type(&r, "\x01\x01");
	PUMP_UNTIL(r.monitor->len == 3);
	assert_int_equal(r.monitor->buf[2], 0x01);

	/* C-a c again: back to the serial port; unknown escapes vanish */
	type(&r, "\x01" "c\x01" "zq");
	PUMP_UNTIL(r.serial->len == 3);
	assert_true(fe_has(r.serial, "abq"));
	assert_int_equal(r.serial->focus_in, 1);
	assert_int_equal(r.monitor->len, 3);

	/* both frontends' output reaches the screen */
	chardev_write(r.c, (const uint8_t *)"guest ", 6);
	chardev_write(r.c, (const uint8_t *)"(ringvm)", 8);
	{
		char buf[32] = { 0 };

		read_exact(r.screen, buf, 14);
		assert_string_equal(buf, "guest (ringvm)");
	}
	mux_teardown(&r);
}

static void mux_help_break_save_timestamps(void **state)
{
	struct muxrig r;
	char buf[2048];

	mux_setup(&r, "m2", 1024);
	type(&r, "\x01h");
	pump(5);
	read_some(r.screen, buf, sizeof(buf));
	assert_non_null(strstr(buf, "C-a x"));
	assert_non_null(strstr(buf, "C-a c"));
	assert_int_equal(r.serial->len, 0);	/* the keys are not input */

	type(&r, "1\x01" "b2");
	PUMP_UNTIL(r.serial->len == 2);
	assert_int_equal(r.serial->breaks, 1);
	assert_int_equal(r.serial->break_at, 1);
	assert_int_equal(r.monitor->breaks, 0);

	type(&r, "\x01s");
	pump(5);
	read_some(r.screen, buf, sizeof(buf));
	assert_non_null(strstr(buf, "not supported"));

	type(&r, "\x01t");
	pump(5);
	chardev_write(r.c, (const uint8_t *)"one\ntwo\n", 8);
	read_some(r.screen, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 2 * 15 + 8);
	assert_true(!strncmp(buf, "[00:00:0", 8) && buf[13] == ']');
	assert_true(!strncmp(buf + 15, "one\n[00:00:0", 12));
	type(&r, "\x01t");
	pump(5);
	chardev_write(r.c, (const uint8_t *)"three\n", 6);
	read_some(r.screen, buf, sizeof(buf));
	assert_string_equal(buf, "three\n");
	mux_teardown(&r);
}

static void mux_keys_work_while_guest_reads_nothing(void **state)
{
	static char flood[10000];
	struct muxrig r;
	char buf[2048];
	int i;

	/* a guest that never reads its UART: C-a h still answers, and the
	 * bytes typed before it are kept for when the guest reads */
	mux_setup(&r, "m3", 0);
	type(&r, "0123456789\x01h");
	pump(10);
	read_some(r.screen, buf, sizeof(buf));
	assert_non_null(strstr(buf, "C-a x"));
	assert_int_equal(r.serial->len, 0);
	r.serial->cap = sizeof(r.serial->buf);
	chardev_accept_input(r.c);
	PUMP_UNTIL(r.serial->len == 10);
	assert_true(fe_has(r.serial, "0123456789"));

	/* a flood beyond the read-ahead waits in the pipe, in order */
	r.serial->cap = r.serial->len;
	for (i = 0; i < (int)sizeof(flood); i++)
		flood[i] = (char)('a' + i % 26);
	write_all(r.keys, flood, sizeof(flood));
	pump(20);
	assert_int_equal(r.serial->len, 10);
	r.serial->cap = sizeof(r.serial->buf);
	chardev_accept_input(r.c);
	PUMP_UNTIL(r.serial->len == 10 + sizeof(flood));
	assert_memory_equal(r.serial->buf + 10, flood, sizeof(flood));
	mux_teardown(&r);
}

static void mux_exit_key(void **state)
{
	struct muxrig r;
	char buf[256];
	int status = -1;

	mux_setup(&r, "m4", 1024);
	assert_false(runstate_exit_requested(NULL));
	type(&r, "\x01x");
	PUMP_UNTIL(runstate_exit_requested(&status));
	assert_int_equal(status, 0);
	read_some(r.screen, buf, sizeof(buf));
	assert_non_null(strstr(buf, "terminated"));
	assert_int_equal(r.serial->len, 0);
	mux_teardown(&r);
}

/* --- a real UART as the frontend ------------------------------------------ */

static void uart_fifo_backpressure_and_break(void **state)
{
	static struct ns16550 uart;
	struct muxrig r = { 0 };
	char *base = tmp_path("u"), spec[160], p[160], got[64];
	size_t n = 0;
	uint8_t lsr;
	int i;

	io_reset_all();
	snprintf(p, sizeof(p), "%s.in", base);
	assert_int_equal(mkfifo(p, 0600), 0);
	r.keys = open(p, O_RDWR);
	snprintf(p, sizeof(p), "%s.out", base);
	assert_int_equal(mkfifo(p, 0600), 0);
	r.screen = open(p, O_RDWR | O_NONBLOCK);
	snprintf(spec, sizeof(spec), "mon:pipe:%s", base);
	r.c = open_ok(spec, "serial0");
	assert_int_equal(ns16550_init(&uart, 0x3f8, r.c, (struct irq_line){ 0 }), 0);
	io_port_write(0x3fa, 0x07, 1);		/* FCR: FIFO on, cleared */

	/* 40 bytes typed at once into a 16-byte FIFO: the guest reads them
	 * all, in order, with no overrun */
	type(&r, "0123456789abcdefghijklmnopqrstuvwxyzABCD");
	for (i = 0; i < 200 && n < 40; i++) {
		event_loop_wait(1000000);
		lsr = (uint8_t)io_port_read(0x3fd, 1);
		assert_false(lsr & 0x02);	/* OE */
		if (lsr & 0x01)
			got[n++] = (char)io_port_read(0x3f8, 1);
	}
	assert_int_equal(n, 40);
	assert_memory_equal(got, "0123456789abcdefghijklmnopqrstuvwxyzABCD", 40);

	/* C-a b: a break, LSR.BI with a zero character (PC16550D LSR bit 4) */
	type(&r, "\x01" "b");
	for (i = 0, lsr = 0; i < 100 && !(lsr & 0x01); i++) {
		event_loop_wait(1000000);
		lsr = (uint8_t)io_port_read(0x3fd, 1);
	}
	assert_int_equal(lsr & 0x11, 0x11);
	assert_int_equal(io_port_read(0x3fd, 1) & 0x10, 0);	/* read clears BI */
	assert_int_equal(io_port_read(0x3f8, 1), 0);

	chardev_close(r.c);
	close(r.keys);
	close(r.screen);
	io_reset_all();
}

/* --- specs and the event loop --------------------------------------------- */

static void bad_specs_are_named(void **state)
{
	static const struct {
		const char *spec, *err;
	} bad[] = {
		{ "tcp:foo", "bad port" },
		{ "tcp:localhost:99999", "bad port" },
		{ "tcp::", "bad port" },
		{ "tcp:127.0.0.1:12x", "bad port" },
		{ "telnet::4444,server,bogus", "unknown option 'bogus'" },
		{ "unix:", "missing socket path" },
		{ "file:", "missing file name" },
		{ "vc", "not supported: vc" },
		{ "vc:80Cx24C", "not supported: vc" },
		{ "udp:127.0.0.1:5555", "not supported: udp" },
		{ "mon:mon:stdio", "mon: needs a device (mon:stdio, mon:tcp:...)" },
		{ "mon:", "mon: needs a device (mon:stdio, mon:tcp:...)" },
	};
	struct chardev *c;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = NULL;
		assert_true(chardev_open(bad[i].spec, "serial0", &c, err, sizeof(err)) < 0);
		assert_null(c);
		if (strcmp(err, bad[i].err))
			fail_msg("%s: got '%s', want '%s'", bad[i].spec, err, bad[i].err);
	}
	assert_true(chardev_open("bogus", "serial0", &c, err, sizeof(err)) < 0);
	assert_true(!strncmp(err, "unknown character device", 24));
	/* none: no device at all, and writing to it is harmless */
	c = (struct chardev *)1;
	assert_int_equal(chardev_open("none", "serial0", &c, err, sizeof(err)), 0);
	assert_null(c);
	assert_int_equal(chardev_write(NULL, (const uint8_t *)"x", 1), 1);
}

static void stdio_has_one_owner(void **state)
{
	struct chardev *a, *b = NULL;
	char err[128];

	a = open_ok("stdio", "serial0");
	assert_int_equal(chardev_open("stdio", "debugcon", &b, err, sizeof(err)), -EBUSY);
	assert_string_equal(err, "stdio is already used by serial0");
	chardev_close(a);
	a = open_ok("stdio", "debugcon");	/* free again after a close */
	chardev_close(a);
}

static void *notify_later(void *opaque)
{
	usleep(50000);
	event_loop_notify();
	return NULL;
}

static void notify_wakes_the_loop(void **state)
{
	struct timespec t0, t1;
	pthread_t t;
	int64_t ns;

	event_loop_wait(0);	/* use up kicks left by earlier tests */
	assert_int_equal(pthread_create(&t, NULL, notify_later, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	event_loop_wait(10LL * 1000000000);	/* would sleep 10 s */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pthread_join(t, NULL);
	ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	/* slept until the other thread's kick, not less, not 10 s */
	assert_true(ns >= 40000000LL && ns < 2000000000LL);

	/* a kick while the loop is busy is not lost: the next wait is short */
	event_loop_notify();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	event_loop_wait(10LL * 1000000000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	assert_true(ns < 2000000000LL);
}

static int setup_tmp(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ringvm-chardev-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmp(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_backend),
		cmocka_unit_test(pipe_backend_in_out),
		cmocka_unit_test(pipe_backend_single_fifo),
		cmocka_unit_test(pipe_backend_missing),
		cmocka_unit_test(backpressure_keeps_bytes_in_kernel),
		cmocka_unit_test(tcp_server_reconnect),
		cmocka_unit_test(tcp_server_waits_for_first_client),
		cmocka_unit_test(tcp_client),
		cmocka_unit_test(unix_socket_server),
		cmocka_unit_test(telnet_negotiation_and_iac),
		cmocka_unit_test(pty_backend),
		cmocka_unit_test(mux_focus_and_literal_escape),
		cmocka_unit_test(mux_help_break_save_timestamps),
		cmocka_unit_test(mux_keys_work_while_guest_reads_nothing),
		cmocka_unit_test(mux_exit_key),
		cmocka_unit_test(uart_fifo_backpressure_and_break),
		cmocka_unit_test(bad_specs_are_named),
		cmocka_unit_test(stdio_has_one_owner),
		cmocka_unit_test(notify_wakes_the_loop),
	};

	return cmocka_run_group_tests(tests, setup_tmp, remove_tmp);
}
