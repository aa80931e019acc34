# shellcheck shell=bash
# tests/lib.sh: helpers for stoke's integration tests, sourced by tests/run (bash).
#
# Each test function runs in its own bash process, cwd $T, with `set -u`. The runner exports:
#   REPO            absolute path of the repository
#   STOKE           absolute path of the runtime under test (STOKE_BIN, default $REPO/stoke)
#   T               fresh scratch directory for this test (kept when the test fails)
#   STOKE_ROOT_DIR  fresh state root for this test (passed as --root by `st`)
#   CID             a container id unique to this test (use "$CID-b" etc. for more)
#   HELPERS         directory holding the compiled helpers (recvtty)
#   ROOTFS_CACHE    busybox rootfs built once per run (make_bundle copies it)
#   CG2             the cgroup2 mount (/sys/fs/cgroup/unified or /sys/fs/cgroup), or empty
#   CG_STOKE        $CG2/stoke, where stoke puts containers by default
#
# Conventions: `try CMD...` runs a command and records RC, OUT, ERR (stdout/stderr without the
# trailing newline); `ok` is try + "must succeed", `assert_fails` is try + "must fail". Assertions
# call `fail REASON`, which ends the test. No assertion is meant to run inside $(...).

# ---------------------------------------------------------------- outcome

fail() {
  printf '%s\n' "$*" >"$T/.reason"
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

skip() {
  printf '%s\n' "$*" >"$T/.skip"
  exit 77
}

need() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || skip "needs $c"
  done
}

# On failure (or timeout via SIGTERM), remove whatever the test left running so that the runner's
# leak report is about the runtime, not about an aborted test. On success nothing is cleaned:
# a passing test must have deleted its containers itself, and the runner checks that it did.
_lib_on_exit() {
  local rc=$? id
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
    for id in $(cd "$STOKE_ROOT_DIR" 2>/dev/null && ls -A); do
      timeout 10 "$STOKE" --root "$STOKE_ROOT_DIR" delete --force "$id" >/dev/null 2>&1
    done
    # shellcheck disable=SC2046
    kill -9 $(jobs -p) 2>/dev/null
  fi
  return "$rc"
}
trap _lib_on_exit EXIT
trap 'exit 143' TERM

# ---------------------------------------------------------------- running things

# st ARGS...: the runtime under test with this test's state root.
st() {
  "$STOKE" --root "$STOKE_ROOT_DIR" "$@"
}

# st_bg ARGS...: same, in the background; $! is the runtime's own pid (the child execs it).
st_bg() {
  "$STOKE" --root "$STOKE_ROOT_DIR" "$@" &
}

# try CMD...: run CMD, set RC, OUT, ERR. stdin is inherited.
try() {
  "$@" >"$T/.try.out" 2>"$T/.try.err"
  RC=$?
  OUT=$(cat "$T/.try.out")
  ERR=$(cat "$T/.try.err")
  return 0
}

_show() {
  local s="" a
  for a in "$@"; do
    case $a in
      *[!A-Za-z0-9_./:=+-]* | '') s="$s '${a//\'/\'\\\'\'}'" ;;
      *) s="$s $a" ;;
    esac
  done
  printf '%s' "${s# }"
}

_tail_err() {
  printf '%s' "$ERR" | tail -n 3 | tr '\n' '|' | cut -c1-300
}

# ok CMD...: run CMD, fail the test unless it exits 0.
ok() {
  try "$@"
  [ "$RC" -eq 0 ] || fail "\`$(_show "$@")\` exited $RC: $(_tail_err)"
}

# assert_fails CMD...: run CMD, fail the test unless it exits non-zero.
assert_fails() {
  try "$@"
  [ "$RC" -ne 0 ] || fail "\`$(_show "$@")\` succeeded but should have failed (stdout: $(_oneline "$OUT" 200))"
}

# assert_status N CMD...: run CMD, fail unless it exits exactly N.
assert_status() {
  local want=$1
  shift
  try "$@"
  [ "$RC" -eq "$want" ] || fail "\`$(_show "$@")\` exited $RC, expected $want: $(_tail_err)"
}

# ---------------------------------------------------------------- assertions

# _oneline TEXT [MAX]: TEXT cut to MAX bytes (default 400) on one line, newlines shown as \n.
_oneline() {
  printf '%s' "$1" | head -c "${2:-400}" | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }'
}

