# The README's two commands: `make demo` and `make check`. Both install what is missing
# (Debian 12 packages, with sudo when not root), build, and run.
BUILD ?= build
MESON_OPTIONS ?= -Dwerror=true

.PHONY: demo check bench build deps deps-demo format clean

deps:
	./.ci/install-deps all

deps-demo:
	./.ci/install-deps demo

build:
	@if [ -f $(BUILD)/build.ninja ]; then :; else meson setup $(BUILD) $(MESON_OPTIONS); fi
	meson compile -C $(BUILD)

# The kiosk on the in-process virtual card with the demo panel, in a window. Run as the user
# who typed the command, even through sudo.
demo: deps-demo build
	@if [ "$$(id -u)" -eq 0 ] && [ -n "$${SUDO_USER:-}" ]; then \
	  exec runuser -u "$$SUDO_USER" -- $(BUILD)/kiosk --demo; \
	else \
	  exec $(BUILD)/kiosk --demo; \
	fi

# Every test suite; ends with a line "N passed, N failed".
check: deps build
	tests/tools/run-all $(BUILD)

bench: deps build
	tests/bench/run-bench $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)
