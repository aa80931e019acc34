/* The last steps before execve, the same for the container's init and for `exec`: cwd, the
 * process attributes, environment, fds, the exec itself. */
#ifndef STOKE_EXEC_LAST_H
#define STOKE_EXEC_LAST_H

#include <stdbool.h>

#include "oci-spec/oci.h"

/* chdir, then check the kernel places us inside the container's root (CVE-2024-21626 shape: a
 * cwd reached through a leaked fd shows as "(unreachable)"). */
int st_exec_enter_cwd (const char *cwd, st_err *err);

struct st_seccomp;

/* Apply p (st_process_apply), build its environment (HOME from the container's /etc/passwd when
 * missing, LISTEN_FDS/LISTEN_PID when stoke was socket-activated), mark every fd above stdio and
 * the preserved ones close-on-exec, load the seccomp filter (sc may be NULL; a listener fd goes
 * to stoke over report_fd, ST_SYNC_SECCOMP) and execve exe. Returns only on failure. */
int st_exec_process (const struct oci_process *p, const char *exe, bool userns, int preserve_fds,
                     struct st_seccomp *sc, int report_fd, st_err *err);

/* Write process.oomScoreAdj to /proc/self: called while /proc is still the host's (before
 * pivot_root, before joining the container's mount namespace), and inherited from there. */
int st_exec_set_oom_score_adj (const struct oci_process *p, st_err *err);

#endif
