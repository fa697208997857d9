#!/usr/bin/env bash
# Pinned third-party sources for the browser build, fetched from Debian's
# archive, checked against sha256, built once and cached outside the tree.
#
#   tools/deps.sh            fetch + verify + build what is missing, print nothing else
#
# Cache layout ($GONGYU_CACHE, default ~/.cache/gongyu):
#   src/        verified tarballs
#   emcache/    writable copy of Emscripten's frozen cache (toolchain quirk 1)
#   imgui/      Dear ImGui sources, unpacked
#   sdl2-web/   SDL2 built with emcc, installed prefix
set -euo pipefail

: "${GONGYU_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/gongyu}"
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

IMGUI_VERSION=1.92.2b
IMGUI_TARBALL=imgui_${IMGUI_VERSION}+ds.orig.tar.xz
IMGUI_SHA256=e7bd201d56b5ee90d24d5dac85e5c12f98bdb95410252a62d27b7f89e4566d48
SDL2_VERSION=2.26.5
SDL2_TARBALL=libsdl2_${SDL2_VERSION}+dfsg.orig.tar.gz
SDL2_SHA256=b3f2c822151804125d08db94c65852f711c2e5df2145a59da120748dc32eb9c3

log() { printf '[deps] %s\n' "$*" >&2; }

# fetch POOL_PATH TARBALL SHA256 -> verified file in $GONGYU_CACHE/src
fetch() {
  local pool=$1 file=$2 sum=$3 dest=$GONGYU_CACHE/src/$2
  mkdir -p "$GONGYU_CACHE/src"
  if [ -f "$dest" ] && echo "$sum  $dest" | sha256sum -c --quiet - 2>/dev/null; then return; fi
  log "downloading $file"
  curl -fsSL --retry 3 -o "$dest.part" "$DEBIAN_MIRROR/pool/main/$pool/$file"
  if ! echo "$sum  $dest.part" | sha256sum -c --quiet -; then
    log "checksum mismatch for $file"; rm -f "$dest.part"; exit 1
  fi
  mv "$dest.part" "$dest"
}

emscripten_cache() {
  # Debian's cache is frozen; LTO and our flags may need libraries it lacks.
  local dir=$GONGYU_CACHE/emcache
  if [ ! -f "$dir/.copied" ]; then
    log "copying Emscripten's cache to $dir"
    rm -rf "$dir"; mkdir -p "$dir"
    cp -a /usr/share/emscripten/cache/. "$dir/"
    touch "$dir/.copied"
  fi
}

imgui() {
  local dir=$GONGYU_CACHE/imgui
  [ -f "$dir/.version" ] && [ "$(cat "$dir/.version")" = "$IMGUI_VERSION" ] && return
  fetch i/imgui "$IMGUI_TARBALL" "$IMGUI_SHA256"
  rm -rf "$dir"; mkdir -p "$dir"
  tar -xJf "$GONGYU_CACHE/src/$IMGUI_TARBALL" -C "$dir" --strip-components=1
  echo "$IMGUI_VERSION" > "$dir/.version"
}

sdl2_web() {
  local prefix=$GONGYU_CACHE/sdl2-web stamp="$SDL2_VERSION-minsize-1"
  [ -f "$prefix/.stamp" ] && [ "$(cat "$prefix/.stamp")" = "$stamp" ] && return
  fetch libs/libsdl2 "$SDL2_TARBALL" "$SDL2_SHA256"
  local work; work=$(mktemp -d)
  tar -xzf "$GONGYU_CACHE/src/$SDL2_TARBALL" -C "$work"
  log "building SDL2 $SDL2_VERSION for the web (a few minutes, once)"
  (
    cd "$work"
    emcmake cmake -S SDL2-$SDL2_VERSION -B build -DCMAKE_BUILD_TYPE=MinSizeRel \
      -DCMAKE_INSTALL_PREFIX="$prefix" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
      -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF -DSDL_SENSOR=OFF -DSDL_POWER=OFF \
      -DSDL_HIDAPI=OFF -DSDL_FILESYSTEM=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF >build.log 2>&1 \
      || { tail -30 build.log; exit 1; }
    cmake --build build -j"$(nproc)" >>build.log 2>&1 || { tail -30 build.log; exit 1; }
    rm -rf "$prefix"
    cmake --install build >>build.log 2>&1
  )
  rm -rf "$work"
  echo "$stamp" > "$prefix/.stamp"
}

export EM_CACHE=$GONGYU_CACHE/emcache EM_FROZEN_CACHE=0 NODE_PATH=/usr/share/nodejs
emscripten_cache
imgui
sdl2_web
