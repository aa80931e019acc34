# shellcheck shell=bash
# stoke exec: a new process in a running (or created) container. It joins every namespace, the
# root and the cgroup of the container; its settings are the config's process with the command
# line's overrides, or a --process file; exit status, signals, detach, terminals; strict -u
# parsing; one-line errors with nothing started.

# _running DIR [CMD...]: a busybox bundle in DIR (default workload: sleep 1000), run detached
# as $CID; INIT_PID is its init.
_running() {
  local dir=$1
  shift
  [ $# -gt 0 ] || set -- sleep 1000
  make_bundle "$dir" "$@"
  ok st run -d -b "$dir" "$CID"
  get_init_pid "$CID"
}

# _gone: delete the container and check that nothing of it is left.
_gone() {
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

# _line N: line N of the last $OUT.
_line() { printf '%s\n' "$OUT" | sed -n "$1p"; }

# _status_field NAME: the value of NAME: in the /proc/PID/status text in $OUT.
_status_field() { printf '%s\n' "$OUT" | awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ +/, ""); print }'; }

_ns_script='for n in pid net ipc uts mnt cgroup user; do echo "$n $(readlink /proc/self/ns/$n)"; done'

# _assert_same_ns NS...: every NS listed by $_ns_script (in $OUT) is the init's.
_assert_same_ns() {
  local n got
  for n in "$@"; do
    got=$(printf '%s\n' "$OUT" | awk -v n="$n" '$1 == n { print $2 }')
    assert_eq "$got" "$(ns_link "$INIT_PID" "$n")" "$n namespace of the exec'd process (the init's)"
  done
}

# ---------------------------------------------------------------- what it joins

test_exec_joins_every_namespace() {
  _running b
  ok st exec "$CID" sh -c "$_ns_script"
  _assert_same_ns pid net ipc uts mnt cgroup
  # sanity: the container's namespaces are not the host's, so the comparison means something
  assert_ne "$(ns_link "$INIT_PID" pid)" "$(ns_link $$ pid)" "pid namespace of the init"
  assert_ne "$(ns_link "$INIT_PID" mnt)" "$(ns_link $$ mnt)" "mount namespace of the init"
  _gone
}

test_exec_joins_user_namespace() {
  make_bundle b sleep 1000
  cfg b '.linux.namespaces += [{"type": "user"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": 200000, "size": 65536}]'
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  ok st exec "$CID" sh -c "$_ns_script; id -u; id -g; cat /proc/self/uid_map"
  _assert_same_ns user pid net ipc uts mnt cgroup
  assert_ne "$(ns_link "$INIT_PID" user)" "$(ns_link $$ user)" "user namespace of the init"
  assert_eq "$(_line 8)" 0 "uid inside the user namespace"
  assert_eq "$(_line 9)" 0 "gid inside the user namespace"
  assert_eq "$(_line 10 | tr -s ' ' | sed 's/^ //')" "0 100000 65536" "uid_map seen by the exec'd process"
  _gone
}

test_exec_sees_container_root() {
  make_bundle b sleep 1000
  echo "inside-$CID" >b/rootfs/etc/marker
  echo host-only >"$T/host-only"
  ok st run -d -b b "$CID"
  ok st exec "$CID" sh -c 'cat /etc/marker; [ -e "$1" ] && echo host-visible; cat /proc/1/root/etc/marker' sh "$T/host-only"
  assert_eq "$OUT" "inside-$CID
inside-$CID" "files seen by the exec'd process (the container's, not the host's)"
  _gone
}

test_exec_sees_container_root_no_pivot() {
  make_bundle b sleep 1000
  echo "inside-$CID" >b/rootfs/etc/marker
  echo host-only >"$T/host-only"
  ok st run -d --no-pivot -b b "$CID"
  ok st exec "$CID" sh -c 'cat /etc/marker; [ -e "$1" ] && echo host-visible; ls -d /bin/busybox' sh "$T/host-only"
  assert_eq "$OUT" "inside-$CID
/bin/busybox" "files seen by the exec'd process in a --no-pivot container"
  _gone
}

test_exec_joins_cgroup() {
  local pid
  [ -n "$CG2" ] || skip "no cgroup2 hierarchy"
  _running b
  ok st exec -d --pid-file "$T/exec.pid" "$CID" sleep 1000
  pid=$(cat "$T/exec.pid")
  pid_alive "$pid" || fail "the detached process $pid is not running"
  assert_eq "$(cgroup2_of "$pid")" "$(cgroup2_of "$INIT_PID")" "cgroup of the exec'd process (host view)"
  assert_eq "$(cgroup2_of "$INIT_PID")" "/stoke/$CID" "cgroup of the init"
  assert_eq "$(cat "/proc/$pid/cgroup")" "$(cat "/proc/$INIT_PID/cgroup")" "/proc/PID/cgroup of the exec'd process"
  # and from inside, through the container's cgroup namespace
  ok st exec "$CID" sh -c 'cat /proc/self/cgroup; echo ---; cat /proc/1/cgroup'
  assert_eq "$(printf '%s\n' "$OUT" | sed -n '/^---$/q;p')" "$(printf '%s\n' "$OUT" | sed '1,/^---$/d')" \
    "/proc/self/cgroup vs /proc/1/cgroup inside"
  _gone
}

test_exec_setsid() {
  _running b
  # the shell reads its own stat (a redirection, no child): field 6 is the session id
  ok st exec "$CID" sh -c 'read -r l </proc/self/stat; set -- $l; echo "$$ $6"'
  # shellcheck disable=SC2086 # two numbers
  set -- $OUT
  [ $# -eq 2 ] || fail "unexpected output: $OUT"
  assert_eq "$2" "$1" "session id of the exec'd process (its own pid after setsid)"
  _gone
}

# ---------------------------------------------------------------- process settings

test_exec_uses_config_process() {
  make_bundle b sleep 1000
  cfg b '.process.env += ["FROM_CONFIG=yes"] | .process.cwd = "/etc"
    | .process.user = {"uid": 0, "gid": 0, "additionalGids": [3, 4]}
    | .process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 321, "hard": 654}]
    | .process.noNewPrivileges = true
    | .process.capabilities = {"bounding": ["CAP_CHOWN", "CAP_KILL"], "effective": ["CAP_CHOWN", "CAP_KILL"],
        "permitted": ["CAP_CHOWN", "CAP_KILL"]}'
  ok st run -d -b b "$CID"
  ok st exec "$CID" sh -c 'echo "env=$FROM_CONFIG"; pwd; ulimit -n; ulimit -Hn; cat /proc/self/status'
  assert_eq "$(_line 1)" env=yes "environment from the config"
  assert_eq "$(_line 2)" /etc "cwd from the config"
  assert_eq "$(_line 3)" 321 "soft RLIMIT_NOFILE from the config"
  assert_eq "$(_line 4)" 654 "hard RLIMIT_NOFILE from the config"
  assert_eq "$(_status_field CapBnd)" 0000000000000021 "bounding set from the config (CHOWN|KILL)"
  assert_eq "$(_status_field CapEff)" 0000000000000021 "effective set from the config"
  assert_eq "$(_status_field NoNewPrivs)" 1 "noNewPrivileges from the config"
  assert_eq "$(_status_field Groups)" "3 4" "additionalGids from the config"
  _gone
}

