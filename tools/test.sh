#!/usr/bin/env bash
# test.sh — every test: native unit tests (CTest + GoogleTest), then end-to-end
# tests in headless Chromium against a real nginx (node --test + Playwright).
#   GONGYU_LONG=1 tools/test.sh   also runs the long randomized suites
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
echo "== unit tests (ctest)"
(cd build/native && ctest --output-on-failure -j"$(nproc)")
echo "== end-to-end tests (Chromium)"
node --test --test-reporter=spec tests/e2e/*.test.mjs
