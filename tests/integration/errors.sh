# shellcheck shell=bash
# Bad input: each must give one clear error line ("stoke: ..."), a non-zero exit, and leave
# nothing behind.

# create_fails DIR: `create` and `run` of bundle DIR both fail cleanly.
create_fails() {
  local b=$1
  assert_fails st create -b "$b" "$CID"
  assert_one_line_error
  assert_no_container "$CID"
  assert_fails st run -b "$b" "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}

test_err_malformed_json() {
  make_bundle b true
  printf '{ "ociVersion": "1.0.2", "process": { "args": [ "true" ], ' >b/config.json
  printf 'this is not json }' >>b/config.json
  create_fails b
}

test_err_truncated_json() {
  make_bundle b true
  head -c "$(($(wc -c <b/config.json) / 2))" b/config.json >b/config.half
  mv b/config.half b/config.json
  create_fails b
}

test_err_empty_config() {
  make_bundle b true
  : >b/config.json
  create_fails b
}

test_err_wrong_type_args() {
  make_bundle b true
  cfg b '.process.args = "true"'
  create_fails b
}

test_err_wrong_type_root() {
  make_bundle b true
  cfg b '.root = "rootfs"'
  create_fails b
}

test_err_wrong_type_uid() {
  make_bundle b true
  cfg b '.process.user.uid = "0"'
  create_fails b
}

test_err_missing_bundle_dir() {
  assert_fails st create -b "$T/no-such-bundle" "$CID"
  assert_one_line_error
  assert_no_container "$CID"
  assert_fails st run -b "$T/no-such-bundle" "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}

test_err_missing_config() {
  make_bundle b true
  rm b/config.json
  create_fails b
}

test_err_missing_rootfs() {
  make_bundle b true
  rm -rf b/rootfs
  create_fails b
}

test_err_missing_executable() {
  make_bundle b /nope
  create_fails b
  assert_contains "$ERR" /nope "error message"
}

test_err_missing_executable_in_path() {
  make_bundle b no-such-command
  create_fails b
  assert_contains "$ERR" no-such-command "error message"
}

test_err_not_executable() {
  make_bundle b /etc/passwd
  create_fails b
}

test_err_empty_args() {
  make_bundle b true
  cfg b '.process.args = []'
  create_fails b
}

test_err_no_process() {
  make_bundle b true
  cfg b 'del(.process)'
  create_fails b
}

test_err_relative_cwd() {
  make_bundle b true
  cfg b '.process.cwd = "relative/dir"'
  create_fails b
}

test_err_unsupported_oci_version() {
  make_bundle b true
  cfg b '.ociVersion = "2.0.0"'
  create_fails b
  assert_contains "$ERR" 2.0.0 "error message"
}

test_err_unknown_namespace_type() {
  make_bundle b true
  cfg b '.linux.namespaces += [{"type": "bogus"}]'
  create_fails b
  assert_contains "$ERR" bogus "error message"
}

test_err_namespace_path_missing() {
  make_bundle b true
  cfg b '(.linux.namespaces[] | select(.type == "network")) += {"path": "/proc/self/ns/no-such-ns"}'
  create_fails b
}

test_err_duplicate_id() {
  local pid
  make_bundle b sleep 1000
  ok st create -b b "$CID"
  get_init_pid "$CID"
  pid=$INIT_PID
  assert_fails st create -b b "$CID"
  assert_one_line_error
  assert_fails st run -b b "$CID"
  assert_one_line_error
  # the first container is intact
  assert_status_is "$CID" created
  assert_eq "$(state_field "$CID" .pid)" "$pid" "pid of the first container"
  pid_alive "$pid" || fail "the first container's init died"
  [ -z "${CG_STOKE-}" ] || [ -d "$CG_STOKE/$CID" ] || fail "the first container's cgroup was removed"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

_bad_id() {
  local id=$1 before after
  make_bundle b true
  before=$(ls -A "$STOKE_ROOT_DIR")
  assert_fails st create -b b "$id"
  assert_one_line_error
  assert_fails st run -b b "$id"
  assert_one_line_error
  after=$(ls -A "$STOKE_ROOT_DIR")
  assert_eq "$after" "$before" "entries of the state root after create '$id'"
  [ ! -e "$T/x" ] || fail "create '$id' wrote outside the state root ($T/x)"
  [ ! -e "$T/state/a" ] || fail "create '$id' created $T/state/a"
  assert_no_container "$id"
}

test_err_id_dotdot_slash() { _bad_id ../x; }
test_err_id_slash() { _bad_id a/b; }
test_err_id_empty() { _bad_id ''; }
test_err_id_dot() { _bad_id .; }
test_err_id_dotdot() { _bad_id ..; }
test_err_id_too_long() { _bad_id "$(printf 'a%.0s' $(seq 2000))"; }

test_err_unknown_signal() {
  local pid
  make_bundle b sleep 1000
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  pid=$INIT_PID
  for sig in SIGFOO FOO 0x9 -9 999; do
    assert_fails st kill "$CID" "$sig"
    assert_one_line_error
  done
  assert_status_is "$CID" running
  pid_alive "$pid" || fail "the init died after bad kill commands"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_err_start_running() {
  local pid
  make_bundle b sleep 1000
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  pid=$INIT_PID
  assert_fails st start "$CID"
  assert_one_line_error
  assert_status_is "$CID" running
  assert_eq "$(state_field "$CID" .pid)" "$pid" "pid"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_err_start_stopped() {
  make_bundle b true
  ok st run --keep -b b "$CID"
  assert_fails st start "$CID"
  assert_one_line_error
  assert_status_is "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_err_delete_running_without_force() {
  make_bundle b sleep 1000
  ok st run -d -b b "$CID"
  assert_fails st delete "$CID"
  assert_one_line_error
  assert_status_is "$CID" running
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_err_unknown_id_state() {
  assert_fails st state no-such-container
  assert_one_line_error
  assert_eq "$OUT" "" "stdout"
}

test_err_unknown_id_start() {
  assert_fails st start no-such-container
  assert_one_line_error
}

test_err_unknown_id_kill() {
  assert_fails st kill no-such-container KILL
  assert_one_line_error
}

test_err_unknown_id_delete() {
  assert_fails st delete no-such-container
  assert_one_line_error
}

test_err_missing_id_argument() {
  local c
  for c in create start state kill delete run; do
    assert_fails st "$c"
    assert_one_line_error
  done
}

test_err_failing_prestart_hook() {
  make_bundle b true
  cfg b '.hooks.prestart = [{"path": "/bin/false"}]'
  create_fails b
}

test_err_hook_not_found() {
  make_bundle b true
  cfg b '.hooks.createRuntime = [{"path": "/no/such/hook"}]'
  create_fails b
}

test_err_console_socket_missing() {
  make_bundle b true
  cfg b '.process.terminal = true'
  assert_fails st create --console-socket "$T/no-such.sock" -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}

test_err_bad_mount() {
  make_bundle b true
  add_mount b /mnt bind "$T/no-such-dir" rbind
  create_fails b
}

test_err_bad_preserve_fds() {
  make_bundle b true
  assert_fails st run --preserve-fds notanumber -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}

test_err_user_not_mapped() {
  make_bundle b true
  cfg b '.linux.namespaces += [{"type": "user"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 1}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 1}]
    | .process.user.uid = 5000'
  create_fails b
}

test_err_bad_rootfs_propagation() {
  make_bundle b true
  cfg b '.linux.rootfsPropagation = "sideways"'
  create_fails b
}
