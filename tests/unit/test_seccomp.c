/* The seccomp module: profile errors with their JSON paths, the compiled-program cache (hit,
 * miss, damaged entries), filters loaded in forked children (every action, every operator, the
 * Docker-like profile), and SCMP_ACT_NOTIFY with the container process state sent to an agent.
 * Run from the repository root, or set STOKE_SRCDIR. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "linux/seccomp.h"
#include "oci-spec/oci.h"
#include "unit.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/sha256.h"

static const char *srcdir = ".";
static char tmp[] = "/tmp/stoke-test-seccomp.XXXXXX";
static char cache[256];

/* libseccomp's compiler entry point, counted: a cache hit must not reach it. The executable's
 * definition wins over the shared library's for the statically linked module. */
static int compiles;

scmp_filter_ctx
seccomp_init (uint32_t def_action)
{
  static scmp_filter_ctx (*real) (uint32_t);
  if (real == NULL)
    real = (scmp_filter_ctx (*) (uint32_t)) dlsym (RTLD_NEXT, "seccomp_init");
  compiles++;
  return real (def_action);
}

static struct oci_seccomp *
profile (const char *json)
{
  struct oci_seccomp *s = NULL;
  cleanup_err st_err err = NULL;
  if (oci_parse (&oci_type_seccomp, json, strlen (json), "test", (void **) &s, &err) < 0) {
    printf ("# bad test profile: %s\n", err->msg);
    abort ();
  }
  return s;
}

static void
oci_seccomp_freep (struct oci_seccomp **s)
{
  if (*s)
    oci_seccomp_free (*s);
}
#define cleanup_profile __attribute__ ((cleanup (oci_seccomp_freep)))

static struct oci_config *
docker_config (void)
{
  cleanup_free char *path = NULL;
  struct oci_config *c = NULL;
  cleanup_err st_err err = NULL;

  if (asprintf (&path, "%s/oci-spec/vectors/valid/seccomp-docker.json", srcdir) < 0)
    abort ();
  if (oci_parse_file (&oci_type_config, path, NULL, (void **) &c, &err) < 0) {
    printf ("# %s\n", err->msg);
    abort ();
  }
  return c;
}

/* ---------------------------------------------------------------- SHA-256 */

static void
test_sha256 (void)
{
  static const struct
  {
    const char *in;
    size_t repeat;
    const char *hex;
  } v[] = {
    /* FIPS 180-2 appendix B, and the empty string */
    { "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
    { "a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
  };

  for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
    struct st_sha256 c;
    unsigned char d[ST_SHA256_LEN];
    char hex[2 * ST_SHA256_LEN + 1];
    st_sha256_init (&c);
    for (size_t r = 0; r < v[i].repeat; r++)
      st_sha256_update (&c, v[i].in, strlen (v[i].in));
    st_sha256_final (&c, d);
    st_sha256_hex (d, hex);
    unit_streq (hex, v[i].hex, unit_name ("sha256 vector %zu", i));
  }
}

/* ---------------------------------------------------------------- errors */

static void
expect_error (const char *json, const char *want, const char *name)
{
  cleanup_profile struct oci_seccomp *s = profile (json);
  cleanup_seccomp struct st_seccomp *sc = NULL;
  cleanup_err st_err err = NULL;

  if (st_seccomp_prepare (s, NULL, &sc, &err) == 0) {
    unit_check (false, name, "accepted, want \"%s\"", want);
    return;
  }
  unit_streq (err->msg, want, name);
}

static void
test_errors (void)
{
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\"},"
                "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_LOG\"},"
                "{\"names\":[\"open\"],\"action\":\"SCMP_ACT_KILL\"},"
                "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_FOO\"}]}",
                "linux.seccomp.syscalls[3].action: unknown action \"SCMP_ACT_FOO\"",
                "error: unknown action");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\"},"
                "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":["
                "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_FOO\"}]}]}",
                "linux.seccomp.syscalls[1].args[0].op: unknown operator \"SCMP_CMP_FOO\"",
                "error: unknown operator");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_FOO\"]}",
                "linux.seccomp.architectures[0]: unknown architecture \"SCMP_ARCH_FOO\"",
                "error: unknown architecture");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86\","
                "\"x86_64\"]}",
                "linux.seccomp.architectures[1]: unknown architecture \"x86_64\"",
                "error: architecture without SCMP_ARCH_");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_FOO\"]}",
                "linux.seccomp.flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_FOO\"",
                "error: unknown flag");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_NOPE\"}",
                "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NOPE\"",
                "error: unknown default action");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"listenerPath\":\"/x\"}",
                "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action",
                "error: NOTIFY as default");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_KILL\",\"defaultErrnoRet\":1}",
                "linux.seccomp.defaultErrnoRet: SCMP_ACT_KILL takes no errno (only SCMP_ACT_ERRNO "
                "and SCMP_ACT_TRACE do)",
                "error: defaultErrnoRet without errno action");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"errnoRet\":5}]}",
                "linux.seccomp.syscalls[0].errnoRet: SCMP_ACT_ALLOW takes no errno (only "
                "SCMP_ACT_ERRNO and SCMP_ACT_TRACE do)",
                "error: errnoRet on ALLOW");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":70000}]}",
                "linux.seccomp.syscalls[0].errnoRet: 70000 is out of range (at most 65535)",
                "error: errnoRet beyond 16 bits");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\"},"
                "{\"names\":[\"pread64\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":["
                "{\"index\":1,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
                "{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
                "linux.seccomp.syscalls[1].args[1].index: 6 is out of range (syscall arguments "
                "are 0 to 5)",
                "error: argument index 6");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"read\",\"\"],\"action\":\"SCMP_ACT_ERRNO\"}]}",
                "linux.seccomp.syscalls[0].names[1]: empty syscall name", "error: empty name");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":["
                "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]},"
                "{\"names\":[\"write\",\"read\"],\"action\":\"SCMP_ACT_KILL\",\"args\":["
                "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
                "linux.seccomp.syscalls[1].names[1]: \"read\" already has a rule with these "
                "arguments and another action",
                "error: conflicting rules");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerMetadata\":\"m\"}",
                "linux.seccomp.listenerMetadata: set without listenerPath",
                "error: listenerMetadata without listenerPath");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\"},"
                "{\"names\":[\"mknod\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
                "linux.seccomp.listenerPath: required by SCMP_ACT_NOTIFY in "
                "linux.seccomp.syscalls[1]",
                "error: NOTIFY without listenerPath");
  expect_error ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/x\",\"syscalls\":["
                "{\"names\":[\"mknod\",\"write\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
                "linux.seccomp.syscalls[0].names[1]: SCMP_ACT_NOTIFY cannot be used for \"write\"",
                "error: NOTIFY on write");
}

