// SPDX-License-Identifier: GPL-2.0-only
/* Stop requests; see runstate.h. */
#include "runstate.h"

static bool exit_requested, reset_requested, shutdown_requested;
static int exit_status;
void (*runstate_kick)(void);

void runstate_request_exit(int status)
{
	if (!exit_requested) {
		exit_requested = true;
		exit_status = status;
	}
	if (runstate_kick)
		runstate_kick();
}

bool runstate_exit_requested(int *status)
{
	if (exit_requested && status)
		*status = exit_status;
	return exit_requested;
}

void runstate_request_reset(void)
{
	reset_requested = true;
	if (runstate_kick)
		runstate_kick();
}

bool runstate_take_reset(void)
{
	bool r = reset_requested;

	reset_requested = false;
	return r;
}

void runstate_request_shutdown(void)
{
	shutdown_requested = true;
	if (runstate_kick)
		runstate_kick();
}

bool runstate_take_shutdown(void)
{
	bool r = shutdown_requested;

	shutdown_requested = false;
	return r;
}
