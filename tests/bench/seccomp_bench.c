/* What the seccomp cache saves: prepare of a profile compiled by libseccomp every time, against
 * prepare served from the cache, plus the parts of a hit (the key; reading and verifying the
 * file).
 *
 *   make bench && build/tests/bench/seccomp_bench [RUNS] [CONFIG]
 *
 * CONFIG defaults to oci-spec/vectors/valid/seccomp-docker.json (a Docker-like default profile,
 * ~350 syscall names on x86_64, x86 and x32). Times are wall clock per prepare, in microseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>

#include "linux/seccomp.h"
#include "linux/seccomp_internal.h"
#include "oci-spec/oci.h"
#include "util/fs.h"

static double
now_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *what, double *t, int n)
{
  double sum = 0;
  for (int i = 0; i < n; i++)
    sum += t[i];
  qsort (t, n, sizeof *t, cmp_double);
  printf ("%-34s median %9.1f us   mean %9.1f us   min %9.1f us   (%d runs)\n", what, t[n / 2],
          sum / n, t[0], n);
}

static void
die (st_err err)
{
  fprintf (stderr, "seccomp_bench: %s\n", err ? err->msg : "failed");
  exit (1);
}

int
main (int argc, char **argv)
{
  int runs = argc > 1 ? atoi (argv[1]) : 200;
  const char *path = argc > 2 ? argv[2] : "oci-spec/vectors/valid/seccomp-docker.json";
  char dir[] = "/tmp/stoke-seccomp-bench.XXXXXX", cache[64];
  struct oci_config *c = NULL;
  st_err err = NULL;
  double *t = calloc (runs > 0 ? runs : 1, sizeof *t);
  struct st_seccomp *sc = NULL;
  size_t names = 0, len = 0;

  if (runs <= 0 || t == NULL || mkdtemp (dir) == NULL)
    return 2;
  if (oci_parse_file (&oci_type_config, path, NULL, (void **) &c, &err) < 0)
    die (err);
  if (c->linux == NULL || c->linux->seccomp == NULL) {
    fprintf (stderr, "seccomp_bench: %s has no linux.seccomp\n", path);
    return 1;
  }
  const struct oci_seccomp *s = c->linux->seccomp;
  for (size_t i = 0; i < s->syscalls_len; i++)
    names += s->syscalls[i]->names_len;
  snprintf (cache, sizeof cache, "%s/.seccomp", dir);

  if (st_seccomp_prepare (s, NULL, &sc, &err) < 0)
    die (err);
  st_seccomp_program (sc, &len);
  st_seccomp_free (sc);
  printf ("%s: %zu syscall names, %zu architectures, %zu BPF instructions\n", path, names,
          s->architectures_len, len);

  for (int i = 0; i < runs; i++) {
    double t0 = now_us ();
    if (st_seccomp_prepare (s, NULL, &sc, &err) < 0)
      die (err);
    t[i] = now_us () - t0;
    st_seccomp_free (sc);
  }
  report ("compile (libseccomp, no cache):", t, runs);

  if (st_seccomp_prepare (s, cache, &sc, &err) < 0) /* fill the cache */
    die (err);
  st_seccomp_free (sc);
  for (int i = 0; i < runs; i++) {
    double t0 = now_us ();
    if (st_seccomp_prepare (s, cache, &sc, &err) < 0)
      die (err);
    t[i] = now_us () - t0;
    if (!st_seccomp_from_cache (sc)) {
      fprintf (stderr, "seccomp_bench: expected a cache hit\n");
      return 1;
    }
    st_seccomp_free (sc);
  }
  report ("cache hit (whole prepare):", t, runs);

  for (int i = 0; i < runs; i++) {
    unsigned char key[ST_SHA256_LEN];
    double t0 = now_us ();
    if (sc_cache_key (s, key, &err) < 0)
      die (err);
    t[i] = now_us () - t0;
  }
  report ("  of which the key (emit + SHA-256):", t, runs);

  {
    unsigned char key[ST_SHA256_LEN];
    if (sc_cache_key (s, key, &err) < 0)
      die (err);
    for (int i = 0; i < runs; i++) {
      void *mem = NULL;
      struct sock_filter *insns;
      double t0 = now_us ();
      if (sc_cache_lookup (cache, key, &mem, &insns, &len) != 1)
        return 1;
      t[i] = now_us () - t0;
      free (mem);
    }
    report ("  of which read + verify the file:", t, runs);
  }

  st_rm_rf_at (AT_FDCWD, dir);
  oci_config_free (c);
  free (t);
  return 0;
}
