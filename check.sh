#!/bin/sh
# Every test suite: installs what is missing, builds, runs all suites (starting Xvfb, pcscd and
# the virtual card program itself) and ends with a line "N passed, N failed".
set -eu
cd "$(dirname "$0")"
./.ci/install-deps all
./.ci/build build
exec tests/tools/run-all build
