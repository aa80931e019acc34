/* The cache of compiled seccomp programs: <dir>/<key>.bpf, one file per profile.
 *
 * A file is a header then the instructions:
 *   magic "STKSCBPF", format (u32), instruction count (u32), the key (32 bytes),
 *   SHA-256 of the instructions (32 bytes), count * struct sock_filter.
 * Native byte order: the key covers the machine, so a file never meets another one.
 *
 * A lookup believes nothing it has not checked: the directory and file must be ours and writable
 * by no one else (else another user could choose our filter), the size must match the count, the
 * key the name, the checksum the content. Anything else is a miss, and the compilation that
 * follows replaces the file.
 */
#include "seccomp_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "util/cleanup.h"
#include "util/fs.h"

#ifndef STOKE_COMMIT
#define STOKE_COMMIT "unknown"
#endif

/* Bump when the file layout or what sc_compile emits for a profile changes. */
#define SC_CACHE_FORMAT 1

/* More entries than this and a store evicts the least recently used half. */
#define SC_CACHE_MAX_ENTRIES 256

/* A temp file this old was left by a writer that died. */
#define SC_CACHE_STALE_TMP_SECONDS 600

struct sc_cache_header
{
  char magic[8];
  uint32_t format;
  uint32_t count;
  unsigned char key[ST_SHA256_LEN];
  unsigned char digest[ST_SHA256_LEN];
};
_Static_assert(sizeof (struct sc_cache_header) == 80, "no padding in the cache header");
_Static_assert(sizeof (struct sc_cache_header) % sizeof (struct sock_filter) == 0,
               "instructions stay aligned after the header");

static const char sc_magic[8] = { 'S', 'T', 'K', 'S', 'C', 'B', 'P', 'F' };

void
sc_cache_name (const unsigned char key[ST_SHA256_LEN], char name[SC_CACHE_NAME_LEN])
{
  st_sha256_hex (key, name);
  memcpy (name + 2 * ST_SHA256_LEN, ".bpf", sizeof ".bpf");
}

int
sc_cache_key (const struct oci_seccomp *s, unsigned char key[ST_SHA256_LEN], st_err *err)
{
  struct oci_seccomp canon = *s;
  cleanup_free char *json = NULL;
  const struct scmp_version *v = seccomp_version ();
  struct utsname u;
  struct st_sha256 c;
  char head[1024];
  size_t len = 0;
  int n;

  /* Load-time settings, not part of the program: leaving them out lets profiles that differ only
   * there (listenerMetadata is often per container) share one entry. */
  canon.flags = NULL;
  canon.flags_len = 0;
  canon.listener_path = NULL;
  canon.listener_metadata = NULL;
  if (oci_emit (&oci_type_seccomp, &canon, false, &json, &len, err) < 0)
    return st_error_prefix (err, "linux.seccomp");
  if (uname (&u) < 0)
    return st_fail_sys (err, "uname");

  /* Everything else the program depends on: how stoke compiles (its build), libseccomp's syscall
   * tables and code generator (its version), the kernel libseccomp probed for actions and the
   * native architecture (release, build, machine). */
  n = snprintf (head, sizeof head,
                "stoke seccomp cache %d\nstoke %s %s\nlibseccomp %u.%u.%u\nkernel %s\n%s\n%s\n"
                "native %u\nprofile %zu\n",
                SC_CACHE_FORMAT, STOKE_VERSION, STOKE_COMMIT, v ? v->major : 0, v ? v->minor : 0,
                v ? v->micro : 0, u.release, u.version, u.machine, seccomp_arch_native (), len);
  if (n < 0 || (size_t) n >= sizeof head)
    return st_fail (err, 0, "linux.seccomp: cache key too long");
  st_sha256_init (&c);
  st_sha256_update (&c, head, (size_t) n);
  st_sha256_update (&c, json, len);
  st_sha256_final (&c, key);
  return 0;
}

