/* SPDX-License-Identifier: GPL-2.0-only */
/* ringvm-img commands that live outside ringvm-img.c (argv[0] is the
 * command name; the return value is the exit status). */
#ifndef RINGVM_BLOCK_TOOLS_IMG_CMDS_H
#define RINGVM_BLOCK_TOOLS_IMG_CMDS_H

int cmd_commit(int argc, char **argv);
int cmd_rebase(int argc, char **argv);
int cmd_map(int argc, char **argv);

#endif
