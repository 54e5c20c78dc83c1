/*
 * Lab 03: listen. Fill in each TODO; the comment above each function in
 * listener.h is the contract the tests check. Run `make grade LAB=03`.
 */
#include "listener.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * Records why a call failed. gai is getaddrinfo()'s code (0 if the call
 * was not getaddrinfo), sys an errno value (0 if none); call names the
 * function that failed. err may be NULL. Leaves errno equal to sys.
 */
static void
net_error_set(struct net_error *err, int gai, int sys, const char *call)
{
	/*
	 * TODO(lab03): when err is not NULL, store gai and sys and write
	 * "call: reason" into err->text with snprintf(). The reason is
	 * gai_strerror(gai) for a getaddrinfo() error: getaddrinfo() does not
	 * set errno (except for EAI_SYSTEM), so strerror(errno) would
	 * describe some older, unrelated failure. Otherwise it is
	 * strerror(sys). Set errno = sys last: snprintf() may change it.
	 */
	(void)err;
	(void)gai;
	(void)call;
	errno = sys;
}

int
open_listener(const char *host, const char *port, int backlog,
    struct net_error *err)
{
	/*
	 * TODO(lab03): resolve host/port with getaddrinfo() (hints: zeroed,
	 * AF_UNSPEC, SOCK_STREAM, AI_PASSIVE); on failure net_error_set()
	 * with its return code. Then try each result in order, as
	 * `for (ai = res; ai != NULL; ai = ai->ai_next)`: socket(),
	 * SO_REUSEADDR, bind(), listen(backlog). When a step fails, remember
	 * its errno and name, close the socket, and go on to the next result.
	 * freeaddrinfo() once at the end. Return the first socket that is
	 * listening, or -1 after net_error_set() for the last failure.
	 */
	(void)host;
	(void)port;
	(void)backlog;
	net_error_set(err, 0, ENOSYS, "open_listener");
	return -1;
}

int
open_client(const char *host, const char *port, struct net_error *err)
{
	/*
	 * TODO(lab03): as open_listener, without AI_PASSIVE, and each result
	 * gets socket() and connect(). A refused connect (ECONNREFUSED) on
	 * one address says nothing about the next one: keep trying.
	 */
	(void)host;
	(void)port;
	net_error_set(err, 0, ENOSYS, "open_client");
	return -1;
}