/* Names this libseccomp does not know are skipped, even when no name of a rule is left. */
static void
test_unknown_syscalls (void)
{
  cleanup_profile struct oci_seccomp *s
      = profile ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                 "{\"names\":[\"no_such_syscall\",\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\"},"
                 "{\"names\":[\"nor_this\",\"nor_that\"],\"action\":\"SCMP_ACT_KILL\"}]}");
  cleanup_seccomp struct st_seccomp *sc = NULL;
  cleanup_err st_err err = NULL;
  size_t len = 0;

  unit_check (st_seccomp_prepare (s, NULL, &sc, &err) == 0, "unknown syscall names skipped", "%s",
              err ? err->msg : "");
  unit_check (sc && st_seccomp_program (sc, &len) && len > 0, "program compiled", "%zu", len);
  unit_check (sc && !st_seccomp_wants_listener (sc), "no listener without NOTIFY", " ");
}

/* ---------------------------------------------------------------- cache */

static int
prepare_cached (const struct oci_seccomp *s, struct st_seccomp **sc, int *n_compiles)
{
  cleanup_err st_err err = NULL;
  int before = compiles;
  int rc = st_seccomp_prepare (s, cache, sc, &err);
  if (rc < 0)
    printf ("# prepare: %s\n", err->msg);
  *n_compiles = compiles - before;
  return rc;
}

static bool
same_program (const struct st_seccomp *a, const struct st_seccomp *b)
{
  size_t la, lb;
  const void *pa = st_seccomp_program (a, &la), *pb = st_seccomp_program (b, &lb);
  return la == lb && memcmp (pa, pb, la * 8) == 0;
}

/* The one cache file there is (the tests use one profile at a time). */
static bool
cache_file (char *path, size_t size)
{
  cleanup_dir DIR *d = opendir (cache);
  struct dirent *e;
  bool found = false;

  while (d && (e = readdir (d)))
    if (strlen (e->d_name) == 68 && strcmp (e->d_name + 64, ".bpf") == 0) {
      snprintf (path, size, "%s/%s", cache, e->d_name);
      found = true;
    }
  return found;
}

static void
corrupt (const char *path, off_t at)
{
  int fd = open (path, O_RDWR);
  unsigned char c;
  if (fd < 0 || pread (fd, &c, 1, at) != 1)
    abort ();
  c ^= 0x40;
  if (pwrite (fd, &c, 1, at) != 1)
    abort ();
  close (fd);
}

