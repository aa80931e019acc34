#include "scheduler.h"
#include "util/nametab.h"

#include <errno.h>
#include <linux/sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's struct sched_attr, SCHED_ATTR_SIZE_VER1 (with the utilization clamps): glibc has
 * no wrapper and the uapi header is not in every libc's include path. */
struct attr
{
  uint32_t size;
  uint32_t policy;
  uint64_t flags;
  int32_t nice;
  uint32_t priority;
  uint64_t runtime, deadline, period;
  uint32_t util_min, util_max;
};

/* SCHED_ISO is in the spec's list but Linux never merged it (value 4 is reserved): it is refused
 * by name rather than passed on as a policy the kernel would reject with a bare EINVAL. */
static const struct st_name policies[] = {
  { "SCHED_OTHER", SCHED_NORMAL }, { "SCHED_FIFO", SCHED_FIFO },
  { "SCHED_RR", SCHED_RR },        { "SCHED_BATCH", SCHED_BATCH },
  { "SCHED_IDLE", SCHED_IDLE },    { "SCHED_DEADLINE", SCHED_DEADLINE },
};

static const struct st_name flag_names[] = {
  { "SCHED_FLAG_RESET_ON_FORK", SCHED_FLAG_RESET_ON_FORK },
  { "SCHED_FLAG_RECLAIM", SCHED_FLAG_RECLAIM },
  { "SCHED_FLAG_DL_OVERRUN", SCHED_FLAG_DL_OVERRUN },
  { "SCHED_FLAG_KEEP_POLICY", SCHED_FLAG_KEEP_POLICY },
  { "SCHED_FLAG_KEEP_PARAMS", SCHED_FLAG_KEEP_PARAMS },
  { "SCHED_FLAG_UTIL_CLAMP_MIN", SCHED_FLAG_UTIL_CLAMP_MIN },
  { "SCHED_FLAG_UTIL_CLAMP_MAX", SCHED_FLAG_UTIL_CLAMP_MAX },
};

/* The deadline parameters the kernel accepts (__checkparam_dl): a non-zero deadline, a runtime of
 * at least 1024 ns (its accounting granularity), runtime <= deadline <= period (0: the deadline).
 */
static int
check_deadline (const struct oci_scheduler *s, const char *src, st_err *err)
{
  uint64_t runtime = s->has_runtime ? s->runtime : 0, deadline = s->has_deadline ? s->deadline : 0;
  uint64_t period = s->has_period ? s->period : 0;

  if (deadline == 0)
    return st_fail (err, 0,
                    "%s: process.scheduler.deadline: required (non-zero) for SCHED_DEADLINE", src);
  if (runtime < 1024)
    return st_fail (err, 0,
                    "%s: process.scheduler.runtime: must be at least 1024 (ns) for SCHED_DEADLINE, "
                    "got %llu",
                    src, (unsigned long long) runtime);
  if (runtime > deadline)
    return st_fail (err, 0, "%s: process.scheduler.runtime: %llu is more than the deadline %llu",
                    src, (unsigned long long) runtime, (unsigned long long) deadline);
  if (period && deadline > period)
    return st_fail (err, 0, "%s: process.scheduler.deadline: %llu is more than the period %llu",
                    src, (unsigned long long) deadline, (unsigned long long) period);
  if ((deadline | period) >> 63)
    return st_fail (err, 0, "%s: process.scheduler: deadline and period must be below 2^63 ns",
                    src);
  return 0;
}

int
st_sched_check (const struct oci_scheduler *s, const char *src, st_err *err)
{
  int policy;

  if (s == NULL)
    return 0;
  policy = st_name_lookup (policies, ST_N_ELEMENTS (policies), s->policy);
  if (policy < 0 && s->policy && strcmp (s->policy, "SCHED_ISO") == 0)
    return st_fail (err, 0, "%s: process.scheduler.policy: SCHED_ISO is not implemented by Linux",
                    src);
  if (policy < 0)
    return st_fail (err, 0, "%s: process.scheduler.policy: unknown policy %s", src,
                    OCI_Q (s->policy));
  for (size_t i = 0; i < s->flags_len; i++)
    if (st_name_lookup (flag_names, ST_N_ELEMENTS (flag_names), s->flags[i]) < 0)
      return st_fail (err, 0, "%s: process.scheduler.flags[%zu]: unknown flag %s", src, i,
                      OCI_Q (s->flags[i]));
  /* The kernel clamps an out-of-range nice silently; say so instead. */
  if (s->has_nice && (s->nice < -20 || s->nice > 19))
    return st_fail (err, 0, "%s: process.scheduler.nice: must be between -20 and 19, got %d", src,
                    (int) s->nice);
  if (policy == SCHED_FIFO || policy == SCHED_RR) {
    if (!s->has_priority || s->priority < 1 || s->priority > 99)
      return st_fail (
          err, 0, "%s: process.scheduler.priority: %s needs a priority between 1 and 99, got %d",
          src, s->policy, s->has_priority ? (int) s->priority : 0);
  } else if (s->has_priority && s->priority != 0) {
    return st_fail (
        err, 0,
        "%s: process.scheduler.priority: must be 0 for %s (only SCHED_FIFO and SCHED_RR "
        "have priorities), got %d",
        src, s->policy, (int) s->priority);
  }
  if (policy == SCHED_DEADLINE)
    return check_deadline (s, src, err);
  return 0;
}

int
st_sched_apply (const struct oci_scheduler *s, st_err *err)
{
  struct attr a = { .size = sizeof a };

  if (s == NULL)
    return 0;
  /* The spec: nice, priority, runtime, deadline and period are 0 when not set. */
  a.policy = st_name_lookup (policies, ST_N_ELEMENTS (policies), s->policy);
  a.nice = s->has_nice ? s->nice : 0;
  a.priority = s->has_priority ? s->priority : 0;
  a.runtime = s->has_runtime ? s->runtime : 0;
  a.deadline = s->has_deadline ? s->deadline : 0;
  a.period = s->has_period ? s->period : 0;
  for (size_t i = 0; i < s->flags_len; i++)
    a.flags |= st_name_lookup (flag_names, ST_N_ELEMENTS (flag_names), s->flags[i]);
  /* The spec names the clamp flags but carries no clamp values: ask for the system defaults
   * ((u32) -1 resets a clamp), which is the only reading that needs no invented number. */
  if (a.flags & SCHED_FLAG_UTIL_CLAMP_MIN)
    a.util_min = UINT32_MAX;
  if (a.flags & SCHED_FLAG_UTIL_CLAMP_MAX)
    a.util_max = UINT32_MAX;
  if (syscall (SYS_sched_setattr, 0, &a, 0) < 0) {
    if (errno == EOPNOTSUPP && (a.flags & (SCHED_FLAG_UTIL_CLAMP_MIN | SCHED_FLAG_UTIL_CLAMP_MAX)))
      return st_fail_sys (err, "process.scheduler.flags: utilization clamping (this kernel has no "
                               "CONFIG_UCLAMP_TASK)");
    return st_fail_sys (err, "process.scheduler: set policy %s", s->policy);
  }
  return 0;
}
