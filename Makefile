# Trạm Học Số — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

GO_TAGS  := desktop,production,webkit2_41
BIN      := build/bin/tramhocso
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X tramhocso/app/version.release=$(VERSION)
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package-lock.json -type f 2>/dev/null)
GO_SRC   := $(shell find app -name '*.go' -not -name '*_test.go') main.go go.mod go.sum

.PHONY: run test setup build frontend test-go test-frontend test-e2e test-window fuzz bench clean

## run: set up, build and run the kiosk (a window when there is a display, else headless serve)
run: setup build
	./$(BIN)

## test: set up, build and run every test (Go, frontend, end-to-end, real window)
test: setup build test-go test-frontend test-e2e test-window
	@echo "All test levels passed."

setup:
	build/setup/debian.sh

build: $(BIN)

frontend/dist/index.html: $(FRONTEND_SRC)
	cd frontend && npx vite build --logLevel warn

frontend: frontend/dist/index.html

$(BIN): frontend/dist/index.html $(GO_SRC) $(shell find kiosk-config -type f -not -path '*/secrets/*')
	go build -tags $(GO_TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

test-go: frontend/dist/index.html
	go vet ./...
	go vet -tags $(GO_TAGS) ./...
	go test -race -count=1 ./...

test-frontend:
	cd frontend && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine | tail -n 3
	cd frontend && npx vitest run

test-e2e: $(BIN)
	cd frontend && TRAMHOCSO_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 e2e/*.e2e.mjs

test-window: $(BIN)
	cd frontend && TRAMHOCSO_BIN=$(CURDIR)/$(BIN) node --test e2e/window.smoke.mjs

## fuzz: run every Go fuzz target for FUZZTIME each (default 15s)
FUZZTIME ?= 15s
fuzz: frontend/dist/index.html
	@for pkg in $$(go list ./app/...); do \
	  for f in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

## bench: run the Go benchmarks
bench: frontend/dist/index.html
	go test -run '^$$' -bench . -benchmem ./app/...

clean:
	rm -rf build/bin frontend/dist
