#!/bin/sh
# Install the Debian packages stoke needs to build and test, when any is missing.
# Runs apt-get directly (no sudo: build machines may lack it); needs root for that.
set -eu

pkgs="pkg-config autoconf make gcc libc6-dev libseccomp-dev libyajl-dev libcap-dev libsystemd-dev
      busybox-static"
[ "${STOKE_DEPS_EXTRA-}" ] && pkgs="$pkgs $STOKE_DEPS_EXTRA"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing Debian packages:$missing (run as root on Debian/Ubuntu, or install them)" >&2
  exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
