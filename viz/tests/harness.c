/* pcap.h needs the BSD types; unshare(2) is Linux. */
#define _GNU_SOURCE

#include "harness.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int
harness_write_pcap(char *path, int dlt, const struct harness_frame *f,
    size_t n)
{
	pcap_t *p;
	pcap_dumper_t *d;
	size_t i;
	int fd;

	strcpy(path, "/tmp/tcpviz-test-XXXXXX");
	fd = mkstemp(path);
	if (fd == -1)
		return -1;
	close(fd);
	p = pcap_open_dead(dlt, 65535);
	if (p == NULL)
		return -1;
	d = pcap_dump_open(p, path);
	if (d == NULL) {
		pcap_close(p);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct pcap_pkthdr h;

		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = (time_t)f[i].sec;
		h.ts.tv_usec = (suseconds_t)f[i].usec;
		h.caplen = h.len = (bpf_u_int32)f[i].len;
		pcap_dump((u_char *)d, &h, f[i].data);
	}
	pcap_dump_close(d);
	pcap_close(p);
	return 0;
}

const char *
harness_tcpviz(void)
{
	const char *p = getenv("TCPVIZ");

	return p != NULL && *p != '\0' ? p : "build/bin/tcpviz";
}

int
harness_start(struct harness_child *c, char *const argv[], uid_t uid)
{
	int out[2], err[2];

	memset(c, 0, sizeof(*c));
	if (pipe(out) == -1)
		return -1;
	if (pipe(err) == -1) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	c->pid = fork();
	if (c->pid == -1)
		return -1;
	if (c->pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null == -1 || dup2(null, 0) == -1 || dup2(out[1], 1) == -1 ||
		    dup2(err[1], 2) == -1)
			_exit(126);
		close(out[0]);
		close(err[0]);
		if (uid > 0 && (setgroups(0, NULL) == -1 ||
		    setgid((gid_t)uid) == -1 || setuid(uid) == -1))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	c->out_fd = out[0];
	c->err_fd = err[0];
	return 0;
}

/* Reads what is there from fd into buf; closes fd at EOF (sets it to -1). */
static void
drain(int *fd, char *buf, size_t cap, size_t *len)
{
	char scratch[4096];
	ssize_t n;

	if (*len + 1 < cap)
		n = read(*fd, buf + *len, cap - 1 - *len);
	else
		n = read(*fd, scratch, sizeof(scratch));	/* full: discard */
	if (n > 0 && *len + 1 < cap) {
		*len += (size_t)n;
		buf[*len] = '\0';
	}
	if (n == 0 || (n == -1 && errno != EINTR)) {
		close(*fd);
		*fd = -1;
	}
}

/* One poll round over the open pipes. Returns 0 when both are closed. */
static int
pump(struct harness_child *c)
{
	struct pollfd pfd[2];

	if (c->out_fd == -1 && c->err_fd == -1)
		return 0;
	pfd[0].fd = c->out_fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = c->err_fd;
	pfd[1].events = POLLIN;
	if (poll(pfd, 2, -1) == -1)
		return errno == EINTR ? 1 : 0;
	if (pfd[0].revents != 0)
		drain(&c->out_fd, c->out, sizeof(c->out), &c->out_len);
	if (pfd[1].revents != 0)
		drain(&c->err_fd, c->err, sizeof(c->err), &c->err_len);
	return 1;
}

int
harness_wait_stderr(struct harness_child *c, const char *needle)
{
	while (strstr(c->err, needle) == NULL) {
		if (c->err_fd == -1 || !pump(c))
			return 0;
	}
	return 1;
}

int
harness_finish(struct harness_child *c)
{
	int status;

	while (pump(c))
		;
	while (waitpid(c->pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

int
harness_run(struct harness_child *c, char *const argv[], uid_t uid)
{
	if (harness_start(c, argv, uid) == -1)
		return -1;
	return harness_finish(c);
}

size_t
harness_count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}

const char *
harness_line(const char *s, size_t i, char *buf, size_t len)
{
	const char *end;
	size_t n;

	while (i > 0 && (s = strchr(s, '\n')) != NULL) {
		s++;
		i--;
	}
	if (s == NULL || len == 0) {
		if (len > 0)
			buf[0] = '\0';
		return buf;
	}
	end = strchr(s, '\n');
	n = end != NULL ? (size_t)(end - s) : strlen(s);
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

void
harness_private_loopback(void)
{
	struct ifreq ifr;
	int fd;

	if (unshare(CLONE_NEWNET) == -1)
		cr_skip_test("cannot make a private network namespace (%s): "
		    "run the tests as root", strerror(errno));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	cr_assert_neq(fd, -1);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	cr_assert_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	cr_assert_eq(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
}
