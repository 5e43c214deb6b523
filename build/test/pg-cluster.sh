#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb in a temporary
# directory as an unprivileged user, a server listening only on a unix socket
# in that directory, TRAMHOCSO_TEST_PG set to its DSN; the cluster is stopped
# and removed when the command ends (whatever its result).
#   build/test/pg-cluster.sh go test ./app/collector/...
# fsync is off (a test cluster is thrown away); PG_FSYNC=on keeps it, for
# benchmarks comparable with bbolt, which fsyncs every transaction.
# Needs Debian's postgresql package (build/setup/debian.sh installs it). As
# root the cluster runs as the "postgres" user (PostgreSQL refuses root);
# as any other user it runs as that user.
set -euo pipefail
(($#)) || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir=$d; done
fi
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || { echo "pg-cluster: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }

as=()
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  user=postgres
  as=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/tramhocso-pg.XXXXXX)
chmod 0755 "$dir"
[ "$(id -u)" -eq 0 ] && chown "$user" "$dir"
cleanup() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as[@]}" "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=${PG_FSYNC:-off} -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }

export TRAMHOCSO_TEST_PG="postgres:///postgres?host=$dir&user=$user&sslmode=disable"
echo "pg-cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $dir (TRAMHOCSO_TEST_PG)" >&2
set +e
"$@"
rc=$?
set -e
exit $rc
