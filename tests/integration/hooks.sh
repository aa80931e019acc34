# shellcheck shell=bash
# Hooks: when each runs, what it gets on stdin, env, args, timeout, failures.

# The hook program: `sh DIR/hook.sh DIR NAME` saves its stdin to DIR/NAME.json and appends NAME
# to DIR/order. $T/h is bind-mounted at /h for the hooks that run inside the container.
_hook_setup() {
  mkdir -p "$T/h"
  cat >"$T/h/hook.sh" <<'EOF'
d=$1
n=$2
cat >"$d/$n.json"
echo "$n" >>"$d/order"
EOF
  add_bind "$1" "$T/h" /h
}

# _hook NAME [DIR]: JSON of a hook entry for NAME (DIR: where the hook writes, default $T/h).
_hook() {
  jq -nc --arg d "${2:-$T/h}" --arg n "$1" '{path: "/bin/sh", args: ["sh", ($d + "/hook.sh"), $d, $n]}'
}

_all_hooks_cfg() {
  cfg "$1" '.hooks = {
      prestart: [$prestart], createRuntime: [$createRuntime], createContainer: [$createContainer],
      startContainer: [$startContainer], poststart: [$poststart], poststop: [$poststop]}' \
    --argjson prestart "$(_hook prestart)" \
    --argjson createRuntime "$(_hook createRuntime)" \
    --argjson createContainer "$(_hook createContainer)" \
    --argjson startContainer "$(_hook startContainer /h)" \
    --argjson poststart "$(_hook poststart)" \
    --argjson poststop "$(_hook poststop)"
}

_order() { tr '\n' ' ' <"$T/h/order" 2>/dev/null; }

test_hooks_order_and_state() {
  local pid h
  make_bundle b sh -c 'while [ ! -e /h/stop ]; do sleep 0.05; done'
  _hook_setup b
  _all_hooks_cfg b
  ok st create -b b "$CID"
  get_init_pid "$CID"
  pid=$INIT_PID
  assert_eq "$(_order)" "prestart createRuntime createContainer " "hooks run by create"
  ok st start "$CID"
  wait_for "the poststart hook" 10 test -e h/poststart.json
  assert_eq "$(_order)" "prestart createRuntime createContainer startContainer poststart " "hooks run by start"
  touch h/stop
  wait_status "$CID" stopped
  assert_eq "$(_order)" "prestart createRuntime createContainer startContainer poststart " "hooks before delete"
  ok st delete "$CID"
  assert_eq "$(_order)" "prestart createRuntime createContainer startContainer poststart poststop " "hooks after delete"

  for h in prestart createRuntime createContainer startContainer poststart poststop; do
    jq -e . "h/$h.json" >/dev/null 2>&1 || fail "stdin of the $h hook is not JSON: $(head -c 300 "h/$h.json")"
    assert_eq "$(jq -r .id "h/$h.json")" "$CID" "id in the state given to $h"
    assert_eq "$(jq -r .bundle "h/$h.json")" "$T/b" "bundle in the state given to $h"
    jq -e 'has("ociVersion") and has("status")' "h/$h.json" >/dev/null ||
      fail "state given to $h lacks ociVersion or status: $(cat "h/$h.json")"
    [ "$h" = poststop ] || jq -e 'has("pid")' "h/$h.json" >/dev/null ||
      fail "state given to $h lacks pid: $(cat "h/$h.json")"
  done
  for h in prestart createRuntime poststart; do
    assert_eq "$(jq -r .pid "h/$h.json")" "$pid" "pid in the state given to $h (the init's)"
  done
  for h in createContainer startContainer; do
    jq -e '.pid > 0' "h/$h.json" >/dev/null || fail "pid in the state given to $h: $(jq .pid "h/$h.json")"
  done
  assert_eq "$(jq -r .status h/prestart.json)" creating "status given to prestart"
  assert_eq "$(jq -r .status h/createRuntime.json)" creating "status given to createRuntime"
  assert_eq "$(jq -r .status h/createContainer.json)" creating "status given to createContainer"
  assert_eq "$(jq -r .status h/startContainer.json)" created "status given to startContainer"
  assert_eq "$(jq -r .status h/poststart.json)" running "status given to poststart"
  assert_eq "$(jq -r .status h/poststop.json)" stopped "status given to poststop"
  assert_no_container "$CID"
}

test_hooks_with_run() {
  local order
  make_bundle b sh -c 'echo workload >> /h/order'
  _hook_setup b
  _all_hooks_cfg b
  ok st run -b b "$CID"
  order=$(_order)
  # poststart runs once the user process has started: before or after it writes
  assert_eq "${order/poststart /}" "prestart createRuntime createContainer startContainer workload poststop " \
    "hooks and workload with run (poststart aside)"
  assert_match "$order" "startContainer .*poststart .*poststop" "place of poststart"
  assert_no_container "$CID"
}

