#!/usr/bin/env bash
# start.sh — install, build, and serve Gongyu on this machine:
# nginx on http://localhost:${GONGYU_PORT:-8080}/ with the app and a WebDAV sync folder
# (build/store). Ctrl+C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
port=${GONGYU_PORT:-8080}
tools/serve.sh start build/dist build/store "$port" build/run
sleep infinity &
sleeper=$!
trap 'kill $sleeper 2>/dev/null; tools/serve.sh stop build/run; echo; echo "已停止 / stopped"' EXIT
trap 'exit 130' INT TERM
cat <<MSG

  共育 Gongyu is running:   http://localhost:$port/
  sync folder (WebDAV):     http://localhost:$port/store/   (files in build/store)
  with township and role:   http://localhost:$port/?township=430422105&role=clerk

  Press Ctrl+C to stop.
MSG
wait $sleeper
