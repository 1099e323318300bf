// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vCPU thread, the main thread's event loop and the big lock between
 * them (see vcpu.h).
 */
#include "vcpu.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/event.h"
#include "core/lib/log.h"
#include "core/runstate.h"
#include "translator/translator.h"

/* TBs per slice: between slices the vCPU runs timers and hands the lock
 * to the main thread if it waits for it. */
#define EXEC_BUDGET 4096

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
/* The vCPU sleeps here: halted, stopped, or while the main thread works. */
static pthread_cond_t vcpu_wake;
static atomic_int main_waiting;	/* the main thread wants the lock */
static struct vcpu_machine vm;
static bool stopped;		/* monitor stop, -S, -no-shutdown */
static bool finished;		/* the vCPU thread is done */
static int exit_status;
static volatile sig_atomic_t term_signal;	/* SIGTERM & co. arrived */
static bool host_reset;		/* the pending reset is the user's */
static int vcpu_tid;
void (*vcpu_event_hook)(enum vcpu_event ev, bool guest, const char *reason);
void (*vcpu_debug_hook)(void);

void vcpu_event(enum vcpu_event ev, bool guest, const char *reason)
{
	if (vcpu_event_hook)
		vcpu_event_hook(ev, guest, reason);
}

/* Async-signal-safe: a flag and the event loop's eventfd. */
static void on_term_signal(int sig)
{
	term_signal = sig;
	event_loop_notify();
}

static void handle_term_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa = { .sa_handler = on_term_signal };

	sigemptyset(&sa.sa_mask);
	/* the eventfd exists before any signal can need it */
	event_loop_notify();
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void kick_cpu(void)
{
	__atomic_or_fetch(&vm.cpu->pending, PENDING_EXIT, __ATOMIC_SEQ_CST);
	pthread_cond_broadcast(&vcpu_wake);
}

/* The main thread takes the lock: it asks the vCPU to leave translated
 * code so that the wait is at most one translation block. */
static void main_lock(void)
{
	atomic_fetch_add(&main_waiting, 1);
	kick_cpu();
	pthread_mutex_lock(&big_lock);
	atomic_fetch_sub(&main_waiting, 1);
}

static void main_unlock(void)
{
	pthread_mutex_unlock(&big_lock);
	/* a halted or yielding vCPU re-checks: input may have raised an
	 * interrupt */
	pthread_cond_broadcast(&vcpu_wake);
}

static struct timespec deadline_after(int64_t ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ns > 1000000000LL)
		ns = 1000000000LL;	/* re-check at least once a second */
	ts.tv_nsec += ns % 1000000000LL;
	ts.tv_sec += ns / 1000000000LL + ts.tv_nsec / 1000000000LL;
	ts.tv_nsec %= 1000000000LL;
	return ts;
}

/* Requests from devices and the monitor; returns false when the vCPU
 * thread must end. */
static bool handle_requests(enum exec_exit why)
{
	int status;

	if (runstate_exit_requested(&status)) {
		exit_status = status;
		return false;
	}
	if (runstate_take_shutdown()) {
		/* guest power-off: QEMU exits with 0, or stops with
		 * -no-shutdown */
		vcpu_event(VCPU_EVENT_SHUTDOWN, true, "guest-shutdown");
		if (!vm.no_shutdown) {
			exit_status = 0;
			return false;
		}
		stopped = true;
		vcpu_event(VCPU_EVENT_STOP, false, NULL);
	}
	/* a reset request (keyboard controller, port 0x92, 0xCF9) or a
	 * triple fault: a reset, or the end with -no-reboot (QEMU exits
	 * with status 0 then) */
	if (why == EXEC_SHUTDOWN || runstate_take_reset()) {
		bool guest = !host_reset;

		host_reset = false;
		if (vm.no_reboot) {
			vcpu_event(VCPU_EVENT_SHUTDOWN, guest,
				   guest ? "guest-reset" : "host-qmp-system-reset");
			exit_status = 0;
			return false;
		}
		if (vm.reset(vm.opaque)) {
			exit_status = 1;
			return false;
		}
		vcpu_event(VCPU_EVENT_RESET, guest,
			   guest ? "guest-reset" : "host-qmp-system-reset");
	}
	return true;
}

