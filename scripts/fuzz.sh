#!/bin/sh
# fuzz.sh: builds every tests/fuzz/fuzz_*.c with libFuzzer+ASan+UBSan and runs each for N seconds
# from its seed corpus (tests/fuzz/corpus/NAME/). usage: fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
out=build/fuzz
mkdir -p "$out"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -std=c17 -D_GNU_SOURCE -Isrc $(pkg-config --cflags libmicrohttpd md4c yaml-0.1)"
libs="$(pkg-config --libs libmicrohttpd sqlite3 md4c libsodium yaml-0.1 zlib libmagic) -lpthread -lm"
# The library once, instrumented for coverage; the command line and server stay out.
mkdir -p "$out/obj"
objs=''
for src in $(ls src/*/*.c | grep -v '^src/cli/' | grep -v '^src/http/server.c'); do
	obj="$out/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src -name '*.h' -newer "$obj")" ]; then
		# shellcheck disable=SC2086
		clang $cflags $san -fsanitize=fuzzer-no-link -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done
rm -f "$out/libbroadside.a"
# shellcheck disable=SC2086
ar rcs "$out/libbroadside.a" $objs
status=0
for f in tests/fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	# shellcheck disable=SC2086
	clang $cflags $san -fsanitize=fuzzer -o "$out/$name" "$f" "$out/libbroadside.a" $libs
	corpus="$out/corpus-$name"
	mkdir -p "$corpus"
	# Seeds: the project's own inputs of that kind.
	case $name in
	fuzz_markdown) seeds="tests/render tests/fuzz/corpus/markdown" ;;
	fuzz_mustache) seeds=theme ;;
	*) seeds=tests/fuzz/corpus/${name#fuzz_} ;;
	esac
	dirs=''
	for d in $seeds; do [ -d "$d" ] && dirs="$dirs $d"; done
	echo "fuzz: $name for ${secs}s"
	if ! "$out/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
		-artifact_prefix="$out/$name-" \
		"$corpus" $dirs >"$out/$name.log" 2>&1; then
		echo "fuzz: $name FAILED; see $out/$name.log"
		tail -40 "$out/$name.log"
		status=1
	fi
done
exit $status
