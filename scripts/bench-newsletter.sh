#!/bin/sh
# bench-newsletter.sh: a newsletter to BENCH_SUBSCRIBERS (default 10,000) generated subscribers,
# each message rendered, sealed recipients unsealed and handed to an SMTP sink on loopback:
# messages/s and the server's peak memory, and the home page's rate while it runs against the
# rate without it. Called by bench.sh.
set -eu
cd "$(dirname "$0")/.."
n=${BENCH_SUBSCRIBERS:-10000}
dur=${BENCH_SECONDS:-3}
conns=${BENCH_CONNECTIONS:-32}
port_bs=${BENCH_PORT:-18097}
port_smtp=$((port_bs + 1))
work=$(mktemp -d /tmp/broadside-news.XXXXXX)
bs_pid=''
sink_pid=''
trap 'kill $bs_pid $sink_pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

ms_now() { date +%s%N | cut -c1-13; }
rps() { wrk -t2 -c"$conns" -d"${1}s" "http://127.0.0.1:$port_bs/" 2>&1 | awk '/Requests\/sec/ {printf "%.0f", $2}'; }

./broadside gen --data "$work/site" --posts 200 --subscribers "$n" >/dev/null
./broadside site set --data "$work/site" url "http://127.0.0.1:$port_bs" >/dev/null
./broadside site set --data "$work/site" smtp_url "smtp://127.0.0.1:$port_smtp" >/dev/null
./broadside site set --data "$work/site" mail_from press@bench.example >/dev/null
(cd tests && exec node bench/smtp_sink.mjs "$port_smtp" "$n") >"$work/sink.log" &
sink_pid=$!
until grep -q ready "$work/sink.log"; do sleep 0.05; done
./broadside serve --data "$work/site" --listen 127.0.0.1:$port_bs --threads 2 --work-ms 0 2>"$work/bs.log" &
bs_pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$port_bs/"; do sleep 0.05; done
base=$(rps "$dur")

cat >"$work/news.md" <<'POST'
---
title: The newsletter of the benchmark
slug: bench-news
---
A post of some length, as the branch would send it: *emphasis*, a [link](https://example.org),
and a list.

- one point
- another point

> A quotation from the minutes, to make the part longer than a line.
POST
t0=$(ms_now)
./broadside post add --data "$work/site" "$work/news.md" >/dev/null
# The home page's rate while the mails go out (the run is longer than the newsletter when it
# is fast; then the figure mixes both, and says so).
during=$(rps "$dur")
t_wrk=$(ms_now)
until grep -q '^done' "$work/sink.log"; do
	kill -0 $bs_pid 2>/dev/null || { cat "$work/bs.log"; exit 1; }
	sleep 0.05
done
t1=$(ms_now)
peak=$(awk '/VmHWM/ {print $2}' /proc/$bs_pid/status)
ms=$((t1 - t0))
set -- $(grep '^done' "$work/sink.log")
echo "== newsletter: $n messages to the SMTP sink in ${ms} ms: $(echo "$n $ms" | awk '{printf "%.0f", $1 * 1000 / $2}') messages/s ($(echo "$4 $n" | awk '{printf "%.1f", $1 / $2 / 1024}') KiB each); server peak memory $((peak / 1024)) MiB"
if [ "$t1" -gt "$t_wrk" ]; then
	echo "== / while it ran: $during req/s, without it $base req/s, ratio $(echo "$during $base" | awk '{printf "%.2f", $1 / $2}')"
else
	echo "== / while it ran: $during req/s over ${dur}s, of which the newsletter took $((ms / 1000))s; without it $base req/s"
fi
