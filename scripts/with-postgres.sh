#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on 127.0.0.1, for the storage tests.
#   scripts/with-postgres.sh .venv/bin/pytest
# Installs Debian's postgresql package when it is missing (needs root and apt-get), starts
# a fresh cluster in a temp folder, exports DEFUSE_TEST_POSTGRES_URL, runs the command and
# stops the server. When PostgreSQL cannot be installed or started, the command still runs
# and the PostgreSQL tests skip with a notice saying why (DEFUSE_TEST_POSTGRES_SKIP).
set -u
PORT="${DEFUSE_TEST_POSTGRES_PORT:-54329}"

notice() { echo "with-postgres: $*" >&2; export DEFUSE_TEST_POSTGRES_SKIP="$*"; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "with-postgres: installing Debian's postgresql (about 30 s)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) \
      >/tmp/with-postgres-apt.log 2>&1 || notice "apt-get install postgresql failed (see /tmp/with-postgres-apt.log)"
    BIN="$(find_bin)"
  else
    notice "PostgreSQL is not installed and this user cannot apt-get install it"
  fi
fi

DATA=""
RUN_AS=()
if [ -n "$BIN" ] && [ -x "$BIN/initdb" ] && [ -z "${DEFUSE_TEST_POSTGRES_SKIP:-}" ]; then
  DATA="$(mktemp -d /tmp/defuse-pg.XXXXXX)"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$DATA" 2>/dev/null && RUN_AS=(runuser -u postgres --)
  fi
  if "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA/db" -U defuse --auth=trust -E UTF8 >"$DATA/initdb.log" 2>&1 \
    && "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w -t 30 \
         -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off" start >/dev/null 2>&1 \
    && "${RUN_AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U defuse defuse_test >/dev/null 2>&1; then
    export DEFUSE_TEST_POSTGRES_URL="postgresql+psycopg://defuse@127.0.0.1:$PORT/defuse_test"
    echo "with-postgres: PostgreSQL running on 127.0.0.1:$PORT" >&2
  else
    notice "PostgreSQL did not start (see $DATA/server.log or $DATA/initdb.log)"
  fi
fi

"$@"
status=$?
if [ -n "${DEFUSE_TEST_POSTGRES_URL:-}" ]; then
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1
  rm -rf "$DATA"
fi
exit $status
