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
	if (err != NULL) {
		err->gai = gai;
		err->sys = sys;
		snprintf(err->text, sizeof(err->text), "%s: %s", call,
		    gai != 0 && gai != EAI_SYSTEM ? gai_strerror(gai) :
		    strerror(sys));
	}
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
	struct addrinfo hints, *res, *ai;
	const char *failed = "socket";
	int fd = -1, saved = 0, rc;
	int on = 1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;     /* IPv4 or IPv6, whatever host is */
	hints.ai_socktype = SOCK_STREAM; /* TCP only, one result per address */
	hints.ai_flags = AI_PASSIVE;     /* host NULL: the wildcard address */
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		net_error_set(err, rc, rc == EAI_SYSTEM ? errno : 0,
		    "getaddrinfo");
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1) {
			failed = "socket"; /* e.g. no IPv6 here: try the next */
			saved = errno;
			continue;
		}
		/* A restarted server must get its port back at once, even
		 * while old connections sit in TIME_WAIT (lab 02). */
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
		    sizeof(on)) == -1)
			failed = "setsockopt";
		else if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1)
			failed = "bind";
		else if (listen(fd, backlog) == -1)
			failed = "listen";
		else
			break; /* listening: fd is the answer */
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		net_error_set(err, 0, saved, failed);
	return fd;
}

int
open_client(const char *host, const char *port, struct net_error *err)
{
	/*
	 * TODO(lab03): as open_listener, without AI_PASSIVE, and each result
	 * gets socket() and connect(). A refused connect (ECONNREFUSED) on
	 * one address says nothing about the next one: keep trying.
	 */
	struct addrinfo hints, *res, *ai;
	const char *failed = "socket";
	int fd = -1, saved = 0, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		net_error_set(err, rc, rc == EAI_SYSTEM ? errno : 0,
		    "getaddrinfo");
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1) {
			failed = "socket";
			saved = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break; /* connected */
		failed = "connect";
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		net_error_set(err, 0, saved, failed);
	return fd;
}
