/* stoke spec: write a default config.json, runc's, as a template to edit. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* The pieces both variants share. The text is runc's default spec (libcontainer/specconv
 * Example) with stoke's hostname, ociVersion 1.3.0 and the cgroup namespace always on. */
#define SPEC_HEAD                                                                                  \
  "{\n"                                                                                            \
  "\t\"ociVersion\": \"1.3.0\",\n"                                                                 \
  "\t\"process\": {\n"                                                                             \
  "\t\t\"terminal\": true,\n"                                                                      \
  "\t\t\"user\": {\n"                                                                              \
  "\t\t\t\"uid\": 0,\n"                                                                            \
  "\t\t\t\"gid\": 0\n"                                                                             \
  "\t\t},\n"                                                                                       \
  "\t\t\"args\": [\n"                                                                              \
  "\t\t\t\"sh\"\n"                                                                                 \
  "\t\t],\n"                                                                                       \
  "\t\t\"env\": [\n"                                                                               \
  "\t\t\t\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"                 \
  "\t\t\t\"TERM=xterm\"\n"                                                                         \
  "\t\t],\n"                                                                                       \
  "\t\t\"cwd\": \"/\",\n"                                                                          \
  "\t\t\"capabilities\": {\n"                                                                      \
  "\t\t\t\"bounding\": [\n"                                                                        \
  "\t\t\t\t\"CAP_AUDIT_WRITE\",\n"                                                                 \
  "\t\t\t\t\"CAP_KILL\",\n"                                                                        \
  "\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"                                                             \
  "\t\t\t],\n"                                                                                     \
  "\t\t\t\"effective\": [\n"                                                                       \
  "\t\t\t\t\"CAP_AUDIT_WRITE\",\n"                                                                 \
  "\t\t\t\t\"CAP_KILL\",\n"                                                                        \
  "\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"                                                             \
  "\t\t\t],\n"                                                                                     \
  "\t\t\t\"permitted\": [\n"                                                                       \
  "\t\t\t\t\"CAP_AUDIT_WRITE\",\n"                                                                 \
  "\t\t\t\t\"CAP_KILL\",\n"                                                                        \
  "\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"                                                             \
  "\t\t\t]\n"                                                                                      \
  "\t\t},\n"                                                                                       \
  "\t\t\"rlimits\": [\n"                                                                           \
  "\t\t\t{\n"                                                                                      \
  "\t\t\t\t\"type\": \"RLIMIT_NOFILE\",\n"                                                         \
  "\t\t\t\t\"hard\": 1024,\n"                                                                      \
  "\t\t\t\t\"soft\": 1024\n"                                                                       \
  "\t\t\t}\n"                                                                                      \
  "\t\t],\n"                                                                                       \
  "\t\t\"noNewPrivileges\": true\n"                                                                \
  "\t},\n"                                                                                         \
  "\t\"root\": {\n"                                                                                \
  "\t\t\"path\": \"rootfs\",\n"                                                                    \
  "\t\t\"readonly\": true\n"                                                                       \
  "\t},\n"                                                                                         \
  "\t\"hostname\": \"stoke\",\n"                                                                   \
  "\t\"mounts\": [\n"                                                                              \
  "\t\t{\n"                                                                                        \
  "\t\t\t\"destination\": \"/proc\",\n"                                                            \
  "\t\t\t\"type\": \"proc\",\n"                                                                    \
  "\t\t\t\"source\": \"proc\"\n"                                                                   \
  "\t\t},\n"                                                                                       \
  "\t\t{\n"                                                                                        \
  "\t\t\t\"destination\": \"/dev\",\n"                                                             \
  "\t\t\t\"type\": \"tmpfs\",\n"                                                                   \
  "\t\t\t\"source\": \"tmpfs\",\n"                                                                 \
  "\t\t\t\"options\": [\n"                                                                         \
  "\t\t\t\t\"nosuid\",\n"                                                                          \
  "\t\t\t\t\"strictatime\",\n"                                                                     \
  "\t\t\t\t\"mode=755\",\n"                                                                        \
  "\t\t\t\t\"size=65536k\"\n"                                                                      \
  "\t\t\t]\n"                                                                                      \
  "\t\t},\n"                                                                                       \
  "\t\t{\n"                                                                                        \
  "\t\t\t\"destination\": \"/dev/pts\",\n"                                                         \
  "\t\t\t\"type\": \"devpts\",\n"                                                                  \
  "\t\t\t\"source\": \"devpts\",\n"                                                                \
  "\t\t\t\"options\": [\n"                                                                         \
  "\t\t\t\t\"nosuid\",\n"                                                                          \
  "\t\t\t\t\"noexec\",\n"                                                                          \
  "\t\t\t\t\"newinstance\",\n"                                                                     \
  "\t\t\t\t\"ptmxmode=0666\",\n"                                                                   \
  "\t\t\t\t\"mode=0620\""

