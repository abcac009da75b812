#!/usr/bin/env bash
# A second, real libvirt host on this machine, for kvmlab's multi-host tests (run as root).
#
#   scripts/second-host.sh start        start it (idempotent); prints its URI, qemu+tcp://10.231.0.2/system
#   scripts/second-host.sh stop         stop it and everything it ran, remove its namespace and its state folder
#   scripts/second-host.sh status       say whether it answers (exit 0 when it does, 3 when not)
#   scripts/second-host.sh kill-daemon  SIGKILL its libvirtd only (a host that dies); its QEMUs keep running
#   scripts/second-host.sh freeze-daemon / thaw-daemon
#                                       SIGSTOP / SIGCONT its libvirtd (a host that hangs: TCP is still accepted,
#                                       nothing is ever answered)
#
# The host is a network namespace (kvmlab-h2) joined to this machine by a veth pair (10.231.0.1 here,
# 10.231.0.2 there), in which a second virtlogd and libvirtd run from the machine's own binaries, but in a mount
# namespace of their own where /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/cache/libvirt and
# /var/log/libvirt are folders under KVMLAB_H2_DIR (default /var/tmp/kvmlab-h2). They share nothing stateful with
# the machine's libvirtd: guests, networks, pools, sockets, logs and capability caches are all their own. Guests
# on it run as libvirt-qemu like the machine's, so disk folders must be reachable for that user.
#
# SECURITY: this libvirtd listens on plain TCP with auth_tcp = "none": whoever reaches 10.231.0.2:16509 controls
# it as root. It is bound to that address only, which exists only inside the namespace and is reached only from
# this machine over the veth pair (the namespace has no other link and no route out); on this machine, a firewall
# rule lets only root's connections through, so local users cannot use it to become root. For tests only: never
# run a libvirtd like this in production, where a remote host is reached with qemu+ssh or qemu+tls.
#
# Settings: KVMLAB_H2_DIR (state folder), KVMLAB_H2_WAIT (seconds to wait for libvirtd, default 60),
# KVMLAB_IMAGES (when set, start checks QEMU can read the guest image there). Guests' disks belong in
# KVMLAB_H2_DIR/disks (QEMU can enter it). Needs iproute2 and util-linux (nsenter, unshare, runuser).
set -euo pipefail

NS=kvmlab-h2
HOST_IF=kvmlab-h2-host
NS_IF=kvmlab-h2-ns
HOST_ADDR=10.231.0.1
NS_ADDR=10.231.0.2
PORT=16509
URI="qemu+tcp://$NS_ADDR/system"
DIR=$(realpath -m "${KVMLAB_H2_DIR:-/var/tmp/kvmlab-h2}")
WAIT=${KVMLAB_H2_WAIT:-60}
# Marks a state folder this script made, so that stop never deletes a folder it did not make.
MARK=.kvmlab-second-host

