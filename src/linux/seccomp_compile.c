/* A checked profile compiled to BPF by libseccomp, translated the way runc translates it. */
#include "seccomp_internal.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"

/* libseccomp's binary tree finds a syscall in O(log n) comparisons instead of a walk through the
 * list. runc turns it on for profiles of more than 32 entries; stoke counts the rules actually
 * added, which also keeps it off for a filter with no rules, which libseccomp up to 2.5.4
 * mishandles. */
#define SC_TREE_MIN_RULES 32

static void
ctx_releasep (scmp_filter_ctx *ctx)
{
  if (*ctx)
    seccomp_release (*ctx);
}

/* Add the rule of syscalls[i] for one resolved syscall. Conditions on distinct arguments must all
 * hold (one rule). When an argument is named twice, runc and crun read the conditions as
 * alternatives and add one rule per condition (any may match); so does stoke, or profiles written
 * for them would change meaning. */
static int
add_rule (scmp_filter_ctx ctx, const struct oci_syscall *sc, uint32_t action, int nr)
{
  struct scmp_arg_cmp cmp[SC_MAX_ARGS];
  unsigned int seen[SC_MAX_ARGS] = { 0 };
  bool repeated = false;

  if (sc->args_len == 0)
    return seccomp_rule_add_array (ctx, action, nr, 0, NULL);
  for (size_t k = 0; k < sc->args_len; k++)
    if (++seen[sc->args[k]->index] > 1)
      repeated = true;
  if (!repeated) {
    /* Distinct indexes, so at most SC_MAX_ARGS of them. */
    for (size_t k = 0; k < sc->args_len; k++) {
      int op = 0;
      sc_operator (sc->args[k]->op, &op);
      /* MASKED_EQ: libseccomp's datum_a is the mask, datum_b the value (runc's valueTwo). */
      cmp[k] = (struct scmp_arg_cmp){ .arg = sc->args[k]->index,
                                      .op = (enum scmp_compare) op,
                                      .datum_a = sc->args[k]->value,
                                      .datum_b = sc->args[k]->value_two };
    }
    return seccomp_rule_add_array (ctx, action, nr, (unsigned int) sc->args_len, cmp);
  }
  for (size_t k = 0; k < sc->args_len; k++) {
    int op = 0, rc;
    sc_operator (sc->args[k]->op, &op);
    cmp[0] = (struct scmp_arg_cmp){ .arg = sc->args[k]->index,
                                    .op = (enum scmp_compare) op,
                                    .datum_a = sc->args[k]->value,
                                    .datum_b = sc->args[k]->value_two };
    rc = seccomp_rule_add_array (ctx, action, nr, 1, cmp);
    if (rc < 0)
      return rc;
  }
  return 0;
}

/* libseccomp writes BPF to an fd only: a memfd holds it whatever its size. */
static int
export_bpf (scmp_filter_ctx ctx, struct sock_filter **out, size_t *len, st_err *err)
{
  cleanup_close int fd = memfd_create ("stoke-seccomp-bpf", MFD_CLOEXEC);
  cleanup_free struct sock_filter *prog = NULL;
  struct stat st;
  size_t n;
  int rc;

  if (fd < 0)
    return st_fail_sys (err, "linux.seccomp: memfd_create");
  rc = seccomp_export_bpf (ctx, fd);
  if (rc < 0)
    return st_fail (err, -rc, "linux.seccomp: exporting the compiled filter");
  if (fstat (fd, &st) < 0)
    return st_fail_sys (err, "linux.seccomp: exporting the compiled filter");
  if (st.st_size <= 0 || st.st_size % sizeof (struct sock_filter) != 0)
    return st_fail (err, 0, "linux.seccomp: libseccomp exported %lld bytes, not a BPF program",
                    (long long) st.st_size);
  n = (size_t) st.st_size / sizeof (struct sock_filter);
  if (n > BPF_MAXINSNS)
    return st_fail (err, 0,
                    "linux.seccomp: the filter compiles to %zu instructions, more than the "
                    "kernel's limit of %d",
                    n, BPF_MAXINSNS);
  prog = malloc ((size_t) st.st_size);
  if (prog == NULL)
    return st_fail_sys (err, "linux.seccomp");
  for (size_t done = 0; done < (size_t) st.st_size;) {
    ssize_t r = pread (fd, (char *) prog + done, (size_t) st.st_size - done, (off_t) done);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return st_fail (err, r < 0 ? errno : EIO, "linux.seccomp: reading the compiled filter");
    done += (size_t) r;
  }
  *out = steal_ptr (prog);
  *len = n;
  return 0;
}

int
sc_compile (const struct oci_seccomp *s, const struct sc_profile *p, struct sock_filter **out,
            size_t *len, st_err *err)
{
  __attribute__ ((cleanup (ctx_releasep))) scmp_filter_ctx ctx = NULL;
  size_t rules = 0;
  int rc;

  ctx = seccomp_init (p->default_action);
  if (ctx == NULL)
    return st_fail (err, 0, "linux.seccomp.defaultAction: libseccomp cannot use \"%s\" here",
                    s->default_action);
  /* stoke loads the program itself (st_seccomp_load), so these only matter if libseccomp ever
   * loads it: no_new_privs is the caller's decision (process.noNewPrivileges), and a kernel
   * error should come back as the kernel's errno, not libseccomp's -ECANCELED. */
  rc = seccomp_attr_set (ctx, SCMP_FLTATR_CTL_NNP, 0);
  if (rc < 0)
    return st_fail (err, -rc, "linux.seccomp: libseccomp: clearing SCMP_FLTATR_CTL_NNP");
  (void) seccomp_attr_set (ctx, SCMP_FLTATR_API_SYSRAWRC, 1); /* libseccomp >= 2.5 */

  for (size_t i = 0; i < p->n_arches; i++) {
    rc = seccomp_arch_add (ctx, p->arches[i]);
    if (rc < 0 && rc != -EEXIST) /* the native one is always there */
      return st_fail (err, -rc, "linux.seccomp.architectures[%zu]: adding \"%s\"", i,
                      s->architectures[i]);
  }

  for (size_t i = 0; i < s->syscalls_len; i++) {
    const struct oci_syscall *sc = s->syscalls[i];

    /* libseccomp refuses a rule that only restates the default; runc skips it, and so do we. */
    if (p->actions[i] == p->default_action)
      continue;
    for (size_t j = 0; j < sc->names_len; j++) {
      int nr = seccomp_syscall_resolve_name (sc->names[j]);

      if (nr == __NR_SCMP_ERROR) {
        st_debug ("seccomp: linux.seccomp.syscalls[%zu].names[%zu]: unknown syscall \"%s\" "
                  "skipped",
                  i, j, sc->names[j]);
        continue;
      }
      rc = add_rule (ctx, sc, p->actions[i], nr);
      if (rc == -EEXIST)
        return st_fail (err, 0,
                        "linux.seccomp.syscalls[%zu].names[%zu]: \"%s\" already has a rule "
                        "with these arguments and another action",
                        i, j, sc->names[j]);
      if (rc < 0)
        return st_fail (err, -rc,
                        "linux.seccomp.syscalls[%zu].names[%zu]: adding the rule for \"%s\"", i, j,
                        sc->names[j]);
      rules++;
    }
  }
  if (rules > SC_TREE_MIN_RULES)
    (void) seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2); /* libseccomp >= 2.5 */

  return export_bpf (ctx, out, len, err);
}