assert_eq() { # ACTUAL EXPECTED [WHAT]
  [ "$1" = "$2" ] || fail "${3:-value}: expected '$(_oneline "$2")', got '$(_oneline "$1")'"
}

assert_ne() { # ACTUAL UNEXPECTED [WHAT]
  [ "$1" != "$2" ] || fail "${3:-value}: expected something other than '$(_oneline "$2")'"
}

assert_contains() { # HAYSTACK NEEDLE [WHAT]
  case $1 in
    *"$2"*) ;;
    *) fail "${3:-output} does not contain '$2'; it is: $(_oneline "$1")" ;;
  esac
}

assert_not_contains() { # HAYSTACK NEEDLE [WHAT]
  case $1 in
    *"$2"*) fail "${3:-output} contains '$2' but should not; it is: $(_oneline "$1")" ;;
  esac
}

assert_match() { # HAYSTACK ERE [WHAT]: some line of HAYSTACK matches ERE
  printf '%s\n' "$1" | grep -Eq -- "$2" ||
    fail "${3:-output} does not match /$2/; it is: $(_oneline "$1")"
}

assert_no_match() { # HAYSTACK ERE [WHAT]
  if printf '%s\n' "$1" | grep -Eq -- "$2"; then
    fail "${3:-output} matches /$2/ but should not; it is: $(_oneline "$1")"
  fi
}

assert_file() { [ -e "$1" ] || fail "${2:-$1} does not exist"; }
assert_no_file() { [ ! -e "$1" ] && [ ! -L "$1" ] || fail "${2:-$1} exists but should not"; }

# assert_one_line_error: the last try's stderr is exactly one non-empty line "stoke: MSG".
assert_one_line_error() {
  local n
  n=$(printf '%s' "$ERR" | grep -c '')
  [ "$n" -eq 1 ] || fail "expected exactly one line on stderr, got $n: $(_oneline "$ERR" 500)"
  case $ERR in
    'stoke: '?*) ;;
    *) fail "stderr should start with 'stoke: ': $ERR" ;;
  esac
}

# assert_no_container ID: nothing of container ID is left: no state dir, `state` fails, no cgroup
# dir, and (when no other container exists) no process of the test's bundles (cwd, root or root
# mount under $T) besides the test itself.
assert_no_container() {
  local id=$1 rc pids plain=1
  # with an id that is not a plain name, callers compare the state root listing themselves
  case $id in '' | . | .. | */*) plain= ;; esac
  if [ -n "$plain" ]; then
    [ ! -e "$STOKE_ROOT_DIR/$id" ] || fail "state directory $STOKE_ROOT_DIR/$id still exists"
  fi
  "$STOKE" --root "$STOKE_ROOT_DIR" state "$id" >/dev/null 2>&1
  rc=$?
  [ "$rc" -ne 0 ] || fail "\`stoke state $id\` still succeeds"
  if [ -n "${CG_STOKE-}" ] && [ -n "$plain" ]; then
    [ ! -e "$CG_STOKE/$id" ] || fail "cgroup $CG_STOKE/$id still exists"
  fi
  # Processes of this test's bundles: only meaningful when no other container is around.
  if [ -z "$(find "$STOKE_ROOT_DIR" -mindepth 1 -maxdepth 1 -type d 2>/dev/null)" ]; then
    pids=$(foreign_procs_in "$T")
    # shellcheck disable=SC2086
    [ -z "$pids" ] || fail "processes left behind: $(describe_pids $pids)"
  fi
}

# ---------------------------------------------------------------- processes

# procs_in DIR: pids of the processes whose cwd or root is DIR or below, or whose root mount (in
# their own mount namespace: containers) is a directory under DIR. Run it with a cwd outside DIR.
procs_in() {
  local dir=$1 tail re
  # The root mount's "root" field is relative to its filesystem, so match DIR's last two
  # components (unique: DIR is a mktemp directory).
  tail=/$(basename "$(dirname "$dir")")/$(basename "$dir")
  re=$(printf '%s' "$tail" | sed 's/[]\.[^$*+?(){}|/]/\\&/g')
  {
    find /proc/[0-9]*/cwd /proc/[0-9]*/root -maxdepth 0 \( -lname "$dir" -o -lname "$dir/*" \) \
      -print 2>/dev/null | cut -d/ -f3
    grep -lE "^[0-9]+ [0-9]+ [0-9]+:[0-9]+ [^ ]*$re(/[^ ]*)? / " /proc/[0-9]*/mountinfo 2>/dev/null |
      cut -d/ -f3
  } | sort -un
}

