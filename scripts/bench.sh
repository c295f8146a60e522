#!/bin/sh
# bench.sh: what `make bench` runs. Requests/s of broadside against nginx serving the same bytes
# from disk, on this machine in this run, the Markdown render time against md4c-html, and the
# time to make a 20-piece issue's EPUB against pandoc, the time and peak memory of a WordPress
# import, and the time to mirror 10,000 posts against hugo building them.
set -eu
cd "$(dirname "$0")/.."
make -s broadside build/cc/render-bench
work=$(mktemp -d /tmp/broadside-bench.XXXXXX)
trap 'kill $bs_pid $ng_pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
bs_pid=''
ng_pid=''
dur=${BENCH_SECONDS:-5}
conns=${BENCH_CONNECTIONS:-32}
port_bs=${BENCH_PORT:-18080}
port_ng=$((port_bs + 1))

echo "== render"
build/cc/render-bench

# A generated export of 10,000 posts and 50,000 comments, imported into an empty press.
posts=${BENCH_IMPORT_POSTS:-10000}
comments=${BENCH_IMPORT_COMMENTS:-50000}
sh scripts/wxr-gen.sh "$posts" "$comments" >"$work/wp.xml"
./broadside init --data "$work/wp" >/dev/null
/usr/bin/time -f '%e %M' -o "$work/import.time" \
	./broadside import wordpress --data "$work/wp" "$work/wp.xml" >"$work/import.out"
read -r secs kb <"$work/import.time"
echo "== import wordpress: $posts posts and $comments comments ($(($(wc -c <"$work/wp.xml") / 1048576)) MB of WXR) in ${secs}s, peak memory $((kb / 1024)) MB"
grep -E '^  (posts|comments):' "$work/import.out"
rm -rf "$work/wp" "$work/wp.xml"

echo "== site: the demo posts plus one 5,000-word post"
./broadside init --data "$work/site" --demo >/dev/null
# The comments timed below go up at once (a new press holds a first comment).
./broadside site set --data "$work/site" comment_policy publish >/dev/null
build/cc/render-bench gen >"$work/long.md"
./broadside post add --data "$work/site" "$work/long.md" >/dev/null
start_bs() {
	# --work-ms 0: every request here comes from one address, on purpose.
	./broadside serve --data "$work/site" --listen 127.0.0.1:$port_bs --threads 2 --work-ms 0 "$@" 2>"$work/bs.log" &
	bs_pid=$!
	for _ in $(seq 50); do
		curl -s -o /dev/null "http://127.0.0.1:$port_bs/" && return 0
		sleep 0.1
	done
	echo "bench: broadside did not start: $(cat "$work/bs.log")" >&2
	exit 1
}
start_bs

# nginx gets the very bytes broadside serves, as files.
mkdir -p "$work/www/posts" "$work/nginx"
curl -s "http://127.0.0.1:$port_bs/" -o "$work/www/index.html"
curl -s "http://127.0.0.1:$port_bs/posts/long-reading" -o "$work/www/posts/long-reading"
curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port_bs/" -o "$work/www/index.html.gz"
curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port_bs/posts/long-reading" -o "$work/www/posts/long-reading.gz"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	default_type text/html;
	client_body_temp_path $work/nginx;
	proxy_temp_path $work/nginx;
	fastcgi_temp_path $work/nginx;
	uwsgi_temp_path $work/nginx;
	scgi_temp_path $work/nginx;
	server {
		listen 127.0.0.1:$port_ng;
		root $work/www;
		etag on;
		gzip_static on;
	}
}
CONF
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
ng_pid=$!
sleep 0.5

rps() {
	wrk -t2 -c"$conns" -d"${dur}s" ${gz:+-H "Accept-Encoding: gzip"} "$1" 2>&1 | awk '/Requests\/sec/ {print $2}'
}
# Both servers share two cores with wrk, so single runs wander by 20%: alternate the two,
# three rounds each, and compare medians.
median3() {
	printf '%s\n%s\n%s\n' "$1" "$2" "$3" | sort -g | sed -n 2p
}
compare() {
	b1=$(rps "http://127.0.0.1:$port_bs$1"); n1=$(rps "http://127.0.0.1:$port_ng$1")
	b2=$(rps "http://127.0.0.1:$port_bs$1"); n2=$(rps "http://127.0.0.1:$port_ng$1")
	b3=$(rps "http://127.0.0.1:$port_bs$1"); n3=$(rps "http://127.0.0.1:$port_ng$1")
	b=$(median3 "$b1" "$b2" "$b3")
	n=$(median3 "$n1" "$n2" "$n3")
	echo "== $1${gz:+ (gzip)}: broadside $b req/s, nginx $n req/s, ratio $(echo "$b $n" | awk '{printf "%.2f", $1 / $2}') (target >= 1.0; medians of 3 alternating ${dur}s runs)"
}
lat() {
	wrk -t2 -c"$conns" -d"${dur}s" --latency "$1" 2>&1 | awk '/ 50%/ {p50=$2} / 99%/ {p99=$2} END {print "p50 " p50 ", p99 " p99}'
}

