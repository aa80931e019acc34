# shellcheck shell=bash
# Attributes of the container's process set just before exec: process.scheduler,
# process.ioPriority, process.execCPUAffinity, process.apparmorProfile and process.selinuxLabel.

# Fields 18, 19 and 41 of /proc/PID/stat: priority, nice, policy (the workloads here are busybox
# applets, whose comm has no blank to shift the fields).
_stat_fields='cut -d " " -f 18,19,41'

test_sched_fifo() {
  make_bundle b sh -c "$_stat_fields /proc/1/stat"
  cfg b '.process.scheduler = {"policy": "SCHED_FIFO", "priority": 10}'
  ok st run -b b "$CID"
  # priority is -1 - rt_priority for the real-time policies; SCHED_FIFO is 1
  assert_eq "$OUT" "-11 0 1" "priority, nice and policy of the workload"
}

test_sched_rr_reset_on_fork() {
  # cat is a child of the shell (a pipeline always forks): /proc/self is cat.
  make_bundle b sh -c "$_stat_fields /proc/1/stat; cat /proc/self/stat | $_stat_fields"
  cfg b '.process.scheduler = {"policy": "SCHED_RR", "priority": 5, "flags": ["SCHED_FLAG_RESET_ON_FORK"]}'
  ok st run -b b "$CID"
  assert_eq "$(sed -n 1p <<<"$OUT")" "-6 0 2" "priority, nice and policy of the workload (SCHED_RR)"
  assert_eq "$(sed -n 2p <<<"$OUT")" "20 0 0" "the same of its child (reset on fork to SCHED_OTHER)"
}

test_sched_batch_nice() {
  make_bundle b sh -c "$_stat_fields /proc/1/stat"
  cfg b '.process.scheduler = {"policy": "SCHED_BATCH", "nice": 7}'
  ok st run -b b "$CID"
  assert_eq "$OUT" "27 7 3" "priority, nice and policy (SCHED_BATCH, nice 7)"
}

test_sched_idle() {
  make_bundle b sh -c "$_stat_fields /proc/1/stat"
  cfg b '.process.scheduler = {"policy": "SCHED_IDLE"}'
  ok st run -b b "$CID"
  assert_eq "$(cut -d' ' -f3 <<<"$OUT")" 5 "policy (SCHED_IDLE)"
}

test_sched_deadline() {
  # A SCHED_DEADLINE task may not fork: the workload reads its own stat.
  make_bundle b cut -d " " -f 41 /proc/self/stat
  cfg b '.process.scheduler = {"policy": "SCHED_DEADLINE", "runtime": 1000000, "deadline": 10000000, "period": 10000000}'
  ok st run -b b "$CID"
  assert_eq "$OUT" 6 "policy (SCHED_DEADLINE)"
}

test_sched_unset_nice_is_zero() {
  # The spec: nice is 0 when not given, whatever the runtime's own; without a scheduler the
  # workload inherits it.
  make_bundle b sh -c "$_stat_fields /proc/1/stat"
  cfg b '.process.scheduler = {"policy": "SCHED_OTHER"}'
  ok nice -n 5 "$STOKE" --root "$STOKE_ROOT_DIR" run -b b "$CID"
  assert_eq "$OUT" "20 0 0" "priority, nice and policy (SCHED_OTHER, nice unset)"
  cfg b 'del(.process.scheduler)'
  ok nice -n 5 "$STOKE" --root "$STOKE_ROOT_DIR" run -b b "$CID"
  assert_eq "$OUT" "25 5 0" "priority, nice and policy without process.scheduler"
}

