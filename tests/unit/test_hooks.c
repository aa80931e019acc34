/* st_hooks_run / st_hooks_run_all with /bin/sh hooks. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "container/hooks.h"
#include "util/cleanup.h"
#include "unit.h"

#define STATE                                                                                      \
  "{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":42,"                    \
  "\"bundle\":\"/tmp/b\",\"annotations\":{\"k\":\"v\"}}"

static char tmpdir[] = "/tmp/stoke-test-hooks.XXXXXX";

static char *
tmp_path (const char *name)
{
  static char buf[8][256];
  static int next;
  char *p = buf[next++ % 8];

  snprintf (p, sizeof buf[0], "%s/%s", tmpdir, name);
  return p;
}

/* The whole file, NUL-terminated, or NULL. */
static char *
slurp (const char *path)
{
  cleanup_file FILE *f = fopen (path, "re");
  char *buf = NULL;
  size_t len = 0;
  FILE *m;

  if (f == NULL)
    return NULL;
  m = open_memstream (&buf, &len);
  if (m == NULL)
    return NULL;
  for (int c; (c = getc (f)) != EOF;)
    putc (c, m);
  fclose (m);
  return buf;
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run one hook; returns st_hooks_run's result and leaves its message (or "") in msg. */
static int
run1 (struct oci_hook *h, const char *phase, const char *state, char *msg, size_t msglen)
{
  cleanup_err st_err err = NULL;
  struct oci_hook *hooks[] = { h };
  int r = st_hooks_run (hooks, 1, phase, state, &err);

  snprintf (msg, msglen, "%s", err && err->msg ? err->msg : "");
  return r;
}

/* Gone: no such process, or a zombie its new parent has not reaped yet. */
static bool
process_gone (pid_t pid)
{
  char path[64], *stat;
  bool gone;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  stat = slurp (path);
  if (stat == NULL)
    return true;
  {
    char *rp = strrchr (stat, ')');
    gone = rp && rp[1] == ' ' && (rp[2] == 'Z' || rp[2] == 'X');
  }
  free (stat);
  return gone;
}

static bool
wait_gone (pid_t pid, double seconds)
{
  double until = now () + seconds;

  while (!process_gone (pid)) {
    if (now () > until)
      return false;
    usleep (10000);
  }
  return true;
}

static void
test_stdin (void)
{
  char msg[512], env_out[300];
  char *args[] = { "sh", "-c", "cat > \"$OUT\"" };
  char *env[] = { env_out };
  struct oci_hook h = { .path = "/bin/sh", .args = args, .args_len = 3, .env = env, .env_len = 1 };
  char *got;
  int r;

  snprintf (env_out, sizeof env_out, "OUT=%s", tmp_path ("state.json"));
  r = run1 (&h, "createRuntime", STATE, msg, sizeof msg);
  CHECK (r == 0, "stdin: hook succeeds", "returned %d: %s", r, msg);
  got = slurp (tmp_path ("state.json"));
  CHECK (got && strcmp (got, STATE) == 0, "stdin: the state JSON arrives on stdin", "got \"%s\"",
         got ? got : "(no file)");
  free (got);

  /* Larger than a pipe buffer: written in several rounds as the hook reads. */
  {
    size_t big_len = 1 << 20;
    cleanup_free char *big = malloc (big_len + 1);
    struct stat st;

    for (size_t i = 0; i < big_len; i++)
      big[i] = 'a' + i % 26;
    big[big_len] = '\0';
    r = run1 (&h, "createRuntime", big, msg, sizeof msg);
    CHECK (r == 0 && stat (tmp_path ("state.json"), &st) == 0 && (size_t) st.st_size == big_len,
           "stdin: 1 MiB of state arrives whole", "returned %d (%s)", r, msg);
  }

  /* No state: an empty stdin, not a hang. */
  r = run1 (&h, "createRuntime", NULL, msg, sizeof msg);
  got = slurp (tmp_path ("state.json"));
  CHECK (r == 0 && got && *got == '\0', "stdin: NULL state gives an empty stdin",
         "returned %d (%s), got \"%s\"", r, msg, got ? got : "(no file)");
  free (got);
}

/* Run a hook with stoke's stdout redirected to a file; the hook's output, or NULL. */
static char *
run_capture (struct oci_hook *h, int *r, char *msg, size_t msglen)
{
  const char *out = tmp_path ("stdout");
  int saved, fd;

  fflush (stdout);
  saved = dup (STDOUT_FILENO);
  fd = open (out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (saved < 0 || fd < 0)
    return NULL;
  dup2 (fd, STDOUT_FILENO);
  close (fd);
  *r = run1 (h, "prestart", STATE, msg, msglen);
  dup2 (saved, STDOUT_FILENO);
  close (saved);
  return slurp (out);
}

static void
test_env (void)
{
  char msg[512];
  char *env[] = { "A=1", "B=two words", "EMPTY=" };
  struct oci_hook h = { .path = "/usr/bin/env", .env = env, .env_len = 3 };
  char *got;
  int r = -1;

  got = run_capture (&h, &r, msg, sizeof msg);
  CHECK (r == 0 && got && strcmp (got, "A=1\nB=two words\nEMPTY=\n") == 0,
         "env: exactly hook.env, stdout inherited", "returned %d (%s), got \"%s\"", r, msg,
         got ? got : "(null)");
  free (got);

  h.env = NULL;
  h.env_len = 0;
  got = run_capture (&h, &r, msg, sizeof msg);
  CHECK (r == 0 && got && *got == '\0', "env: empty when absent", "returned %d (%s), got \"%s\"", r,
         msg, got ? got : "(null)");
  free (got);
}

static void
test_args (void)
{
  char msg[512], env_out[300];
  char *args[] = { "my-hook", "-c", "printf '%s|' \"$0\" \"$@\" > \"$OUT\"", "first", "two words" };
  char *env[] = { env_out };
  struct oci_hook h = { .path = "/bin/sh", .args = args, .args_len = 5, .env = env, .env_len = 1 };
  char *got;
  int r;

  snprintf (env_out, sizeof env_out, "OUT=%s", tmp_path ("args"));
  r = run1 (&h, "prestart", STATE, msg, sizeof msg);
  got = slurp (tmp_path ("args"));
  CHECK (r == 0 && got && strcmp (got, "first|two words|") == 0, "args: passed as given",
         "returned %d (%s), got \"%s\"", r, msg, got ? got : "(no file)");
  free (got);

  /* No args: argv is {path}. /bin/sh without arguments runs its stdin, here the "state". */
  h.args = NULL;
  h.args_len = 0;
  r = run1 (&h, "prestart", "printf '%s' \"$0\" > \"$OUT\"\n", msg, sizeof msg);
  got = slurp (tmp_path ("args"));
  CHECK (r == 0 && got && strcmp (got, "/bin/sh") == 0, "args: argv[0] is path when args is empty",
         "returned %d (%s), got \"%s\"", r, msg, got ? got : "(no file)");
  free (got);
}

static void
test_failures (void)
{
  char msg[512], env_out[300];
  char *env[] = { env_out };
  char *ok_args[] = { "sh", "-c", "echo first >> \"$OUT\"" };
  char *fail_args[] = { "sh", "-c", "exit 3" };
  char *never_args[] = { "sh", "-c", "echo never >> \"$OUT\"" };
  char *sig_args[] = { "sh", "-c", "kill -9 $$" };
  struct oci_hook ok
      = { .path = "/bin/sh", .args = ok_args, .args_len = 3, .env = env, .env_len = 1 };
  struct oci_hook fail = { .path = "/bin/sh", .args = fail_args, .args_len = 3 };
  struct oci_hook never
      = { .path = "/bin/sh", .args = never_args, .args_len = 3, .env = env, .env_len = 1 };
  struct oci_hook sig = { .path = "/bin/sh", .args = sig_args, .args_len = 3 };
  struct oci_hook missing = { .path = "/nonexistent/hook" };
  struct oci_hook noexec = { .path = tmpdir };
  struct oci_hook zero = { .path = "/bin/true", .timeout = 0, .has_timeout = true };
  struct oci_hook relative = { .path = "bin/true" };
  struct oci_hook *hooks[] = { &ok, &fail, &never };
  cleanup_err st_err err = NULL;
  char *got;
  int r;

  snprintf (env_out, sizeof env_out, "OUT=%s", tmp_path ("order"));
  r = st_hooks_run (hooks, 3, "prestart", STATE, &err);
  CHECK (r < 0 && err && strcmp (err->msg, "hook prestart[1] /bin/sh: exited with status 3") == 0,
         "exit status: message", "returned %d, message \"%s\"", r, err ? err->msg : "(none)");
  got = slurp (tmp_path ("order"));
  CHECK (got && strcmp (got, "first\n") == 0, "exit status: earlier hooks ran, later ones did not",
         "order file \"%s\"", got ? got : "(no file)");
  free (got);

  r = run1 (&sig, "prestart", STATE, msg, sizeof msg);
  CHECK (r < 0 && strcmp (msg, "hook prestart[0] /bin/sh: killed by signal 9") == 0,
         "killed by signal: message", "returned %d, message \"%s\"", r, msg);

  r = run1 (&missing, "poststart", STATE, msg, sizeof msg);
  CHECK (r < 0
             && strcmp (msg, "hook poststart[0] /nonexistent/hook: cannot execute: "
                             "No such file or directory")
                    == 0,
         "missing binary: exec error reported", "returned %d, message \"%s\"", r, msg);

  r = run1 (&noexec, "poststart", STATE, msg, sizeof msg);
  CHECK (r < 0 && strstr (msg, ": cannot execute: Permission denied") != NULL,
         "directory as path: exec error reported", "returned %d, message \"%s\"", r, msg);

  r = run1 (&zero, "poststop", STATE, msg, sizeof msg);
  CHECK (r < 0
             && strcmp (msg, "hook poststop[0] /bin/true: timeout must be greater than zero, got 0")
                    == 0,
         "timeout 0: rejected", "returned %d, message \"%s\"", r, msg);

  r = run1 (&relative, "poststop", STATE, msg, sizeof msg);
  CHECK (r < 0 && strstr (msg, "path must be absolute") != NULL, "relative path: rejected",
         "returned %d, message \"%s\"", r, msg);
}

static void
test_timeout (void)
{
  char msg[512], env_pid[300];
  char *env[] = { env_pid };
  /* sleep replaces the shell (same pid), and a second sleep runs in the background. */
  char *args[]
      = { "sh", "-c", "sleep 10 & echo $! > \"$PIDF.bg\"; echo $$ > \"$PIDF\"; exec sleep 10" };
  struct oci_hook h = { .path = "/bin/sh",
                        .args = args,
                        .args_len = 3,
                        .env = env,
                        .env_len = 1,
                        .timeout = 1,
                        .has_timeout = true };
  char *pid_s, *bg_s, bg_path[300];
  double t0, dt;
  int r;

  snprintf (env_pid, sizeof env_pid, "PIDF=%s", tmp_path ("pid"));
  snprintf (bg_path, sizeof bg_path, "%s.bg", tmp_path ("pid"));
  t0 = now ();
  r = run1 (&h, "createRuntime", STATE, msg, sizeof msg);
  dt = now () - t0;
  CHECK (r < 0 && strcmp (msg, "hook createRuntime[0] /bin/sh: timed out after 1s") == 0,
         "timeout: message", "returned %d, message \"%s\"", r, msg);
  CHECK (dt >= 0.9 && dt < 3.0, "timeout: fails after about 1 s", "took %.2f s", dt);

  pid_s = slurp (tmp_path ("pid"));
  bg_s = slurp (bg_path);
  CHECK (pid_s && atoi (pid_s) > 0 && wait_gone (atoi (pid_s), 0.01), "timeout: the sleep is gone",
         "pid %s", pid_s ? pid_s : "(not written)");
  CHECK (bg_s && atoi (bg_s) > 0 && wait_gone (atoi (bg_s), 2.0),
         "timeout: its background child is gone too", "pid %s", bg_s ? bg_s : "(not written)");
  free (pid_s);
  free (bg_s);

  /* A hook that finishes in time is not affected by its timeout. */
  {
    struct oci_hook quick = { .path = "/bin/true", .timeout = 5, .has_timeout = true };

    t0 = now ();
    r = run1 (&quick, "createRuntime", STATE, msg, sizeof msg);
    dt = now () - t0;
    CHECK (r == 0 && dt < 1.0, "timeout: a quick hook succeeds at once",
           "returned %d (%s) after %.2f s", r, msg, dt);
  }
}

static void
test_stdin_closed (void)
{
  char msg[512];
  char *args[] = { "sh", "-c", "exec 0<&-; sleep 0.2; exit 0" };
  struct oci_hook closer = { .path = "/bin/sh", .args = args, .args_len = 3 };
  struct oci_hook ignorer = { .path = "/bin/true" };
  size_t big_len = 1 << 20;
  cleanup_free char *big = malloc (big_len + 1);
  sigset_t pending;
  int r;

  memset (big, 'x', big_len);
  big[big_len] = '\0';
  r = run1 (&closer, "poststart", big, msg, sizeof msg);
  CHECK (r == 0, "stdin closed unread: the hook succeeds, stoke survives", "returned %d (%s)", r,
         msg);
  r = run1 (&ignorer, "poststart", big, msg, sizeof msg);
  CHECK (r == 0, "stdin never read: the hook succeeds, stoke survives", "returned %d (%s)", r, msg);
  sigpending (&pending);
  CHECK (!sigismember (&pending, SIGPIPE), "stdin closed unread: no SIGPIPE left pending",
         "SIGPIPE pending");
}

static void
test_run_all (void)
{
  char env_out[300];
  char *env[] = { env_out };
  char *fail_args[] = { "sh", "-c", "exit 1" };
  char *mark_args[] = { "sh", "-c", "echo \"$1\" >> \"$OUT\"", "sh", "" };
  struct oci_hook fail = { .path = "/bin/sh", .args = fail_args, .args_len = 3 };
  struct oci_hook marks[ST_HOOK_PHASES];
  char *names[ST_HOOK_PHASES][5];
  struct oci_hook *lists[ST_HOOK_PHASES][2];
  struct oci_hooks h = { 0 };
  char *got;
  int r;

  snprintf (env_out, sizeof env_out, "OUT=%s", tmp_path ("phases"));
  for (int p = 0; p < ST_HOOK_PHASES; p++) {
    memcpy (names[p], mark_args, sizeof mark_args);
    names[p][4] = (char *) st_hook_phase_name (p);
    marks[p] = (struct oci_hook){
      .path = "/bin/sh", .args = names[p], .args_len = 5, .env = env, .env_len = 1
    };
    lists[p][0] = &fail;
    lists[p][1] = &marks[p];
  }
  h.prestart = lists[ST_HOOK_PRESTART], h.prestart_len = 2;
  h.create_runtime = lists[ST_HOOK_CREATE_RUNTIME], h.create_runtime_len = 2;
  h.create_container = lists[ST_HOOK_CREATE_CONTAINER], h.create_container_len = 2;
  h.start_container = lists[ST_HOOK_START_CONTAINER], h.start_container_len = 2;
  h.poststart = lists[ST_HOOK_POSTSTART], h.poststart_len = 2;
  h.poststop = lists[ST_HOOK_POSTSTOP], h.poststop_len = 2;

  for (int p = 0; p < ST_HOOK_PHASES; p++) {
    cleanup_err st_err err = NULL;
    char want[64];

    unlink (tmp_path ("phases"));
    r = st_hooks_run_all (&h, p, STATE, &err);
    got = slurp (tmp_path ("phases"));
    if (st_hook_phase_fatal (p)) {
      snprintf (want, sizeof want, "hook %s[0] /bin/sh: exited with status 1",
                st_hook_phase_name (p));
      CHECK (r < 0 && err && strcmp (err->msg, want) == 0 && got == NULL, st_hook_phase_name (p),
             "fatal phase: returned %d, \"%s\", ran the next hook: %s", r, err ? err->msg : "",
             got ? "yes" : "no");
    } else {
      snprintf (want, sizeof want, "%s\n", st_hook_phase_name (p));
      CHECK (r == 0 && err == NULL && got && strcmp (got, want) == 0, st_hook_phase_name (p),
             "non-fatal phase: returned %d, \"%s\", marker \"%s\"", r, err ? err->msg : "",
             got ? got : "(none)");
    }
    free (got);
  }

  {
    cleanup_err st_err err = NULL;
    r = st_hooks_run_all (NULL, ST_HOOK_POSTSTOP, STATE, &err);
    CHECK (r == 0, "run_all: no hooks object", "returned %d", r);
  }
  CHECK (st_hook_phase_fatal (ST_HOOK_PRESTART) && st_hook_phase_fatal (ST_HOOK_CREATE_RUNTIME)
             && st_hook_phase_fatal (ST_HOOK_CREATE_CONTAINER)
             && st_hook_phase_fatal (ST_HOOK_START_CONTAINER)
             && !st_hook_phase_fatal (ST_HOOK_POSTSTART) && !st_hook_phase_fatal (ST_HOOK_POSTSTOP),
         "phase_fatal: create/start phases fatal, post phases not", "wrong table");
}

static void
rm_rf (const char *dir)
{
  char cmd[512];

  snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system (cmd) != 0)
    fprintf (stderr, "cannot remove %s\n", dir);
}

int
main (void)
{
  if (mkdtemp (tmpdir) == NULL) {
    perror ("mkdtemp");
    return 1;
  }
  test_stdin ();
  test_env ();
  test_args ();
  test_failures ();
  test_timeout ();
  test_stdin_closed ();
  test_run_all ();
  rm_rf (tmpdir);
  return unit_done ();
}
