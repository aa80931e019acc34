# shellcheck shell=bash
# cgroups: where stoke puts the container, cgroupsPath, --cgroup-manager disabled, resources.

_need_cg2() { [ -n "${CG2-}" ] || skip "no cgroup2 hierarchy on this host"; }

test_cgroup_default_path() {
  _need_cg2
  make_bundle b sleep 1000
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  [ -d "$CG_STOKE/$CID" ] || fail "no cgroup $CG_STOKE/$CID"
  assert_contains "$(cat "$CG_STOKE/$CID/cgroup.procs")" "$INIT_PID" "cgroup.procs of $CG_STOKE/$CID"
  assert_eq "$(cgroup2_of "$INIT_PID")" "${CG_STOKE#"$CG2"}/$CID" "cgroup2 path of the init"
  ok st delete -f "$CID"
  [ ! -e "$CG_STOKE/$CID" ] || fail "cgroup $CG_STOKE/$CID left after delete"
  assert_no_container "$CID"
}

test_cgroup_created_container_in_cgroup() {
  _need_cg2
  make_bundle b sleep 1000
  ok st create -b b "$CID"
  get_init_pid "$CID"
  assert_eq "$(cgroup2_of "$INIT_PID")" "${CG_STOKE#"$CG2"}/$CID" "cgroup2 path of the created init"
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_cgroup_removed_after_foreground_run() {
  _need_cg2
  make_bundle b sh -c 'cat /proc/self/cgroup'
  cfg b '.linux.namespaces |= map(select(.type != "cgroup"))'
  ok st run -b b "$CID"
  assert_match "$OUT" "^0::${CG_STOKE#"$CG2"}/$CID\$" "cgroup of the workload (no cgroup namespace)"
  [ ! -e "$CG_STOKE/$CID" ] || fail "cgroup $CG_STOKE/$CID left after run"
}

test_cgroup_custom_path() {
  local name=stoke-custom-$CID
  _need_cg2
  make_bundle b sleep 1000
  cfg b '.linux.cgroupsPath = $p' --arg p "/$name/inner"
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  assert_eq "$(cgroup2_of "$INIT_PID")" "/$name/inner" "cgroup2 path of the init"
  [ -d "$CG2/$name/inner" ] || fail "no cgroup $CG2/$name/inner"
  [ ! -e "$CG_STOKE/$CID" ] || fail "the default cgroup was created too"
  ok st delete -f "$CID"
  wait_gone "$INIT_PID"
  [ ! -e "$CG2/$name/inner" ] || fail "cgroup $CG2/$name/inner left after delete"
  rmdir /sys/fs/cgroup/*/"$name"/inner "$CG2/$name" /sys/fs/cgroup/*/"$name" 2>/dev/null
  assert_no_container "$CID"
}

test_cgroup_manager_disabled() {
  _need_cg2
  make_bundle b sleep 1000
  ok st --cgroup-manager disabled run -d -b b "$CID"
  get_init_pid "$CID"
  [ ! -e "$CG_STOKE/$CID" ] || fail "cgroup $CG_STOKE/$CID created with --cgroup-manager disabled"
  assert_eq "$(cgroup2_of "$INIT_PID")" "$(cgroup2_of $$)" "cgroup2 path of the init (the caller's)"
  ok st --cgroup-manager disabled delete -f "$CID"
  wait_gone "$INIT_PID"
  assert_no_container "$CID"
}

test_cgroup_namespace_root() {
  make_bundle b sh -c 'grep "^0::" /proc/self/cgroup'
  ns_add b cgroup
  ok st run -b b "$CID"
  assert_eq "$OUT" "0::/" "cgroup2 line inside a cgroup namespace"
}

test_cgroup_resources_pids() {
  _need_cg2
  grep -qw pids "$CG2/cgroup.controllers" ||
    skip "the pids controller is not available on cgroup2 here (hybrid hierarchy: it is bound to v1)"
  make_bundle b sleep 1000
  cfg b '.linux.resources.pids = {"limit": 42}'
  ok st run -d -b b "$CID"
  assert_eq "$(cat "$CG_STOKE/$CID/pids.max")" 42 pids.max
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_cgroup_resources_memory() {
  _need_cg2
  grep -qw memory "$CG2/cgroup.controllers" ||
    skip "the memory controller is not available on cgroup2 here (hybrid hierarchy: it is bound to v1)"
  make_bundle b sleep 1000
  cfg b '.linux.resources.memory = {"limit": 67108864}'
  ok st run -d -b b "$CID"
  assert_eq "$(cat "$CG_STOKE/$CID/memory.max")" 67108864 memory.max
  ok st delete -f "$CID"
  assert_no_container "$CID"
}
