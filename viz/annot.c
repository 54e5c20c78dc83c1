#include "annot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANNOT_HEADER "# tcpviz demo steps 1\n"

void
annot_init(struct annot_list *l)
{
	memset(l, 0, sizeof(*l));
}

/* Copies s into dst (size n), turning tabs and newlines into blanks. */
static void
copy_field(char *dst, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && s[i] != '\0' && i + 1 < n; i++)
		dst[i] = (s[i] == '\t' || s[i] == '\n') ? ' ' : s[i];
	dst[i] = '\0';
}

/* Room for one more. Returns 0, or -1 (ENOMEM). */
static int
grow(struct annot_list *l)
{
	struct annot *v;
	size_t alloc;

	if (l->n < l->alloc)
		return 0;
	alloc = l->alloc > 0 ? 2 * l->alloc : 16;
	v = realloc(l->v, alloc * sizeof(*v));
	if (v == NULL)
		return -1;
	l->v = v;
	l->alloc = alloc;
	return 0;
}

int
annot_add(struct annot_list *l, uint64_t after_frame,
    const struct demo_step *step)
{
	struct annot *a;

	if (grow(l) == -1)
		return -1;
	a = &l->v[l->n++];
	memset(a, 0, sizeof(*a));
	a->after_frame = after_frame;
	a->side = step->side;
	a->failed = step->failed;
	copy_field(a->scene, sizeof(a->scene), step->scene);
	copy_field(a->call, sizeof(a->call), step->call);
	copy_field(a->result, sizeof(a->result), step->result);
	copy_field(a->expect, sizeof(a->expect), step->expect);
	return 0;
}

int
annot_append(struct annot_list *l, const struct annot *a)
{
	if (grow(l) == -1)
		return -1;
	l->v[l->n++] = *a;
	return 0;
}

void
annot_clear(struct annot_list *l)
{
	l->n = 0;
}

void
annot_free(struct annot_list *l)
{
	free(l->v);
	annot_init(l);
}

int
annot_sidecar_path(const char *pcap, char *buf, size_t len)
{
	size_t n = strlen(pcap);
	const char *dot = strrchr(pcap, '.');

	if (dot != NULL && strchr(dot, '/') == NULL &&
	    (strcmp(dot, ".pcap") == 0 || strcmp(dot, ".pcapng") == 0))
		n = (size_t)(dot - pcap);
	if (n + sizeof(".steps") > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, pcap, n);
	memcpy(buf + n, ".steps", sizeof(".steps"));
	return 0;
}

int
annot_save(const struct annot_list *l, const char *path)
{
	FILE *f = fopen(path, "we");
	size_t i;
	int saved;

	if (f == NULL)
		return -1;
	fputs(ANNOT_HEADER, f);
	for (i = 0; i < l->n; i++) {
		const struct annot *a = &l->v[i];

		fprintf(f, "%llu\t%s\t%s\t%s\t%s\t%s\n",
		    (unsigned long long)a->after_frame,
		    a->side == DEMO_CLIENT ? "client" : "server", a->scene,
		    a->call, a->result, a->expect);
	}
	if (ferror(f)) {
		saved = errno;
		fclose(f);
		errno = saved != 0 ? saved : EIO;
		return -1;
	}
	return fclose(f) == EOF ? -1 : 0;
}

/*
 * Splits line (its newline removed) at tabs into the n fields. Returns 0,
 * or -1 if it has another number of fields.
 */
static int
split_tabs(char *line, char **field, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		field[i] = line;
		line = strchr(line, '\t');
		if (line == NULL)
			return i + 1 == n ? 0 : -1;
		*line++ = '\0';
	}
	return -1;
}

/* Parses one sidecar line into a. Returns 0, or -1. */
static int
parse_line(char *line, struct annot *a)
{
	char *field[6], *end;
	unsigned long long frame;

	line[strcspn(line, "\n")] = '\0';
	if (split_tabs(line, field, 6) == -1)
		return -1;
	errno = 0;
	frame = strtoull(field[0], &end, 10);
	if (errno != 0 || end == field[0] || *end != '\0')
		return -1;
	memset(a, 0, sizeof(*a));
	a->after_frame = frame;
	if (strcmp(field[1], "client") == 0)
		a->side = DEMO_CLIENT;
	else if (strcmp(field[1], "server") == 0)
		a->side = DEMO_SERVER;
	else
		return -1;
	copy_field(a->scene, sizeof(a->scene), field[2]);
	copy_field(a->call, sizeof(a->call), field[3]);
	copy_field(a->result, sizeof(a->result), field[4]);
	copy_field(a->expect, sizeof(a->expect), field[5]);
	return 0;
}

int
annot_load(struct annot_list *l, const char *path)
{
	FILE *f = fopen(path, "re");
	char line[1024];
	int rc = 0;

	if (f == NULL)
		return -1;
	annot_clear(l);
	if (fgets(line, sizeof(line), f) == NULL ||
	    strcmp(line, ANNOT_HEADER) != 0) {
		rc = -1;
		errno = EINVAL;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		if (grow(l) == -1) {
			rc = -1;
		} else if (parse_line(line, &l->v[l->n]) == -1) {
			rc = -1;
			errno = EINVAL;
		} else {
			l->n++;
		}
	}
	if (rc == -1) {
		int saved = errno;

		fclose(f);
		errno = saved;
		return -1;
	}
	fclose(f);
	return 0;
}
