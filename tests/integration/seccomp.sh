# shellcheck shell=bash
# linux.seccomp: the filter is in force for the workload and for exec'd processes, in both
# load orders (with and without noNewPrivileges), the notify listener reaches its agent, bad
# profiles are refused before anything exists, and compiled filters are cached.

# mkdir fails with errno 13 (EACCES) under this profile; everything else is allowed.
deny_mkdir='{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]}'

seccomp_bundle() {
  make_bundle b "$@"
  add_tmp b /tmp
  cfg b ".linux.seccomp = $deny_mkdir"
}

test_seccomp_errno_rule() {
  seccomp_bundle sh -c 'grep ^Seccomp: /proc/self/status; mkdir /tmp/x 2>&1; echo rc=$?; touch /tmp/y && echo touch-ok'
  ok st run -b b "$CID"
  assert_match "$OUT" '^Seccomp:[[:space:]]+2$' "seccomp mode of the workload"
  assert_match "$OUT" 'Permission denied' "mkdir under the filter (errnoRet 13)"
  assert_match "$OUT" '^rc=1$' "mkdir exit status"
  assert_match "$OUT" '^touch-ok$' "an allowed syscall"
}

test_seccomp_without_no_new_privileges() {
  # Loaded while still root with CAP_SYS_ADMIN, before the user and capabilities change.
  seccomp_bundle sh -c 'grep ^NoNewPrivs: /proc/self/status; mkdir /tmp/x 2>&1; id -u'
  cfg b '.process.noNewPrivileges = false | .process.user.uid = 1000'
  ok st run -b b "$CID"
  assert_match "$OUT" '^NoNewPrivs:[[:space:]]+0$' "no_new_privs stays off"
  assert_match "$OUT" 'Permission denied' "mkdir under the filter"
  assert_match "$OUT" '^1000$' "uid after the filter was loaded"
}

test_seccomp_default_action_errno() {
  # The realistic shape: deny by default (defaultErrnoRet 38, ENOSYS), allow a long list. The
  # list of the docker-like vector, without mkdir: mkdir falls to the default action.
  make_bundle b sh -c 'mkdir /tmp/x 2>&1; echo rc=$?; echo alive'
  add_tmp b /tmp
  cfg b '.linux.seccomp = ($v[0].linux.seccomp | .defaultErrnoRet = 38
       | .syscalls |= map(.names -= ["mkdir", "mkdirat"]))' \
    --slurpfile v "$REPO/oci-spec/vectors/valid/seccomp-docker.json"
  ok st run -b b "$CID"
  assert_match "$OUT" 'Function not implemented' "mkdir answered by the default action (ENOSYS)"
  assert_match "$OUT" '^alive$' "the allowed syscalls"
}

test_seccomp_exec_is_filtered() {
  seccomp_bundle sleep 1000
  ok st run -d -b b "$CID"
  ok st exec "$CID" sh -c 'grep ^Seccomp: /proc/self/status; mkdir /tmp/z 2>&1; echo rc=$?'
  assert_match "$OUT" '^Seccomp:[[:space:]]+2$' "seccomp mode of the exec'd process"
  assert_match "$OUT" 'Permission denied' "mkdir in the exec'd process"
  ok st delete -f "$CID"
}

test_seccomp_bad_profile_refused() {
  local bad
  for bad in '{"defaultAction":"SCMP_ACT_NOPE"}' \
    '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_FOO"}]}' \
    '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":1,"op":"SCMP_CMP_BOGUS"}]}]}' \
    '{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_NOPE"]}' \
    '{"defaultAction":"SCMP_ACT_NOTIFY"}'; do
    rm -rf b
    make_bundle b true
    cfg b ".linux.seccomp = $bad"
    assert_fails st run -b b "$CID"
    assert_one_line_error
    assert_contains "$ERR" "linux.seccomp" "error names the field"
    assert_no_container "$CID"
  done
}

test_seccomp_cache_reused() {
  local files before after
  seccomp_bundle true
  ok st run -b b "$CID"
  files=$(find "$STOKE_ROOT_DIR/.seccomp" -name '*.bpf' | wc -l)
  assert_eq "$files" 1 "compiled filters cached after the first run"
  before=$(stat -c %Y.%i "$STOKE_ROOT_DIR"/.seccomp/*.bpf)
  ok st run -b b "$CID"
  after=$(stat -c %Y.%i "$STOKE_ROOT_DIR"/.seccomp/*.bpf)
  assert_eq "$after" "$before" "the cached filter was used, not rewritten"
  rm -rf "$STOKE_ROOT_DIR/.seccomp"
}

test_seccomp_notify_reaches_listener() {
  local agent_dir="$T/agent"
  [ -x "$HELPERS/seccomp_agent" ] || fail "helper $HELPERS/seccomp_agent was not built"
  mkdir -p "$agent_dir"
  sock_path agent.sock
  "$HELPERS/seccomp_agent" "$SOCK" "$agent_dir" >"$T/agent.out" 2>&1 &
  wait_for "the agent to listen" 10 test -e "$agent_dir/ready"
  make_bundle b sh -c 'mkdir /tmp/n 2>&1; echo rc=$?'
  add_tmp b /tmp
  cfg b '.linux.seccomp = {"defaultAction":"SCMP_ACT_ALLOW","listenerPath":$s,"listenerMetadata":"meta-42","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_NOTIFY"}]}' --arg s "$SOCK"
  ok st run -b b "$CID"
  assert_match "$OUT" 'Read-only file system' "mkdir answered by the agent (EROFS)"
  wait
  assert_file "$agent_dir/state.json" "what the agent received"
  assert_eq "$(jq -r '.metadata' "$agent_dir/state.json")" meta-42 "listenerMetadata"
  assert_eq "$(jq -r '.fds[0]' "$agent_dir/state.json")" seccompFd "fds"
  assert_eq "$(jq -r '.state.id' "$agent_dir/state.json")" "$CID" "state.id"
  assert_ne "$(jq -r '.pid' "$agent_dir/state.json")" 0 "pid"
  assert_match "$(cat "$agent_dir/syscalls")" '^[0-9]+$' "notified syscalls logged"
}
