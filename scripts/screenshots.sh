#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png) by running the end-to-end test:
# the real `nestbox` under Xvfb against a real nestboxd, driven by its --script hook.
# Usage: scripts/screenshots.sh [build-dir]   (default: build-screenshots)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-screenshots}
"$root/scripts/build-deps.sh" --test
[[ -f $build/build.ninja ]] || cmake -S "$root" -B "$build" -G Ninja
ninja -C "$build" -j"${JOBS:-2}" nestbox nestboxd tst_e2e_app
mkdir -p "$root/docs/screenshots"
cd "$build/tests/e2e"
NESTBOX_TEST_PROFILE=sqlite NESTBOX_SCREENSHOT_DIR="$root/docs/screenshots" ./tst_e2e_app
ls -l "$root/docs/screenshots"
