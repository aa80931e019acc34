/* OCI lifecycle hooks: run the programs of config.json's "hooks" with the state on stdin.
 *
 * What the runtime-spec (1.3) asks, and so what a caller must do:
 *
 * config.md, "POSIX-platform Hooks": hooks are called in the listed order; the container's state
 * is passed on stdin; `path` is absolute; `timeout`, when set, is a number of seconds and MUST be
 * greater than zero. prestart (deprecated), createRuntime, poststart and poststop run in the
 * runtime namespace; createContainer and startContainer in the container namespace (that is the
 * caller's business: these functions run the hook where they are called).
 *
 * runtime.md, "Lifecycle", on failure:
 *   prestart         (step 3)  generate an error, stop the container, go on at step 12
 *   createRuntime    (step 4)  generate an error, stop the container, go on at step 12
 *   createContainer  (step 5)  generate an error, stop the container, go on at step 12
 *   startContainer   (step 7)  generate an error, stop the container, go on at step 12
 *   poststart        (step 9)  log a warning; the remaining hooks and the lifecycle go on as if
 *                              the hook had succeeded
 *   poststop         (step 13) log a warning; the remaining hooks and the lifecycle go on as if
 *                              the hook had succeeded
 * Step 12 is "the container MUST be destroyed by undoing the steps performed during create", and
 * step 13 runs the poststop hooks: so a fatal hook failure means the caller kills the container
 * process, tears down what create built, runs the poststop hooks, then reports the error.
 *
 * st_hook_phase_fatal() tells the two kinds apart; st_hooks_run_all() already does the
 * warn-and-continue part for the non-fatal phases.
 */
#ifndef STOKE_HOOKS_H
#define STOKE_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

#include "oci-spec/oci.h"
#include "util/error.h"

enum st_hook_phase
{
  ST_HOOK_PRESTART = 0,
  ST_HOOK_CREATE_RUNTIME,
  ST_HOOK_CREATE_CONTAINER,
  ST_HOOK_START_CONTAINER,
  ST_HOOK_POSTSTART,
  ST_HOOK_POSTSTOP,
};

#define ST_HOOK_PHASES 6

/* The config.json name of a phase ("createRuntime"), or NULL for a value out of range. */
const char *st_hook_phase_name (enum st_hook_phase phase);

/* True when a failing hook of this phase must fail the operation (see the table above). */
bool st_hook_phase_fatal (enum st_hook_phase phase);

/* Run hooks[0..n-1] in order and stop at the first failure. Each runs as path with argv = args
 * (or {path} when args is empty), envp = env (empty when absent), stdin = state_json (NULL: an
 * empty stdin), stdout and stderr inherited, in a process group of its own. A hook that does not
 * read its stdin is fine. With a timeout, the hook's process group is killed with SIGKILL when
 * it runs out. `phase` names the hooks in messages:
 *   hook createRuntime[0] /usr/bin/x: timed out after 5s
 *   hook prestart[1] /path: exited with status 3
 *   hook prestart[1] /path: killed by signal 9
 *   hook poststart[0] /nope: cannot execute: No such file or directory */
int st_hooks_run (struct oci_hook **hooks, size_t n, const char *phase, const char *state_json,
                  st_err *err);

/* Run the hooks of one phase from config.json's "hooks" (h may be NULL: nothing to run).
 * Fatal phases: as st_hooks_run, the first failure is returned and the caller must stop and
 * destroy the container (above). Non-fatal phases (poststart, poststop): every hook runs, each
 * failure is logged as a warning, and the result is 0. */
int st_hooks_run_all (const struct oci_hooks *h, enum st_hook_phase phase, const char *state_json,
                      st_err *err);

#endif
