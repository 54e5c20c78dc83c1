/*
 * Confining the code under test: namespaces, who it runs as, what of the
 * file system it may change, and its resource limits. Used by sandbox.c;
 * every function here runs in a child about to become the sandbox.
 */
#define _GNU_SOURCE

#include "grader/confine.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "rio.h"

static int
write_text_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int saved;

	if (fd == -1)
		return -1;
	n = rio_writen(fd, text, strlen(text));
	saved = errno;
	close(fd);
	errno = saved;
	return n == -1 ? -1 : 0;
}

/* Returns nobody's uid and gid, falling back to the usual 65534. */
static void
nobody_ids(uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam("nobody");

	*uid = pw != NULL ? pw->pw_uid : 65534;
	*gid = pw != NULL ? pw->pw_gid : 65534;
}

/*
 * Drops root for good: no supplementary groups, and the given uid and gid
 * (uid <= 0: nobody's).
 */
int
confine_drop_root(long run_as)
{
	uid_t uid;
	gid_t gid;

	nobody_ids(&uid, &gid);
	if (run_as > 0) {
		uid = (uid_t)run_as;
		gid = (gid_t)run_as;
	}
	if (setgroups(0, NULL) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1)
		return -1;
	/*
	 * Changing uid clears the dumpable flag, which makes /proc/self
	 * root's and so the uid_map unwritable; nothing secret is left here.
	 */
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

/*
 * Enters new user, network and PID namespaces, mapping the current ids to
 * root inside. The caller must fork for the PID namespace to take effect.
 */
int
confine_enter_user_namespace(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID |
	    CLONE_NEWNS) == -1)
		return -1;
	/* Unprivileged gid maps need setgroups(2) disabled first. */
	if (write_text_file("/proc/self/setgroups", "deny") == -1)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	if (write_text_file("/proc/self/uid_map", map) == -1)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	return write_text_file("/proc/self/gid_map", map);
}

/* A new network namespace has lo down; tests need it up. */
int
confine_bring_up_loopback(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;

	if (fd == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return rc;
}

/* Mount points under these stay as they are: devices, kernel views. */
static int
keeps_its_mount(const char *dir)
{
	static const char *const kept[] = { "/dev", "/proc", "/sys" };

	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		size_t n = strlen(kept[i]);

		if (strncmp(dir, kept[i], n) == 0 &&
		    (dir[n] == '\0' || dir[n] == '/'))
			return 1;
	}
	return 0;
}

/* The flags a remount must repeat: a user namespace may not drop them. */
static unsigned long
locked_flags(const char *dir)
{
	struct statvfs st;
	unsigned long flags = 0;

	if (statvfs(dir, &st) == -1)
		return 0;
	if (st.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (st.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (st.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (st.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (st.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (st.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	return flags;
}

/*
 * Makes every filesystem read-only in this mount namespace (but /dev,
 * /proc, /sys), so the code under test cannot change the grader's tree, the
 * submissions or anyone's files. Returns 0, or -1 if a mount stayed
 * writable.
 */
int
confine_readonly_filesystems(void)
{
	FILE *info = fopen("/proc/self/mountinfo", "r");
	char line[4096];
	int rc = 0;

	if (info == NULL)
		return -1;
	while (fgets(line, sizeof(line), info) != NULL) {
		char dir[PATH_MAX];

		/* "id parent major:minor root mount-point options ..." */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", dir) != 1 ||
		    keeps_its_mount(dir))
			continue;
		if (mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY |
		    locked_flags(dir), NULL) == -1)
			rc = -1;
	}
	fclose(info);
	return rc;
}

/*
 * Gives the namespace its own empty /tmp and /dev/shm. Criterion names its
 * message socket /tmp/criterion_<pid>.sock and its shared memory
 * /dev/shm/bxfi_<pid>, and in a PID namespace the pids are always the
 * same, so parallel runs would collide; it also keeps what the code
 * writes there out of the real ones.
 */
int
confine_private_tmp(void)
{
	if (mount("socklab-tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
	    "size=256m,mode=1777") == -1)
		return -1;
	/* Criterion's workers share memory through /dev/shm/bxfi_<pid>. */
	return mount("socklab-shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
	    "size=64m,mode=1777");
}

/* Counts the processes owned by uid, for an RLIMIT_NPROC above them. */
static long
count_processes_of(uid_t uid)
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
confine_process_limit(const struct sandbox_limits *lim)
{
	long n = count_processes_of(getuid()) + lim->extra_processes;

	set_limit(RLIMIT_NPROC, (rlim_t)n);
}

void
confine_resource_limits(const struct sandbox_limits *lim)
{
	set_limit(RLIMIT_CPU, (rlim_t)lim->cpu_seconds);
	if (lim->address_space_mib > 0)
		set_limit(RLIMIT_AS, (rlim_t)lim->address_space_mib << 20);
	set_limit(RLIMIT_FSIZE, (rlim_t)lim->file_size_mib << 20);
	set_limit(RLIMIT_NOFILE, (rlim_t)lim->open_files);
	set_limit(RLIMIT_CORE, 0);
}
