# shellcheck shell=bash
# config.json handling: versions, unknown fields, root path, sysctl, annotations.

test_config_accepts_1x_versions() {
  local v
  make_bundle b true
  for v in 1.0.0 1.0.2 1.0.2-dev 1.1.0 1.2.0 1.3.0; do
    cfg b '.ociVersion = $v' --arg v "$v"
    try st run -b b "$CID"
    [ "$RC" -eq 0 ] || fail "ociVersion $v refused: $ERR"
  done
  assert_no_container "$CID"
}

test_config_ignores_unknown_fields() {
  make_bundle b echo fine
  cfg b '. + {"x-vendor-extension": {"a": [1, 2]}} | .process.futureField = true
    | .linux.futureThing = {"k": "v"}'
  ok st run -b b "$CID"
  assert_eq "$OUT" fine
}

test_config_root_path_custom_name() {
  make_bundle b echo from-other-root
  mv b/rootfs b/myroot
  cfg b '.root.path = "myroot"'
  ok st run -b b "$CID"
  assert_eq "$OUT" from-other-root
}

test_config_root_path_absolute() {
  make_bundle b cat /marker
  mv b/rootfs "$T/elsewhere"
  echo absolute-root >"$T/elsewhere/marker"
  cfg b '.root.path = $p' --arg p "$T/elsewhere"
  ok st run -b b "$CID"
  assert_eq "$OUT" absolute-root
}

test_config_root_readonly() {
  make_bundle b sh -c 'touch /newfile && echo root-writable; touch /tmp/x && echo tmp-writable; true'
  add_tmp b
  ok st run -b b "$CID"
  assert_not_contains "$OUT" root-writable "output with root.readonly"
  assert_contains "$OUT" tmp-writable "output with root.readonly (/tmp is a tmpfs)"
  assert_no_file b/rootfs/newfile
}

test_config_root_writable() {
  make_bundle b sh -c 'echo data > /newfile && echo root-writable'
  cfg b '.root.readonly = false'
  ok st run -b b "$CID"
  assert_eq "$OUT" root-writable
  assert_eq "$(cat b/rootfs/newfile)" data "file written by the container in the rootfs"
}

test_config_sysctl() {
  make_bundle b sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/msgmax'
  cfg b '.linux.sysctl = {"net.ipv4.ip_forward": "1", "kernel.msgmax": "12345"}'
  ok st run -b b "$CID"
  assert_eq "$(printf '%s\n' "$OUT" | tr '\n' ' ')" "1 12345 " "sysctls inside"
  assert_ne "$(cat /proc/sys/kernel/msgmax)" 12345 "host's kernel.msgmax"
}

test_config_annotations_in_list_json() {
  make_bundle b sleep 1000
  cfg b '.annotations = {"a.b/c": "d e"}'
  ok st create -b b "$CID"
  ok st state "$CID"
  assert_eq "$(jq -r '.annotations["a.b/c"]' <<<"$OUT")" "d e" "annotations in state"
  ok st delete -f "$CID"
}

test_config_bundle_path_with_spaces() {
  make_bundle "$T/my bundle" echo spaced
  ok st run -b "$T/my bundle" "$CID"
  assert_eq "$OUT" spaced
}

test_config_masked_paths() {
  make_bundle b sh -c 'cat /secret-file; ls /secret-dir; echo end'
  echo top-secret >b/rootfs/secret-file
  mkdir b/rootfs/secret-dir && touch b/rootfs/secret-dir/hidden
  cfg b '.linux.maskedPaths += ["/secret-file", "/secret-dir", "/does-not-exist"]'
  ok st run -b b "$CID"
  assert_not_contains "$OUT" top-secret "masked file"
  assert_not_contains "$OUT" hidden "masked directory"
  assert_contains "$OUT" end "output"
}

test_config_default_masked_proc_file() {
  local p f=
  # the first of the default masked /proc files that this kernel has, and that has content
  for p in /proc/kcore /proc/timer_list /proc/keys /proc/sched_debug /proc/latency_stats; do
    [ -n "$(head -c 1 "$p" 2>/dev/null)" ] && f=$p && break
  done
  [ -n "$f" ] || skip "none of the default masked /proc files exists here"
  make_bundle b sh -c 'wc -c < "$1"' sh "$f"
  jq -e --arg f "$f" '.linux.maskedPaths | index($f)' b/config.json >/dev/null || fail "$f is not in the default maskedPaths"
  ok st run -b b "$CID"
  assert_eq "$OUT" 0 "bytes read from masked $f"
}

test_config_readonly_paths() {
  make_bundle b sh -c 'echo x > /ro-dir/f && echo ro-dir-writable; echo x > /rw-dir/f && echo rw-dir-writable
    echo 1 > /proc/sys/kernel/domainname && echo proc-sys-writable; true'
  mkdir b/rootfs/ro-dir b/rootfs/rw-dir
  cfg b '.root.readonly = false | .linux.readonlyPaths += ["/ro-dir"]'
  ok st run -b b "$CID"
  assert_not_contains "$OUT" ro-dir-writable "output (/ro-dir is in readonlyPaths)"
  assert_contains "$OUT" rw-dir-writable "output (/rw-dir is not)"
  assert_not_contains "$OUT" proc-sys-writable "output (/proc/sys is read-only by default)"
}
