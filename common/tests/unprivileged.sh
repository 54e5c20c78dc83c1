#!/bin/sh
# Students are not root: grading must give the same scores for an ordinary
# user, with user namespaces and without them (SOCKLAB_SANDBOX=plain). Runs
# only as root, which can become "nobody" in a copy of the tree it owns.
#   usage: unprivileged.sh BUILD_DIR
set -u
build=$1

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "== unprivileged grading: skipped (needs root and setpriv)"
	exit 0
fi
echo "== unprivileged grading: same scores as user nobody"

copy=$(mktemp -d /tmp/socklab-nobody.XXXXXX)
trap 'rm -rf "$copy"' EXIT
cp -r Makefile config.mk common labs solutions "$copy"/
chown -R nobody "$copy"
chmod 755 "$copy"

as_nobody() {
	(cd "$copy" && setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    env -i PATH="$PATH" HOME="$copy" "$@")
}

status=0
for sandbox in auto plain; do
	for tree in solutions labs; do
		root_score=$(grep '^Score:' "$build/check/$( [ $tree = labs ] &&
		    echo skeleton || echo solutions)-plain.log")
		user_score=$(as_nobody env SOCKLAB_SANDBOX=$sandbox \
		    make -s grade-run SUBMISSION=$tree 2>&1 | tail -n 1)
		if [ "$user_score" = "$root_score" ]; then
			echo "   ok   $tree as nobody (sandbox $sandbox): $user_score"
		else
			echo "   FAIL $tree as nobody (sandbox $sandbox): got" \
			    "\"$user_score\", root got \"$root_score\""
			status=1
		fi
	done
done
exit $status
