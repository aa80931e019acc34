#!/bin/sh
# tests/demo.sh (make demo): build a busybox bundle in ./demo/ and run one container that shows
# what it looks like from the inside. Exits with the container's status. Needs root.
# STOKE_BIN selects the runtime (default ./stoke).
if [ -z "${BASH_VERSION-}" ]; then
  exec bash "$0" "$@"
fi
set -u

cd "$(dirname "$0")/.." || exit 1
REPO=$(pwd -P)
STOKE=${STOKE_BIN:-$REPO/stoke}
case $STOKE in */*) STOKE=$(cd "$(dirname "$STOKE")" && pwd -P)/$(basename "$STOKE") ;; esac
DEMO=$REPO/demo
T=$DEMO
STOKE_ROOT_DIR=$DEMO/state
ROOTFS_CACHE=$DEMO/rootfs-cache
CID=stoke-demo
export STOKE STOKE_ROOT_DIR

if [ -t 1 ]; then
  say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
  say() { printf '\n== %s\n' "$*"; }
fi
die() {
  printf 'demo: %s\n' "$*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || die "run me as root (containers need it)"
[ -x "$STOKE" ] || die "$STOKE not found: run make first"
command -v jq >/dev/null || die "jq is missing: run contrib/install-deps.sh"

# shellcheck source=tests/lib.sh
. "$REPO/tests/lib.sh"
trap - EXIT TERM
# lib.sh's fail() writes to $T/.reason and exits; good enough for the demo too.

mkdir -p "$DEMO" "$STOKE_ROOT_DIR"
"$STOKE" --root "$STOKE_ROOT_DIR" delete --force "$CID" >/dev/null 2>&1
rm -rf "$DEMO/bundle"
if [ ! -d "$ROOTFS_CACHE" ]; then
  build_rootfs "$ROOTFS_CACHE" || die "cannot build the busybox rootfs (install busybox-static)"
fi

make_bundle "$DEMO/bundle" sh /demo-inside.sh
# What the container runs (written into the rootfs, which is read-only at run time).
cat >"$DEMO/bundle/rootfs/demo-inside.sh" <<'EOF'
h() { printf '\n-- %s\n' "$1"; }
h "hostname"
hostname
h "my pid (echo \$\$)"
echo $$
h "processes I can see"
ps -o pid,user,comm
h "namespaces: mine, then the host's"
for n in pid net ipc uts mnt cgroup user; do
  printf '%-7s %-22s %s\n' "$n" "$(readlink /proc/self/ns/$n)" "$(cat /host-ns/$n 2>/dev/null)"
done
h "uid map (inside, outside, count)"
cat /proc/self/uid_map
h "who am I"
id
h "mounts (mount point, type)"
awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { printf "%-22s %s\n", $5, $(i + 1); break } }' /proc/self/mountinfo
h "network interfaces"
ls /sys/class/net
h "bye"
echo "exiting with status 0"
EOF
# Record the host's namespaces where the container can read them.
mkdir -p "$DEMO/host-ns"
for n in pid net ipc uts mnt cgroup user; do readlink "/proc/$$/ns/$n" >"$DEMO/host-ns/$n"; done
add_bind "$DEMO/bundle" "$DEMO/host-ns" /host-ns bind ro

say "stoke: $("$STOKE" --version | head -n 1)"
say "bundle: $DEMO/bundle (busybox), container id: $CID"
say "running: stoke run --bundle demo/bundle $CID"
"$STOKE" --root "$STOKE_ROOT_DIR" run --bundle "$DEMO/bundle" "$CID"
status=$?
"$STOKE" --root "$STOKE_ROOT_DIR" delete --force "$CID" >/dev/null 2>&1
rm -rf "$STOKE_ROOT_DIR"
say "the container exited with status $status"
exit "$status"
