#!/bin/sh
# tcpviz benchmark: floods loopback with short connections and compares
# `tcpviz --text` with `tcpdump -n` capturing the same traffic at the same
# time: packets per second, CPU seconds per million packets, drops.
#
# usage: bench.sh TCPVIZ FLOOD CONNECTIONS   (run by `make bench`, as root)
#
# Runs in a private network namespace (unshare -n), so the fixed port and
# the flood disturb nobody. Both captures print to /dev/null.

set -eu

TCPVIZ=$1
FLOOD=$2
CONNS=${3:-20000}
PORT=5555

if [ -z "${TCPVIZ_BENCH_INNER:-}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "bench: needs root (live capture in a private network" \
		    "namespace): sudo make bench" >&2
		exit 1
	fi
	TCPVIZ_BENCH_INNER=1 exec unshare -n sh "$0" "$@"
fi

ip link set lo up

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
TICK=$(getconf CLK_TCK)

# CPU seconds (user + system) a process has used so far.
cpu_of() {
	awk -v tick="$TICK" '{ printf "%.2f", ($14 + $15) / tick }' "/proc/$1/stat"
}

# Waits (bounded) until every file named contains "listening on".
wait_ready() {
	for _ in $(seq 200); do
		ready=1
		for f in "$@"; do
			grep -q "listening on" "$f" 2>/dev/null || ready=0
		done
		[ $ready = 1 ] && return 0
		sleep 0.05
	done
	echo "bench: a capture did not start:" >&2
	cat "$@" >&2
	exit 1
}

# Waits (bounded) until the processes stop using CPU: the backlog is done.
wait_idle() {
	prev=""
	for _ in $(seq 100); do
		now=""
		for p in "$@"; do now="$now $(cpu_of "$p")"; done
		[ "$now" = "$prev" ] && return 0
		prev=$now
		sleep 0.3
	done
}

"$TCPVIZ" --text -p "$PORT" >/dev/null 2>"$TMP/viz.err" &
VIZ=$!
PIDS=$VIZ
ERRS="$TMP/viz.err"
if command -v tcpdump >/dev/null 2>&1; then
	tcpdump -n -i lo "tcp port $PORT" >/dev/null 2>"$TMP/dump.err" &
	DUMP=$!
	PIDS="$PIDS $DUMP"
	ERRS="$ERRS $TMP/dump.err"
else
	DUMP=""
	echo "bench: tcpdump is not installed (apt-get install tcpdump);" \
	    "measuring tcpviz alone" >&2
fi
# shellcheck disable=SC2086
wait_ready $ERRS

SECONDS_FLOOD=$("$FLOOD" "$PORT" "$CONNS")
# shellcheck disable=SC2086
wait_idle $PIDS

VIZ_CPU=$(cpu_of "$VIZ")
[ -n "$DUMP" ] && DUMP_CPU=$(cpu_of "$DUMP")
# shellcheck disable=SC2086
kill -INT $PIDS
# shellcheck disable=SC2086
wait $PIDS || true

# "N packets captured" and "M packets dropped by kernel", as both print them.
field() {
	sed -n "s/^\([0-9]*\) packets $2.*/\1/p" "$1" | head -n 1
}

report() {
	name=$1 err=$2 cpu=$3
	pk=$(field "$err" captured)
	drop=$(field "$err" "dropped by kernel")
	awk -v n="$name" -v pk="$pk" -v drop="$drop" -v cpu="$cpu" \
	    -v s="$SECONDS_FLOOD" 'BEGIN {
		printf "%-14s %10d %12.0f %10.2f %14.2f %8d\n", n, pk,
		    pk / s, cpu, (pk > 0 ? cpu * 1e6 / pk : 0), drop
	}'
}

echo "tcpviz benchmark: $CONNS connections on loopback in" \
    "${SECONDS_FLOOD}s ($(nproc) CPUs)"
printf "%-14s %10s %12s %10s %14s %8s\n" tool packets "packets/s" \
    "CPU s" "CPU s/Mpkt" drops
report "tcpviz --text" "$TMP/viz.err" "$VIZ_CPU"
[ -n "$DUMP" ] && report "tcpdump -n" "$TMP/dump.err" "$DUMP_CPU"

# The screen, under the same flood: tcpviz in a tmux terminal (120x40),
# its CPU over the flood's duration, and the drops its status bar shows.
if ! command -v tmux >/dev/null 2>&1; then
	echo "bench: tmux is not installed: the screen is not measured" >&2
	exit 0
fi
SOCK="tcpviz-bench-$$"
screen_text() { tmux -L "$SOCK" capture-pane -p -t 0 2>/dev/null; }
tmux -L "$SOCK" new-session -d -x 120 -y 40 "$TCPVIZ -p $PORT"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 200); do
	screen_text | grep -q "LIVE  lo" && break
	sleep 0.05
done
UI=$(tmux -L "$SOCK" display-message -p -t 0 '#{pane_pid}')
UI_CPU0=$(cpu_of "$UI")
SECONDS_UI=$("$FLOOD" "$PORT" "$CONNS")
wait_idle "$UI"
UI_CPU=$(awk -v a="$(cpu_of "$UI")" -v b="$UI_CPU0" 'BEGIN { print a - b }')
UI_PK=$(screen_text | sed -n 's/.*  \([0-9]*\) packets.*/\1/p' | head -n 1)
UI_DROP=$(screen_text | sed -n 's/.* \([0-9]*\) dropped.*/\1/p' | head -n 1)
awk -v pk="${UI_PK:-0}" -v s="$SECONDS_UI" -v cpu="$UI_CPU" \
    -v drop="${UI_DROP:-?}" 'BEGIN {
	printf "tcpviz screen: %d packets at %.0f/s, %.2f CPU s in %.2f s: " \
	    "%.0f%% of a core, %s dropped\n", pk, pk / s, cpu, s,
	    100 * cpu / s, drop
}'
exit 0
