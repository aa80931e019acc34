/* Unit tests of oci-spec: the vectors, round trips, values, limits and error messages.
 * Run from the repository root, or set STOKE_SRCDIR. STOKE_BENCH=N times N parses. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "oci-spec/oci.h"
#include "oci-spec/names.h"
#include "util/cleanup.h"
#include "unit.h"

static const char *srcdir = ".";

static char *
vector_path (const char *dir, const char *name)
{
  char *p = NULL;
  if (asprintf (&p, "%s/oci-spec/vectors/%s/%s", srcdir, dir, name) < 0)
    abort ();
  return p;
}

static char *
read_text (const char *path)
{
  FILE *f = fopen (path, "re");
  char *buf = NULL;
  size_t size = 0;
  if (f == NULL)
    return NULL;
  FILE *out = open_memstream (&buf, &size);
  int c;
  while ((c = fgetc (f)) != EOF)
    fputc (c, out);
  fclose (out);
  fclose (f);
  return buf;
}

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Sorted *.json names in a vector directory; NULL-terminated. */
static char **
list_vectors (const char *dir)
{
  cleanup_free char *path = vector_path (dir, "");
  cleanup_dir DIR *d = opendir (path);
  char **names = calloc (1, sizeof *names);
  size_t n = 0;
  struct dirent *e;

  if (d == NULL)
    return names;
  while ((e = readdir (d))) {
    size_t len = strlen (e->d_name);
    if (len < 6 || strcmp (e->d_name + len - 5, ".json") != 0)
      continue;
    names = realloc (names, (n + 2) * sizeof *names);
    names[n++] = strdup (e->d_name);
    names[n] = NULL;
  }
  qsort (names, n, sizeof *names, cmp_names);
  return names;
}

static void
free_names (char **names)
{
  for (char **p = names; *p; p++)
    free (*p);
  free (names);
}

static int
parse_config (const char *json, size_t len, struct oci_config **c, st_err *err)
{
  return oci_config_parse (json, len, "config.json", c, err);
}

static char *
emit (const struct oci_config *c, bool pretty)
{
  char *out = NULL;
  cleanup_err st_err err = NULL;
  if (oci_emit (&oci_type_config, c, pretty, &out, NULL, &err) < 0)
    unit_check (false, "emit", "%s", err->msg);
  return out;
}

/* parse -> emit -> parse -> emit yields the same text twice. */
static void
check_round_trip (const char *what, const struct oci_config *c, bool pretty)
{
  cleanup_free char *a = emit (c, pretty);
  cleanup_free char *b = NULL;
  cleanup_config struct oci_config *again = NULL;
  cleanup_err st_err err = NULL;

  if (a == NULL)
    return;
  if (parse_config (a, strlen (a), &again, &err) < 0) {
    unit_check (false, unit_name ("round trip %s%s", what, pretty ? " (pretty)" : ""),
                "re-parse: %s", err->msg);
    return;
  }
  b = emit (again, pretty);
  unit_streq (b, a, unit_name ("round trip %s%s", what, pretty ? " (pretty)" : ""));
}

static void
test_valid_vectors (void)
{
  char **names = list_vectors ("valid");

  unit_check (names[0] != NULL, "valid vectors found", "none under %s", srcdir);
  for (char **p = names; *p; p++) {
    cleanup_free char *path = vector_path ("valid", *p);
    cleanup_config struct oci_config *c = NULL;
    cleanup_err st_err err = NULL;
    if (oci_parse_file (&oci_type_config, path, "config.json", (void **) &c, &err) < 0
        || oci_config_validate (c, "config.json", &err) < 0) {
      unit_check (false, unit_name ("valid/%s", *p), "%s", err->msg);
      continue;
    }
    unit_check (true, unit_name ("valid/%s", *p), " ");
    check_round_trip (*p, c, false);
  }
  free_names (names);
}

static void
test_invalid_vectors (void)
{
  char **names = list_vectors ("invalid");
  size_t count = 0;

  for (char **p = names; *p; p++, count++) {
    cleanup_free char *path = vector_path ("invalid", *p);
    cleanup_free char *errpath = strdup (path);
    cleanup_free char *want = NULL;
    cleanup_config struct oci_config *c = NULL;
    cleanup_err st_err err = NULL;
    const char *name = unit_name ("invalid/%s", *p);

    strcpy (errpath + strlen (errpath) - 5, ".err");
    want = read_text (errpath);
    if (want == NULL) {
      unit_check (false, name, "missing %s", errpath);
      continue;
    }
    want[strcspn (want, "\n")] = '\0';
    if (oci_parse_file (&oci_type_config, path, "config.json", (void **) &c, &err) == 0
        && oci_config_validate (c, "config.json", &err) == 0) {
      unit_check (false, name, "accepted, want \"%s\"", want);
      continue;
    }
    unit_streq (err->msg, want, name);
  }
  unit_check (count >= 30, "invalid vectors found", "only %zu", count);
  free_names (names);
}

