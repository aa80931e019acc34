/* linux.seccomp: compile the profile to a classic BPF program (libseccomp, or a verified cache of
 * earlier compilations), load it into a process, and hand a SCMP_ACT_NOTIFY listener to the
 * agent at listenerPath.
 *
 * The work is split so the container's process does as little as possible: st_seccomp_prepare
 * runs in the runtime (validation, compilation or cache lookup, all allocation); the forked
 * process only calls st_seccomp_load, which is one seccomp(2) call on the prepared program.
 */
#ifndef STOKE_SECCOMP_H
#define STOKE_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "oci-spec/oci.h"
#include "util/error.h"

/* A compiled filter ready to load. */
struct st_seccomp;

/* Check linux.seccomp and compile it to BPF, or take the program from the cache.
 *
 * cache_dir (e.g. "<state root>/.seccomp"; NULL for no cache) holds <key>.bpf files, key = the
 * SHA-256 of the profile's canonical JSON (without flags, listenerPath and listenerMetadata,
 * which do not change the program), the libseccomp version, the kernel (uname release, version,
 * machine) and libseccomp's native arch. A hit is loaded as stored, after its header and checksum
 * are verified, without calling libseccomp's compiler; a damaged entry is compiled again and
 * replaced. A cache that cannot be used (unwritable, not ours) only costs the compilation.
 *
 * Errors name the JSON path: "linux.seccomp.syscalls[3].action: unknown action
 * \"SCMP_ACT_FOO\"". Syscall names this libseccomp does not know are skipped, as runc does (the
 * kernel it knows cannot have them either); rules whose action is the default action are
 * redundant and skipped too. */
int st_seccomp_prepare (const struct oci_seccomp *s, const char *cache_dir, struct st_seccomp **out,
                        st_err *err);

/* Load the filter into the calling process. The caller must have set no_new_privs or still hold
 * CAP_SYS_ADMIN (the kernel refuses with EACCES otherwise). linux.seccomp.flags are passed to
 * seccomp(2); when the profile has SCMP_ACT_NOTIFY rules, *notify_fd receives the listener
 * (SECCOMP_FILTER_FLAG_NEW_LISTENER), else -1. notify_fd may be NULL when no listener is wanted.
 * Allocates nothing unless it fails, so it is safe between fork and exec. */
int st_seccomp_load (struct st_seccomp *sc, int *notify_fd, st_err *err);

/* The profile has SCMP_ACT_NOTIFY rules: loading it yields a listener fd for the agent. */
bool st_seccomp_wants_listener (const struct st_seccomp *sc);

/* The program came from the cache (for logs and tests). */
bool st_seccomp_from_cache (const struct st_seccomp *sc);

/* The BPF program: *len instructions of struct sock_filter (for tests and tools). */
const void *st_seccomp_program (const struct st_seccomp *sc, size_t *len);

void st_seccomp_free (struct st_seccomp *sc);

static inline void
st_seccomp_freep (struct st_seccomp **sc)
{
  st_seccomp_free (*sc);
}
#define cleanup_seccomp __attribute__ ((cleanup (st_seccomp_freep)))

/* Send the agent at listener_path (a unix stream socket) the container process state, as runc
 * does: one JSON message
 *   {"ociVersion": ..., "fds": ["seccompFd"], "pid": pid, "metadata": metadata,
 *    "state": <state_json>}
 * with notify_fd attached (SCM_RIGHTS), then close the connection. state_json is the container's
 * OCI state object as text; metadata (linux.seccomp.listenerMetadata) may be NULL. */
int st_seccomp_send_listener (const char *listener_path, const char *metadata, pid_t pid,
                              const char *state_json, int notify_fd, st_err *err);

/* What this build understands, for `stoke features`: the i-th name, NULL past the end. */
const char *st_seccomp_action_name (size_t i);
const char *st_seccomp_operator_name (size_t i);
const char *st_seccomp_flag_name (size_t i);
const char *st_seccomp_arch_name (size_t i); /* "SCMP_ARCH_X86_64", ... */

/* The linked libseccomp knows the architecture named. */
bool st_seccomp_arch_supported (const char *name);

/* The running kernel accepts the flag named (probed without installing anything). */
bool st_seccomp_flag_supported (const char *name);

#endif