# foreign_procs_in DIR: procs_in DIR minus this shell and its ancestors.
foreign_procs_in() {
  local all p q anc=" "
  all=$(cd / && procs_in "$1")
  p=$BASHPID
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do
    anc="$anc$p "
    q=$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$p/status" 2>/dev/null)
    p=$q
  done
  for p in $all; do
    case $anc in *" $p "*) continue ;; esac
    [ -d "/proc/$p" ] && printf '%s\n' "$p"
  done
}

describe_pids() {
  local p
  for p in "$@"; do
    printf '%s(%s) ' "$p" "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-60)"
  done
}

pid_alive() { [ -n "$1" ] && [ "$1" -gt 0 ] 2>/dev/null && kill -0 "$1" 2>/dev/null; }

# wait_for WHAT SECONDS CMD...: poll CMD every 50 ms until it succeeds.
wait_for() {
  local what=$1 secs=$2 i=0 n
  shift 2
  n=$((secs * 20))
  while ! "$@" >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -lt "$n" ] || fail "timed out after ${secs}s waiting for $what"
    sleep 0.05
  done
}

# wait_gone PID [SECONDS]: wait until PID has exited (and, if it is our child, reap it).
wait_gone() {
  wait_for "pid $1 to exit" "${2:-10}" _pid_gone "$1"
}
_pid_gone() {
  ! kill -0 "$1" 2>/dev/null && return 0
  # a zombie counts as gone
  [ "$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)" = Z ]
}

# ---------------------------------------------------------------- container state

# state_field ID JQ-PATH: print a field of `stoke state ID` (empty on failure).
state_field() {
  "$STOKE" --root "$STOKE_ROOT_DIR" state "$1" 2>/dev/null | jq -r "$2" 2>/dev/null
}

_status_is() { [ "$(state_field "$1" .status)" = "$2" ]; }

# wait_status ID STATUS [SECONDS]
wait_status() {
  wait_for "container $1 to be $2 (it is '$(state_field "$1" .status)')" "${3:-10}" _status_is "$1" "$2"
}

# assert_status_is ID STATUS
assert_status_is() {
  ok st state "$1"
  local s
  s=$(printf '%s' "$OUT" | jq -r .status 2>/dev/null)
  assert_eq "$s" "$2" "status of $1"
}

# init_pid ID: the pid from `stoke state` (fails the test if it is not a live process).
INIT_PID=
get_init_pid() {
  ok st state "$1"
  INIT_PID=$(printf '%s' "$OUT" | jq -r .pid)
  pid_alive "$INIT_PID" || fail "state of $1 has pid '$INIT_PID', which is not a live process"
}

# ---------------------------------------------------------------- bundles

