#!/usr/bin/env bash
# The packaging test (CTest `packaging.debian`, label `packaging`): builds the two .deb packages with
# cpack, checks their contents and lintian, installs them with apt into a clean Debian 12 root
# made by debootstrap (so their Depends are resolved from the mirror), and there
#   - checks the system user, the data directory, the conffile and the systemd unit;
#   - starts nestboxd exactly as the unit's ExecStart says, as the user `nestbox`, with the
#     packaged config, and waits for /readyz (plain HTTP, and HTTPS once nestboxd knows tls.*);
#   - uploads a PNG and waits for its thumbnail (nestboxd finds nestbox-thumbnailer);
#   - starts the app under Xvfb, signed in to that server, and keeps a screenshot;
#   - runs the app again on https://127.0.0.1:8443 only: it asks to trust the self-signed
#     certificate (its --script hook says yes), signs in and uploads a photo, which the API shows;
#   - purges both packages and checks the photos in /var/lib/nestbox survived.
# Needs root (debootstrap, chroot, mounts, a network namespace) and the Debian mirror.
#
# Usage: debian-install.sh BUILD_DIR VERSION RESULTS_FILE
#   NESTBOX_DEBIAN_MIRROR=URL    mirror for debootstrap (default: from apt's own sources)
#   NESTBOX_SCREENSHOT_DIR=DIR   also copy the screenshot there (as installed-app.png)
#   NESTBOX_KEEP_ROOT=1          keep the Debian root after a successful run
# Caches only inside BUILD_DIR (tests/packaging/cache): debootstrap's and apt's downloaded .debs.
set -uo pipefail

BUILD=$(cd "$1" && pwd)
VERSION=$2
RESULTS=$3
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$BUILD/tests/packaging/work
CACHE=$BUILD/tests/packaging/cache
ROOT=$WORK/root
SUITE=bookworm
ARCH=$(dpkg --print-architecture)
started=$(date +%s%N)

passed=0 failed=0 skipped=0
ok()   { passed=$((passed + 1)); echo "PASS   : packaging::$1"; }
bad()  { failed=$((failed + 1)); echo "FAIL!  : packaging::$1"; }
skip() { skipped=$((skipped + 1)); echo "SKIP   : packaging::$1"; }
check() { # name, command...
  local name=$1; shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}
phase_start=$(date +%s)
phase() { local now; now=$(date +%s); echo; echo "=== $* (+$((now - phase_start)) s)"; phase_start=$now; }

write_totals() {
  local ms=$(( ($(date +%s%N) - started) / 1000000 ))
  mkdir -p "$(dirname "$RESULTS")"
  printf 'Totals: %d passed, %d failed, %d skipped, 0 blacklisted, %dms\n' "$passed" "$failed" "$skipped" "$ms" \
    | tee "$RESULTS"
}
# A step that makes the rest meaningless: record it and stop.
fatal() { bad "$1"; echo "packaging: $2" >&2; write_totals; exit 1; }

if [[ $(id -u) -ne 0 ]]; then
  echo "packaging: needs root (debootstrap, chroot, mounts); skipped"
  skip "root"
  write_totals
  exit 77
fi
CPACK=${NESTBOX_CPACK:-cpack}
for tool in "$CPACK" nsenter debootstrap lintian dpkg-deb appstreamcli curl jq openssl ip xwininfo xwdtopnm pnmtopng ppmhist; do
  command -v "$tool" >/dev/null || { echo "packaging: $tool missing (scripts/build-deps.sh --test)" >&2; exit 1; }
done