static void
test_cache (void)
{
  cleanup_config struct oci_config *c = docker_config ();
  const struct oci_seccomp *s = c->linux->seccomp;
  cleanup_seccomp struct st_seccomp *miss = NULL, *hit = NULL, *again = NULL;
  char path[512];
  struct stat st;
  int n = 0;

  unit_check (prepare_cached (s, &miss, &n) == 0 && n == 1 && !st_seccomp_from_cache (miss),
              "cache: first prepare compiles", "compiles %d", n);
  unit_check (stat (cache, &st) == 0 && S_ISDIR (st.st_mode) && (st.st_mode & 07777) == 0700,
              "cache: directory created 0700", "mode %o", st.st_mode & 07777);
  unit_check (cache_file (path, sizeof path) && stat (path, &st) == 0
                  && (st.st_mode & 07777) == 0600 && (st.st_size - 80) % 8 == 0,
              "cache: <sha256>.bpf written 0600", "mode %o size %lld", st.st_mode & 07777,
              (long long) st.st_size);

  unit_check (prepare_cached (s, &hit, &n) == 0 && n == 0 && st_seccomp_from_cache (hit),
              "cache: second prepare hits without libseccomp's compiler", "compiles %d", n);
  unit_check (hit && same_program (miss, hit), "cache: hit and miss give the same program", " ");

  /* A byte of the program changed: the checksum catches it, the entry is compiled again and
   * replaced, and the next prepare hits again. */
  corrupt (path, st.st_size - 3);
  unit_check (prepare_cached (s, &again, &n) == 0 && n == 1 && !st_seccomp_from_cache (again)
                  && same_program (miss, again),
              "cache: tampered program compiled again", "compiles %d", n);
  st_seccomp_free (again);
  again = NULL;
  unit_check (prepare_cached (s, &again, &n) == 0 && n == 0 && same_program (miss, again),
              "cache: tampered entry replaced", "compiles %d", n);
  st_seccomp_free (again);
  again = NULL;

  /* The header: a different key inside the file. */
  corrupt (path, 20);
  unit_check (prepare_cached (s, &again, &n) == 0 && n == 1 && same_program (miss, again),
              "cache: header not matching the name compiled again", "compiles %d", n);
  st_seccomp_free (again);
  again = NULL;

  /* Truncated (a writer that died, a full disk). */
  if (truncate (path, st.st_size - 8) < 0)
    abort ();
  unit_check (prepare_cached (s, &again, &n) == 0 && n == 1 && same_program (miss, again),
              "cache: truncated entry compiled again", "compiles %d", n);
  st_seccomp_free (again);
  again = NULL;
  if (truncate (path, 83) < 0)
    abort ();
  unit_check (prepare_cached (s, &again, &n) == 0 && n == 1 && same_program (miss, again),
              "cache: entry of a size no program has compiled again", "compiles %d", n);
  st_seccomp_free (again);
  again = NULL;

  /* Writable by others: whoever could write it could choose our filter. */
  chmod (path, 0666);
  unit_check (prepare_cached (s, &again, &n) == 0 && n == 1 && stat (path, &st) == 0
                  && (st.st_mode & 07777) == 0600,
              "cache: world-writable entry not trusted, replaced", "compiles %d mode %o", n,
              st.st_mode & 07777);
  st_seccomp_free (again);
  again = NULL;

  /* Load-time fields are not part of the key: profiles differing only there share an entry. */
  {
    struct oci_seccomp other = *s;
    char *flags[] = { "SECCOMP_FILTER_FLAG_LOG", NULL };
    other.flags = flags;
    other.flags_len = 1;
    other.listener_path = "/run/agent.sock";
    other.listener_metadata = "per-container";
    unit_check (prepare_cached (&other, &again, &n) == 0 && n == 0,
                "cache: flags and listener fields share the entry", "compiles %d", n);
    st_seccomp_free (again);
    again = NULL;

    /* ... but a bad flag is refused before the cache is consulted. */
    char *bad[] = { "SECCOMP_FILTER_FLAG_BAD", NULL };
    cleanup_err st_err err = NULL;
    other.flags = bad;
    unit_check (st_seccomp_prepare (&other, cache, &again, &err) < 0
                    && strcmp (err->msg, "linux.seccomp.flags[0]: unknown flag "
                                         "\"SECCOMP_FILTER_FLAG_BAD\"")
                           == 0,
                "cache: a profile is checked on a hit too", "%s", err ? err->msg : "accepted");
    st_seccomp_free (again);
    again = NULL;

    /* Anything in the program does change the key. */
    other = *s;
    other.default_errno_ret = 13;
    unit_check (prepare_cached (&other, &again, &n) == 0 && n == 1 && !same_program (miss, again),
                "cache: a different profile misses", "compiles %d", n);
    st_seccomp_free (again);
    again = NULL;
  }

  /* A cache directory others can write is not used at all, but does not fail the container. */
  chmod (cache, 0777);
  st_seccomp_free (hit);
  hit = NULL;
  unit_check (prepare_cached (s, &again, &n) == 0 && n == 1 && prepare_cached (s, &hit, &n) == 0
                  && n == 1,
              "cache: directory writable by others ignored", "compiles %d", n);
  chmod (cache, 0700);
}

/* A store into a full cache evicts the least recently used half and stale temp files; the entry
 * just stored stays. */
static void
test_eviction (void)
{
  cleanup_profile struct oci_seccomp *s
      = profile ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                 "{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":3}]}");
  cleanup_seccomp struct st_seccomp *sc = NULL, *again = NULL;
  struct timespec old[2] = { { .tv_sec = 1000000000 }, { .tv_sec = 1000000000 } };
  cleanup_dir DIR *d = NULL;
  struct dirent *e;
  int dfd = open (cache, O_RDONLY | O_DIRECTORY), n = 0, left = 0;
  bool stale_left = false;

  if (dfd < 0)
    abort ();
  for (int i = 0; i < 300; i++) {
    char name[80];
    snprintf (name, sizeof name, "%064x.bpf", i);
    close (openat (dfd, name, O_WRONLY | O_CREAT, 0600));
    utimensat (dfd, name, old, 0);
  }
  close (openat (dfd, ".dead-writer.1234.tmp", O_WRONLY | O_CREAT, 0600));
  utimensat (dfd, ".dead-writer.1234.tmp", old, 0);

  unit_check (prepare_cached (s, &sc, &n) == 0 && n == 1, "evict: a miss stores", "compiles %d", n);
  d = fdopendir (dfd);
  while (d && (e = readdir (d))) {
    if (strstr (e->d_name, ".bpf"))
      left++;
    if (strcmp (e->d_name, ".dead-writer.1234.tmp") == 0)
      stale_left = true;
  }
  unit_check (left > 100 && left <= 256, "evict: a full cache drops its oldest half", "%d left",
              left);
  unit_check (!stale_left, "evict: a dead writer's temp file is removed", " ");
  unit_check (prepare_cached (s, &again, &n) == 0 && n == 0, "evict: the new entry stays",
              "compiles %d", n);
}

