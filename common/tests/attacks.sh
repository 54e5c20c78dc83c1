#!/usr/bin/env bash
# Attack tests: one hostile submission per class of attack on the grader
# (issue 11). Each must get its expected verdict, and leave nothing written
# outside, nothing leaked into any output, nothing running.
#   usage: attacks.sh GRADER BUILD_DIR [CASE...]
# Run as root by make check, and as nobody by common/tests/unprivileged.sh.
# With CONTROL=1 it grades without the sandbox (ALLOW_UNSANDBOXED=1 on a
# system that plays one without namespaces) and expects the sandbox
# attacks to succeed: proof that these tests can fail.
set -u
grader=$1
build=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/survivors.sh"
repo=$(cd "$here/../.." && pwd)
out=$build/check/attacks-$(id -un)
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
secret=socklab-secret-$$-$RANDOM
failures=0
cases=${*:-forge escape secrets incbin names memory}

fail() {
	[ "${CONTROL:-}" = 1 ] || echo "   FAIL $1: $2 (see $out/$1.log)"
	failures=$((failures + 1))
}

# A submission tree for a case: one lab folder with the attack's source.
make_tree() {
	local name=$1 source=$2
	mkdir -p "$out/$name/01-socket"
	sed -e "s|@REPO@|$repo|g" -e "s|@CLASSMATE@|$out/classmate|g" \
	    "$source" >"$out/$name/01-socket/sockets.c"
}

# Grades a tree; the log holds the grader's output, the run logs follow.
control_env=()
[ "${CONTROL:-}" = 1 ] &&
    control_env=(ALLOW_UNSANDBOXED=1 SOCKLAB_SANDBOX=unavailable)

# As root each case runs as its own uid (310000 + N): survivors are easy
# to find.
uid=310000
grade() {
	local name=$1 as_uid=()
	uid=$((uid + 1))
	[ "$(id -u)" = 0 ] && as_uid=(--uid "$uid")
	run_id=attacks-$$-$name
	env "${control_env[@]}" SECRET_TOKEN=$secret SOCKLAB_API_TOKEN=$secret \
	    SOCKLAB_RUN_ID=$run_id \
	    "$grader" --submission "$out/$name" --lab 01 --hidden solutions \
	    "${as_uid[@]}" --build "$build" --report "$out/$name.json" \
	    >"$out/$name.log" 2>&1
	echo "grader exit status $?" >>"$out/$name.log"
}

# Everything a case produced that a person or a program will read.
outputs() {
	local name=$1
	cat "$out/$name.log" "$out/$name.json" 2>/dev/null
	find "$build/grade" -path "*attacks*$name*" \
	    \( -name run.log -o -name build.log \) -exec cat {} + 2>/dev/null
}

# want: "0/" for zero, "full" for full marks.
expect_score() {
	local name=$1 want=$2 pattern
	pattern="^Score: $want"
	[ "$want" = full ] && pattern='^Score: \([0-9]*\)/\1$'
	grep -q "$pattern" "$out/$name.log" ||
	    fail "$name" "last score is not $want: $(grep '^Score:' "$out/$name.log")"
}

expect_clean() {
	local name=$1
	if outputs "$name" | grep -qa "$secret"; then
		fail "$name" "the grader's secret environment leaked"
	fi
	if outputs "$name" | grep -qaE '^(LEAK|ESCAPE): '; then
		fail "$name" "$(outputs "$name" | grep -aE '^(LEAK|ESCAPE): ' |
		    sort -u | head -n 3 | tr '\n' ' ')"
	fi
	if grep -qa $'\x1b' "$out/$name.log"; then
		fail "$name" "an escape sequence reached the terminal"
	fi
	for place in /tmp/socklab-escaped /var/tmp/socklab-escaped \
	    /dev/shm/socklab-escaped /socklab-escaped /usr/socklab-escaped \
	    /etc/socklab-escaped; do
		[ -e "$place" ] && { fail "$name" "wrote $place"; rm -f "$place"; }
	done
	if [ "$(survivors "$run_id")" -gt 0 ]; then
		fail "$name" "processes survived the run"
	fi
}

# A classmate's tree the attacks try to read and overwrite.
mkdir -p "$out/classmate/01-socket"
cp "$repo/solutions/01-socket/sockets.c" "$out/classmate/01-socket/"
chmod -R a+rX "$out"

for name in $cases; do
	before=$failures
	case $name in
	forge)
		make_tree forge "$here/attacks/forge.c"
		grade forge
		expect_score forge 0/
		expect_clean forge ;;
	escape)
		make_tree escape "$here/attacks/escape.c"
		grade escape
		expect_score escape 0/
		expect_clean escape ;;
	secrets)
		make_tree secrets "$here/attacks/secrets.c.in"
		grade secrets
		expect_score secrets 0/
		expect_clean secrets
		cmp -s "$repo/solutions/01-socket/sockets.c" \
		    "$out/classmate/01-socket/sockets.c" ||
		    fail secrets "the classmate's file changed" ;;
	incbin)
		make_tree incbin "$here/attacks/incbin.c.in"
		grade incbin
		expect_score incbin 0/
		grep -q '\[BUILD\]' "$out/incbin.log" ||
		    fail incbin "the build did not fail"
		outputs incbin | grep -q 'LAB_TEST(hidden' &&
		    fail incbin "a hidden test's source showed"
		expect_clean incbin ;;
	names)
		# File names that would run commands in a shell or confuse a
		# compiler: none may be taken, the honest file still counts.
		mkdir -p "$out/names/01-socket"
		cp "$repo/solutions/01-socket/sockets.c" "$out/names/01-socket/"
		for bad in '$(touch INJECTED).c' 'x`touch INJECTED`.c' \
		    'a b.c' '.hidden.c' 'x;touch INJECTED.c'; do
			printf 'int broken(;\n' >"$out/names/01-socket/$bad"
		done
		# A safe name that starts with a dash is taken, as a file.
		printf 'int dash_named_file;\n' >"$out/names/01-socket/-o.c"
		grade names
		expect_score names full
		grep -q 'skipped' "$out/names.log" ||
		    fail names "no note about the skipped files"
		find "$repo" "$out" "$build" /tmp -maxdepth 3 -name 'INJECTED*' \
		    2>/dev/null | grep -q . && fail names "a file name ran a command"
		expect_clean names ;;
	memory)
		# Only a memory cgroup can stop processes that each stay under
		# their own limits.
		make_tree memory "$here/attacks/memory.c"
		grade memory
		if grep -q 'cgroup v[12]: memory' "$out/memory.json"; then
			expect_score memory 0/
		else
			echo "   skip memory: no memory cgroup for $(id -un)"
			continue
		fi
		expect_clean memory ;;
	*)
		fail "$name" "no such attack" ;;
	esac
	if [ "${CONTROL:-}" = 1 ]; then
		# Unsandboxed, the attack must work: the test is not blind.
		if [ $failures -eq $before ]; then
			echo "   FAIL control $name: the attack failed unsandboxed too"
			failures=$((before + 1))
		else
			echo "   ok   control $name: caught only thanks to the sandbox"
			failures=$before
		fi
		continue
	fi
	[ $failures -eq $before ] &&
	    echo "   ok   $name: $(grep '^Score:' "$out/$name.log")"
done
exit $((failures > 0))
