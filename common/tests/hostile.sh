#!/bin/sh
# Grades each hostile submission under common/tests/hostile/ and checks that
# it fails the way it should, that the report is valid JSON, and that no
# process of the run is left afterwards (as root each case runs as its own
# uid, so "left afterwards" is every process of that uid).
#   usage: hostile.sh GRADER BUILD_DIR
set -u
grader=$1
build=$2
out=$build/check/hostile
mkdir -p "$out"
failures=0

# case : text the output must contain : score line it must end with
expectations='loop:[TIME]:Score: 0/
constructor:never became ready:Score: 0/
segfault:signal 11 (Segmentation fault):Score: 0/
forkbomb:[TIME]:Score: 0/
detach:[PASS]:Score:
nocompile:[BUILD] the code does not compile:Score: 0/
exits:does the code call exit():Score: 0/
vandal:[FAIL]:Score: 0/
flood:[:Score: 0/'

json_ok() {
	command -v python3 >/dev/null 2>&1 || return 0
	python3 -m json.tool "$1" >/dev/null
}

uid=300000
echo "$expectations" | while IFS=: read -r name want score; do
	log=$out/$name.log
	uid=$((uid + 1))
	as_uid=""
	[ "$(id -u)" = 0 ] && as_uid="--uid=$uid"
	# Short limits: these submissions only ever hang or crash.
	"$grader" --submission "common/tests/hostile/$name" --lab 01 \
	    --hidden solutions --build "$build" --timeout-scale 0.2 \
	    $as_uid --report "$out/$name.json" >"$log" 2>&1
	rc=$?
	problem=""
	[ $rc -eq 0 ] || problem="grader exited $rc"
	grep -qF "$want" "$log" || problem="$problem; no \"$want\" in output"
	tail -n 1 "$log" | grep -q "^$score" ||
	    problem="$problem; last line is not \"$score...\""
	json_ok "$out/$name.json" || problem="$problem; report is not JSON"
	if [ -n "$as_uid" ] && pgrep -u "$uid" >/dev/null; then
		problem="$problem; processes survived the run"
	fi
	if [ "$name" = vandal ] && { [ ! -e README.md ] ||
	    [ ! -e labs/01-socket/sockets.h ] || [ -e VANDALIZED ] ||
	    [ -e /tmp/VANDALIZED ]; }; then
		problem="$problem; files outside the sandbox were changed"
		git checkout -q -- README.md labs/01-socket/sockets.h 2>/dev/null
		rm -f VANDALIZED /tmp/VANDALIZED
	fi
	if [ -n "$problem" ]; then
		echo "   FAIL $name:$problem (see $log)"
		echo x >>"$out/failed"
	else
		echo "   ok   $name: $(tail -n 1 "$log")"
	fi
done

if [ -e "$out/failed" ]; then
	rm -f "$out/failed"
	exit 1
fi
