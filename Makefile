# shohyo: `make demo` and `make test` set up everything they need on a
# Debian/Ubuntu machine. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
CACHE ?= $(HOME)/.cache/shohyo
BIN_CACHE := $(CACHE)/bin
# The MinIO community server's last commit (the project is archived); the
# module proxy serves this pseudo-version. versitygw is the maintained
# S3 gateway the same storage tests also run against.
MINIO_VERSION := v0.0.0-20260212201848-7aac2a2c5b7c
VERSITYGW_VERSION := v1.8.0
APT_PACKAGES := tesseract-ocr tesseract-ocr-jpn tesseract-ocr-osd libtesseract-dev libleptonica-dev \
	redis-server poppler-utils curl fonts-ipafont-gothic fonts-ipafont-mincho webp
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
DEMO_DATA ?= $(CURDIR)/data/demo
DEMO_ADDR ?= 127.0.0.1:18080
SROIE ?= $(CURDIR)/../shared/datasets/sroie-dev
export OMP_THREAD_LIMIT := 1

.PHONY: all build deps system-deps minio versitygw test demo eval eval-ocr bench samples clean

all: build

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/shohyo ./cmd/shohyo

# System packages, installed only when missing (sudo when not root).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

minio: $(BIN_CACHE)/minio
$(BIN_CACHE)/minio:
	@echo "building MinIO $(MINIO_VERSION) into $(BIN_CACHE) (once; about 5 minutes)"
	GOBIN=$(BIN_CACHE) $(GO) install github.com/minio/minio@$(MINIO_VERSION)

versitygw: $(BIN_CACHE)/versitygw
$(BIN_CACHE)/versitygw:
	GOBIN=$(BIN_CACHE) $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)

deps: system-deps

# Every test, with real MinIO, versitygw, Redis and Tesseract; the tests
# start their own servers on free ports and stop them.
test: system-deps minio versitygw build
	SHOHYO_MINIO_BIN=$(BIN_CACHE)/minio SHOHYO_VERSITYGW_BIN=$(BIN_CACHE)/versitygw \
	SHOHYO_BIN=$(CURDIR)/bin/shohyo SHOHYO_SROIE=$(SROIE) \
	$(GO) test -timeout 25m -count=1 ./...

# Starts serve on the embedded default (one data directory, private
# Redis), ingests the sample scans, and shows a search.
demo: system-deps build
	@rm -rf $(DEMO_DATA); mkdir -p $(DEMO_DATA)
	@echo "== shohyo token create --data $(DEMO_DATA) --role admin --name demo  (the secret goes to $(DEMO_DATA)/admin.token)"
	@umask 077; bin/shohyo token create --data $(DEMO_DATA) --role admin --name demo > $(DEMO_DATA)/admin.token
	@echo "== starting shohyo serve --data $(DEMO_DATA) on $(DEMO_ADDR)"
	@export SHOHYO_TOKEN=$$(cat $(DEMO_DATA)/admin.token); \
	bin/shohyo serve --data $(DEMO_DATA) --addr $(DEMO_ADDR) > $(DEMO_DATA)/serve.log 2>&1 & pid=$$!; \
	trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null || true' EXIT; \
	for i in $$(seq 1 100); do curl -fsS http://$(DEMO_ADDR)/api/v1/health >/dev/null 2>&1 && break; sleep 0.2; \
	  kill -0 $$pid 2>/dev/null || { cat $(DEMO_DATA)/serve.log; exit 1; }; done; \
	echo "== shohyo ingest --wait 5m testdata/samples/*.{jpg,png}"; \
	bin/shohyo ingest --server http://$(DEMO_ADDR) --wait 5m testdata/samples/*.jpg testdata/samples/*.png; \
	echo; echo "== shohyo search (everything)"; \
	bin/shohyo search --server http://$(DEMO_ADDR); \
	echo; echo "== shohyo search --from 2024-01-01 --to 2025-12-31 --min 1000"; \
	bin/shohyo search --server http://$(DEMO_ADDR) --from 2024-01-01 --to 2025-12-31 --min 1000; \
	echo; echo "The server log is $(DEMO_DATA)/serve.log; run it yourself with: bin/shohyo serve --data $(DEMO_DATA)"

# Field extraction accuracy and seconds per document, with OCR: SROIE
# (needs ../shared/datasets/sroie-dev), then the synthetic Japanese set of
# testdata/gen, a development and a held-out seed, generated once per
# generator version into $(EVAL_DIR) (not committed).
EVAL_DIR ?= $(CACHE)/eval
JA_EVAL_N ?= 100
JA_DEV_SEED ?= 1001
JA_HELDOUT_SEED ?= 900001
eval: system-deps build
	$(GO) build -o bin/shohyo-eval ./cmd/shohyo-eval
	bin/shohyo-eval -run bin/shohyo -keys $(SROIE)/key -title "SROIE dev" $(SROIE)/img/*.jpg
	@gen=$$(cat internal/synth/*.go testdata/gen/*.go | sha256sum | cut -c1-12); \
	for set in dev:$(JA_DEV_SEED) held-out:$(JA_HELDOUT_SEED); do \
	  name=$${set%%:*}; seed=$${set##*:}; dir=$(EVAL_DIR)/ja-$$gen-$$seed-$(JA_EVAL_N); \
	  [ -f $$dir/manifest.json ] || $(GO) run ./testdata/gen -n $(JA_EVAL_N) -seed $$seed -out $$dir >/dev/null; \
	  echo; bin/shohyo-eval -run bin/shohyo -truth $$dir -title "Japanese synthetic, $$name (seed $$seed, $(JA_EVAL_N) documents)" \
	    $$(ls $$dir/*.png $$dir/*.jpg 2>/dev/null); \
	done

# OCR character error rate on SROIE's line transcripts.
eval-ocr: system-deps
	$(GO) run ./cmd/shohyo-eval-ocr -data $(SROIE)

samples:
	$(GO) run ./testdata/gen -demo -out testdata/samples

# OCR benchmarks (cmd/shohyo-bench-ocr): the stage against the tesseract
# CLI and ocrmypdf on N SROIE scans (50 by default), born-digital PDFs,
# 1 vs 2 extract processes, RSS over 1,000 pages; prints the Markdown for
# docs/benchmarks.md. ocrmypdf is installed only here, and only when missing.
bench: system-deps build
	@dpkg-query -W -f='$${Status}' ocrmypdf 2>/dev/null | grep -q "install ok installed" || { \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq ocrmypdf; }
	$(GO) run ./cmd/shohyo-bench-ocr -data $(SROIE) -n $(or $(N),50) -bin bin/shohyo

# Search at archive scale: N synthetic documents (100k by default; the 1M
# of the targets is N=1000000 make bench-search, 5-15 minutes on two
# cores), indexed and queried through the real code, under a 1 GiB memory
# cgroup when the user may create one (root); prints the Markdown for
# docs/benchmarks.md.
.PHONY: bench-search
bench-search:
	N=$(or $(N),100000) $(GO) run ./cmd/shohyo-bench-search

clean:
	rm -rf bin data
