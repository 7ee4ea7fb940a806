# afterimage build, test and benchmark targets.
GO       ?= go
GOBIN    := $(shell $(GO) env GOPATH)/bin
VERSITYGW_VERSION := v1.8.0
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: build test tools vet bench bench-tools bench-store bench-verify bench-capture bench-recheck bench-export

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o afterimage ./cmd/afterimage

# tools installs what the tests need besides Go: versitygw (a real S3
# server with Object Lock, started by the tests on 127.0.0.1), chromium,
# warcio, unzip and openssl.
tools:
	./scripts/install-test-tools.sh

vet:
	$(GO) vet ./...

# test runs the whole suite. It needs no network beyond 127.0.0.1.
test: tools vet
	PATH="$(GOBIN):$$PATH" $(GO) test -count=1 -timeout 20m ./...

# bench prints the speed and memory figures (seal+store MB/s; verify against
# zcat | sha256sum; capture against bare colly and wget; peak RSS capturing
# ~1 GB; recheck items/s and peak RSS for 100,000 pages; export of 10,000
# items against cp + sha256sum) in one run of about ten minutes. Not part of the test suite. Flags go in
# BENCH_FLAGS, e.g. BENCH_FLAGS="-runs 3 -keep"; `go run ./internal/bench -h`.
bench: bench-tools
	GO=$(GO) $(GO) run ./internal/bench $(BENCH_FLAGS) all

# bench-tools installs wget (Debian package), the baseline crawler.
bench-tools:
	@command -v wget >/dev/null || (apt-get update && apt-get install -y wget)

bench-store:
	GO=$(GO) $(GO) run ./internal/bench $(BENCH_FLAGS) store

bench-verify:
	GO=$(GO) $(GO) run ./internal/bench $(BENCH_FLAGS) verify

bench-capture: bench-tools
	GO=$(GO) $(GO) run ./internal/bench $(BENCH_FLAGS) capture

bench-recheck:
	GO=$(GO) $(GO) run ./internal/bench $(BENCH_FLAGS) recheck

bench-export:
	GO=$(GO) $(GO) run ./internal/bench $(BENCH_FLAGS) export
