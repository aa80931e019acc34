/* Paths inside a container's root, resolved so that no symlink or ".." can lead outside it:
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS). */
#ifndef STOKE_PATH_H
#define STOKE_PATH_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* Open path (absolute or relative, always taken under rootfd) with flags (O_PATH, O_RDONLY…). */
int st_open_in_root (int rootfd, const char *path, int flags, st_err *err);

/* Open path under rootfd as O_PATH, creating missing directories (mode) and, when `file`, the
 * last component as an empty regular file. Returns the fd. */
int st_create_in_root (int rootfd, const char *path, mode_t mode, bool file, st_err *err);

/* The fallback used where openat2 is missing (before Linux 5.6, under valgrind): the same
 * resolution by a component walk with O_NOFOLLOW. Exported for the tests; -1 with errno. */
int st_walk_in_root (int rootfd, const char *path, int flags);

/* "/proc/self/fd/N", for syscalls that only take paths (mount(2)). */
#define ST_FD_PATH_MAX 32
const char *st_fd_path (char buf[ST_FD_PATH_MAX], int fd);

#endif