test_hooks_poststart_with_run() {
  make_bundle b sh -c 'while [ ! -e /h/poststart.json ]; do sleep 0.05; done; echo workload-saw-poststart'
  _hook_setup b
  cfg b '.hooks.poststart = [$h]' --argjson h "$(_hook poststart)"
  ok st run -b b "$CID"
  assert_eq "$OUT" workload-saw-poststart "output"
}

test_hooks_start_container_runs_in_container() {
  make_bundle b true
  _hook_setup b
  cfg b '.hooks.startContainer = [{path: "/bin/sh", args: ["sh", "-c", "hostname > /h/where; readlink /proc/self/ns/mnt >> /h/where"]}]
    | .hostname = "hooked"'
  ok st run -b b "$CID"
  assert_eq "$(sed -n 1p h/where)" hooked "hostname seen by startContainer"
  assert_ne "$(sed -n 2p h/where)" "$(ns_link $$ mnt)" "mount namespace of startContainer"
}

test_hooks_env_and_args() {
  make_bundle b true
  mkdir h
  cfg b '.hooks.createRuntime = [{path: "/bin/sh",
      args: ["sh", "-c", "echo \"$0|$1|$FOO|${LEAK-unset}\" > \"$OUT_FILE\"", "hook-zero", "arg-one"],
      env: ["FOO=bar baz", $out]}]' --arg out "OUT_FILE=$T/h/env"
  LEAK=from-runtime-env ok st run -b b "$CID"
  assert_eq "$(cat h/env)" "hook-zero|arg-one|bar baz|unset" "hook's \$0|\$1|\$FOO|\$LEAK"
}

test_hooks_timeout() {
  local start elapsed
  make_bundle b true
  cfg b '.hooks.createRuntime = [{path: "/bin/sleep", args: ["sleep", "30"], timeout: 1}]'
  start=$(date +%s)
  assert_fails st create -b b "$CID"
  elapsed=$(($(date +%s) - start))
  assert_one_line_error
  [ "$elapsed" -lt 10 ] || fail "create took ${elapsed}s with a hook timeout of 1s"
  assert_no_container "$CID"
}

test_hooks_prestart_failure() {
  make_bundle b true
  cfg b '.hooks.prestart = [{path: "/bin/sh", args: ["sh", "-c", "echo hook-output; exit 3"]}]'
  assert_fails st create -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}

test_hooks_create_runtime_failure() {
  make_bundle b true
  cfg b '.hooks.createRuntime = [{path: "/bin/false"}]'
  assert_fails st create -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
  assert_fails st run -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}

test_hooks_create_container_failure() {
  make_bundle b true
  cfg b '.hooks.createContainer = [{path: "/bin/false"}]'
  assert_fails st create -b b "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}

test_hooks_failure_stops_later_hooks() {
  make_bundle b true
  _hook_setup b
  cfg b '.hooks.createRuntime = [$a, {path: "/bin/false"}, $b]' \
    --argjson a "$(_hook first)" --argjson b "$(_hook after-failure)"
  assert_fails st create -b b "$CID"
  assert_eq "$(_order)" "first " "hooks run"
  assert_no_container "$CID"
}

test_hooks_poststop_failure_only_warns() {
  make_bundle b true
  cfg b '.hooks.poststop = [{path: "/bin/false"}]'
  ok st run --keep -b b "$CID"
  try st delete "$CID"
  [ "$RC" -eq 0 ] || fail "delete failed because of a failing poststop hook (exit $RC: $ERR)"
  [ -n "$ERR" ] || fail "no warning about the failing poststop hook"
  assert_no_container "$CID"
}

test_hooks_multiple_in_order() {
  make_bundle b true
  _hook_setup b
  cfg b '.hooks.createRuntime = [$a, $b, $c]' \
    --argjson a "$(_hook one)" --argjson b "$(_hook two)" --argjson c "$(_hook three)"
  ok st run -b b "$CID"
  assert_eq "$(_order)" "one two three " "order of the createRuntime hooks"
}

test_hooks_poststop_on_delete_force() {
  make_bundle b sleep 1000
  _hook_setup b
  cfg b '.hooks.poststop = [$h]' --argjson h "$(_hook poststop)"
  ok st run -d -b b "$CID"
  assert_no_file h/poststop.json "poststop output while running"
  ok st delete -f "$CID"
  assert_file h/poststop.json "poststop output after delete --force"
  assert_no_container "$CID"
}
