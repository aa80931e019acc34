# shellcheck shell=bash
# Mounts and devices: defaults, bind (ro, rbind), tmpfs options, special filesystems,
# destinations created, root propagation, --no-pivot, /dev contents, linux.devices.

# mount_line MOUNTPOINT: the mountinfo line (from $OUT) of the top mount on MOUNTPOINT.
_mount_line() { printf '%s\n' "$OUT" | awk -v m="$1" '$5 == m' | tail -n 1; }
# fstype from a mountinfo line
_fstype() { sed 's/.* - //' <<<"$1" | awk '{ print $1 }'; }

test_mounts_default_set() {
  local m line
  make_bundle b cat /proc/self/mountinfo
  ok st run -b b "$CID"
  for m in /proc:proc /dev:tmpfs /dev/pts:devpts /dev/shm:tmpfs /dev/mqueue:mqueue /sys:sysfs; do
    line=$(_mount_line "${m%%:*}")
    [ -n "$line" ] || fail "no mount on ${m%%:*} in the container: $OUT"
    assert_eq "$(_fstype "$line")" "${m#*:}" "type of the mount on ${m%%:*}"
  done
  [ -n "$(_mount_line /sys/fs/cgroup)" ] || fail "nothing mounted on /sys/fs/cgroup"
  line=$(_mount_line /)
  assert_match "$line" ' / ro[, ]' "root mount (root.readonly)"
  assert_match "$(_mount_line /sys)" ' /sys ro[, ]' "the /sys mount (ro in the default spec)"
}

test_mounts_proc_is_containers() {
  make_bundle b sh -c 'read -r c </proc/1/comm; echo "$c"; echo "$$"; ls /proc/1/root/bin/busybox'
  ok st run -b b "$CID"
  assert_eq "$OUT" "sh
1
/proc/1/root/bin/busybox" "/proc/1/comm, \$$, the root of pid 1"
}

test_mount_bind_rw() {
  mkdir data
  echo from-host >data/in
  make_bundle b sh -c 'cat /data/in; echo from-container > /data/out'
  add_bind b "$T/data" /data
  ok st run -b b "$CID"
  assert_eq "$OUT" from-host "file read through the bind mount"
  assert_eq "$(cat data/out 2>/dev/null)" from-container "file written through the bind mount"
}

test_mount_bind_ro() {
  mkdir data
  echo from-host >data/in
  make_bundle b sh -c 'cat /data/in; echo x > /data/out && echo wrote; true'
  add_bind b "$T/data" /data bind ro
  ok st run -b b "$CID"
  assert_eq "$OUT" from-host "output (read works, write must fail)"
  assert_no_file data/out "file written through a read-only bind mount"
}

test_mount_bind_file() {
  echo file-content >"$T/single"
  make_bundle b cat /etc/single
  add_bind b "$T/single" /etc/single bind ro
  ok st run -b b "$CID"
  assert_eq "$OUT" file-content
  assert_file b/rootfs/etc/single "mount point created for a file"
  [ -f b/rootfs/etc/single ] || fail "the mount point for a file bind is not a regular file"
}

test_mount_rbind_submounts() {
  mkdir -p outer/sub
  mount -t tmpfs -o size=1m tmpfs outer/sub || fail "cannot mount a tmpfs on the host"
  echo in-submount >outer/sub/file
  make_bundle b sh -c 'cat /r/sub/file; cat /nr/sub/file 2>/dev/null || echo not-recursive'
  add_bind b "$T/outer" /r rbind ro
  add_bind b "$T/outer" /nr bind ro
  try st run -b b "$CID"
  umount outer/sub
  [ "$RC" -eq 0 ] || fail "run exited $RC: $ERR"
  assert_eq "$OUT" "in-submount
not-recursive" "submount through rbind / through bind"
}

