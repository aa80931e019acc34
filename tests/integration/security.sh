# shellcheck shell=bash
# The security baseline, one regression test per attack class: each test fails when its defence
# is missing. Paths in the bundle are resolved inside the root (openat2 RESOLVE_IN_ROOT), masked
# paths are only ever covered with a verified /dev/null, the pty peer comes from TIOCGPTPEER, the
# cwd is checked to be inside the container, no fd leaks, no inheritable capabilities, no stoke
# binary reachable or writable from a container, one-line errors for hostile strings.

# _snapshot DIR: everything about DIR's tree that an escape would change.
_snapshot() {
  find "$1" -printf '%P %y %m %s %T@ %l\n' 2>/dev/null | sort
}

# _host_unchanged DIR BEFORE WHAT: DIR's snapshot is still BEFORE, and nothing is mounted on or
# under DIR in the host's mount namespace.
_host_unchanged() {
  local dir=$1 before=$2 what=$3 now
  now=$(_snapshot "$dir")
  [ "$now" = "$before" ] ||
    fail "$what: the host directory $dir changed: $(_oneline "$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$now"))" 400)"
  ! awk -v d="$dir" 'index($5, d) == 1' /proc/self/mountinfo | grep -q . ||
    fail "$what: something is mounted on the host under $dir"
}

# _sha FILE
_sha() { sha256sum "$1" | cut -d' ' -f1; }

# _children PID: the live children of PID.
_children() {
  cat /proc/[0-9]*/stat 2>/dev/null |
    sed -nE 's/^([0-9]+) \(.*\) ([A-Za-y]) ([0-9]+) .*/\1 \2 \3/p' |
    awk -v p="$1" '$3 == p && $2 != "Z" { print $1 }'
}

# _container_pid PID: PID as seen in its own (innermost) pid namespace.
_container_pid() { awk '/^NSpid:/ { print $NF }' "/proc/$1/status"; }

_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }

# ---------------------------------------------------------------- mount destinations

# _escape_mounts LINK: rootfs /mnt/evil is a symlink LINK pointing at the host directory $H (by
# absolute path, or by enough `..` to climb out of the rootfs). A tmpfs and a bind mount whose
# destinations go through it must land inside the rootfs, never in $H on the host.
_escape_mounts() {
  local link=$1 before
  mkdir -p "$H" src
  echo untouched >"$H/keep"
  echo bound-content >src/src-file
  make_bundle b sh -c 'echo in-tmpfs > /mnt/evil/sub/tmpfs-dest/f && echo wrote-tmpfs;
    cat /mnt/evil/sub/bind-dest/src-file; cat /mnt/evil/keep 2>/dev/null; awk "{ print \$5 }" /proc/self/mountinfo'
  mkdir -p b/rootfs/mnt
  ln -s "$link" b/rootfs/mnt/evil
  add_mount b /mnt/evil/sub/tmpfs-dest tmpfs tmpfs
  add_bind b "$T/src" /mnt/evil/sub/bind-dest
  before=$(_snapshot "$H")

  # 1. the link's target does not exist inside the rootfs: a clean failure (or mounts made
  #    inside), nothing on the host
  try st run -b b "$CID"
  if [ "$RC" -ne 0 ]; then
    assert_one_line_error
  else
    assert_not_contains "$OUT" untouched "output (the host directory was reachable)"
  fi
  assert_no_container "$CID"
  _host_unchanged "$H" "$before" "target missing inside the rootfs"

  # 2. it exists inside the rootfs: the mounts are made there
  mkdir -p "b/rootfs$H"
  ok st run -b b "$CID"
  assert_contains "$OUT" wrote-tmpfs "output (write to the tmpfs)"
  assert_contains "$OUT" bound-content "output (read through the bind mount)"
  assert_not_contains "$OUT" untouched "output (the host directory was reachable)"
  assert_match "$OUT" "^$H/sub/tmpfs-dest\$" "mount points in the container (the tmpfs, inside the root)"
  assert_match "$OUT" "^$H/sub/bind-dest\$" "mount points in the container (the bind, inside the root)"
  [ -d "b/rootfs$H/sub/tmpfs-dest" ] || fail "the tmpfs mount point was not made inside the rootfs"
  assert_no_container "$CID"
  _host_unchanged "$H" "$before" "target present inside the rootfs"
}

test_cve_2024_45310_mount_through_absolute_symlink() {
  H=$T/host-$CID
  _escape_mounts "$H"
}

test_cve_2024_45310_mount_through_dotdot_symlink() {
  # from rootfs/mnt, twenty `..` climb far above the rootfs if they are not stopped at its root
  H=$T/host-$CID
  _escape_mounts "$(printf '../%.0s' $(seq 20))${H#/}"
}

