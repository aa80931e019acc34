# shellcheck shell=bash
# linux.personality, linux.memoryPolicy, linux.intelRdt.

test_personality_linux32() {
  make_bundle b uname -m
  cfg b '.linux.personality = {"domain": "LINUX32"}'
  ok st run -b b "$CID"
  case $(uname -m) in
    x86_64) assert_eq "$OUT" i686 "uname -m with LINUX32" ;;
    aarch64) assert_eq "$OUT" armv8l "uname -m with LINUX32" ;;
    *) assert_ne "$OUT" "$(uname -m)" "uname -m with LINUX32" ;;
  esac
}

test_personality_linux_resets_inherited() {
  # LINUX is applied, not skipped: a runtime started under linux32 does not pass it on.
  need setarch
  make_bundle b uname -m
  cfg b '.linux.personality = {"domain": "LINUX"}'
  ok setarch linux32 "$STOKE" --root "$STOKE_ROOT_DIR" run -b b "$CID"
  assert_eq "$OUT" "$(uname -m)" "uname -m with LINUX under setarch linux32"
}

test_personality_refused() {
  make_bundle b true
  cfg b '.linux.personality = {"domain": "LINUX64"}'
  assert_config_refused b linux.personality.domain LINUX64
  cfg b '.linux.personality = {"domain": "LINUX", "flags": ["ADDR_NO_RANDOMIZE"]}'
  assert_config_refused b 'linux.personality.flags[0]' ADDR_NO_RANDOMIZE
}

# The policy of the workload as numa_maps shows it (the task policy, for mappings without their
# own): "interleave:0", "bind=static:0", "prefer (many):0"... The first mapping is busybox's text.
_policy_of_workload='head -n 1 /proc/1/numa_maps | sed "s/^[0-9a-f]* //; s/ file=.*//"'

_need_numa() {
  [ -e /proc/self/numa_maps ] || skip "kernel without NUMA support (no numa_maps)"
}

test_mempolicy_modes() {
  local mode want
  _need_numa
  make_bundle b sh -c "$_policy_of_workload"
  for mode in MPOL_BIND:bind:0 MPOL_INTERLEAVE:interleave:0 MPOL_PREFERRED:prefer:0 \
    MPOL_PREFERRED_MANY:'prefer (many)':0 MPOL_WEIGHTED_INTERLEAVE:'weighted interleave':0; do
    want=${mode#*:}
    mode=${mode%%:*}
    cfg b '.linux.memoryPolicy = {"mode": $m, "nodes": "0"}' --arg m "$mode"
    try st run -b b "$CID"
    if [ "$RC" -ne 0 ] && [ "$mode" = MPOL_WEIGHTED_INTERLEAVE ] && [[ $ERR == *"Invalid argument"* ]]; then
      continue # before Linux 6.9
    fi
    [ "$RC" -eq 0 ] || fail "run with $mode exited $RC: $ERR"
    assert_eq "$OUT" "$want" "policy of the workload with $mode"
  done
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_LOCAL"}'
  ok st run -b b "$CID"
  assert_eq "$OUT" local "policy of the workload with MPOL_LOCAL"
}

test_mempolicy_flags() {
  _need_numa
  make_bundle b sh -c "$_policy_of_workload"
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_INTERLEAVE", "nodes": "0", "flags": ["MPOL_F_STATIC_NODES"]}'
  ok st run -b b "$CID"
  assert_eq "$OUT" "interleave=static:0" "policy with MPOL_F_STATIC_NODES"
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_NUMA_BALANCING"]}'
  ok st run -b b "$CID"
  assert_eq "$OUT" "bind=balancing:0" "policy with MPOL_F_NUMA_BALANCING"
}

test_mempolicy_default_unchanged() {
  _need_numa
  make_bundle b sh -c "$_policy_of_workload"
  ok st run -b b "$CID"
  assert_eq "$OUT" default "policy of the workload without linux.memoryPolicy"
}

test_mempolicy_refused() {
  local max
  make_bundle b true
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_FIRST_TOUCH", "nodes": "0"}'
  assert_config_refused b linux.memoryPolicy.mode MPOL_FIRST_TOUCH
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_BIND"}'
  assert_config_refused b linux.memoryPolicy.nodes
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_LOCAL", "nodes": "0"}'
  assert_config_refused b linux.memoryPolicy.nodes
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": "0-"}'
  assert_config_refused b linux.memoryPolicy.nodes
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES"]}'
  assert_config_refused b linux.memoryPolicy.flags
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_LAZY"]}'
  assert_config_refused b 'linux.memoryPolicy.flags[0]' MPOL_F_LAZY
  # A node the machine cannot have.
  [ -r /sys/devices/system/node/possible ] || skip "no NUMA node list in sysfs"
  max=$(tr ',' '\n' </sys/devices/system/node/possible | tail -n 1 | sed 's/.*-//')
  cfg b '.linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": $n}' --arg n "$((max + 1))"
  assert_config_refused b linux.memoryPolicy.nodes "node $((max + 1))"
}

test_intel_rdt_refused() {
  make_bundle b true
  cfg b '.linux.intelRdt = {"closID": "stoke-test"}'
  if [ "$(stat -f -c %T /sys/fs/resctrl 2>/dev/null)" = resctrl ]; then
    assert_config_refused b linux.intelRdt "not supported"
  else
    assert_config_refused b linux.intelRdt resctrl
  fi
}

test_features_linux_attrs() {
  ok st features
  assert_eq "$(jq -c '.linux.memoryPolicy.modes | sort' <<<"$OUT")" \
    '["MPOL_BIND","MPOL_DEFAULT","MPOL_INTERLEAVE","MPOL_LOCAL","MPOL_PREFERRED","MPOL_PREFERRED_MANY","MPOL_WEIGHTED_INTERLEAVE"]' \
    "features: linux.memoryPolicy.modes"
  assert_eq "$(jq -c '.linux.memoryPolicy.flags | sort' <<<"$OUT")" \
    '["MPOL_F_NUMA_BALANCING","MPOL_F_RELATIVE_NODES","MPOL_F_STATIC_NODES"]' "features: linux.memoryPolicy.flags"
  assert_eq "$(jq -c '.linux.intelRdt.enabled' <<<"$OUT")" false "features: intelRdt enabled"
  # apparmor/selinux say whether stoke can apply them on this host: features and create agree.
  local aa se
  aa=$(jq -r '.linux.apparmor.enabled' <<<"$OUT")
  se=$(jq -r '.linux.selinux.enabled' <<<"$OUT")
  make_bundle b true
  cfg b '.process.apparmorProfile = "stoke-test"'
  try st run -b b "$CID"
  if [ "$aa" = false ]; then
    assert_ne "$RC" 0 "a profile where features says apparmor is off"
    assert_contains "$ERR" "process.apparmorProfile" "the error names the field"
  else
    assert_not_contains "$ERR" "not enabled on this host" "features says apparmor is on"
  fi
  cfg b 'del(.process.apparmorProfile) | .process.selinuxLabel = "system_u:system_r:container_t:s0"'
  try st run -b b "$CID"
  if [ "$se" = false ]; then
    assert_ne "$RC" 0 "a label where features says selinux is off"
    assert_contains "$ERR" "process.selinuxLabel" "the error names the field"
  else
    assert_not_contains "$ERR" "not enabled on this host" "features says selinux is on"
  fi
  assert_no_container "$CID"
}
