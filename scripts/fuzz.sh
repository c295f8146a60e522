#!/bin/sh
# fuzz.sh: builds every tests/fuzz/fuzz_*.c with libFuzzer+ASan+UBSan and runs it.
#   fuzz.sh check    what `make test` runs: replays each target's committed inputs (its seeds
#                    and past finds), then a fixed number of runs from a fixed seed, so that the
#                    same commit always gets the same verdict
#   fuzz.sh SECONDS  what `make fuzz` runs: open-ended fuzzing for SECONDS a target, keeping what
#                    it finds under build/fuzz/ (commit finds as seeds, with their fixes)
set -eu
cd "$(dirname "$0")/.."
mode=${1:-60}
runs=${FUZZ_RUNS:-50000}
out=build/fuzz
mkdir -p "$out"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
pkgs="libmicrohttpd sqlite3 md4c libsodium yaml-0.1 zlib libmagic libcurl openssl jansson libxml-2.0 libzip"
cflags="-g -O1 -std=c17 -D_GNU_SOURCE -Isrc $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lpthread -lm"
# The library once, instrumented for coverage; the command line and the server's main stay out.
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
embedded="$out/embedded_data.c"
sh scripts/embed.sh -n theme_files $(ls theme/*.mustache theme/*.css | sort) \
	-n sample_files $(ls sample/*.md | sort) -n static_files $(ls static/*.js | sort) >"$embedded"
clang -g -O1 -Isrc -c -o "$out/embedded_data.o" "$embedded"
status=0
for f in tests/fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	# shellcheck disable=SC2086
	clang $cflags $san -fsanitize=fuzzer -o "$out/$name" "$f" "$out/libbroadside.a" \
		"$out/embedded_data.o" $libs
	# Committed inputs: the project's own inputs of that kind, and the target's corpus.
	case $name in
	fuzz_markdown) seeds="tests/render tests/fuzz/corpus/markdown" ;;
	fuzz_mustache) seeds="theme tests/fuzz/corpus/mustache" ;;
	fuzz_xhtml) seeds="tests/render tests/fuzz/corpus/xhtml" ;;
	*) seeds=tests/fuzz/corpus/${name#fuzz_} ;;
	esac
	dirs=''
	for d in $seeds; do [ -d "$d" ] && dirs="$dirs $d"; done
	opts="-timeout=10 -rss_limit_mb=2048 -print_final_stats=0 -artifact_prefix=$out/$name-"
	if [ "$mode" = check ]; then
		# New inputs go to a fresh folder, so the committed ones are all that is read.
		scratch=$(mktemp -d "$out/$name-run.XXXXXX")
		echo "fuzz: $name: replay committed inputs, then $runs runs from seed 1"
		# shellcheck disable=SC2086
		if ! "$out/$name" $opts -runs=0 $dirs >"$out/$name.log" 2>&1 ||
			! "$out/$name" $opts -seed=1 -runs="$runs" "$scratch" $dirs >>"$out/$name.log" 2>&1; then
			echo "fuzz: $name FAILED; see $out/$name.log"
			tail -40 "$out/$name.log"
			status=1
		fi
		rm -rf "$scratch"
	else
		corpus="$out/corpus-$name"
		mkdir -p "$corpus"
		echo "fuzz: $name for ${mode}s"
		# shellcheck disable=SC2086
		if ! "$out/$name" $opts -max_total_time="$mode" "$corpus" $dirs >"$out/$name.log" 2>&1; then
			echo "fuzz: $name FAILED; see $out/$name.log"
			tail -40 "$out/$name.log"
			status=1
		fi
	fi
done
exit $status
