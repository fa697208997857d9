#!/usr/bin/env bash
# build.sh — native core + tests (build/native) and the browser app (build/web → build/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${GONGYU_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/gongyu}"
export EM_CACHE=$GONGYU_CACHE/emcache EM_FROZEN_CACHE=0 NODE_PATH=/usr/share/nodejs
# Debian's emscripten ships without Closure; npm's (package.json) minifies the JS glue.
export EM_CLOSURE_COMPILER=$PWD/node_modules/.bin/google-closure-compiler
jobs=$(nproc)

if [ ! -f build/native/Makefile ]; then  # (a configure that failed leaves a cache but no Makefile)
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMGUI_DIR="$GONGYU_CACHE/imgui" >/dev/null
fi
cmake --build build/native -j"$jobs"

if ! grep -qs "^SODIUM_PREFIX:PATH=/" build/web/CMakeCache.txt; then  # (older build folders lack SODIUM_PREFIX)
  emcmake cmake -S . -B build/web -DCMAKE_BUILD_TYPE=MinSizeRel \
    -DIMGUI_DIR="$GONGYU_CACHE/imgui" -DSDL2_PREFIX="$GONGYU_CACHE/sdl2-web" -DXLSX_PREFIX="$GONGYU_CACHE/xlsx-web" \
    -DSODIUM_PREFIX="$GONGYU_CACHE/sodium-web" >/dev/null
fi
cmake --build build/web -j"$jobs"
node tools/package.mjs build/web build/dist
