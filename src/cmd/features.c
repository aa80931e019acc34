/* stoke features: the runtime-spec features document (features.md, features-linux.md). */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>
#include <sys/capability.h>
#include <yajl/yajl_gen.h>

#include "config.h"
#include "cmd/cmd.h"
#include "linux/mempolicy.h"
#include "linux/lsm.h"
#include "linux/mount_opts.h"
#include "linux/seccomp.h"
#include "util/cleanup.h"
#include "util/nametab.h"

#ifndef STOKE_COMMIT
#define STOKE_COMMIT "unknown"
#endif

/* What stoke recognizes. Keep these in step with the code that reads config.json. */

static const char *const hook_names[] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

static const char *const namespaces[] = {
  "cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts",
};

/* A yajl generator with a sticky status: after the first failure, every call is a no-op. */
struct jw
{
  yajl_gen g;
  yajl_gen_status st;
};

static void
j_str (struct jw *w, const char *s)
{
  if (w->st == yajl_gen_status_ok)
    w->st = yajl_gen_string (w->g, (const unsigned char *) s, strlen (s));
}

static void
j_bool (struct jw *w, bool b)
{
  if (w->st == yajl_gen_status_ok)
    w->st = yajl_gen_bool (w->g, b);
}

static void
j_open (struct jw *w, const char *key)
{
  if (key)
    j_str (w, key);
  if (w->st == yajl_gen_status_ok)
    w->st = yajl_gen_map_open (w->g);
}

static void
j_close (struct jw *w)
{
  if (w->st == yajl_gen_status_ok)
    w->st = yajl_gen_map_close (w->g);
}

static void
j_array_open (struct jw *w, const char *key)
{
  j_str (w, key);
  if (w->st == yajl_gen_status_ok)
    w->st = yajl_gen_array_open (w->g);
}

static void
j_array_close (struct jw *w)
{
  if (w->st == yajl_gen_status_ok)
    w->st = yajl_gen_array_close (w->g);
}

static void
j_key_str (struct jw *w, const char *key, const char *value)
{
  j_str (w, key);
  j_str (w, value);
}

static void
j_key_bool (struct jw *w, const char *key, bool value)
{
  j_str (w, key);
  j_bool (w, value);
}

static void
j_strs (struct jw *w, const char *key, const char *const *v, size_t n)
{
  j_array_open (w, key);
  for (size_t i = 0; i < n; i++)
    j_str (w, v[i]);
  j_array_close (w);
}

/* {"enabled": b} */
static void
j_enabled (struct jw *w, const char *key, bool b)
{
  j_open (w, key);
  j_key_bool (w, "enabled", b);
  j_close (w);
}

/* Every capability libcap has a name for, as "CAP_CHOWN". libcap names the capabilities it does
 * not know by number; those are left out. The running kernel does not matter: the document lists
 * what stoke recognizes (features-linux.md). */
static int
gen_capabilities (struct jw *w)
{
  int last = cap_max_bits ();

  if (last < 64)
    last = 64; /* libcap may know more names than the kernel has bits */
  j_array_open (w, "capabilities");
  for (int i = 0; i < last; i++) {
    char *name = cap_to_name ((cap_value_t) i);
    char buf[64];
    size_t k;

    if (name == NULL)
      return -1;
    if (isdigit ((unsigned char) name[0])) {
      cap_free (name);
      continue;
    }
    k = (size_t) snprintf (buf, sizeof buf, "CAP_%s",
                           strncasecmp (name, "cap_", 4) ? name : name + 4);
    cap_free (name);
    if (k >= sizeof buf)
      continue;
    for (char *p = buf; *p; p++)
      *p = (char) toupper ((unsigned char) *p);
    j_str (w, buf);
  }
  j_array_close (w);
  return 0;
}

/* The names come from the seccomp module's own tables, so the list cannot drift from what it
 * accepts; architectures are those the linked libseccomp resolves, supportedFlags those the
 * running kernel takes (features-linux.md). */
static void
gen_seccomp (struct jw *w)
{
  const char *name;

  j_open (w, "seccomp");
  j_key_bool (w, "enabled", true);
  j_array_open (w, "actions");
  for (size_t i = 0; (name = st_seccomp_action_name (i)); i++)
    j_str (w, name);
  j_array_close (w);
  j_array_open (w, "operators");
  for (size_t i = 0; (name = st_seccomp_operator_name (i)); i++)
    j_str (w, name);
  j_array_close (w);
  j_array_open (w, "archs");
  for (size_t i = 0; (name = st_seccomp_arch_name (i)); i++)
    if (st_seccomp_arch_supported (name))
      j_str (w, name);
  j_array_close (w);
  j_array_open (w, "knownFlags");
  for (size_t i = 0; (name = st_seccomp_flag_name (i)); i++)
    j_str (w, name);
  j_array_close (w);
  j_array_open (w, "supportedFlags");
  for (size_t i = 0; (name = st_seccomp_flag_name (i)); i++)
    if (st_seccomp_flag_supported (name))
      j_str (w, name);
  j_array_close (w);
  j_close (w);
}

