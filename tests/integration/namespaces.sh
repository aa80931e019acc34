# shellcheck shell=bash
# Namespaces: created, not created, joined by path; user and time namespaces.

_ns_lines='for n in pid net ipc uts mnt cgroup user; do echo "$n $(readlink /proc/self/ns/$n)"; done'

_ns_of() { printf '%s\n' "$OUT" | awk -v n="$1" '$1 == n { print $2 }'; }

test_ns_created() {
  local n
  make_bundle b sh -c "$_ns_lines"
  ns_add b cgroup
  ok st run -b b "$CID"
  for n in pid net ipc uts mnt cgroup; do
    [ -n "$(_ns_of $n)" ] || fail "no $n namespace link inside: $OUT"
    assert_ne "$(_ns_of $n)" "$(ns_link $$ $n)" "$n namespace of the container (vs the host's)"
  done
  assert_eq "$(_ns_of user)" "$(ns_link $$ user)" "user namespace (not requested)"
}

test_ns_not_requested_are_shared() {
  local n
  make_bundle b sh -c "$_ns_lines"
  cfg b '.linux.namespaces |= map(select(.type != "network" and .type != "ipc" and .type != "uts" and .type != "cgroup"))
    | del(.hostname)'
  ok st run -b b "$CID"
  for n in net ipc uts cgroup; do
    assert_eq "$(_ns_of $n)" "$(ns_link $$ $n)" "$n namespace (not requested: the host's)"
  done
  for n in pid mnt; do
    assert_ne "$(_ns_of $n)" "$(ns_link $$ $n)" "$n namespace"
  done
}

test_ns_pid_only_own_processes() {
  make_bundle b sh -c 'ls /proc | grep -cE "^[0-9]+$"'
  ok st run -b b "$CID"
  [ "$OUT" -lt 10 ] || fail "the container sees $OUT processes in /proc"
}

test_ns_net_only_loopback() {
  make_bundle b sh -c 'ls /sys/class/net; ip -o link | cut -d: -f2'
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" lo "network interfaces in /sys/class/net"
  assert_eq "$(printf '%s\n' "$OUT" | sed 1d | tr -d ' ')" lo "network interfaces (ip link)"
}

test_ns_uts_hostname() {
  local before
  before=$(hostname)
  make_bundle b hostname
  cfg b '.hostname = "box-one"'
  ok st run -b b "$CID"
  assert_eq "$OUT" box-one hostname
  assert_eq "$(hostname)" "$before" "host's hostname afterwards"
}

test_ns_uts_domainname() {
  local before
  before=$(cat /proc/sys/kernel/domainname)
  make_bundle b cat /proc/sys/kernel/domainname
  cfg b '.domainname = "example.org"'
  ok st run -b b "$CID"
  assert_eq "$OUT" example.org domainname
  assert_eq "$(cat /proc/sys/kernel/domainname)" "$before" "host's domainname afterwards"
}

test_ns_ipc_isolated() {
  local id
  need ipcmk ipcrm
  # a SysV shared memory segment of the host must not be visible inside
  id=$(ipcmk -M 4096 2>/dev/null | grep -oE '[0-9]+$')
  [ -n "$id" ] || fail "ipcmk -M failed"
  make_bundle b cat /proc/sysvipc/shm
  try st run -b b "$CID"
  ipcrm -m "$id"
  [ "$RC" -eq 0 ] || fail "run exited $RC: $ERR"
  assert_eq "$(printf '%s\n' "$OUT" | sed 1d | grep -c .)" 0 "shm segments visible in the container"
}