#define SPEC_DEVPTS_GID                                                                            \
  ",\n"                                                                                            \
  "\t\t\t\t\"gid=5\""

#define SPEC_SHM_MQUEUE                                                                            \
  "\n"                                                                                             \
  "\t\t\t]\n"                                                                                      \
  "\t\t},\n"                                                                                       \
  "\t\t{\n"                                                                                        \
  "\t\t\t\"destination\": \"/dev/shm\",\n"                                                         \
  "\t\t\t\"type\": \"tmpfs\",\n"                                                                   \
  "\t\t\t\"source\": \"shm\",\n"                                                                   \
  "\t\t\t\"options\": [\n"                                                                         \
  "\t\t\t\t\"nosuid\",\n"                                                                          \
  "\t\t\t\t\"noexec\",\n"                                                                          \
  "\t\t\t\t\"nodev\",\n"                                                                           \
  "\t\t\t\t\"mode=1777\",\n"                                                                       \
  "\t\t\t\t\"size=65536k\"\n"                                                                      \
  "\t\t\t]\n"                                                                                      \
  "\t\t},\n"                                                                                       \
  "\t\t{\n"                                                                                        \
  "\t\t\t\"destination\": \"/dev/mqueue\",\n"                                                      \
  "\t\t\t\"type\": \"mqueue\",\n"                                                                  \
  "\t\t\t\"source\": \"mqueue\",\n"                                                                \
  "\t\t\t\"options\": [\n"                                                                         \
  "\t\t\t\t\"nosuid\",\n"                                                                          \
  "\t\t\t\t\"noexec\",\n"                                                                          \
  "\t\t\t\t\"nodev\"\n"                                                                            \
  "\t\t\t]\n"                                                                                      \
  "\t\t},\n"

#define SPEC_SYSFS                                                                                 \
  "\t\t{\n"                                                                                        \
  "\t\t\t\"destination\": \"/sys\",\n"                                                             \
  "\t\t\t\"type\": \"sysfs\",\n"                                                                   \
  "\t\t\t\"source\": \"sysfs\",\n"                                                                 \
  "\t\t\t\"options\": [\n"                                                                         \
  "\t\t\t\t\"nosuid\",\n"                                                                          \
  "\t\t\t\t\"noexec\",\n"                                                                          \
  "\t\t\t\t\"nodev\",\n"                                                                           \
  "\t\t\t\t\"ro\"\n"                                                                               \
  "\t\t\t]\n"                                                                                      \
  "\t\t},\n"

/* Without CAP_SYS_ADMIN over the network namespace, sysfs cannot be mounted afresh. */
#define SPEC_SYS_RBIND                                                                             \
  "\t\t{\n"                                                                                        \
  "\t\t\t\"destination\": \"/sys\",\n"                                                             \
  "\t\t\t\"type\": \"none\",\n"                                                                    \
  "\t\t\t\"source\": \"/sys\",\n"                                                                  \
  "\t\t\t\"options\": [\n"                                                                         \
  "\t\t\t\t\"rbind\",\n"                                                                           \
  "\t\t\t\t\"nosuid\",\n"                                                                          \
  "\t\t\t\t\"noexec\",\n"                                                                          \
  "\t\t\t\t\"nodev\",\n"                                                                           \
  "\t\t\t\t\"ro\"\n"                                                                               \
  "\t\t\t]\n"                                                                                      \
  "\t\t},\n"

#define SPEC_CGROUP_MOUNT                                                                          \
  "\t\t{\n"                                                                                        \
  "\t\t\t\"destination\": \"/sys/fs/cgroup\",\n"                                                   \
  "\t\t\t\"type\": \"cgroup\",\n"                                                                  \
  "\t\t\t\"source\": \"cgroup\",\n"                                                                \
  "\t\t\t\"options\": [\n"                                                                         \
  "\t\t\t\t\"nosuid\",\n"                                                                          \
  "\t\t\t\t\"noexec\",\n"                                                                          \
  "\t\t\t\t\"nodev\",\n"                                                                           \
  "\t\t\t\t\"relatime\",\n"                                                                        \
  "\t\t\t\t\"ro\"\n"                                                                               \
  "\t\t\t]\n"                                                                                      \
  "\t\t}\n"                                                                                        \
  "\t],\n"                                                                                         \
  "\t\"linux\": {\n"

