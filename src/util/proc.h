/* Processes named by pid and start time, so a recycled pid is never mistaken for ours. */
#ifndef STOKE_PROC_H
#define STOKE_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/* The kernel's start time of pid (field 22 of /proc/pid/stat), 0 if it is gone or a zombie. */
unsigned long long st_pid_start_time (pid_t pid);

/* Send sig to pid if it is still the process that started at start_time: through a pidfd, so
 * the pid cannot be recycled between the check and the signal (plain kill where pidfds are
 * missing). 0, or -1 with errno (ESRCH: not that process any more). */
int st_proc_signal (pid_t pid, unsigned long long start_time, int sig);

/* Wait up to timeout_ms for that process to be gone. true when it is. */
bool st_proc_wait_gone (pid_t pid, unsigned long long start_time, int timeout_ms);

#endif