/* ---------------------------------------------------------------- loading in a child */

struct shared
{
  long rc[16];
  int err[16];
  char msg[512];
};
static struct shared *shm;

/* Children end with the raw syscall: a sanitizer's exit hook (the leak check) needs syscalls the
 * filters under test refuse, and the parent's memory is not the child's to check. Not declared
 * noreturn (nor ending in one, or the compiler infers it): ASan prepares for a noreturn call with
 * syscalls of its own (sigaltstack, gettid) that a default-deny filter refuses. */
static void
child_exit (int code)
{
  syscall (SYS_exit_group, code);
}

static void
record (int i, long rc)
{
  shm->rc[i] = rc;
  shm->err[i] = rc < 0 ? errno : 0;
}

/* Fork; the child sets no_new_privs, loads the filter and runs body. Returns the wait status. */
static int
run_child (struct st_seccomp *sc, void (*body) (void *), void *arg, bool nnp)
{
  pid_t pid;
  int status = 0;

  memset (shm, 0, sizeof *shm);
  for (int i = 0; i < 16; i++)
    shm->rc[i] = -12345;
  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    abort ();
  if (pid == 0) {
    st_err err = NULL;
    int fd = -1;
    if (nnp && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
      child_exit (3);
    if (st_seccomp_load (sc, &fd, &err) < 0) {
      snprintf (shm->msg, sizeof shm->msg, "%s", err->msg);
      child_exit (2);
    }
    body (arg);
    child_exit (0);
  }
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      abort ();
  return status;
}

static bool
exited_ok (int status)
{
  if (WIFEXITED (status) && WEXITSTATUS (status) == 2)
    printf ("# load failed: %s\n", shm->msg);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static struct st_seccomp *
prepare_or_die (const char *json)
{
  cleanup_profile struct oci_seccomp *s = profile (json);
  struct st_seccomp *sc = NULL;
  cleanup_err st_err err = NULL;
  if (st_seccomp_prepare (s, NULL, &sc, &err) < 0) {
    printf ("# prepare: %s\n", err->msg);
    abort ();
  }
  return sc;
}

static void
body_mkdir_getcwd (void *arg)
{
  char buf[256];
  record (0, syscall (SYS_mkdir, (const char *) arg, 0700));
  record (1, syscall (SYS_getcwd, buf, sizeof buf));
  record (2, syscall (SYS_getpid));
  record (3, syscall (SYS_rmdir, (const char *) arg));
}

static void
test_load_errno (void)
{
  cleanup_seccomp struct st_seccomp *sc
      = prepare_or_die ("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                        "{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\"},"
                        "{\"names\":[\"getcwd\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":42}]}");
  char dir[300];
  struct stat st;
  int status;

  snprintf (dir, sizeof dir, "%s/made-by-child", tmp);
  status = run_child (sc, body_mkdir_getcwd, dir, true);
  unit_check (exited_ok (status), "load: child ran under the filter", "status %#x", status);
  unit_check (shm->rc[0] == -1 && shm->err[0] == EPERM && stat (dir, &st) < 0,
              "load: mkdir gets EPERM (ERRNO without errnoRet)", "rc %ld errno %d", shm->rc[0],
              shm->err[0]);
  unit_check (shm->rc[1] == -1 && shm->err[1] == 42, "load: getcwd gets errnoRet 42",
              "rc %ld errno %d", shm->rc[1], shm->err[1]);
  unit_check (shm->rc[2] > 0, "load: other syscalls allowed", "getpid %ld errno %d", shm->rc[2],
              shm->err[2]);
  unit_check (shm->rc[3] == -1 && shm->err[3] == ENOENT, "load: rmdir untouched", "rc %ld errno %d",
              shm->rc[3], shm->err[3]);
}

static void
body_args (void *arg)
{
  record (0, syscall (SYS_personality, 0xffffffffUL));  /* EQ: allowed */
  record (1, syscall (SYS_personality, 0UL));           /* denied */
  record (2, syscall (SYS_getpgid, 0));                 /* EQ 0 or EQ 1: allowed */
  record (3, syscall (SYS_getpgid, 1));                 /* allowed */
  record (4, syscall (SYS_getpgid, 2));                 /* denied */
  record (5, syscall (SYS_getsid, 0));                  /* LT 5: allowed */
  record (6, syscall (SYS_getsid, 7));                  /* denied */
  record (7, syscall (SYS_sched_getscheduler, 10));     /* GE 10: allowed */
  record (8, syscall (SYS_sched_getscheduler, 0));      /* denied */
  record (9, syscall (SYS_getpriority, 0, 5));          /* arg0 LE 0 and arg1 GT 0: allowed */
  record (10, syscall (SYS_getpriority, 0, 0));         /* arg1 not GT 0: denied */
  record (11, syscall (SYS_getpriority, 1, 5));         /* arg0 not LE 0: denied */
  record (12, syscall (SYS_umask, 022));                /* (022 & 07) == 2: allowed */
  record (13, syscall (SYS_umask, 027));                /* (027 & 07) == 7: denied */
  record (14, syscall (SYS_sched_get_priority_max, 0)); /* NE 1: allowed */
  record (15, syscall (SYS_sched_get_priority_max, 1)); /* denied */
}

static void
test_load_args (void)
{
  /* Default deny: the child does nothing but these syscalls and exit_group. */
  cleanup_seccomp struct st_seccomp *sc = prepare_or_die (
      "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":95,\"syscalls\":["
      "{\"names\":[\"exit_group\",\"exit\"],\"action\":\"SCMP_ACT_ALLOW\"},"
      "{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
      "{\"index\":0,\"value\":4294967295,\"op\":\"SCMP_CMP_EQ\"}]},"
      "{\"names\":[\"getpgid\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
      "{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"},"
      "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]},"
      "{\"names\":[\"getsid\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
      "{\"index\":0,\"value\":5,\"op\":\"SCMP_CMP_LT\"}]},"
      "{\"names\":[\"sched_getscheduler\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
      "{\"index\":0,\"value\":10,\"op\":\"SCMP_CMP_GE\"}]},"
      "{\"names\":[\"getpriority\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
      "{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_LE\"},"
      "{\"index\":1,\"value\":0,\"op\":\"SCMP_CMP_GT\"}]},"
      "{\"names\":[\"umask\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
      "{\"index\":0,\"value\":7,\"valueTwo\":2,\"op\":\"SCMP_CMP_MASKED_EQ\"}]},"
      "{\"names\":[\"sched_get_priority_max\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
      "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_NE\"}]}]}");
  static const struct
  {
    const char *what;
    bool allowed;
  } want[16] = {
    { "personality(0xffffffff), EQ", true },
    { "personality(0), not EQ", false },
    { "getpgid(0), first of two conditions on arg0 (OR)", true },
    { "getpgid(1), second of two conditions on arg0 (OR)", true },
    { "getpgid(2), neither", false },
    { "getsid(0), LT", true },
    { "getsid(7), not LT", false },
    { "sched_getscheduler(10), GE", true },
    { "sched_getscheduler(0), not GE", false },
    { "getpriority(0, 5), LE and GT (AND)", true },
    { "getpriority(0, 0), LE but not GT", false },
    { "getpriority(1, 5), GT but not LE", false },
    { "umask(022), MASKED_EQ (mask value, datum valueTwo)", true },
    { "umask(027), not MASKED_EQ", false },
    { "sched_get_priority_max(0), NE", true },
    { "sched_get_priority_max(1), not NE", false },
  };
  int status = run_child (sc, body_args, NULL, true);

  unit_check (exited_ok (status), "args: child ran under a default-deny filter", "status %#x",
              status);
  for (int i = 0; i < 16; i++) {
    bool denied = shm->rc[i] == -1 && shm->err[i] == 95;
    unit_check (want[i].allowed ? !denied : denied,
                unit_name ("args: %s %s", want[i].what, want[i].allowed ? "allowed" : "denied"),
                "rc %ld errno %d", shm->rc[i], shm->err[i]);
  }
}

