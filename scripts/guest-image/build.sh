#!/usr/bin/env bash
# Builds the kvmlab lab guest from Debian packages only: a Debian kernel (uncompressed for fast TCG
# boots), an initramfs with busybox, the kernel modules a lab guest needs and the QEMU guest agent, and a
# small ext4 data disk as a read-only qcow2 base. The result lives in $OUT_ROOT/guest-<hash>, where the
# hash covers this folder and the exact package versions, so a rebuild happens only when an input changes.
# Prints the image folder on stdout; progress goes to stderr.
set -euo pipefail

OUT_ROOT=${1:?usage: build.sh IMAGES_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
log() { printf 'guest image: %s\n' "$*" >&2; }

# The kernel flavour is whatever linux-image-amd64 points at on this machine.
kernel_pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$kernel_pkg" ] || { log "cannot resolve linux-image-amd64 (run apt-get update)"; exit 1; }
packages=("$kernel_pkg" qemu-guest-agent busybox-static)
host_libs=(libc6 libglib2.0-0 libpcre2-8-0 libudev1 libnuma1 liburing2)

candidate() { apt-cache policy "$1" | awk '/Candidate:/ {print $2}'; }
installed() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }

inputs=$( {
  for p in "${packages[@]}"; do echo "$p=$(candidate "$p")"; done
  for p in "${host_libs[@]}"; do echo "$p=$(installed "$p")"; done
  (cd "$HERE" && sha256sum build.sh init shutdown)
} )
hash=$(printf '%s' "$inputs" | sha256sum | cut -c1-16)
out="$OUT_ROOT/guest-$hash"

if [ -f "$out/READY" ]; then
  log "up to date ($out)"
  ln -sfn "guest-$hash" "$OUT_ROOT/current"
  echo "$out"; exit 0
fi

log "building $out"
work=$(mktemp -d "${TMPDIR:-/tmp}/kvmlab-guest.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/x"
(cd "$work/debs" && apt-get download -q "${packages[@]}" >/dev/null 2>"$work/download.log") \
  || { cat "$work/download.log" >&2; exit 1; }
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/x"; done

kver=${kernel_pkg#linux-image-}
moddir="$work/x/lib/modules/$kver"
root="$work/root"
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,run,tmp,var/run,data,root,usr/bin,usr/sbin,lib64,lib/x86_64-linux-gnu,"lib/modules/$kver"}

# busybox and its applets (links are made at boot by the init script)
cp "$work/x/bin/busybox" "$root/bin/busybox"

# QEMU guest agent and the shared libraries it links against
cp "$work/x/usr/sbin/qemu-ga" "$root/usr/sbin/qemu-ga"
ldd "$work/x/usr/sbin/qemu-ga" | awk '/=> \// {print $3} /^[ \t]*\/lib64\// {print $1}' | while read -r lib; do
  cp -L "$lib" "$root$lib"
done

# kernel modules: the wanted set plus everything it depends on
wanted=(virtio_pci virtio_blk virtio_net virtio_console virtio-rng virtio_balloon virtio_scsi
        ata_piix sd_mod e1000 ext4 crc32c_generic)
declare -A seen=()
find_module() { find "$moddir/kernel" -name "$1.ko" -o -name "${1//_/-}.ko" -o -name "${1//-/_}.ko" | head -n1; }
add_module() {
  local name=$1 path deps dep
  [ -n "${seen[$name]:-}" ] && return 0
  seen[$name]=1
  path=$(find_module "$name")
  [ -n "$path" ] || { log "module $name not found (built in?)"; return 0; }
  mkdir -p "$root/lib/modules/$kver/$(dirname "${path#"$moddir/"}")"
  cp "$path" "$root/lib/modules/$kver/${path#"$moddir/"}"
  deps=$(grep -a -o 'depends=[^[:cntrl:]]*' "$path" | head -n1 | cut -d= -f2)
  for dep in ${deps//,/ }; do add_module "$dep"; done
}
for m in "${wanted[@]}"; do add_module "$m"; done
cp "$moddir"/modules.{order,builtin} "$root/lib/modules/$kver/" 2>/dev/null || true
busybox depmod -b "$root" "$kver"

install -m 0755 "$HERE/init" "$root/init"
install -m 0755 "$HERE/shutdown" "$root/sbin/shutdown"
echo kvmlab-guest > "$root/etc/hostname"
printf 'root::0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"

mkdir -p "$out.tmp"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp/initramfs.img"

# uncompressed kernel: QEMU boots an ELF vmlinux noticeably faster under TCG than a bzImage
bz="$work/x/boot/vmlinuz-$kver"
offset=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$bz" | head -n1 | cut -d: -f1)
[ -n "$offset" ] || offset=0
tail -c +"$((offset + 1))" "$bz" | xz -dc --single-stream > "$out.tmp/vmlinux" 2>/dev/null || true
[ -s "$out.tmp/vmlinux" ] || { log "could not extract vmlinux; using the bzImage"; cp "$bz" "$out.tmp/vmlinux"; }

# data disk: a small ext4 file system, made without mounting anything
mkdir -p "$work/disk/etc"
printf 'This disk belongs to a kvmlab lab guest.\n' > "$work/disk/README"
mkfs.ext4 -q -F -L kvmlab-data -d "$work/disk" "$work/base.raw" 64M >&2
qemu-img convert -q -f raw -O qcow2 -o compat=1.1 "$work/base.raw" "$out.tmp/base.qcow2"

chmod 0755 "$out.tmp"; chmod 0644 "$out.tmp"/*
printf '%s\n' "$inputs" > "$out.tmp/INPUTS"
rm -rf "$out"; mv "$out.tmp" "$out"; touch "$out/READY"
ln -sfn "guest-$hash" "$OUT_ROOT/current"
log "built $out ($(du -sh "$out" | cut -f1))"
echo "$out"
