#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png) by running the end-to-end suites:
# the real `nestbox` under Xvfb against a real nestboxd, driven by its --script hook (e2e_app),
# and the hosting, trust and admin windows with a server the app hosts (e2e_hosting, which CTest
# runs with its private avahi-daemon so the sign-in dialog finds the server on the network), and the
# real `nestbox` finding an HTTPS nestboxd on that network and trusting it (e2e_https).
# installed-app.png comes from the packaging test (tests/packaging).
# Usage: scripts/screenshots.sh [build-dir]   (default: build-screenshots)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-screenshots}
"$root/scripts/build-deps.sh" --test
[[ -f $build/build.ninja ]] || cmake -S "$root" -B "$build" -G Ninja -DNESTBOX_BUILD_TESTS=ON
ninja -C "$build" -j"${JOBS:-2}" nestbox nestboxd nestbox-thumbnailer tst_e2e_app tst_e2e_hosting tst_e2e_https
mkdir -p "$root/docs/screenshots"
cd "$build"
NESTBOX_SCREENSHOT_DIR="$root/docs/screenshots" ctest -R '^e2e' --output-on-failure
ls -l "$root/docs/screenshots"
