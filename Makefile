# Trạm Học Số — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

GO_TAGS  := desktop,production,webkit2_41
BIN      := build/bin/tramhocso
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)
LDFLAGS  := -s -w -X tramhocso/app/version.release=$(VERSION) -X tramhocso/app/version.commit=$(COMMIT)
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package-lock.json -type f 2>/dev/null)
GO_SRC   := $(shell find app -name '*.go' -not -name '*_test.go') main.go go.mod go.sum

.PHONY: run test setup build frontend test-go test-collector-pg test-frontend test-e2e test-window deb test-deb fuzz bench bench-window clean

## run: set up, build and run the kiosk (a window when there is a display, else headless serve)
run: setup build
	./$(BIN)

## test: set up, build and run every test (Go, frontend, end-to-end, real window)
test: setup build test-go test-frontend test-e2e test-window test-deb
	@echo "All test levels passed."

setup:
	build/setup/debian.sh

build: $(BIN)

frontend/dist/index.html: $(FRONTEND_SRC)
	cd frontend && npx vite build --logLevel warn

frontend: frontend/dist/index.html

$(BIN): frontend/dist/index.html $(GO_SRC) $(shell find kiosk-config -type f -not -path '*/secrets/*')
	go build -tags $(GO_TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

## test-go: the hygiene gates (go.mod tidy, go vet and staticcheck, with and without the window's build tags),
## then every Go test with the race detector. staticcheck is pinned here (a release that supports go 1.26).
STATICCHECK := go run honnef.co/go/tools/cmd/staticcheck@v0.8.2
test-go: frontend/dist/index.html
	go mod tidy -diff
	go vet ./...
	go vet -tags $(GO_TAGS) ./...
	$(STATICCHECK) ./...
	$(STATICCHECK) -tags $(GO_TAGS) ./...
	build/test/pg-cluster.sh go test -race -count=1 ./...

## test-collector-pg: only the collector suite, on bbolt and on a throwaway PostgreSQL cluster
## (test-go runs it too: the whole Go suite runs inside build/test/pg-cluster.sh)
test-collector-pg:
	build/test/pg-cluster.sh go test -race -count=1 ./app/collector/...

test-frontend:
	cd frontend && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine | tail -n 3
	cd frontend && npx vitest run

test-e2e: $(BIN)
	cd frontend && TRAMHOCSO_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 e2e/*.e2e.mjs

test-window: $(BIN)
	cd frontend && TRAMHOCSO_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 e2e/window.smoke.mjs e2e/window-kiosk.smoke.mjs e2e/window-practice.smoke.mjs e2e/window-soak.smoke.mjs

## deb: the kiosk PC package (binary, systemd unit, launcher, default config) built with nfpm
NFPM       := go run github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2
DEB_ARCH   := $(shell go env GOARCH)
# Debian versions start with a digit: v1.2.3 → 1.2.3, a bare commit → 0.0.0~<commit>.
DEB_VERSION := $(shell echo '$(VERSION)' | sed -E 's/^v([0-9]+\.)/\1/; /^[0-9]+\./!s/^/0.0.0~/; s/-/+/g')
DEB        := build/bin/tramhocso_$(DEB_VERSION)_$(DEB_ARCH).deb

deb: $(DEB)

$(DEB): $(BIN) build/linux/nfpm.yaml $(wildcard build/linux/*) docs/operations.md $(shell find kiosk-config -type f -not -path '*/secrets/*')
	rm -rf build/bin/deb-stage && mkdir -p build/bin/deb-stage/config
	tar -C kiosk-config --exclude=./secrets -cf - . | tar -C build/bin/deb-stage/config -xf -
	VERSION='$(DEB_VERSION)' ARCH='$(DEB_ARCH)' $(NFPM) package --config build/linux/nfpm.yaml --packager deb --target $@

## test-deb: build the .deb and check its contents and the launcher
test-deb: $(DEB)
	build/linux/check-deb.sh $(DEB)
	build/linux/test-launch.sh

## fuzz: run every Go fuzz target for FUZZTIME each (default 60s); every target runs even when one fails, and
## the failures are listed at the end (a failing input is written to the package's testdata/fuzz: commit it).
## FUZZMINIMIZE bounds how long the fuzzer minimises each new input (its default, 60s per input, leaves a slow
## target almost no time to explore). FUZZFLAGS: more flags for go test, e.g. -parallel=1 on a shared machine.
FUZZTIME ?= 60s
FUZZMINIMIZE ?= 2000x
FUZZFLAGS ?=
fuzz: frontend/dist/index.html
	@failed=(); \
	for pkg in $$(go list ./app/...); do \
	  for f in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f"; \
	    go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $(FUZZFLAGS) $$pkg \
	      || failed+=("$$pkg $$f"); \
	  done; \
	done; \
	if (( $${#failed[@]} )); then printf 'FAILED: %s\n' "$${failed[@]}"; exit 1; fi; \
	echo "All fuzz targets passed ($(FUZZTIME) each)."

## bench: run the Go benchmarks (the collector's on bbolt and on a throwaway PostgreSQL cluster)
bench: frontend/dist/index.html
	build/test/pg-cluster.sh go test -run '^$$' -bench . -benchmem ./app/...

## bench-window: issue 8's window figures (cold start, PSS after start and after scripted sessions) for the
## kiosk window, the vanilla Wails template and chromium --kiosk, under Xvfb; a benchmark, not part of `make test`.
## BENCH_WINDOW_FLAGS: e.g. --sessions 3000 --chromium-sessions 1000 --stress 300 --runs 5 --build-vanilla;
## --soak-only runs the window's soak alone (see build/bench/window-figures.sh --help)
BENCH_WINDOW_FLAGS ?= --build-vanilla
bench-window: $(BIN)
	build/bench/window-figures.sh $(BENCH_WINDOW_FLAGS)

clean:
	rm -rf build/bin frontend/dist