static void
body_getppid (void *arg)
{
  record (0, syscall (SYS_getppid));
}

/* Every action on getppid, in a child each. */
static void
test_actions (void)
{
  static const struct
  {
    const char *action;
    const char *extra;
    int signal; /* killed by this, or 0 */
    int err;    /* else: -1 with this errno, or 0 for success */
  } cases[] = {
    { "SCMP_ACT_ALLOW", "", 0, 0 },
    { "SCMP_ACT_LOG", "", 0, 0 },
    { "SCMP_ACT_ERRNO", "", 0, EPERM },
    { "SCMP_ACT_ERRNO", ",\"errnoRet\":5", 0, EIO },
    /* No tracer: the kernel fails the syscall with ENOSYS. */
    { "SCMP_ACT_TRACE", ",\"errnoRet\":7", 0, ENOSYS },
    { "SCMP_ACT_TRAP", "", SIGSYS, 0 },
    { "SCMP_ACT_KILL", "", SIGSYS, 0 },
    { "SCMP_ACT_KILL_THREAD", "", SIGSYS, 0 },
    { "SCMP_ACT_KILL_PROCESS", "", SIGSYS, 0 },
  };

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char json[512];
    snprintf (json, sizeof json,
              "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getppid\"],"
              "\"action\":\"%s\"%s}]}",
              cases[i].action, cases[i].extra);
    cleanup_seccomp struct st_seccomp *sc = prepare_or_die (json);
    int status = run_child (sc, body_getppid, NULL, true);
    const char *name = unit_name ("action %s%s", cases[i].action, cases[i].extra);

    if (cases[i].signal)
      unit_check (WIFSIGNALED (status) && WTERMSIG (status) == cases[i].signal, name, "status %#x",
                  status);
    else if (cases[i].err)
      unit_check (exited_ok (status) && shm->rc[0] == -1 && shm->err[0] == cases[i].err, name,
                  "status %#x rc %ld errno %d", status, shm->rc[0], shm->err[0]);
    else
      unit_check (exited_ok (status) && shm->rc[0] == getpid (), name, "status %#x rc %ld", status,
                  shm->rc[0]);
  }
}