test_exec_user_from_config() {
  make_bundle b sleep 1000
  cfg b '.process.user = {"uid": 1234, "gid": 567}'
  ok st run -d -b b "$CID"
  ok st exec "$CID" sh -c 'id -u; id -g'
  assert_eq "$OUT" "1234
567" "uid and gid from the config"
  _gone
}

test_exec_args_replace_config_args() {
  _running b sh -c 'sleep 1000; echo from-config-args'
  ok st exec "$CID" echo only these 'two words'
  assert_eq "$OUT" "only these two words" "output of the exec'd command"
  _gone
}

test_exec_env_override() {
  make_bundle b sleep 1000
  cfg b '.process.env += ["KEEP=kept", "FOO=orig"]'
  ok st run -d -b b "$CID"
  ok st exec -e FOO=new -e NEWVAR='a b=c' "$CID" env
  assert_match "$OUT" '^FOO=new$' "FOO replaced by -e"
  assert_eq "$(printf '%s\n' "$OUT" | grep -c '^FOO=')" 1 "number of FOO entries"
  assert_match "$OUT" '^NEWVAR=a b=c$' "NEWVAR added by -e"
  assert_match "$OUT" '^KEEP=kept$' "other config variables kept"
  _gone
}

test_exec_cwd_override() {
  make_bundle b sleep 1000
  cfg b '.process.cwd = "/etc"'
  ok st run -d -b b "$CID"
  ok st exec --cwd /tmp "$CID" pwd
  assert_eq "$OUT" /tmp "cwd with --cwd"
  ok st exec "$CID" pwd
  assert_eq "$OUT" /etc "cwd without --cwd"
  _gone
}