# ---- cleanup: nothing of ours may outlive the test --------------------------------------------
NETNS=nestbox-pkg-$$
PIDS=()
mounted() { grep -q " $(realpath -m "$1") " /proc/self/mounts; }
unmount_root() {
  local m
  for m in dev/pts dev sys proc var/cache/apt/archives; do
    if mounted "$ROOT/$m"; then umount "$ROOT/$m" 2>/dev/null || umount -l "$ROOT/$m"; fi
  done
}
# Processes whose root directory is our Debian root: only ones this test started.
root_pids() { local p; for p in /proc/[0-9]*; do [[ $(readlink "$p/root" 2>/dev/null) == "$ROOT" ]] && echo "${p#/proc/}"; done; }
cleanup() {
  local pid
  for pid in "${PIDS[@]}" $(root_pids); do kill "$pid" 2>/dev/null; done
  for _ in $(seq 1 20); do [[ -z $(root_pids) ]] && break; sleep 0.25; done
  for pid in "${PIDS[@]}" $(root_pids); do kill -9 "$pid" 2>/dev/null; done
  ip netns del "$NETNS" 2>/dev/null
  unmount_root
}
trap cleanup EXIT

# A fresh root every run. Never rm -rf through a mount: unmount leftovers of a killed run first.
unmount_root
if grep -q " $ROOT/" /proc/self/mounts; then
  echo "packaging: something is still mounted under $ROOT; not deleting it" >&2; exit 1
fi
rm -rf --one-file-system "$WORK"
mkdir -p "$WORK/debs" "$CACHE/debootstrap" "$CACHE/apt/partial"

# ---- 1. build the packages --------------------------------------------------------------------
phase "cpack"
t0=$(date +%s)
if ! (cd "$BUILD" && "$CPACK" -G DEB -B "$WORK/debs") > "$WORK/cpack.log" 2>&1; then
  tail -n 30 "$WORK/cpack.log"
  fatal "cpack" "cpack failed (log: $WORK/cpack.log)"
