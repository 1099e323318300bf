// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringvm's main: parse the command line, build the machine, run it, and turn
 * the way it stopped into an exit status.  Only this file (and ringvm-img's)
 * prints an error and exits; everything below returns -errno.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/lib/log.h"
#include "machine.h"
#include "options.h"

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
	log_mask = cfg.log_mask;
	if (cfg.log_file && log_set_file(cfg.log_file)) {
		err_report("-D %s: cannot open log file", cfg.log_file);
		return 1;
	}
	return machine_run(&cfg);
}
