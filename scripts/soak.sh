#!/bin/sh
# soak.sh: `make soak`: full load for SOAK_SECONDS (600) on a generated site of SOAK_POSTS
# (20,000) posts, with a writer updating a post every 10 s; passes with zero errors and flat
# resident memory (the last half never more than 10% above the first sample after warm-up).
set -eu
cd "$(dirname "$0")/.."
secs=${SOAK_SECONDS:-600}
posts=${SOAK_POSTS:-20000}
port=${SOAK_PORT:-18095}
work=$(mktemp -d /tmp/broadside-soak.XXXXXX)
bs_pid=''
writer_pid=''
trap 'kill $bs_pid $writer_pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
make -s broadside
# A copy, so rebuilding during the run changes neither the server nor the writer.
cp broadside "$work/broadside"
bin="$work/broadside"
"$bin" gen --data "$work/site" --posts "$posts" >/dev/null
"$bin" serve --data "$work/site" --listen 127.0.0.1:$port --threads 2 --cache-mb 32 \
	2>"$work/bs.log" &
bs_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/robots.txt"; do sleep 0.05; done
# Every public page, from the sitemap, plus searches and feeds.
curl -s "http://127.0.0.1:$port/sitemap.xml" | grep -o '<loc>[^<]*</loc>' |
	sed -e 's|<loc>http://[^/]*||' -e 's|</loc>||' >"$work/paths"
printf '%s\n' "/search?q=charter" "/search?q=vote+branch" "/feed.atom" "/summary.json" \
	"/tag/topic_3/feed.rss" >>"$work/paths"
echo "soak: $(wc -l <"$work/paths") paths, $posts posts, ${secs}s"
(
	i=0
	while :; do
		sleep 10
		i=$((i + 1))
		printf -- '---\ntitle: Soak update %d\nslug: soak-update\n---\nRevision %d of a post #soak.\n' \
			"$i" "$i" >"$work/update.md"
		"$bin" post add --data "$work/site" "$work/update.md" >/dev/null
	done
) &
writer_pid=$!
(
	while kill -0 $bs_pid 2>/dev/null; do
		awk '/VmRSS/ {print $2}' /proc/$bs_pid/status
		sleep 30
	done
) >"$work/rss" 2>/dev/null &
PATHS_FILE="$work/paths" wrk -t2 -c64 -d"${secs}s" --timeout 5s --latency -s scripts/rotate.lua \
	"http://127.0.0.1:$port/" >"$work/wrk.out" 2>&1
kill $writer_pid 2>/dev/null || true
cat "$work/wrk.out"
errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10} /Non-2xx/ {print $5}' \
	"$work/wrk.out" | awk '{s += $1} END {print s + 0}')
samples=$(tr '\n' ' ' <"$work/rss")
# A leak grows steadily: compare the mean of the last third of the samples with the mean of
# the middle third (the first third is warm-up); allocator noise moves single samples ±10%.
verdict=$(awk '{v[NR] = $1} END {if (NR < 6) {print "unjudged (run at least 3 minutes)"; exit}
	t = int(NR / 3); for (i = t + 1; i <= 2 * t; i++) a += v[i]; for (i = NR - t + 1; i <= NR; i++) b += v[i];
	a /= t; b /= t; printf "%s %d %d", (b <= a * 1.10) ? "flat" : "growing", a, b}' \
	n="$(wc -l <"$work/rss")" "$work/rss")
echo "soak: errors $errors; resident memory samples (kB, every 30 s): $samples"
echo "soak: memory $verdict (mean kB of the middle and of the last third of the samples)"
kill $bs_pid
wait $bs_pid
status=$?
[ "$errors" -eq 0 ] && [ "${verdict%% *}" != growing ] && [ "$status" -eq 0 ] && echo "soak: passed" && exit 0
echo "soak: FAILED"
exit 1