static void
body_docker (void *arg)
{
  long rc;
  record (0, syscall (SYS_getpid));
  record (1, syscall (SYS_clone3, NULL, 0));           /* errnoRet 38 */
  record (2, syscall (SYS_unshare, CLONE_NEWNS));      /* not listed: EPERM */
  record (3, syscall (SYS_personality, 0xffffffffUL)); /* allowed value */
  record (4, syscall (SYS_personality, 0x1234UL));     /* not an allowed value */
  rc = syscall (SYS_socket, AF_UNIX, SOCK_STREAM, 0);  /* NE AF_VSOCK */
  record (5, rc);
  record (6, syscall (SYS_socket, 40, SOCK_STREAM, 0));          /* AF_VSOCK */
  rc = syscall (SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0); /* MASKED_EQ refuses it */
  if (rc == 0)
    child_exit (0);
  record (7, rc);
  rc = syscall (SYS_clone, SIGCHLD, 0, 0, 0, 0); /* a plain fork is fine */
  if (rc == 0)
    child_exit (0);
  record (8, rc);
  if (rc > 0)
    record (9, syscall (SYS_wait4, rc, NULL, 0, NULL));
  record (10, syscall (SYS_ptrace, PTRACE_TRACEME, 0, 0, 0)); /* restates the default */
}

static void
test_docker_profile (void)
{
  cleanup_config struct oci_config *c = docker_config ();
  cleanup_seccomp struct st_seccomp *sc = NULL;
  cleanup_err st_err err = NULL;
  size_t len = 0;
  int status;

  if (!unit_check (st_seccomp_prepare (c->linux->seccomp, NULL, &sc, &err) == 0,
                   "docker profile compiles", "%s", err ? err->msg : ""))
    return;
  st_seccomp_program (sc, &len);
  unit_note ("docker profile: %zu BPF instructions", len);
  status = run_child (sc, body_docker, NULL, true);
  unit_check (exited_ok (status), "docker: child ran under the profile", "status %#x", status);
  unit_check (shm->rc[0] > 0, "docker: getpid allowed", "rc %ld", shm->rc[0]);
  unit_check (shm->rc[1] == -1 && shm->err[1] == ENOSYS, "docker: clone3 gets ENOSYS",
              "rc %ld errno %d", shm->rc[1], shm->err[1]);
  unit_check (shm->rc[2] == -1 && shm->err[2] == EPERM, "docker: unshare gets defaultErrnoRet",
              "rc %ld errno %d", shm->rc[2], shm->err[2]);
  unit_check (shm->rc[3] >= 0, "docker: personality query allowed", "rc %ld errno %d", shm->rc[3],
              shm->err[3]);
  unit_check (shm->rc[4] == -1 && shm->err[4] == EPERM, "docker: other personality refused",
              "rc %ld errno %d", shm->rc[4], shm->err[4]);
  unit_check (shm->rc[5] >= 0, "docker: socket(AF_UNIX) allowed", "rc %ld errno %d", shm->rc[5],
              shm->err[5]);
  unit_check (shm->rc[6] == -1 && shm->err[6] == EPERM, "docker: socket(AF_VSOCK) refused",
              "rc %ld errno %d", shm->rc[6], shm->err[6]);
  unit_check (shm->rc[7] == -1 && shm->err[7] == EPERM, "docker: clone(CLONE_NEWUSER) refused",
              "rc %ld errno %d", shm->rc[7], shm->err[7]);
  unit_check (shm->rc[8] > 0 && shm->rc[9] == shm->rc[8], "docker: clone without namespaces works",
              "rc %ld wait %ld errno %d", shm->rc[8], shm->rc[9], shm->err[9]);
  unit_check (shm->rc[10] == -1 && shm->err[10] == EPERM, "docker: ptrace refused",
              "rc %ld errno %d", shm->rc[10], shm->err[10]);
}

static void
test_flags_and_privileges (void)
{
  cleanup_seccomp struct st_seccomp *sc = prepare_or_die (
      "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_TSYNC\","
      "\"SECCOMP_FILTER_FLAG_LOG\",\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\","
      "\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"],\"syscalls\":["
      "{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_ERRNO\"}]}");
  int status;

  status = run_child (sc, body_getppid, NULL, true);
  unit_check (exited_ok (status) && shm->rc[0] == -1 && shm->err[0] == EPERM,
              "flags: TSYNC, LOG, SPEC_ALLOW, WAIT_KILLABLE_RECV (no listener) load",
              "status %#x rc %ld errno %d", status, shm->rc[0], shm->err[0]);

  for (size_t i = 0; st_seccomp_flag_name (i); i++)
    unit_check (st_seccomp_flag_supported (st_seccomp_flag_name (i)),
                unit_name ("flags: kernel takes %s", st_seccomp_flag_name (i)), "probe says no");
  unit_check (!st_seccomp_flag_supported ("SECCOMP_FILTER_FLAG_NEW_LISTENER"),
              "flags: NEW_LISTENER is not a profile flag", " ");

  /* Without no_new_privs and without CAP_SYS_ADMIN the kernel refuses, and the error says why. */
  fflush (stdout);
  pid_t pid = fork ();
  if (pid == 0) {
    cap_t caps = cap_get_proc ();
    cap_value_t admin = CAP_SYS_ADMIN;
    st_err err = NULL;
    if (caps == NULL || cap_set_flag (caps, CAP_EFFECTIVE, 1, &admin, CAP_CLEAR) < 0
        || cap_set_proc (caps) < 0)
      child_exit (3);
    if (st_seccomp_load (sc, NULL, &err) == 0)
      child_exit (0);
    snprintf (shm->msg, sizeof shm->msg, "%s", err->msg);
    child_exit (err->errnum == EACCES ? 4 : 5);
  }
  waitpid (pid, &status, 0);
  unit_check (WIFEXITED (status) && WEXITSTATUS (status) == 4
                  && strstr (shm->msg, "no_new_privs is not set and CAP_SYS_ADMIN is gone"),
              "load: EACCES without no_new_privs or CAP_SYS_ADMIN explained", "status %#x: %s",
              status, shm->msg);
}

