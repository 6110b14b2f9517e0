# siopi — build, test and lint. See README.md and CONTRIBUTING.md.

GO           ?= go
BIN          := $(CURDIR)/bin
STATICCHECK  := $(BIN)/staticcheck
# Pinned: staticcheck 2026.2.2 supports Go 1.26.
STATICCHECK_VERSION := v0.8.2
TESTFLAGS    ?=
BENCH        ?= .
BENCHTIME    ?= 1s
FUZZTIME     ?= 60s
PKGS         ?= ./...

.PHONY: demo test bench lint fmt cover fuzz tools clean

## demo: start the reference portal with demo data (SQLite, test IdP, fake App IO and pagoPA).
demo:
	@if [ -d examples/portal ]; then \
		$(GO) run ./examples/portal -demo; \
	else \
		echo "make demo: the reference portal (examples/portal) does not exist yet; it arrives with the portal issue."; \
		echo "Runnable today: go run ./examples/spid-login, go run ./examples/cie-login, go run ./examples/pagopa-station"; \
		exit 1; \
	fi

## test: run the whole test suite (PostgreSQL tests run when SIOPI_TEST_POSTGRES is set).
test:
	$(GO) test $(TESTFLAGS) -timeout 20m $(PKGS)

## bench: run every benchmark once (figures go in BENCHMARKS.md).
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -benchtime $(BENCHTIME) $(PKGS)

## lint: gofmt check, go vet and staticcheck.
lint: $(STATICCHECK)
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt: these files need formatting:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(STATICCHECK) $(PKGS)

## fmt: format every Go file.
fmt:
	gofmt -w $$(git ls-files '*.go')

## cover: test with coverage and print the total.
cover:
	$(GO) test -coverprofile=coverage.out -covermode=atomic $(PKGS)
	$(GO) tool cover -func=coverage.out | tail -1

## fuzz: run every fuzz target for FUZZTIME each (default 60s).
fuzz:
	@for pkg in $$($(GO) list $(PKGS)); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

tools: $(STATICCHECK)

$(STATICCHECK):
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

clean:
	rm -rf $(BIN) coverage.out
