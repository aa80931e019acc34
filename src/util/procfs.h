/* A procfs of stoke's own: a fresh instance made with the new mount API and never attached
 * anywhere, so nothing a container mounted over its /proc (CVE-2019-16884, CVE-2019-19921
 * class) can stand in for the files stoke writes there. */
#ifndef STOKE_PROCFS_H
#define STOKE_PROCFS_H

#include "error.h"

/* An O_PATH fd on the root of a private procfs for the caller's pid namespace (cached for the
 * process: don't use it across a fork into another pid namespace). */
int st_procfs_private (st_err *err);

/* Open path (relative, e.g. "thread-self/attr/exec") in the private procfs; no symlink may lead
 * out of it. */
int st_procfs_open (const char *path, int flags, st_err *err);

#endif