/* ---------------------------------------------------------------- NOTIFY and the agent */

static void
body_notify (void *arg)
{
  /* getppid is notified: the agent (the test) answers 4242. */
  record (1, syscall (SYS_getppid));
}

static void
test_notify (void)
{
  char sock_path[300], json[1024];
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int lsock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  cleanup_close int conn = -1, notify = -1;
  cleanup_free char *msg = NULL;
  size_t msg_len = 0;
  int status;
  pid_t pid;

  snprintf (sock_path, sizeof sock_path, "%s/agent.sock", tmp);
  snprintf (json, sizeof json,
            "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"%s\","
            "\"listenerMetadata\":\"MKNOD=/dev/null\",\"flags\":[\"SECCOMP_FILTER_FLAG_TSYNC\","
            "\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"],\"syscalls\":["
            "{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
            sock_path);
  cleanup_profile struct oci_seccomp *s = profile (json);
  cleanup_seccomp struct st_seccomp *sc = NULL;
  cleanup_err st_err err = NULL;

  if (!unit_check (st_seccomp_prepare (s, NULL, &sc, &err) == 0, "notify: prepare", "%s",
                   err ? err->msg : ""))
    return;
  unit_check (st_seccomp_wants_listener (sc), "notify: wants a listener", " ");
  strcpy (addr.sun_path, sock_path);
  if (bind (lsock, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (lsock, 1) < 0)
    abort ();

  memset (shm, 0, sizeof *shm);
  fflush (stdout);
  pid = fork ();
  if (pid == 0) {
    st_err e = NULL;
    int fd = -1;
    char state[256];
    prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (st_seccomp_load (sc, &fd, &e) < 0) {
      snprintf (shm->msg, sizeof shm->msg, "%s", e->msg);
      child_exit (2);
    }
    shm->rc[0] = fd;
    snprintf (state, sizeof state,
              "{\"ociVersion\":\"1.2.0\",\"id\":\"ctr\",\"status\":\"creating\",\"pid\":%d,"
              "\"bundle\":\"/b\",\"annotations\":{\"k\":\"v\"},\"n\":1.5e3}",
              (int) getpid ());
    if (st_seccomp_send_listener (s->listener_path, s->listener_metadata, getpid (), state, fd, &e)
        < 0) {
      snprintf (shm->msg, sizeof shm->msg, "%s", e->msg);
      child_exit (4);
    }
    close (fd);
    body_notify (NULL);
    child_exit (0);
  }

  /* The agent: one connection, the state as JSON to EOF, the fd with the first bytes. */
  struct pollfd pfd = { .fd = lsock, .events = POLLIN };
  if (poll (&pfd, 1, 10000) == 1)
    conn = accept4 (lsock, NULL, NULL, SOCK_CLOEXEC);
  if (conn >= 0) {
    char buf[4096];
    union
    {
      char b[CMSG_SPACE (sizeof (int))];
      struct cmsghdr align;
    } ctl;
    struct iovec iov = { buf, sizeof buf };
    struct msghdr mh = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b, .msg_controllen = sizeof ctl.b
    };
    ssize_t n = recvmsg (conn, &mh, MSG_CMSG_CLOEXEC);
    struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR (&mh) : NULL;
    FILE *f = open_memstream (&msg, &msg_len);

    if (c && c->cmsg_type == SCM_RIGHTS)
      memcpy (&notify, CMSG_DATA (c), sizeof notify);
    while (n > 0) {
      fwrite (buf, 1, (size_t) n, f);
      n = read (conn, buf, sizeof buf);
    }
    fclose (f);
  }
  unit_check (notify >= 0, "notify: agent got the listener fd (SCM_RIGHTS)", "conn %d", conn);

  {
    char perr[256] = "";
    yajl_val v = msg ? yajl_tree_parse (msg, perr, sizeof perr) : NULL;
    const char *p_oci[] = { "ociVersion", NULL }, *p_fds[] = { "fds", NULL },
               *p_pid[] = { "pid", NULL }, *p_md[] = { "metadata", NULL },
               *p_id[] = { "state", "id", NULL }, *p_ann[] = { "state", "annotations", "k", NULL },
               *p_n[] = { "state", "n", NULL };
    yajl_val fds = v ? yajl_tree_get (v, p_fds, yajl_t_array) : NULL;
    yajl_val n = v ? yajl_tree_get (v, p_n, yajl_t_number) : NULL;

    unit_check (v != NULL, "notify: the message is JSON", "%s: %s", perr, msg ? msg : "(none)");
    unit_streq (v ? YAJL_GET_STRING (yajl_tree_get (v, p_oci, yajl_t_string)) : NULL, "1.3.0",
                "notify: ociVersion");
    unit_check (fds && fds->u.array.len == 1
                    && strcmp (YAJL_GET_STRING (fds->u.array.values[0]) ?: "", "seccompFd") == 0,
                "notify: fds is [\"seccompFd\"]", "%s", msg ? msg : "");
    unit_check (v && YAJL_IS_INTEGER (yajl_tree_get (v, p_pid, yajl_t_number))
                    && YAJL_GET_INTEGER (yajl_tree_get (v, p_pid, yajl_t_number)) == pid,
                "notify: pid", "%s", msg ? msg : "");
    unit_streq (v ? YAJL_GET_STRING (yajl_tree_get (v, p_md, yajl_t_string)) : NULL,
                "MKNOD=/dev/null", "notify: metadata is listenerMetadata");
    unit_streq (v ? YAJL_GET_STRING (yajl_tree_get (v, p_id, yajl_t_string)) : NULL, "ctr",
                "notify: state.id");
    unit_streq (v ? YAJL_GET_STRING (yajl_tree_get (v, p_ann, yajl_t_string)) : NULL, "v",
                "notify: state.annotations kept");
    unit_streq (n ? YAJL_GET_NUMBER (n) : NULL, "1.5e3", "notify: state numbers kept as written");
    if (v)
      yajl_tree_free (v);
  }

  /* The fd is the real listener: answer the child's getppid. */
  if (notify >= 0) {
    struct seccomp_notif req;
    struct seccomp_notif_resp resp;
    struct pollfd np = { .fd = notify, .events = POLLIN };
    bool got = false;

    memset (&req, 0, sizeof req);
    if (poll (&np, 1, 10000) == 1 && ioctl (notify, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0) {
      got = req.pid == (uint32_t) pid && req.data.nr == SYS_getppid;
      memset (&resp, 0, sizeof resp);
      resp.id = req.id;
      resp.val = 4242;
      ioctl (notify, SECCOMP_IOCTL_NOTIF_SEND, &resp);
    }
    unit_check (got, "notify: the agent receives the child's getppid", "pid %u nr %d", req.pid,
                req.data.nr);
  }
  if (notify < 0)
    kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  unit_check (exited_ok (status) && shm->rc[0] >= 0, "notify: child loaded and sent",
              "status %#x: %s", status, shm->msg);
  unit_check (shm->rc[1] == 4242, "notify: the child sees the agent's answer", "rc %ld errno %d",
              shm->rc[1], shm->err[1]);
  unlink (sock_path);
}

