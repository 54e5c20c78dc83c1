/*
 * Unit tests for taking a submission's sources: only safe names, only
 * regular files of a sane size, and a note for everything left behind.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grader/files.h"

static char from[64], to[64];

static void
make_dirs(void)
{
	char root[] = "/tmp/socklab-files-XXXXXX";

	cr_assert_not_null(mkdtemp(root));
	snprintf(from, sizeof(from), "%s/from", root);
	snprintf(to, sizeof(to), "%s/to", root);
	cr_assert_eq(mkdir(from, 0755), 0);
	cr_assert_eq(mkdir(to, 0755), 0);
}

static void
remove_dirs(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strlen(from) - 5),
	    from);
	cr_expect_eq(system(cmd), 0);
}

/* Creates from/name holding size bytes of 'x'. */
static void
put(const char *name, size_t size)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", from, name);
	f = fopen(path, "w");
	cr_assert_not_null(f, "cannot create %s", path);
	for (size_t i = 0; i < size; i++)
		fputc('x', f);
	fclose(f);
}

static int
copied(const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", to, name);
	return lstat(path, &st) == 0;
}

static int
count_copied(void)
{
	char cmd[128];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", to);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

TestSuite(files, .init = make_dirs, .fini = remove_dirs, .timeout = 5);

Test(files, safe_names_are_copied_with_their_times)
{
	char path[512];
	struct stat a, b;
	char *notes = (char *)"unset";

	put("sockets.c", 10);
	put("my_helper-2.c", 3);
	put("sockets.h", 5);      /* not a source: ignored without a note */
	put("README", 5);
	cr_assert_eq(files_copy_sources(from, to, &notes), 0);
	cr_expect_null(notes, "nothing was skipped: %s", notes);
	cr_expect(copied("sockets.c"));
	cr_expect(copied("my_helper-2.c"));
	cr_expect_eq(count_copied(), 2);
	snprintf(path, sizeof(path), "%s/sockets.c", from);
	cr_assert_eq(stat(path, &a), 0);
	snprintf(path, sizeof(path), "%s/sockets.c", to);
	cr_assert_eq(stat(path, &b), 0);
	cr_expect_eq(b.st_size, 10);
	cr_expect_eq(a.st_mtim.tv_sec, b.st_mtim.tv_sec);
}

Test(files, names_a_shell_would_read_are_skipped_with_a_note)
{
	char *notes = NULL;

	put("sockets.c", 10);
	put("`touch pwned`.c", 1);
	put("$(touch pwned).c", 1);
	put("a b.c", 1);
	put(".hidden.c", 1);
	put("x;y.c", 1);
	put("-rf.c.bak", 1);
	put(".c", 1);
	cr_assert_eq(files_copy_sources(from, to, &notes), 0);
	cr_expect(copied("sockets.c"));
	cr_expect_eq(count_copied(), 1);
	cr_assert_not_null(notes);
	cr_expect_not_null(strstr(notes, "skipped \"`touch pwned`.c\": a "
	    "source file's name is letters, digits, _ or -, then .c"));
	cr_expect_not_null(strstr(notes, "skipped \"$(touch pwned).c\""));
	cr_expect_not_null(strstr(notes, "skipped \"a b.c\""));
	cr_expect_not_null(strstr(notes, "skipped \".hidden.c\""));
	cr_expect_not_null(strstr(notes, "skipped \"x;y.c\""));
	cr_expect_not_null(strstr(notes, "skipped \".c\""));
	cr_expect_null(strstr(notes, "-rf.c.bak"), "not a source: no note");
	free(notes);
}

Test(files, links_devices_fifos_and_directories_are_not_taken)
{
	char path[512];
	char *notes = NULL;

	snprintf(path, sizeof(path), "%s/sockets.c", from);
	cr_assert_eq(symlink("/etc/passwd", path), 0);
	snprintf(path, sizeof(path), "%s/pipe.c", from);
	cr_assert_eq(mkfifo(path, 0644), 0);
	snprintf(path, sizeof(path), "%s/dir.c", from);
	cr_assert_eq(mkdir(path, 0755), 0);
	cr_assert_eq(files_copy_sources(from, to, &notes), 0);
	cr_expect_eq(count_copied(), 0);
	cr_assert_not_null(notes);
	cr_expect_not_null(strstr(notes, "skipped \"sockets.c\": a link"));
	cr_expect_not_null(strstr(notes, "skipped \"pipe.c\": not a regular"));
	cr_expect_not_null(strstr(notes, "skipped \"dir.c\": not a regular"));
	free(notes);
}

Test(files, a_link_at_the_destination_is_not_followed)
{
	char path[512], target[512];
	char *notes = NULL;
	struct stat st;

	put("sockets.c", 10);
	snprintf(target, sizeof(target), "%s/victim", to);
	snprintf(path, sizeof(path), "%s/sockets.c", to);
	cr_assert_eq(symlink(target, path), 0);
	cr_expect_eq(files_copy_sources(from, to, &notes), -1);
	cr_expect_eq(errno, ELOOP);
	cr_expect_null(notes);
	cr_expect_eq(lstat(target, &st), -1, "wrote through a link");
}

Test(files, big_files_are_skipped)
{
	char *notes = NULL;

	put("exact.c", FILES_SOURCE_MAX_BYTES);
	put("big.c", FILES_SOURCE_MAX_BYTES + 1);
	cr_assert_eq(files_copy_sources(from, to, &notes), 0);
	cr_expect(copied("exact.c"));
	cr_expect(!copied("big.c"));
	cr_assert_not_null(notes);
	cr_expect_not_null(strstr(notes, "skipped \"big.c\": 262145 bytes, "
	    "more than the 262144 allowed"));
	free(notes);
}

Test(files, at_most_so_many_sources_are_taken)
{
	char name[32];
	char *notes = NULL;

	for (int i = 0; i < FILES_SOURCES_MAX + 3; i++) {
		snprintf(name, sizeof(name), "f%03d.c", i);
		put(name, 1);
	}
	cr_assert_eq(files_copy_sources(from, to, &notes), 0);
	cr_expect_eq(count_copied(), FILES_SOURCES_MAX);
	cr_assert_not_null(notes);
	cr_expect_not_null(strstr(notes, "more than 64 source files"));
	free(notes);
}

Test(files, notes_show_hostile_names_as_plain_text)
{
	char *notes = NULL;

	put("\x1b[8m\r\n[PASS] x.c", 1);
	put("\xff.c", 1);
	cr_assert_eq(files_copy_sources(from, to, &notes), 0);
	cr_assert_not_null(notes);
	cr_expect_null(strchr(notes, '\x1b'));
	cr_expect_null(strchr(notes, '\r'));
	cr_expect_not_null(strstr(notes,
	    "skipped \"\\x1b[8m\\x0d\\x0a[PASS] x.c\""), "%s", notes);
	cr_expect_not_null(strstr(notes, "skipped \"\xef\xbf\xbd.c\""));
	free(notes);
}

Test(files, a_missing_directory_is_an_error)
{
	char *notes = (char *)"unset";
	char missing[128];

	snprintf(missing, sizeof(missing), "%s/none", from);
	cr_expect_eq(files_copy_sources(missing, to, &notes), -1);
	cr_expect_eq(errno, ENOENT);
	cr_expect_null(notes);
}