/* Expect `json` to fail to parse, or validate, with exactly `want`. */
static void
expect_error (const char *name, const char *json, size_t len, const char *want)
{
  cleanup_config struct oci_config *c = NULL;
  cleanup_err st_err err = NULL;

  if (parse_config (json, len, &c, &err) == 0 && oci_config_validate (c, "config.json", &err) == 0)
    unit_check (false, name, "accepted, want \"%s\"", want);
  else
    unit_streq (err->msg, want, name);
}

static const char minimal_head[]
    = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"process\":{\"cwd\":\"/\","
      "\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sh\"]";

/* Every field of every type reachable from config is present somewhere in full.json. */
#define TYPE_PTR(t) &oci_type_##t,
static const struct oci_type *const all_types[] = { OCI_TYPES (TYPE_PTR) };
#define NTYPES (sizeof all_types / sizeof *all_types)
static bool covered[NTYPES][64];

static size_t
type_index (const struct oci_type *t)
{
  for (size_t i = 0; i < NTYPES; i++)
    if (all_types[i] == t)
      return i;
  abort ();
}

static void
cover (const struct oci_type *t, const void *obj)
{
  size_t ti = type_index (t);
  const char *base = obj;

  for (size_t i = 0; i < t->nfields; i++) {
    const struct oci_field *f = &t->fields[i];
    bool present;
    size_t len = 0;
    switch (f->kind) {
    case OCI_K_STR:
    case OCI_K_OBJ:
      present = *(void *const *) (base + f->off) != NULL;
      break;
    case OCI_K_BOOL:
    case OCI_K_I32:
    case OCI_K_U32:
    case OCI_K_I64:
    case OCI_K_U64:
      present = *(const bool *) (base + f->aux);
      break;
    default:
      present = *(void *const *) (base + f->off) != NULL;
    }
    covered[ti][i] |= present;
    if (!present)
      continue;
    if (f->kind == OCI_K_OBJS || f->kind == OCI_K_OBJMAP)
      len = *(const size_t *) (base + f->aux);
    if (f->kind == OCI_K_OBJ)
      cover (f->sub, *(void *const *) (base + f->off));
    else
      for (size_t j = 0; j < len; j++)
        cover (f->sub, (*(void **const *) (base + f->off))[j]);
  }
}

