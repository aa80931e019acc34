/* linux.seccomp checked and translated to numbers: actions, operators, architectures, flags. */
#include "seccomp.h"
#include "seccomp_internal.h"
#include "util/nametab.h"

#include <ctype.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/* Sorted, as `stoke features` lists them. */
static const struct
{
  const char *name;
  uint32_t action; /* for ERRNO and TRACE, without the data bits */
  bool takes_errno;
} actions[] = {
  { "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, false },
  { "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO (0), true },
  /* runc's alias: KILL has always meant the thread (SECCOMP_RET_KILL_THREAD is 0). */
  { "SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD, false },
  { "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, false },
  { "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD, false },
  { "SCMP_ACT_LOG", SCMP_ACT_LOG, false },
  { "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY, false },
  /* errnoRet is the value the tracer sees (PTRACE_GETEVENTMSG). */
  { "SCMP_ACT_TRACE", SCMP_ACT_TRACE (0), true },
  { "SCMP_ACT_TRAP", SCMP_ACT_TRAP, false },
};

static const struct
{
  const char *name;
  enum scmp_compare op;
} operators[] = {
  { "SCMP_CMP_EQ", SCMP_CMP_EQ }, { "SCMP_CMP_GE", SCMP_CMP_GE },
  { "SCMP_CMP_GT", SCMP_CMP_GT }, { "SCMP_CMP_LE", SCMP_CMP_LE },
  { "SCMP_CMP_LT", SCMP_CMP_LT }, { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
  { "SCMP_CMP_NE", SCMP_CMP_NE },
};

/* The runtime-spec's names and the newer ones libseccomp added; each is SCMP_ARCH_ and
 * libseccomp's own name in capitals. Which of them work depends on the linked libseccomp. */
static const char *const arches[] = {
  "SCMP_ARCH_AARCH64",  "SCMP_ARCH_ARM",         "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K",
  "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",
  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PARISC",      "SCMP_ARCH_PARISC64",
  "SCMP_ARCH_PPC",      "SCMP_ARCH_PPC64",       "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_RISCV64",
  "SCMP_ARCH_S390",     "SCMP_ARCH_S390X",       "SCMP_ARCH_SH",          "SCMP_ARCH_SHEB",
  "SCMP_ARCH_X32",      "SCMP_ARCH_X86",         "SCMP_ARCH_X86_64",
};

static const struct
{
  const char *name;
  unsigned int flag;
} flags[] = {
  { "SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC },
  { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
  { "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
  { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV },
};

const char *
st_seccomp_action_name (size_t i)
{
  return i < ST_N_ELEMENTS (actions) ? actions[i].name : NULL;
}

const char *
st_seccomp_operator_name (size_t i)
{
  return i < ST_N_ELEMENTS (operators) ? operators[i].name : NULL;
}

const char *
st_seccomp_flag_name (size_t i)
{
  return i < ST_N_ELEMENTS (flags) ? flags[i].name : NULL;
}

const char *
st_seccomp_arch_name (size_t i)
{
  return i < ST_N_ELEMENTS (arches) ? arches[i] : NULL;
}

/* libseccomp's token for an SCMP_ARCH_ name; 0 when it is not one or libseccomp lacks it. */
static uint32_t
arch_token (const char *name)
{
  char lower[32];
  size_t i;

  for (i = 0; i < ST_N_ELEMENTS (arches); i++)
    if (strcmp (name, arches[i]) == 0)
      break;
  if (i == ST_N_ELEMENTS (arches))
    return 0;
  name += strlen ("SCMP_ARCH_");
  for (i = 0; name[i] && i + 1 < sizeof lower; i++)
    lower[i] = (char) tolower ((unsigned char) name[i]);
  lower[i] = '\0';
  return seccomp_arch_resolve_name (lower);
}

bool
st_seccomp_arch_supported (const char *name)
{
  return arch_token (name) != 0;
}

unsigned int
sc_flag_value (const char *name)
{
  for (size_t i = 0; i < ST_N_ELEMENTS (flags); i++)
    if (strcmp (name, flags[i].name) == 0)
      return flags[i].flag;
  return 0;
}

int
sc_operator (const char *name, int *op)
{
  for (size_t i = 0; i < ST_N_ELEMENTS (operators); i++)
    if (strcmp (name, operators[i].name) == 0) {
      *op = operators[i].op;
      return 0;
    }
  return -1;
}

/* The action `name` with its errno. `at` is the JSON path of the object holding it ("linux.seccomp"
 * or "linux.seccomp.syscalls[3]"), action_key and errno_key the member names. */
static int
action_value (const char *at, const char *action_key, const char *name, const char *errno_key,
              bool has_errno, uint32_t errno_ret, uint32_t *out, st_err *err)
{
  size_t i;

  for (i = 0; i < ST_N_ELEMENTS (actions); i++)
    if (strcmp (name, actions[i].name) == 0)
      break;
  if (i == ST_N_ELEMENTS (actions))
    return st_fail (err, 0, "%s.%s: unknown action \"%s\"", at, action_key, name);
  if (!actions[i].takes_errno) {
    /* The runtime-spec: an errno for an action without one is an error, not ignored. */
    if (has_errno)
      return st_fail (err, 0,
                      "%s.%s: %s takes no errno (only SCMP_ACT_ERRNO and SCMP_ACT_TRACE do)", at,
                      errno_key, name);
    *out = actions[i].action;
    return 0;
  }
  /* The kernel keeps 16 bits of data with the action; more would be silently cut. */
  if (has_errno && errno_ret > 0xffff)
    return st_fail (err, 0, "%s.%s: %u is out of range (at most 65535)", at, errno_key, errno_ret);
  *out = actions[i].action | (has_errno ? errno_ret : EPERM);
  return 0;
}

static int
check_syscall (const struct oci_syscall *sc, size_t i, uint32_t *action, st_err *err)
{
  char at[64];

  snprintf (at, sizeof at, "linux.seccomp.syscalls[%zu]", i);
  if (action_value (at, "action", sc->action, "errnoRet", sc->has_errno_ret, sc->errno_ret, action,
                    err)
      < 0)
    return -1;
  for (size_t j = 0; j < sc->names_len; j++) {
    if (sc->names[j][0] == '\0')
      return st_fail (err, 0, "%s.names[%zu]: empty syscall name", at, j);
    /* As runc: after loading the filter the container's process writes the listener fd's
     * number to its parent, which then hands the fd to the agent. A notified write would wait
     * for an agent that cannot have the fd yet. */
    if (*action == SCMP_ACT_NOTIFY && strcmp (sc->names[j], "write") == 0)
      return st_fail (err, 0, "%s.names[%zu]: SCMP_ACT_NOTIFY cannot be used for \"write\"", at, j);
  }
  for (size_t j = 0; j < sc->args_len; j++) {
    const struct oci_seccomp_arg *a = sc->args[j];
    int op;

    if (a->index >= SC_MAX_ARGS)
      return st_fail (err, 0,
                      "%s.args[%zu].index: %u is out of range (syscall arguments are 0 to 5)", at,
                      j, a->index);
    if (sc_operator (a->op, &op) < 0)
      return st_fail (err, 0, "%s.args[%zu].op: unknown operator \"%s\"", at, j, a->op);
  }
  return 0;
}

int
sc_profile_check (const struct oci_seccomp *s, struct sc_profile *p, st_err *err)
{
  ssize_t notify_at = -1;

  memset (p, 0, sizeof *p);
  if (action_value ("linux.seccomp", "defaultAction", s->default_action, "defaultErrnoRet",
                    s->has_default_errno_ret, s->default_errno_ret, &p->default_action, err)
      < 0)
    return -1;
  /* As runc: every syscall without a rule would wait for an agent, the runtime's own too. */
  if (p->default_action == SCMP_ACT_NOTIFY)
    return st_fail (err, 0,
                    "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");

  if (s->architectures_len) {
    p->arches = calloc (s->architectures_len, sizeof *p->arches);
    if (p->arches == NULL)
      return st_fail_sys (err, "linux.seccomp");
  }
  for (size_t i = 0; i < s->architectures_len; i++) {
    uint32_t token = arch_token (s->architectures[i]);
    if (token == 0)
      return st_fail (err, 0, "linux.seccomp.architectures[%zu]: unknown architecture \"%s\"", i,
                      s->architectures[i]);
    p->arches[p->n_arches++] = token;
  }

  for (size_t i = 0; i < s->flags_len; i++) {
    unsigned int f = sc_flag_value (s->flags[i]);
    if (f == 0)
      return st_fail (err, 0, "linux.seccomp.flags[%zu]: unknown flag \"%s\"", i, s->flags[i]);
    p->flags |= f;
  }

  if (s->syscalls_len) {
    p->actions = calloc (s->syscalls_len, sizeof *p->actions);
    if (p->actions == NULL)
      return st_fail_sys (err, "linux.seccomp");
  }
  for (size_t i = 0; i < s->syscalls_len; i++) {
    if (check_syscall (s->syscalls[i], i, &p->actions[i], err) < 0)
      return -1;
    if (p->actions[i] == SCMP_ACT_NOTIFY && notify_at < 0)
      notify_at = (ssize_t) i;
  }
  p->notify = notify_at >= 0;

  if (s->listener_metadata && s->listener_path == NULL)
    return st_fail (err, 0, "linux.seccomp.listenerMetadata: set without listenerPath");
  /* Without an agent every notified syscall would fail with ENOSYS: surely not what was meant. */
  if (p->notify && (s->listener_path == NULL || s->listener_path[0] == '\0'))
    return st_fail (err, 0,
                    "linux.seccomp.listenerPath: required by SCMP_ACT_NOTIFY in "
                    "linux.seccomp.syscalls[%zd]",
                    notify_at);
  return 0;
}

void
sc_profile_release (struct sc_profile *p)
{
  free (p->actions);
  free (p->arches);
  p->actions = NULL;
  p->arches = NULL;
}