test_exec_user_uid_gid() {
  _running b
  ok st exec -u 1000:1001 "$CID" sh -c 'id -u; id -g'
  assert_eq "$OUT" "1000
1001" "uid and gid with -u 1000:1001"
  _gone
}

test_exec_user_uid_keeps_config_gid() {
  make_bundle b sleep 1000
  cfg b '.process.user = {"uid": 0, "gid": 7}'
  ok st run -d -b b "$CID"
  ok st exec -u 1000 "$CID" sh -c 'id -u; id -g'
  assert_eq "$OUT" "1000
7" "uid and gid with -u 1000 (gid from the config)"
  _gone
}

test_exec_additional_gids() {
  _running b
  ok st exec -u 1000:1000 -g 5 -g 6 "$CID" grep '^Groups:' /proc/self/status
  assert_match "$OUT" '^Groups:[[:space:]]+5 6[[:space:]]*$' "supplementary groups with -g 5 -g 6"
  _gone
}

test_exec_cap_added() {
  _running b
  ok st exec "$CID" grep '^CapEff:' /proc/self/status
  # CAP_SYS_ADMIN is bit 21: 0x200000
  [ $((0x$(awk '{ print $2 }' <<<"$OUT") & 0x200000)) -eq 0 ] ||
    fail "CAP_SYS_ADMIN effective without -c (default spec): $OUT"
  ok st exec -c CAP_SYS_ADMIN "$CID" grep -E '^Cap(Eff|Bnd):' /proc/self/status
  [ $((0x$(_status_field CapEff) & 0x200000)) -ne 0 ] || fail "CAP_SYS_ADMIN not effective with -c: $OUT"
  [ $((0x$(_status_field CapBnd) & 0x200000)) -ne 0 ] || fail "CAP_SYS_ADMIN not in the bounding set with -c: $OUT"
  _gone
}

test_exec_no_new_privs() {
  make_bundle b sleep 1000
  cfg b '.process.noNewPrivileges = false'
  ok st run -d -b b "$CID"
  ok st exec "$CID" grep '^NoNewPrivs:' /proc/self/status
  assert_match "$OUT" '^NoNewPrivs:[[:space:]]+0$' "without --no-new-privs (config false)"
  ok st exec --no-new-privs "$CID" grep '^NoNewPrivs:' /proc/self/status
  assert_match "$OUT" '^NoNewPrivs:[[:space:]]+1$' "with --no-new-privs"
  _gone
}

test_exec_process_file() {
  make_bundle b sleep 1000
  cfg b '.process.env += ["FROM_CONFIG=yes"] | .process.cwd = "/etc"'
  ok st run -d -b b "$CID"
  cat >"$T/process.json" <<'EOF'
{
  "args": ["sh", "-c", "echo \"args=$0 $1\"; id -u; id -g; pwd; env | sort; grep -E '^Cap(Eff|Bnd):' /proc/self/status", "first", "second"],
  "env": ["PATH=/bin", "ONLY=from-file"],
  "cwd": "/tmp",
  "user": {"uid": 0, "gid": 3},
  "capabilities": {"bounding": ["CAP_CHOWN", "CAP_KILL"], "effective": ["CAP_CHOWN", "CAP_KILL"],
    "permitted": ["CAP_CHOWN", "CAP_KILL"]}
}
EOF
  ok st exec --process "$T/process.json" "$CID"
  assert_eq "$(_line 1)" "args=first second" "args from the file"
  assert_eq "$(_line 2)" 0 "uid from the file"
  assert_eq "$(_line 3)" 3 "gid from the file"
  assert_eq "$(_line 4)" /tmp "cwd from the file"
  assert_match "$OUT" '^ONLY=from-file$' "env from the file"
  assert_no_match "$OUT" '^FROM_CONFIG=' "env (the config's process must not be merged in)"
  assert_eq "$(_status_field CapBnd)" 0000000000000021 "bounding set from the file"
  assert_eq "$(_status_field CapEff)" 0000000000000021 "effective set from the file"
  # -p is the short form
  ok st exec -p "$T/process.json" "$CID"
  assert_eq "$(_line 1)" "args=first second" "args from the file with -p"
  _gone
}