# build_rootfs DIR: a busybox-static root filesystem (the runner calls it once per run).
build_rootfs() {
  local dir=$1 bb tmp a
  bb=
  for a in /bin/busybox /usr/bin/busybox "$(command -v busybox 2>/dev/null)"; do
    [ -n "$a" ] && [ -x "$a" ] && bb=$a && break
  done
  [ -n "$bb" ] || { echo "busybox not found (install busybox-static)" >&2; return 1; }
  # A dynamically linked busybox would not run in a rootfs without libc.
  if ldd "$bb" >/dev/null 2>&1; then
    echo "$bb is dynamically linked (install busybox-static)" >&2
    return 1
  fi
  tmp=$dir.tmp.$$
  rm -rf "$tmp"
  mkdir -p "$tmp/bin" "$tmp/etc" "$tmp/proc" "$tmp/sys" "$tmp/dev" "$tmp/tmp" "$tmp/root" || return 1
  chmod 1777 "$tmp/tmp"
  cp "$bb" "$tmp/bin/busybox" || return 1
  chmod 0755 "$tmp/bin/busybox"
  for a in $("$tmp/bin/busybox" --list); do
    case $a in busybox | */*) continue ;; esac
    [ -e "$tmp/bin/$a" ] || ln -s busybox "$tmp/bin/$a" || return 1
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$tmp/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$tmp/etc/group"
  mv "$tmp" "$dir"
}

# json_array ARGS...: print ARGS as a JSON array of strings.
json_array() {
  local i=0 a filter="" jqargs=()
  for a in "$@"; do
    jqargs+=(--arg "a$i" "$a")
    filter="$filter${filter:+,}\$a$i"
    i=$((i + 1))
  done
  jq -nc "${jqargs[@]}" "[$filter]"
}

# cfg DIR 'JQ FILTER' [JQ OPTIONS...]: edit DIR/config.json in place.
cfg() {
  local dir=$1 filter=$2
  shift 2
  jq "$@" "$filter" "$dir/config.json" >"$dir/config.json.new" ||
    fail "jq filter failed on $dir/config.json: $filter"
  mv "$dir/config.json.new" "$dir/config.json"
}

# cfg_args DIR ARGS...: set process.args.
cfg_args() {
  local dir=$1
  shift
  cfg "$dir" '.process.args = $a' --argjson a "$(json_array "$@")"
}

# make_bundle DIR [CMD...]: busybox rootfs + `stoke spec` + terminal false (+ args).
make_bundle() {
  local dir=$1
  shift
  [ -n "${ROOTFS_CACHE-}" ] && [ -d "$ROOTFS_CACHE" ] || fail "no busybox rootfs cache (ROOTFS_CACHE)"
  mkdir -p "$dir" || fail "cannot create $dir"
  rm -rf "$dir/rootfs"
  cp -a "$ROOTFS_CACHE" "$dir/rootfs" || fail "cannot copy the rootfs to $dir"
  try st spec --bundle "$dir"
  [ "$RC" -eq 0 ] || fail "\`stoke spec --bundle $dir\` exited $RC: $(_tail_err)"
  [ -s "$dir/config.json" ] || fail "\`stoke spec --bundle $dir\` wrote no config.json"
  cfg "$dir" '.process.terminal = false'
  [ $# -eq 0 ] || cfg_args "$dir" "$@"
}

# add_mount DIR DEST TYPE SOURCE [OPTION...]
add_mount() {
  local dir=$1 dest=$2 type=$3 src=$4
  shift 4
  cfg "$dir" '.mounts += [{destination: $d, type: $t, source: $s, options: $o}]' \
    --arg d "$dest" --arg t "$type" --arg s "$src" --argjson o "$(json_array "$@")"
}

# add_bind DIR HOSTDIR DEST [OPTION...] (default options: rbind, rw)
add_bind() {
  local dir=$1 src=$2 dest=$3
  shift 3
  [ $# -gt 0 ] || set -- rbind rw
  add_mount "$dir" "$dest" bind "$src" "$@"
}

# add_tmp DIR: a writable tmpfs on /tmp (the default root is read-only).
add_tmp() {
  add_mount "$1" /tmp tmpfs tmpfs nosuid nodev mode=1777
}

# ns_inode PID NS: readlink of /proc/PID/ns/NS, e.g. "net:[4026531840]".
ns_link() { readlink "/proc/$1/ns/$2"; }

# host cgroup2 path of a process ("0::" line).
cgroup2_of() { sed -n 's/^0:://p' "/proc/$1/cgroup" 2>/dev/null; }

# sock_path NAME: set SOCK=$T/NAME, checked to fit in a unix socket address (108 bytes).
SOCK=
sock_path() {
  SOCK=$T/$1
  [ ${#SOCK} -lt 100 ] || fail "socket path $SOCK is too long for a unix socket; use a shorter checkout path"
}

# ns_add DIR TYPE: make sure namespace TYPE is in DIR/config.json (a spec may leave some out).
ns_add() {
  cfg "$1" 'if any(.linux.namespaces[]; .type == $t) then . else .linux.namespaces += [{"type": $t}] end' \
    --arg t "$2"
}

# assert_config_refused DIR TEXT...: `create` and `run` of bundle DIR both fail before anything
# exists, with one error line containing every TEXT (the JSON path of the field, say), and leave
# nothing behind.
assert_config_refused() {
  local dir=$1 text
  shift
  assert_fails st create -b "$dir" "$CID"
  assert_one_line_error
  for text in "$@"; do
    assert_contains "$ERR" "$text" "error of create"
  done
  assert_no_container "$CID"
  assert_fails st run -b "$dir" "$CID"
  assert_one_line_error
  assert_no_container "$CID"
}
