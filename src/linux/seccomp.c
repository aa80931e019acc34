/* linux.seccomp: prepare (check, cache or compile) in the runtime; load in the container. */
#include "seccomp.h"
#include "seccomp_internal.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

struct st_seccomp
{
  void *mem; /* owns insns: the compiled program, or the whole cache file */
  struct sock_filter *insns;
  size_t len;
  unsigned int flags; /* from linux.seccomp.flags */
  bool notify;
  bool cached;
};

int
st_seccomp_prepare (const struct oci_seccomp *s, const char *cache_dir, struct st_seccomp **out,
                    st_err *err)
{
  struct sc_profile p;
  unsigned char key[ST_SHA256_LEN];
  struct st_seccomp *sc = NULL;
  struct sock_filter *insns = NULL;
  size_t len = 0;

  *out = NULL;
  if (sc_profile_check (s, &p, err) < 0)
    goto fail;
  sc = calloc (1, sizeof *sc);
  if (sc == NULL) {
    st_fail_sys (err, "linux.seccomp");
    goto fail;
  }
  sc->flags = p.flags;
  sc->notify = p.notify;

  if (cache_dir) {
    if (sc_cache_key (s, key, err) < 0)
      goto fail;
    if (sc_cache_lookup (cache_dir, key, &sc->mem, &sc->insns, &sc->len) == 1) {
      sc->cached = true;
      goto done;
    }
  }
  if (sc_compile (s, &p, &insns, &len, err) < 0)
    goto fail;
  sc->mem = sc->insns = insns;
  sc->len = len;
  if (cache_dir)
    sc_cache_store (cache_dir, key, insns, len);

done:
  sc_profile_release (&p);
  *out = sc;
  return 0;

fail:
  sc_profile_release (&p);
  st_seccomp_free (sc);
  return -1;
}

int
st_seccomp_load (struct st_seccomp *sc, int *notify_fd, st_err *err)
{
  struct sock_fprog prog = { .len = (unsigned short) sc->len, .filter = sc->insns };
  unsigned int flags = sc->flags;
  long rc;

  if (notify_fd)
    *notify_fd = -1;
  if (sc->notify) {
    flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
    /* The kernel refuses TSYNC next to a listener unless a thread that cannot be synchronized
     * is reported as ESRCH instead of by its id (which would be mistaken for the fd). */
    if (flags & SECCOMP_FILTER_FLAG_TSYNC)
      flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
  } else {
    /* Only meaningful for a listener, and refused by the kernel without one (as libseccomp, which
     * sets it only when it creates a listener). */
    flags &= ~(unsigned int) SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
  }

  rc = syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  /* Kernels before 3.17 have no seccomp(2); prctl does the same when no flag is needed. */
  if (rc < 0 && errno == ENOSYS && flags == 0)
    rc = prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
  if (rc < 0) {
    if (errno == EACCES)
      return st_fail (err, errno,
                      "loading the seccomp filter (no_new_privs is not set and "
                      "CAP_SYS_ADMIN is gone)");
    return st_fail (err, errno, "loading the seccomp filter (%zu instructions, flags %#x)", sc->len,
                    flags);
  }
  if (sc->notify) {
    if (notify_fd)
      *notify_fd = (int) rc;
    else
      close ((int) rc); /* no agent: notified syscalls fail with ENOSYS */
  } else if (rc > 0) {
    return st_fail (err, 0, "loading the seccomp filter: thread %ld could not be synchronized", rc);
  }
  return 0;
}

bool
st_seccomp_wants_listener (const struct st_seccomp *sc)
{
  return sc->notify;
}

bool
st_seccomp_from_cache (const struct st_seccomp *sc)
{
  return sc->cached;
}

const void *
st_seccomp_program (const struct st_seccomp *sc, size_t *len)
{
  *len = sc->len;
  return sc->insns;
}

void
st_seccomp_free (struct st_seccomp *sc)
{
  if (sc == NULL)
    return;
  free (sc->mem);
  free (sc);
}

bool
st_seccomp_flag_supported (const char *name)
{
  unsigned int f = sc_flag_value (name);

  if (f == 0)
    return false;
  if (f == SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
    f |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
  /* The kernel checks the flags before it reads the program: with no program, EFAULT means it
   * took them, EINVAL that it does not know one. Nothing is installed either way. */
  return syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, f, NULL) < 0 && errno == EFAULT;
}