static void *vcpu_thread(void *arg)
{
	enum exec_exit why = EXEC_BUDGET;

	vcpu_tid = (int)gettid();
	pthread_mutex_lock(&big_lock);
	for (;;) {
		if (!handle_requests(why))
			break;
		why = EXEC_BUDGET;
		if (atomic_load(&main_waiting) > 0) {
			pthread_cond_wait(&vcpu_wake, &big_lock);
			continue;
		}
		if (stopped) {
			pthread_cond_wait(&vcpu_wake, &big_lock);
			continue;
		}
		clock_run_timers();
		why = cpu_exec(vm.cpu, EXEC_BUDGET);
		clock_run_timers();
		if (why == EXEC_DEBUG) {
			/* a breakpoint or a finished step: the debugger has
			 * the machine until it continues it */
			stopped = true;
			vcpu_event(VCPU_EVENT_STOP, false, NULL);
			if (vcpu_debug_hook)
				vcpu_debug_hook();
			continue;
		}
		if (why == EXEC_HALT) {
			int64_t t = clock_next_timeout();
			struct timespec ts;

			if (t > 0) {
				ts = deadline_after(t == CLOCK_NEVER ? 1000000000LL : t);
				pthread_cond_timedwait(&vcpu_wake, &big_lock, &ts);
			}
		}
	}
	finished = true;
	pthread_mutex_unlock(&big_lock);
	event_loop_notify();
	return NULL;
}

static void runstate_kick_cpu(void)
{
	kick_cpu();
}

int vcpu_run(const struct vcpu_machine *machine, bool start_stopped)
{
	pthread_condattr_t ca;
	pthread_t tid;
	int err;

	vm = *machine;
	stopped = start_stopped;
	/* from here on a signal ends the machine cleanly; before, while
	 * the machine is built (a server socket may wait for its client),
	 * it just ends the process */
	handle_term_signals();
	pthread_condattr_init(&ca);
	pthread_cond_init(&vcpu_wake, &ca);
	runstate_kick = runstate_kick_cpu;
	event_loop_set_lock(main_unlock, main_lock);

	pthread_mutex_lock(&big_lock);
	err = pthread_create(&tid, NULL, vcpu_thread, NULL);
	if (err) {
		pthread_mutex_unlock(&big_lock);
		err_report("cannot start the vCPU thread: %s", strerror(err));
		return 1;
	}
	while (!finished) {
		int ret = event_loop_wait(-1);

		if (term_signal) {
			/* as QEMU: say so, and end like a quit */
			fprintf(stderr, "%s: terminating on signal %d\n",
				err_progname, (int)term_signal);
			term_signal = 0;
			vcpu_event(VCPU_EVENT_SHUTDOWN, false, "host-signal");
			vcpu_request_exit(0);
		}
		if (ret < 0) {
			err_report("event loop: %s", strerror(-ret));
			vcpu_request_exit(1);
		}
	}
	pthread_mutex_unlock(&big_lock);
	pthread_join(tid, NULL);
	event_loop_set_lock(NULL, NULL);
	runstate_kick = NULL;
	return exit_status;
}

void vcpu_stop(void)
{
	if (!stopped)
		vcpu_event(VCPU_EVENT_STOP, false, NULL);
	stopped = true;
	kick_cpu();
}

void vcpu_cont(void)
{
	if (stopped)
		vcpu_event(VCPU_EVENT_RESUME, false, NULL);
	stopped = false;
	kick_cpu();
}

int vcpu_thread_id(void)
{
	return vcpu_tid;
}

void vcpu_request_reset(void)
{
	host_reset = true;
	runstate_request_reset();
}

void vcpu_request_quit(void)
{
	vcpu_event(VCPU_EVENT_SHUTDOWN, false, "host-qmp-quit");
	runstate_request_exit(0);
}

bool vcpu_running(void)
{
	return !stopped;
}

void vcpu_request_exit(int status)
{
	runstate_request_exit(status);
}
