/* Messages between stoke and the container's init over a SOCK_SEQPACKET pair, optionally
 * carrying one fd (SCM_RIGHTS). */
#ifndef STOKE_SYNC_H
#define STOKE_SYNC_H

#include "util/error.h"

enum st_sync_type
{
  ST_SYNC_CGROUP = 1,   /* parent → child: moved into the cgroup (when clone3 is missing) */
  ST_SYNC_USERNS,       /* init → parent: write my uid/gid maps */
  ST_SYNC_MAPS_DONE,    /* parent → init */
  ST_SYNC_PID,          /* stage 1 → parent: the init's pid (value) */
  ST_SYNC_HOOKS,        /* init → parent: run prestart and createRuntime hooks now */
  ST_SYNC_HOOKS_DONE,   /* parent → init */
  ST_SYNC_READY,        /* init → parent: waiting before the user process (fd: pty master) */
  ST_SYNC_DETACH,       /* parent → init: state saved; outlive me */
  ST_SYNC_SECCOMP,      /* process → stoke: the seccomp listener fd, for listenerPath */
  ST_SYNC_SECCOMP_DONE, /* stoke → process: handed over */
  ST_SYNC_ERROR,        /* either way: text says what failed */
};

struct st_sync_msg
{
  int type;
  int value;
  char text[2048];
};

/* Returns 0 on success, -1 with errno. */
int st_sync_send (int sock, int type, int value, const char *text, int fd);

/* Returns 1 for a message (*fd set to a received fd or -1), 0 on EOF, -1 with errno. */
int st_sync_recv (int sock, struct st_sync_msg *m, int *fd);

/* Receive, expecting `type`; an ST_SYNC_ERROR or EOF becomes an error naming `what`. */
int st_sync_expect (int sock, int type, const char *what, struct st_sync_msg *m, int *fd,
                    st_err *err);

#endif
