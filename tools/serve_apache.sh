#!/usr/bin/env bash
# serve_apache.sh — start or stop an unprivileged Apache (Debian's apache2) whose
# only job is a WebDAV sync store at /gongyu-store/ (e2e tests; the app itself
# is served by nginx, tools/serve.sh). Never the system's apache2 service.
#
#   tools/serve_apache.sh start <store> <port> <run-dir>
#   tools/serve_apache.sh stop  <run-dir>
set -euo pipefail

stop() {
  local run=$1
  if [ -f "$run/apache.pid" ]; then
    kill "$(cat "$run/apache.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$run/apache.pid" ] || break; sleep 0.1; done
  fi
}

start() {
  local store port run user=""
  mkdir -p "$1"; store=$(realpath "$1"); port=$2; mkdir -p "$3/davlock"; run=$(realpath "$3")
  stop "$run"
  # Apache will not serve as root: as root its children run as www-data, which must
  # reach and write the store and the lock database.
  if [ "$(id -u)" = 0 ]; then
    user="User www-data
Group www-data"
    chown www-data: "$store" "$run/davlock"
    chmod a+x "$run" "$(dirname "$run")" "$(dirname "$store")"
  fi
  sed -e "s|@RUN@|$run|g" -e "s|@STORE@|$store|g" -e "s|@PORT@|$port|g" \
      "$(dirname "$0")/../assets/apache.conf.in" | awk -v user="$user" '{ if ($0 == "@USER@") print user; else print }' \
      > "$run/apache.conf"
  apache2 -f "$run/apache.conf" -k start 2>"$run/start.log" || { cat "$run/start.log" >&2; exit 1; }
  for _ in $(seq 50); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X PROPFIND -H 'Depth: 0' "http://127.0.0.1:$port/gongyu-store/")" = 207 ] && return 0
    sleep 0.1
  done
  echo "apache did not answer on port $port" >&2; cat "$run/error.log" >&2; exit 1
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start <store> <port> <run-dir> | stop <run-dir>" >&2; exit 2 ;;
esac