static void
test_full (void)
{
  cleanup_free char *path = vector_path ("valid", "full.json");
  cleanup_config struct oci_config *c = NULL;
  cleanup_err st_err err = NULL;
  size_t missing = 0;

  if (oci_parse_file (&oci_type_config, path, NULL, (void **) &c, &err) < 0) {
    unit_check (false, "full.json parses", "%s", err->msg);
    return;
  }
  cover (&oci_type_config, c);
  for (size_t t = 0; t < NTYPES; t++) {
    if (all_types[t] == &oci_type_state)
      continue;
    for (size_t i = 0; i < all_types[t]->nfields; i++)
      if (!covered[t][i]) {
        unit_check (false, "full.json covers every field", "%s.%s absent", all_types[t]->name,
                    all_types[t]->fields[i].key);
        missing++;
      }
  }
  if (missing == 0)
    unit_check (true, "full.json covers every field", " ");

  check_round_trip ("full.json", c, true);
  check_round_trip ("full.json", c, false);

  const struct oci_process *p = c->process;
  unit_check (p->user->uid == 1000, "process.user.uid", "%" PRIu32, p->user->uid);
  unit_check (p->user->gid == UINT32_MAX, "process.user.gid max", "%" PRIu32, p->user->gid);
  unit_check (p->user->additional_gids_len == 3 && p->user->additional_gids[2] == 4294967294u,
              "process.user.additionalGids", "len %zu", p->user->additional_gids_len);
  unit_check (p->has_oom_score_adj && p->oom_score_adj == -17, "process.oomScoreAdj", "%d/%d",
              p->has_oom_score_adj, p->oom_score_adj);
  unit_check (p->has_terminal && !p->terminal, "process.terminal false but present", " ");
  unit_check (p->args_len == 4 && strcmp (p->args[3], "") == 0, "process.args", "len %zu",
              p->args_len);
  unit_streq (p->env[2], "GREETING=h\xc3\xa9llo \"w\xc3\xb6rld\" \\ / \t", "string escapes");
  unit_check (p->capabilities->inheritable != NULL && p->capabilities->inheritable_len == 0,
              "empty array kept", " ");
  unit_check (p->rlimits[1]->hard == UINT64_MAX, "U64 18446744073709551615", "%" PRIu64,
              p->rlimits[1]->hard);
  unit_check (p->rlimits[2]->soft == (uint64_t) INT64_MAX + 1, "U64 above INT64_MAX", "%" PRIu64,
              p->rlimits[2]->soft);

  const struct oci_linux *l = c->linux;
  unit_check (l->time_offsets_len == 2 && strcmp (l->time_offsets_keys[0], "monotonic") == 0
                  && l->time_offsets[0]->secs == INT64_MIN
                  && l->time_offsets[0]->nanosecs == 999999999
                  && l->time_offsets[1]->secs == INT64_MAX,
              "OBJMAP timeOffsets", " ");
  unit_check (l->resources->rdma_len == 2 && strcmp (l->resources->rdma_keys[1], "mlx4_0") == 0
                  && !l->resources->rdma[1]->has_hca_handles
                  && l->resources->rdma[1]->hca_objects == 1000,
              "OBJMAP rdma", " ");
  unit_check (l->net_devices_len == 2 && l->net_devices[1]->name == NULL, "OBJMAP empty member",
              " ");
  unit_streq (oci_kv_get (l->sysctl, l->sysctl_len, "net.core.somaxconn"), "256", "oci_kv_get");
  unit_check (oci_kv_get (l->sysctl, l->sysctl_len, "nope") == NULL, "oci_kv_get absent", " ");
  unit_check (l->seccomp->syscalls[1]->args[1]->value == UINT64_MAX, "seccomp arg U64 max", " ");
  unit_check (l->resources->devices[2]->major == -1, "I64 negative", " ");
  unit_check (l->resources->memory->has_disable_oom_killer
                  && !l->resources->memory->disable_oom_killer,
              "BOOL false present", " ");

  cleanup_free char *text = emit (c, false);
  unit_check (text && strstr (text, "\"hard\":18446744073709551615"), "U64 emitted exactly",
              "%.80s", text ? text : "");
  unit_check (text && strstr (text, "\"secs\":-9223372036854775808"), "I64 min emitted exactly",
              " ");
  unit_check (text && strstr (text, "\"inheritable\":[]"), "empty array emitted", " ");
}

static void
test_minimal_absent (void)
{
  cleanup_free char *path = vector_path ("valid", "minimal.json");
  cleanup_config struct oci_config *c = NULL;
  cleanup_err st_err err = NULL;

  if (oci_parse_file (&oci_type_config, path, NULL, (void **) &c, &err) < 0) {
    unit_check (false, "minimal.json", "%s", err->msg);
    return;
  }
  unit_check (!c->process->has_oom_score_adj && !c->process->has_terminal && c->process->env == NULL
                  && c->linux == NULL && c->annotations == NULL,
              "absent members", " ");
  cleanup_free char *text = emit (c, false);
  unit_streq (text,
              "{\"ociVersion\":\"1.0.0\",\"process\":{\"cwd\":\"/\",\"args\":[\"/bin/true\"],"
              "\"user\":{\"uid\":0,\"gid\":0}},\"root\":{\"path\":\"rootfs\"}}",
              "emit in declaration order, absent omitted");
}

