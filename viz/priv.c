/* capset, prctl and initgroups are Linux/BSD, not POSIX. */
#define _GNU_SOURCE

#include "priv.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Parses a decimal id from the environment. Returns 0, or -1. */
static int
env_id(const char *name, unsigned long *out)
{
	const char *s = getenv(name);
	char *end;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || *out == 0 || *out > 0x7fffffffUL)
		return -1;
	return 0;
}

/* Becomes uid/gid for good, with the user's own supplementary groups. */
static int
become_user(uid_t uid, gid_t gid, char *msg, size_t msglen)
{
	struct passwd *pw = getpwuid(uid);
	int rc;

	rc = pw != NULL ? initgroups(pw->pw_name, gid) : setgroups(1, &gid);
	if (rc == -1 || setgid(gid) == -1 || setuid(uid) == -1) {
		int saved = errno;

		snprintf(msg, msglen, "cannot become user %lu: %s",
		    (unsigned long)uid, strerror(saved));
		errno = saved;
		return -1;
	}
	/* setuid from root drops the saved uid too; make sure. */
	if (setuid(0) == 0) {
		snprintf(msg, msglen, "still able to become root after setuid");
		errno = EPERM;
		return -1;
	}
	snprintf(msg, msglen, "running as user %s (%lu)",
	    pw != NULL ? pw->pw_name : "?", (unsigned long)uid);
	return 0;
}

/*
 * Empties the effective, permitted and inheritable capability sets
 * (capset(2)), without libcap: a capability granted by setcap serves only
 * to open the capture.
 */
static int
clear_capabilities(char *msg, size_t msglen)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(&hdr, 0, sizeof(hdr));
	memset(data, 0, sizeof(data));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	hdr.pid = 0;
	if (syscall(SYS_capset, &hdr, data) == -1) {
		int saved = errno;

		snprintf(msg, msglen, "cannot drop capabilities: %s",
		    strerror(saved));
		errno = saved;
		return -1;
	}
	snprintf(msg, msglen, "capabilities dropped");
	return 0;
}

int
priv_drop(char *msg, size_t msglen)
{
	unsigned long uid, gid;
	int rc;

	if (getuid() == 0 && env_id("SUDO_UID", &uid) == 0 &&
	    env_id("SUDO_GID", &gid) == 0)
		rc = become_user((uid_t)uid, (gid_t)gid, msg, msglen);
	else
		rc = clear_capabilities(msg, msglen);
	if (rc == -1)
		return -1;
	/* No exec from here on may gain privileges (setuid files, caps). */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		int saved = errno;

		snprintf(msg, msglen, "cannot set no_new_privs: %s",
		    strerror(saved));
		errno = saved;
		return -1;
	}
	return 0;
}
