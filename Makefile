# Mentorspor. The two commands a fresh machine needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
GO ?= go
BIN := bin/mentorspor

SCALE_DB ?= mentorspor_scale
FACTOR ?= 1.0

.PHONY: help run build test generate check-generated vet fmt-check tidy-check staticcheck lint vendor db-stop bench load load-scale seed-scale clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

run: build ## Find or start PostgreSQL, migrate, load demo data and serve on http://localhost:8080
	@url=$$(scripts/db.sh url run) || exit 1; \
	DATABASE_URL="$$url" exec ./$(BIN) serve --seed-demo

build: ## Build the binary into bin/
	$(GO) build -trimpath -o $(BIN) ./cmd/mentorspor

test: lint check-generated ## Everything CI checks: vet, gofmt, go.mod tidy, staticcheck, generated code current, all tests with -race
	@url=$$(scripts/db.sh url test) || exit 1; \
	TEST_DATABASE_URL="$$url" $(GO) test -race -count=1 -timeout 25m ./...

lint: vet fmt-check tidy-check staticcheck ## The static checks without the tests

vet: ## go vet
	$(GO) vet ./...

fmt-check: ## Fail when a Go file is not gofmt-formatted
	@files=$$(gofmt -l cmd internal migrations web); \
	if [ -n "$$files" ]; then \
		echo "Not gofmt-formatted (run 'gofmt -w' on them):"; echo "$$files"; exit 1; \
	fi

tidy-check: ## Fail when go.mod or go.sum is not what 'go mod tidy' would write
	$(GO) mod tidy -diff

staticcheck: ## staticcheck, pinned as a Go tool in go.mod
	$(GO) tool staticcheck ./...

generate: ## Regenerate the templ components
	$(GO) tool templ generate

check-generated: generate ## Fail when templ output is stale or not committed
	@changes=$$(git status --porcelain -- '*_templ.go'); \
	if [ -n "$$changes" ]; then \
		echo "templ output is not current or not committed:"; echo "$$changes"; \
		echo "Run 'make generate' and commit the *_templ.go files."; exit 1; \
	fi

vendor: ## Copy the pinned front-end assets (npm) into web/static/vendor
	scripts/vendor.sh

db-stop: ## Stop the private PostgreSQL cluster under .data/ (if one runs)
	@scripts/db.sh stop

bench: ## Go benchmarks against a fresh database
	@url=$$(scripts/db.sh url test) || exit 1; \
	TEST_DATABASE_URL="$$url" $(GO) test -run '^$$' -bench . -benchmem ./...

seed-scale: build ## Demo Kommune at national scale in database $(SCALE_DB): FACTOR=1.0 (default), FRESH=1 rebuilds it
	@base=$$(scripts/db.sh url test) || exit 1; \
	url=$$(printf '%s' "$$base" | sed -E 's#/[^/?]*(\?|$$)#/$(SCALE_DB)\1#'); \
	./$(BIN) seed-scale --factor $(FACTOR) --database "$$url" $(if $(FRESH),--fresh)

load: ## Load run on a fresh demo database (needs wrk): session save and my citizens, p50/p95
	scripts/load.sh

LOAD_DB ?= mentorspor_scale
LOAD_SECONDS ?= 10
load-scale: build ## Signed-in load on a scale database (LOAD_DB, FACTOR, LOAD_SECONDS, LOAD_ARGS): every main page at 8 and 32 connections
	@url=$$(scripts/db.sh url test) || exit 1; \
	$(GO) build -trimpath -o bin/loadrun ./cmd/loadrun && \
	./bin/loadrun -db "$${url%/*}/$(LOAD_DB)?sslmode=disable" -bin $(BIN) -duration $(LOAD_SECONDS)s \
		$(if $(FACTOR),-factor $(FACTOR)) $(LOAD_ARGS)

clean: ## Remove build output and screenshots
	rm -rf bin tmp
