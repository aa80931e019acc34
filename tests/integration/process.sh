# shellcheck shell=bash
# The user process: args, env, cwd, user, umask, stdio, inherited fds, capabilities, rlimits.

test_pid_is_1() {
  make_bundle b sh -c 'echo $$; read -r c </proc/1/comm; echo "$c"'
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" 1 "pid of the workload"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 2p)" sh "comm of pid 1"
}

test_args_verbatim() {
  # shellcheck disable=SC2016
  make_bundle b sh -c 'for a in "$@"; do printf "[%s]" "$a"; done' sh 'a b' '*' '$HOME' '' "it's" 'x
y'
  ok st run -b b "$CID"
  assert_eq "$OUT" "[a b][*][\$HOME][][it's][x
y]" "arguments seen by the workload"
}

test_args_resolved_in_path() {
  make_bundle b busybox echo resolved
  cfg b '.process.env = ["PATH=/nowhere:/bin"]'
  ok st run -b b "$CID"
  assert_eq "$OUT" resolved
}

test_env() {
  make_bundle b sh -c 'env | sort'
  cfg b '.process.env = ["PATH=/bin", "A=1", "B=two words", "EMPTY=", "EQ=a=b"]'
  ok st run -b b "$CID"
  assert_match "$OUT" '^A=1$' env
  assert_match "$OUT" '^B=two words$' env
  assert_match "$OUT" '^EMPTY=$' env
  assert_match "$OUT" '^EQ=a=b$' env
  assert_match "$OUT" '^PATH=/bin$' env
  assert_no_match "$OUT" '^STOKE_ROOT_DIR=' "env (the runtime's environment leaked into the container)"
}

test_env_home_set_when_missing() {
  # runc sets HOME from /etc/passwd when process.env has none
  make_bundle b sh -c 'echo "home=$HOME"'
  cfg b '.process.env = ["PATH=/bin"]'
  ok st run -b b "$CID"
  assert_eq "$OUT" home=/root HOME
}

test_cwd() {
  make_bundle b pwd
  cfg b '.process.cwd = "/etc"'
  ok st run -b b "$CID"
  assert_eq "$OUT" /etc cwd
}

test_cwd_created_when_missing() {
  make_bundle b pwd
  cfg b '.process.cwd = "/does/not/exist"'
  assert_no_file b/rootfs/does
  ok st run -b b "$CID"
  assert_eq "$OUT" /does/not/exist cwd
}

test_user_uid_gid() {
  make_bundle b sh -c 'id -u; id -g; id -G'
  cfg b '.process.user = {"uid": 1000, "gid": 1001}'
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" 1000 uid
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 2p)" 1001 gid
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 3p)" 1001 "groups (no supplementary groups left from the runtime)"
}

test_user_additional_gids() {
  make_bundle b sh -c 'id -G; grep ^Groups: /proc/self/status'
  cfg b '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [10, 20, 30]}'
  ok st run -b b "$CID"
  assert_match "$(printf '%s\n' "$OUT" | sed -n 2p)" '^Groups:[[:space:]]+10 20 30[[:space:]]*$' "supplementary groups"
}

test_user_root_capabilities_kept() {
  make_bundle b sh -c 'grep ^CapEff: /proc/self/status'
  ok st run -b b "$CID"
  assert_ne "$(awk '{ print $2 }' <<<"$OUT")" 0000000000000000 "effective capabilities of root with the default spec"
}

test_user_nonroot_no_effective_caps() {
  make_bundle b sh -c 'grep ^CapEff: /proc/self/status'
  cfg b '.process.user = {"uid": 1000, "gid": 1000}'
  ok st run -b b "$CID"
  assert_eq "$(awk '{ print $2 }' <<<"$OUT")" 0000000000000000 "effective capabilities of uid 1000"
}

test_umask() {
  make_bundle b sh -c 'umask; touch /tmp/f; stat -c %a /tmp/f'
  add_tmp b
  cfg b '.process.user.umask = 63' # 0077
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" 0077 umask
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 2p)" 600 "mode of a new file"
}

test_umask_default() {
  make_bundle b sh -c 'umask'
  ok st run -b b "$CID"
  assert_eq "$OUT" 0022 "default umask"
}

test_capabilities_restricted() {
  # As root, exec makes the effective and permitted sets follow the bounding set.
  make_bundle b sh -c 'grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb):" /proc/self/status'
  cfg b '.process.capabilities = {"bounding": ["CAP_CHOWN", "CAP_KILL"], "effective": ["CAP_CHOWN", "CAP_KILL"],
    "permitted": ["CAP_CHOWN", "CAP_KILL"], "inheritable": [], "ambient": []}'
  ok st run -b b "$CID"
  assert_match "$OUT" '^CapBnd:[[:space:]]+0000000000000021$' "bounding set (CHOWN|KILL)"
  assert_match "$OUT" '^CapEff:[[:space:]]+0000000000000021$' "effective set"
  assert_match "$OUT" '^CapPrm:[[:space:]]+0000000000000021$' "permitted set"
  assert_match "$OUT" '^CapInh:[[:space:]]+0000000000000000$' "inheritable set"
}