#define SPEC_RESOURCES                                                                             \
  "\t\t\"resources\": {\n"                                                                         \
  "\t\t\t\"devices\": [\n"                                                                         \
  "\t\t\t\t{\n"                                                                                    \
  "\t\t\t\t\t\"allow\": false,\n"                                                                  \
  "\t\t\t\t\t\"access\": \"rwm\"\n"                                                                \
  "\t\t\t\t}\n"                                                                                    \
  "\t\t\t]\n"                                                                                      \
  "\t\t},\n"

/* Format: the caller's euid, then egid. */
#define SPEC_ID_MAPPINGS                                                                           \
  "\t\t\"uidMappings\": [\n"                                                                       \
  "\t\t\t{\n"                                                                                      \
  "\t\t\t\t\"containerID\": 0,\n"                                                                  \
  "\t\t\t\t\"hostID\": %u,\n"                                                                      \
  "\t\t\t\t\"size\": 1\n"                                                                          \
  "\t\t\t}\n"                                                                                      \
  "\t\t],\n"                                                                                       \
  "\t\t\"gidMappings\": [\n"                                                                       \
  "\t\t\t{\n"                                                                                      \
  "\t\t\t\t\"containerID\": 0,\n"                                                                  \
  "\t\t\t\t\"hostID\": %u,\n"                                                                      \
  "\t\t\t\t\"size\": 1\n"                                                                          \
  "\t\t\t}\n"                                                                                      \
  "\t\t],\n"

/* clang-format off */
#define SPEC_NS(type) "\t\t\t{\n\t\t\t\t\"type\": \"" type "\"\n\t\t\t}"

#define SPEC_NAMESPACES                                                                            \
  "\t\t\"namespaces\": [\n"                                                                        \
  SPEC_NS ("pid") ",\n"                                                                            \
  SPEC_NS ("network") ",\n"                                                                        \
  SPEC_NS ("ipc") ",\n"                                                                            \
  SPEC_NS ("uts") ",\n"                                                                            \
  SPEC_NS ("mount") ",\n"                                                                          \
  SPEC_NS ("cgroup") "\n"                                                                          \
  "\t\t],\n"

/* runc's rootless conversion drops the network namespace (no one to set it up) and adds a user
 * namespace, last. */
#define SPEC_NAMESPACES_ROOTLESS                                                                   \
  "\t\t\"namespaces\": [\n"                                                                        \
  SPEC_NS ("pid") ",\n"                                                                            \
  SPEC_NS ("ipc") ",\n"                                                                            \
  SPEC_NS ("uts") ",\n"                                                                            \
  SPEC_NS ("mount") ",\n"                                                                          \
  SPEC_NS ("cgroup") ",\n"                                                                         \
  SPEC_NS ("user") "\n"                                                                            \
  "\t\t],\n"
/* clang-format on */

/* runc's lists, plus /sys/devices/virtual/powercap (RAPL energy counters, CVE-2020-8694) that
 * Docker, containerd and Kubernetes mask by default. */
#define SPEC_PATHS                                                                                 \
  "\t\t\"maskedPaths\": [\n"                                                                       \
  "\t\t\t\"/proc/acpi\",\n"                                                                        \
  "\t\t\t\"/proc/asound\",\n"                                                                      \
  "\t\t\t\"/proc/kcore\",\n"                                                                       \
  "\t\t\t\"/proc/keys\",\n"                                                                        \
  "\t\t\t\"/proc/latency_stats\",\n"                                                               \
  "\t\t\t\"/proc/timer_list\",\n"                                                                  \
  "\t\t\t\"/proc/timer_stats\",\n"                                                                 \
  "\t\t\t\"/proc/sched_debug\",\n"                                                                 \
  "\t\t\t\"/sys/firmware\",\n"                                                                     \
  "\t\t\t\"/proc/scsi\",\n"                                                                        \
  "\t\t\t\"/sys/devices/virtual/powercap\"\n"                                                      \
  "\t\t],\n"                                                                                       \
  "\t\t\"readonlyPaths\": [\n"                                                                     \
  "\t\t\t\"/proc/bus\",\n"                                                                         \
  "\t\t\t\"/proc/fs\",\n"                                                                          \
  "\t\t\t\"/proc/irq\",\n"                                                                         \
  "\t\t\t\"/proc/sys\",\n"                                                                         \
  "\t\t\t\"/proc/sysrq-trigger\"\n"                                                                \
  "\t\t]\n"                                                                                        \
  "\t}\n"                                                                                          \
  "}\n"

static const char spec_default[] = SPEC_HEAD SPEC_DEVPTS_GID SPEC_SHM_MQUEUE SPEC_SYSFS
    SPEC_CGROUP_MOUNT SPEC_RESOURCES SPEC_NAMESPACES SPEC_PATHS;

