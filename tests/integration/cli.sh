# shellcheck shell=bash
# The command line: version, help, global options, spec, features, logging.

COMMANDS="create start run state list kill delete spec features"

test_version_three_lines() {
  local flag
  for flag in --version -v; do
    ok st "$flag"
    assert_eq "$(printf '%s\n' "$OUT" | grep -c '')" 3 "number of lines of stoke $flag"
    assert_match "$(printf '%s\n' "$OUT" | sed -n 1p)" '^stoke version [^ ]+$' "line 1 of stoke $flag"
    assert_match "$(printf '%s\n' "$OUT" | sed -n 2p)" '^commit: [^ ]+$' "line 2 of stoke $flag"
    assert_eq "$(printf '%s\n' "$OUT" | sed -n 3p)" "spec: 1.3.0" "line 3 of stoke $flag"
  done
}

test_help_global() {
  local flag
  for flag in --help -h; do
    ok st "$flag"
    assert_contains "$OUT" "Usage" "stoke $flag"
    for c in $COMMANDS; do
      assert_contains "$OUT" "$c" "stoke $flag (command list)"
    done
  done
}

test_help_every_command() {
  local c flag
  for c in $COMMANDS; do
    for flag in --help -h; do
      try st "$c" "$flag"
      [ "$RC" -eq 0 ] || fail "stoke $c $flag exited $RC: $ERR"
      assert_contains "$OUT" "Usage" "stoke $c $flag"
      assert_contains "$OUT" "$c" "stoke $c $flag"
    done
  done
}

test_unknown_command() {
  assert_fails st frobnicate
  assert_one_line_error
  assert_contains "$ERR" frobnicate "error message"
}

test_unknown_global_flag() {
  assert_fails st --frobnicate list
  assert_one_line_error
}

test_unknown_command_flag() {
  local c
  for c in $COMMANDS; do
    assert_fails st "$c" --frobnicate
    assert_one_line_error
  done
}

test_global_options_accepted() {
  ok st --log "$T/log" --log-format text --log-level debug list
  ok st --log "$T/log" --log-format json --debug list
  ok st --systemd-cgroup list
  ok st --cgroup-manager cgroupfs list
  ok st --cgroup-manager systemd list
  ok st --cgroup-manager disabled list
  ok st --rootless false list
  ok st --rootless auto list
}

test_global_options_bad_values() {
  assert_fails st --cgroup-manager bogus list
  assert_one_line_error
  assert_fails st --log-format yaml list
  assert_one_line_error
  assert_fails st --rootless maybe list
  assert_one_line_error
}

test_log_json_error_record() {
  local line msg
  assert_fails st --log "$T/log.json" --log-format json state no-such-container
  assert_one_line_error
  assert_file "$T/log.json"
  line=$(tail -n 1 "$T/log.json")
  printf '%s' "$line" | jq -e . >/dev/null 2>&1 || fail "last log line is not JSON: $line"
  assert_eq "$(printf '%s' "$line" | jq -r .level)" error "level of the log record"
  msg=$(printf '%s' "$line" | jq -r .msg)
  assert_eq "$msg" "${ERR#stoke: }" "msg of the log record (vs stderr)"
  assert_match "$(printf '%s' "$line" | jq -r .time)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "time of the log record"
}

test_log_json_appends() {
  echo '{"level":"info","msg":"earlier","time":"2000-01-01T00:00:00Z"}' >"$T/log.json"
  assert_fails st --log "$T/log.json" --log-format json state no-such-container
  assert_fails st --log "$T/log.json" --log-format json kill no-such-container
  assert_eq "$(head -n 1 "$T/log.json" | jq -r .msg)" earlier "first line kept"
  assert_eq "$(grep -c '"level":"error"' "$T/log.json")" 2 "error records appended"
  jq -e . "$T/log.json" >/dev/null 2>&1 || fail "log file is not a sequence of JSON records"
}

test_log_text_error() {
  assert_fails st --log "$T/log.txt" state no-such-container
  assert_one_line_error
  assert_file "$T/log.txt"
  assert_contains "$(cat "$T/log.txt")" "${ERR#stoke: }" "text log"
}

test_spec_default_config() {
  local c
  mkdir b && cd b || fail "cd"
  ok st spec
  assert_file config.json
  c=$(cat config.json)
  jq -e . <<<"$c" >/dev/null || fail "config.json is not JSON"
  assert_match "$(jq -r .ociVersion <<<"$c")" '^1\.[0-9]+\.[0-9]+' ociVersion
  assert_eq "$(jq -r .process.terminal <<<"$c")" true process.terminal
  assert_eq "$(jq -c .process.args <<<"$c")" '["sh"]' process.args
  assert_eq "$(jq -r .root.path <<<"$c")" rootfs root.path
  assert_eq "$(jq -r .root.readonly <<<"$c")" true root.readonly
  assert_eq "$(jq -r .hostname <<<"$c")" stoke hostname
  assert_eq "$(jq -c '[.linux.namespaces[].type] | sort' <<<"$c")" \
    '["cgroup","ipc","mount","network","pid","uts"]' "namespaces"
  for m in /proc /dev /dev/pts /dev/shm /dev/mqueue /sys /sys/fs/cgroup; do
    jq -e --arg m "$m" 'any(.mounts[]; .destination == $m)' <<<"$c" >/dev/null ||
      fail "default mounts lack $m"
  done
  jq -e '.linux.maskedPaths | length > 0' <<<"$c" >/dev/null || fail "no maskedPaths"
  jq -e '.linux.readonlyPaths | length > 0' <<<"$c" >/dev/null || fail "no readonlyPaths"
  jq -e '.linux.maskedPaths | index("/proc/kcore")' <<<"$c" >/dev/null || fail "/proc/kcore not masked"
  jq -e '.linux.readonlyPaths | index("/proc/sys")' <<<"$c" >/dev/null || fail "/proc/sys not read-only"
  jq -e '.process.env | any(startswith("PATH="))' <<<"$c" >/dev/null || fail "no PATH in process.env"
  assert_eq "$(jq -r .process.cwd <<<"$c")" / process.cwd
  assert_eq "$(jq -r '.process.user.uid, .process.user.gid' <<<"$c" | tr '\n' ' ')" "0 0 " "process.user"
}

