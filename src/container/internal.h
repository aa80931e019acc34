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

#endif