test_ns_join_by_path() {
  local pa
  make_bundle a sleep 1000
  cfg a '.hostname = "alpha"'
  ok st run -d -b a "$CID-a"
  get_init_pid "$CID-a"
  pa=$INIT_PID
  make_bundle b sh -c 'readlink /proc/self/ns/net; readlink /proc/self/ns/uts; readlink /proc/self/ns/ipc; hostname'
  cfg b '.linux.namespaces |= map(if .type == "network" then .path = "/proc/\($p)/ns/net"
      elif .type == "uts" then .path = "/proc/\($p)/ns/uts"
      elif .type == "ipc" then .path = "/proc/\($p)/ns/ipc" else . end)
    | del(.hostname)' --arg p "$pa"
  ok st run -b b "$CID-b"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" "$(ns_link "$pa" net)" "net namespace of B (joined A's)"
  assert_ne "$(printf '%s\n' "$OUT" | sed -n 1p)" "$(ns_link $$ net)" "net namespace of B (vs host)"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 2p)" "$(ns_link "$pa" uts)" "uts namespace of B"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 3p)" "$(ns_link "$pa" ipc)" "ipc namespace of B"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 4p)" alpha "hostname seen by B"
  assert_no_container "$CID-b"
  pid_alive "$pa" || fail "container A died when B exited"
  ok st delete -f "$CID-a"
  assert_no_container "$CID-a"
}

test_ns_join_host_net_by_path() {
  local p
  # a plain host process (in the host's network namespace) to join
  (cd / && exec sleep 100) &
  p=$!
  make_bundle b readlink /proc/self/ns/net
  cfg b '.linux.namespaces |= map(if .type == "network" then .path = "/proc/\($p)/ns/net" else . end)' --arg p "$p"
  try st run -b b "$CID"
  kill "$p"
  wait "$p" 2>/dev/null
  [ "$RC" -eq 0 ] || fail "run exited $RC: $ERR"
  assert_eq "$OUT" "$(ns_link $$ net)" "net namespace joined by path /proc/PID/ns/net of a host process"
}

_userns_cfg() {
  cfg "$1" '.linux.namespaces += [{"type": "user"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": 200000, "size": 65536}]'
}

test_ns_user_mappings() {
  make_bundle b sh -c 'cat /proc/self/uid_map; cat /proc/self/gid_map; id -u; id -g; readlink /proc/self/ns/user'
  _userns_cfg b
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p | tr -s ' ' | sed 's/^ //')" "0 100000 65536" uid_map
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 2p | tr -s ' ' | sed 's/^ //')" "0 200000 65536" gid_map
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 3p)" 0 "uid inside"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 4p)" 0 "gid inside"
  assert_ne "$(printf '%s\n' "$OUT" | sed -n 5p)" "$(ns_link $$ user)" "user namespace"
}

test_ns_user_host_ids() {
  make_bundle b sleep 1000
  _userns_cfg b
  cfg b '.process.user = {"uid": 5, "gid": 7}'
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  assert_eq "$(awk '/^Uid:/ { print $2 }' "/proc/$INIT_PID/status")" 100005 "host uid of container uid 5"
  assert_eq "$(awk '/^Gid:/ { print $2 }' "/proc/$INIT_PID/status")" 200007 "host gid of container gid 7"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_ns_time_offsets() {
  [ -e /proc/self/ns/time ] || skip "the kernel has no time namespaces"
  make_bundle b sh -c 'cat /proc/self/timens_offsets; cut -d. -f1 /proc/uptime; readlink /proc/self/ns/time'
  cfg b '.linux.namespaces += [{"type": "time"}]
    | .linux.timeOffsets = {"monotonic": {"secs": 31536000, "nanosecs": 0},
                            "boottime": {"secs": 63072000, "nanosecs": 0}}'
  ok st run -b b "$CID"
  assert_match "$OUT" '^monotonic +31536000 +0$' timens_offsets
  assert_match "$OUT" '^boottime +63072000 +0$' timens_offsets
  [ "$(printf '%s\n' "$OUT" | sed -n 3p)" -ge 63072000 ] 2>/dev/null ||
    fail "uptime inside ($(printf '%s\n' "$OUT" | sed -n 3p)) does not include the boottime offset"
  assert_ne "$(printf '%s\n' "$OUT" | sed -n 4p)" "$(ns_link $$ time)" "time namespace"
}
