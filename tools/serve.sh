#!/usr/bin/env bash
# serve.sh — start or stop Gongyu's local nginx: the app and a WebDAV sync folder.
#
#   tools/serve.sh start <dist> <store> <port> <run-dir>
#   tools/serve.sh stop  <run-dir>
set -euo pipefail

stop() {
  local run=$1
  if [ -f "$run/nginx.pid" ]; then
    kill "$(cat "$run/nginx.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$run/nginx.pid" ] || break; sleep 0.1; done
  fi
}

start() {
  local dist store port run user modules brotli
  dist=$(realpath "$1"); mkdir -p "$2"; store=$(realpath "$2"); port=$3; mkdir -p "$4"; run=$(realpath "$4")
  stop "$run"
  user=""
  # As root, workers would run as nobody and could not write the store.
  [ "$(id -u)" = 0 ] && user="user root;"
  modules="" brotli=""
  local so=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
  if [ -f "$so" ]; then modules="load_module $so;"; brotli="brotli_static on;"; fi
  sed -e "s|@RUN@|$run|g" -e "s|@DIST@|$dist|g" -e "s|@STORE@|$store|g" -e "s|@PORT@|$port|g" \
      -e "s|@USER@|$user|" -e "s|@MODULES@|$modules|" -e "s|@BROTLI@|$brotli|" \
      "$(dirname "$0")/../assets/nginx.conf.in" > "$run/nginx.conf"
  nginx -q -c "$run/nginx.conf" -p "$run" -g 'daemon on;' 2>"$run/start.log" || { cat "$run/start.log" >&2; exit 1; }
  for _ in $(seq 50); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/store/")" = 200 ] && return 0
    sleep 0.1
  done
  echo "nginx did not answer on port $port" >&2; cat "$run/error.log" >&2; exit 1
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start <dist> <store> <port> <run-dir> | stop <run-dir>" >&2; exit 2 ;;
esac
