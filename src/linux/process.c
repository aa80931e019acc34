#include "process.h"

#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/affinity.h"
#include "linux/ioprio.h"
#include "linux/lsm.h"
#include "linux/mempolicy.h"
#include "linux/personality.h"
#include "linux/scheduler.h"
#include "oci-spec/names.h"
#include "util/cleanup.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int
cap_lookup (const char *name, cap_value_t *v)
{
  /* libcap knows the names in lower case. */
  char lower[64];
  size_t i;
  for (i = 0; name[i] && i < sizeof lower - 1; i++)
    lower[i] = name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i];
  lower[i] = '\0';
  if (strncmp (lower, "cap_", 4) != 0)
    return -1;
  return cap_from_name (lower, v);
}

static int
check_caps (char **names, size_t n, const char *source, const char *set, st_err *err)
{
  cap_value_t v;
  for (size_t i = 0; i < n; i++)
    if (cap_lookup (names[i], &v) < 0)
      return st_fail (err, 0, "%s: process.capabilities.%s[%zu]: unknown capability `%s`", source,
                      set, i, names[i]);
  return 0;
}

int
st_process_check (const struct oci_process *p, const char *source, st_err *err)
{
  const struct oci_capabilities *c = p->capabilities;

  if (c
      && (check_caps (c->bounding, c->bounding_len, source, "bounding", err) < 0
          || check_caps (c->effective, c->effective_len, source, "effective", err) < 0
          || check_caps (c->inheritable, c->inheritable_len, source, "inheritable", err) < 0
          || check_caps (c->permitted, c->permitted_len, source, "permitted", err) < 0
          || check_caps (c->ambient, c->ambient_len, source, "ambient", err) < 0))
    return -1;
  if (st_sched_check (p->scheduler, source, err) < 0
      || st_ioprio_check (p->io_priority, source, err) < 0
      || st_exec_affinity_check (p->exec_cpu_affinity, source, err) < 0
      || st_lsm_check_process (p, source, err) < 0)
    return -1;
  return 0;
}

static bool
is_executable (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode) && access (path, X_OK) == 0;
}

int
st_process_find_exec (const struct oci_process *p, char **out, st_err *err)
{
  const char *prog = p->args[0], *path = DEFAULT_PATH;
  struct stat st;

  if (strchr (prog, '/')) {
    if (stat (prog, &st) < 0)
      return st_fail_sys (err, "process.args[0]: `%s`", prog);
    if (!S_ISREG (st.st_mode) || access (prog, X_OK) < 0)
      return st_fail (err, 0, "process.args[0]: `%s` is not an executable file", prog);
    *out = strdup (prog);
    return *out ? 0 : st_fail_sys (err, "exec");
  }
  for (size_t i = 0; i < p->env_len; i++)
    if (strncmp (p->env[i], "PATH=", 5) == 0)
      path = p->env[i] + 5;
  for (const char *s = path; *s;) {
    const char *colon = strchrnul (s, ':');
    cleanup_free char *cand = NULL;
    int len = (int) (colon - s);
    if (asprintf (&cand, "%.*s/%s", len ? len : 1, len ? s : ".", prog) < 0)
      return st_fail_sys (err, "exec");
    if (is_executable (cand)) {
      *out = steal_ptr (cand);
      return 0;
    }
    s = *colon ? colon + 1 : colon;
  }
  return st_fail (err, 0, "process.args[0]: executable `%s` not found in $PATH of the container",
                  prog);
}

static int
apply_rlimits (const struct oci_process *p, st_err *err)
{
  for (size_t i = 0; i < p->rlimits_len; i++) {
    const struct oci_rlimit *r = p->rlimits[i];
    struct rlimit rl = { .rlim_cur = r->soft, .rlim_max = r->hard };
    int res = oci_rlimit_from_name (r->type);
    if (res < 0)
      return st_fail (err, 0, "process.rlimits[%zu]: unknown type `%s`", i, r->type);
    if (setrlimit (res, &rl) < 0)
      return st_fail_sys (err, "process.rlimits[%zu]: set %s to %llu/%llu", i, r->type,
                          (unsigned long long) r->soft, (unsigned long long) r->hard);
  }
  return 0;
}