test_mount_tmpfs_options() {
  make_bundle b sh -c 'stat -c %a /scratch; grep " /scratch " /proc/self/mountinfo;
    dd if=/dev/zero of=/scratch/big bs=1024 count=2048 2>/dev/null && echo wrote-2m; true'
  add_mount b /scratch tmpfs tmpfs size=1m mode=1770 nosuid nodev noexec
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" 1770 "mode of the tmpfs root"
  assert_match "$(printf '%s\n' "$OUT" | sed -n 2p)" 'size=1024k' "tmpfs super options"
  assert_match "$(printf '%s\n' "$OUT" | sed -n 2p)" ' /scratch [^ ]*nosuid' "mount flags"
  assert_match "$(printf '%s\n' "$OUT" | sed -n 2p)" ' /scratch [^ ]*noexec' "mount flags"
  assert_not_contains "$OUT" wrote-2m "output (2 MiB into a 1 MiB tmpfs)"
}

test_mount_destination_created() {
  make_bundle b sh -c 'grep -c " /a/b/c " /proc/self/mountinfo'
  add_mount b /a/b/c tmpfs tmpfs size=64k
  assert_no_file b/rootfs/a
  ok st run -b b "$CID"
  assert_eq "$OUT" 1 "mounts on /a/b/c"
  [ -d b/rootfs/a/b/c ] || fail "destination directory not created in the rootfs"
}

test_mount_destination_symlink_stays_in_rootfs() {
  # a destination through a symlink pointing outside must resolve inside the rootfs
  mkdir -p "$T/victim"
  make_bundle b sh -c 'ls /link/ >/dev/null && echo ok'
  ln -s "$T/victim" b/rootfs/link
  add_mount b /link/mnt tmpfs tmpfs size=64k
  try st run -b b "$CID"
  [ ! -d "$T/victim/mnt" ] || fail "mount destination followed a symlink out of the rootfs ($T/victim/mnt created)"
  [ -n "$(awk -v p="$T/victim/mnt" '$5 == p' /proc/self/mountinfo)" ] && fail "mounted on the host"
  true
}

test_mount_special_filesystems() {
  local line
  make_bundle b cat /proc/self/mountinfo
  add_mount b /p2 proc proc
  add_mount b /s2 sysfs sysfs ro
  add_mount b /m2 mqueue mqueue
  add_mount b /pts2 devpts devpts newinstance ptmxmode=0666
  ok st run -b b "$CID"
  for line in /p2:proc /s2:sysfs /m2:mqueue /pts2:devpts; do
    [ -n "$(_mount_line "${line%%:*}")" ] || fail "nothing mounted on ${line%%:*}"
    assert_eq "$(_fstype "$(_mount_line "${line%%:*}")")" "${line#*:}" "type of ${line%%:*}"
  done
}

test_mount_cgroup() {
  make_bundle b sh -c 'grep " /sys/fs/cgroup" /proc/self/mountinfo; cat /proc/self/cgroup'
  ns_add b cgroup
  ok st run -b b "$CID"
  assert_match "$OUT" ' /sys/fs/cgroup ' "mounts on /sys/fs/cgroup"
  assert_match "$OUT" '^0::/$' "cgroup2 path inside (cgroup namespace)"
}

test_mounts_inside_do_not_reach_host() {
  mkdir shared
  make_bundle b sh -c 'mkdir -p /shared/inner && mount -t tmpfs tmpfs /shared/inner && touch /shared/inner/f && echo mounted'
  add_bind b "$T/shared" /shared
  cfg b '.process.capabilities.bounding += ["CAP_SYS_ADMIN"] | .process.capabilities.effective += ["CAP_SYS_ADMIN"]
    | .process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
  ok st run -b b "$CID"
  assert_eq "$OUT" mounted "output of the mount inside the container"
  [ -z "$(awk -v p="$T/shared/inner" '$5 == p' /proc/self/mountinfo)" ] ||
    fail "a mount made in the container appeared on the host ($T/shared/inner)"
  assert_no_file shared/inner/f "file in the container's tmpfs, seen from the host"
}

test_root_propagation_option() {
  local p
  make_bundle b awk '$5 == "/"' /proc/self/mountinfo
  for p in shared slave private rshared rslave rprivate; do
    cfg b '.linux.rootfsPropagation = $p' --arg p "$p"
    try st run -b b "$CID"
    [ "$RC" -eq 0 ] || fail "run with rootfsPropagation $p exited $RC: $ERR"
  done
  cfg b '.linux.rootfsPropagation = "private"'
  ok st run -b b "$CID"
  assert_no_match "$OUT" ' (shared|master):[0-9]+' "optional fields of / with rootfsPropagation private"
}

