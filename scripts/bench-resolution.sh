#!/bin/sh
# bench-resolution.sh: the uncached render time of a resolution with BENCH_AMENDMENTS (default
# 200) amendments and the decisions of BENCH_BRANCHES (default 50) branches (made with
# `broadside gen`), its text export, and the comparison of two versions. Called by bench.sh.
set -eu
cd "$(dirname "$0")/.."
amendments=${BENCH_AMENDMENTS:-200}
branches=${BENCH_BRANCHES:-50}
dur=${BENCH_SECONDS:-3}
port=${BENCH_PORT:-18099}
work=$(mktemp -d /tmp/broadside-res.XXXXXX)
bs_pid=''
trap 'kill $bs_pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

./broadside gen --data "$work/site" --posts 10 --amendments "$amendments" --branches "$branches" >/dev/null
# A second version, so that the comparison has something to show: the first five merged.
./broadside resolution merge --data "$work/site" bench-resolution 1-5 >/dev/null
# --cache-mb 0: every request renders the page from the database.
./broadside serve --data "$work/site" --listen 127.0.0.1:$port --threads 2 --work-ms 0 --cache-mb 0 2>"$work/bs.log" &
bs_pid=$!
for _ in $(seq 50); do
	curl -s -o /dev/null "http://127.0.0.1:$port/" && break
	sleep 0.1
done
url=http://127.0.0.1:$port/resolutions/bench-resolution
bytes=$(curl -s "$url/versions/1" | wc -c)
lat() {
	wrk -t1 -c1 -d"${dur}s" --latency "$1" 2>&1 | awk '/ 50%/ {p50=$2} / 99%/ {p99=$2} /Requests\/sec/ {rps=$2} END {printf "p50 %s, p99 %s (%.0f renders/s on one connection)", p50, p99, rps}'
}
echo "== resolution with $amendments amendments and $branches branch decisions, uncached (version 1, $bytes bytes): $(lat "$url/versions/1")"
echo "== its text export, uncached: $(lat "$url.txt")"
echo "== the comparison of its two versions, uncached: $(lat "$url/diff/1/2")"