test_capabilities_ambient_nonroot() {
  # A non-root user keeps exactly the ambient capabilities across exec.
  make_bundle b sh -c 'grep -E "^Cap(Eff|Amb):" /proc/self/status'
  cfg b '.process.user = {"uid": 1000, "gid": 1000}
    | .process.capabilities = {"bounding": ["CAP_NET_BIND_SERVICE", "CAP_KILL"],
        "effective": ["CAP_NET_BIND_SERVICE"], "permitted": ["CAP_NET_BIND_SERVICE"],
        "inheritable": ["CAP_NET_BIND_SERVICE"], "ambient": ["CAP_NET_BIND_SERVICE"]}'
  ok st run -b b "$CID"
  assert_match "$OUT" '^CapAmb:[[:space:]]+0000000000000400$' "ambient set (NET_BIND_SERVICE)"
  assert_match "$OUT" '^CapEff:[[:space:]]+0000000000000400$' "effective set of uid 1000"
}

test_capabilities_enforced() {
  make_bundle b sh -c 'touch /tmp/f && chown 1000 /tmp/f && echo chown-ok; mknod /tmp/n c 1 3 && echo mknod-ok; true'
  add_tmp b
  cfg b '.process.capabilities = {"bounding": ["CAP_CHOWN"], "effective": ["CAP_CHOWN"], "permitted": ["CAP_CHOWN"]}'
  ok st run -b b "$CID"
  assert_contains "$OUT" chown-ok "output (CAP_CHOWN granted)"
  assert_not_contains "$OUT" mknod-ok "output (CAP_MKNOD not granted)"
}

test_no_new_privileges() {
  make_bundle b sh -c 'grep ^NoNewPrivs: /proc/self/status'
  cfg b '.process.noNewPrivileges = true'
  ok st run -b b "$CID"
  assert_match "$OUT" '^NoNewPrivs:[[:space:]]+1$' "with noNewPrivileges"
  cfg b '.process.noNewPrivileges = false'
  ok st run -b b "$CID"
  assert_match "$OUT" '^NoNewPrivs:[[:space:]]+0$' "without noNewPrivileges"
}

test_rlimits() {
  make_bundle b sh -c 'ulimit -n; ulimit -Hn; ulimit -c'
  cfg b '.process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 321, "hard": 654},
    {"type": "RLIMIT_CORE", "soft": 0, "hard": 0}]'
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | tr '\n' ' ')" "321 654 0 " "ulimit -n, -Hn, -c"
}

test_oom_score_adj() {
  make_bundle b cat /proc/self/oom_score_adj
  cfg b '.process.oomScoreAdj = 123'
  ok st run -b b "$CID"
  assert_eq "$OUT" 123 oom_score_adj
}

test_stdin_stdout_pipes() {
  # Foreground run with terminal false: the workload reads our pipe and writes to our pipe
  # (runc relays through pipes of its own; stoke may hand over the caller's): bytes arrive
  # intact, EOF on stdin reaches the workload, and it sees pipes, not a terminal.
  # Read the shell's links before any redirection applies (busybox may run readlink inside the
  # shell, with fd 1 already pointing at stderr).
  make_bundle b sh -c 'i=$(readlink /proc/$$/fd/0); o=$(readlink /proc/$$/fd/1); echo "$i" >&2; echo "$o" >&2; cat'
  printf 'line1\n\000\001\377binary\ntail-without-newline' >"$T/in"
  st run -b b "$CID" <"$T/in" 2>"$T/err" | cat >"$T/out"
  cmp -s "$T/in" "$T/out" || fail "stdout of cat in the container differs from its stdin ($(od -c "$T/out" | head -n 3 | tr '\n' ' '))"
  assert_match "$(sed -n 1p "$T/err")" '^(pipe:|/)' "stdin of the workload"
  assert_match "$(sed -n 2p "$T/err")" '^pipe:' "stdout of the workload"
  assert_no_container "$CID"
}

