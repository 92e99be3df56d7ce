#!/usr/bin/env bash
# bench-peers: import the same synthetic delivery CSV with ontschot and with
# its bare peers, back to back, three times each, and print medians and
# ratios (issue 16). Peers: the sqlite3 CLI's `.import` + GROUP BY, and
# `psql \copy` + GROUP BY into a throwaway PostgreSQL cluster.
#
#   ROWS="1000000 3000000" RUNS=3 ENGINES="sqlite postgres" scripts/bench-peers.sh
#
# Every size in ROWS gets its own file (PERSONS persons, default a tenth of
# the rows) and its own medians; ours and the peer alternate, so a busy
# machine slows both.
#
# ontschot's import includes validation, pseudonymisation, the idempotency
# key and one transaction; the peers load untyped text and nothing else.
set -euo pipefail
SIZES=${ROWS:-"1000000 3000000"}
RUNS=${RUNS:-3}
ENGINES=${ENGINES:-"sqlite postgres"}
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/bench-peers.XXXXXX)
chmod 755 "$work"
trap 'cleanup' EXIT
pgstop=""
cleanup() { [ -n "$pgstop" ] && eval "$pgstop" >/dev/null 2>&1 || true; rm -rf "$work"; }

if ! command -v sqlite3 >/dev/null; then
	echo "sqlite3 ontbreekt: installeren met apt / installing sqlite3 with apt" >&2
	sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get install -y sqlite3 >/dev/null
fi

go build -o "$work/ontschot" ./cmd/ontschot
# timed CMD… runs CMD and prints "seconds maxrss_MB cpu_seconds" (user +
# system). CPU time moves less than wall time on a shared machine; the
# peers are single-threaded, ontschot parses and writes on two goroutines.
timed() {
	/usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	awk '{printf "%s %d %.2f\n", $1, $2/1024, $3+$4}' "$work/time"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

schema='CREATE TABLE deliveries (agb TEXT, referentie TEXT, bsn TEXT, geldstroom TEXT, categorie TEXT, productcode TEXT, begindatum TEXT, einddatum TEXT, volume TEXT, eenheid TEXT, bedrag_cent TEXT, debet_credit TEXT, toewijzing TEXT);'
group='SELECT geldstroom, COUNT(*), SUM(CAST(bedrag_cent AS BIGINT)) FROM deliveries GROUP BY geldstroom;'

if [[ " $ENGINES " == *" postgres "* ]]; then
	bin=$(dirname "$(readlink -f "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")")
	as=(); [ "$(id -u)" -eq 0 ] && { chown postgres "$work"; as=(runuser -u postgres --); }
	"${as[@]}" "$bin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 --no-sync >/dev/null
	port=$((20000 + $$ % 20000))
	"${as[@]}" "$bin/pg_ctl" -D "$work/pg" -o "-p $port -k $work -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -l "$work/pg.log" -w start >/dev/null
	pgstop="${as[*]} $bin/pg_ctl -D $work/pg -m immediate stop"
	url="postgres://postgres@/DB?host=$work&port=$port&sslmode=disable"
fi

for ROWS in $SIZES; do
persons=${PERSONS:-$((ROWS / 10))}
go run ./internal/importer/benchgen -rows "$ROWS" -persons "$persons" > "$work/leveringen.csv"
chmod 644 "$work/leveringen.csv"
echo "file: $ROWS rows, $persons persons, $(du -m "$work/leveringen.csv" | cut -f1) MB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ " $ENGINES " == *" sqlite "* ]]; then
	: >"$work/ours.sqlite"; : >"$work/peer.sqlite"
	for i in $(seq "$RUNS"); do
		rm -rf "$work/data"
		# The first open migrates and makes the keys; that is not the import.
		"$work/ontschot" release list --data "$work/data" >/dev/null 2>&1 || true
		timed "$work/ontschot" import deliveries "$work/leveringen.csv" --data "$work/data" --json >>"$work/ours.sqlite"
		grep -q "\"accepted\": $ROWS" "$work/out" || { echo "ontschot accepted not all rows" >&2; head -c 400 "$work/out" >&2; exit 1; }
		rm -f "$work/peer.db"
		timed sqlite3 "$work/peer.db" "PRAGMA journal_mode=WAL;" "PRAGMA cache_size=-65536;" "$schema" ".import --csv --skip 1 $work/leveringen.csv deliveries" "$group" >>"$work/peer.sqlite"
		echo "sqlite run $i: ontschot $(tail -1 "$work/ours.sqlite") | sqlite3 $(tail -1 "$work/peer.sqlite") (s, MB, CPU s)"
	done
	o=$(cut -d' ' -f1 "$work/ours.sqlite" | median); p=$(cut -d' ' -f1 "$work/peer.sqlite" | median)
	m=$(cut -d' ' -f2 "$work/ours.sqlite" | sort -n | tail -1)
	echo "SQLITE   $ROWS rows: ontschot ${o}s (peak ${m} MB)  sqlite3 .import ${p}s  ratio $(awk -v a="$o" -v b="$p" 'BEGIN{printf "%.2f", a/b}')x (target <= 2.0)"
fi

if [[ " $ENGINES " == *" postgres "* ]]; then
	: >"$work/ours.pg"; : >"$work/peer.pg"
	for i in $(seq "$RUNS"); do
		psql -q "${url/DB/postgres}" -c "DROP DATABASE IF EXISTS o$i" -c "CREATE DATABASE o$i" -c "DROP DATABASE IF EXISTS p$i" -c "CREATE DATABASE p$i"
		rm -rf "$work/data"
		"$work/ontschot" release list --db "${url/DB/o$i}" --data "$work/data" >/dev/null 2>&1 || true
		timed "$work/ontschot" import deliveries "$work/leveringen.csv" --db "${url/DB/o$i}" --data "$work/data" --json >>"$work/ours.pg"
		grep -q "\"accepted\": $ROWS" "$work/out" || { echo "ontschot accepted not all rows" >&2; head -c 400 "$work/out" >&2; exit 1; }
		psql -q "${url/DB/p$i}" -c "$schema"
		timed psql -q "${url/DB/p$i}" -c "\\copy deliveries FROM '$work/leveringen.csv' CSV HEADER" -c "$group" >>"$work/peer.pg"
		echo "postgres run $i: ontschot $(tail -1 "$work/ours.pg") | psql \\copy $(tail -1 "$work/peer.pg") (s, MB, CPU s)"
		psql -q "${url/DB/postgres}" -c "DROP DATABASE o$i" -c "DROP DATABASE p$i"
	done
	o=$(cut -d' ' -f1 "$work/ours.pg" | median); p=$(cut -d' ' -f1 "$work/peer.pg" | median)
	m=$(cut -d' ' -f2 "$work/ours.pg" | sort -n | tail -1)
	echo "POSTGRES $ROWS rows: ontschot ${o}s (client peak ${m} MB)  psql \\copy ${p}s  ratio $(awk -v a="$o" -v b="$p" 'BEGIN{printf "%.2f", a/b}')x (target <= 3.0)"
fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
