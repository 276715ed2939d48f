# protocoder — build, run and test. `make run` and `make test` work on a fresh
# Debian machine: they install the packages they need (as root or via sudo).
SHELL := /bin/bash
GO ?= go
TAGS := migrated_fynedo
BIN := bin
# Debian packages for Fyne's cgo/GLFW driver (OpenGL, X11 and Wayland
# headers), for the recording player's audio output (oto on ALSA) and for
# tests that validate XML.
APT_GUI := gcc libc6-dev pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev libasound2-dev
# postgresql: the team server's tests start throwaway clusters (initdb and
# pg_ctl, as the user postgres when run as root; internal/server/pgtest).
APT_TEST := libxml2-utils postgresql
APT_XVFB := xvfb xauth x11-apps netpbm xdotool
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# RUN_DIR is the folder `make run` opens. Unless given (RUN_DIR=DIR make run),
# a new name is chosen once, here: a simply expanded variable, so every use
# below names the same folder.
ifeq ($(origin RUN_DIR),undefined)
RUN_DIR := $(shell mktemp -d -u /tmp/protocoder-sample-XXXXXX)
endif
# first_build_note prints one line before a build that compiles Fyne's cgo
# driver from scratch (nothing of it in the Go build cache yet).
define first_build_note
	@if [ "$$($(GO) list -tags $(TAGS) -f '{{.Stale}}' github.com/go-gl/glfw/v3.4/glfw 2>/dev/null)" != false ]; then \
		echo "note: the first build compiles Fyne's OpenGL driver (cgo) and takes a few minutes; later builds take seconds"; \
	fi
endef

.PHONY: run test build cli server gui deps deps-gui deps-test fmt vet screenshots package clean torture fuzz bench
FYNE_TOOL := fyne.io/tools/cmd/fyne@v1.7.4

# apt_install installs the named packages that are missing.
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps-gui:
	$(call apt_install,$(APT_GUI))

deps-test: deps-gui
	$(call apt_install,$(APT_TEST))

deps: deps-test

## run: build both binaries and open the GUI on a fresh copy of the sample
## project (or on RUN_DIR, when it already holds a project)
run: build
	@if [ -e "$(RUN_DIR)/project.db" ]; then echo "opening the project in $(RUN_DIR)"; \
	else $(BIN)/protocoder-cli sample "$(RUN_DIR)" && echo "sample project: $(RUN_DIR)"; fi
	$(BIN)/protocoder "$(RUN_DIR)"

## test: go vet, gofmt check and all tests
test: deps-test
	$(first_build_note)
	$(GO) vet -tags $(TAGS) ./...
	@unformatted=$$(gofmt -l cmd internal); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) test -tags $(TAGS) -timeout 30m ./...

## torture: the long crash torture test (TORTURE_KILLS SIGKILLs of protocoder-cli at random moments,
## kills at each step of the multi-file operations and races, injected with strace; prints the figures)
TORTURE_KILLS ?= 100
torture:
	$(call apt_install,strace)
	CGO_ENABLED=0 $(GO) test ./internal/torture -run '^TestTorture' -count=1 -v -timeout 90m -torture.kills=$(TORTURE_KILLS)

## bench: generate BENCH_DOCS protocols, measure them and write docs/benchmarks.md
BENCH_DOCS ?= 10000
bench: cli
	$(BIN)/protocoder-cli bench --docs $(BENCH_DOCS) --md docs/benchmarks.md

## fuzz: run every fuzz target under internal/ for FUZZTIME each; crashers land in testdata/fuzz
FUZZTIME ?= 30s
fuzz:
	@for f in $$(grep -rl --include='*_test.go' '^func Fuzz' internal | sort); do \
		pkg=./$$(dirname $$f); \
		for fn in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | cut -d' ' -f2); do \
			echo "== $$pkg $$fn ($(FUZZTIME))"; \
			CGO_ENABLED=0 $(GO) test $$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) || exit 1; \
		done; \
	done

build: cli server gui

cli:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/protocoder-cli ./cmd/protocoder-cli

## server: the team server (docs/team.md), a static binary
server:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/protocoder-server ./cmd/protocoder-server

gui: deps-gui
	$(first_build_note)
	$(GO) build -tags $(TAGS) -o $(BIN)/protocoder ./cmd/protocoder

fmt:
	gofmt -w cmd internal

## screenshots: regenerate the README pictures under Xvfb
screenshots: build
	$(call apt_install,$(APT_XVFB))
	scripts/screenshots.sh $(BIN)

## package: a Linux desktop bundle (binary, icon, desktop entry; app ID and
## version from FyneApp.toml) in $(BIN)/protocoder.tar.xz. It packages the
## binary `make gui` built, so go-gl is not compiled a second time.
package: gui
	GOBIN=$(CURDIR)/$(BIN)/tools $(GO) install $(FYNE_TOOL)
	cp FyneApp.toml $(BIN)/FyneApp.toml.keep
	$(BIN)/tools/fyne package --os linux --exe $(BIN)/protocoder --release; \
		status=$$?; mv $(BIN)/FyneApp.toml.keep FyneApp.toml; exit $$status
	mv protocoder.tar.xz $(BIN)/protocoder.tar.xz
	@echo "bundle: $(BIN)/protocoder.tar.xz (install: tar xf it and run 'sudo make install' inside)"

clean:
	rm -rf $(BIN)