fi
APP_DEB=$WORK/debs/nestbox_${VERSION}_${ARCH}.deb
SERVER_DEB=$WORK/debs/nestbox-server_${VERSION}_${ARCH}.deb
[[ -f $APP_DEB && -f $SERVER_DEB ]] || fatal "cpack" "expected $APP_DEB and $SERVER_DEB; got: $(ls "$WORK/debs")"
ok "cpack ($(( $(date +%s) - t0 )) s)"
ls -l "$WORK/debs"/*.deb

# ---- 2. what is in them -----------------------------------------------------------------------
phase "package contents"
field() { dpkg-deb -f "$1" "$2"; }
has() { dpkg-deb -c "$1" | awk '{print $6}' | grep -qx "./${2#/}"; }
for deb in "$APP_DEB" "$SERVER_DEB"; do
  echo "--- $(basename "$deb")"; dpkg-deb -f "$deb" Package Version Architecture Section Depends Recommends
done
check "versions are project(VERSION) $VERSION" \
  test "$(field "$APP_DEB" Version) $(field "$SERVER_DEB" Version)" = "$VERSION $VERSION"
check "app Depends from dpkg-shlibdeps (Qt, QtKeychain) + runtime plugins" \
  bash -c '[[ $0 == *libqt6widgets6* && $0 == *libqt6keychain1* && $0 == *libqt6svg6* && $0 == *libqt6sql6-sqlite* ]]' \
  "$(field "$APP_DEB" Depends)"
check "app Recommends nestbox-server" bash -c '[[ $0 == *nestbox-server* ]]' "$(field "$APP_DEB" Recommends)"
check "server Depends from dpkg-shlibdeps (Poco, libvips, OpenSSL) + adduser" \
  bash -c '[[ $0 == *libpoconet* && $0 == *libvips42* && $0 == *libssl3* && $0 == *adduser* ]]' \
  "$(field "$SERVER_DEB" Depends)"
app_files_ok=1
for f in /usr/bin/nestbox /usr/share/applications/nestbox.desktop /usr/share/icons/hicolor/scalable/apps/nestbox.svg \
         /usr/share/metainfo/org.nestbox.nestbox.metainfo.xml /usr/share/man/man1/nestbox.1.gz \
         /usr/share/doc/nestbox/copyright /usr/share/doc/nestbox/changelog.gz; do
  has "$APP_DEB" "$f" || { echo "missing in nestbox: $f"; app_files_ok=0; }
done
for size in 16 22 24 32 48 64 128 256 512; do
  has "$APP_DEB" "/usr/share/icons/hicolor/${size}x${size}/apps/nestbox.png" || { echo "missing icon $size"; app_files_ok=0; }
done
check "nestbox: binary, .desktop, 9 PNG + SVG icons, AppStream, man page, copyright, changelog" test $app_files_ok = 1
server_files_ok=1
for f in /usr/bin/nestboxd /usr/libexec/nestbox/nestbox-thumbnailer /lib/systemd/system/nestbox-server.service \
         /etc/nestbox/nestboxd.conf /usr/share/man/man8/nestboxd.8.gz /usr/share/doc/nestbox-server/copyright \
         /usr/share/doc/nestbox-server/changelog.gz; do
  has "$SERVER_DEB" "$f" || { echo "missing in nestbox-server: $f"; server_files_ok=0; }
done
check "nestbox-server: nestboxd, thumbnailer, unit, config, man page, copyright, changelog" test $server_files_ok = 1
mkdir -p "$WORK/app-x" "$WORK/server-ctl"
dpkg-deb -x "$APP_DEB" "$WORK/app-x"
dpkg-deb -e "$SERVER_DEB" "$WORK/server-ctl"
check "conffiles lists /etc/nestbox/nestboxd.conf" grep -qx /etc/nestbox/nestboxd.conf "$WORK/server-ctl/conffiles"
icons_ok=1
for size in 16 22 24 32 48 64 128 256 512; do
  dims=$(pngtopnm "$WORK/app-x/usr/share/icons/hicolor/${size}x${size}/apps/nestbox.png" 2>/dev/null | head -c 64 \
         | sed -n 2p)
  [[ $dims == "$size $size" ]] || { echo "icon ${size}x${size} is '$dims'"; icons_ok=0; }
done
check "every PNG icon has its directory's size" test $icons_ok = 1
check "AppStream metainfo valid (appstreamcli validate --no-net)" \
  appstreamcli validate --no-net "$WORK/app-x/usr/share/metainfo/org.nestbox.nestbox.metainfo.xml"

# ---- 3. lintian -------------------------------------------------------------------------------
phase "lintian"
lintian --display-info --tag-display-limit 0 "$APP_DEB" "$SERVER_DEB" > "$WORK/lintian.txt" 2>&1
cat "$WORK/lintian.txt"
echo "lintian: $(grep -c '^E:' "$WORK/lintian.txt") error(s), $(grep -c '^W:' "$WORK/lintian.txt") warning(s)," \
     "$(grep -c '^I:' "$WORK/lintian.txt") info(s) (full list: $WORK/lintian.txt)"
check "lintian: no errors" bash -c '! grep -q "^E:" "$0"' "$WORK/lintian.txt"

# ---- 4. a clean Debian 12 root ----------------------------------------------------------------
phase "debootstrap"
# The mirror and suites this machine's apt uses (deb822 or one-line sources alike).
mapfile -t SOURCES < <(apt-cache policy | awk -v s="$SUITE" '$2 ~ /^(https?|file):/ && $3 ~ "^" s "(-updates|-security)?/" {print $2, $3}' | sort -u)
MIRROR=${NESTBOX_DEBIAN_MIRROR:-}
if [[ -z $MIRROR ]]; then
  MIRROR=$(printf '%s\n' "${SOURCES[@]}" | awk -v s="$SUITE" '$2 == s "/main" {print $1; exit}')
fi
[[ -n $MIRROR ]] || fatal "mirror" "no Debian $SUITE mirror in apt's sources; set NESTBOX_DEBIAN_MIRROR"
echo "mirror: $MIRROR"
t0=$(date +%s)
if ! debootstrap --variant=minbase --cache-dir="$CACHE/debootstrap" "$SUITE" "$ROOT" "$MIRROR" > "$WORK/debootstrap.log" 2>&1; then
  tail -n 20 "$WORK/debootstrap.log"
  fatal "debootstrap" "debootstrap failed (log: $WORK/debootstrap.log)"
fi
ok "debootstrap --variant=minbase $SUITE ($(( $(date +%s) - t0 )) s)"

{
  echo "deb $MIRROR $SUITE main"
  for line in "${SOURCES[@]}"; do
    read -r uri suitecomp <<<"$line"
    [[ ${suitecomp%%/*} == "$SUITE" ]] && continue
    echo "deb $uri ${suitecomp%%/*} ${suitecomp#*/}"
  done
} > "$ROOT/etc/apt/sources.list"
cat "$ROOT/etc/apt/sources.list"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# Nothing starts by itself in the root (invoke-rc.d / deb-systemd-invoke ask this).
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
chmod 0755 "$ROOT/usr/sbin/policy-rc.d"
mount -t proc proc "$ROOT/proc"
mount --bind /sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
# apt's downloads are kept in the build directory for the next run.
mount --bind "$CACHE/apt" "$ROOT/var/cache/apt/archives"
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