test_mount_through_symlink_chain_dotdot() {
  # /l1 -> l2 -> d/../../..(x20): a chain that only escapes on its second link
  local before
  H=$T/host-$CID
  mkdir -p "$H"
  echo untouched >"$H/keep"
  make_bundle b sh -c 'awk "{ print \$5 }" /proc/self/mountinfo; cat /l1/keep 2>/dev/null; true'
  mkdir -p b/rootfs/d
  ln -s l2 b/rootfs/l1
  ln -s "d/$(printf '../%.0s' $(seq 20))" b/rootfs/l2
  add_mount b "/l1$H/chain-dest" tmpfs tmpfs
  before=$(_snapshot "$H")
  try st run -b b "$CID"
  if [ "$RC" -ne 0 ]; then
    assert_one_line_error
  fi
  _host_unchanged "$H" "$before" "target missing inside the rootfs"
  mkdir -p "b/rootfs$H"
  ok st run -b b "$CID"
  assert_match "$OUT" "^$H/chain-dest\$" "mount point in the container (inside the root)"
  assert_not_contains "$OUT" untouched "output (the host directory was reachable)"
  [ -d "b/rootfs$H/chain-dest" ] || fail "the mount point was not made inside the rootfs"
  _host_unchanged "$H" "$before" "target present inside the rootfs"
  assert_no_container "$CID"
}

# ---------------------------------------------------------------- /dev/null impostors

# _mask_bundle: a bundle that masks /etc/masked (a file) and shows what it sees through it;
# $T/hostfile is the host file an impostor /dev/null is made of.
_mask_bundle() {
  echo "host-secret-$CID" >"$T/hostfile"
  HOSTFILE_SHA=$(_sha "$T/hostfile")
  # (timeouts: an impostor could be a FIFO)
  make_bundle b sh -c 'stat -c "masked-node=%F %t:%T" /etc/masked; echo "masked=[$(timeout 2 head -c 64 /etc/masked)]";
    timeout 2 sh -c "echo overwritten > /etc/masked"; echo done'
  echo "visible-$CID" >b/rootfs/etc/masked
  cfg b '.linux.maskedPaths += ["/etc/masked"] | .root.readonly = false'
}

# _assert_masked_safely WHAT: the last run failed with one line, or masked the file with nothing
# (never with the impostor's content); the host file is untouched either way.
_assert_masked_safely() {
  if [ "$RC" -ne 0 ]; then
    assert_one_line_error
  else
    assert_contains "$OUT" "masked-node=character special file 1:3" "$1: the node on the masked path (the null device)"
    assert_contains "$OUT" "masked=[]" "$1: what the container sees through the masked path"
  fi
  assert_not_contains "$OUT" host-secret "$1: output (the impostor was mounted over the masked path)"
  assert_not_contains "$OUT" "visible-$CID" "$1: output (the path was not masked)"
  assert_eq "$(_sha "$T/hostfile")" "$HOSTFILE_SHA" "$1: sha256 of the host file"
  assert_no_container "$CID"
}

test_cve_2025_31133_dev_null_bind_of_host_file() {
  # (stoke refuses to make its /dev/null over a mount point, before masking would check it)
  _mask_bundle
  add_bind b "$T/hostfile" /dev/null bind rw
  try st run -b b "$CID"
  _assert_masked_safely "/dev/null bound from a host file"
}

test_cve_2025_31133_dev_null_other_device() {
  local d
  _mask_bundle
  for d in '{"path": "/dev/null", "type": "c", "major": 1, "minor": 5}' \
    '{"path": "/dev/null", "type": "c", "major": 1, "minor": 7}' \
    '{"path": "/dev/null", "type": "b", "major": 1, "minor": 3}' \
    '{"path": "/dev/null", "type": "p"}'; do
    cfg b '.linux.devices = [$d]' --argjson d "$d"
    try st run -b b "$CID"
    _assert_masked_safely "linux.devices $d"
  done
}

test_cve_2025_31133_dev_null_symlink_in_bound_dev() {
  _mask_bundle
  mkdir "$T/hostdev"
  ln -s "$T/hostfile" "$T/hostdev/null"
  cfg b '.mounts |= map(select(.destination | startswith("/dev") | not))'
  add_bind b "$T/hostdev" /dev
  try st run -b b "$CID"
  _assert_masked_safely "/dev/null a symlink to a host file in a bound /dev"
  # a regular file standing for /dev/null
  rm "$T/hostdev/null"
  echo "host-secret-$CID" >"$T/hostdev/null"
  try st run -b b "$CID"
  _assert_masked_safely "/dev/null a regular file in a bound /dev"
  assert_eq "$(cat "$T/hostdev/null")" "host-secret-$CID" "content of the host file standing for /dev/null"
}

# ---------------------------------------------------------------- /dev, /dev/pts, /dev/ptmx

