/* Resolution inside a root (openat2 and the component-walk fallback must agree, and neither may
 * leave the root), container id validation, signal names. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "util/cleanup.h"
#include "util/names.h"
#include "util/path.h"

static char root[] = "/tmp/stoke-test-path.XXXXXX";
static int rootfd = -1;

static void
make_tree (void)
{
  char p[512];
  const char *dirs[] = { "etc", "a", "a/b", "hostlike", NULL };
  for (int i = 0; dirs[i]; i++) {
    snprintf (p, sizeof p, "%s/%s", root, dirs[i]);
    mkdir (p, 0755);
  }
  snprintf (p, sizeof p, "%s/etc/passwd", root);
  close (open (p, O_CREAT | O_WRONLY, 0644));
  /* Links a hostile image could plant. */
  symlinkat ("/etc", rootfd, "abs-etc");         /* absolute: must mean the root's /etc */
  symlinkat ("../../../../etc", rootfd, "a/up"); /* climbing: must stop at the root */
  symlinkat ("loop2", rootfd, "loop1");
  symlinkat ("loop1", rootfd, "loop2");
  symlinkat ("/proc/self/root/etc", rootfd, "magic"); /* magic link through procfs */
  symlinkat ("passwd", rootfd, "etc/pw");
}

static bool
same_file (int fd, const char *rel)
{
  struct stat a, b;
  return fd >= 0 && fstat (fd, &a) == 0 && fstatat (rootfd, rel, &b, AT_SYMLINK_NOFOLLOW) == 0
         && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

static void
check_resolves (const char *path, const char *expect, int flags)
{
  cleanup_err st_err err = NULL;
  cleanup_close int a = st_open_in_root (rootfd, path, flags, &err);
  cleanup_close int b = st_walk_in_root (rootfd, path, flags);
  unit_check (same_file (a, expect), unit_name ("openat2: %s is %s", path, expect), "%s",
              err ? err->msg : "a different file");
  unit_check (same_file (b, expect), unit_name ("walk: %s is %s", path, expect), "errno %d", errno);
}

static void
check_fails (const char *path, int flags, int want_errno)
{
  cleanup_err st_err err = NULL;
  int a = st_open_in_root (rootfd, path, flags, &err);
  int aerr = err ? err->errnum : 0;
  int b = st_walk_in_root (rootfd, path, flags);
  int berr = errno;
  unit_check (a < 0 && aerr == want_errno, unit_name ("openat2: %s fails", path), "fd %d errno %d",
              a, aerr);
  unit_check (b < 0 && berr == want_errno, unit_name ("walk: %s fails", path), "fd %d errno %d", b,
              berr);
  if (a >= 0)
    close (a);
  if (b >= 0)
    close (b);
}

static void
test_paths (void)
{
  check_resolves ("/etc/passwd", "etc/passwd", O_RDONLY);
  check_resolves ("abs-etc/passwd", "etc/passwd", O_RDONLY);
  check_resolves ("/a/up/passwd", "etc/passwd", O_RDONLY);
  check_resolves ("../../../etc/passwd", "etc/passwd", O_RDONLY);
  check_resolves ("/a/b/../../etc/./pw", "etc/passwd", O_RDONLY);
  check_resolves ("/", ".", O_PATH);
  check_resolves ("etc/pw", "etc/pw", O_PATH | O_NOFOLLOW);
  check_fails ("loop1", O_RDONLY, ELOOP);
  check_fails ("/nope/x", O_RDONLY, ENOENT);
  check_fails ("etc/passwd/x", O_RDONLY, ENOTDIR);

  /* The magic link may not resolve to the host's /etc. */
  cleanup_err st_err err = NULL;
  int fd = st_open_in_root (rootfd, "magic/passwd", O_RDONLY, &err);
  unit_check (fd < 0, "openat2: procfs magic link refused", "opened fd %d", fd);
  if (fd >= 0)
    close (fd);

  /* Creating through a planted absolute link stays inside. */
  st_error_free (&err);
  fd = st_create_in_root (rootfd, "/abs-etc/made/here", 0755, false, &err);
  unit_check (fd >= 0 && same_file (fd, "etc/made/here"), "create follows links inside the root",
              "%s", err ? err->msg : "elsewhere");
  if (fd >= 0)
    close (fd);
  unit_check (access ("/etc/made", F_OK) != 0, "create never touches the host's /etc", " ");
  st_error_free (&err);
  fd = st_create_in_root (rootfd, "/a/up/file", 0755, true, &err);
  unit_check (fd >= 0 && same_file (fd, "etc/file"), "create through .. links clamps at the root",
              "%s", err ? err->msg : "elsewhere");
  if (fd >= 0)
    close (fd);
}

static void
test_ids (void)
{
  const char *good[] = { "a", "web-1", "A_b.c+d", "0123456789abcdef", NULL };
  const char *bad[] = { "", ".", "..", "../x", "a/b", "a b", "x\n", "é", NULL };
  char long_id[2001];

  for (int i = 0; good[i]; i++) {
    cleanup_err st_err err = NULL;
    unit_check (st_id_validate (good[i], &err) == 0, unit_name ("id `%s` accepted", good[i]), "%s",
                err ? err->msg : "");
  }
  for (int i = 0; bad[i]; i++) {
    cleanup_err st_err err = NULL;
    unit_check (st_id_validate (bad[i], &err) < 0 && err && strchr (err->msg, '\n') == NULL,
                unit_name ("bad id #%d refused on one line", i), "accepted");
  }
  memset (long_id, 'a', sizeof long_id - 1);
  long_id[sizeof long_id - 1] = '\0';
  cleanup_err st_err err = NULL;
  unit_check (st_id_validate (long_id, &err) < 0, "2000-character id refused", "accepted");
  long_id[ST_ID_MAX] = '\0';
  st_error_free (&err);
  unit_check (st_id_validate (long_id, &err) == 0, "255-character id accepted", "%s",
              err ? err->msg : "");
}

static void
test_signals (void)
{
  static const struct
  {
    const char *in;
    int sig;
  } ok[] = {
    { "TERM", SIGTERM }, { "SIGTERM", SIGTERM }, { "term", SIGTERM }, { "9", SIGKILL },
    { "KILL", SIGKILL }, { "SIGUSR1", SIGUSR1 }, { "HUP", SIGHUP },   { "IOT", SIGABRT },
  };
  const char *bad[] = { "", "NOPE", "SIG", "0", "65", "-9", "9x", "RTMIN+100", NULL };

  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    cleanup_err st_err err = NULL;
    int sig = 0;
    unit_check (st_signal_parse (ok[i].in, &sig, &err) == 0 && sig == ok[i].sig,
                unit_name ("signal `%s`", ok[i].in), "got %d", sig);
  }
  for (int i = 0; bad[i]; i++) {
    cleanup_err st_err err = NULL;
    int sig = 0;
    unit_check (st_signal_parse (bad[i], &sig, &err) < 0, unit_name ("signal `%s` refused", bad[i]),
                "parsed as %d", sig);
  }
  cleanup_err st_err err = NULL;
  int sig = 0;
  unit_check (st_signal_parse ("RTMIN+2", &sig, &err) == 0 && sig == SIGRTMIN + 2,
              "signal `RTMIN+2`", "got %d", sig);
}

int
main (void)
{
  char cmd[600];

  if (mkdtemp (root) == NULL || (rootfd = open (root, O_PATH | O_DIRECTORY)) < 0) {
    perror ("mkdtemp");
    return 1;
  }
  make_tree ();
  test_paths ();
  test_ids ();
  test_signals ();
  close (rootfd);
  snprintf (cmd, sizeof cmd, "rm -rf '%s'", root);
  if (system (cmd) != 0)
    unit_note ("could not remove %s", root);
  return unit_done ();
}