# ---- 5. install the two packages with apt -----------------------------------------------------
phase "apt install"
cp "$APP_DEB" "$SERVER_DEB" "$ROOT/tmp/"
t0=$(date +%s)
in_root apt-get update -qq > "$WORK/apt.log" 2>&1 || { tail "$WORK/apt.log"; fatal "apt-get update" "apt-get update failed in the root"; }
# Our packages alone and without Recommends, so their Depends must be enough.
if in_root apt-get install -y --no-install-recommends "/tmp/$(basename "$SERVER_DEB")" "/tmp/$(basename "$APP_DEB")" \
     > "$WORK/apt-install.log" 2>&1; then
  ok "apt install ./nestbox-server_*.deb ./nestbox_*.deb in a clean root ($(( $(date +%s) - t0 )) s)"
else
  tail -n 30 "$WORK/apt-install.log"
  fatal "apt install" "apt could not install the packages (log: $WORK/apt-install.log)"
fi
grep -E '^nestbox-server:|^Created symlink' "$WORK/apt-install.log" || true
missing_libs=$(in_root sh -c 'ldd /usr/bin/nestbox /usr/bin/nestboxd /usr/libexec/nestbox/nestbox-thumbnailer \
  /usr/lib/*/qt6/plugins/platforms/libqxcb.so /usr/lib/*/qt6/plugins/iconengines/libqsvgicon.so \
  /usr/lib/*/qt6/plugins/sqldrivers/libqsqlite.so' 2>&1 | grep "not found")
check "every library of the binaries and plugins resolves in the root" test -z "$missing_libs"
[[ -z $missing_libs ]] || echo "$missing_libs"

# ---- 6. what the postinst made ----------------------------------------------------------------
phase "installed system"
passwd_line=$(in_root getent passwd nestbox)
echo "passwd: $passwd_line"
check "system user nestbox, home /var/lib/nestbox, no login shell" \
  bash -c 'IFS=: read -r n _ uid _ _ home shell <<<"$0"; (( uid < 1000 )) && [[ $home == /var/lib/nestbox && $shell == */nologin ]]' "$passwd_line"
check "group nestbox" in_root getent group nestbox
check "/var/lib/nestbox: nestbox:nestbox 750" test "$(in_root stat -c '%U:%G %a' /var/lib/nestbox)" = "nestbox:nestbox 750"
check "/etc/nestbox/nestboxd.conf: root:nestbox 640" test "$(in_root stat -c '%U:%G %a' /etc/nestbox/nestboxd.conf)" = "root:nestbox 640"
conffile_known() { in_root dpkg-query -W -f='${Conffiles}\n' nestbox-server | grep -q "^ */etc/nestbox/nestboxd.conf "; }
check "dpkg knows the conffile" conffile_known
check "service enabled (multi-user.target.wants) but not started" \
  test -L "$ROOT/etc/systemd/system/multi-user.target.wants/nestbox-server.service"