static int
apply_user (const struct oci_user *u, bool userns, st_err *err)
{
  gid_t *gids = NULL;
  size_t n = u->additional_gids_len;

  if (n) {
    gids = calloc (n, sizeof *gids);
    if (gids == NULL)
      return st_fail_sys (err, "setgroups");
    for (size_t i = 0; i < n; i++)
      gids[i] = u->additional_gids[i];
  }
  int r = setgroups (n, gids);
  free (gids);
  /* In a user namespace with setgroups denied, an empty list is all we could ask for anyway. */
  if (r < 0 && !(errno == EPERM && userns && n == 0))
    return st_fail_sys (err, "process.user.additionalGids: setgroups");
  if (setresgid (u->gid, u->gid, u->gid) < 0)
    return st_fail_sys (err, "process.user.gid: setgid %u", u->gid);
  if (setresuid (u->uid, u->uid, u->uid) < 0)
    return st_fail_sys (err, "process.user.uid: setuid %u", u->uid);
  return 0;
}

static int
set_cap_flags (cap_t caps, cap_flag_t flag, char **names, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    cap_value_t v;
    if (cap_lookup (names[i], &v) < 0)
      return -1;
    if (v >= (cap_value_t) cap_max_bits ())
      continue; /* known to libcap, not to this kernel */
    if (cap_set_flag (caps, flag, 1, &v, CAP_SET) < 0)
      return -1;
  }
  return 0;
}

static int
drop_bounding (const struct oci_capabilities *c, st_err *err)
{
  cap_value_t max = cap_max_bits ();
  uint64_t keep = 0;

  /* The names once, then one prctl per capability to drop. */
  for (size_t i = 0; i < c->bounding_len; i++) {
    cap_value_t v;
    if (cap_lookup (c->bounding[i], &v) == 0 && v < 64)
      keep |= UINT64_C (1) << v;
  }
  for (cap_value_t v = 0; v < max; v++)
    if (!(keep & (UINT64_C (1) << v)) && prctl (PR_CAPBSET_DROP, v, 0, 0, 0) < 0 && errno != EINVAL)
      return st_fail_sys (err, "process.capabilities.bounding: drop capability %d", v);
  return 0;
}

static int
apply_caps (const struct oci_capabilities *c, st_err *err)
{
  cap_t caps = cap_init ();
  int r;

  if (caps == NULL)
    return st_fail_sys (err, "capabilities");
  r = set_cap_flags (caps, CAP_EFFECTIVE, c->effective, c->effective_len);
  if (r == 0)
    r = set_cap_flags (caps, CAP_PERMITTED, c->permitted, c->permitted_len);
  if (r == 0)
    r = set_cap_flags (caps, CAP_INHERITABLE, c->inheritable, c->inheritable_len);
  if (r == 0)
    r = cap_set_proc (caps);
  cap_free (caps);
  if (r < 0)
    return st_fail_sys (err, "process.capabilities: set effective/permitted/inheritable");
  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return st_fail_sys (err, "process.capabilities.ambient: clear");
  for (size_t i = 0; i < c->ambient_len; i++) {
    cap_value_t v;
    if (cap_lookup (c->ambient[i], &v) < 0 || v >= (cap_value_t) cap_max_bits ())
      continue;
    if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, v, 0, 0) < 0)
      return st_fail_sys (err, "process.capabilities.ambient[%zu]: raise %s", i, c->ambient[i]);
  }
  return 0;
}

int
st_process_apply (const struct oci_process *p, bool userns, st_err *err)
{
  if (apply_rlimits (p, err) < 0)
    return -1;
  /* While root: real-time policies, a lower nice and the RT I/O class need CAP_SYS_NICE, and the
   * LSM labels must be asked for before no_new_privs restricts the transitions. execCPUAffinity
   * is for `exec`ed processes only (linux/affinity.h): the init never applies it. */
  if (st_sched_apply (p->scheduler, err) < 0 || st_ioprio_apply (p->io_priority, err) < 0
      || st_lsm_apply_exec (p, err) < 0)
    return -1;
  if (p->capabilities && drop_bounding (p->capabilities, err) < 0)
    return -1;
  /* Keep the permitted set across setuid so the configured capabilities can be set after it. */
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return st_fail_sys (err, "PR_SET_KEEPCAPS");
  if (apply_user (p->user, userns, err) < 0)
    return -1;
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return st_fail_sys (err, "PR_SET_KEEPCAPS");
  if (p->capabilities && apply_caps (p->capabilities, err) < 0)
    return -1;
  if (p->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return st_fail_sys (err, "process.noNewPrivileges");
  umask (p->user->has_umask ? p->user->umask : 022);
  return 0;
}

int
st_process_apply_linux (const struct oci_linux *lx, st_err *err)
{
  if (lx == NULL)
    return 0;
  if (st_personality_apply (lx->personality, err) < 0
      || st_mempolicy_apply (lx->memory_policy, err) < 0)
    return -1;
  return 0;
}
