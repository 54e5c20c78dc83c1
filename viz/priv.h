#ifndef SOCKLAB_VIZ_PRIV_H
#define SOCKLAB_VIZ_PRIV_H

#include <stddef.h>

/*
 * Giving up privileges once the capture handle is open, as tcpdump's -Z
 * does: the open handle keeps working, nothing else needs root.
 */

/*
 * Started through sudo as root (SUDO_UID and SUDO_GID set): becomes the
 * invoking user (initgroups, setgid, setuid) and checks root cannot come
 * back. Otherwise clears every capability (capset), which leaves a plain
 * user unchanged. Then sets PR_SET_NO_NEW_PRIVS. Writes what was done, or
 * what failed, to msg. Returns 0, or -1 with errno set.
 */
int priv_drop(char *msg, size_t msglen);

#endif