UNIT=$ROOT/lib/systemd/system/nestbox-server.service
hardening_ok=1
for line in "User=nestbox" "NoNewPrivileges=yes" "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" \
            "PrivateDevices=yes" "ProtectKernelTunables=yes" "ProtectKernelModules=yes" "ProtectKernelLogs=yes" \
            "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK" "StateDirectory=nestbox" "UMask=0077" \
            "CapabilityBoundingSet=" "SystemCallFilter=@system-service"; do
  grep -qx "$line" "$UNIT" || { echo "unit lacks: $line"; hardening_ok=0; }
done
check "unit: dedicated user and hardening options" test $hardening_ok = 1
if command -v systemd-analyze >/dev/null; then
  # This machine's systemd checks a copy whose ExecStart points into the root (the root itself
  # has no systemd, so --root would miss every target the unit orders itself after).
  mkdir -p "$WORK/verify"
  sed "s#^ExecStart=/#ExecStart=$ROOT/#" "$UNIT" > "$WORK/verify/nestbox-server.service"
  if systemd-analyze verify --man=no "$WORK/verify/nestbox-server.service" > "$WORK/verify.log" 2>&1 \
     && [[ ! -s $WORK/verify.log ]]; then
    ok "systemd-analyze verify"
  else
    cat "$WORK/verify.log"; bad "systemd-analyze verify"
  fi
  # Exposure on systemd's 0-10 scale (0 = locked down, 10 = none of its options used).
  systemd-analyze security --offline=yes --man=no "$WORK/verify/nestbox-server.service" > "$WORK/security.log" 2>&1
  exposure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$WORK/security.log")
  check "systemd-analyze security: exposure ${exposure:-?} at most 2.0" \
    bash -c '[[ -n $0 ]] && awk -v e="$0" "BEGIN { exit !(e <= 2.0) }"' "$exposure"
else
  skip "systemd-analyze verify (systemd-analyze not installed)"
fi

# ---- 7. nestboxd as the unit runs it ----------------------------------------------------------
phase "nestboxd from the unit's ExecStart"
EXEC=$(sed -n 's/^ExecStart=//p' "$UNIT")
echo "ExecStart: $EXEC"
check "ExecStart uses the packaged config" bash -c '[[ $0 == "/usr/bin/nestboxd --config=/etc/nestbox/nestboxd.conf" ]]' "$EXEC"
# The services run in a private network namespace (only loopback): the packaged ports (8080,
# 8443) cannot clash with anything on this machine, and mDNS stays inside.
ip netns add "$NETNS"
ip netns exec "$NETNS" ip link set lo up
# nsenter execs the command itself (ip netns exec forks), so $! is the program's own pid.
in_ns() { nsenter --net="/run/netns/$NETNS" "$@"; }
# spawn_as USER COMMAND... &  — runs COMMAND in the root and the namespace as USER. Only in the
# background: it execs, so $! is the program's own pid (nsenter, chroot, setpriv, env all exec).
spawn_as() {
  local user=$1 home; shift
  home=$(in_root getent passwd "$user" | cut -d: -f6)
  exec nsenter --net="/run/netns/$NETNS" chroot "$ROOT" /usr/bin/setpriv --reuid="$user" --regid="$user" \
    --init-groups --inh-caps=-all /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME="$home" "$@"
}
# shellcheck disable=SC2086
spawn_as nestbox /bin/sh -c "umask 0077 && cd /var/lib/nestbox && exec $EXEC" > "$WORK/nestboxd.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
ready=0
for _ in $(seq 1 150); do
  if [[ $(in_ns curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/readyz) == 200 ]]; then ready=1; break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.2
done
if [[ $ready == 1 ]]; then
  ok "nestboxd answers GET http://127.0.0.1:8080/readyz with 200"
else
  cat "$WORK/nestboxd.log"; fatal "readyz" "nestboxd did not get ready"