static void
test_duplicates_and_null (void)
{
  static const char json[]
      = "{\"ociVersion\":\"0.1\",\"ociVersion\":\"1.1.0\",\"root\":{\"path\":\"r\"},"
        "\"process\":{\"cwd\":\"/\",\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"a\"],"
        "\"args\":[\"b\",\"c\"],\"env\":[\"X=1\"],\"env\":null,\"oomScoreAdj\":5,"
        "\"oomScoreAdj\":null,\"user\":{\"uid\":7,\"gid\":8}},"
        "\"annotations\":{\"k\":\"1\",\"j\":\"x\",\"k\":\"2\"},\"hostname\":null,"
        "\"unknown\":{\"deep\":[1,{\"x\":null}]},\"linux\":{\"rdma\":{\"d\":{\"hcaHandles\":1},"
        "\"d\":{\"hcaObjects\":2}}}}";
  cleanup_config struct oci_config *c = NULL;
  cleanup_err st_err err = NULL;

  if (parse_config (json, sizeof json - 1, &c, &err) < 0) {
    unit_check (false, "duplicate keys", "%s", err->msg);
    return;
  }
  unit_check (c->process->args_len == 2 && strcmp (c->process->args[0], "b") == 0,
              "duplicate key: last wins", " ");
  unit_check (c->process->args[c->process->args_len] == NULL, "string arrays end in NULL",
              "args[%zu] is not NULL", c->process->args_len);
  unit_streq (c->oci_version, "1.1.0", "duplicate string: last wins");
  unit_check (c->process->env == NULL && !c->process->has_oom_score_adj, "null means absent", " ");
  unit_check (c->process->user->uid == 7, "duplicate object: last wins", " ");
  unit_check (c->annotations_len == 2 && strcmp (c->annotations[0].key, "j") == 0,
              "duplicate map key removed", "len %zu", c->annotations_len);
  unit_streq (oci_kv_get (c->annotations, c->annotations_len, "k"), "2", "map: last wins");
  unit_check (c->linux && c->linux->namespaces == NULL, "unknown keys ignored", " ");

  /* A big map with every key twice: O(n log n) deduplication, last value kept. */
  enum
  {
    N = 20000
  };
  char *big = NULL;
  size_t size = 0;
  FILE *f = open_memstream (&big, &size);
  fputs (minimal_head, f);
  fputs ("},\"annotations\":{", f);
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < N; i++)
      fprintf (f, "%s\"key%d\":\"v%d-%d\"", round || i ? "," : "", (i * 7919) % N, i, round);
  fputs ("}}", f);
  fclose (f);
  cleanup_config struct oci_config *b = NULL;
  struct timespec t0, t1;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  int r = parse_config (big, size, &b, &err);
  clock_gettime (CLOCK_MONOTONIC, &t1);
  free (big);
  if (r < 0) {
    unit_check (false, "big map", "%s", err->msg);
    return;
  }
  bool last = b->annotations_len == N;
  for (size_t i = 0; last && i < b->annotations_len; i++)
    last = strstr (b->annotations[i].value, "-1") != NULL;
  unit_check (last, "big map with duplicates: last wins", "len %zu", b->annotations_len);
  unit_note ("parsed %d map entries in %.1f ms", 2 * N,
             (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
}

static void
test_deep_nesting (void)
{
  enum
  {
    DEPTH = 100000
  };
  static const char head[] = "{\"ociVersion\":\"1.0.0\",\"process\":{\"x\":";
  size_t hl = sizeof head - 1, len = hl + 2 * DEPTH + 2;
  cleanup_free char *json = malloc (len + sizeof minimal_head + 16);
  char want[128];

  /* Arrays under an unknown key. */
  memcpy (json, head, hl);
  memset (json + hl, '[', DEPTH);
  memset (json + hl + DEPTH, ']', DEPTH);
  memcpy (json + hl + 2 * DEPTH, "}}", 2);
  /* The root and process take two of the 64 levels: the 63rd bracket is one too many. */
  snprintf (want, sizeof want,
            "config.json: JSON nested deeper than 64 levels (line 1, column %zu)", hl + 63);
  expect_error ("deep arrays (100000 levels)", json, len, want);

  /* Objects, all the way from the root. */
  cleanup_free char *objs = malloc (6 * DEPTH + 1 + DEPTH);
  size_t n = 0;
  for (int i = 0; i < DEPTH; i++) {
    memcpy (objs + n, "{\"a\":", 5);
    n += 5;
  }
  objs[n++] = '1';
  memset (objs + n, '}', DEPTH);
  n += DEPTH;
  snprintf (want, sizeof want, "config.json: JSON nested deeper than 64 levels (line 1, column %d)",
            64 * 5 + 1);
  expect_error ("deep objects (100000 levels)", objs, n, want);

  /* Arrays where strings are expected fail at once, at any depth. */
  memcpy (json, minimal_head, sizeof minimal_head - 1);
  n = sizeof minimal_head - 1;
  memcpy (json + n, ",\"env\":", 7);
  n += 7;
  memset (json + n, '[', DEPTH);
  n += DEPTH;
  memset (json + n, ']', DEPTH);
  n += DEPTH;
  expect_error ("deep arrays in a string array", json, n,
                "config.json: process.env[0]: expected a string, got array");
}

static void
test_bad_bytes (void)
{
  static const char nul[] = "{\"ociVersion\":\"1.0.0\"\0}";
  expect_error ("NUL byte", nul, sizeof nul - 1,
                "config.json: invalid JSON: NUL byte (line 1, column 22)");

  static const char utf8[] = "{\"ociVersion\":\"1.0.0\",\n\"hostname\":\"a\xff\"}";
  expect_error ("invalid UTF-8", utf8, sizeof utf8 - 1,
                "config.json: invalid JSON: lexical error: invalid bytes in UTF8 string (line 2, "
                "column 15)");

  static const char escaped_nul[] = "{\"ociVersion\":\"1.0.0\",\"hostname\":\"a\\u0000b\"}";
  expect_error ("escaped NUL in a string", escaped_nul, sizeof escaped_nul - 1,
                "config.json: hostname: string contains a NUL character");

  static const char key_nul[] = "{\"ociVersion\":\"1.0.0\",\"annotations\":{\"a\\u0000\":\"b\"}}";
  expect_error ("escaped NUL in a map key", key_nul, sizeof key_nul - 1,
                "config.json: annotations: string contains a NUL character");

  expect_error ("whitespace only", " \n\t ", 4, "config.json: empty file");

  static const char weird_key[] = "{\"ociVersion\":\"1.0.0\",\"annotations\":{\"a\\\"\\n\":1}}";
  expect_error ("map key escaped in path", weird_key, sizeof weird_key - 1,
                "config.json: annotations[\"a\\\"\\u000a\"]: expected a string, got number");
}

static void
test_state (void)
{
  static const char json[]
      = "{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",\"status\":\"running\",\"pid\":4242,"
        "\"bundle\":\"/b\",\"startTime\":18446744073709551615,\"systemdCgroup\":false}";
  cleanup_err st_err err = NULL;
  struct oci_state *s = NULL;
  char *out = NULL;

  if (oci_state_parse (json, sizeof json - 1, "state.json", &s, &err) < 0) {
    unit_check (false, "state parse", "%s", err->msg);
    return;
  }
  unit_check (s->pid == 4242 && s->start_time == UINT64_MAX && s->has_systemd_cgroup,
              "state values", " ");
  if (oci_emit (&oci_type_state, s, false, &out, NULL, &err) == 0)
    unit_streq (out, json, "state round trip");
  free (out);
  oci_state_free (s);

  expect_error ("zero bytes", "", 0, "config.json: empty file");
  struct oci_config *c = NULL;
  st_error_free (&err);
  int r = oci_parse_file (&oci_type_config, "/nonexistent/config.json", NULL, (void **) &c, &err);
  unit_check (r < 0 && err && err->errnum == ENOENT && c == NULL, "parse_file ENOENT", "%s",
              err ? err->msg : "no error");
}

static void
test_names (void)
{
  unit_check (oci_rlimit_from_name ("RLIMIT_NOFILE") == RLIMIT_NOFILE
                  && oci_rlimit_from_name ("RLIMIT_RTTIME") == RLIMIT_RTTIME
                  && oci_rlimit_from_name ("RLIMIT_AS") == RLIMIT_AS
                  && oci_rlimit_from_name ("NOFILE") == -1 && oci_rlimit_from_name (NULL) == -1,
              "oci_rlimit_from_name", " ");
  unit_check (
      oci_namespace_flag ("network") == CLONE_NEWNET && oci_namespace_flag ("mount") == CLONE_NEWNS
          && oci_namespace_flag ("time") == 0x80 && oci_namespace_flag ("user") == CLONE_NEWUSER
          && oci_namespace_flag ("cgroup") == CLONE_NEWCGROUP && oci_namespace_flag ("net") == -1,
      "oci_namespace_flag", " ");
}

static void
bench (const char *name, long iterations)
{
  cleanup_free char *path = vector_path ("valid", name);
  cleanup_free char *json = read_text (path);
  struct timespec t0, t1;
  size_t len = json ? strlen (json) : 0;

  if (json == NULL)
    return;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < iterations; i++) {
    struct oci_config *c = NULL;
    cleanup_err st_err err = NULL;
    if (parse_config (json, len, &c, &err) < 0 || oci_config_validate (c, "config.json", &err) < 0)
      abort ();
    oci_config_free (c);
  }
  clock_gettime (CLOCK_MONOTONIC, &t1);
  double us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / iterations;
  unit_note ("parse+validate+free %s (%zu bytes): %.2f us (%ld iterations)", name, len, us,
             iterations);
}

int
main (void)
{
  const char *env = getenv ("STOKE_SRCDIR");
  if (env && *env)
    srcdir = env;

  test_valid_vectors ();
  test_invalid_vectors ();
  test_full ();
  test_minimal_absent ();
  test_duplicates_and_null ();
  test_deep_nesting ();
  test_bad_bytes ();
  test_state ();
  test_names ();

  env = getenv ("STOKE_BENCH");
  if (env && atol (env) > 0) {
    bench ("runc-default.json", atol (env));
    bench ("podman.json", atol (env));
    bench ("full.json", atol (env));
  }
  return unit_done ();
}
