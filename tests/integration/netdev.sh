# shellcheck shell=bash
# linux.netDevices: host network interfaces moved into the container's network namespace.

# _host_link NAME: a virtual interface NAME on the host: dummy where the kernel has it, else one
# end of a veth pair (peer NAMEp). Any leftover of an earlier run goes first.
_host_link() {
  need ip
  ip link del "$1" 2>/dev/null
  ip link del "${1}p" 2>/dev/null
  ip link add "$1" type dummy 2>/dev/null ||
    ip link add "$1" type veth peer name "${1}p" 2>/dev/null ||
    skip "cannot create a dummy or veth interface"
}

_host_link_gone() { ! ip link show "$1" >/dev/null 2>&1; }

_cleanup_links() {
  local l
  for l in "$@"; do
    ip link del "$l" 2>/dev/null
    ip link del "${l}p" 2>/dev/null
  done
  return 0
}

test_netdev_moved_renamed_up() {
  _host_link stkmv0
  ip addr add 10.199.7.1/24 dev stkmv0 || fail "cannot add an IPv4 address to stkmv0"
  ip addr add fd00:199:7::1/64 dev stkmv0 nodad 2>/dev/null
  make_bundle b sh -c 'ip -o link show; ip -o addr show dev ctr0'
  cfg b '.linux.netDevices = {"stkmv0": {"name": "ctr0"}}'
  st create -b b "$CID" >"$T/out" 2>"$T/err" || fail "create failed: $(cat "$T/err")"
  # Moved at create, before `start`: gone from the host already.
  _host_link_gone stkmv0 || fail "stkmv0 is still on the host after create"
  ok st start "$CID"
  wait_status "$CID" stopped
  OUT=$(cat "$T/out")
  assert_match "$OUT" '^[0-9]+: ctr0[@:]' "links in the container (stkmv0 renamed ctr0)"
  assert_match "$(grep ': ctr0[@:]' <<<"$OUT")" '[<,]UP[,>]' "flags of ctr0 (set up)"
  assert_not_contains "$OUT" stkmv0 "links in the container"
  assert_match "$OUT" 'inet 10\.199\.7\.1/24 ' "addresses of ctr0 (the host's kept)"
  if ip -6 addr show >/dev/null 2>&1 && [ -e /proc/sys/net/ipv6 ]; then
    assert_match "$OUT" 'inet6 fd00:199:7::1/64 ' "IPv6 addresses of ctr0 (the host's kept)"
  fi
  ok st delete "$CID"
  # A virtual device dies with the namespace; it does not come back.
  wait_for "the namespace to be cleaned up" 10 _host_link_gone stkmv0p
  _host_link_gone stkmv0 || fail "stkmv0 came back to the host"
  _cleanup_links stkmv0
}

test_netdev_keeps_name_and_template() {
  _host_link stkkp0
  _host_link stktp0
  make_bundle b sh -c 'ip -o link show | cut -d: -f2 | cut -d@ -f1 | tr -d " " | sort | tr "\n" " "'
  cfg b '.linux.netDevices = {"stkkp0": {}, "stktp0": {"name": "net%d"}}'
  ok st run -b b "$CID"
  assert_eq "$OUT" "lo net0 stkkp0 " "links in the container"
  _cleanup_links stkkp0 stktp0
}

test_netdev_with_user_namespace() {
  _host_link stkun0
  make_bundle b sh -c 'ip -o link show | grep -c ": inner0[@:]"'
  cfg b '.linux.netDevices = {"stkun0": {"name": "inner0"}}
    | .linux.namespaces += [{"type": "user"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
  chmod -R a+rX b
  ok st run -b b "$CID"
  assert_eq "$OUT" 1 "inner0 in the container with its own user namespace"
  _cleanup_links stkun0
}

test_netdev_joined_namespace() {
  # A network namespace joined by path (a two-stage spawn: the device moves when the init's pid
  # arrives).
  need unshare
  _host_link stkjn0
  unshare --net sleep 300 &
  local holder=$!
  wait_for "the namespace holder" 5 test -e "/proc/$holder/ns/net"
  wait_for "the namespace holder to unshare" 5 _not_host_net "$holder"
  make_bundle b sh -c 'ip -o link show | grep -c ": stkjn0[@:]"'
  cfg b '.linux.netDevices = {"stkjn0": {}}
    | (.linux.namespaces[] | select(.type == "network")) += {"path": $p}' --arg p "/proc/$holder/ns/net"
  ok st run -b b "$CID"
  assert_eq "$OUT" 1 "stkjn0 in the joined namespace"
  kill "$holder"
  wait "$holder" 2>/dev/null
  _cleanup_links stkjn0
}

_not_host_net() { [ "$(readlink "/proc/$1/ns/net")" != "$(readlink /proc/self/ns/net)" ]; }

test_netdev_refused() {
  _host_link stkrf0
  make_bundle b true
  cfg b '.linux.netDevices = {"stk-no-such0": {}}'
  assert_config_refused b linux.netDevices.stk-no-such0 "no such network device"
  cfg b '.linux.netDevices = {"stkrf0": {"name": "bad/name"}}'
  assert_config_refused b linux.netDevices.stkrf0.name
  cfg b '.linux.netDevices = {"stkrf0": {"name": "waytoolongforaniface"}}'
  assert_config_refused b linux.netDevices.stkrf0.name
  # Without a network namespace of its own the device would stay on the host.
  cfg b '.linux.netDevices = {"stkrf0": {}} | .linux.namespaces |= map(select(.type != "network"))'
  assert_config_refused b linux.netDevices "network namespace"
  make_bundle c true
  cfg c '.linux.netDevices = {"stkrf0": {}}
    | (.linux.namespaces[] | select(.type == "network")) += {"path": "/proc/self/ns/net"}'
  assert_config_refused c linux.netDevices "runtime's own"
  ip link show stkrf0 >/dev/null 2>&1 || fail "stkrf0 left the host after refused configs"
  _cleanup_links stkrf0
}

test_netdev_name_taken_in_container() {
  _host_link stktk0
  make_bundle b true
  cfg b '.linux.netDevices = {"stktk0": {"name": "lo"}}'
  assert_fails st run -b b "$CID"
  assert_one_line_error
  assert_contains "$ERR" "linux.netDevices.stktk0" "error"
  assert_contains "$ERR" "already exists" "error"
  assert_no_container "$CID"
  _cleanup_links stktk0
}

test_netdev_features() {
  ok st features
  assert_eq "$(jq -c .linux.netDevices <<<"$OUT")" '{"enabled":true}' "features: linux.netDevices"
}
