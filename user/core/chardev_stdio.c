// SPDX-License-Identifier: GPL-2.0-only
/*
 * stdio: the terminal ringvm runs in.  Input comes from fd 0, output goes
 * to fd 1.  A terminal is put in raw mode, so the guest sees every key as
 * typed (its own tty driver echoes and edits lines); output post-processing
 * stays on, so a guest's bare "\n" still starts a new line.  Ctrl-C and
 * Ctrl-Z keep their meaning on a plain "stdio"; under mon: (and so
 * -nographic) they go to the guest, C-a x being the way out, as in QEMU.
 *
 * The terminal must come back as it was however ringvm ends: a close, exit
 * (atexit), or a fatal signal (handlers installed only where the signal had
 * its default action, so nobody else's handler is replaced).  Only one
 * chardev may own stdio, as QEMU's "cannot use stdio by multiple character
 * devices".
 */
#include "chardev_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

struct chardev_stdio {
	struct chardev c;
};

static struct chardev *stdio_user;
static struct termios stdio_saved, stdio_raw;
static volatile sig_atomic_t stdio_raw_on;	/* the terminal is ours */
static volatile sig_atomic_t stdio_have_raw;	/* stdio_raw is valid */
static volatile int stdio_saved_flags = -1;	/* fd 0 before O_NONBLOCK */
static bool stdio_hooks_done;

static const int stdio_fatal_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
};

/* Async-signal-safe: tcsetattr and fcntl only. */
static void stdio_restore(void)
{
	if (stdio_raw_on) {
		tcsetattr(0, TCSANOW, &stdio_saved);
		stdio_raw_on = 0;
	}
	if (stdio_saved_flags >= 0) {
		fcntl(0, F_SETFL, stdio_saved_flags);
		stdio_saved_flags = -1;
	}
}

static void stdio_on_fatal(int sig)
{
	stdio_restore();
	/* the handler was reset to the default on entry (SA_RESETHAND):
	 * the signal, pending until we return, now does what it would
	 * have done */
	raise(sig);
}

static void stdio_on_tstp(int sig);

static void stdio_install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void stdio_on_tstp(int sig)
{
	int saved = errno;

	/* give the shell its terminal back while we are stopped */
	if (stdio_raw_on)
		tcsetattr(0, TCSANOW, &stdio_saved);
	stdio_install(SIGTSTP, SIG_DFL, 0);
	raise(SIGTSTP);
	errno = saved;
}

static void stdio_on_cont(int sig)
{
	int saved = errno;

	/* back in the foreground: raw again (in the background, touching
	 * the terminal would stop us with SIGTTOU) */
	if (stdio_raw_on && stdio_have_raw && tcgetpgrp(0) == getpgrp())
		tcsetattr(0, TCSANOW, &stdio_raw);
	stdio_install(SIGTSTP, stdio_on_tstp, SA_RESTART);
	errno = saved;
}

static bool stdio_signal_is_default(int sig)
{
	struct sigaction old;

	return !sigaction(sig, NULL, &old) && !(old.sa_flags & SA_SIGINFO) &&
	       old.sa_handler == SIG_DFL;
}

static void stdio_atexit(void)
{
	if (stdio_user)
		chardev_drain(stdio_user, 1000);
	stdio_restore();
}

static void stdio_hooks(void)
{
	size_t i;

	if (stdio_hooks_done)
		return;
	stdio_hooks_done = true;
	atexit(stdio_atexit);
	for (i = 0; i < sizeof(stdio_fatal_signals) / sizeof(int); i++) {
		int sig = stdio_fatal_signals[i];

		if (stdio_signal_is_default(sig))
			stdio_install(sig, stdio_on_fatal, SA_RESETHAND);
	}
	if (stdio_signal_is_default(SIGTSTP) && stdio_signal_is_default(SIGCONT)) {
		stdio_install(SIGTSTP, stdio_on_tstp, SA_RESTART);
		stdio_install(SIGCONT, stdio_on_cont, SA_RESTART);
	}
}

static void stdio_hangup(struct chardev *c, bool output)
{
	/* end of input (a pipe or file on stdin, ^D on a terminal never
	 * arrives in raw mode) ends the input only: the guest runs on */
	if (output)
		chardev_set_fds(c, c->in_fd, -1);
	else
		chardev_set_fds(c, -1, c->out_fd);
}

static void stdio_close(struct chardev *c)
{
	stdio_restore();
	stdio_user = NULL;
}

static const struct chardev_ops stdio_ops = {
	.kind = "stdio",
	.hangup = stdio_hangup,
	.close = stdio_close,
};

int chardev_stdio_open(const struct chardev_req *r, struct chardev **out)
{
	struct chardev *c;
	int flags, in_fd = -1, out_fd = -1;

	if (stdio_user)
		return chardev_fail(r, -EBUSY, "stdio is already used by %s",
				    stdio_user->label);
	c = chardev_alloc(sizeof(struct chardev_stdio), &stdio_ops, r);
	if (!c)
		return chardev_fail(r, -ENOMEM, "out of memory");
	stdio_hooks();
	if (isatty(0) && !tcgetattr(0, &stdio_saved)) {
		stdio_raw_on = 1;	/* first: a signal now restores */
		if (chardev_tty_raw(0, true, !r->muxed) ||
		    tcgetattr(0, &stdio_raw))
			stdio_restore();
		else
			stdio_have_raw = 1;
	}
	flags = fcntl(0, F_GETFL);
	if (flags >= 0) {
		in_fd = 0;
		if (!(flags & O_NONBLOCK) && !fcntl(0, F_SETFL, flags | O_NONBLOCK))
			stdio_saved_flags = flags;
	}
	if (fcntl(1, F_GETFL) >= 0)
		out_fd = 1;
	c->connected = true;
	stdio_user = c;
	chardev_set_fds(c, in_fd, out_fd);
	*out = c;
	return 0;
}