say() { printf 'second-host: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

answers() { timeout 10 virsh -c "$URI" version >/dev/null 2>&1; }

# The pid in a pid file, when that process is alive, is the named program, and lives in our network namespace;
# anything else (a stale file, a recycled pid) is not ours.
our_pid() {
  local file=$1 name=$2 pid
  [ -r "$file" ] || return 1
  pid=$(tr -dc 0-9 <"$file")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
  [ "$(ip netns identify "$pid" 2>/dev/null)" = "$NS" ] || return 1
  echo "$pid"
}

libvirtd_pid() { our_pid "$DIR/libvirtd.pid" libvirtd; }
has_namespace() { ip netns list | grep -q "^$NS\( \|\$\)"; }
virtlogd_pid() { our_pid "$DIR/virtlogd.pid" virtlogd; }

make_namespace() {
  has_namespace || ip netns add "$NS"
  if ! ip -n "$NS" link show "$NS_IF" >/dev/null 2>&1; then
    ip link delete "$HOST_IF" 2>/dev/null || true
    ip link add "$HOST_IF" type veth peer name "$NS_IF" netns "$NS"
  fi
  ip addr replace "$HOST_ADDR/24" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  ip -n "$NS" addr replace "$NS_ADDR/24" dev "$NS_IF"
  ip -n "$NS" link set "$NS_IF" up
  ip -n "$NS" link set lo up
  root_only
}

# The rule that turns away local users other than root (iptables comes with libvirt-daemon-system).
ROOT_ONLY=(OUTPUT -o "$HOST_IF" -d "$NS_ADDR" -p tcp --dport "$PORT" -m owner ! --uid-owner 0
           -j REJECT --reject-with tcp-reset)
root_only() {
  iptables -C "${ROOT_ONLY[@]}" 2>/dev/null || iptables -I "${ROOT_ONLY[@]}"
}

# The machine's configuration files, not its definitions (guests, networks, pools live beside them in
# /etc/libvirt), with TCP listening on the namespace's address only and logs kept in the state folder.
make_state() {
  if [ -e "$DIR" ] && [ ! -e "$DIR/$MARK" ] && [ -n "$(ls -A "$DIR")" ]; then
    die "$DIR is not empty and was not made by this script: set KVMLAB_H2_DIR to a new folder"
  fi
  mkdir -p "$DIR"
  touch "$DIR/$MARK"
  [ -f "$DIR/etc/libvirtd.conf" ] && return 0
  mkdir -p "$DIR"/{etc,run,lib,cache,log,disks}
  cp /etc/libvirt/*.conf "$DIR/etc/"
  [ -d /etc/libvirt/nwfilter ] && cp -r /etc/libvirt/nwfilter "$DIR/etc/"
  cat >>"$DIR/etc/libvirtd.conf" <<EOF

# kvmlab second test host: plain TCP, no authentication, on the namespace's address only (see second-host.sh)
listen_tls = 0
listen_tcp = 1
listen_addr = "$NS_ADDR"
auth_tcp = "none"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
EOF
  cat >>"$DIR/etc/virtlogd.conf" <<EOF

log_outputs = "3:file:/var/log/libvirt/virtlogd.log"
EOF
  # QEMU (libvirt-qemu) walks through the state folder to the session disks; nothing else there is for it
  chmod 0711 "$DIR" "$DIR/disks"
}

# QEMU runs as libvirt-qemu on this host too: it must reach the disk folder and read the guest image.
check_qemu_access() {
  id libvirt-qemu >/dev/null 2>&1 || return 0
  runuser -u libvirt-qemu -- test -x "$DIR/disks" \
    || die "QEMU (user libvirt-qemu) cannot enter $DIR/disks: give it search (x) permission on every parent folder"
  if [ -n "${KVMLAB_IMAGES:-}" ] && [ -e "$KVMLAB_IMAGES/current" ]; then
    local file
    for file in "$KVMLAB_IMAGES"/current/{vmlinux,initramfs.img,base.qcow2}; do
      [ -e "$file" ] || continue
      runuser -u libvirt-qemu -- test -r "$file" \
        || die "QEMU (user libvirt-qemu) cannot read $file: let it pass through the folders above it (setfacl -m u:libvirt-qemu:x)"
    done
  fi
}

# The first start makes a mount namespace inside the network namespace, with the state folders over libvirt's
# own paths, and a host name of its own (so the two hosts do not report the same name); the daemons keep both
# alive. A daemon started again later (after kill-daemon, or a half-failed start) joins the namespaces of the one
# still running, where the QEMUs a killed libvirtd left behind still are.
start_daemons() {
  local logd libvirtd
  logd=$(virtlogd_pid || true)
  libvirtd=$(libvirtd_pid || true)
  if [ -n "$logd" ] || [ -n "$libvirtd" ]; then
    local in=(nsenter --target "${logd:-$libvirtd}" --mount --net --uts --)
    [ -n "$logd" ] || "${in[@]}" virtlogd -d --pid-file "$DIR/virtlogd.pid"
    [ -n "$libvirtd" ] || "${in[@]}" libvirtd -d --listen --pid-file "$DIR/libvirtd.pid"
    return 0
  fi
  # 'ip netns exec' mounts a sysfs of the namespace's own over /sys, which hides the cgroup filesystems under it;
  # without them libvirt runs guests with no cgroups and refuses <cputune>/<memtune>, which labs use. So the
  # cgroup tree is first bound to a folder outside /sys (in a mount namespace of its own), then back under the new
  # /sys. Guests of both hosts then share the machine's "machine" cgroup, as guests of one host do.
  mkdir -p "$DIR/cgroup"
  # shellcheck disable=SC2016 # expanded by the inner shells, from their arguments
  unshare --mount --propagation private -- sh -euc '
    mount --rbind /sys/fs/cgroup "$1/cgroup"
    exec ip netns exec "$2" unshare --mount --uts --propagation private -- sh -euc "$3" second-host "$1" "$2"
  ' second-host "$DIR" "$NS" '
    dir=$1
    hostname "$2"
    # libvirt looks its host name up; the namespace has no DNS to ask
    { cat /etc/hosts; echo "'"$NS_ADDR"' $2"; } >"$dir/hosts"
    mount --bind "$dir/hosts" /etc/hosts
    mount --rbind "$dir/cgroup" /sys/fs/cgroup
    umount --lazy "$dir/cgroup"
    mount --bind "$dir/etc" /etc/libvirt
    mount --bind "$dir/run" /run/libvirt
    mount --bind "$dir/lib" /var/lib/libvirt
    mkdir -p /var/cache/libvirt /var/log/libvirt
    mount --bind "$dir/cache" /var/cache/libvirt
    mount --bind "$dir/log" /var/log/libvirt
    virtlogd -d --pid-file "$dir/virtlogd.pid"
    libvirtd -d --listen --pid-file "$dir/libvirtd.pid"
  '
}

wait_until_it_answers() {
  local deadline=$((SECONDS + WAIT))
  until answers; do
    if [ $SECONDS -ge $deadline ]; then
      say "libvirtd at $URI did not answer within ${WAIT}s; the end of its log ($DIR/log/libvirtd.log):"
      tail -n 20 "$DIR/log/libvirtd.log" >&2 2>/dev/null || true
      die "run '$0 stop' to clean up, then try again"
    fi
    sleep 0.2
  done
}

# A process is gone when /proc no longer has it, or only as a zombie its parent has not reaped yet (the state
# follows the command name in /proc/PID/stat).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ ${stat##*) } != Z* ]]
}

# Waits up to $1 tenths of a second until none of the other arguments (pids) is alive; fails when some still are.
wait_gone() {
  local tenths=$1 pid living
  shift
  for _ in $(seq 0 "$tenths"); do
    living=
    for pid in "$@"; do alive "$pid" && living=$pid && break; done
    [ -z "$living" ] && return 0
    sleep 0.1
  done
  return 1
}

kill_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone 50 "$pid" || die "process $pid does not die"
}

cmd_start() {
  [ "$(id -u)" -eq 0 ] || die "a second libvirt host needs root (network namespace, libvirtd)"
  if libvirtd_pid >/dev/null && virtlogd_pid >/dev/null && answers; then
    echo "$URI"
    return 0
  fi
  make_state
  check_qemu_access
  make_namespace
  start_daemons
  wait_until_it_answers
  echo "$URI"
}

# Everything in the namespace is ours (libvirtd, virtlogd, QEMUs, any dnsmasq): ask them to stop, then make them.
cmd_stop() {
  [ "$(id -u)" -eq 0 ] || die "stopping the second libvirt host needs root"
  if has_namespace; then
    local pids pid
    read -ra pids <<<"$(ip netns pids "$NS" | tr '\n' ' ')"
    if [ ${#pids[@]} -gt 0 ]; then
      # a frozen libvirtd would never see SIGTERM: let it run again first
      kill -CONT "${pids[@]}" 2>/dev/null || true
      kill -TERM "${pids[@]}" 2>/dev/null || true
      if ! wait_gone 50 "${pids[@]}"; then
        for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
        wait_gone 50 "${pids[@]}" || die "some processes of the second host do not die: ${pids[*]}"
      fi
    fi
    ip netns delete "$NS"
  fi
  ip link delete "$HOST_IF" 2>/dev/null || true
  while iptables -C "${ROOT_ONLY[@]}" 2>/dev/null; do iptables -D "${ROOT_ONLY[@]}"; done
  if [ -e "$DIR/$MARK" ]; then
    rm -rf --one-file-system "$DIR"
  fi
  say "stopped"
}

cmd_status() {
  if answers; then
    echo "running: $URI answers (libvirtd pid $(libvirtd_pid || echo '?'))"
  else
    echo "not running: $URI does not answer"
    exit 3
  fi
}

signal_daemon() {
  local signal=$1 pid
  pid=$(libvirtd_pid) || die "the second host's libvirtd is not running"
  if [ "$signal" = KILL ]; then kill_pid "$pid"; else kill "-$signal" "$pid"; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill-daemon) signal_daemon KILL; say "libvirtd killed" ;;
  freeze-daemon) signal_daemon STOP; say "libvirtd frozen" ;;
  thaw-daemon) signal_daemon CONT; say "libvirtd thawed" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