test_exec_preserve_fds() {
  _running b
  echo through-fd-3 >"$T/fd3"
  ok st exec --preserve-fds 1 "$CID" sh -c 'cat <&3; ls /proc/self/fd' 3<"$T/fd3"
  assert_eq "$(_line 1)" through-fd-3 "content read from fd 3"
  assert_contains " $(printf '%s' "$OUT" | sed 1d | tr '\n' ' ') " " 3 " "fds of the exec'd process"
  ok st exec "$CID" sh -c 'cat <&3 2>/dev/null || echo no-fd-3' 3<"$T/fd3"
  assert_eq "$OUT" no-fd-3 "fd 3 without --preserve-fds"
  _gone
}

test_exec_no_stoke_fds() {
  # CVE-2024-21626: nothing of stoke's (state dir, cgroup dir, sync socket, namespace fds) and
  # nothing the caller left open may reach the exec'd process.
  _running b
  echo x >"$T/caller-in"
  ok st exec "$CID" ls /proc/self/fd 7<"$T/caller-in" 8>>"$T/caller-out"
  # ls itself holds one fd on the directory it lists (3)
  assert_eq "$(printf '%s' "$OUT" | tr '\n' ' ')" "0 1 2 3" "fds seen by the exec'd process"
  ok st exec "$CID" sh -c 'for f in /proc/self/fd/*; do readlink "$f"; done; true'
  assert_no_match "$OUT" "$STOKE_ROOT_DIR|/sys/fs/cgroup|socket:|nsfs|:\\[" "targets of the exec'd process' fds"
  _gone
}

# ---------------------------------------------------------------- terminal

test_exec_tty_foreground_under_script() {
  need script
  _running b
  try script -qec "$(printf '%q ' "$STOKE" --root "$STOKE_ROOT_DIR" exec -t "$CID" \
    sh -c 'tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty; exit 4')" /dev/null
  assert_eq "$RC" 4 "exit status of exec -t under script"
  # Not anchored: when script's own stdin ends it types a NUL into the terminal, and a slow
  # (sanitizer) build is still running when the tty echoes it as ^@ before tty's output.
  assert_match "$OUT" '/dev/pts/[0-9]+' "output of tty in the exec'd process"
  assert_contains "$OUT" all-tty "stdin, stdout and stderr are the terminal"
  _gone
}

test_exec_tty_console_socket_detached() {
  local rpid rc
  [ -x "$HELPERS/recvtty" ] || fail "helper $HELPERS/recvtty was not built"
  _running b
  sock_path tty.sock
  (cd / && exec "$HELPERS/recvtty" -t 20 "$SOCK") >"$T/tty.out" 2>"$T/tty.err" &
  rpid=$!
  wait_for "recvtty to listen on $SOCK" 10 test -S "$SOCK"
  ok st exec -t -d --console-socket "$SOCK" "$CID" sh -c 'tty; [ -t 0 ] && echo stdin-tty; echo exec-done'
  wait "$rpid"
  rc=$?
  [ "$rc" -eq 0 ] || fail "recvtty exited $rc: $(cat "$T/tty.err")"
  assert_match "$(cat "$T/tty.err")" '^recvtty: pts [0-9]+$' "what recvtty received"
  assert_match "$(cat "$T/tty.out")" '^/dev/pts/[0-9]+' "output of tty in the exec'd process"
  assert_contains "$(cat "$T/tty.out")" stdin-tty "stdin is the terminal"
  assert_contains "$(cat "$T/tty.out")" exec-done "output of the exec'd process"
  _gone
}