test_sched_refused() {
  make_bundle b true
  cfg b '.process.scheduler = {"policy": "SCHED_FOO"}'
  assert_config_refused b process.scheduler.policy SCHED_FOO
  cfg b '.process.scheduler = {"policy": "SCHED_ISO"}'
  assert_config_refused b process.scheduler.policy SCHED_ISO
  cfg b '.process.scheduler = {"policy": "SCHED_FIFO"}'
  assert_config_refused b process.scheduler.priority
  cfg b '.process.scheduler = {"policy": "SCHED_OTHER", "priority": 3}'
  assert_config_refused b process.scheduler.priority
  cfg b '.process.scheduler = {"policy": "SCHED_BATCH", "nice": 20}'
  assert_config_refused b process.scheduler.nice
  cfg b '.process.scheduler = {"policy": "SCHED_OTHER", "flags": ["SCHED_FLAG_TURBO"]}'
  assert_config_refused b 'process.scheduler.flags[0]' SCHED_FLAG_TURBO
  cfg b '.process.scheduler = {"policy": "SCHED_DEADLINE", "runtime": 2000000, "deadline": 1000000}'
  assert_config_refused b process.scheduler.runtime
}

test_ioprio_idle() {
  make_bundle b ionice -p 1
  cfg b '.process.ioPriority = {"class": "IOPRIO_CLASS_IDLE", "priority": 0}'
  ok st run -b b "$CID"
  assert_eq "$OUT" idle "I/O priority of the workload"
}

test_ioprio_be_and_rt() {
  make_bundle b sh -c 'ionice -p 1; ionice -p $$'
  cfg b '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 6}'
  ok st run -b b "$CID"
  assert_eq "$OUT" "best-effort: prio 6
best-effort: prio 6" "I/O priority of the workload and of the shell"
  cfg b '.process.ioPriority = {"class": "IOPRIO_CLASS_RT", "priority": 2}'
  ok st run -b b "$CID"
  assert_eq "$(sed -n 1p <<<"$OUT")" "realtime: prio 2" "I/O priority (IOPRIO_CLASS_RT)"
}

test_ioprio_refused() {
  make_bundle b true
  cfg b '.process.ioPriority = {"class": "IOPRIO_CLASS_FAST", "priority": 1}'
  assert_config_refused b process.ioPriority.class IOPRIO_CLASS_FAST
  cfg b '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 8}'
  assert_config_refused b process.ioPriority.priority
}

test_exec_cpu_affinity_not_for_init() {
  # The spec: execCPUAffinity is for processes `exec`ed into the container, "not applicable to
  # the container's init process": the workload keeps every CPU.
  local all
  all=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)
  make_bundle b sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status
  cfg b '.process.execCPUAffinity = {"initial": "0", "final": "0"}'
  ok st run -b b "$CID"
  assert_eq "$OUT" "$all" "CPUs of the init with execCPUAffinity"
}

test_exec_cpu_affinity_refused() {
  make_bundle b true
  cfg b '.process.execCPUAffinity = {"initial": "3-1"}'
  assert_config_refused b process.execCPUAffinity.initial
  cfg b '.process.execCPUAffinity = {"final": "0,x"}'
  assert_config_refused b process.execCPUAffinity.final
  cfg b '.process.execCPUAffinity = {"initial": "99999"}'
  assert_config_refused b process.execCPUAffinity.initial
}

test_apparmor_profile_needs_apparmor() {
  make_bundle b true
  cfg b '.process.apparmorProfile = "stoke-test"'
  if grep -qw apparmor /sys/kernel/security/lsm 2>/dev/null ||
    grep -q Y /sys/module/apparmor/parameters/enabled 2>/dev/null; then
    skip "AppArmor is enabled here"
  fi
  assert_config_refused b process.apparmorProfile AppArmor
}

test_selinux_label_needs_selinux() {
  make_bundle b true
  if grep -qw selinux /sys/kernel/security/lsm 2>/dev/null || [ -e /sys/fs/selinux/enforce ]; then
    skip "SELinux is enabled here"
  fi
  cfg b '.process.selinuxLabel = "system_u:system_r:container_t:s0"'
  assert_config_refused b process.selinuxLabel SELinux
  cfg b 'del(.process.selinuxLabel) | .linux.mountLabel = "system_u:object_r:container_file_t:s0"'
  assert_config_refused b linux.mountLabel SELinux
}

test_empty_labels_accepted() {
  # "" is what many generators write for "no label".
  make_bundle b true
  cfg b '.process.apparmorProfile = "" | .process.selinuxLabel = "" | .linux.mountLabel = ""'
  ok st run -b b "$CID"
}