test_spec_bundle_flag() {
  mkdir b
  ok st spec --bundle "$T/b"
  assert_file "$T/b/config.json"
  assert_no_file "$T/config.json" "config.json in the cwd"
  mkdir c
  ok st spec -b c
  assert_file "$T/c/config.json"
}

test_spec_refuses_to_overwrite() {
  echo '{"mine":true}' >config.json
  assert_fails st spec
  assert_one_line_error
  assert_eq "$(cat config.json)" '{"mine":true}' "existing config.json"
}

test_spec_rootless() {
  local c
  ok st spec --rootless
  c=$(cat config.json)
  jq -e 'any(.linux.namespaces[]; .type == "user")' <<<"$c" >/dev/null || fail "no user namespace"
  assert_eq "$(jq -r '.linux.uidMappings[0].containerID' <<<"$c")" 0 "uidMappings[0].containerID"
  assert_eq "$(jq -r '.linux.uidMappings[0].hostID' <<<"$c")" "$(id -u)" "uidMappings[0].hostID"
  assert_eq "$(jq -r '.linux.gidMappings[0].hostID' <<<"$c")" "$(id -g)" "gidMappings[0].hostID"
}

test_features_json() {
  ok st features
  jq -e . <<<"$OUT" >/dev/null 2>&1 || fail "stoke features did not print JSON: $OUT"
  assert_match "$(jq -r .ociVersionMin <<<"$OUT")" '^1\.[0-9]+\.[0-9]+' ociVersionMin
  assert_match "$(jq -r .ociVersionMax <<<"$OUT")" '^1\.[0-9]+\.[0-9]+' ociVersionMax
  jq -e '.hooks | index("createRuntime")' <<<"$OUT" >/dev/null || fail "features lists no createRuntime hook"
  jq -e '.linux.namespaces | index("pid")' <<<"$OUT" >/dev/null || fail "features lists no pid namespace"
}

test_features_seccomp() {
  local native
  ok st features
  assert_eq "$(jq -r .linux.seccomp.enabled <<<"$OUT")" true "features linux.seccomp.enabled"
  assert_eq "$(jq -r '.linux.seccomp.actions | sort | join(" ")' <<<"$OUT")" \
    "SCMP_ACT_ALLOW SCMP_ACT_ERRNO SCMP_ACT_KILL SCMP_ACT_KILL_PROCESS SCMP_ACT_KILL_THREAD SCMP_ACT_LOG SCMP_ACT_NOTIFY SCMP_ACT_TRACE SCMP_ACT_TRAP" \
    "features linux.seccomp.actions"
  assert_eq "$(jq -r '.linux.seccomp.operators | sort | join(" ")' <<<"$OUT")" \
    "SCMP_CMP_EQ SCMP_CMP_GE SCMP_CMP_GT SCMP_CMP_LE SCMP_CMP_LT SCMP_CMP_MASKED_EQ SCMP_CMP_NE" \
    "features linux.seccomp.operators"
  native=SCMP_ARCH_$(uname -m | tr a-z A-Z)
  jq -e --arg a "$native" '.linux.seccomp.archs | index($a)' <<<"$OUT" >/dev/null ||
    fail "features linux.seccomp.archs lacks the native $native"
}

# runc 1.1 lists no seccomp flags (a known difference, tests/README.md).
test_features_seccomp_flags() {
  ok st features
  jq -e '.linux.seccomp.knownFlags | index("SECCOMP_FILTER_FLAG_LOG")' <<<"$OUT" >/dev/null ||
    fail "features linux.seccomp.knownFlags lacks SECCOMP_FILTER_FLAG_LOG"
  jq -e '.linux.seccomp as $s | ($s.supportedFlags - $s.knownFlags) == []' <<<"$OUT" >/dev/null ||
    fail "features linux.seccomp.supportedFlags has flags knownFlags does not"
}

test_root_dir_created() {
  rmdir "$STOKE_ROOT_DIR"
  ok st list
  make_bundle b true
  ok st run -b b "$CID"
  [ -d "$STOKE_ROOT_DIR" ] || fail "state root $STOKE_ROOT_DIR was not created"
}

test_no_command_prints_help() {
  try st
  assert_eq "$RC" 0 "exit status of stoke without command"
  assert_contains "$OUT$ERR" Usage "output of stoke without command"
}
