/* A foreground `run` or `exec`: stoke stays the workload's parent, forwards the signals it
 * receives, relays the workload's pty, and returns its exit status. */
#ifndef STOKE_SUPERVISE_H
#define STOKE_SUPERVISE_H

#include <signal.h>
#include <sys/types.h>

#include "util/error.h"

/* Block every forwardable signal and collect them in a signalfd, from before the workload
 * exists so none is lost. *old receives the previous mask. */
int st_supervise_prepare (sigset_t *old, int *sigfd, st_err *err);

/* Wait for pid, forwarding signals and relaying master (-1: no pty) to stdio; takes ownership
 * of master. Returns the exit code: the status, or 128+N when killed by signal N. */
int st_supervise (pid_t pid, int sigfd, int master);

#endif
