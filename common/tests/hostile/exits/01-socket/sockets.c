/* Hostile submission: calls exit() from library code. Expect [FAIL]. */
#include "sockets.h"

#include <stdlib.h>

int sock_open(int family, enum sock_transport transport) { (void)family; (void)transport; exit(0); }
int sock_describe(int fd, struct sock_info *info) { (void)fd; (void)info; exit(1); }
int sock_open_pair(int family, int fds[2]) { (void)family; (void)fds; exit(0); }
int sock_close(int fd) { (void)fd; exit(0); }
