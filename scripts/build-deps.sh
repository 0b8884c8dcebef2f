#!/usr/bin/env bash
# Installs, with apt, the Debian 12 packages Nestbox needs to build and run (and, with --test,
# to run its test suite). Does nothing for packages already installed; NESTBOX_SKIP_APT=1 skips it.
set -euo pipefail

BUILD_PACKAGES=(cmake g++ ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6 libgl-dev
  libpoco-dev libargon2-dev libssl-dev libmariadb-dev libsqlite3-dev librabbitmq-dev qtkeychain-qt6-dev
  libvips-dev libavahi-client-dev)
TEST_PACKAGES=(mariadb-server redis-server rabbitmq-server xvfb xauth fonts-noto-cjk curl clang libclang-rt-14-dev nginx)
TEST_PACKAGES+=(avahi-daemon avahi-utils dbus)  # tests/services/avahi.sh
TEST_PACKAGES+=(ceph-mon ceph-osd radosgw ceph-common)  # tests/services/ceph.sh
# The .deb packages (installer/): rsvg-convert renders the app's PNG icons, dpkg-shlibdeps
# computes each package's Depends for cpack.
BUILD_PACKAGES+=(librsvg2-bin dpkg-dev)
# tests/packaging: lintian, a debootstrap root, AppStream validation,
# the API calls, the TLS fingerprint, the Xvfb screenshot (xwininfo, netpbm) and the network namespace (iproute2)
TEST_PACKAGES+=(lintian debootstrap appstream jq openssl x11-utils netpbm iproute2)
TEST_PACKAGES+=(gnome-keyring dbus-daemon)  # tests/app/tst_keychain.cpp: a real Secret Service

want=("${BUILD_PACKAGES[@]}")
if [[ "${1:-}" == "--test" ]]; then
  want+=("${TEST_PACKAGES[@]}")
fi

if [[ "${NESTBOX_SKIP_APT:-0}" == "1" ]]; then
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} == 0 )); then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