RECVTTY_PID=
_recvtty_start() {
  [ -x "$HELPERS/recvtty" ] || fail "helper $HELPERS/recvtty was not built"
  sock_path tty.sock
  rm -f "$SOCK"
  (cd / && exec "$HELPERS/recvtty" -t 15 "$SOCK") >"$T/tty.out" 2>"$T/tty.err" &
  RECVTTY_PID=$!
  wait_for "recvtty to listen on $SOCK" 10 test -S "$SOCK"
}
_recvtty_stop() {
  kill "$RECVTTY_PID" 2>/dev/null
  wait "$RECVTTY_PID" 2>/dev/null
  rm -f "$SOCK"
}

# _run_tty WHAT [must-work]: run b detached with a console socket: it works (the pty relays
# "tty-ok"), or, unless must-work, fails with one line. The pty output is in $TTY_OUT.
TTY_OUT=
_run_tty() {
  _recvtty_start
  try st run -d --console-socket "$SOCK" -b b "$CID"
  if [ "$RC" -eq 0 ]; then
    wait "$RECVTTY_PID"
    TTY_OUT=$(cat "$T/tty.out")
    assert_contains "$TTY_OUT" tty-ok "$1: output through the pty"
    wait_status "$CID" stopped
    ok st delete "$CID"
  else
    _recvtty_stop
    [ "${2-}" != must-work ] || fail "$1: run exited $RC: $(_tail_err)"
    assert_one_line_error
  fi
  assert_no_container "$CID"
}

# the workload of the terminal tests: its tty, and where devpts is mounted
_tty_probe='tty; echo tty-ok; grep " - devpts " /proc/self/mountinfo | cut -d" " -f5 | sed "s/^/devpts-at=/"'

test_cve_2025_52565_dev_symlink_to_host_dir() {
  local before
  H=$T/host-$CID
  mkdir -p "$H"
  echo untouched >"$H/keep"
  make_bundle b sh -c "$_tty_probe"
  cfg b '.process.terminal = true | .mounts |= map(select(.destination != "/dev"))'
  rm -rf b/rootfs/dev
  ln -s "$H" b/rootfs/dev
  before=$(_snapshot "$H")
  _run_tty "/dev -> host dir (missing inside the rootfs)"
  _host_unchanged "$H" "$before" "/dev -> host dir (missing inside the rootfs)"
  mkdir -p "b/rootfs$H"
  _run_tty "/dev -> host dir (present inside the rootfs)" must-work
  assert_contains "$TTY_OUT" "devpts-at=$H/pts" "mount point of devpts (inside the root)"
  _host_unchanged "$H" "$before" "/dev -> host dir (present inside the rootfs)"
  # the relative form
  rm b/rootfs/dev
  ln -s "$(printf '../%.0s' $(seq 20))${H#/}" b/rootfs/dev
  _run_tty "/dev -> ../../host dir" must-work
  _host_unchanged "$H" "$before" "/dev -> ../../host dir"
}

# _plant_dev: b's rootfs /dev holds /dev/pts and /dev/ptmx symlinks to $H/pts and $H/ptmx.
_plant_dev() {
  rm -rf b/rootfs/dev
  mkdir b/rootfs/dev
  ln -s "$H/pts" b/rootfs/dev/pts
  ln -s "$H/ptmx" b/rootfs/dev/ptmx
}

