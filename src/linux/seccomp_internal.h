/* Between the parts of the seccomp module: the checked profile, the compiler and the cache. */
#ifndef STOKE_SECCOMP_INTERNAL_H
#define STOKE_SECCOMP_INTERNAL_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>

#include "oci-spec/oci.h"
#include "util/error.h"
#include "util/sha256.h"

/* Linux syscalls have six arguments. */
#define SC_MAX_ARGS 6

/* linux.seccomp after every check that does not need libseccomp's compiler: what the compiler
 * and the loader work from. The same checks run on a cache hit, so a profile is refused the same
 * way whether or not its program is cached. */
struct sc_profile
{
  uint32_t default_action; /* SCMP_ACT_* value, errno included */
  uint32_t *actions;       /* per syscalls[] entry */
  uint32_t *arches;        /* libseccomp tokens of architectures[] */
  size_t n_arches;
  unsigned int flags; /* seccomp(2) flags from linux.seccomp.flags */
  bool notify;        /* some rule is SCMP_ACT_NOTIFY */
};

int sc_profile_check (const struct oci_seccomp *s, struct sc_profile *p, st_err *err);
void sc_profile_release (struct sc_profile *p);
/* The scmp_compare of an operator name; -1 when unknown. */
int sc_operator (const char *name, int *op);
/* The seccomp(2) flag of a linux.seccomp.flags name; 0 when unknown. */
unsigned int sc_flag_value (const char *name);

/* Compile with libseccomp into a malloc'd program of *len instructions. */
int sc_compile (const struct oci_seccomp *s, const struct sc_profile *p, struct sock_filter **out,
                size_t *len, st_err *err);

/* The cache key of a profile (see st_seccomp_prepare). */
int sc_cache_key (const struct oci_seccomp *s, unsigned char key[ST_SHA256_LEN], st_err *err);

/* Look the key up in dir. 1 on a verified hit: *mem (to free) holds the file and *insns points
 * into it; 0 when there is no usable entry (missing, damaged, not ours: the caller compiles). */
int sc_cache_lookup (const char *dir, const unsigned char key[ST_SHA256_LEN], void **mem,
                     struct sock_filter **insns, size_t *len);

/* Store a program under key; failures are logged, never fatal (the cache only saves time). */
void sc_cache_store (const char *dir, const unsigned char key[ST_SHA256_LEN],
                     const struct sock_filter *insns, size_t len);

/* The name of the cache file for key: "<64 hex>.bpf". */
#define SC_CACHE_NAME_LEN (2 * ST_SHA256_LEN + sizeof ".bpf")
void sc_cache_name (const unsigned char key[ST_SHA256_LEN], char name[SC_CACHE_NAME_LEN]);

#endif