static void
test_send_errors (void)
{
  cleanup_err st_err err = NULL;
  char path[300];
  int fds[2];

  if (pipe (fds) < 0)
    abort ();
  snprintf (path, sizeof path, "%s/nobody.sock", tmp);
  unit_check (st_seccomp_send_listener (path, NULL, 1, "{}", fds[0], &err) < 0
                  && err->errnum == ENOENT && strstr (err->msg, path),
              "send: no agent listening is an error naming the path", "%s",
              err ? err->msg : "sent");
  st_error_free (&err);
  unit_check (st_seccomp_send_listener (path, NULL, 1, "[1]", fds[0], &err) < 0
                  && strstr (err->msg, "not a JSON object"),
              "send: the state must be an object", "%s", err ? err->msg : "sent");
  close (fds[0]);
  close (fds[1]);
}

/* ---------------------------------------------------------------- timing */

static double
now_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Not a check: a note of what the cache saves on the Docker-like profile (tests/bench/ has the
 * longer measurement). */
static void
note_timing (void)
{
  cleanup_config struct oci_config *c = docker_config ();
  double t0, compile = 0, hit = 0;
  const int n = 20;
  char dir[300];

  snprintf (dir, sizeof dir, "%s/timing", tmp);
  for (int i = 0; i < n; i++) {
    struct st_seccomp *sc = NULL;
    t0 = now_us ();
    if (st_seccomp_prepare (c->linux->seccomp, NULL, &sc, NULL) == 0)
      compile += now_us () - t0;
    st_seccomp_free (sc);
    sc = NULL;
    st_seccomp_prepare (c->linux->seccomp, dir, &sc, NULL); /* warm */
    st_seccomp_free (sc);
    sc = NULL;
    t0 = now_us ();
    if (st_seccomp_prepare (c->linux->seccomp, dir, &sc, NULL) == 0)
      hit += now_us () - t0;
    st_seccomp_free (sc);
  }
  unit_note ("docker profile: compile %.0f us, cache hit %.0f us (mean of %d)", compile / n,
             hit / n, n);
}

int
main (void)
{
  const char *env = getenv ("STOKE_SRCDIR");
  if (env && *env)
    srcdir = env;
  if (mkdtemp (tmp) == NULL)
    abort ();
  snprintf (cache, sizeof cache, "%s/root/.seccomp", tmp);
  shm = mmap (NULL, sizeof *shm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shm == MAP_FAILED)
    abort ();

  test_sha256 ();
  test_errors ();
  test_unknown_syscalls ();
  test_cache ();
  test_eviction ();
  test_load_errno ();
  test_load_args ();
  test_actions ();
  test_docker_profile ();
  test_flags_and_privileges ();
  test_notify ();
  test_send_errors ();
  note_timing ();

  st_rm_rf_at (AT_FDCWD, tmp);
  return unit_done ();
}
