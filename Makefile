# Two commands do everything: `make serve` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
DIST ?= dist
PORT ?= 8080
GO ?= go
GOROOT_WASM := $(shell $(GO) env GOROOT)/lib/wasm
FUZZTIME ?= 30s
# The wasm's build flags, shared by the site, the size guard's hello world and
# make bench. Inlining is off in our code, goccy/go-json and go-app: it costs
# 8 % of the gzip size and, in make bench, nothing measurable in latency.
WASM_FLAGS := -trimpath -ldflags=-s\ -w -gcflags=vram/...=-l -gcflags=github.com/goccy/...=-l -gcflags=github.com/maxence-charriere/...=-l

.PHONY: all deps build serve test test-steps fmt-check vet unit e2e bench fuzz fuzz-short screenshots replay replay-baseline wasm-size wasm-size-baseline clean

all: build

## deps: chromium (browser tests, bench) and brotli, installed with apt-get when missing
deps:
	@.ci/deps

## build: the static site in $(DIST)/ (wasm, generated pages, assets, precompressed wasm)
build:
	rm -rf $(DIST) && mkdir -p $(DIST)/web
	cp -r web/. $(DIST)/web/
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $(DIST)/web/app.wasm ./app
	$(GO) run -trimpath ./app -out $(DIST)
	@# go-app picks wasm_exec.js by the generator's Go version; it must match the toolchain's.
	cmp $(DIST)/wasm_exec.js $(GOROOT_WASM)/wasm_exec.js
	gzip -9 -k -f $(DIST)/web/app.wasm
	@if command -v brotli >/dev/null; then brotli -q 11 -k -f $(DIST)/web/app.wasm; \
	else echo "brotli not installed: skipping app.wasm.br"; fi
	@ls -l $(DIST)/web/app.wasm* | awk '{print $$5, $$9}'

## serve: build, then serve $(DIST)/ at / and /tools/vram/ on localhost:$(PORT)
serve: build
	PORT=$(PORT) $(GO) run ./app/cmd/serve -dir $(DIST)

## test: formatting, vet (native and wasm), unit tests, a short fuzz of every
## parser, build, browser tests; the seconds it took go to .make-test-seconds (make bench prints them)
test:
	@start=$$(date +%s); $(MAKE) --no-print-directory test-steps; \
	took=$$(( $$(date +%s) - start )); echo "$$took" > .make-test-seconds; echo "make test took $$took s"

test-steps: deps fmt-check vet unit fuzz-short build wasm-size e2e

## wasm-size: fail when app.wasm.gz grows over 2 % past app/wasm-size.json, or past 1.60× go-app's hello world
wasm-size:
	@tmp=$$(mktemp -d); GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $$tmp/hello.wasm ./app/bench/hello; \
	$(GO) run ./app/cmd/sizeguard -app $(DIST)/web/app.wasm -hello $$tmp/hello.wasm -baseline app/wasm-size.json; rc=$$?; rm -rf $$tmp; exit $$rc

## wasm-size-baseline: accept the current app.wasm size (review why it grew)
wasm-size-baseline: build
	@tmp=$$(mktemp -d); GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o $$tmp/hello.wasm ./app/bench/hello; \
	$(GO) run ./app/cmd/sizeguard -update -app $(DIST)/web/app.wasm -hello $$tmp/hello.wasm -baseline app/wasm-size.json; rm -rf $$tmp

fmt-check:
	@out=$$(gofmt -l app calc presets); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

e2e: deps
	VRAM_DIST=$(abspath $(DIST)) $(GO) test -count=1 -v -run . ./app/e2e/ 2>&1 | grep -v '^=== RUN' 

## bench: benchmarks (never fail the build unless they cannot run)
bench: deps build
	$(GO) run ./app/cmd/bench -dist $(DIST) -wasmflags '$(WASM_FLAGS)'

## replay: every committed real startup log (and VRAM_REPLAY_CASES files) against the model, the error per figure
replay:
	$(GO) run ./calc/cmd/replay calc/testdata/dev.jsonl calc/testdata/harvest.jsonl calc/testdata/pending.jsonl $${VRAM_REPLAY_CASES:+$${VRAM_REPLAY_CASES//,/ }}

## replay-baseline: accept the current replay as the baseline the tests hold it to (review the diff)
replay-baseline:
	$(GO) test -count=1 ./calc/replay -run '^TestReplay$$' -update
	@git diff --stat calc/testdata/replay-baseline.json || true

## screenshots: PNGs of the main presets (desktop, phone, embed) in app/e2e/screenshots/
screenshots: deps build
	@# Chinese glyphs for the zh screenshots (text tests do not need fonts).
	@fc-list :lang=zh 2>/dev/null | grep -q . || (apt-get update -qq && apt-get install -y -qq fonts-noto-cjk >/dev/null) || echo "no CJK font: zh screenshots will show boxes"
	VRAM_DIST=$(abspath $(DIST)) VRAM_SCREENSHOTS=$(abspath app/e2e/screenshots) $(GO) test -count=1 -run TestScreenshots ./app/e2e/
	@ls app/e2e/screenshots/*.png

## fuzz-short: every fuzz target for 20,000 executions (part of make test; make fuzz runs longer).
## A count, not a duration: Go 1.26 can fail a duration run at its deadline (golang/go#75804).
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=20000x | grep -v '^fuzz: elapsed'

## fuzz: each fuzz target for $(FUZZTIME)
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list 'Fuzz.*' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

clean:
	rm -rf $(DIST)
