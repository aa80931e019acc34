/* Shared by the lifecycle files. */
#ifndef STOKE_CONTAINER_INTERNAL_H
#define STOKE_CONTAINER_INTERNAL_H

#include "container/container.h"
#include "container/hooks.h"

/* Run one phase of hooks with c's state (given status and pid) on their stdin. Phases the spec
 * says must not fail the operation (poststart, poststop) only log a warning. */
int st_container_run_hooks (struct st_container *c, const struct oci_hooks *h,
                            enum st_hook_phase phase, enum st_status status, pid_t pid,
                            st_err *err);

/* Load the config the container was created from (its copy in the state dir). */
int st_container_load_config (struct st_container *c, struct oci_config **out, st_err *err);

/* path made absolute against the current directory (NULL stays NULL); *out is malloc'd. */
int st_caller_path (char **out, const char *path, st_err *err);

/* Written like runc's: the bare number, no newline, replaced atomically. */
int st_write_pid_file (const char *path, pid_t pid, st_err *err);

/* A connected --console-socket. */
int st_console_connect (const char *path, st_err *err);

/* The process asked (ST_SYNC_SECCOMP) to hand its seccomp listener fd to
 * linux.seccomp.listenerPath, with the container's state; answer it on sock. */
int st_container_forward_listener (struct st_container *c, const struct oci_config *cfg, pid_t pid,
                                   int listener_fd, int sock, st_err *err);

#endif