/* Rootless (runc spec --rootless): no gid= on devpts (group 5 is not mapped), /sys bound from the
 * host, a user namespace mapping the caller to root, no network namespace, no resources (an
 * unprivileged user may not be able to set any). */
#define SPEC_ROOTLESS_FMT                                                                          \
  SPEC_HEAD SPEC_SHM_MQUEUE SPEC_SYS_RBIND SPEC_CGROUP_MOUNT SPEC_ID_MAPPINGS                      \
      SPEC_NAMESPACES_ROOTLESS SPEC_PATHS

static const char usage_options[]
    = "  -b, --bundle DIR  write DIR/config.json (default: the current directory)\n"
      "      --rootless    a spec for running as an unprivileged user\n"
      "  -h, --help        print this help\n";

static int
exists_error (const char *where, st_err *err)
{
  return st_fail (err, 0, "config.json already exists in %s; remove it first", where);
}

/* Create dirfd/config.json holding text, atomically: a temporary file in the same directory,
 * synced, then moved into place without replacing anything already there. */
static int
write_config (int dirfd, const char *where, const char *text, st_err *err)
{
  char tmp[64];
  cleanup_close int fd = -1;
  struct stat st;
  int r;

  if (fstatat (dirfd, "config.json", &st, AT_SYMLINK_NOFOLLOW) == 0)
    return exists_error (where, err);
  if (errno != ENOENT)
    return st_fail_sys (err, "stat %s/config.json", where);

  for (int attempt = 0; fd < 0; attempt++) {
    struct timespec ts;

    clock_gettime (CLOCK_REALTIME, &ts);
    snprintf (tmp, sizeof tmp, ".config.json.%ld.%lx", (long) getpid (),
              (unsigned long) (ts.tv_nsec ^ ((unsigned long) attempt << 20)));
    fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0 && (errno != EEXIST || attempt >= 100))
      return st_fail_sys (err, "create a temporary file in %s", where);
  }

  if (st_write_all (fd, text, strlen (text)) < 0 || fsync (fd) < 0) {
    st_fail_sys (err, "write %s/%s", where, tmp);
    goto fail;
  }
  r = close (steal_fd (fd));
  if (r < 0) {
    st_fail_sys (err, "write %s/%s", where, tmp);
    goto fail;
  }

  r = renameat2 (dirfd, tmp, dirfd, "config.json", RENAME_NOREPLACE);
  if (r < 0 && (errno == EINVAL || errno == ENOSYS)) {
    /* A file system without RENAME_NOREPLACE: link(2) does not replace either. */
    r = linkat (dirfd, tmp, dirfd, "config.json", 0);
    if (r == 0)
      unlinkat (dirfd, tmp, 0);
  }
  if (r < 0) {
    if (errno == EEXIST)
      exists_error (where, err);
    else
      st_fail_sys (err, "rename %s/%s to config.json", where, tmp);
    goto fail;
  }
  return 0;

fail:
  unlinkat (dirfd, tmp, 0);
  return -1;
}

int
cmd_spec (struct st_globals *g, int argc, char **argv, st_err *err)
{
  static const struct option options[] = {
    { "bundle", required_argument, NULL, 'b' },
    { "rootless", no_argument, NULL, 'r' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  cleanup_free char *text = NULL;
  cleanup_free char *cwd = NULL;
  cleanup_close int dirfd = -1;
  const char *bundle = NULL, *where;
  bool rootless = false;
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, ":b:h", options, NULL)) != -1) {
    switch (c) {
    case 'b':
      bundle = optarg;
      break;
    case 'r':
      rootless = true;
      break;
    case 'h':
      st_usage ("spec", "[--bundle DIR] [--rootless]", usage_options);
      return 0;
    case ':':
      return st_fail (err, 0, "spec: option `%s` needs an argument", argv[optind - 1]);
    default:
      return st_fail (err, 0, "spec: unknown option `%s`; see stoke spec --help", argv[optind - 1]);
    }
  }
  if (optind < argc)
    return st_fail (err, 0, "spec: unexpected argument `%s`; see stoke spec --help", argv[optind]);

  if (bundle) {
    where = bundle;
    dirfd = open (bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
      return st_fail_sys (err, "open bundle %s", bundle);
  } else {
    cwd = getcwd (NULL, 0);
    where = cwd ? cwd : ".";
    dirfd = open (".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
      return st_fail_sys (err, "open the current directory");
  }

  if (rootless) {
    if (asprintf (&text, SPEC_ROOTLESS_FMT, (unsigned) geteuid (), (unsigned) getegid ()) < 0)
      return st_fail (err, ENOMEM, "spec");
    return write_config (dirfd, where, text, err);
  }
  return write_config (dirfd, where, spec_default, err);
}
