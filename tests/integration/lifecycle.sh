# shellcheck shell=bash
# Container lifecycle: run, create/start, state, list, kill, delete.

# A bundle whose workload signals readiness and waits for /shared/stop; $T/shared is bind-mounted.
waiting_bundle() {
  mkdir -p "$T/shared"
  make_bundle "$1" sh -c 'touch /shared/started; while [ ! -e /shared/stop ]; do sleep 0.05; done; exit 0'
  add_bind "$1" "$T/shared" /shared
}

# ---------------------------------------------------------------- run

test_run_exit_status() {
  make_bundle b sh -c 'exit 7'
  assert_status 7 st run -b b "$CID"
  assert_no_container "$CID"
  cfg_args b true
  assert_status 0 st run -b b "$CID"
  cfg_args b false
  assert_status 1 st run -b b "$CID"
  assert_no_container "$CID"
}

test_run_stdout_stderr() {
  make_bundle b sh -c 'echo to-stdout; echo to-stderr >&2'
  ok st run -b b "$CID"
  assert_eq "$OUT" to-stdout stdout
  assert_eq "$ERR" to-stderr stderr
}

test_run_killed_by_signal_status() {
  local pid rc
  make_bundle b sleep 1000
  st_bg run -b b "$CID" >"$T/run.out" 2>&1
  pid=$!
  wait_status "$CID" running
  ok st kill "$CID" KILL
  wait "$pid"
  rc=$?
  assert_eq "$rc" 137 "exit status of run when the workload is killed by SIGKILL"
  assert_no_container "$CID"
}

test_run_forwards_sigterm() {
  local pid rc
  mkdir shared
  make_bundle b sh -c 'trap "echo got-TERM > /shared/sig; exit 3" TERM
    touch /shared/ready; while :; do sleep 0.05; done'
  add_bind b "$T/shared" /shared
  st_bg run -b b "$CID" >"$T/run.out" 2>&1
  pid=$!
  wait_for "the workload to be ready" 10 test -e shared/ready
  kill -TERM "$pid"
  wait "$pid"
  rc=$?
  assert_file shared/sig "marker of the workload's TERM trap"
  assert_eq "$(cat shared/sig)" got-TERM "what the workload's trap saw"
  assert_eq "$rc" 3 "exit status of run"
  assert_no_container "$CID"
}

test_run_forwards_sighup_and_sigusr1() {
  local pid rc
  mkdir shared
  make_bundle b sh -c 'trap "echo HUP >> /shared/sig" HUP; trap "echo USR1 >> /shared/sig; exit 5" USR1
    touch /shared/ready; while :; do sleep 0.05; done'
  add_bind b "$T/shared" /shared
  st_bg run -b b "$CID" >"$T/run.out" 2>&1
  pid=$!
  wait_for "the workload to be ready" 10 test -e shared/ready
  kill -HUP "$pid"
  wait_for "the workload to see SIGHUP" 10 grep -q HUP shared/sig
  kill -USR1 "$pid"
  wait "$pid"
  rc=$?
  assert_eq "$(tr '\n' ' ' <shared/sig)" "HUP USR1 " "signals the workload saw"
  assert_eq "$rc" 5 "exit status of run"
  assert_no_container "$CID"
}

