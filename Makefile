# Ontschot — the two commands of the README, and a few helpers.
GO ?= go

.PHONY: demo test build check bench bench-peers clean

# Build, load the synthetic municipality and serve it on http://127.0.0.1:8080.
demo: build
	./ontschot demo --serve

# The whole test suite: SQLite always, PostgreSQL when it can be started,
# browser tests when chromium is installed (.ci/run installs both).
test:
	$(GO) test -count=1 ./...

build:
	$(GO) build -o ontschot ./cmd/ontschot

check:
	gofmt -l cmd internal
	$(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/importer/ ./internal/release/ ./internal/intake/

clean:
	rm -rf ontschot ontschot-data

# Import the same 1M-row CSV with ontschot and with the sqlite3 CLI and psql
# \copy, back to back, median of 3 (issue 16; ROWS=… RUNS=… ENGINES=…).
bench-peers:
	scripts/bench-peers.sh
