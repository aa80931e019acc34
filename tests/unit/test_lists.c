/* CPU and node lists ("0-3,7") as execCPUAffinity and memoryPolicy.nodes give them, and the
 * idmap/ridmap mount options. */
#include <stdio.h>
#include <string.h>

#include "linux/affinity.h"
#include "linux/mount_opts.h"
#include "unit.h"
#include "util/cleanup.h"

#define LIMIT     256
#define WORD_BITS (8 * sizeof (unsigned long))

/* The set bits as a list again, ranges collapsed: "0-3,7". */
static const char *
format (const unsigned long *bits)
{
  static char buf[512];
  size_t n = 0;

  buf[0] = '\0';
  for (unsigned i = 0; i < LIMIT; i++) {
    if (!(bits[i / WORD_BITS] & (1UL << (i % WORD_BITS))))
      continue;
    unsigned j = i;
    while (j + 1 < LIMIT && (bits[(j + 1) / WORD_BITS] & (1UL << ((j + 1) % WORD_BITS))))
      j++;
    n += snprintf (buf + n, sizeof buf - n, n ? ",%u" : "%u", i);
    if (j > i)
      n += snprintf (buf + n, sizeof buf - n, "-%u", j);
    i = j;
  }
  return buf;
}

static void
parses (const char *list, const char *want)
{
  cleanup_err st_err err = NULL;
  unsigned long bits[LIMIT / WORD_BITS];
  int r = st_id_list_parse (list, bits, LIMIT, &err);

  if (!unit_check (r == 0, unit_name ("list \"%s\" parses", list), "%s", err ? err->msg : "?"))
    return;
  unit_streq (format (bits), want, unit_name ("list \"%s\" is %s", list, want));
}

static void
refused (const char *list, const char *why)
{
  cleanup_err st_err err = NULL;
  unsigned long bits[LIMIT / WORD_BITS];
  int r = st_id_list_parse (list, bits, LIMIT, &err);

  if (unit_check (r < 0, unit_name ("list \"%s\" is refused", list), "it parsed as %s",
                  format (bits)))
    unit_check (err && strstr (err->msg, why),
                unit_name ("list \"%s\": message says %s", list, why), "message: %s",
                err ? err->msg : "(none)");
}

static void
mount_options (void)
{
  char *opts[] = { "rbind", "ridmap", "ro" };
  char *plain[] = { "bind", "idmap" };
  struct st_mount_opts o = { 0 };

  CHECK (st_mount_opts_parse (opts, 3, &o, NULL) == 0 && o.idmap && o.ridmap && o.data == NULL,
         "ridmap is an idmapped, recursive mapping, not filesystem data",
         "idmap %d ridmap %d data %s", o.idmap, o.ridmap, o.data ? o.data : "(none)");
  st_mount_opts_free (&o);
  CHECK (st_mount_opts_parse (plain, 2, &o, NULL) == 0 && o.idmap && !o.ridmap && o.data == NULL,
         "idmap is an idmapped mapping of the top mount only", "idmap %d ridmap %d data %s",
         o.idmap, o.ridmap, o.data ? o.data : "(none)");
  st_mount_opts_free (&o);
}

int
main (void)
{
  parses ("", "");
  parses ("0", "0");
  parses ("0-3,7", "0-3,7");
  parses ("7,0-3", "0-3,7");
  parses ("1,1,1-2", "1-2");
  parses ("255", "255");
  parses ("0-255", "0-255");
  refused ("3-1", "backwards");
  refused ("256", "out of range");
  refused ("0-256", "out of range");
  refused ("1,", "expected a number");
  refused (",1", "expected a number");
  refused ("1-", "expected a number");
  refused ("-1", "expected a number");
  refused ("1 2", "unexpected");
  refused ("0x3", "unexpected");
  refused ("99999999999999999999999", "too large");
  mount_options ();
  return unit_done ();
}
