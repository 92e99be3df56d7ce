#!/usr/bin/env bash
# scale-curve: the measured curve of issue 16 point 4, from scratch. For
# every size it writes the scale fixture (internal/release/scalegen: areas,
# addresses, BRP and a year of deliveries over N households), imports it
# with ontschot, freezes the release of that year, and runs 50 concurrent
# analysts against `ontschot serve` (TestLoadAnalyst) for LOAD_DURATION.
#
#   SIZES="1000000:200000 3000000:600000 10000000:2000000" ENGINES="postgres sqlite" scripts/scale-curve.sh
#
# Each SIZES entry is deliveries:households. Every step prints wall time,
# peak RSS of the ontschot process (/usr/bin/time; the PostgreSQL server's
# own memory is not in it), CPU seconds and the load average at its start.
# OLD=path/to/ontschot also times that binary's release on a copy of the
# same store, right before ours (a pair: e.g. main's sequential release).
# KEEP=1 leaves the work directory (and the PostgreSQL cluster running) for
# further measurements; the script prints where.
set -euo pipefail
SIZES=${SIZES:-"1000000:200000 3000000:600000 10000000:2000000"}
ENGINES=${ENGINES:-"postgres sqlite"}
LOAD_DURATION=${LOAD_DURATION:-30s}
YEAR=${YEAR:-2025}
cd "$(dirname "$0")/.."
work=${WORK:-$(mktemp -d /tmp/scale-curve.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"
pgstop=""
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then echo "kept: $work"; return; fi
	[ -n "$pgstop" ] && eval "$pgstop" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/ontschot" ./cmd/ontschot
go test -c -o "$work/web.test" ./internal/web/
load() { cut -d' ' -f1 /proc/loadavg; }
# timed NAME CMD… runs CMD and prints "NAME wall_s peak_MB cpu_s load".
timed() {
	local name=$1 l
	shift
	l=$(load)
	/usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" "$work/out" >&2; exit 1; }
	awk -v n="$name" -v l="$l" '{printf "%-22s %8.1f s %6d MB %8.1f CPU s  load %s\n", n, $1, $2/1024, $3+$4, l}' "$work/time"
}

if [[ " $ENGINES " == *" postgres "* ]]; then
	bin=$(dirname "$(readlink -f "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")")
	as=(); [ "$(id -u)" -eq 0 ] && { chown postgres "$work"; as=(runuser -u postgres --); }
	"${as[@]}" "$bin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 --no-sync >/dev/null
	port=$((20000 + $$ % 20000))
	"${as[@]}" "$bin/pg_ctl" -D "$work/pg" -o "-p $port -k $work -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB" -l "$work/pg.log" -w start >/dev/null
	pgstop="${as[*]} $bin/pg_ctl -D $work/pg -m immediate stop"
	url="postgres://postgres@/DB?host=$work&port=$port&sslmode=disable"
	echo "postgres: ${url/DB/…}"
fi

webport=$((18000 + $$ % 2000))
for size in $SIZES; do
	rows=${size%%:*}
	hh=${size##*:}
	fx="$work/fixture-$rows"
	rm -rf "$fx"; mkdir -p "$fx"
	go run ./internal/release/scalegen -members "${MEMBERS:-1}" -households "$hh" -deliveries "$rows" -year "$YEAR" -out "$fx"
	chmod -R a+rX "$fx"
	echo "== $rows deliveries, $hh households, $(($(wc -l <"$fx/brp.csv") - 1)) persons, $(du -m "$fx/leveringen.csv" | cut -f1) MB; load $(cut -d' ' -f1-3 /proc/loadavg)"
	for engine in $ENGINES; do
		data="$work/data-$engine-$rows"
		rm -rf "$data"
		db=()
		if [ "$engine" = postgres ]; then
			psql -q "${url/DB/postgres}" -c "DROP DATABASE IF EXISTS s$rows" -c "CREATE DATABASE s$rows"
			db=(--db "${url/DB/s$rows}")
		fi
		o=("${db[@]}" --data "$data")
		"$work/ontschot" release list "${o[@]}" >/dev/null 2>&1 || true
		timed "$engine areas" "$work/ontschot" import areas "$fx/gebieden.geojson" "${o[@]}"
		timed "$engine addresses" "$work/ontschot" import addresses "$fx/adressen.csv" "${o[@]}"
		timed "$engine brp" "$work/ontschot" import brp "$fx/brp.csv" "${o[@]}"
		timed "$engine deliveries" "$work/ontschot" import deliveries "$fx/leveringen.csv" "${o[@]}" --json
		grep -q "\"accepted\": $rows" "$work/out" || { echo "not all rows accepted" >&2; head -c 600 "$work/out" >&2; exit 1; }
		if [ -n "${OLD:-}" ]; then
			oo=(--data "$data-old")
			rm -rf "$data-old"; cp -r "$data" "$data-old"
			if [ "$engine" = postgres ]; then
				psql -q "${url/DB/postgres}" -c "DROP DATABASE IF EXISTS s${rows}old" -c "CREATE DATABASE s${rows}old TEMPLATE s$rows"
				oo+=(--db "${url/DB/s${rows}old}")
			fi
			timed "$engine release (OLD)" "$OLD" release create --period "$YEAR" "${oo[@]}"
			[ "$engine" = postgres ] && psql -q "${url/DB/postgres}" -c "DROP DATABASE s${rows}old"
			rm -rf "$data-old"
		fi
		timed "$engine release" "$work/ontschot" release create --period "$YEAR" "${o[@]}"
		cat "$work/out"
		"$work/ontschot" user add --username analist --role analyst --password scale-curve-wachtwoord-1 "${o[@]}" >/dev/null
		"$work/ontschot" serve --addr "127.0.0.1:$webport" "${o[@]}" >"$work/serve.log" 2>&1 &
		server=$!
		for _ in $(seq 100); do curl -fs "http://127.0.0.1:$webport/inloggen" >/dev/null 2>&1 && break; sleep 0.2; done
		l=$(load)
		ONTSCHOT_LOAD_URL="http://127.0.0.1:$webport" ONTSCHOT_LOAD_USER=analist ONTSCHOT_LOAD_PASSWORD=scale-curve-wachtwoord-1 \
			ONTSCHOT_LOAD_PERIOD="$YEAR" ONTSCHOT_LOAD_DURATION="$LOAD_DURATION" "$work/web.test" -test.run TestLoadAnalyst -test.v 2>&1 |
			grep -o 'load: .*' | sed "s/^/$engine map latency (load $l): /" || echo "$engine map latency: failed (see $work/serve.log)"
		echo "$engine server RSS after the load: $(awk '/VmHWM/ {printf "%d MB peak", $2/1024}' /proc/$server/status)"
		kill "$server"; wait "$server" 2>/dev/null || true; server=""
		[ "$engine" = postgres ] && echo "$engine database size: $(psql -qtA "${url/DB/postgres}" -c "SELECT pg_size_pretty(pg_database_size('s$rows'))")"
		[ "$engine" = sqlite ] && echo "$engine database size: $(du -sh "$data" | cut -f1)"
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