# ---------------------------------------------------------------- exit status, signals, detach

test_exec_exit_status() {
  _running b
  assert_status 9 st exec "$CID" sh -c 'exit 9'
  assert_status 0 st exec "$CID" true
  assert_status 1 st exec "$CID" false
  assert_status_is "$CID" running
  _gone
}

test_exec_killed_by_signal_status() {
  _running b
  assert_status 137 st exec "$CID" sh -c 'kill -KILL $$'
  assert_status 143 st exec "$CID" sh -c 'kill -TERM $$'
  _gone
}

test_exec_forwards_signals() {
  local pid rc
  _running b
  st_bg exec "$CID" sh -c 'trap "echo got-term; exit 3" TERM; trap "echo got-usr1" USR1; echo ready; while :; do sleep 0.05; done' \
    >"$T/exec.out" 2>&1
  pid=$!
  wait_for "the exec'd shell to set its traps" 10 grep -q ready "$T/exec.out"
  kill -USR1 "$pid"
  wait_for "SIGUSR1 to reach the exec'd shell" 10 grep -q got-usr1 "$T/exec.out"
  kill -TERM "$pid"
  wait "$pid"
  rc=$?
  assert_eq "$rc" 3 "exit status of stoke exec after SIGTERM (the shell's trap exits 3)"
  assert_contains "$(cat "$T/exec.out")" got-term "output of the exec'd shell"
  _gone
}

test_exec_detach_pid_file() {
  local pid
  _running b
  ok timeout -k 2 10 "$STOKE" --root "$STOKE_ROOT_DIR" exec -d --pid-file "$T/exec.pid" "$CID" sleep 1000
  assert_eq "$OUT" "" "stdout of exec -d"
  pid=$(cat "$T/exec.pid")
  assert_match "$pid" '^[1-9][0-9]*$' "pid file content"
  assert_eq "$(wc -l <"$T/exec.pid")" 0 "newlines in the pid file"
  pid_alive "$pid" || fail "the detached process $pid is not running"
  assert_eq "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 1000 " "command line of the pid in the pid file"
  assert_eq "$(ns_link "$pid" pid)" "$(ns_link "$INIT_PID" pid)" "pid namespace of the detached process"
  assert_eq "$(ns_link "$pid" mnt)" "$(ns_link "$INIT_PID" mnt)" "mount namespace of the detached process"
  # relative pid file: resolved against the caller's cwd
  ok st exec -d --pid-file rel.pid "$CID" sleep 1000
  assert_match "$(cat "$T/rel.pid" 2>/dev/null)" '^[1-9][0-9]*$' "relative pid file"
  _gone
}

test_exec_delete_force_kills_detached() {
  local pid
  _running b
  ok st exec -d --pid-file "$T/exec.pid" "$CID" sleep 1000
  pid=$(cat "$T/exec.pid")
  pid_alive "$pid" || fail "the detached process $pid is not running"
  ok st delete -f "$CID"
  wait_gone "$pid" 10
  assert_no_container "$CID"
}

test_exec_without_pid_namespace() {
  # a container in the host's pid namespace: the exec'd process is stoke's direct child
  local pid
  make_bundle b sleep 1000
  cfg b '.linux.namespaces |= map(select(.type != "pid"))'
  ok st run -d -b b "$CID"
  try timeout -k 2 10 "$STOKE" --root "$STOKE_ROOT_DIR" exec -d --pid-file "$T/exec.pid" "$CID" sleep 1000
  [ "$RC" -eq 0 ] || fail "exec -d into a container without a pid namespace exited $RC (124/137: it did not return while the process ran): $(_tail_err)"
  pid=$(cat "$T/exec.pid" 2>/dev/null)
  pid_alive "$pid" || fail "the detached process '$pid' is not running"
  try timeout -k 2 10 "$STOKE" --root "$STOKE_ROOT_DIR" exec "$CID" sh -c 'echo hello; exit 9'
  assert_eq "$OUT" hello "output of a foreground exec"
  [ "$RC" -ne 124 ] && [ "$RC" -ne 137 ] ||
    fail "foreground exec into a container without a pid namespace did not return after its process exited (status $RC)"
  assert_eq "$RC" 9 "exit status of a foreground exec into a container without a pid namespace"
  _gone
  wait_gone "$pid" 10
}

