# shellcheck shell=bash
# Idmapped bind mounts: mounts[].uidMappings/gidMappings and the idmap/ridmap options. A mapping
# reads like a user namespace's, ids on disk on the containerID side: {containerID: 1000,
# hostID: 0} shows what uid 1000 owns on disk as owned by 0.

_overflow() { cat /proc/sys/kernel/overflowuid; }

# _idmap_mount DIR SOURCE DEST OPTIONS-JSON [UIDMAP-JSON GIDMAP-JSON]
_idmap_mount() {
  if [ $# -ge 6 ]; then
    cfg "$1" '.mounts += [{destination: $d, type: "bind", source: $s, options: $o,
      uidMappings: $u, gidMappings: $g}]' --arg s "$2" --arg d "$3" --argjson o "$4" \
      --argjson u "$5" --argjson g "$6"
  else
    cfg "$1" '.mounts += [{destination: $d, type: "bind", source: $s, options: $o}]' \
      --arg s "$2" --arg d "$3" --argjson o "$4"
  fi
}

_need_idmap_fs() {
  # The scratch dir's filesystem must support idmapped mounts (ext4, xfs, btrfs, tmpfs >= 6.3).
  case $(stat -f -c %T "$T") in
    ext2/ext3 | xfs | btrfs | tmpfs) ;;
    *) skip "the scratch filesystem ($(stat -f -c %T "$T")) may not support idmapped mounts" ;;
  esac
}

test_idmap_mount_shows_mapped_owner() {
  _need_idmap_fs
  mkdir -p src
  touch src/by-root src/by-1000
  chown 1000:1000 src/by-1000
  make_bundle b stat -c '%n %u %g' /m/by-1000 /m/by-root /plain/by-1000
  _idmap_mount b "$T/src" /m '["bind", "idmap"]' \
    '[{"containerID": 1000, "hostID": 0, "size": 1}]' '[{"containerID": 1000, "hostID": 0, "size": 1}]'
  add_bind b "$T/src" /plain bind
  ok st run -b b "$CID"
  assert_eq "$(sed -n 1p <<<"$OUT")" "/m/by-1000 0 0" "owner of a file of uid 1000 through the idmapped mount"
  assert_eq "$(sed -n 2p <<<"$OUT")" "/m/by-root $(_overflow) $(_overflow)" "owner of a file outside the mapping"
  assert_eq "$(sed -n 3p <<<"$OUT")" "/plain/by-1000 1000 1000" "owner through a plain bind of the same dir"
}

test_idmap_mount_writes_map_back() {
  _need_idmap_fs
  mkdir -p src
  chown 1000:1000 src
  make_bundle b sh -c 'touch /m/new && stat -c "%u %g" /m/new'
  _idmap_mount b "$T/src" /m '["rbind", "rw"]' \
    '[{"containerID": 1000, "hostID": 0, "size": 1}]' '[{"containerID": 1000, "hostID": 0, "size": 1}]'
  ok st run -b b "$CID"
  assert_eq "$OUT" "0 0" "owner of a file root made, inside"
  assert_eq "$(stat -c '%u %g' src/new)" "1000 1000" "owner of that file on disk"
}

test_idmap_mount_ro() {
  _need_idmap_fs
  mkdir -p src
  make_bundle b sh -c 'touch /m/x 2>/dev/null && echo writable; grep " /m " /proc/self/mountinfo'
  _idmap_mount b "$T/src" /m '["bind", "ro", "idmap"]' \
    '[{"containerID": 0, "hostID": 1000, "size": 1}]' '[{"containerID": 0, "hostID": 1000, "size": 1}]'
  ok st run -b b "$CID"
  assert_not_contains "$OUT" writable "the ro idmapped mount"
  assert_match "$OUT" ' /m ro,[^ ]*idmapped' "mountinfo of /m"
}

test_idmap_from_container_userns() {
  # "idmap" without mappings of its own takes the container's: what root owns on disk is root's
  # in the container; a plain bind shows it unmapped.
  _need_idmap_fs
  mkdir -p src
  touch src/by-root
  make_bundle b stat -c '%n %u %g' /m/by-root /plain/by-root
  mkdir b/rootfs/m b/rootfs/plain # root in the container is not root of the rootfs
  cfg b '.linux.namespaces += [{"type": "user"}]
    | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
  _idmap_mount b "$T/src" /m '["rbind", "idmap"]'
  add_bind b "$T/src" /plain bind
  ok st run -b b "$CID"
  assert_eq "$(sed -n 1p <<<"$OUT")" "/m/by-root 0 0" "owner through the idmapped mount, in the user namespace"
  assert_eq "$(sed -n 2p <<<"$OUT")" "/plain/by-root $(_overflow) $(_overflow)" "owner through a plain bind"
}

test_idmap_ridmap_maps_submounts() {
  # rbind + idmap maps the top mount only; ridmap every mount of the tree.
  _need_idmap_fs
  mkdir -p src/sub
  mount -t tmpfs -o size=1m tmpfs src/sub || fail "cannot mount a tmpfs on the host"
  touch src/sub/f
  chown 1000:1000 src/sub/f
  make_bundle b stat -c '%n %u' /i/sub/f /r/sub/f
  _idmap_mount b "$T/src" /i '["rbind", "idmap"]' \
    '[{"containerID": 1000, "hostID": 0, "size": 1}]' '[{"containerID": 1000, "hostID": 0, "size": 1}]'
  _idmap_mount b "$T/src" /r '["rbind", "ridmap"]' \
    '[{"containerID": 1000, "hostID": 0, "size": 1}]' '[{"containerID": 1000, "hostID": 0, "size": 1}]'
  try st run -b b "$CID"
  umount src/sub
  [ "$RC" -eq 0 ] || fail "run exited $RC: $ERR"
  assert_eq "$(sed -n 1p <<<"$OUT")" "/i/sub/f 1000" "owner in a submount with idmap (not mapped)"
  assert_eq "$(sed -n 2p <<<"$OUT")" "/r/sub/f 0" "owner in a submount with ridmap (mapped)"
}

test_idmap_refused() {
  make_bundle b true
  mkdir -p src
  _idmap_mount b "$T/src" /m '["bind"]' '[{"containerID": 0, "hostID": 1000, "size": 1}]' '[]'
  assert_config_refused b 'mounts[' gidMappings
  make_bundle c true
  cfg c '.mounts += [{destination: "/m", type: "tmpfs", source: "tmpfs", options: ["idmap"],
    uidMappings: [{containerID: 0, hostID: 1000, size: 1}], gidMappings: [{containerID: 0, hostID: 1000, size: 1}]}]'
  assert_config_refused c 'mounts[' "only bind mounts"
  make_bundle d true
  _idmap_mount d "$T/src" /m '["bind", "idmap"]'
  assert_config_refused d 'mounts[' "user namespace"
}

test_idmap_source_missing() {
  make_bundle b true
  _idmap_mount b "$T/no-such-dir" /m '["bind", "idmap"]' \
    '[{"containerID": 0, "hostID": 1000, "size": 1}]' '[{"containerID": 0, "hostID": 1000, "size": 1}]'
  assert_fails st run -b b "$CID"
  assert_one_line_error
  assert_contains "$ERR" "no-such-dir" "error"
  assert_no_container "$CID"
}

test_idmap_features() {
  ok st features
  assert_eq "$(jq -c .linux.mountExtensions.idmap <<<"$OUT")" '{"enabled":true}' "features: idmap"
  jq -e '.mountOptions | index("idmap") and index("ridmap")' <<<"$OUT" >/dev/null ||
    fail "features: mountOptions lacks idmap or ridmap"
}
