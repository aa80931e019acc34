/* Scope-bound release of fds, memory, dirs and streams (GCC/clang cleanup attribute). */
#ifndef STOKE_CLEANUP_H
#define STOKE_CLEANUP_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void
st_freep (void *p)
{
  free (*(void **) p);
}

static inline void
st_closep (int *fd)
{
  if (*fd >= 0)
    close (*fd);
}

static inline void
st_closedirp (DIR **d)
{
  if (*d)
    closedir (*d);
}

static inline void
st_fclosep (FILE **f)
{
  if (*f)
    fclose (*f);
}

#define cleanup_free  __attribute__ ((cleanup (st_freep)))
#define cleanup_close __attribute__ ((cleanup (st_closep)))
#define cleanup_dir   __attribute__ ((cleanup (st_closedirp)))
#define cleanup_file  __attribute__ ((cleanup (st_fclosep)))

/* Move ownership out of a cleanup-managed variable. */
static inline void *
st_steal_ptr (void *pp)
{
  void **p = pp;
  void *v = *p;
  *p = NULL;
  return v;
}

static inline int
st_steal_fd (int *fd)
{
  int v = *fd;
  *fd = -1;
  return v;
}

#define steal_ptr(p) st_steal_ptr (&(p))
#define steal_fd(fd) st_steal_fd (&(fd))

#endif
