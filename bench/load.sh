#!/usr/bin/env bash
# Load test (run by hand): wrk on loopback against gunicorn + PostgreSQL with the demo scaled up.
#
#   bash bench/load.sh                          # scale 40, 200 req/s, 15 s a page
#   LOAD_WORKERS="2 3 4" bash bench/load.sh     # the same for each gunicorn worker count
#   LOAD_KEEP=1 bash bench/load.sh              # keep the database afterwards, then
#   LOAD_REUSE=1 bash bench/load.sh             # measure it again without reloading
#   LOAD_ONLY=工作台 LOAD_REUSE=1 bash bench/load.sh  # only the pages whose name matches
#
# Steps: (re)create the PostgreSQL database $LOAD_DATABASE (default gongkai_load), load
# `gongkai demo --scale $LOAD_SCALE` into it (some 27,000 catalogue documents, 4,800 requests and
# the demo's published reports at scale 40), collect the static files, start gunicorn on
# 127.0.0.1 with production settings, warm up, then offer each page $LOAD_RATE requests a second
# for $LOAD_DURATION seconds (bench/load/pace.lua: wrk has no constant-rate mode) and the whole
# mix of pages in turn at the same rate. Prints per page the achieved rate, p50/p99/max and their
# ratios to the baseline measured in the same run (a static file served by whitenoise: gunicorn,
# WSGI and the middleware, no view, no database), and PASS/FAIL against p99 < 50 ms for the
# portal's pages (cached for anonymous visitors) and p99 < 100 ms for the staff pages (工作台,
# rendered for each request: a signed-in clerk's session, agency and search).
# Exit status 0 when every page passes. Needs wrk (`make benchdeps`) and PostgreSQL.
#
# Environment: LOAD_PG (server URL, default postgres://postgres@127.0.0.1:5432), LOAD_DATABASE,
# LOAD_SCALE, LOAD_RATE, LOAD_DURATION, LOAD_CONNECTIONS, LOAD_WORKERS, LOAD_PORT, LOAD_KEEP,
# LOAD_REUSE, LOAD_ONLY (a grep -E pattern on the page names; the baseline always runs);
# REDIS_URL (default: the local Redis when one listens), PUBLIC_PAGE_CACHE_SECONDS.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=.venv/bin
PG=${LOAD_PG:-postgres://postgres@127.0.0.1:5432}
DATABASE=${LOAD_DATABASE:-gongkai_load}
SCALE=${LOAD_SCALE:-40}
RATE=${LOAD_RATE:-200}
DURATION=${LOAD_DURATION:-15}
# Requests in flight at most. At 200 req/s a request answered in 50 ms keeps 10 busy; 20 leave
# room for the tail without ever being the limit on the offered rate.
CONNECTIONS=${LOAD_CONNECTIONS:-20}
# gunicorn sync workers on 2 cores: a request spends part of its time waiting for PostgreSQL
# (on the same cores), so one worker per core leaves the CPUs idle during those waits; more than
# two per core only adds context switches. Measured with LOAD_WORKERS="2 4 6" on a shared,
# busy 2-core machine (2026-11-23, all pages in turn, offered 200 req/s): 2 workers served
# 30 req/s, 4 served 52, 6 served 37.
WORKERS=${LOAD_WORKERS:-4}
PORT=${LOAD_PORT:-8077}
GOAL_MS=50
STAFF_GOAL_MS=100
WARMUP=5

command -v wrk >/dev/null || { echo "load.sh: 没有 wrk，请先运行 make benchdeps" >&2; exit 2; }
[ -x "$BIN/gunicorn" ] || { echo "load.sh: 没有 $BIN/gunicorn，请先运行 make install" >&2; exit 2; }
case "$DATABASE" in
  *[!a-z0-9_]*|"") echo "load.sh: 数据库名只能含小写字母、数字和下划线：$DATABASE" >&2; exit 2 ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-load-XXXXXX")
GUNICORN_PID=""

stop_gunicorn() {
  if [ -n "$GUNICORN_PID" ]; then
    kill "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
    GUNICORN_PID=""
  fi
}

