/* Driving tmux with fork and exec: no shell, so nothing needs quoting. */
#define _DEFAULT_SOURCE

#include "tmux.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Runs tmux -L name args..., with its stdout in out (len bytes, NUL-
 * terminated) if out is not NULL. Returns its exit status, or -1.
 */
static int
run_tmux(const struct screen *s, char *out, size_t len, const char *const *args)
{
	const char *argv[32];
	int pfd[2], status;
	size_t n = 0, got = 0, i;
	pid_t pid;

	argv[n++] = "tmux";
	argv[n++] = "-L";
	argv[n++] = s->name;
	argv[n++] = "-f";
	argv[n++] = "/dev/null";
	for (i = 0; args[i] != NULL && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pipe(pfd) == -1)
		return -1;
	pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(out != NULL ? pfd[1] : null, 1);
		dup2(null, 2);
		close(pfd[0]);
		close(pfd[1]);
		execvp("tmux", (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t r;

		if (out == NULL || got + 1 >= len) {
			char sink[512];

			r = read(pfd[0], sink, sizeof(sink));
		} else {
			r = read(pfd[0], out + got, len - 1 - got);
		}
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (out != NULL && got + 1 < len)
			got += (size_t)r;
	}
	if (out != NULL)
		out[got] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
screen_available(void)
{
	struct screen s;
	const char *const args[] = { "-V", NULL };
	char out[64];

	snprintf(s.name, sizeof(s.name), "tcpviz-probe-%ld", (long)getpid());
	return run_tmux(&s, out, sizeof(out), args) == 0;
}

int
screen_start(struct screen *s, int cols, int rows, const char *lang)
{
	static int serial;
	char x[16], y[16], cwd[4096], env_lang[64];
	const char *const args[] = {
		"new-session", "-d", "-x", x, "-y", y, "-c", cwd, "env",
		"PS1=prompt$ ", env_lang, "TERM=screen", "sh", NULL,
	};
	const char *const manual[] = {
		"set-option", "-g", "window-size", "manual", NULL,
	};

	snprintf(s->name, sizeof(s->name), "tcpviz-test-%ld-%d",
	    (long)getpid(), serial++);
	snprintf(x, sizeof(x), "%d", cols);
	snprintf(y, sizeof(y), "%d", rows);
	snprintf(env_lang, sizeof(env_lang), "LC_ALL=%s", lang);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return -1;
	if (run_tmux(s, NULL, 0, args) != 0)
		return -1;
	if (run_tmux(s, NULL, 0, manual) != 0)
		return -1;
	return screen_wait(s, "prompt$", 10) ? 0 : -1;
}

int
screen_type(struct screen *s, const char *text)
{
	const char *const lit[] = { "send-keys", "-t", "0", "-l", text, NULL };
	const char *const enter[] = { "send-keys", "-t", "0", "Enter", NULL };

	if (run_tmux(s, NULL, 0, lit) != 0)
		return -1;
	return run_tmux(s, NULL, 0, enter) == 0 ? 0 : -1;
}

int
screen_keys(struct screen *s, const char *keys)
{
	const char *const args[] = { "send-keys", "-t", "0", keys, NULL };

	return run_tmux(s, NULL, 0, args) == 0 ? 0 : -1;
}

int
screen_capture(struct screen *s, int escapes)
{
	const char *const plain[] = { "capture-pane", "-p", "-t", "0", NULL };
	const char *const esc[] = {
		"capture-pane", "-p", "-e", "-t", "0", NULL,
	};

	return run_tmux(s, s->text, sizeof(s->text), escapes ? esc : plain) ==
	    0 ? 0 : -1;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for needle to be present (want 1) or absent (want 0). */
static int
wait_for(struct screen *s, const char *needle, double seconds, int want)
{
	double end = now_s() + seconds;
	const struct timespec pause = { 0, 20 * 1000000L };

	for (;;) {
		if (screen_capture(s, 0) == 0 &&
		    (strstr(s->text, needle) != NULL) == want)
			return 1;
		if (now_s() > end)
			return 0;
		nanosleep(&pause, NULL);	/* between captures, not instead */
	}
}

int
screen_wait(struct screen *s, const char *needle, double seconds)
{
	return wait_for(s, needle, seconds, 1);
}

int
screen_wait_gone(struct screen *s, const char *needle, double seconds)
{
	return wait_for(s, needle, seconds, 0);
}

int
screen_format(struct screen *s, const char *fmt, char *buf, size_t len)
{
	const char *const args[] = { "display-message", "-p", "-t", "0", fmt,
	    NULL };

	if (run_tmux(s, buf, len, args) != 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int
screen_resize(struct screen *s, int cols, int rows)
{
	char x[16], y[16];
	const char *const args[] = {
		"resize-window", "-t", "0", "-x", x, "-y", y, NULL,
	};

	snprintf(x, sizeof(x), "%d", cols);
	snprintf(y, sizeof(y), "%d", rows);
	return run_tmux(s, NULL, 0, args) == 0 ? 0 : -1;
}

int
screen_line_of(const struct screen *s, const char *needle)
{
	const char *p = strstr(s->text, needle), *q;
	int line = 0;

	if (p == NULL)
		return -1;
	for (q = s->text; q < p; q++)
		line += *q == '\n';
	return line;
}

void
screen_stop(struct screen *s)
{
	const char *const args[] = { "kill-server", NULL };

	run_tmux(s, NULL, 0, args);
}
