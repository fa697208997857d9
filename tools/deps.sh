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
#   xlsx-web/   zlib (+ contrib/minizip), libxlsxwriter, pugixml built with emcc: the .xlsx module's libraries
#   sodium-web/ libsodium built with emcc: the sync module's cryptography
set -euo pipefail

: "${GONGYU_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/gongyu}"
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

IMGUI_VERSION=1.92.2b
IMGUI_TARBALL=imgui_${IMGUI_VERSION}+ds.orig.tar.xz
IMGUI_SHA256=e7bd201d56b5ee90d24d5dac85e5c12f98bdb95410252a62d27b7f89e4566d48
SDL2_VERSION=2.26.5
SDL2_TARBALL=libsdl2_${SDL2_VERSION}+dfsg.orig.tar.gz
SDL2_SHA256=b3f2c822151804125d08db94c65852f711c2e5df2145a59da120748dc32eb9c3
ZLIB_TARBALL=zlib_1.2.13.dfsg.orig.tar.bz2
ZLIB_SHA256=71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1
LXW_VERSION=1.1.4
LXW_TARBALL=libxlsxwriter_${LXW_VERSION}.orig.tar.gz
LXW_SHA256=b379eb35fdd9c653ebe72485b9c992f612c7ea66f732784457997d6e782f619b
PUGIXML_TARBALL=pugixml_1.13.orig.tar.gz
PUGIXML_SHA256=5c5ad5d7caeb791420408042a7d88c2c6180781bf218feca259fd9d840a888e1
SODIUM_VERSION=1.0.18
SODIUM_TARBALL=libsodium_${SODIUM_VERSION}.orig.tar.gz
SODIUM_SHA256=d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4

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
  local prefix=$GONGYU_CACHE/sdl2-web stamp="$SDL2_VERSION-minsize-lean-2"
  [ -f "$prefix/.stamp" ] && [ "$(cat "$prefix/.stamp")" = "$stamp" ] && return
  fetch libs/libsdl2 "$SDL2_TARBALL" "$SDL2_SHA256"
  local work; work=$(mktemp -d)
  tar -xzf "$GONGYU_CACHE/src/$SDL2_TARBALL" -C "$work"
  log "building SDL2 $SDL2_VERSION for the web (a few minutes, once)"
  (
    cd "$work"
    # SDL_LEAN_AND_MEAN: no software blitters, RLE, YUV or software renderer;
    # the app only asks SDL for a GL context and events, and they were a tenth of the app's wasm.
    emcmake cmake -S SDL2-$SDL2_VERSION -B build -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_C_FLAGS=-DSDL_LEAN_AND_MEAN=1 \
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

# The .xlsx module's libraries, compiled file by file with emcc (their own
# build systems add nothing a static wasm library needs). One minizip, zlib's
# contrib/minizip, serves both libxlsxwriter's writing (USE_SYSTEM_MINIZIP)
# and Gongyu's reading; libxlsxwriter without MD5 (only for image dedupe).
xlsx_web() {
  local prefix=$GONGYU_CACHE/xlsx-web stamp="zlib-1.2.13+lxw-$LXW_VERSION+pugixml-1.13-2"
  [ -f "$prefix/.stamp" ] && [ "$(cat "$prefix/.stamp")" = "$stamp" ] && return
  fetch z/zlib "$ZLIB_TARBALL" "$ZLIB_SHA256"
  fetch libx/libxlsxwriter "$LXW_TARBALL" "$LXW_SHA256"
  fetch p/pugixml "$PUGIXML_TARBALL" "$PUGIXML_SHA256"
  local work; work=$(mktemp -d)
  tar -xjf "$GONGYU_CACHE/src/$ZLIB_TARBALL" -C "$work"
  tar -xzf "$GONGYU_CACHE/src/$LXW_TARBALL" -C "$work"
  tar -xzf "$GONGYU_CACHE/src/$PUGIXML_TARBALL" -C "$work"
  log "building zlib, minizip, libxlsxwriter $LXW_VERSION, pugixml for the web (a minute, once)"
  (
    set -e
    cd "$work"
    local z=zlib-1.2.13.dfsg lxw=libxlsxwriter-RELEASE_$LXW_VERSION pugi=pugixml-1.13
    local flags=(-Oz -flto -DNDEBUG)
    rm -rf "$prefix"; mkdir -p "$prefix/lib" "$prefix/include/minizip" obj/z obj/mz obj/lxw obj/pugi
    cp "$z/zconf.h.in" "$z/zconf.h"
    cp "$z/zlib.h" "$z/zconf.h" "$prefix/include/"
    for f in adler32 compress crc32 deflate infback inffast inflate inftrees trees uncompr zutil; do
      emcc "${flags[@]}" -c "$z/$f.c" -o "obj/z/$f.o"
    done
    emar rcs "$prefix/lib/libz.a" obj/z/*.o
    cp "$z"/contrib/minizip/{ioapi.h,zip.h,unzip.h,crypt.h} "$prefix/include/minizip/"
    for f in ioapi zip unzip; do
      emcc "${flags[@]}" -DNOCRYPT -DNOUNCRYPT -I"$prefix/include" -c "$z/contrib/minizip/$f.c" -o "obj/mz/$f.o"
    done
    emar rcs "$prefix/lib/libminizip.a" obj/mz/*.o
    for f in "$lxw"/src/*.c; do
      emcc "${flags[@]}" -DUSE_SYSTEM_MINIZIP -DUSE_NO_MD5 -DUSE_STANDARD_TMPFILE -I"$lxw/include" -I"$prefix/include" \
        -c "$f" -o "obj/lxw/$(basename "$f" .c).o"
    done
    emar rcs "$prefix/lib/libxlsxwriter.a" obj/lxw/*.o
    cp -r "$lxw/include/xlsxwriter.h" "$lxw/include/xlsxwriter" "$prefix/include/"
    em++ "${flags[@]}" -fno-exceptions -DPUGIXML_NO_EXCEPTIONS -DPUGIXML_NO_XPATH -c "$pugi/src/pugixml.cpp" -o obj/pugi/pugixml.o
    emar rcs "$prefix/lib/libpugixml.a" obj/pugi/pugixml.o
    cp "$pugi/src/pugixml.hpp" "$pugi/src/pugiconfig.hpp" "$prefix/include/"
  ) >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; rm -rf "$work"; exit 1; }
  rm -rf "$work"
  echo "$stamp" > "$prefix/.stamp"
}

# libsodium compiled file by file with emcc, as zlib above: Debian's tarball is
# the git tree (no configure script), and the portable C code needs none of it.
# No assembly, threads or stack protector exist in wasm; randomness comes from
# the browser's crypto.getRandomValues (randombytes.c, __EMSCRIPTEN__).
sodium_web() {
  local prefix=$GONGYU_CACHE/sodium-web stamp="sodium-$SODIUM_VERSION-1"
  [ -f "$prefix/.stamp" ] && [ "$(cat "$prefix/.stamp")" = "$stamp" ] && return
  fetch libs/libsodium "$SODIUM_TARBALL" "$SODIUM_SHA256"
  local work; work=$(mktemp -d)
  tar -xzf "$GONGYU_CACHE/src/$SODIUM_TARBALL" -C "$work"
  log "building libsodium $SODIUM_VERSION for the web (a minute, once)"
  (
    set -e
    local src=$work/libsodium-$SODIUM_VERSION/src/libsodium
    sed -e "s/@VERSION@/$SODIUM_VERSION/" -e 's/@SODIUM_LIBRARY_VERSION_MAJOR@/10/' \
        -e 's/@SODIUM_LIBRARY_VERSION_MINOR@/3/' -e 's/@SODIUM_LIBRARY_MINIMAL_DEF@//' \
        "$src/include/sodium/version.h.in" > "$src/include/sodium/version.h"
    rm -rf "$prefix"; mkdir -p "$prefix/lib" "$work/obj"
    local n=0
    while IFS= read -r f; do
      emcc -Oz -flto -DNDEBUG -DCONFIGURED=1 -DSODIUM_STATIC -DNATIVE_LITTLE_ENDIAN=1 -DHAVE_SYS_PARAM_H \
        -I"$src/include/sodium" -I"$src/include" -c "$f" -o "$work/obj/$((n++)).o"
    done < <(find "$src" -name '*.c')
    emar rcs "$prefix/lib/libsodium.a" "$work"/obj/*.o
    cp -r "$src/include" "$prefix/"
  ) >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; rm -rf "$work"; exit 1; }
  rm -rf "$work"
  echo "$stamp" > "$prefix/.stamp"
}

export EM_CACHE=$GONGYU_CACHE/emcache EM_FROZEN_CACHE=0 NODE_PATH=/usr/share/nodejs
emscripten_cache
imgui
sdl2_web
xlsx_web
sodium_web
