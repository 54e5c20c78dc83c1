/*
 * Identity and resource limits for student code: see limits.h.
 */
#define _GNU_SOURCE /* setresuid, setgroups */

#include "sandbox/limits.h"

#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Returns nobody's uid and gid, falling back to the usual 65534. */
static void
nobody_ids(uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam("nobody");

	*uid = pw != NULL ? pw->pw_uid : 65534;
	*gid = pw != NULL ? pw->pw_gid : 65534;
}

uid_t
limits_sandbox_uid(long run_as)
{
	uid_t uid;
	gid_t gid;

	nobody_ids(&uid, &gid);
	return run_as > 0 ? (uid_t)run_as : uid;
}

int
limits_drop_root(long run_as)
{
	uid_t uid = (uid_t)run_as;
	gid_t gid = (gid_t)run_as;

	/* Only then the user database: a given uid needs no lookup. */
	if (run_as <= 0)
		nobody_ids(&uid, &gid);
	if (setgroups(0, NULL) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1)
		return -1;
	/*
	 * Changing uid clears the dumpable flag, which makes /proc/self
	 * root's (bubblewrap reads /proc/self/fd); nothing secret is here.
	 */
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

long
limits_processes_of(uid_t uid)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	long count = 0;

	if (proc == NULL)
		return 0;
	while ((de = readdir(proc)) != NULL) {
		char path[300];
		struct stat st;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s", de->d_name);
		if (stat(path, &st) == 0 && st.st_uid == uid)
			count++;
	}
	closedir(proc);
	return count;
}

static void
set_limit(int resource, rlim_t value)
{
	struct rlimit rl = { value, value };

	/* A limit we cannot set is one the system already holds lower. */
	(void)setrlimit(resource, &rl);
}

void
limits_apply_processes(const struct sandbox_limits *lim, long running)
{
	set_limit(RLIMIT_NPROC, (rlim_t)(running + lim->extra_processes));
}

void
limits_apply(const struct sandbox_limits *lim)
{
	set_limit(RLIMIT_CPU, (rlim_t)lim->cpu_seconds);
	if (lim->address_space_mib > 0)
		set_limit(RLIMIT_AS, (rlim_t)lim->address_space_mib << 20);
	set_limit(RLIMIT_FSIZE, (rlim_t)lim->file_size_mib << 20);
	set_limit(RLIMIT_NOFILE, (rlim_t)lim->open_files);
	set_limit(RLIMIT_CORE, 0);
}