/* Only a directory or file that no one but us can change may decide our filter. */
static bool
trusted (int fd, bool want_dir)
{
  struct stat st;

  if (fstat (fd, &st) < 0)
    return false;
  if (want_dir ? !S_ISDIR (st.st_mode) : !S_ISREG (st.st_mode))
    return false;
  return st.st_uid == geteuid () && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

static int
read_exact (int fd, void *buf, size_t len)
{
  for (size_t done = 0; done < len;) {
    ssize_t r = pread (fd, (char *) buf + done, len - done, (off_t) done);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return -1;
    done += (size_t) r;
  }
  return 0;
}

int
sc_cache_lookup (const char *dir, const unsigned char key[ST_SHA256_LEN], void **mem,
                 struct sock_filter **insns, size_t *len)
{
  cleanup_close int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int fd = -1;
  cleanup_free unsigned char *buf = NULL;
  const struct sc_cache_header *h;
  unsigned char digest[ST_SHA256_LEN];
  char name[SC_CACHE_NAME_LEN];
  const char *why;
  struct stat st;
  size_t size, count;

  if (dfd < 0)
    return 0;
  if (!trusted (dfd, true)) {
    st_warning ("seccomp cache %s: not a directory only this user can write; not used", dir);
    return 0;
  }
  sc_cache_name (key, name);
  /* O_NONBLOCK: a FIFO planted under the name must not hang us; it fails the checks below. */
  fd = openat (dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return 0;
  if (!trusted (fd, false) || fstat (fd, &st) < 0) {
    why = "not a regular file only this user can write";
    goto damaged;
  }
  size = (size_t) st.st_size;
  if (size < sizeof *h + sizeof (struct sock_filter)
      || size > sizeof *h + BPF_MAXINSNS * sizeof (struct sock_filter)
      || (size - sizeof *h) % sizeof (struct sock_filter) != 0) {
    why = "bad size";
    goto damaged;
  }
  count = (size - sizeof *h) / sizeof (struct sock_filter);
  buf = malloc (size);
  if (buf == NULL)
    return 0;
  if (read_exact (fd, buf, size) < 0) {
    why = "short read";
    goto damaged;
  }
  h = (const struct sc_cache_header *) buf;
  if (memcmp (h->magic, sc_magic, sizeof sc_magic) != 0 || h->format != SC_CACHE_FORMAT) {
    why = "not a stoke cache file of this format";
    goto damaged;
  }
  if (h->count != count || memcmp (h->key, key, ST_SHA256_LEN) != 0) {
    why = "header does not match";
    goto damaged;
  }
  st_sha256 (buf + sizeof *h, size - sizeof *h, digest);
  if (memcmp (digest, h->digest, ST_SHA256_LEN) != 0) {
    why = "checksum mismatch";
    goto damaged;
  }
  /* Recently used entries survive eviction (mtime is the clock: atime may be off). */
  (void) futimens (fd, NULL);
  *insns = (struct sock_filter *) (buf + sizeof *h);
  *len = count;
  *mem = steal_ptr (buf);
  return 1;

damaged:
  st_warning ("seccomp cache %s/%s: %s; compiling again", dir, name, why);
  return 0;
}

struct sc_entry
{
  char name[SC_CACHE_NAME_LEN];
  struct timespec mtime;
};

static int
by_mtime (const void *a, const void *b)
{
  const struct timespec *x = &((const struct sc_entry *) a)->mtime;
  const struct timespec *y = &((const struct sc_entry *) b)->mtime;
  if (x->tv_sec != y->tv_sec)
    return x->tv_sec < y->tv_sec ? -1 : 1;
  return x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec;
}

/* Keep the directory bounded: above SC_CACHE_MAX_ENTRIES, drop the least recently used half;
 * remove temp files of writers that died. Only on a store, so hits never pay for it. */
static void
evict (int dfd)
{
  int fd = dup (dfd);
  cleanup_dir DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  cleanup_free struct sc_entry *entries = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  time_t now = time (NULL);

  if (d == NULL) {
    if (fd >= 0)
      close (fd);
    return;
  }
  while ((de = readdir (d)) != NULL) {
    size_t l = strlen (de->d_name);
    struct stat st;

    if (fstatat (dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG (st.st_mode))
      continue;
    if (de->d_name[0] == '.') {
      if (l > 4 && strcmp (de->d_name + l - 4, ".tmp") == 0
          && now - st.st_mtim.tv_sec > SC_CACHE_STALE_TMP_SECONDS)
        unlinkat (dfd, de->d_name, 0);
      continue;
    }
    if (l + 1 != SC_CACHE_NAME_LEN || strcmp (de->d_name + l - 4, ".bpf") != 0)
      continue;
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 64;
      struct sc_entry *e = realloc (entries, ncap * sizeof *e);
      if (e == NULL)
        return;
      entries = e;
      cap = ncap;
    }
    memcpy (entries[n].name, de->d_name, SC_CACHE_NAME_LEN);
    entries[n].mtime = st.st_mtim;
    n++;
  }
  if (n <= SC_CACHE_MAX_ENTRIES)
    return;
  qsort (entries, n, sizeof *entries, by_mtime);
  for (size_t i = 0; i < n / 2; i++)
    unlinkat (dfd, entries[i].name, 0);
}

void
sc_cache_store (const char *dir, const unsigned char key[ST_SHA256_LEN],
                const struct sock_filter *insns, size_t len)
{
  cleanup_err st_err err = NULL;
  cleanup_close int dfd = -1;
  cleanup_close int fd = -1;
  cleanup_free unsigned char *buf = NULL;
  struct sc_cache_header h;
  char name[SC_CACHE_NAME_LEN], tmp[SC_CACHE_NAME_LEN + 32];
  size_t size = sizeof h + len * sizeof *insns;

  if (st_mkdir_p (dir, 0700, &err) < 0) {
    st_warning ("seccomp cache: %s", err->msg);
    return;
  }
  dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 || !trusted (dfd, true))
    return; /* lookup already said why */

  memset (&h, 0, sizeof h);
  memcpy (h.magic, sc_magic, sizeof sc_magic);
  h.format = SC_CACHE_FORMAT;
  h.count = (uint32_t) len;
  memcpy (h.key, key, ST_SHA256_LEN);
  st_sha256 (insns, len * sizeof *insns, h.digest);
  buf = malloc (size);
  if (buf == NULL)
    return;
  memcpy (buf, &h, sizeof h);
  memcpy (buf + sizeof h, insns, len * sizeof *insns);

  /* A temp name of our own (pid), so concurrent writers of one key never share a file; the
   * rename makes readers see the old entry or the new one, never a part. */
  sc_cache_name (key, name);
  snprintf (tmp, sizeof tmp, ".%.16s.%ld.tmp", name, (long) getpid ());
  fd = openat (dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST && unlinkat (dfd, tmp, 0) == 0)
    fd = openat (dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    st_warning ("seccomp cache %s: create %s: %s", dir, tmp, strerror (errno));
    return;
  }
  if (st_write_all (fd, buf, size) < 0 || close (steal_fd (fd)) < 0
      || renameat (dfd, tmp, dfd, name) < 0) {
    st_warning ("seccomp cache %s: write %s: %s", dir, name, strerror (errno));
    unlinkat (dfd, tmp, 0);
    return;
  }
  evict (dfd);
}
