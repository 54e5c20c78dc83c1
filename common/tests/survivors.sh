# Sourced by the class and attack scripts: counts processes of student code
# still alive after a run. As root, grade-all runs submission N as uid
# 200000 + N and the attack tests as 310000 + N, so every process in those
# ranges is a survivor; as an ordinary user, any worker of this user is.
#   usage: survivors   (prints the count)
survivors() {
	if [ "$(id -u)" = 0 ]; then
		ps -eo uid= | awk '$1 >= 200000 && $1 < 400000' | wc -l
	else
		pgrep -u "$(id -u)" -f '^/socklab/worker' | wc -l
	fi
}