test_exec_created_container() {
  # runc allows exec before start; the container stays `created`
  make_bundle b sh -c 'echo workload-ran > /out/workload'
  mkdir "$T/out"
  add_bind b "$T/out" /out
  ok st create -b b "$CID"
  ok st exec "$CID" sh -c 'echo exec-ran; echo $$ > /out/exec'
  assert_eq "$OUT" exec-ran "output of exec into a created container"
  assert_status_is "$CID" created
  assert_no_file "$T/out/workload" "output of the workload (it must not start)"
  _gone
}

test_exec_cgroup_sub() {
  local sub
  [ -n "$CG2" ] || skip "no cgroup2 hierarchy"
  _running b
  sub=$CG_STOKE/$CID/sub
  mkdir "$sub" || fail "cannot create $sub"
  ok st exec --cgroup sub "$CID" sh -c 'cat /proc/self/cgroup'
  assert_match "$OUT" '^0::/sub$' "cgroup of a process exec'd with --cgroup sub (cgroup namespace view)"
  assert_fails st exec --cgroup nosuch "$CID" true
  assert_one_line_error
  rmdir "$sub"
  _gone
}

test_exec_cgroup_sub_removed_by_delete() {
  # runc's delete removes the container's cgroup with whatever sub-cgroups were made in it
  # (for `exec --cgroup`, or by the container through its cgroup namespace)
  local pid
  [ -n "$CG2" ] || skip "no cgroup2 hierarchy"
  _running b
  mkdir "$CG_STOKE/$CID/sub" || fail "cannot create the sub-cgroup"
  ok st exec -d --pid-file "$T/exec.pid" --cgroup sub "$CID" sleep 1000
  pid=$(cat "$T/exec.pid")
  assert_eq "$(cgroup2_of "$pid")" "/stoke/$CID/sub" "host cgroup of the detached process"
  try st delete -f "$CID"
  if [ "$RC" -ne 0 ]; then
    rmdir "$CG_STOKE/$CID/sub" 2>/dev/null
    st delete -f "$CID" >/dev/null 2>&1
    fail "delete -f with a sub-cgroup exited $RC: $(_tail_err)"
  fi
  wait_gone "$pid" 10
  assert_no_container "$CID"
}

test_exec_paused_container_refused() {
  [ -n "$CG2" ] || skip "no cgroup2 hierarchy"
  _running b
  [ -e "$CG_STOKE/$CID/cgroup.freeze" ] || skip "no cgroup.freeze"
  echo 1 >"$CG_STOKE/$CID/cgroup.freeze"
  assert_fails st exec "$CID" true
  assert_one_line_error
  assert_contains "$ERR" paused "error"
  echo 0 >"$CG_STOKE/$CID/cgroup.freeze"
  ok st exec "$CID" true
  _gone
}

# ---------------------------------------------------------------- strict -u (CVE-2026-30892)

test_exec_user_strict_parsing() {
  local u
  make_bundle b sleep 1000
  mkdir "$T/out"
  add_bind b "$T/out" /out
  ok st run -d -b b "$CID"
  for u in 1000:abc abc '' 1000: -1 4294967295 :1000 '1000 ' ' 1000' +1000 0x10 1e3 1000:1000:1 \
    1000:-1 1000:4294967295 99999999999999999999 root 1000:root; do
    assert_fails st exec -u "$u" "$CID" sh -c 'touch /out/ran'
    assert_one_line_error
    assert_no_file "$T/out/ran" "marker (the command ran with -u '$u')"
  done
  # the largest valid id still works
  ok st exec -u 4294967294:4294967294 "$CID" id -u
  assert_eq "$OUT" 4294967294 "uid with -u 4294967294"
  _gone
}

# ---------------------------------------------------------------- errors

# _exec_fails ARGS...: stoke exec ARGS fails with one line and runs nothing (the command, if
# any, would have created $T/out/ran).
_exec_fails() {
  assert_fails st exec "$@"
  assert_one_line_error
  assert_no_file "$T/out/ran" "marker (the command ran)"
}