test_cve_2025_52565_planted_pts_and_ptmx() {
  local before
  H=$T/host-$CID
  mkdir -p "$H/pts"
  echo host-ptmx >"$H/ptmx"
  echo host-pts >"$H/pts/0"
  make_bundle b sh -c "$_tty_probe"
  cfg b '.process.terminal = true | .mounts |= map(select(.destination != "/dev"))'
  _plant_dev
  before=$(_snapshot "$H")
  _run_tty "planted /dev/pts and /dev/ptmx (targets missing inside the rootfs)"
  _host_unchanged "$H" "$before" "planted /dev/pts and /dev/ptmx (targets missing inside the rootfs)"
  _plant_dev
  mkdir -p "b/rootfs$H/pts"
  _run_tty "planted /dev/pts and /dev/ptmx (targets present inside the rootfs)" must-work
  assert_contains "$TTY_OUT" "devpts-at=$H/pts" "mount point of devpts (inside the root)"
  _host_unchanged "$H" "$before" "planted /dev/pts and /dev/ptmx (targets present inside the rootfs)"
  # exec -t opens the container's /dev/ptmx too
  _plant_dev
  cfg b '.process.terminal = false'
  cfg_args b sleep 1000
  ok st run -d -b b "$CID"
  _recvtty_start
  try st exec -t -d --console-socket "$SOCK" "$CID" sh -c 'tty; echo tty-ok'
  if [ "$RC" -eq 0 ]; then
    wait "$RECVTTY_PID"
    assert_contains "$(cat "$T/tty.out")" tty-ok "exec -t: output through the pty"
  else
    assert_one_line_error
    _recvtty_stop
  fi
  _host_unchanged "$H" "$before" "exec -t with planted /dev/pts and /dev/ptmx"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_cve_2025_52565_pty_peer_not_by_name() {
  # The pty's peer must come from its master (TIOCGPTPEER), not from opening /dev/pts/N: here
  # /dev/ptmx allocates in a devpts at /dev/pts/pts while every /dev/pts/N name is a symlink to
  # a file of the host. Opening by name would make that file the workload's terminal.
  local i
  [ -x "$HELPERS/recvtty" ] || fail "helper $HELPERS/recvtty was not built"
  mkdir -p "$T/out" "$T/fakepts/pts"
  echo "original-$CID" >"$T/out/hijack"
  for i in $(seq 0 63); do
    ln -s /out/hijack "$T/fakepts/$i"
  done
  make_bundle b sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo tty-ok'
  cfg b '.process.terminal = true | .mounts |= map(select(.destination != "/dev/pts"))
    | .linux.devices = [{"path": "/dev/pts/ptmx", "type": "c", "major": 5, "minor": 2, "fileMode": 438}]'
  add_bind b "$T/out" /out
  add_bind b "$T/fakepts" /dev/pts
  add_mount b /dev/pts/pts devpts devpts nosuid noexec newinstance ptmxmode=0666 mode=0620
  _recvtty_start
  try st run -d --console-socket "$SOCK" -b b "$CID"
  [ "$RC" -eq 0 ] || { _recvtty_stop; fail "run with a terminal exited $RC: $(_tail_err)"; }
  wait "$RECVTTY_PID"
  assert_contains "$(cat "$T/tty.out")" tty-ok "output through the pty"
  assert_eq "$(cat "$T/out/hijack")" "original-$CID" "content of the file every /dev/pts/N name points to"
  wait_status "$CID" stopped
  ok st delete "$CID"
  # the same for exec -t
  cfg b '.process.terminal = false'
  cfg_args b sleep 1000
  ok st run -d -b b "$CID"
  _recvtty_start
  try st exec -t -d --console-socket "$SOCK" "$CID" sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo tty-ok'
  [ "$RC" -eq 0 ] || { _recvtty_stop; fail "exec -t exited $RC: $(_tail_err)"; }
  wait "$RECVTTY_PID"
  assert_contains "$(cat "$T/tty.out")" tty-ok "exec -t: output through the pty"
  assert_eq "$(cat "$T/out/hijack")" "original-$CID" "content of the file every /dev/pts/N name points to (exec)"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

# ---------------------------------------------------------------- cwd and fds (CVE-2024-21626)

# The workload checks that its cwd is a directory of the container: getcwd gives a path that is
# the cwd itself (a directory outside the root has no such path).
_cwd_probe='d=$(pwd -P) && [ "$d" -ef . ] && echo "inside=$d"; ls -a ..'

# _assert_cwd_inside WHAT
_assert_cwd_inside() {
  if [ "$RC" -ne 0 ]; then
    assert_one_line_error
    return
  fi
  assert_match "$(printf '%s\n' "$OUT" | sed -n 1p)" '^inside=/' "$1: cwd of the workload"
  assert_no_match "$OUT" '^(cgroup\.procs|state\.json|config\.json|rootfs|\.try\.out)$' \
    "$1: listing of .. (a host directory)"
}

test_cve_2024_21626_process_cwd_proc_self_fd() {
  local n
  make_bundle b sh -c "$_cwd_probe"
  for n in 3 4 5 6 7 8 9 10; do
    cfg b '.process.cwd = $c' --arg c "/proc/self/fd/$n"
    try st run -b b "$CID"
    _assert_cwd_inside "process.cwd /proc/self/fd/$n"
    assert_no_container "$CID"
  done
  # the same through a symlink of the image
  for n in 3 4 5 6 7 8; do
    rm -f b/rootfs/work
    ln -s "/proc/self/fd/$n" b/rootfs/work
    cfg b '.process.cwd = "/work"'
    try st run -b b "$CID"
    _assert_cwd_inside "process.cwd /work -> /proc/self/fd/$n"
    assert_no_container "$CID"
  done
}

test_cve_2024_21626_exec_cwd_proc_self_fd() {
  local n
  make_bundle b sleep 1000
  ok st run -d -b b "$CID"
  for n in 3 4 5 6 7 8 9 10; do
    try st exec --cwd "/proc/self/fd/$n" "$CID" sh -c "$_cwd_probe"
    _assert_cwd_inside "exec --cwd /proc/self/fd/$n"
  done
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

test_cve_2024_21626_no_fd_leaks_to_workload() {
  make_bundle b ls /proc/self/fd
  echo x >"$T/caller-in"
  # ls holds one fd (3) on the directory it lists; the caller's 7 and 8 must not get through
  ok st run -b b "$CID" 7<"$T/caller-in" 8>>"$T/caller-out"
  assert_eq "$(printf '%s' "$OUT" | tr '\n' ' ')" "0 1 2 3" "fds of the workload (run)"
  # create + start: the init holds the state dir, the start socket, ...
  mkdir "$T/out"
  add_bind b "$T/out" /out
  cfg_args b sh -c 'ls /proc/self/fd > /out/fds'
  ok st create -b b "$CID" 7<"$T/caller-in"
  ok st start "$CID" 8>>"$T/caller-out"
  wait_status "$CID" stopped
  assert_eq "$(tr '\n' ' ' <"$T/out/fds")" "0 1 2 3 " "fds of the workload (create + start)"
  ok st delete "$CID"
  assert_no_container "$CID"
}

# ---------------------------------------------------------------- capabilities

test_cve_2022_29162_no_inheritable_caps() {
  make_bundle b sleep 1000
  jq -e '.process.capabilities | has("inheritable") | not' b/config.json >/dev/null ||
    fail "the default spec lists inheritable capabilities"
  ok st run -d -b b "$CID"
  get_init_pid "$CID"
  assert_eq "$(_field "$INIT_PID" CapInh)" 0000000000000000 "CapInh of the workload (default spec)"
  assert_eq "$(_field "$INIT_PID" CapAmb)" 0000000000000000 "CapAmb of the workload (default spec)"
  ok st exec "$CID" grep -E '^Cap(Inh|Amb):' /proc/self/status
  assert_match "$OUT" '^CapInh:[[:space:]]+0000000000000000$' "CapInh of an exec'd process"
  assert_match "$OUT" '^CapAmb:[[:space:]]+0000000000000000$' "CapAmb of an exec'd process"
  ok st exec -c CAP_SYS_ADMIN -u 1000 "$CID" grep -E '^Cap(Inh|Prm|Eff|Amb):' /proc/self/status
  assert_match "$OUT" '^CapInh:[[:space:]]+0000000000000000$' "CapInh of an exec'd process with -c"
  assert_match "$OUT" '^CapPrm:[[:space:]]+0000000000000000$' "CapPrm of a non-root exec'd process with -c"
  ok st delete -f "$CID"
  # listed: it shows (CAP_KILL is bit 5)
  cfg b '.process.capabilities.inheritable = ["CAP_KILL"]'
  cfg_args b grep '^CapInh:' /proc/self/status
  ok st run -b b "$CID"
  assert_match "$OUT" '^CapInh:[[:space:]]+0000000000000020$' "CapInh with inheritable [CAP_KILL]"
  assert_no_container "$CID"
}

# ---------------------------------------------------------------- CVE-2019-5736

# _dynamic_stoke: $T/stoke-dynamic, the same stoke linked against shared libraries.
_dynamic_stoke() {
  try env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$REPO" stoke-dynamic
  [ "$RC" -eq 0 ] && [ -x "$REPO/stoke-dynamic" ] ||
    fail "cannot build the dynamically linked stoke needed to check this test (make stoke-dynamic): $(_tail_err)"
  cp "$REPO/stoke-dynamic" "$T/stoke-dynamic" || fail "cannot copy stoke-dynamic"
  ldd "$T/stoke-dynamic" >/dev/null 2>&1 || fail "stoke-dynamic is not dynamically linked"
}

test_cve_2019_5736_static_stoke_loads_nothing() {
  # The workload is `#!/proc/self/exe`: the kernel runs the runtime's own binary inside the
  # container, with the container's env (LD_PRELOAD) and libraries. A static stoke that loads
  # nothing at run time gives the container no code to run in it.
  local sha lib
  need cc ldd
  sha=$(_sha "$STOKE")
  _dynamic_stoke
  mkdir "$T/out"
  cat >"$T/evil.c" <<'EOF'
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
__attribute__ ((constructor)) static void
evil (void)
{
  int fd = open ("/proc/self/exe", O_RDONLY);
  FILE *f = fopen ("/out/marker", "a");
  if (f) {
    fprintf (f, "evil.so ran in pid %d, /proc/self/exe %s\n", (int) getpid (),
             fd >= 0 ? "opened" : "not opened");
    fclose (f);
  }
}
EOF
  cc -shared -fPIC -o "$T/evil.so" "$T/evil.c" || fail "cannot compile evil.so"
  make_bundle b /pwn
  add_bind b "$T/out" /out
  cfg b '.process.env += ["LD_PRELOAD=/evil.so"]'
  printf '#!/proc/self/exe\n' >b/rootfs/pwn
  chmod 755 b/rootfs/pwn
  cp "$T/evil.so" b/rootfs/evil.so
  # the loader and every library a dynamically linked stoke needs
  mkdir -p b/rootfs/lib64 b/rootfs/lib/x86_64-linux-gnu
  for lib in $(ldd "$T/stoke-dynamic" | grep -oE '/[^ ]+'); do
    case $lib in
      /lib64/*) cp -L "$lib" b/rootfs/lib64/ ;;
      *) cp -L "$lib" b/rootfs/lib/x86_64-linux-gnu/ ;;
    esac
  done
  [ -e b/rootfs/lib64/ld-linux-x86-64.so.2 ] || fail "no dynamic loader copied into the rootfs"

  # the stoke under test: as the init's program (run) and as an exec'd program
  try st run -b b "$CID"
  assert_no_file "$T/out/marker" "marker (evil.so ran inside stoke via run: $(cat "$T/out/marker" 2>/dev/null))"
  cfg_args b sleep 1000
  ok st run -d -b b "$CID"
  try st exec "$CID" /pwn
  assert_no_file "$T/out/marker" "marker (evil.so ran inside stoke via exec: $(cat "$T/out/marker" 2>/dev/null))"
  ok st delete -f "$CID"
  assert_eq "$(_sha "$STOKE")" "$sha" "sha256 of the stoke binary"

  # the test's own check: a dynamically linked stoke does load evil.so in the same scenario
  cfg_args b /pwn
  try "$T/stoke-dynamic" --root "$STOKE_ROOT_DIR" run -b b "$CID"
  assert_file "$T/out/marker" "marker of evil.so with the dynamically linked stoke (the test does not reproduce the attack; run: $RC $(_tail_err))"
  assert_contains "$(cat "$T/out/marker")" "/proc/self/exe opened" "marker"
  assert_no_container "$CID"
}

# _attack_script: /attack.sh in b's rootfs. Run in the container as `attack.sh PID MODE`: it
# opens /proc/PID/exe, then (MODE) kills PID or feeds the /etc/passwd FIFO it waits on, and
# tries for 5 s to write through the fd it got (the original CVE-2019-5736 exploit). Its log
# is /out/log, /out/done at the end.
_attack_script() {
  cat >b/rootfs/attack.sh <<'EOF'
#!/bin/sh
t=$1
opened=
if command exec 3<"/proc/$t/exe"; then
  opened=1
  echo "opened /proc/$t/exe -> $(readlink "/proc/$t/exe")" >>/out/log
else
  echo "cannot open /proc/$t/exe" >>/out/log
fi
case $2 in
  kill) kill -KILL "$t" ;;
  unblock) echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd ;;
esac
i=0
while [ -n "$opened" ] && [ $i -lt 100 ]; do
  if { printf 'PWNED' >>/proc/self/fd/3; } 2>/dev/null; then
    echo "wrote through /proc/self/fd/3" >>/out/log
    break
  fi
  sleep 0.05
  i=$((i + 1))
done
touch /out/done
EOF
  chmod 755 b/rootfs/attack.sh
}

test_cve_2019_5736_exec_shebang_binary_not_writable() {
  # `stoke exec` of a `#!/proc/self/exe` program makes the kernel run the runtime binary as a
  # container process. Another container process opens /proc/PID/exe of it, and once no stoke
  # runs, writes the host binary through that fd. The victim is held in write(2) by a full
  # stderr pipe (a slow log reader) so the attacker needs no race.
  local pid cpid sha rc
  # The kernel must be able to run the runtime inside the busybox rootfs: a static binary.
  ldd "$STOKE" >/dev/null 2>&1 &&
    skip "the runtime under test is dynamically linked (a sanitizer build): it cannot run inside the busybox rootfs"
  cp "$STOKE" "$T/stoke" || fail "cannot copy $STOKE"
  sha=$(_sha "$T/stoke")
  mkdir "$T/out"
  make_bundle b sleep 1000
  add_bind b "$T/out" /out
  printf '#!/proc/self/exe\n' >b/rootfs/pwn
  chmod 755 b/rootfs/pwn
  _attack_script
  ok st run -d -b b "$CID"
  mkfifo "$T/errpipe"
  exec 5<>"$T/errpipe"
  dd if=/dev/zero of="/proc/self/fd/5" bs=4096 count=1024 oflag=nonblock status=none 2>/dev/null
  # the copy of stoke runs the exec; the stoke under test runs everything else
  timeout -k 2 10 "$T/stoke" --root "$STOKE_ROOT_DIR" exec -d --pid-file "$T/victim.pid" "$CID" /pwn 2>&5
  rc=$?
  [ "$rc" -eq 0 ] || fail "exec -d of /pwn exited $rc"
  pid=$(cat "$T/victim.pid")
  pid_alive "$pid" || fail "the victim $pid is not running"
  # The kernel runs the runtime binary: the same bytes, wherever stoke runs them from (it runs
  # create/run/exec from a read-only copy: util/selfprotect.h).
  assert_eq "$(_sha "/proc/$pid/exe")" "$sha" "the program of /pwn (the kernel runs the runtime binary)"
  cpid=$(_container_pid "$pid")
  ok st exec "$CID" /attack.sh "$cpid" kill
  wait_for "the attacker to finish" 15 test -e "$T/out/done"
  exec 5>&-
  ok st delete -f "$CID"
  assert_no_container "$CID"
  assert_eq "$(_sha "$T/stoke")" "$sha" "sha256 of the runtime binary after the attack (log: $(_oneline "$(cat "$T/out/log")"))"
  assert_not_contains "$(cat "$T/out/log")" "wrote through" "attacker's log"
}

# _attack_bundle: b runs sleep, with $T/out on /out and /attack.sh.
_attack_bundle() {
  mkdir -p "$T/out"
  make_bundle b sleep 1000
  add_bind b "$T/out" /out
  _attack_script
}

# _passwd_fifo: b's /etc/passwd becomes a FIFO. Without HOME in its env, stoke reads it after
# the process has the container's credentials and before execve, and blocks there until fed.
_passwd_fifo() {
  rm -f b/rootfs/etc/passwd
  mkfifo b/rootfs/etc/passwd
}

_feed_passwd() {
  timeout 5 sh -c 'echo "root:x:0:0:root:/root:/bin/sh" > "$1"' _ b/rootfs/etc/passwd
}

# _dropped_creds PID: PID (a stoke process, cloned with our capabilities) has dropped to the
# container's, and sleeps.
_dropped_creds() {
  local c
  c=$(_field "$1" CapPrm)
  [ -n "$c" ] && [ "$c" != "$(_field $$ CapPrm)" ] && [ "$(_field "$1" State)" = S ]
}

test_exec_helper_not_dumpable() {
  # The window this test held open (an /etc/passwd FIFO blocking the helper) no longer exists:
  # stoke opens /etc/passwd non-blocking now (test_passwd_fifo_does_not_hang).
  skip "needs another way to hold stoke exec's helper between its credential change and execve (the binary itself is covered by test_cve_2019_5736_runtime_exe_read_only)"
  # stoke exec's process in the container is non-dumpable until it execs (PR_SET_DUMPABLE 0):
  # a container process with the same uid and capabilities cannot open its /proc/PID/exe.
  local v h pid
  _attack_bundle
  ok st run -d -b b "$CID"
  _passwd_fifo
  st_bg exec "$CID" true >"$T/victim.out" 2>&1
  v=$!
  wait_for "stoke exec's process to reach the /etc/passwd FIFO" 10 _exec_helper_paused "$v"
  h=$EXEC_HELPER
  assert_eq "$(readlink "/proc/$h/exe")" "$STOKE" "program of the exec helper (the stoke binary)"
  pid=$(_container_pid "$h")
  ok st exec -e HOME=/root "$CID" sh -c "[ -e /proc/$pid ] && echo visible;
    cat /proc/$pid/exe >/dev/null 2>&1 && echo read-exe; readlink /proc/$pid/exe 2>/dev/null; true"
  assert_contains "$OUT" visible "the exec helper seen from the container"
  assert_not_contains "$OUT" read-exe "output (the container read /proc/PID/exe of stoke exec's process)"
  assert_not_contains "$OUT" "$STOKE" "output (the container resolved /proc/PID/exe of stoke exec's process)"
  _feed_passwd
  wait "$v"
  ok st delete -f "$CID"
  assert_no_container "$CID"
}

EXEC_HELPER=
_exec_helper_paused() {
  local c
  for c in $(_children "$1"); do
    if [ "$(readlink "/proc/$c/exe")" = "$STOKE" ] && _dropped_creds "$c"; then
      EXEC_HELPER=$c
      return 0
    fi
  done
  return 1
}

test_cve_2019_5736_init_binary_not_writable() {
  # Same: the /etc/passwd FIFO that held the init in its window no longer blocks it.
  skip "needs another way to hold the init between its credential change and execve (the binary itself is covered by test_cve_2019_5736_runtime_exe_read_only)"
  # The container's init is stoke until it execs the workload. Paused between dropping to the
  # container's credentials and execve, it must not hand the container its binary: the
  # container opens /proc/1/exe, releases the init, and writes the binary once no stoke runs.
  local sha start rc
  cp "$STOKE" "$T/stoke" || fail "cannot copy $STOKE"
  sha=$(_sha "$T/stoke")
  _attack_bundle
  _passwd_fifo
  # the copy creates and starts the container; the stoke under test runs the attacker's exec
  ok "$T/stoke" --root "$STOKE_ROOT_DIR" create -b b "$CID"
  get_init_pid "$CID"
  "$T/stoke" --root "$STOKE_ROOT_DIR" start "$CID" >"$T/start.out" 2>&1 &
  start=$!
  wait_for "the init to reach the /etc/passwd FIFO with the container's credentials" 10 \
    _dropped_creds "$INIT_PID"
  assert_eq "$(readlink "/proc/$INIT_PID/exe")" "$T/stoke" "program of the paused init"
  ok st exec -d -e HOME=/root "$CID" /attack.sh 1 unblock
  wait_for "the attacker to finish" 20 test -e "$T/out/done"
  wait "$start"
  rc=$?
  [ "$rc" -eq 0 ] || fail "start exited $rc: $(cat "$T/start.out")"
  ok st delete -f "$CID"
  assert_no_container "$CID"
  assert_eq "$(_sha "$T/stoke")" "$sha" "sha256 of the runtime binary after the attack (log: $(_oneline "$(cat "$T/out/log")"))"
  assert_not_contains "$(cat "$T/out/log")" "opened /proc/1/exe" "attacker's log (the container opened the init's /proc/1/exe)"
}

# ---------------------------------------------------------------- hostile config strings

# _hostile_fails WHAT: the last run failed with exactly one line and left nothing.
_hostile_fails() {
  [ "$RC" -ne 0 ] || fail "$1: accepted"
  assert_one_line_error
  assert_no_container "$CID"
}

test_hostile_hostname_newline() {
  make_bundle b hostname
  cfg b '.hostname = "evil\nhost"'
  try st run -b b "$CID"
  _hostile_fails "hostname with a newline"
  cfg b '.hostname = ("evil\n" + ("h" * 100))'
  try st run -b b "$CID"
  _hostile_fails "hostname with a newline, too long"
}

test_hostile_hook_path_newline() {
  make_bundle b true
  cfg b '.hooks.prestart = [{"path": "/no/such\nhook"}]'
  try st run -b b "$CID"
  _hostile_fails "prestart hook path with a newline"
  cfg b '.hooks = {"createRuntime": [{"path": "/bin/true\nstoke: forged second line"}]}'
  try st run -b b "$CID"
  _hostile_fails "createRuntime hook path with a newline"
}

test_hostile_mount_newline() {
  make_bundle b true
  cfg b '.mounts += [{"destination": "/mnt/evil\ndest", "type": "bind", "source": "/no/such\nsource"}]'
  try st run -b b "$CID"
  _hostile_fails "bind mount with newlines"
  cfg b '.mounts[-1] = {"destination": "/mnt/evil\ndest", "type": "tmpfs", "source": "tmpfs", "options": ["size=bogus"]}'
  try st run -b b "$CID"
  _hostile_fails "failing tmpfs mount on a destination with a newline"
}

test_hostile_args_newline() {
  make_bundle b '/no/such
program'
  try st run -b b "$CID"
  _hostile_fails "process.args[0] with a newline"
}

test_hostile_long_values() {
  local long
  long=$(printf 'x%.0s' $(seq 5000))
  make_bundle b true
  cfg b '.hostname = $h' --arg h "$long"
  try st run -b b "$CID"
  _hostile_fails "5000-byte hostname"
  cfg b '.hostname = "ok" | .hooks.prestart = [{"path": ("/bin/" + $h)}]' --arg h "$long"
  try st run -b b "$CID"
  _hostile_fails "5000-byte hook path"
  cfg b 'del(.hooks) | .mounts += [{"destination": ("/mnt/" + $h), "type": "tmpfs", "source": "tmpfs"}]' --arg h "$long"
  try st run -b b "$CID"
  _hostile_fails "mount destination with a 5000-byte component"
  cfg b '.mounts[-1].destination = ("/mnt" + ("/" + $h[0:200]) * 30)' --arg h "$long"
  try st run -b b "$CID"
  _hostile_fails "6000-byte mount destination"
  cfg b 'del(.mounts[-1]) | .process.args = [("/bin/" + $h)]' --arg h "$long"
  try st run -b b "$CID"
  _hostile_fails "5000-byte process.args[0]"
  cfg b '.process.args = ["true"] | .process.cwd = ("/" + $h)' --arg h "$long"
  try st run -b b "$CID"
  _hostile_fails "5000-byte process.cwd component"
}

test_cve_2019_5736_runtime_exe_read_only() {
  # Whatever a container manages to open of a stoke process' /proc/PID/exe, it cannot write
  # through it: create, run and exec run from a copy of stoke on a read-only bind mount
  # (src/util/selfprotect.h). Checked on the parked init of a created container, where even
  # the host's root, who may open anything, gets EROFS.
  local pid sha
  sha=$(_sha "$STOKE")
  make_bundle b true
  ok st create -b b "$CID"
  get_init_pid "$CID"
  pid=$INIT_PID
  assert_eq "$(_sha "/proc/$pid/exe")" "$sha" "the parked init runs stoke"
  assert_match "$(readlink "/proc/$pid/exe")" '^/run/stoke-exe/' "where the init's program lives"
  # The attacker's way: hold the file while stoke runs, write once nothing executes it.
  exec 7<"/proc/$pid/exe" || fail "cannot open /proc/$pid/exe"
  ok st delete "$CID"
  assert_no_container "$CID"
  if (: >>/proc/self/fd/7) 2>"$T/open.err"; then
    exec 7<&-
    fail "the init's program could be reopened for writing once stoke was gone"
  fi
  exec 7<&-
  assert_contains "$(cat "$T/open.err")" "Read-only file system" "why writing failed"
  assert_eq "$(_sha "$STOKE")" "$sha" "sha256 of the runtime binary"
}
