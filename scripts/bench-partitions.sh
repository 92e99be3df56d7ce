#!/usr/bin/env bash
# bench-partitions: PostgreSQL imports into a deliveries table partitioned
# by gemeente (issue 16 point 4, docs/partitioning.md), against an older
# binary without partitions, in one throwaway cluster, one run each:
#
#   OLD=/path/to/old/ontschot ROWS=1000000 scripts/bench-partitions.sh
#
#   first      the first file into an empty store (bulk load)
#   new-gm     new: the first file of a second gemeente while the first
#              holds ROWS rows (bulk load into its own new partition);
#              old: the same file into the store holding ROWS rows (the
#              row-by-row path: without partitions only an empty table is
#              a bulk load)
#   same-gm    new only: a second file (other referenties) for the first
#              gemeente (row-by-row into a partition holding ROWS rows)
#
# Prints wall seconds, client peak MB, client and server CPU seconds (the
# steadier figures on a shared machine) and the load.
set -euo pipefail
ROWS=${ROWS:-1000000}
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/bench-partitions.XXXXXX)
chmod 755 "$work"
pgstop=""
trap '[ -n "$pgstop" ] && eval "$pgstop" >/dev/null 2>&1; rm -rf "$work"' EXIT
go build -o "$work/new" ./cmd/ontschot
# servercpu: CPU seconds of the server's ended backends so far (the
# postmaster reaps them: its cutime + cstime).
servercpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($16+$17)/t}' "/proc/$(head -1 "$work/pg/postmaster.pid")/stat"; }
timed() {
	local before; before=$(servercpu)
	/usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	sleep 0.2 # let the postmaster reap the backend
	awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v s="$(awk -v a="$before" -v b="$(servercpu)" 'BEGIN{printf "%.2f", b-a}')" \
		'{printf "%6.2f s  %4d MB  client CPU %5.2f s  server CPU %5.2f s  load %s\n", $1, $2/1024, $3+$4, s, l}' "$work/time"
}
bin=$(dirname "$(readlink -f "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")")
as=(); [ "$(id -u)" -eq 0 ] && { chown postgres "$work"; as=(runuser -u postgres --); }
"${as[@]}" "$bin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 --no-sync >/dev/null
port=$((20000 + $$ % 20000))
"${as[@]}" "$bin/pg_ctl" -D "$work/pg" -o "-p $port -k $work -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c log_min_duration_statement=${SLOW_MS:-300}" -l "$work/pg.log" -w start >/dev/null
pgstop="${as[*]} $bin/pg_ctl -D $work/pg -m immediate stop"
url="postgres://postgres@/DB?host=$work&port=$port&sslmode=disable"

go run ./internal/importer/benchgen -rows "$ROWS" -persons $((ROWS / 10)) > "$work/a.csv"
sed '2,$ s/,REF/,RFB/' "$work/a.csv" > "$work/b.csv" # the same rows, other referenties
chmod 644 "$work/a.csv" "$work/b.csv"

run() { # name binary db file [--gemeente G]
	local name=$1 exe=$2 db=$3 file=$4; shift 4
	printf '%-28s ' "$name"
	timed "$exe" import deliveries "$file" --db "${url/DB/$db}" --data "$work/data-$db" --json "$@"
	grep -q "\"accepted\": $ROWS" "$work/out" || { echo "not all rows accepted" >&2; head -c 400 "$work/out" >&2; exit 1; }
}
fresh() { # binary db
	psql -q "${url/DB/postgres}" -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2"
	"$1" release list --db "${url/DB/$2}" --data "$work/data-$2" >/dev/null 2>&1 || true
}
echo "$ROWS rows; load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${OLD:-}" ]; then
	fresh "$OLD" old
	run "old first" "$OLD" old "$work/a.csv"
fi
fresh "$work/new" new
run "new first (GM0642)" "$work/new" new "$work/a.csv" --gemeente GM0642
if [ -n "${OLD:-}" ]; then
	run "old second file" "$OLD" old "$work/b.csv"
fi
run "new new-gm (GM0531)" "$work/new" new "$work/a.csv" --gemeente GM0531
run "new same-gm (GM0642)" "$work/new" new "$work/b.csv" --gemeente GM0642
psql -qAt "${url/DB/new}" -c "SELECT c.relname || ' ' || (SELECT COUNT(*) FROM deliveries d WHERE d.tableoid = c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'deliveries'::regclass ORDER BY 1"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server statements over ${SLOW_MS:-300} ms, in order (the COPY batches are not single statements):"
grep -o 'duration: [0-9.]* ms  statement: .\{0,90\}' "$work/pg.log" || true
