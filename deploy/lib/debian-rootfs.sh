# Sourced by the image builds (build-python-images.sh, build-node-image.sh, build-service-images.sh): one way to make
# a Debian bookworm root filesystem from the machine's own mirror, the only package source reachable offline.
#   debian_rootfs <work dir> <root>   empties <work dir>, debootstraps minbase into <root> (inside it, its log beside),
#                                     and leaves it ready for apt in a chroot: the mirror's bookworm, updates and
#                                     security lists, the host's resolv.conf, and dpkg without fsync per file (the
#                                     tree is thrown away if a build stops half-way; dpkg takes minutes otherwise).
# Blank resolv.conf and remove /etc/dpkg/dpkg.cfg.d/arena-unsafe-io before importing the tree as an image.
debian_mirror() {
  local mirror=${MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
  [ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "$mirror"
}

debian_rootfs() {
  local work=$1 root=$2 mirror
  mirror=$(debian_mirror)
  command -v debootstrap >/dev/null || apt-get install -y -o DPkg::Lock::Timeout=300 debootstrap
  rm -rf "$work"; mkdir -p "$work"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log"
  cat > "$root/etc/apt/sources.list" <<SRC
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
SRC
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  echo force-unsafe-io > "$root/etc/dpkg/dpkg.cfg.d/arena-unsafe-io"
}
