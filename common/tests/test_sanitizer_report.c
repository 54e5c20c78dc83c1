/*
 * Unit tests for reading sanitizer reports (common/test/sanitizer_report.c):
 * the hint must name the student's function and line, never a frame of
 * the sanitizer runtime or of the test support, and text the worker made
 * up must not reach the hint unfiltered.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "test/sanitizer_report.h"

static int
parse(const char *text, struct sanitizer_finding *f)
{
	return sanitizer_parse(text, strlen(text), f);
}

Test(sanitizer_report, heap_overflow_names_the_first_student_frame)
{
	static const char report[] =
	    "noise the student printed\n"
	    "=================================================================\n"
	    "==2==ERROR: AddressSanitizer: heap-buffer-overflow on address "
	    "0x602000000018 at pc 0x55d0 bp 0x7ffd sp 0x7ffd\n"
	    "WRITE of size 4 at 0x602000000018 thread T0\n"
	    "    #0 0x7f3a1c in __interceptor_memset "
	    "../../../../src/libsanitizer/sanitizer_common/"
	    "sanitizer_common_interceptors.inc:799\n"
	    "    #1 0x55d0c2 in sock_describe /src/sockets.c:43\n"
	    "    #2 0x55d0c3 in call_sock_describe "
	    "labs/01-socket/tests/worker.c:22\n"
	    "0x602000000018 is located 0 bytes to the right of 12-byte region\n";
	struct sanitizer_finding f;

	cr_assert_eq(parse(report, &f), 1);
	cr_expect_eq(f.kind, SANITIZER_MEMORY);
	cr_expect_str_eq(f.error, "heap-buffer-overflow");
	cr_expect_str_eq(f.access, "WRITE of size 4");
	cr_expect_str_eq(f.function, "sock_describe");
	cr_expect_str_eq(f.file, "sockets.c");
	cr_expect_eq(f.line, 43);
}

Test(sanitizer_report, segv_keeps_its_words)
{
	struct sanitizer_finding f;

	cr_assert_eq(parse("==2==ERROR: AddressSanitizer: SEGV on unknown "
	    "address 0x000000000000 (pc 0x55 bp 0x7f sp 0x7f T0)\n"
	    "    #0 0x55 in frame_read /src/framing.c:120:9\n", &f), 1);
	cr_expect_str_eq(f.error, "SEGV on unknown address");
	cr_expect_str_eq(f.function, "frame_read");
	cr_expect_eq(f.line, 120);
}

Test(sanitizer_report, undefined_shift_with_its_location)
{
	struct sanitizer_finding f;

	cr_assert_eq(parse("/src/byteorder.c:57:20: runtime error: shift "
	    "exponent 32 is too large for 32-bit type 'int'\n"
	    "    #0 0x55 in bo_get_u32 /src/byteorder.c:57\n", &f), 1);
	cr_expect_eq(f.kind, SANITIZER_UNDEFINED);
	cr_expect_str_eq(f.error, "shift exponent 32 is too large for 32-bit "
	    "type 'int'");
	cr_expect_str_eq(f.function, "bo_get_u32");
	cr_expect_str_eq(f.file, "byteorder.c");
	cr_expect_eq(f.line, 57);
}

Test(sanitizer_report, leak_only_when_the_student_allocated_it)
{
	static const char theirs[] =
	    "==2==ERROR: LeakSanitizer: detected memory leaks\n\n"
	    "Direct leak of 64 byte(s) in 1 object(s) allocated from:\n"
	    "    #0 0x7f in malloc ../../../../src/libsanitizer/asan/"
	    "asan_malloc_linux.cpp:69\n"
	    "    #1 0x55 in own common/rpc/worker.c:101\n"
	    "    #2 0x55 in helper ../../libgcc/src/helper.c:5\n\n";
	static const char both[] =
	    "==2==ERROR: LeakSanitizer: detected memory leaks\n\n"
	    "Direct leak of 64 byte(s) in 1 object(s) allocated from:\n"
	    "    #0 0x7f in malloc ../../../../src/libsanitizer/asan/"
	    "asan_malloc_linux.cpp:69\n"
	    "    #1 0x55 in own common/rpc/worker.c:101\n\n"
	    "Direct leak of 16 byte(s) in 1 object(s) allocated from:\n"
	    "    #0 0x7f in malloc ../../../../src/libsanitizer/asan/"
	    "asan_malloc_linux.cpp:69\n"
	    "    #1 0x55 in open_listener /src/listener.c:88\n"
	    "    #2 0x55 in call_open_listener labs/03-listen/tests/worker.c:9\n";
	struct sanitizer_finding f;

	cr_expect_eq(parse(theirs, &f), 0, "a leak of the test support's "
	    "own was blamed on the student");
	cr_assert_eq(parse(both, &f), 1);
	cr_expect_eq(f.kind, SANITIZER_LEAK);
	cr_expect_eq(f.leaked, 16);
	cr_expect_str_eq(f.function, "open_listener");
	cr_expect_eq(f.line, 88);
}

Test(sanitizer_report, unsandboxed_paths_and_no_frame)
{
	struct sanitizer_finding f;
	char hint[512];

	cr_assert_eq(parse("==9==ERROR: AddressSanitizer: heap-use-after-free "
	    "on address 0x6 at pc 0x5 bp 0x7 sp 0x7\n"
	    "READ of size 4 at 0x6 thread T0\n"
	    "    #0 0x5 in sock_open /home/t/build/grade/asan/x/01-socket/src/"
	    "sockets.c:33\n", &f), 1);
	cr_expect_str_eq(f.file, "sockets.c");
	cr_assert_eq(parse("==9==ERROR: AddressSanitizer: heap-use-after-free "
	    "on address 0x6 at pc 0x5 bp 0x7 sp 0x7\n"
	    "    #0 0x5  (/socklab/worker+0x8d8d)\n", &f), 1);
	cr_expect_str_eq(f.file, "");
	sanitizer_describe(&f, hint, sizeof(hint));
	cr_expect(strstr(hint, "no frame in your sources") != NULL, "%s", hint);
}

Test(sanitizer_report, worker_text_is_cut_to_safe_characters)
{
	struct sanitizer_finding f;
	char hint[512];

	cr_assert_eq(parse("/src/a.c:1:1: runtime error: \x1b[2Jcleared\r\n",
	    &f), 1);
	cr_expect(strchr(f.error, '\x1b') == NULL && strchr(f.error, '\r') ==
	    NULL, "control bytes kept: %s", f.error);
	sanitizer_describe(&f, hint, sizeof(hint));
	cr_expect(strchr(hint, '\n') == NULL, "the hint has two lines");
	cr_expect_eq(parse("just a student's printf\n", &f), 0);
}