test_no_pivot() {
  make_bundle b sh -c 'cat /etc/passwd | head -n 1; ls /; [ -e "$1" ] && echo host-visible; hostname' sh "$REPO"
  cfg b '.hostname = "nopivot"'
  ok st run --no-pivot -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" 'root:x:0:0:root:/root:/bin/sh' "/etc/passwd of the container"
  assert_not_contains "$OUT" host-visible "output (the host tree must not be reachable)"
  assert_eq "$(printf '%s\n' "$OUT" | tail -n 1)" nopivot hostname
}

test_no_pivot_create_start() {
  make_bundle b sh -c 'echo no-pivot-ok'
  st create --no-pivot -b b "$CID" >"$T/out" 2>"$T/err" || fail "create --no-pivot: $(cat "$T/err")"
  ok st start "$CID"
  wait_status "$CID" stopped
  assert_eq "$(cat "$T/out")" no-pivot-ok
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_old_root_not_visible() {
  make_bundle b sh -c 'grep -c . /proc/self/mountinfo; awk "{ print \$5 }" /proc/self/mountinfo'
  ok st run -b b "$CID"
  assert_no_match "$OUT" "^$REPO" "mount points inside (host paths)"
  assert_no_match "$OUT" '^/(old|\.pivot|pivot)' "mount points inside (old root left behind)"
}

# ---------------------------------------------------------------- devices

test_devices_default() {
  local d
  make_bundle b sh -c 'for d in null zero full random urandom tty; do echo "$d $(stat -c "%F %t:%T" /dev/$d)"; done
    for l in fd stdin stdout stderr ptmx; do echo "$l -> $(readlink /dev/$l)"; done
    [ -d /dev/pts ] && echo pts-dir; [ -d /dev/shm ] && echo shm-dir; [ -c /dev/ptmx ] && echo ptmx-char; true'
  ok st run -b b "$CID"
  for d in "null 1:3" "zero 1:5" "full 1:7" "random 1:8" "urandom 1:9" "tty 5:0"; do
    assert_match "$OUT" "^${d% *} character special file ${d#* }\$" "/dev/${d% *}"
  done
  assert_match "$OUT" '^fd -> /proc/self/fd$' /dev/fd
  assert_match "$OUT" '^stdin -> /proc/self/fd/0$' /dev/stdin
  assert_match "$OUT" '^stdout -> /proc/self/fd/1$' /dev/stdout
  assert_match "$OUT" '^stderr -> /proc/self/fd/2$' /dev/stderr
  assert_match "$OUT" '^(ptmx -> pts/ptmx|ptmx-char)$' "/dev/ptmx"
  assert_contains "$OUT" pts-dir /dev/pts
  assert_contains "$OUT" shm-dir /dev/shm
}

test_devices_usable() {
  make_bundle b sh -c 'echo x > /dev/null && echo null-ok; head -c 5 /dev/zero | wc -c;
    head -c 5 /dev/urandom | wc -c; echo x > /dev/full 2>/dev/null || echo full-enospc'
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | tr -s ' \n' ' ')" "null-ok 5 5 full-enospc " "device behaviour"
}

test_devices_no_host_devices() {
  make_bundle b sh -c 'ls /dev'
  ok st run -b b "$CID"
  assert_no_match "$OUT" '^(vda|sda|kmsg|mem|kvm|loop0)$' "/dev listing (host devices)"
}

test_devices_linux_devices() {
  make_bundle b sh -c 'stat -c "%F %t:%T %a %u %g" /dev/mynull /dev/sub/myzero; echo hi > /dev/mynull && echo write-ok'
  cfg b '.linux.devices = [
      {"path": "/dev/mynull", "type": "c", "major": 1, "minor": 3, "fileMode": 416, "uid": 0, "gid": 0},
      {"path": "/dev/sub/myzero", "type": "c", "major": 1, "minor": 5, "fileMode": 438, "uid": 1, "gid": 2}]
    | .linux.resources.devices += [{"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"},
                                   {"allow": true, "type": "c", "major": 1, "minor": 5, "access": "rwm"}]'
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" "character special file 1:3 640 0 0" "/dev/mynull"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 2p)" "character special file 1:5 666 1 2" "/dev/sub/myzero"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 3p)" write-ok "writing to /dev/mynull"
}
