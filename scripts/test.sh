#!/bin/sh
# test.sh: what `make test` runs: builds with gcc and clang (warnings are errors), the unit and
# end-to-end suites, the same again under ASan+UBSan, every fuzzer (replay, then fixed runs).
set -u
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
failures=''

step() {
	name=$1
	shift
	echo "== $name"
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures
  - $name"
	fi
}

e2e() {
	BROADSIDE=$1 node --test --test-concurrency=1 tests/e2e/*.test.mjs
}

asan_env() {
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$@"
}

step "gcc build (-Werror)" make -s -j"$jobs" WERROR=1 broadside build/cc/unit-tests
step "clang build (-Werror)" make -s -j"$jobs" CC=clang BUILD=build/clang WERROR=1 build/clang/broadside
step "clang-format" make -s format-check
step "unit tests" build/cc/unit-tests --jobs "$jobs"
step "end-to-end tests" e2e ./broadside
step "browser tests (chromium)" env BROADSIDE=./broadside node --test --test-concurrency=1 tests/browser/*.test.mjs
step "asan+ubsan build" make -s -j"$jobs" BUILD=build/asan SAN=1 OPT=-O1 build/asan/broadside build/asan/unit-tests
step "unit tests (asan+ubsan)" asan_env build/asan/unit-tests --jobs "$jobs"
step "end-to-end tests (asan+ubsan)" asan_env e2e build/asan/broadside
step "fuzzers (committed inputs, then fixed runs)" sh scripts/fuzz.sh check

echo
if [ "$failed" -gt 0 ]; then
	echo "failed steps:$failures"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