database() {  # database create|drop|vacuum: through psycopg, so no PostgreSQL client is needed
  "$BIN/python" - "$1" "$PG" "$DATABASE" <<'EOF'
import sys

import psycopg

action, server, name = sys.argv[1:]
if action == "vacuum":
    # The demo loads in one transaction; statistics and the GIN indexes' pending lists are
    # what autovacuum would leave soon after.
    with psycopg.connect(f"{server}/{name}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    sys.exit(0)
with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
    exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if action == "drop" or (action == "create" and exists):
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    if action in ("create", "ensure") and not (action == "ensure" and exists):
        connection.execute(f"CREATE DATABASE {name}")
EOF
}

cleanup() {
  stop_gunicorn
  if [ "${LOAD_KEEP:-0}" != 1 ] && [ "${LOAD_REUSE:-0}" != 1 ]; then
    database drop || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DATABASE_URL="$PG/$DATABASE"
if [ "${LOAD_REUSE:-0}" = 1 ]; then
  database ensure
  echo "数据库 $DATABASE（沿用；未载入时现在载入）"
else
  database create
  echo "数据库 $DATABASE（新建）"
fi
started=$(date +%s)
# The demo loads only with DEBUG on; the server below runs with it off. Both encrypt and read
# identity numbers with the database's own key (bench/load/keys.py), as a LOAD_REUSE run and
# bench_staff_pages.py do later.
IDENTITY_KEY=$("$BIN/python" bench/load/keys.py "$DATABASE")
export IDENTITY_KEY BACKUP_HMAC_KEY="gongkai-load-bench-backup-$RANDOM$RANDOM"
DEBUG=1 "$BIN/gongkai" demo --no-serve --scale "$SCALE" >"$WORK/demo.log"
database vacuum
echo "演示数据（放大 $SCALE 倍）就绪：$(( $(date +%s) - started )) 秒"

# Production settings, plain HTTP on loopback.
export DEBUG=0 SECRET_KEY="gongkai-load-bench-$RANDOM$RANDOM" SECURE_SSL_REDIRECT=0
export ALLOWED_HOSTS=127.0.0.1 GONGKAI_VAR_DIR="$WORK/var"
# As in production: the workers share one cache (rate limits, the public page cache) in Redis
# when one listens, under a prefix of this run's own. PUBLIC_PAGE_CACHE_SECONDS=0 measures the
# pages rendered every time.
if [ -z "${REDIS_URL:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  export REDIS_URL=redis://127.0.0.1:6379/0
fi
export CACHE_KEY_PREFIX="gongkai-load-$$"
echo "缓存：${REDIS_URL:-每个进程各自的内存}；公开页面缓存 ${PUBLIC_PAGE_CACHE_SECONDS:-300} 秒"
"$BIN/gongkai" manage collectstatic --noinput --verbosity 0
"$BIN/python" bench/load/urls.py "$WORK/urls.tsv"
if [ -n "${LOAD_ONLY:-}" ]; then
  { head -1 "$WORK/urls.tsv"; tail -n +2 "$WORK/urls.tsv" | grep -E -- "^[^\t]*(${LOAD_ONLY})" || true; } \
    >"$WORK/only.tsv"
  mv "$WORK/only.tsv" "$WORK/urls.tsv"
  if [ "$(wc -l <"$WORK/urls.tsv")" -lt 2 ]; then
    echo "load.sh: LOAD_ONLY=$LOAD_ONLY 没有匹配任何页面（页面名见 bench/load/urls.py）" >&2
    exit 2
  fi
fi

start_gunicorn() {
  "$BIN/gunicorn" gongkai.wsgi --bind "127.0.0.1:$PORT" --workers "$1" \
    --error-logfile "$WORK/gunicorn.log" &
  GUNICORN_PID=$!
  for _ in $(seq 100); do
    if curl -fso /dev/null "http://127.0.0.1:$PORT/portal/"; then return 0; fi
    kill -0 "$GUNICORN_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "load.sh: gunicorn 未能启动：" >&2
  tail -20 "$WORK/gunicorn.log" >&2
  exit 2
}

check_pages() {  # every page must answer 200 before it is timed
  local code
  while IFS=$'\t' read -r name path cookie; do
    code=$(curl -so /dev/null -w '%{http_code}' ${cookie:+-H "Cookie: $cookie"} \
      "http://127.0.0.1:$PORT$path")
    if [ "$code" != 200 ]; then
      echo "load.sh: $name $path 返回 $code，不是 200" >&2
      exit 2
    fi
  done <"$WORK/urls.tsv"
}

run_wrk() {  # run_wrk NAME SECONDS PATHS_FILE: append one result line
  # Requests still queued in gunicorn's backlog from the previous run would be charged to this
  # one: let the server drain first.
  sleep 2
  local out
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$2s" --timeout 5s -s bench/load/pace.lua \
    "http://127.0.0.1:$PORT" -- "$RATE" "$3" </dev/null)
  local result
  result=$(grep '^RESULT ' <<<"$out" | cut -d' ' -f2-)
  [ -n "$result" ] || { echo "load.sh: wrk 没有结果：$out" >&2; exit 2; }
  printf '%s\t%s\n' "$1" "$result" >>"$WORK/results.tsv"
}

status=0
for workers in $WORKERS; do
  start_gunicorn "$workers"
  check_pages
  echo
  echo "gunicorn $workers 个 worker，每页 ${DURATION} 秒，$RATE req/s，$CONNECTIONS 个连接"
  cut -f2- "$WORK/urls.tsv" | tail -n +2 >"$WORK/mix.tsv"
  run_wrk warmup "$WARMUP" "$WORK/mix.tsv"
  : >"$WORK/results.tsv"
  while IFS=$'\t' read -r name path cookie; do
    printf '%s\t%s\n' "$path" "$cookie" >"$WORK/one.tsv"
    run_wrk "$name" "$DURATION" "$WORK/one.tsv"
  done <"$WORK/urls.tsv"
  run_wrk "全部页面轮流" "$((DURATION * 2))" "$WORK/mix.tsv"
  "$BIN/python" bench/load/report.py "$WORK/results.tsv" "$RATE" "$GOAL_MS" "$STAFF_GOAL_MS" ||
    status=1
  if grep -q "Traceback\|ERROR" "$WORK/gunicorn.log"; then
    echo "load.sh: gunicorn 日志有错误：" >&2
    grep -m5 -A3 "Traceback\|ERROR" "$WORK/gunicorn.log" >&2
    status=1
  fi
  stop_gunicorn
done
exit "$status"
