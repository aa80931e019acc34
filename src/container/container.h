/* The OCI lifecycle: create, start, run, kill, delete, on top of state dirs and the Linux layer. */
#ifndef STOKE_CONTAINER_H
#define STOKE_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "container/state.h"
#include "util/error.h"

enum st_cgroup_manager
{
  ST_CGROUP_CGROUPFS = 0,
  ST_CGROUP_SYSTEMD,
  ST_CGROUP_DISABLED,
};

struct st_create_opts
{
  const char *root;
  const char *id;
  const char *bundle;      /* default: cwd */
  const char *config_path; /* default: <bundle>/config.json */
  const char *pid_file;
  const char *console_socket;
  int preserve_fds;
  bool no_pivot, no_new_keyring;
  enum st_cgroup_manager cgroup_manager;
  bool foreground; /* `run` without -d: stoke stays the init's parent and may hold its pty */
};

/* What create hands back to `run`. */
struct st_created
{
  struct st_container *container; /* still locked */
  pid_t pid;
  int master; /* pty master when the foreground run relays it, else -1 */
};

int st_container_create (const struct st_create_opts *o, struct st_created *out, st_err *err);

/* Release a created container's process to exec its user program; runs poststart hooks. */
int st_container_start (const char *root, const char *id, st_err *err);
int st_container_start_locked (struct st_container *c, st_err *err);

/* `run`: create, start, and in the foreground relay stdio and signals until the workload exits;
 * returns its exit status (128+N if killed by signal N). */
int st_container_run (const struct st_create_opts *o, bool detach, bool keep, st_err *err);

struct st_exec_opts
{
  const char *root;
  const char *id;
  const char *process_path; /* --process FILE: the whole process, else the config's plus: */
  char **args;              /* CMD ARGS... */
  size_t nargs;
  bool tty;
  const char *console_socket;
  bool detach;
  const char *pid_file;
  const char *cwd;
  char **env; /* -e K=V, replacing K */
  size_t nenv;
  const char *user; /* -u UID[:GID] */
  char **groups;    /* -g GID */
  size_t ngroups;
  char **caps; /* -c CAP, added to bounding, effective and permitted */
  size_t ncaps;
  bool no_new_privs;
  int preserve_fds;
  const char *process_label, *apparmor;
  const char *cgroup; /* a sub-cgroup of the container's to join */
  bool ignore_paused;
};

/* `exec`: run a process in a running container; in the foreground returns its exit code. */
int st_container_exec (const struct st_exec_opts *o, st_err *err);

int st_container_kill (const char *root, const char *id, int sig, bool all, st_err *err);

/* Delete a stopped or created container (running ones with force), its cgroup, then run the
 * poststop hooks and remove the state. */
int st_container_delete (const char *root, const char *id, bool force, st_err *err);
int st_container_delete_locked (const char *root, struct st_container *c, bool force, st_err *err);

#endif
