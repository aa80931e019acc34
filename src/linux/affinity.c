#include "affinity.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WORD_BITS (8 * sizeof (unsigned long))

static int
number (const char **s, unsigned long *out, st_err *err)
{
  char *end;

  if (!isdigit ((unsigned char) **s))
    return st_fail (err, 0, "expected a number at %s", OCI_Q (*s));
  errno = 0;
  *out = strtoul (*s, &end, 10);
  if (errno)
    return st_fail (err, 0, "number too large at %s", OCI_Q (*s));
  *s = end;
  return 0;
}

int
st_id_list_parse (const char *list, unsigned long *bits, unsigned limit, st_err *err)
{
  const char *s = list;

  memset (bits, 0, limit / WORD_BITS * sizeof *bits);
  if (s == NULL || *s == '\0')
    return 0;
  for (;;) {
    unsigned long first, last;
    if (number (&s, &first, err) < 0)
      return -1;
    last = first;
    if (*s == '-') {
      s++;
      if (number (&s, &last, err) < 0)
        return -1;
      if (last < first)
        return st_fail (err, 0, "range %lu-%lu goes backwards", first, last);
    }
    if (last >= limit)
      return st_fail (err, 0, "%lu is out of range (at most %u)", last, limit - 1);
    for (unsigned long i = first; i <= last; i++)
      bits[i / WORD_BITS] |= 1UL << (i % WORD_BITS);
    if (*s == '\0')
      return 0;
    if (*s != ',')
      return st_fail (err, 0, "unexpected %s (expected a list like \"0-3,7\")", OCI_Q (s));
    s++;
  }
}

static int
parse_cpus (const char *list, cpu_set_t *set, st_err *err)
{
  unsigned long bits[CPU_SETSIZE / WORD_BITS];

  if (st_id_list_parse (list, bits, CPU_SETSIZE, err) < 0)
    return -1;
  CPU_ZERO (set);
  for (unsigned i = 0; i < CPU_SETSIZE; i++)
    if (bits[i / WORD_BITS] & (1UL << (i % WORD_BITS)))
      CPU_SET (i, set);
  return 0;
}

static int
check_list (const char *list, const char *field, bool may_be_empty, const char *src, st_err *err)
{
  cpu_set_t set;

  if (list == NULL)
    return 0;
  if (parse_cpus (list, &set, err) < 0)
    return st_error_prefix (err, "%s: process.execCPUAffinity.%s", src, field);
  if (CPU_COUNT (&set) == 0 && !may_be_empty)
    return st_fail (err, 0, "%s: process.execCPUAffinity.%s: names no CPU", src, field);
  return 0;
}

int
st_exec_affinity_check (const struct oci_exec_cpu_affinity *a, const char *src, st_err *err)
{
  if (a == NULL)
    return 0;
  /* An empty `final` has a meaning (the cgroup's CPUs); an empty `initial` would have none. */
  if (check_list (a->initial, "initial", false, src, err) < 0
      || check_list (a->final, "final", true, src, err) < 0)
    return -1;
  return 0;
}

static int
set_affinity (const char *list, const char *field, st_err *err)
{
  cpu_set_t set;

  if (parse_cpus (list, &set, err) < 0)
    return st_error_prefix (err, "process.execCPUAffinity.%s", field);
  if (sched_setaffinity (0, sizeof set, &set) < 0)
    return st_fail_sys (err, "process.execCPUAffinity.%s: set CPUs %s", field, list);
  return 0;
}

int
st_exec_affinity_initial (const struct oci_exec_cpu_affinity *a, st_err *err)
{
  if (a == NULL || a->initial == NULL || *a->initial == '\0')
    return 0;
  return set_affinity (a->initial, "initial", err);
}

int
st_exec_affinity_final (const struct oci_exec_cpu_affinity *a, st_err *err)
{
  cpu_set_t all;

  if (a == NULL)
    return 0;
  if (a->final && *a->final)
    return set_affinity (a->final, "final", err);
  if (a->initial == NULL || *a->initial == '\0')
    return 0; /* nothing was narrowed: the inherited affinity stands */
  /* Undo `initial`: the kernel narrows a full set to what the cgroup's cpuset allows. */
  memset (&all, 0xff, sizeof all);
  if (sched_setaffinity (0, sizeof all, &all) < 0)
    return st_fail_sys (err, "process.execCPUAffinity: reset the CPUs after `initial`");
  return 0;
}
