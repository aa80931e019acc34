/* File helpers: whole-file reads, atomic writes, directory creation. */
#ifndef STOKE_FS_H
#define STOKE_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* Read a whole file (at dirfd, or AT_FDCWD) into a NUL-terminated buffer. */
int st_read_file_at (int dirfd, const char *path, char **out, size_t *len, st_err *err);

/* Write data to dirfd/name through a temp file and rename, so readers see old or new. */
int st_write_file_atomic (int dirfd, const char *name, const void *data, size_t len, mode_t mode,
                          st_err *err);

/* Write all of data to fd, retrying on short writes and EINTR. */
int st_write_all (int fd, const void *data, size_t len);

/* mkdir -p with mode for every created component. */
int st_mkdir_p (const char *path, mode_t mode, st_err *err);

/* Remove dirfd/name recursively (no symlink is followed). */
int st_rm_rf_at (int parent, const char *name);

#endif
