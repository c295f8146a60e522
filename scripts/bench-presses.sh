#!/bin/sh
# bench-presses.sh: one server with many presses: start-up time and resident memory per idle
# press, and requests/s of / on random hosts against nginx serving the same page. Called by
# bench.sh; BENCH_PRESSES (default 100) presses, each the demo site.
set -eu
cd "$(dirname "$0")/.."
n=${BENCH_PRESSES:-100}
dur=${BENCH_SECONDS:-3}
conns=${BENCH_CONNECTIONS:-32}
port_bs=${BENCH_PORT:-18095}
port_ng=$((port_bs + 1))
work=$(mktemp -d /tmp/broadside-presses.XXXXXX)
bs_pid=''
ng_pid=''
trap 'kill $bs_pid $ng_pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

ms_now() { date +%s%N | cut -c1-13; }
rss_kb() { awk '/VmRSS/ {print $2}' /proc/$bs_pid/status; }
rps() { wrk -t2 -c"$conns" -d"${dur}s" "$@" 2>&1 | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
# Starts a server on folder $1 and waits for host $2's first answer; sets startup (ms).
start_bs() {
	t0=$(ms_now)
	./broadside serve --data "$1" --listen 127.0.0.1:$port_bs --threads 2 --work-ms 0 2>"$work/bs.log" &
	bs_pid=$!
	until curl -s -o /dev/null -H "Host: $2" "http://127.0.0.1:$port_bs/robots.txt"; do
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

t0=$(ms_now)
./broadside press add --data "$work/one" p1 --host p1.test --demo >/dev/null
i=1
while [ $i -le "$n" ]; do
	./broadside press add --data "$work/many" "p$i" --host "p$i.test" --demo >/dev/null
	i=$((i + 1))
done
echo "== $n presses (the demo site each) made in $(($(ms_now) - t0)) ms"
start_bs "$work/one" p1.test
one_rss=$(rss_kb)
stop_bs
start_bs "$work/many" p1.test
idle_rss=$(rss_kb)
echo "   start-up: ${startup} ms to the first answer; resident memory $idle_rss kB with $n presses" \
	"(one of them opened), $one_rss kB with one: $(( (idle_rss - one_rss) / (n - 1) )) kB an idle press"
# Every press answers once, then random hosts for the run.
i=1
while [ $i -le "$n" ]; do
	curl -s -o /dev/null -H "Host: p$i.test" "http://127.0.0.1:$port_bs/"
	i=$((i + 1))
done
echo "   after each press answered once: $(rss_kb) kB, $(( ($(rss_kb) - one_rss) / (n - 1) )) kB a press in use"
mkdir -p "$work/www"
curl -s -H "Host: p1.test" "http://127.0.0.1:$port_bs/" -o "$work/www/index.html"
sed -e "s|@ROOT@|$work/www|g" -e "s|@PORT@|$port_ng|g" -e "s|@WORK@|$work|g" \
	scripts/bench-nginx.conf >"$work/nginx.conf"
nginx -c "$work/nginx.conf" -g 'daemon off;' &
ng_pid=$!
sleep 0.3
b=$(PRESSES=$n rps -s scripts/hosts.lua "http://127.0.0.1:$port_bs/")
g=$(rps "http://127.0.0.1:$port_ng/")
echo "   / on random hosts of $n presses: broadside $b req/s, nginx $g req/s (one site), ratio $(echo "$b $g" | awk '{printf "%.2f", $1 / $2}')"
echo "   resident memory after the run: $(rss_kb) kB"
stop_bs