test_run_keep() {
  make_bundle b sh -c 'exit 4'
  assert_status 4 st run --keep -b b "$CID"
  [ -d "$STOKE_ROOT_DIR/$CID" ] || fail "run --keep removed the state directory"
  assert_status_is "$CID" stopped
  assert_eq "$(state_field "$CID" .pid)" 0 "pid of the stopped container"
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_run_detach() {
  local pid
  make_bundle b sleep 1000
  ok st run -d -b b "$CID"
  assert_status_is "$CID" running
  get_init_pid "$CID"
  pid=$INIT_PID
  assert_eq "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 1000 " "command line of the init process"
  ok st delete --force "$CID"
  wait_gone "$pid"
  assert_no_container "$CID"
}

test_run_detach_pid_file() {
  make_bundle b sleep 1000
  ok st run --detach --pid-file "$T/pid" -b b "$CID"
  get_init_pid "$CID"
  assert_eq "$(cat "$T/pid")" "$INIT_PID" "pid file"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_run_id_reusable_after_delete() {
  make_bundle b true
  ok st run -b b "$CID"
  ok st run -b b "$CID"
  ok st run -d -b b "$CID"
  wait_status "$CID" stopped
  ok st delete "$CID"
  ok st run -b b "$CID"
  assert_no_container "$CID"
}

test_run_bundle_defaults_to_cwd() {
  make_bundle b sh -c 'echo in-bundle'
  cd b || fail "cd b"
  ok st run "$CID"
  cd "$T" || fail "cd"
  assert_eq "$OUT" in-bundle
  assert_no_container "$CID"
}

test_run_config_flag() {
  make_bundle b sh -c 'echo from-bundle-config'
  jq '.process.args = ["sh", "-c", "echo from-other-config"]' b/config.json >"$T/other.json"
  ok st run --config "$T/other.json" -b b "$CID"
  assert_eq "$OUT" from-other-config "output with --config"
  assert_no_container "$CID"
}

# ---------------------------------------------------------------- create / start

test_create_start_lifecycle() {
  local pid
  waiting_bundle b
  ok st create -b b --pid-file "$T/pid" "$CID"
  assert_status_is "$CID" created
  get_init_pid "$CID"
  pid=$INIT_PID
  assert_eq "$(cat "$T/pid")" "$pid" "pid file"
  sleep 0.3
  assert_no_file shared/started "file the user process touches, before start,"
  ok st start "$CID"
  wait_for "the user process to run" 10 test -e shared/started
  assert_status_is "$CID" running
  assert_eq "$(state_field "$CID" .pid)" "$pid" "pid after start"
  touch shared/stop
  wait_status "$CID" stopped
  assert_eq "$(state_field "$CID" .pid)" 0 "pid of the stopped container"
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_create_pid_file_format() {
  make_bundle b sleep 1000
  ok st create --pid-file pid -b b "$CID"
  assert_file "$T/pid" "pid file given as a relative path"
  assert_match "$(cat "$T/pid")" '^[0-9]+$' "pid file"
  assert_eq "$(wc -l <"$T/pid" | tr -d ' ')" 0 "newlines in the pid file (runc writes none)"
  get_init_pid "$CID"
  assert_eq "$(cat "$T/pid")" "$INIT_PID" "pid file"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_create_returns_with_init_waiting() {
  # create must return (not block on the user process) and the init waits in the container
  make_bundle b sh -c 'echo should-not-run-yet'
  ok st create -b b "$CID"
  assert_eq "$OUT" "" "output of create"
  get_init_pid "$CID"
  assert_ne "$(ns_link "$INIT_PID" pid)" "$(ns_link $$ pid)" "pid namespace of the created init"
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_start_output_goes_to_create_stdio() {
  make_bundle b sh -c 'echo hello-from-start'
  st create -b b "$CID" >"$T/create.out" 2>"$T/create.err" || fail "create failed: $(cat "$T/create.err")"
  ok st start "$CID"
  wait_status "$CID" stopped
  assert_eq "$(cat "$T/create.out")" hello-from-start "stdout of the workload (create's stdout)"
  ok st delete "$CID"
}

# ---------------------------------------------------------------- state

test_state_fields() {
  local s
  make_bundle b sleep 1000
  cfg b '.annotations = {"org.example.key": "value"}'
  ok st create -b b "$CID"
  ok st state "$CID"
  s=$OUT
  jq -e . <<<"$s" >/dev/null 2>&1 || fail "state is not JSON: $s"
  assert_match "$(jq -r .ociVersion <<<"$s")" '^1\.[0-9]+\.[0-9]+' ociVersion
  assert_eq "$(jq -r .id <<<"$s")" "$CID" id
  assert_eq "$(jq -r .status <<<"$s")" created status
  pid_alive "$(jq -r .pid <<<"$s")" || fail "pid $(jq -r .pid <<<"$s") is not alive"
  assert_eq "$(jq -r .bundle <<<"$s")" "$T/b" "bundle (absolute, though given as relative)"
  assert_eq "$(jq -r .rootfs <<<"$s")" "$T/b/rootfs" rootfs
  assert_match "$(jq -r .created <<<"$s")" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$' created
  jq -e 'has("owner")' <<<"$s" >/dev/null || fail "state has no owner"
  assert_eq "$(jq -r '.annotations["org.example.key"]' <<<"$s")" value "annotations"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_state_stopped_when_workload_exits() {
  make_bundle b sh -c 'exit 0'
  ok st create -b b "$CID"
  ok st start "$CID"
  wait_status "$CID" stopped
  assert_eq "$(state_field "$CID" .pid)" 0 "pid of the stopped container"
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_state_stopped_when_killed_from_outside() {
  # the init dies without the runtime's involvement
  make_bundle b sleep 1000
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  kill -9 "$INIT_PID"
  wait_status "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}

# Edit numeric fields of state.json whose key matches KEY_RE (case-insensitive) with JQ_UPDATE.
_edit_state_numbers() { # ID KEY_RE JQ_UPDATE [jq args]
  local id=$1 re=$2 upd=$3 sf
  shift 3
  sf=$STOKE_ROOT_DIR/$id/state.json
  [ -f "$sf" ] || fail "no state file $sf"
  jq "$@" --arg re "$re" "walk(if type == \"object\" then with_entries(if (.key | test(\$re; \"i\")) and (.value | type) == \"number\" then .value |= ($upd) else . end) else . end)" \
    "$sf" >"$sf.new" || fail "cannot rewrite $sf"
  if cmp -s "$sf" "$sf.new"; then
    rm -f "$sf.new"
    return 1
  fi
  mv "$sf.new" "$sf"
}

test_state_stale_pid_is_stopped() {
  local real decoy sf
  make_bundle b sleep 1000
  ok st create -b b "$CID"
  get_init_pid "$CID"
  real=$INIT_PID
  sf=$STOKE_ROOT_DIR/$CID/state.json
  cp "$sf" "$T/state.orig" || fail "no state file $sf"
  # A live process that is not the container's init now holds the recorded pid.
  (cd / && exec sleep 300) &
  decoy=$!
  _edit_state_numbers "$CID" 'pid$' "if . == $real then $decoy else . end" ||
    fail "state.json holds the init pid $real under no key ending in 'pid'"
  assert_status_is "$CID" stopped
  try st kill "$CID" KILL
  try st delete "$CID"
  pid_alive "$decoy" || fail "the runtime signalled an unrelated process that reused the pid"
  kill "$decoy"
  wait "$decoy" 2>/dev/null
  # put the real state back so the real init is cleaned up
  mkdir -p "$STOKE_ROOT_DIR/$CID" && cp "$T/state.orig" "$sf"
  ok st delete -f "$CID"
  wait_gone "$real"
  assert_no_container "$CID"
}

test_state_stale_start_time_is_stopped() {
  local sf real
  make_bundle b sleep 1000
  ok st create -b b "$CID"
  get_init_pid "$CID"
  real=$INIT_PID
  sf=$STOKE_ROOT_DIR/$CID/state.json
  cp "$sf" "$T/state.orig" || fail "no state file $sf"
  _edit_state_numbers "$CID" 'start' '. + 12345' ||
    fail "state.json has no numeric start-time field (startTime)"
  assert_status_is "$CID" stopped
  pid_alive "$real" || fail "reading the state killed the init"
  cp "$T/state.orig" "$sf"
  assert_status_is "$CID" created
  ok st delete -f "$CID"
  wait_gone "$real"
  assert_no_container "$CID"
}

# ---------------------------------------------------------------- list

test_list_table() {
  local hdr row
  make_bundle b sleep 1000
  ok st create -b b "$CID-a"
  ok st run -d -b b "$CID-b"
  ok st list
  hdr=$(printf '%s\n' "$OUT" | sed -n 1p | tr -s ' \t' ' ' | sed 's/ $//')
  assert_eq "$hdr" "ID PID STATUS BUNDLE CREATED OWNER" "list header"
  assert_eq "$(printf '%s\n' "$OUT" | sed 1d | grep -c .)" 2 "rows in the list"
  row=$(printf '%s\n' "$OUT" | awk -v id="$CID-a" '$1 == id')
  [ -n "$row" ] || fail "no row for $CID-a in: $OUT"
  assert_eq "$(awk '{ print $2 }' <<<"$row")" "$(state_field "$CID-a" .pid)" "pid column"
  assert_eq "$(awk '{ print $3 }' <<<"$row")" created "status column of $CID-a"
  assert_eq "$(awk '{ print $4 }' <<<"$row")" "$T/b" "bundle column"
  assert_eq "$(awk '{ print $6 }' <<<"$row")" "$(id -un)" "owner column"
  row=$(printf '%s\n' "$OUT" | awk -v id="$CID-b" '$1 == id')
  assert_eq "$(awk '{ print $3 }' <<<"$row")" running "status column of $CID-b"
  ok st delete -f "$CID-a"
  ok st delete -f "$CID-b"
  assert_no_container "$CID-a"
  assert_no_container "$CID-b"
}

test_list_quiet() {
  make_bundle b sleep 1000
  ok st create -b b "$CID-a"
  ok st create -b b "$CID-b"
  ok st list -q
  assert_eq "$(printf '%s\n' "$OUT" | sort | tr '\n' ' ')" "$CID-a $CID-b " "list -q"
  ok st list --quiet
  assert_eq "$(printf '%s\n' "$OUT" | sort | tr '\n' ' ')" "$CID-a $CID-b " "list --quiet"
  ok st delete -f "$CID-a"
  ok st delete -f "$CID-b"
}

test_list_json() {
  local a
  make_bundle b sleep 1000
  ok st create -b b "$CID-a"
  ok st run -d -b b "$CID-b"
  ok st list --format json
  jq -e 'type == "array"' <<<"$OUT" >/dev/null 2>&1 || fail "list --format json is not an array: $OUT"
  assert_eq "$(jq -r '[.[].id] | sort | join(" ")' <<<"$OUT")" "$CID-a $CID-b" "ids"
  a=$(jq -c --arg id "$CID-a" '.[] | select(.id == $id)' <<<"$OUT")
  assert_eq "$(jq -r .status <<<"$a")" created "status of $CID-a"
  assert_eq "$(jq -r .bundle <<<"$a")" "$T/b" "bundle of $CID-a"
  assert_eq "$(jq -r .pid <<<"$a")" "$(state_field "$CID-a" .pid)" "pid of $CID-a"
  assert_eq "$(jq -r --arg id "$CID-b" '.[] | select(.id == $id) | .status' <<<"$OUT")" running "status of $CID-b"
  ok st list -f json
  assert_eq "$(jq length <<<"$OUT")" 2 "entries of list -f json"
  ok st delete -f "$CID-a"
  ok st delete -f "$CID-b"
}

test_list_empty() {
  ok st list
  assert_eq "$(printf '%s\n' "$OUT" | grep -c .)" 1 "lines of an empty list (the header)"
  assert_match "$OUT" '^ID +PID +STATUS +BUNDLE +CREATED +OWNER' "header"
  ok st list -q
  assert_eq "$OUT" "" "list -q with no container"
  ok st list --format json
  case $OUT in
    '[]' | null) ;;
    *) fail "list --format json with no container: expected [] (or null), got '$OUT'" ;;
  esac
}

test_list_shows_stopped() {
  make_bundle b true
  ok st run --keep -b b "$CID"
  ok st list
  assert_eq "$(printf '%s\n' "$OUT" | awk -v id="$CID" '$1 == id { print $2, $3 }')" "0 stopped" "row of a stopped container"
  ok st delete "$CID"
}

# ---------------------------------------------------------------- kill

# Workload that logs the signals it traps to /shared/sigs.
trapping_bundle() {
  mkdir -p "$T/shared"
  make_bundle "$1" sh -c 'for s in TERM USR1 USR2 HUP INT; do trap "echo $s >> /shared/sigs" $s; done
    trap "echo TERM >> /shared/sigs; exit 0" TERM
    touch /shared/ready; while :; do sleep 0.05; done'
  add_bind "$1" "$T/shared" /shared
}

_sig_count() { [ "$(grep -c . "$T/shared/sigs" 2>/dev/null)" -ge "$1" ]; }

test_kill_default_is_sigterm() {
  trapping_bundle b
  ok st run -d -b b "$CID"
  wait_for "the workload to be ready" 10 test -e shared/ready
  ok st kill "$CID"
  wait_status "$CID" stopped
  assert_eq "$(cat shared/sigs)" TERM "signal the workload saw"
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_kill_signal_spellings() {
  local spec n=0
  trapping_bundle b
  ok st run -d -b b "$CID"
  wait_for "the workload to be ready" 10 test -e shared/ready
  for spec in USR1 SIGUSR1 10 SIGUSR2 USR2 HUP 1 SIGINT; do
    ok st kill "$CID" "$spec"
    n=$((n + 1))
    wait_for "signal $spec to reach the workload" 10 _sig_count "$n"
  done
  assert_eq "$(tr '\n' ' ' <shared/sigs)" "USR1 USR1 USR1 USR2 USR2 HUP HUP INT " "signals the workload saw"
  ok st kill "$CID" TERM
  wait_status "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_kill_sigkill() {
  local spec
  make_bundle b sleep 1000
  for spec in KILL SIGKILL 9; do
    ok st run -d -b b "$CID"
    get_init_pid "$CID"
    ok st kill "$CID" "$spec"
    wait_status "$CID" stopped
    wait_gone "$INIT_PID"
    ok st delete "$CID"
  done
  assert_no_container "$CID"
}

test_kill_created_container() {
  make_bundle b sleep 1000
  ok st create -b b "$CID"
  get_init_pid "$CID"
  ok st kill "$CID" KILL
  wait_status "$CID" stopped
  wait_gone "$INIT_PID"
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_kill_all() {
  mkdir shared
  make_bundle b sh -c '
    sh -c "trap \"echo child-USR1 >> /shared/log; exit 0\" USR1; touch /shared/child; while :; do sleep 0.05; done" &
    trap "echo init-USR1 >> /shared/log" USR1
    trap "exit 0" TERM
    while :; do sleep 0.05; done'
  add_bind b "$T/shared" /shared
  ok st run -d -b b "$CID"
  wait_for "the child process to be ready" 10 test -e shared/child
  ok st kill "$CID" USR1
  wait_for "the init to see USR1" 10 grep -q init-USR1 shared/log
  sleep 0.3
  assert_not_contains "$(cat shared/log)" child-USR1 "log after kill without --all"
  ok st kill --all "$CID" USR1
  wait_for "the child to see USR1 (kill --all)" 10 grep -q child-USR1 shared/log
  wait_for "the init to see USR1 again" 10 _init_usr1_twice
  ok st kill -a "$CID" KILL
  wait_status "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}
_init_usr1_twice() { [ "$(grep -c init-USR1 "$T/shared/log")" -ge 2 ]; }

test_kill_stopped_fails() {
  make_bundle b true
  ok st run --keep -b b "$CID"
  assert_fails st kill "$CID" KILL
  assert_one_line_error
  assert_status_is "$CID" stopped
  ok st delete "$CID"
}

# ---------------------------------------------------------------- delete

test_delete_created() {
  local pid
  make_bundle b sleep 1000
  ok st create -b b "$CID"
  get_init_pid "$CID"
  pid=$INIT_PID
  ok st delete "$CID"
  wait_gone "$pid"
  assert_no_container "$CID"
}

test_delete_running_needs_force() {
  local pid
  make_bundle b sleep 1000
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  pid=$INIT_PID
  assert_fails st delete "$CID"
  assert_one_line_error
  assert_status_is "$CID" running
  pid_alive "$pid" || fail "the init died after a refused delete"
  ok st delete --force "$CID"
  wait_gone "$pid"
  assert_no_container "$CID"
}

test_delete_force_kills_every_process() {
  mkdir shared
  make_bundle b sh -c 'sleep 1000 & sleep 1000 & touch /shared/ready; wait'
  add_bind b "$T/shared" /shared
  ok st run -d -b b "$CID"
  wait_for "the workload to be ready" 10 test -e shared/ready
  ok st delete -f "$CID"
  wait_for "container processes to exit" 10 _no_foreign_procs
  assert_no_container "$CID"
}
_no_foreign_procs() { [ -z "$(foreign_procs_in "$T")" ]; }

test_delete_force_unknown_is_silent() {
  ok st delete --force no-such-container
  assert_eq "$OUT$ERR" "" "output of delete --force of an unknown id"
  ok st delete -f no-such-container
}

test_delete_unknown_fails() {
  assert_fails st delete no-such-container
  assert_one_line_error
}

test_delete_stopped_after_run_detach() {
  make_bundle b sh -c 'exit 3'
  ok st run -d -b b "$CID"
  wait_status "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}