# _running_out: _running with $T/out bind-mounted on /out.
_running_out() {
  make_bundle b sleep 1000
  mkdir -p "$T/out"
  add_bind b "$T/out" /out
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
}

test_exec_err_stopped_container() {
  make_bundle b true
  mkdir -p "$T/out"
  add_bind b "$T/out" /out
  ok st run -d -b b "$CID"
  wait_status "$CID" stopped
  _exec_fails "$CID" sh -c 'touch /out/ran'
  assert_status_is "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_exec_err_unknown_container() {
  mkdir -p "$T/out"
  _exec_fails "$CID-nosuch" true
  _exec_fails ../x true
  _exec_fails '' true
}

test_exec_err_missing_id_and_command() {
  _running_out
  _exec_fails
  _exec_fails "$CID"
  _exec_fails -e A=b "$CID"
  _gone
}

test_exec_err_missing_executable() {
  _running_out
  _exec_fails "$CID" /no/such/program
  _exec_fails "$CID" no-such-program-in-path
  _gone
}

test_exec_err_not_executable() {
  _running_out
  _exec_fails "$CID" /etc/passwd
  _exec_fails "$CID" /etc
  _gone
}

test_exec_err_cgroup_outside() {
  _running_out
  _exec_fails --cgroup ../x "$CID" sh -c 'touch /out/ran'
  _exec_fails --cgroup sub/../../x "$CID" sh -c 'touch /out/ran'
  _exec_fails --cgroup /x "$CID" sh -c 'touch /out/ran'
  _exec_fails --cgroup .. "$CID" sh -c 'touch /out/ran'
  _gone
}

test_exec_err_detached_tty_without_console_socket() {
  _running_out
  _exec_fails -t -d "$CID" sh -c 'touch /out/ran'
  _gone
}

test_exec_err_console_socket_without_tty() {
  local rpid
  [ -x "$HELPERS/recvtty" ] || fail "helper $HELPERS/recvtty was not built"
  _running_out
  sock_path tty.sock
  (cd / && exec "$HELPERS/recvtty" -t 20 "$SOCK") >"$T/tty.out" 2>"$T/tty.err" &
  rpid=$!
  wait_for "recvtty to listen on $SOCK" 10 test -S "$SOCK"
  _exec_fails --console-socket "$SOCK" -d "$CID" sh -c 'touch /out/ran'
  _exec_fails --console-socket "$SOCK" "$CID" sh -c 'touch /out/ran'
  kill "$rpid" 2>/dev/null
  wait "$rpid" 2>/dev/null
  rm -f "$SOCK"
  _gone
}

test_exec_err_process_file_malformed() {
  _running_out
  printf '{"args": ["sh", "-c", "touch /out/ran"], "cwd": "/", ' >"$T/truncated.json"
  _exec_fails --process "$T/truncated.json" "$CID"
  assert_contains "$ERR" truncated.json "error (names the file)"
  printf '{"args": ["sh", "-c", "touch /out/ran"], "cwd": "/", "user": {"uid": "zero", "gid": 0}}' >"$T/badtype.json"
  _exec_fails --process "$T/badtype.json" "$CID"
  assert_contains "$ERR" badtype.json "error (names the file)"
  assert_contains "$ERR" user.uid "error (names the JSON path)"
  printf '{"args": "sh -c touch /out/ran", "cwd": "/", "user": {"uid": 0, "gid": 0}}' >"$T/args.json"
  _exec_fails --process "$T/args.json" "$CID"
  assert_contains "$ERR" args "error (names the JSON path)"
  _exec_fails --process "$T/no-such-file.json" "$CID"
  assert_contains "$ERR" no-such-file.json "error (names the file)"
  _gone
}

test_exec_err_unknown_capability() {
  _running_out
  _exec_fails -c CAP_NO_SUCH_THING "$CID" sh -c 'touch /out/ran'
  assert_contains "$ERR" CAP_NO_SUCH_THING "error (names the capability)"
  _exec_fails -c SYS_ADMINN "$CID" sh -c 'touch /out/ran'
  _gone
}