fi
check "nestboxd logs to stdout/stderr (the journal under systemd)" grep -q "nestboxd listening on http://127.0.0.1:8080" "$WORK/nestboxd.log"
check "data created by user nestbox, private (umask 0077)" \
  test "$(in_root stat -c '%U %a' /var/lib/nestbox/nestbox.db)" = "nestbox 600"
if grep -aq "tls.port" "$ROOT/usr/bin/nestboxd"; then
  tls=0
  for _ in $(seq 1 100); do
    [[ $(in_ns curl -sk -o /dev/null -w '%{http_code}' https://127.0.0.1:8443/readyz) == 200 ]] && { tls=1; break; }
    sleep 0.2
  done
  check "HTTPS: GET https://127.0.0.1:8443/readyz with 200 (tls.enabled in the packaged config)" test $tls = 1
  check "self-signed certificate made on first start: /var/lib/nestbox/tls, key nestbox 600" \
    test -f "$ROOT/var/lib/nestbox/tls/cert.pem" -a "$(in_root stat -c '%U %a' /var/lib/nestbox/tls/key.pem 2>/dev/null)" = "nestbox 600"
  # The fingerprint the journal shows (what a user compares with the app's question) is the
  # certificate's own.
  fp=$(openssl x509 -in "$ROOT/var/lib/nestbox/tls/cert.pem" -noout -fingerprint -sha256 2>/dev/null | sed 's/.*=//')
  check "the log names the certificate's SHA-256 fingerprint" bash -c '[[ -n $0 ]] && grep -q "$0" "$1"' "$fp" "$WORK/nestboxd.log"
else
  skip "HTTPS on 8443 (this nestboxd does not know tls.* yet)"
fi

# A photo through the real API: sign up (the first account), upload the 64 px app icon, and wait
# for its thumbnail, which only nestbox-thumbnailer (found next to nestboxd) can make.
API=http://127.0.0.1:8080/api/v1
PHOTO=$WORK/app-x/usr/share/icons/hicolor/64x64/apps/nestbox.png
PASSWORD="packaged-$$-secret"
api() { in_ns curl -s "$@"; }
api -X POST -H 'Content-Type: application/json' -d "{\"username\":\"alice\",\"password\":\"$PASSWORD\"}" "$API/auth/signup" >/dev/null
TOKEN=$(api -X POST -H 'Content-Type: application/json' -d "{\"username\":\"alice\",\"password\":\"$PASSWORD\"}" "$API/auth/login" | jq -r .token)
size=$(stat -c %s "$PHOTO"); sha=$(sha256sum "$PHOTO" | cut -d' ' -f1)
upload=$(api -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"nestbox.png\",\"size\":$size,\"sha256\":\"$sha\"}" "$API/uploads" | jq -r .upload.id)
api -X PUT -H "Authorization: Bearer $TOKEN" -H "X-Nestbox-Chunk-SHA256: $sha" --data-binary "@$PHOTO" \
  "$API/uploads/$upload/chunks/0" >/dev/null
file_id=$(api -X POST -H "Authorization: Bearer $TOKEN" "$API/uploads/$upload/complete" | jq -r .file.id)
thumb=0
for _ in $(seq 1 100); do
  code=$(api -o "$WORK/thumb.jpg" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$API/files/$file_id/thumbnail?size=256")
  [[ $code == 200 ]] && { thumb=1; break; }
  sleep 0.2
done
check "upload + thumbnail: nestboxd runs /usr/libexec/nestbox/nestbox-thumbnailer" \
  bash -c '[[ $0 == 1 ]] && head -c 3 "$1" | od -An -tx1 | grep -q "ff d8 ff"' "$thumb" "$WORK/thumb.jpg"

# ---- 8. the app under Xvfb --------------------------------------------------------------------
phase "the app under Xvfb"
t0=$(date +%s)
if ! in_root apt-get install -y --no-install-recommends xvfb fonts-dejavu-core > "$WORK/apt-x.log" 2>&1; then
  tail "$WORK/apt-x.log"; fatal "install xvfb" "cannot install xvfb in the root"
fi
echo "xvfb + font installed in $(( $(date +%s) - t0 )) s"
in_root useradd --create-home --shell /bin/bash alice
printf '%s\n' "$PASSWORD" > "$ROOT/home/alice/password"
in_root chown -R alice:alice /home/alice
mkdir -p "$ROOT/tmp/xfb" "$ROOT/tmp/.X11-unix"
chmod 1777 "$ROOT/tmp/.X11-unix"
in_root install -d -o alice -g alice -m 0700 /tmp/runtime-alice
in_root chown alice:alice /tmp/xfb
# -fbdir: the screen is also a file (XWD), which becomes the screenshot.
spawn_as alice Xvfb :7 -screen 0 1280x800x24 -nolisten tcp -fbdir /tmp/xfb > "$WORK/xvfb.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 50); do [[ -e $ROOT/tmp/.X11-unix/X7 ]] && break; sleep 0.2; done
spawn_as alice /usr/bin/env DISPLAY=:7 XDG_RUNTIME_DIR=/tmp/runtime-alice QT_QPA_PLATFORM=xcb \
  nestbox --server=http://127.0.0.1:8080 --user=alice --password-file=/home/alice/password > "$WORK/app.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")
shown=0
for _ in $(seq 1 100); do
  # The main window's title is "Nestbox – alice" once the app has signed in to the server.
  if in_ns xwininfo -display :7 -root -tree 2>/dev/null | grep -q '"Nestbox.*alice"'; then shown=1; break; fi
  kill -0 "$APP_PID" 2>/dev/null || break
  sleep 0.2
done
if [[ $shown == 1 ]]; then
  ok "nestbox shows its window on Xvfb, signed in to the packaged server as alice"
  sleep 4  # sign-in, timeline and thumbnail arrive and paint
else
  cat "$WORK/app.log"; bad "nestbox shows its window on Xvfb, signed in to the packaged server as alice"
fi
in_ns xwininfo -display :7 -root -tree 2>/dev/null | grep '"Nestbox' | head -n 3
SHOT=$WORK/installed-app.png
xwdtopnm "$ROOT/tmp/xfb/Xvfb_screen0" 2>/dev/null | pnmtopng > "$SHOT" 2>/dev/null
colours=$(xwdtopnm "$ROOT/tmp/xfb/Xvfb_screen0" 2>/dev/null | ppmhist -noheader 2>/dev/null | wc -l)
check "screenshot shows a real window ($colours colours)" test "$colours" -gt 50
echo "screenshot: $SHOT"
if [[ -n ${NESTBOX_SCREENSHOT_DIR:-} ]]; then cp "$SHOT" "$NESTBOX_SCREENSHOT_DIR/installed-app.png"; fi
check "app still running (no crash)" kill -0 "$APP_PID"
grep -iE "warning|critical|error" "$WORK/app.log" | head -n 10

# The done-when over HTTPS: the installed app, given only https://127.0.0.1:8443, asks once whether
# to trust the self-signed certificate (its --script hook answers "Trust"), signs in and uploads a
# photo dropped on its window; the API then has that photo with its SHA-256, and the app has pinned
# the certificate's fingerprint.
if [[ ${tls:-0} == 1 ]]; then
  kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null
  mkdir -p "$ROOT/home/alice/photos"
  cp "$WORK/app-x/usr/share/icons/hicolor/128x128/apps/nestbox.png" "$ROOT/home/alice/photos/over-https.png"
  https_sha=$(sha256sum "$ROOT/home/alice/photos/over-https.png" | cut -d' ' -f1)
  printf '%s\n' "sign-in" "wait-trust-question /home/alice/trust.txt" "answer-trust yes" "wait-signed-in" \
    "drop /home/alice/photos" "wait-uploads-done" "quit" > "$ROOT/home/alice/https.script"
  in_root chown -R alice:alice /home/alice
  spawn_as alice /usr/bin/env DISPLAY=:7 XDG_RUNTIME_DIR=/tmp/runtime-alice QT_QPA_PLATFORM=xcb \
    QT_LOGGING_RULES=nestbox.automation.info=true \
    nestbox --server=https://127.0.0.1:8443 --user=alice --password-file=/home/alice/password \
    --script=/home/alice/https.script > "$WORK/app-https.log" 2>&1 &
  HTTPS_APP_PID=$!
  PIDS+=("$HTTPS_APP_PID")
  ( sleep 120; kill -9 "$HTTPS_APP_PID" 2>/dev/null ) &
  watchdog=$!
  wait "$HTTPS_APP_PID"
  app_status=$?
  kill "$watchdog" 2>/dev/null
  [[ $app_status == 0 ]] || cat "$WORK/app-https.log"
  check "app over HTTPS: trust question answered, signed in, upload done, quit (status $app_status)" \
    test "$app_status" = 0
  # The question showed the fingerprint on two lines of 16 bytes.
  check "the trust question showed the certificate's fingerprint" \
    bash -c '[[ -n $0 ]] && grep -qF "${0:0:47}" "$1" && grep -qF "${0:48}" "$1"' "$fp" "$ROOT/home/alice/trust.txt"
  check "the app pinned that fingerprint (trustedServers in its settings)" \
    bash -c '[[ -n $0 ]] && grep -q "^\[trustedServers\]" "$1" && grep -qF "$0" "$1"' "$fp" "$ROOT/home/alice/.config/Nestbox/nestbox.conf"
  arrived=$(api -H "Authorization: Bearer $TOKEN" "$API/files?limit=100" \
    | jq -r '.items[] | select(.name == "over-https.png") | .sha256')
  check "the photo uploaded over HTTPS is on the server with its SHA-256" test "$arrived" = "$https_sha"
fi

# ---- 9. stop, purge, and the data stays -------------------------------------------------------
phase "stop and purge"
kill "$APP_PID" 2>/dev/null
kill -TERM "$SERVER_PID"
# A server that does not stop within 15 s is killed (status 137) and fails the check below.
( sleep 15; kill -9 "$SERVER_PID" 2>/dev/null ) &
watchdog=$!
wait "$SERVER_PID"
status=$?
kill "$watchdog" 2>/dev/null
echo "nestboxd exit status after SIGTERM: $status"
# systemd's stop sends SIGTERM and counts both a clean exit and death by SIGTERM (143) as a clean
# stop; anything else (a crash, a hang until the timeout) is a failure.
check "nestboxd stops on SIGTERM (status $status: 0 or 143)" bash -c '[[ $0 == 0 || $0 == 143 ]]' "$status"
blobs_before=$(find "$ROOT/var/lib/nestbox" -type f | wc -l)
in_root apt-get purge -y nestbox nestbox-server > "$WORK/purge.log" 2>&1
check "apt purge nestbox nestbox-server" test $? = 0
grep '^nestbox-server:' "$WORK/purge.log"
check "purge kept /var/lib/nestbox ($blobs_before files: database, photo, thumbnails)" \
  test "$(find "$ROOT/var/lib/nestbox" -type f | wc -l)" = "$blobs_before" -a -f "$ROOT/var/lib/nestbox/nestbox.db"
check "purge said where the data stays" grep -q "stay in /var/lib/nestbox" "$WORK/purge.log"
check "purge removed /etc/nestbox and the service's enablement" \
  test ! -e "$ROOT/etc/nestbox" -a ! -e "$ROOT/etc/systemd/system/multi-user.target.wants/nestbox-server.service"
check "purge removed the programs" test ! -e "$ROOT/usr/bin/nestboxd" -a ! -e "$ROOT/usr/bin/nestbox"

phase "done"
cleanup
trap - EXIT
PIDS=()
if [[ $failed == 0 && ${NESTBOX_KEEP_ROOT:-0} != 1 ]]; then rm -rf --one-file-system "$ROOT"; fi
echo "packaging: total $(( ($(date +%s%N) - started) / 1000000000 )) s"
write_totals
[[ $failed == 0 ]]
