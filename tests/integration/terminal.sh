# shellcheck shell=bash
# Terminals: --console-socket (the pty master sent with SCM_RIGHTS), foreground relay.

RECVTTY_PID=

# _recvtty [recvtty options]: start the helper on $SOCK, output in $T/tty.out / $T/tty.err.
_recvtty() {
  [ -x "$HELPERS/recvtty" ] || fail "helper $HELPERS/recvtty was not built"
  sock_path tty.sock
  (cd / && exec "$HELPERS/recvtty" -t 20 "$@" "$SOCK") >"$T/tty.out" 2>"$T/tty.err" &
  RECVTTY_PID=$!
  wait_for "recvtty to listen on $SOCK" 10 test -S "$SOCK"
}

_wait_recvtty() {
  local rc
  wait "$RECVTTY_PID"
  rc=$?
  [ "$rc" -eq 0 ] || fail "recvtty exited $rc: $(cat "$T/tty.err")"
}

test_console_socket_run_detached() {
  make_bundle b sh -c 'tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty'
  cfg b '.process.terminal = true'
  _recvtty
  ok st run -d --console-socket "$SOCK" -b b "$CID"
  _wait_recvtty
  assert_match "$(cat "$T/tty.err")" '^recvtty: pts [0-9]+$' "what recvtty received"
  assert_contains "$(cat "$T/tty.out")" /dev/pts/0 "output of tty in the container"
  assert_contains "$(cat "$T/tty.out")" all-tty "stdin, stdout and stderr are the terminal"
  wait_status "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_console_socket_create_start() {
  make_bundle b sh -c 'tty; echo "pid=$$"'
  cfg b '.process.terminal = true'
  _recvtty
  ok st create --console-socket "$SOCK" -b b "$CID"
  assert_status_is "$CID" created
  ok st start "$CID"
  _wait_recvtty
  assert_contains "$(cat "$T/tty.out")" /dev/pts/0 "output of tty in the container"
  assert_contains "$(cat "$T/tty.out")" "pid=1" "output of the container"
  wait_status "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_console_socket_input() {
  make_bundle b sh
  cfg b '.process.terminal = true'
  _recvtty -i $'echo "sum=$((40 + 2))"\nexit 6\n'
  ok st run -d --console-socket "$SOCK" -b b "$CID"
  _wait_recvtty
  assert_contains "$(cat "$T/tty.out")" "sum=42" "output of the interactive shell"
  wait_status "$CID" stopped
  ok st delete "$CID"
  assert_no_container "$CID"
}

test_console_size() {
  make_bundle b stty size
  cfg b '.process.terminal = true | .process.consoleSize = {"height": 33, "width": 111}'
  _recvtty
  ok st run -d --console-socket "$SOCK" -b b "$CID"
  _wait_recvtty
  assert_contains "$(cat "$T/tty.out")" "33 111" "stty size in the container"
  wait_status "$CID" stopped
  ok st delete "$CID"
}

test_console_is_controlling_terminal() {
  # the shell can open /dev/tty only if the pty is its controlling terminal
  make_bundle b sh -c 'echo via-dev-tty > /dev/tty && echo ctty-ok'
  cfg b '.process.terminal = true'
  _recvtty
  ok st run -d --console-socket "$SOCK" -b b "$CID"
  _wait_recvtty
  assert_contains "$(cat "$T/tty.out")" via-dev-tty "output written to /dev/tty"
  assert_contains "$(cat "$T/tty.out")" ctty-ok "output"
  wait_status "$CID" stopped
  ok st delete "$CID"
}

test_terminal_detached_without_socket_fails() {
  make_bundle b true
  cfg b '.process.terminal = true'
  assert_fails st run -d -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
  assert_fails st create -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}

test_console_socket_without_terminal_fails() {
  make_bundle b true
  _recvtty
  assert_fails st create --console-socket "$SOCK" -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
  kill "$RECVTTY_PID" 2>/dev/null
  wait "$RECVTTY_PID" 2>/dev/null
  rm -f "$SOCK"
}

test_terminal_foreground_under_script() {
  need script
  make_bundle b sh -c 'tty; [ -t 0 ] && echo stdin-is-tty; exit 4'
  cfg b '.process.terminal = true'
  try script -qec "$(printf '%q ' "$STOKE" --root "$STOKE_ROOT_DIR" run -b "$T/b" "$CID")" /dev/null
  assert_eq "$RC" 4 "exit status of run under script"
  assert_contains "$OUT" /dev/pts/0 "output of tty in the container"
  assert_contains "$OUT" stdin-is-tty "output"
  assert_no_container "$CID"
}

test_terminal_foreground_interactive_under_script() {
  need script
  make_bundle b sh
  cfg b '.process.terminal = true'
  # script gives stoke a terminal; what we pipe into script is typed into the container's shell
  try script -qec "$(printf '%q ' "$STOKE" --root "$STOKE_ROOT_DIR" run -b "$T/b" "$CID")" /dev/null \
    < <(printf 'tty\necho "calc=$((6 * 7))"\nexit 3\n')
  assert_eq "$RC" 3 "exit status of the shell"
  assert_contains "$OUT" /dev/pts/0 "output of tty in the container"
  assert_contains "$OUT" "calc=42" "output of the shell"
  assert_no_container "$CID"
}
