#!/bin/sh
# Builds the geofence-device .deb for one architecture from a publish directory. Used by build.cake's Package target
# and by the Packaging tests, so both exercise the same layout.
#
#   build-deb.sh ARCH VERSION PAYLOAD_DIR OUT_DIR [self-contained | native-aot | framework-dependent]
#
# ARCH: arm64 | armhf | amd64. PAYLOAD_DIR: the publish output; it must contain an executable `geofence-device`
# (the NativeAOT or single-file binary, or the launcher script of a framework-dependent build). The flavour is named
# in the package description, so `dpkg-deb --info` tells which build a unit gets. Writes
# OUT_DIR/geofence-device_VERSION_ARCH.deb and its .sha256.
set -eu

arch=$1 version=$2 payload=$3 out=$4 flavour=${5:-self-contained}
here=$(cd "$(dirname "$0")" && pwd)
hardware=$(dirname "$here")

case "$arch" in arm64|armhf|amd64) ;; *) echo "unknown architecture: $arch" >&2; exit 2 ;; esac
case "$flavour" in self-contained|native-aot|framework-dependent) ;; *) echo "unknown flavour: $flavour" >&2; exit 2 ;; esac
[ -x "$payload/geofence-device" ] || { echo "$payload/geofence-device missing or not executable" >&2; exit 2; }

stage=$(mktemp -d)
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT
umask 022

install -d "$stage/DEBIAN" "$stage/usr/lib/geofence-device" "$stage/usr/bin" "$stage/lib/systemd/system" \
  "$stage/lib/udev/rules.d" "$stage/etc/geofence-device" "$stage/usr/share/doc/geofence-device"
cp -R "$payload/." "$stage/usr/lib/geofence-device/"
find "$stage/usr/lib/geofence-device" -type d -exec chmod 0755 {} +
find "$stage/usr/lib/geofence-device" -type f -exec chmod u=rwX,go=rX {} +
chmod 0755 "$stage/usr/lib/geofence-device/geofence-device"
ln -s ../lib/geofence-device/geofence-device "$stage/usr/bin/geofence-device"
install -m 0644 "$hardware/geofence-device.service" "$stage/lib/systemd/system/geofence-device.service"
install -m 0644 "$hardware/99-geofence-gnss.rules" "$stage/lib/udev/rules.d/99-geofence-gnss.rules"
install -m 0644 "$hardware/etc/appsettings.json" "$stage/etc/geofence-device/appsettings.json"
install -m 0644 "$hardware/README.md" "$stage/usr/share/doc/geofence-device/hardware.md"
install -m 0644 "$hardware/chrony-geofence.conf" "$stage/usr/share/doc/geofence-device/chrony-geofence.conf"
install -m 0644 "$hardware/chrony-geofence-socket.conf" "$stage/usr/share/doc/geofence-device/chrony-geofence-socket.conf"
for script in postinst prerm postrm; do
  install -m 0755 "$here/$script" "$stage/DEBIAN/$script"
done
echo /etc/geofence-device/appsettings.json > "$stage/DEBIAN/conffiles"

depends="adduser, libc6, libgcc-s1, libstdc++6, zlib1g, libssl3 | libssl1.1"
description="GeoFence.Device agent for Raspberry Pi GNSS survey units
 Reads the GNSS receiver, decides against a signed geofence policy whether to
 allow, redact or block each fix, and forwards only compliant data to brokers
 the policy approves. Installs a systemd unit (not enabled: install the signed
 policy, then systemctl enable --now geofence-device)."
if [ "$flavour" = framework-dependent ]; then
  depends="$depends, dotnet-runtime-10.0"
  description="$description
 .
 This build is framework-dependent: it needs the .NET 10 runtime
 (dotnet-runtime-10.0, with dotnet on /usr/bin) because no self-contained
 32-bit ARM runtime pack was available to build it."
elif [ "$flavour" = native-aot ]; then
  description="$description
 .
 NativeAOT build: one native executable, no .NET runtime needed."
else
  description="$description
 .
 Self-contained single-file build (JIT): no .NET runtime needed."
fi

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: geofence-device
Version: $version
Architecture: $arch
Maintainer: GeoFence.Device maintainers <maintainers@geofence-device.invalid>
Section: misc
Priority: optional
Installed-Size: $size
Depends: $depends
Recommends: chrony
Homepage: https://geofence-device.invalid/
Description: $description
CONTROL

mkdir -p "$out"
deb="$out/geofence-device_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
(cd "$out" && sha256sum "$(basename "$deb")" > "$(basename "$deb").sha256")
echo "$deb"