gz=''
compare /
compare /posts/long-reading
# What browsers ask for: both send the same gzip bytes (nginx from .gz files, gzip_static).
gz=1
compare /
compare /posts/long-reading
gz=''
echo "== sizes: / $(wc -c <"$work/www/index.html") bytes ($(wc -c <"$work/www/index.html.gz") gzip), post $(wc -c <"$work/www/posts/long-reading") bytes ($(wc -c <"$work/www/posts/long-reading.gz") gzip)"
echo "== latency of / under load: broadside $(lat "http://127.0.0.1:$port_bs/"); nginx $(lat "http://127.0.0.1:$port_ng/")"

# Cold: with the page cache off, every request renders the page from the database.
kill $bs_pid
wait $bs_pid 2>/dev/null || true
start_bs --cache-mb 0
echo "== uncached (--cache-mb 0): / $(rps "http://127.0.0.1:$port_bs/") req/s, 5,000-word post $(rps "http://127.0.0.1:$port_bs/posts/long-reading") req/s"

# Comments written while / is read: every 303 is a committed, fsynced transaction.
kill $bs_pid
wait $bs_pid 2>/dev/null || true
./broadside site set --data "$work/site" comments_per_minute 999999 >/dev/null
./broadside site set --data "$work/site" comments_per_day 999999 >/dev/null
start_bs
token=$(curl -s "http://127.0.0.1:$port_bs/posts/long-reading" | grep -o 'name="token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
sleep 3.2
wrk -t1 -c16 -d"${dur}s" "http://127.0.0.1:$port_bs/" >"$work/reads.out" 2>&1 &
reads_pid=$!
COMMENT_TOKEN="$token" wrk -t1 -c4 -d"${dur}s" -s scripts/post_comments.lua \
	"http://127.0.0.1:$port_bs/posts/long-reading/comments" >"$work/writes.out" 2>&1
wait $reads_pid
stored=$(./broadside comment list --data "$work/site" --status published --limit 1000000 | wc -l)
echo "== comments while / is read: $(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/writes.out") accepted/s ($stored stored, errors: $(awk '/Non-2xx/ {print $5}' "$work/writes.out" | grep . || echo 0)); / meanwhile $(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/reads.out") req/s"
echo "== presses: one server, BENCH_PRESSES (default 100) presses"
kill $bs_pid 2>/dev/null || true
wait $bs_pid 2>/dev/null || true
bs_pid=''
sh scripts/bench-presses.sh
echo "== newsletter: BENCH_SUBSCRIBERS (default 10000) subscribers, an SMTP sink on loopback"
sh scripts/bench-newsletter.sh
# A 20-piece issue's book: broadside against pandoc making an EPUB from the same files.
mkdir -p "$work/journal"
slugs=''
for i in $(seq 1 20); do
	sed "s/^title: .*/title: Piece $i of the long issue/; s/^slug: .*/slug: piece-$i/" \
		"$work/long.md" >"$work/journal/piece-$i.md"
	slugs="$slugs${slugs:+, }piece-$i"
done
./broadside post add --data "$work/site" "$work/journal"/piece-*.md >/dev/null
./broadside site set --data "$work/site" url https://press.example.org >/dev/null
printf -- '---\nvolume: 1\nnumber: 1\nmonth: 2026-12\ntitle: The long issue\neditors: [Mara Quill]\nposts: [%s]\n---\nTwenty long pieces.\n' \
	"$slugs" >"$work/journal/issue.md"
./broadside journal add --data "$work/site" "$work/journal/issue.md" >/dev/null
./broadside journal publish --data "$work/site" 1/1 >/dev/null
now() { date +%s.%N; }
runs=${BENCH_EPUB_RUNS:-10}
t0=$(now)
for _ in $(seq "$runs"); do
	./broadside journal epub --data "$work/site" 1/1 "$work/journal/bs.epub"
done
t1=$(now)
p0=$(now)
pandoc -f markdown -t epub3 -o "$work/journal/pandoc.epub" $(ls "$work/journal"/piece-*.md | sort -V)
p1=$(now)
echo "== 20-piece issue EPUB ($(wc -w <"$work/long.md") words a piece): broadside $(echo "$t0 $t1 $runs" | awk '{printf "%.1f", ($2 - $1) * 1000 / $3}') ms (journal epub, mean of $runs runs, process start included; $(wc -c <"$work/journal/bs.epub") bytes), pandoc $(echo "$p0 $p1" | awk '{printf "%.0f", ($2 - $1) * 1000}') ms ($(wc -c <"$work/journal/pandoc.epub") bytes), ratio $(echo "$t0 $t1 $runs $p0 $p1" | awk '{printf "%.1f", ($5 - $4) / (($2 - $1) / $3)}')x (goal >= 10x)"

echo "== mirror: BENCH_MIRROR_POSTS (default 10000) posts as a static copy, against hugo"
sh scripts/bench-mirror.sh
echo "== resolutions: BENCH_AMENDMENTS (default 200) amendments, BENCH_BRANCHES (default 50) branches"
sh scripts/bench-resolution.sh
echo "== fediverse: BENCH_FOLLOWERS (default 10000) followers over BENCH_INBOXES (default 1000) shared inboxes, a sink on loopback"
sh scripts/bench-fed.sh
echo "== scale: generated sites (BENCH_SIZES, default 1000 and 100000 posts)"
sh scripts/bench-scale.sh