static int
gen_features (struct jw *w)
{
  const struct scmp_version *sv = seccomp_version ();
  char seccomp_ver[64] = "unknown";

  if (sv)
    snprintf (seccomp_ver, sizeof seccomp_ver, "%u.%u.%u", sv->major, sv->minor, sv->micro);

  j_open (w, NULL);
  j_key_str (w, "ociVersionMin", "1.0.0");
  j_key_str (w, "ociVersionMax", "1.3.0");
  j_strs (w, "hooks", hook_names, ST_N_ELEMENTS (hook_names));
  /* The option table the mount code parses with, so the list cannot drift from what works. */
  j_array_open (w, "mountOptions");
  for (size_t i = 0; st_mount_option_name (i); i++)
    j_str (w, st_mount_option_name (i));
  j_array_close (w);

  j_open (w, "linux");
  j_strs (w, "namespaces", namespaces, ST_N_ELEMENTS (namespaces));
  if (gen_capabilities (w) < 0)
    return -1;
  j_open (w, "cgroup");
  /* Only the cgroup2 directory for the container's processes so far: no v1 driver, no systemd
   * driver, no resource controllers. */
  j_key_bool (w, "v1", false);
  j_key_bool (w, "v2", true);
  j_key_bool (w, "systemd", false);
  j_key_bool (w, "systemdUser", false);
  j_key_bool (w, "rdma", false);
  j_close (w);
  gen_seccomp (w);
  /* features-linux.md describes these as what the runtime implements, whatever the host has;
   * stoke reports whether it can apply them here, because a profile asked for on a host without
   * the LSM is refused at create (linux/lsm.h), and a caller reading `true` would send one.
   * Intel RDT is not implemented. */
  j_enabled (w, "apparmor", st_apparmor_enabled ());
  j_enabled (w, "selinux", st_selinux_enabled ());
  j_enabled (w, "intelRdt", false);
  j_open (w, "memoryPolicy");
  j_array_open (w, "modes");
  for (size_t i = 0; st_mempolicy_mode_name (i); i++)
    j_str (w, st_mempolicy_mode_name (i));
  j_array_close (w);
  j_array_open (w, "flags");
  for (size_t i = 0; st_mempolicy_flag_name (i); i++)
    j_str (w, st_mempolicy_flag_name (i));
  j_array_close (w);
  j_close (w);
  j_open (w, "mountExtensions");
  j_enabled (w, "idmap", true);
  j_close (w);
  j_enabled (w, "netDevices", true);
  j_close (w); /* linux */

  j_open (w, "annotations");
  j_key_str (w, "io.github.seccomp.libseccomp.version", seccomp_ver);
  j_key_str (w, "io.github.stoke.commit", STOKE_COMMIT);
  j_key_str (w, "io.github.stoke.version", STOKE_VERSION);
  j_close (w);
  j_close (w);
  return 0;
}

static void
yajl_gen_freep (yajl_gen *g)
{
  if (*g)
    yajl_gen_free (*g);
}

int
cmd_features (struct st_globals *g, int argc, char **argv, st_err *err)
{
  static const struct option options[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  __attribute__ ((cleanup (yajl_gen_freep))) yajl_gen gen = NULL;
  struct jw w;
  const unsigned char *buf;
  size_t len;
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "h", options, NULL)) != -1) {
    switch (c) {
    case 'h':
      st_usage ("features", "", "  -h, --help  print this help\n");
      return 0;
    default:
      return st_fail (err, 0, "features: unknown option `%s`; see stoke features --help",
                      argv[optind - 1]);
    }
  }
  if (optind < argc)
    return st_fail (err, 0, "features: unexpected argument `%s`", argv[optind]);

  gen = yajl_gen_alloc (NULL);
  if (gen == NULL)
    return st_fail (err, ENOMEM, "features");
  yajl_gen_config (gen, yajl_gen_beautify, 1);
  yajl_gen_config (gen, yajl_gen_indent_string, "    ");
  w = (struct jw){ .g = gen, .st = yajl_gen_status_ok };
  if (gen_features (&w) < 0)
    return st_fail (err, ENOMEM, "features: capability names");
  if (w.st != yajl_gen_status_ok)
    return st_fail (err, 0, "features: generating JSON failed (yajl status %d)", (int) w.st);
  if (yajl_gen_get_buf (gen, &buf, &len) != yajl_gen_status_ok)
    return st_fail (err, 0, "features: generating JSON failed");
  if (fwrite (buf, 1, len, stdout) != len || (len && buf[len - 1] != '\n' && putchar ('\n') == EOF)
      || fflush (stdout) == EOF)
    return st_fail_sys (err, "features: write to stdout");
  return 0;
}
