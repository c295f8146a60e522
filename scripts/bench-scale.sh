#!/bin/sh
# bench-scale.sh: broadside on generated sites of 1,000 and 100,000 posts: requests/s of five
# page types against nginx serving the same bytes, latency with and without the page cache,
# resident memory and start-up time. Called by bench.sh; BENCH_SIZES="1000 100000" by default.
set -eu
cd "$(dirname "$0")/.."
sizes=${BENCH_SIZES:-1000 100000}
dur=${BENCH_SECONDS:-3}
conns=${BENCH_CONNECTIONS:-32}
port_bs=${BENCH_PORT:-18090}
port_ng=$((port_bs + 1))
work=$(mktemp -d /tmp/broadside-scale.XXXXXX)
bs_pid=''
ng_pid=''
trap 'kill $bs_pid $ng_pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

ms_now() { date +%s%N | cut -c1-13; }

start_bs() {
	t0=$(ms_now)
	./broadside serve --data "$site" --listen 127.0.0.1:$port_bs --threads 2 --work-ms 0 "$@" 2>"$work/bs.log" &
	bs_pid=$!
	until curl -s -o /dev/null "http://127.0.0.1:$port_bs/robots.txt"; do
		kill -0 $bs_pid 2>/dev/null || { cat "$work/bs.log"; exit 1; }
		sleep 0.01
	done
	startup=$(($(ms_now) - t0))
}
stop_bs() {
	kill $bs_pid
	wait $bs_pid 2>/dev/null || true
	bs_pid=''
}
rss_kb() { awk '/VmRSS/ {print $2}' /proc/$bs_pid/status; }
rps() { wrk -t2 -c"$conns" -d"${dur}s" "$1" 2>&1 | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
lat() {
	wrk -t1 -c"${2:-4}" -d"${dur}s" --latency "$1" 2>&1 |
		awk '/ 50%/ {p50=$2} / 99%/ {p99=$2} END {printf "p50 %s p99 %s", p50, p99}'
}

for n in $sizes; do
	site="$work/site-$n"
	t0=$(ms_now)
	./broadside gen --data "$site" --posts "$n" --comments "$n" >/dev/null
	echo "== $n posts and $n comments: generated in $(($(ms_now) - t0)) ms, database $(du -m "$site/site.db" | cut -f1) MB"
	start_bs --cache-mb 64
	echo "   start-up: ${startup} ms to the first answer"
	month=$(curl -s "http://127.0.0.1:$port_bs/archive" | grep -o '/archive/[0-9]*/[0-9]*' | sed -n 2p)
	post="/posts/gen-$((n / 2))"
	pages="/ $post /tag/topic_7 $month /search?q=charter+vote"
	rm -rf "$work/www"
	mkdir -p "$work/www"
	for p in $pages; do
		f="$work/www$(echo "$p" | sed 's/?.*//')"
		[ "$p" = / ] && f="$work/www/index.html"
		mkdir -p "$(dirname "$f")"
		curl -s "http://127.0.0.1:$port_bs$p" -o "$f"
	done
	sed -e "s|@ROOT@|$work/www|g" -e "s|@PORT@|$port_ng|g" -e "s|@WORK@|$work|g" \
		scripts/bench-nginx.conf >"$work/nginx.conf"
	nginx -c "$work/nginx.conf" -g 'daemon off;' &
	ng_pid=$!
	sleep 0.3
	for p in $pages; do
		b=$(rps "http://127.0.0.1:$port_bs$p")
		g=$(rps "http://127.0.0.1:$port_ng$p")
		printf '   %-26s broadside %7s req/s  nginx %7s req/s  ratio %s  cached %s\n' "$p" "$b" "$g" \
			"$(echo "$b $g" | awk '{printf "%.2f", $1 / $2}')" "$(lat "http://127.0.0.1:$port_bs$p" "$conns")"
	done
	kill $ng_pid
	wait $ng_pid 2>/dev/null || true
	ng_pid=''
	echo "   resident memory after the runs above: $(rss_kb) kB"
	stop_bs

	# Uncached: every request renders from the database.
	start_bs --cache-mb 0
	for p in / "$post" /tag/topic_7 "$month" /@writer3 "/?before=1000000000.1"; do
		printf '   uncached %-26s %s\n' "$p" "$(lat "http://127.0.0.1:$port_bs$p" 4)"
	done
	stop_bs

	# Memory follows the cache size, not the site: crawl 3,000 distinct posts with 16 MB.
	start_bs --cache-mb 16
	seq 1 3000 | awk -v n="$n" '{printf "/posts/gen-%d\n", ($1 * 7919) % n + 1}' >"$work/paths"
	PATHS_FILE="$work/paths" wrk -t2 -c"$conns" -d"$((dur * 2))s" -s scripts/rotate.lua \
		"http://127.0.0.1:$port_bs/" >/dev/null 2>&1
	echo "   resident memory after crawling 3,000 posts with --cache-mb 16: $(rss_kb) kB"
	stop_bs

	# The worst searches a reader can send: many short prefixes, a deep page. "Before" is the
	# query the previous release ran (every term, a full count, ORDER BY rank with OFFSET), on
	# the same database; "after" is what the server answers now.
	hostile='a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i* OR j* OR k* OR l* OR m* OR n*'
	fts=$(echo "$hostile" | sed 's/\([a-z]\)\*/"\1"*/g')
	t0=$(ms_now)
	sqlite3 "$site/site.db" "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH '$fts';" \
		"SELECT p.id FROM posts_fts f JOIN posts p ON p.id = f.rowid WHERE posts_fts MATCH '$fts' ORDER BY f.rank LIMIT 11 OFFSET 9990;" >/dev/null
	before_ms=$(($(ms_now) - t0))
	start_bs --cache-mb 0
	q=$(printf '%s' "$hostile" | sed 's/ /+/g; s/\*/%2A/g')
	after_ms=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port_bs/search?q=$q&page=100" | awk '{printf "%.0f", $1 * 1000}')
	stop_bs
	echo "   worst-case search: before ${before_ms} ms (the old query in sqlite3), after ${after_ms} ms (the server's answer)"
	rm -rf "$site"
done
