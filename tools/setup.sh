#!/usr/bin/env bash
# setup.sh — everything Gongyu needs, from Debian's archive and npm, then a build.
#
# Idempotent and quick the second time: Debian packages are installed only if
# missing, npm only if package-lock.json changed, pinned sources are cached in
# $GONGYU_CACHE (default ~/.cache/gongyu), builds are incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake git curl ca-certificates xz-utils   # native build
  googletest libgtest-dev nlohmann-json3-dev                # core tests, JSON
  pkg-config zlib1g-dev libminizip-dev libpugixml-dev       # .xlsx natively (the browser builds them: tools/deps.sh)
  libxlsxwriter-dev python3-openpyxl                        # .xlsx writing; openpyxl reads exports in e2e tests
  libsodium-dev                                             # sync: encryption, signatures, Argon2id (the browser builds it: tools/deps.sh)
  unicode-data bzip2                                        # Unihan readings: the pinyin table
  emscripten                                                # the browser build (3.1.6 on bookworm)
  nodejs npm                                                # packaging, Playwright
  chromium fonts-noto-cjk                                   # end-to-end tests: real browser, Chinese fonts
  poppler-utils                                             # print test: the PDF's pages as text and PNG
  nginx-light libnginx-mod-http-brotli-static               # the local static server + WebDAV store
  apache2                                                   # e2e: a mod_dav sync store (tests start their own, tools/serve_apache.sh)
)

log() { printf '[setup] %s\n' "$*" >&2; }

install_debian_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Debian's npm is not needed where a newer npm is already installed.
  if command -v npm >/dev/null; then missing=("${missing[@]/npm}"); fi
  if command -v node >/dev/null; then missing=("${missing[@]/nodejs}"); fi
  local wanted=()
  for p in "${missing[@]}"; do [ -n "$p" ] && wanted+=("$p"); done
  [ ${#wanted[@]} -eq 0 ] && return
  log "installing from Debian: ${wanted[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${wanted[@]}"
}

install_npm_packages() {
  local stamp=node_modules/.gongyu-lock
  if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then return; fi
  log "installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
}

# Debian's apache2 enables its service (port 80) on install; the tests start
# their own unprivileged instance, so the system-wide one is stopped and disabled.
keep_apache_service_off() {
  command -v apache2 >/dev/null || return 0
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  if command -v systemctl >/dev/null && systemctl is-enabled apache2 >/dev/null 2>&1; then
    $sudo systemctl disable --now apache2 >/dev/null 2>&1 || true
  fi
  if [ -f /var/run/apache2/apache2.pid ]; then $sudo apache2ctl stop >/dev/null 2>&1 || true; fi
}

install_debian_packages
keep_apache_service_off
install_npm_packages
tools/deps.sh
tools/build.sh
