#include "mempolicy.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/affinity.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/nametab.h"

/* The kernel ABI values (uapi linux/mempolicy.h): older headers lack the newer modes. */
enum
{
  MODE_DEFAULT = 0,
  MODE_PREFERRED = 1,
  MODE_BIND = 2,
  MODE_INTERLEAVE = 3,
  MODE_LOCAL = 4,
  MODE_PREFERRED_MANY = 5,
  MODE_WEIGHTED_INTERLEAVE = 6,
  FLAG_NUMA_BALANCING = 1 << 13,
  FLAG_RELATIVE_NODES = 1 << 14,
  FLAG_STATIC_NODES = 1 << 15,
};

/* Above the kernel's MAX_NUMNODES (1 << CONFIG_NODES_SHIFT, at most 1024). */
#define MAX_NODES 1024
#define WORD_BITS (8 * sizeof (unsigned long))

static const struct st_name modes[] = {
  { "MPOL_DEFAULT", MODE_DEFAULT },       { "MPOL_BIND", MODE_BIND },
  { "MPOL_INTERLEAVE", MODE_INTERLEAVE }, { "MPOL_WEIGHTED_INTERLEAVE", MODE_WEIGHTED_INTERLEAVE },
  { "MPOL_PREFERRED", MODE_PREFERRED },   { "MPOL_PREFERRED_MANY", MODE_PREFERRED_MANY },
  { "MPOL_LOCAL", MODE_LOCAL },
};

static const struct st_name flags[] = {
  { "MPOL_F_NUMA_BALANCING", FLAG_NUMA_BALANCING },
  { "MPOL_F_RELATIVE_NODES", FLAG_RELATIVE_NODES },
  { "MPOL_F_STATIC_NODES", FLAG_STATIC_NODES },
};

const char *
st_mempolicy_mode_name (size_t i)
{
  return i < ST_N_ELEMENTS (modes) ? modes[i].name : NULL;
}

const char *
st_mempolicy_flag_name (size_t i)
{
  return i < ST_N_ELEMENTS (flags) ? flags[i].name : NULL;
}

static bool
empty (const unsigned long *bits)
{
  for (size_t i = 0; i < MAX_NODES / WORD_BITS; i++)
    if (bits[i])
      return false;
  return true;
}

/* The highest node this machine can have, from sysfs; -1 when the kernel does not say (no
 * CONFIG_NUMA): then the kernel is left to judge. */
static long
max_possible_node (void)
{
  cleanup_free char *buf = NULL;
  unsigned long bits[MAX_NODES / WORD_BITS];
  size_t len;
  long max = -1;

  if (st_read_file_at (AT_FDCWD, "/sys/devices/system/node/possible", &buf, &len, NULL) < 0)
    return -1;
  buf[strcspn (buf, "\n")] = '\0';
  if (st_id_list_parse (buf, bits, MAX_NODES, NULL) < 0)
    return -1;
  for (long i = 0; i < MAX_NODES; i++)
    if (bits[i / WORD_BITS] & (1UL << (i % WORD_BITS)))
      max = i;
  return max;
}

int
st_mempolicy_check (const struct oci_memory_policy *mp, const char *src, st_err *err)
{
  unsigned long nodes[MAX_NODES / WORD_BITS];
  int mode, all = 0;

  if (mp == NULL)
    return 0;
  mode = st_name_lookup (modes, ST_N_ELEMENTS (modes), mp->mode);
  if (mode < 0)
    return st_fail (err, 0, "%s: linux.memoryPolicy.mode: unknown mode %s", src, OCI_Q (mp->mode));
  for (size_t i = 0; i < mp->flags_len; i++) {
    int f = st_name_lookup (flags, ST_N_ELEMENTS (flags), mp->flags[i]);
    if (f < 0)
      return st_fail (err, 0, "%s: linux.memoryPolicy.flags[%zu]: unknown flag %s", src, i,
                      OCI_Q (mp->flags[i]));
    all |= f;
  }
  if ((all & FLAG_RELATIVE_NODES) && (all & FLAG_STATIC_NODES))
    return st_fail (err, 0,
                    "%s: linux.memoryPolicy.flags: MPOL_F_RELATIVE_NODES and MPOL_F_STATIC_NODES "
                    "exclude each other",
                    src);
  if (st_id_list_parse (mp->nodes, nodes, MAX_NODES, err) < 0)
    return st_error_prefix (err, "%s: linux.memoryPolicy.nodes", src);
  if (mode == MODE_DEFAULT || mode == MODE_LOCAL) {
    if (!empty (nodes))
      return st_fail (err, 0, "%s: linux.memoryPolicy.nodes: %s takes no nodes, got %s", src,
                      mp->mode, OCI_Q (mp->nodes));
    if (all)
      return st_fail (err, 0, "%s: linux.memoryPolicy.flags: %s takes no flags", src, mp->mode);
    return 0;
  }
  /* MPOL_PREFERRED alone may have no node: it then means local allocation. */
  if (mode != MODE_PREFERRED && empty (nodes))
    return st_fail (err, 0, "%s: linux.memoryPolicy.nodes: %s needs at least one node", src,
                    mp->mode);
  if (!(all & FLAG_RELATIVE_NODES)) {
    long max = max_possible_node ();
    for (long i = max + 1; max >= 0 && i < MAX_NODES; i++)
      if (nodes[i / WORD_BITS] & (1UL << (i % WORD_BITS)))
        return st_fail (err, 0,
                        "%s: linux.memoryPolicy.nodes: node %ld does not exist on this machine "
                        "(nodes 0-%ld)",
                        src, i, max);
  }
  return 0;
}

int
st_mempolicy_apply (const struct oci_memory_policy *mp, st_err *err)
{
  unsigned long nodes[MAX_NODES / WORD_BITS];
  int mode;

  if (mp == NULL)
    return 0;
  mode = st_name_lookup (modes, ST_N_ELEMENTS (modes), mp->mode);
  for (size_t i = 0; i < mp->flags_len; i++)
    mode |= st_name_lookup (flags, ST_N_ELEMENTS (flags), mp->flags[i]);
  if (st_id_list_parse (mp->nodes, nodes, MAX_NODES, err) < 0)
    return st_error_prefix (err, "linux.memoryPolicy.nodes");
  /* The kernel reads maxnode - 1 bits. DEFAULT and LOCAL want no mask at all. */
  bool none = empty (nodes);
  if (syscall (SYS_set_mempolicy, mode, none ? NULL : nodes, none ? 0UL : MAX_NODES + 1UL) < 0)
    return st_fail_sys (err, "linux.memoryPolicy: set %s%s%s", mp->mode, none ? "" : " on nodes ",
                        none ? "" : mp->nodes);
  return 0;
}
