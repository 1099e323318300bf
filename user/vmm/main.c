// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringvm's main: parse the command line, build the machine, run it, and turn
 * the way it stopped into an exit status.  Only this file (and ringvm-img's)
 * prints an error and exits; everything below returns -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "core/lib/log.h"
#include "machine.h"
#include "options.h"

static const struct vm_config *config;

static bool uses_stdio(const char *spec)
{
	return spec && (!strcmp(spec, "stdio") || !strcmp(spec, "mon:stdio"));
}

/* -daemonize needs a machine that does not talk to the terminal. */
static int check_daemonize(const struct vm_config *cfg)
{
	bool stdio = cfg->nographic || uses_stdio(cfg->monitor) ||
		     uses_stdio(cfg->debugcon);

	for (int i = 0; i < cfg->n_serial; i++)
		stdio |= uses_stdio(cfg->serial[i]);
	if (cfg->daemonize && stdio) {
		err_report("-daemonize cannot be used with a character device on "
			   "stdio (-nographic, -serial stdio, -monitor stdio)");
		return -1;
	}
	return 0;
}

/* A copy: atexit handlers run after main's configuration is gone. */
static char *pidfile_path;

static void remove_pidfile(void)
{
	unlink(pidfile_path);
}

/* -pidfile FILE: the id of the process that runs the machine; removed
 * again when it ends, as QEMU does. */
static int write_pidfile(const char *path)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (fd < 0 || write(fd, buf, (size_t)n) != n) {
		err_report("-pidfile %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	pidfile_path = strdup(path);
	if (pidfile_path)
		atexit(remove_pidfile);
	return 0;
}

/* Once the machine is built, so that errors still reach the terminal:
 * -daemonize detaches (the parent waits until the daemon has written its
 * -pidfile, then exits 0, as QEMU does), then -pidfile. */
static int machine_ready(void)
{
	int ready[2] = { -1, -1 };
	char ok = 0;

	if (config->daemonize) {
		pid_t pid;

		if (pipe(ready) < 0) {
			err_report("-daemonize: %s", strerror(errno));
			return -1;
		}
		pid = fork();
		if (pid < 0) {
			err_report("-daemonize: %s", strerror(errno));
			return -1;
		}
		if (pid > 0) {
			/* the daemon says "1" when it runs, or closes the
			 * pipe after reporting its error */
			close(ready[1]);
			_exit(read(ready[0], &ok, 1) == 1 && ok == '1' ? 0 : 1);
		}
		close(ready[0]);
		setsid();
	}
	if (config->pidfile && write_pidfile(config->pidfile))
		return -1;
	if (config->daemonize) {
		int null = open("/dev/null", O_RDWR);

		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			if (!config->log_file)
				dup2(null, 2);
			if (null > 2)
				close(null);
		}
		ok = '1';
		if (write(ready[1], &ok, 1) != 1)
			return -1;
		close(ready[1]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vm_config cfg;
	char err[256];

	options_defaults(&cfg);
	if (options_parse(&cfg, argc, argv, err, sizeof(err))) {
		err_report("%s", err);
		return 1;
	}
	if (cfg.show_help) {
		options_print_help(stdout);
		return 0;
	}
	if (cfg.show_version) {
		printf("ringvm version " RINGVM_VERSION "\n");
		return 0;
	}
	if (cfg.show_log_help) {
		log_print_items(stdout);
		return 0;
	}
	if (check_daemonize(&cfg))
		return 1;
	/* -name NAME,process=PNAME: what ps and top show */
	if (cfg.name_process)
		prctl(PR_SET_NAME, cfg.process_name, 0, 0, 0);
	config = &cfg;
	machine_ready_hook = machine_ready;
	log_mask = cfg.log_mask;
	if (cfg.log_file && log_set_file(cfg.log_file)) {
		err_report("-D %s: cannot open log file", cfg.log_file);
		return 1;
	}
	return machine_run(&cfg);
}
