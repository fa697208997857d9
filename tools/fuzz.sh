#!/usr/bin/env bash
# fuzz.sh — the file readers under libFuzzer (clang, AddressSanitizer, UBSan).
#   tools/fuzz.sh [runs=1000000]     builds build/fuzz and runs each target from its seed corpus
# Targets: tests/fuzz/*_fuzz.cpp (GONGYU_FUZZ_TARGETS="xlsx" runs one; dav_listing: WebDAV PROPFIND answers); seed corpora: tests/fuzz/corpus/<name>/.
# xlsx_fuzz links Debian's libxlsxwriter, minizip and pugixml as they are (not instrumented): it
# finds bugs in our reader and in how it drives them.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
if ! command -v clang++ >/dev/null; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends clang
fi
: "${GONGYU_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/gongyu}"
if [ ! -f build/fuzz/CMakeCache.txt ]; then
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGONGYU_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
fi
cmake --build build/fuzz -j"$(nproc)" --target csv_fuzz ledger_fuzz xlsx_fuzz dav_listing_fuzz
for target in ${GONGYU_FUZZ_TARGETS:-csv ledger xlsx dav_listing}; do
  work=build/fuzz/corpus-$target
  mkdir -p "$work"
  echo "== $target: $runs runs"
  "build/fuzz/${target}_fuzz" -runs="$runs" -max_len=65536 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=build/fuzz/ "$work" "tests/fuzz/corpus/$target" 2>&1 \
    | grep -E "stat::number_of_executed_units|Done|ERROR|SUMMARY|crash-" || true
done
