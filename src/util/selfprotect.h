/* CVE-2019-5736: a container that gets the kernel to run stoke inside itself (a workload whose
 * interpreter is /proc/self/exe) can open /proc/PID/exe of that process and, once stoke has
 * exited, write the host binary through it. The processes stoke makes inside a container are
 * clones of the command that made them, so that command must not be running from a writable
 * binary: create, run and exec re-execute themselves, once, from a copy of stoke on a read-only
 * bind mount (made once per boot under ST_PROTECTED_DIR). Every other command pays nothing. */
#ifndef STOKE_SELFPROTECT_H
#define STOKE_SELFPROTECT_H

#include "error.h"

#define ST_PROTECTED_DIR "/run/stoke-exe"

/* Returns 0 when already running from a read-only copy; otherwise makes or finds the copy and
 * execs it with the same argv and environment (no return), or fails. */
int st_self_protect (char **argv, st_err *err);

#endif
