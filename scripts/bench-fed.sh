#!/bin/sh
# bench-fed.sh: one post fanned out to BENCH_FOLLOWERS (default 10,000) followers spread over
# BENCH_INBOXES (default 1,000) shared inboxes on a loopback sink: deliveries/s (each signed
# afresh) and the server's peak memory; the home page's rate while it runs against the rate
# without it; and HTTP Signatures made and verified a second. Called by bench.sh.
set -eu
cd "$(dirname "$0")/.."
make -s broadside build/cc/fed-bench
n=${BENCH_FOLLOWERS:-10000}
boxes=${BENCH_INBOXES:-1000}
dur=${BENCH_SECONDS:-3}
conns=${BENCH_CONNECTIONS:-32}
port_bs=${BENCH_PORT:-18095}
port_sink=$((port_bs + 1))
work=$(mktemp -d /tmp/broadside-fed.XXXXXX)
bs_pid=''
sink_pid=''
trap 'kill $bs_pid $sink_pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

ms_now() { date +%s%N | cut -c1-13; }
rps() { wrk -t2 -c"$conns" -d"${1}s" "http://127.0.0.1:$port_bs/" 2>&1 | awk '/Requests\/sec/ {printf "%.0f", $2}'; }

echo "== signatures: $(build/cc/fed-bench | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
./broadside gen --data "$work/site" --posts 200 --followers "$n" --follower-inboxes "$boxes" \
	--follower-base "http://127.0.0.1:$port_sink" >/dev/null
./broadside site set --data "$work/site" url "http://127.0.0.1:$port_bs" >/dev/null
(cd tests && exec node bench/inbox_sink.mjs "$port_sink" "$boxes") >"$work/sink.log" &
sink_pid=$!
until grep -qs ready "$work/sink.log"; do sleep 0.05; done
# The sink is on loopback: only --federation-allow-private lets deliveries reach it.
./broadside serve --data "$work/site" --listen 127.0.0.1:$port_bs --threads 2 --work-ms 0 \
	--federation-allow-private 2>"$work/bs.log" &
bs_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$port_bs/"; do sleep 0.05; done
# The generated posts' own jobs (old news, for no one) are done before anything is measured.
until ./broadside fed deliveries --data "$work/site" >/dev/null && [ "$(sqlite3 "$work/site/site.db" "SELECT count(*) FROM jobs WHERE state < 2")" = 0 ]; do sleep 0.1; done
base=$(rps "$dur")

post() {
	cat >"$work/$1.md" <<POST
---
title: The fan-out of the benchmark, $1
slug: bench-$1
author: writer1
tags: [Benchmarks]
---
A post of some length, as the branch would publish it: *emphasis*, a [link](https://example.org),
and a list.

- one point
- another point

> A quotation from the minutes, to make the part longer than a line.
POST
	./broadside post add --data "$work/site" "$work/$1.md" >/dev/null
}
wait_round() {
	until grep -q "^done $1 " "$work/sink.log"; do
		kill -0 $bs_pid 2>/dev/null || { cat "$work/bs.log"; exit 1; }
		sleep 0.05
	done
}
# The first post fans out alone: the rate of deliveries.
t0=$(ms_now)
post first
wait_round 1
t1=$(ms_now)
ms=$((t1 - t0))
set -- $(grep '^done 1 ' "$work/sink.log")
peak=$(awk '/VmHWM/ {print $2}' /proc/$bs_pid/status)
echo "== fan-out: 1 post, $n followers, $boxes shared inboxes: $3 deliveries to $6 inboxes, ${4} ms from the first to the last: $(echo "$3 $4" | awk '{printf "%.0f", $1 * 1000 / ($2 ? $2 : 1)}') deliveries/s (${ms} ms from post add, which the worker notices within a second; $(echo "$5 $3" | awk '{printf "%.1f", $1 / $2 / 1024}') KiB each, each signed afresh); server peak memory $((peak / 1024)) MiB"
# The second one while / is read.
t0=$(ms_now)
post second
during=$(rps "$dur")
t_wrk=$(ms_now)
wait_round 2
t1=$(ms_now)
ms=$((t1 - t0))
set -- $(grep '^done 2 ' "$work/sink.log")
if [ "$t1" -gt "$t_wrk" ]; then
	echo "== / while it ran: $during req/s, without it $base req/s, ratio $(echo "$during $base" | awk '{printf "%.2f", $1 / $2}')"
else
	echo "== / while a fan-out ran: $during req/s over ${dur}s, of which the fan-out took $((ms / 1000)).$((ms % 1000 / 100))s from post add ($4 ms of deliveries); without it $base req/s, ratio $(echo "$during $base" | awk '{printf "%.2f", $1 / $2}')"
fi