test_stdio_passed_through_create() {
  # create hands the caller's fds to the workload untouched: the very same pipes.
  local reader
  make_bundle b sh -c 'readlink /proc/self/fd/0; readlink /proc/self/fd/1; cat'
  st create -b b "$CID" \
    < <(readlink "/proc/$BASHPID/fd/1" >"$T/writer"; echo via-stdin) \
    > >(readlink "/proc/$BASHPID/fd/0" >"$T/reader"; cat >"$T/out") 2>"$T/err" ||
    fail "create failed: $(cat "$T/err")"
  reader=$!
  ok st start "$CID"
  wait_status "$CID" stopped
  wait "$reader"
  assert_match "$(cat "$T/writer")" '^pipe:' "our stdin pipe"
  assert_eq "$(sed -n 1p "$T/out")" "$(cat "$T/writer")" "stdin of the workload (the caller's pipe)"
  assert_eq "$(sed -n 2p "$T/out")" "$(cat "$T/reader")" "stdout of the workload (the caller's pipe)"
  assert_eq "$(sed -n 3p "$T/out")" via-stdin "data read from stdin"
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_stdio_not_a_tty_without_terminal() {
  make_bundle b sh -c '[ -t 0 ] && echo stdin-tty; [ -t 1 ] && echo stdout-tty; echo done'
  ok st run -b b "$CID" </dev/null
  assert_eq "$OUT" "done" "output"
}

test_preserve_fds() {
  echo "via fd 3" >"$T/data"
  make_bundle b sh -c 'cat <&3'
  try st run --preserve-fds 1 -b b "$CID" 3<"$T/data"
  [ "$RC" -eq 0 ] || fail "run --preserve-fds 1 exited $RC: $ERR"
  assert_eq "$OUT" "via fd 3" "read from fd 3"
}

test_preserve_fds_two() {
  echo three >"$T/d3"
  echo four >"$T/d4"
  make_bundle b sh -c 'cat <&3; cat <&4; [ -e /proc/self/fd/5 ] && echo fd5-open; true'
  try st run --preserve-fds 2 -b b "$CID" 3<"$T/d3" 4<"$T/d4" 5<"$T/d4"
  [ "$RC" -eq 0 ] || fail "run --preserve-fds 2 exited $RC: $ERR"
  assert_eq "$OUT" "three
four" "read from fds 3 and 4 (fd 5 closed)"
}

test_extra_fds_closed_without_preserve() {
  echo secret >"$T/data"
  make_bundle b sh -c 'for f in 3 4 5 6 7 8 9; do [ -e /proc/self/fd/$f ] && echo "fd $f open"; done; echo end'
  ok st run -b b "$CID" 3<"$T/data" 7<"$T/data"
  assert_eq "$OUT" end "fds above 2 in the workload"
}

test_listen_fds() {
  echo "socket stand-in" >"$T/data"
  make_bundle b sh -c 'echo "LISTEN_FDS=$LISTEN_FDS LISTEN_PID=$LISTEN_PID"; cat <&3'
  # LISTEN_PID names the runtime's own pid, as systemd would set it.
  try env LISTEN_FDS=1 sh -c 'LISTEN_PID=$$; export LISTEN_PID; exec "$@"' sh \
    "$STOKE" --root "$STOKE_ROOT_DIR" run -b b "$CID" 3<"$T/data"
  [ "$RC" -eq 0 ] || fail "run with LISTEN_FDS=1 exited $RC: $ERR"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 1p)" "LISTEN_FDS=1 LISTEN_PID=1" "environment of the workload"
  assert_eq "$(printf '%s\n' "$OUT" | sed -n 2p)" "socket stand-in" "read from fd 3"
}

test_no_new_keyring() {
  make_bundle b sh -c 'cat /proc/keys'
  cfg b '.linux.maskedPaths -= ["/proc/keys"]'
  ok st run -b b "$CID"
  assert_match "$OUT" " keyring +(_ses\.)?$CID: " "/proc/keys (a new session keyring named after the container)"
  ok st run --no-new-keyring -b b "$CID-nk"
  assert_no_match "$OUT" " keyring +(_ses\.)?$CID-nk: " "/proc/keys with --no-new-keyring"
}

test_exec_replaces_init() {
  # The workload is exec'd as pid 1: no runtime process stays in the container.
  make_bundle b sh -c 'ls /proc | grep -E "^[0-9]+$" | sort -n | tr "\n" " "'
  ok st run -b b "$CID"
  # pid 1 (sh) and the pipeline's own processes only; nothing below them.
  assert_match "$OUT" '^1 ' "pids in the container"
  for p in $OUT; do
    [ "$p" -eq 1 ] && continue
    [ "$p" -gt 1 ] && [ "$p" -lt 10 ] || fail "unexpected process $p in the container: $OUT"
  done
}

test_passwd_fifo_does_not_hang() {
  # A hostile image's /etc/passwd (read for HOME) may be a FIFO: stoke must not block on it.
  make_bundle b sh -c 'echo "home=$HOME"'
  rm -f b/rootfs/etc/passwd
  mkfifo b/rootfs/etc/passwd
  try timeout 10 "$STOKE" --root "$STOKE_ROOT_DIR" run -b b "$CID"
  assert_eq "$RC" 0 "run with a FIFO for /etc/passwd (124: it hung)"
  assert_eq "$OUT" "home=/" "HOME when /etc/passwd is unreadable"
}
