#!/bin/sh
# Grades each submission under common/tests/sanitizer/ (lab 01's reference
# with one memory error, undefined behaviour or leak) in the sanitizer
# build and checks that the hint names the finding as a student needs it:
# the kind of error, the student's function and file:line, and the test.
# The untouched reference is graded the same way and must keep full marks.
#   usage: sanitizer.sh GRADER BUILD_DIR
set -u
grader=$1
build=$2
out=$build/check/sanitizer
mkdir -p "$out"
rm -f "$out/failed"

# case : text the output must contain (one hint, as the student reads it)
expectations='overflow:heap-buffer-overflow, WRITE of size 4 in sock_describe (sockets.c:43) (AddressSanitizer)
useafterfree:heap-use-after-free, READ of size 4 in sock_open (sockets.c:33) (AddressSanitizer)
shift:shift exponent 32 is too large for 32-bit type '"'int'"' in sock_open (sockets.c:28) (UndefinedBehaviorSanitizer)
leak:memory leak: 4 bytes allocated in sock_open (sockets.c:25) were never freed (LeakSanitizer)'

grade() {
	"$grader" --submission "$1" --lab 01 --hidden solutions \
	    --variant asan --build "$build" --report "$out/$2.json" \
	    >"$out/$2.log" 2>&1
}

echo "$expectations" | while IFS=: read -r name want; do
	log=$out/$name.log
	problem=""
	grade "common/tests/sanitizer/$name" "$name" ||
	    problem="grader exited $?"
	grep -qF "$want" "$log" || problem="$problem; no \"$want\" in output"
	grep -q "found by test [a-z_0-9]*::[a-z_0-9]*" "$log" ||
	    problem="$problem; the hint does not name the test"
	grep -q '^Score: \([0-9]*\)/\1$' "$log" &&
	    problem="$problem; full marks despite the finding"
	if [ -n "$problem" ]; then
		echo "   FAIL $name:$problem (see $log)"
		echo x >>"$out/failed"
	else
		echo "   ok   $name: $want"
	fi
done

# The control: the same build of the reference keeps every point.
grade solutions reference
if ! grep -q '^Score: \([0-9]*\)/\1$' "$out/reference.log"; then
	echo "   FAIL reference: not full marks in the sanitizer build" \
	    "(see $out/reference.log)"
	echo x >>"$out/failed"
else
	echo "   ok   reference: $(tail -n 1 "$out/reference.log")"
fi

if [ -e "$out/failed" ]; then
	rm -f "$out/failed"
	exit 1
fi
