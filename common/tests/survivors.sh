# Sourced by the class and attack scripts: counts processes of student code
# still alive after a run. As root, grade-all runs submission N as uid
# 200000 + N and the attack tests as 310000 + N, so every process in those
# ranges is a survivor. As an ordinary user, a worker of this user is one;
# given a run id (SOCKLAB_RUN_ID of the grader), only that run's workers
# count (their environment has SOCKLAB_WORKER=ID), so other runs of the
# same user side by side are not taken for leftovers.
#   usage: survivors [RUN_ID]   (prints the count)
survivors() {
	if [ "$(id -u)" = 0 ]; then
		ps -eo uid= | awk '$1 >= 200000 && $1 < 400000' | wc -l
	elif [ -n "${1:-}" ]; then
		count=0
		for pid in $(pgrep -u "$(id -u)" -f '^/socklab/worker'); do
			{ tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null |
			    grep -qx "SOCKLAB_WORKER=$1" && count=$((count + 1))
		done
		echo "$count"
	else
		pgrep -u "$(id -u)" -f '^/socklab/worker' | wc -l
	fi
}
