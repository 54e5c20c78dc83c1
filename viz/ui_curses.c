/*
 * The terminal: newterm with a fallback terminal type, cbreak (not raw, so
 * Ctrl-C still means SIGINT), colours only when wanted, restoration on
 * every way out, and the screen's layout. The panes draw themselves
 * (ui_ladder.c, ui_panes.c).
 */
/* nl_langinfo: ncursesw.pc defines _XOPEN_SOURCE. */

#include "ui_curses.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ui_draw.h"

/* Below this the screen shows only a request for a bigger terminal. */
#define UI_MIN_COLS 60
#define UI_MIN_LINES 16
/* From this width the detail and kernel panes go beside the ladder. */
#define UI_WIDE_COLS 140

/*
 * The terminal's state. A file-level variable because curses itself is
 * one per process and exit() must be able to restore it.
 */
static struct {
	SCREEN *screen;
	struct ui_style style;
	int atexit_set;
	/* For a crash: the terminal's modes before curses, and the bytes
	 * that leave the alternate screen and show the cursor again. */
	int saved_modes;
	struct termios modes;
	char leave[64];
	size_t leave_len;
} term;

static void
close_at_exit(void)
{
	ui_curses_close();
}

/*
 * A crash (SIGSEGV, abort()...) must not leave the terminal raw and on the
 * alternate screen. curses cannot be called from a signal handler, so this
 * only uses what is async-signal-safe: tcsetattr and write of bytes worked
 * out beforehand. Then the signal, reset to its default, ends the process
 * as it would have.
 */
static void
restore_on_crash(int sig)
{
	if (term.saved_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &term.modes);
	if (term.leave_len > 0 &&
	    write(STDOUT_FILENO, term.leave, term.leave_len) < 0)
		term.leave_len = 0;
	raise(sig);
}

/* Appends terminfo capability cap to term.leave, if the terminal has it. */
static void
add_leave_sequence(const char *cap)
{
	const char *seq = tigetstr(cap);
	size_t len;

	if (seq == NULL || seq == (char *)-1)
		return;
	len = strlen(seq);
	if (term.leave_len + len < sizeof(term.leave)) {
		memcpy(term.leave + term.leave_len, seq, len);
		term.leave_len += len;
	}
}

static void
catch_crashes(void)
{
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
		SIGABRT };
	struct sigaction sa;

	term.leave_len = 0;
	add_leave_sequence("rmcup");
	add_leave_sequence("cnorm");
	add_leave_sequence("sgr0");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = restore_on_crash;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
		sigaction(crashes[i], &sa, NULL);
}

/* Terminal types tried, in order, when $TERM is not in terminfo. */
static const char *const fallback_terms[] = {
	"xterm-256color", "xterm", "vt100",
};

/* Whether the locale's characters are UTF-8 (line drawing works). */
static int
locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}

int
ui_curses_open(const struct ui_curses_config *cfg, char *note,
    size_t notelen)
{
	const char *want = getenv("TERM");
	size_t i;

	if (notelen > 0)
		note[0] = '\0';
	/* ncursesw draws lines in UTF-8 only if the locale says so. */
	setlocale(LC_ALL, "");
	term.saved_modes = tcgetattr(STDIN_FILENO, &term.modes) == 0;
	term.screen = newterm(NULL, stdout, stdin);
	for (i = 0; term.screen == NULL &&
	    i < sizeof(fallback_terms) / sizeof(fallback_terms[0]); i++) {
		term.screen = newterm(fallback_terms[i], stdout, stdin);
		if (term.screen != NULL)
			snprintf(note, notelen, "terminal type \"%s\" is "
			    "unknown here: drawing for %s",
			    want != NULL ? want : "(unset)", fallback_terms[i]);
	}
	if (term.screen == NULL) {
		snprintf(note, notelen, "cannot start the screen: terminal "
		    "type \"%s\" is unknown (try TERM=xterm, or --text)",
		    want != NULL ? want : "(unset)");
		return -1;
	}
	if (!term.atexit_set && atexit(close_at_exit) == 0)
		term.atexit_set = 1;
	catch_crashes();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);	/* Esc alone cancels the prompt at once */
	curs_set(0);
	term.style.ascii = cfg->ascii || !locale_is_utf8();
	term.style.color = cfg->color && has_colors() && start_color() != ERR;
	if (term.style.color) {
		use_default_colors();
		init_pair(UI_PAIR_SYN, COLOR_GREEN, -1);
		init_pair(UI_PAIR_DATA, COLOR_CYAN, -1);
		init_pair(UI_PAIR_FIN, COLOR_YELLOW, -1);
		init_pair(UI_PAIR_RST, COLOR_RED, -1);
		init_pair(UI_PAIR_CALL, COLOR_MAGENTA, -1);
		init_pair(UI_PAIR_NOTE, COLOR_BLUE, -1);
	}
	return 0;
}

void
ui_curses_close(void)
{
	if (term.screen == NULL)
		return;
	curs_set(1);
	endwin();
	delscreen(term.screen);
	term.screen = NULL;
	fflush(stdout);
}

int
ui_curses_key(void)
{
	int ch = getch();

	return ch == ERR ? -1 : ch;
}

void
ui_curses_size(int *lines, int *cols)
{
	*lines = LINES;
	*cols = COLS;
}

attr_t
ui_pair(const struct ui_style *st, enum ui_pair p)
{
	return st->color ? (attr_t)COLOR_PAIR(p) : A_NORMAL;
}

attr_t
ui_flags_attr(const struct ui_style *st, uint8_t flags, uint32_t payload_len)
{
	if (flags & 0x04)	/* RST */
		return ui_pair(st, UI_PAIR_RST) | A_BOLD;
	if (flags & 0x02)	/* SYN */
		return ui_pair(st, UI_PAIR_SYN);
	if (flags & 0x01)	/* FIN */
		return ui_pair(st, UI_PAIR_FIN);
	if (payload_len > 0)
		return ui_pair(st, UI_PAIR_DATA);
	return A_NORMAL;
}

int
ui_put(int y, int x, int w, attr_t a, const char *s)
{
	int n = (int)strlen(s);

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	attrset(a);
	if (n > w && w > 3) {
		/* Cut short, visibly: "..." says there is more. */
		mvaddnstr(y, x, s, w - 3);
		addstr("...");
		n = w;
	} else {
		if (n > w)
			n = w;
		mvaddnstr(y, x, s, n);
	}
	attrset(A_NORMAL);
	return n;
}

int
ui_wrap(const struct ui_area *a, int y, int maxlines, attr_t attr,
    const char *text)
{
	int used = 0;

	while (*text != '\0' && used < maxlines && y + used < a->y + a->h) {
		int n = (int)strlen(text), cut = n;

		if (n > a->w) {
			/* Break at the last blank that fits, if any. */
			for (cut = a->w; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = a->w;
		}
		attrset(attr);
		mvaddnstr(y + used, a->x, text, cut);
		attrset(A_NORMAL);
		text += cut;
		while (*text == ' ')
			text++;
		used++;
	}
	return used;
}

void
ui_title(const struct ui_area *a, const char *title, int focused)
{
	char line[512];

	snprintf(line, sizeof(line), "%s %s", focused ? ">" : " ", title);
	move(a->y, a->x);
	attrset(focused ? A_REVERSE | A_BOLD : A_BOLD);
	hline(' ', a->w);
	attrset(A_NORMAL);
	ui_put(a->y, a->x, a->w, focused ? A_REVERSE | A_BOLD : A_BOLD, line);
}

/* Takes h lines off the top of *rest for a pane. */
static struct ui_area
take_top(struct ui_area *rest, int h)
{
	struct ui_area a = *rest;

	if (h > rest->h)
		h = rest->h;
	a.h = h;
	rest->y += h;
	rest->h -= h;
	return a;
}

/* Takes h lines off the bottom of *rest. */
static struct ui_area
take_bottom(struct ui_area *rest, int h)
{
	struct ui_area a = *rest;

	if (h > rest->h)
		h = rest->h;
	a.h = h;
	a.y = rest->y + rest->h - h;
	rest->h -= h;
	return a;
}

static void
draw_too_small(const struct ui_view *v)
{
	char msg[160];
	struct ui_area all = { 0, 0, LINES, COLS };

	snprintf(msg, sizeof(msg), "tcpviz needs a terminal of at least "
	    "%dx%d (80x24 reads best); this one is %dx%d. q quits.",
	    UI_MIN_COLS, UI_MIN_LINES, COLS, LINES);
	ui_wrap(&all, 0, LINES, A_BOLD, msg);
	if (LINES > 3) {
		snprintf(msg, sizeof(msg), "%s  %lu packets", v->mode,
		    v->packets);
		ui_put(LINES - 1, 0, COLS, A_REVERSE, msg);
	}
}

/*
 * The layout. Narrow (80 columns): everything stacked, and one info pane
 * (demo, detail or kernel) under the note. Wide: detail and kernel in a
 * column on the right, the demo under the ladder.
 */
void
ui_curses_draw(const struct ui_view *v)
{
	const struct ui_style *st = &term.style;
	struct ui_area rest = { 0, 0, LINES, COLS }, side = { 0, 0, 0, 0 };
	struct ui_area conns, ladder, note, status, info = { 0, 0, 0, 0 };
	struct ui_area demo = { 0, 0, 0, 0 };
	int big = LINES >= 40, nconn, info_h;

	erase();
	if (LINES < UI_MIN_LINES || COLS < UI_MIN_COLS) {
		draw_too_small(v);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	status = take_bottom(&rest, 2);
	if (COLS >= UI_WIDE_COLS) {
		int left = COLS * 3 / 5 > LADDER_MAX_WIDTH ? LADDER_MAX_WIDTH :
		    COLS * 3 / 5;

		side.y = rest.y;
		side.h = rest.h;
		side.x = left + 1;
		side.w = COLS - left - 1;
		rest.w = left;
		attrset(A_NORMAL);
		mvvline(side.y, left, st->ascii ? '|' : ACS_VLINE, side.h);
	}
	nconn = (int)ui_view_conn_count(v);
	nconn = nconn < 1 ? 1 : nconn > (big ? 6 : 3) ? (big ? 6 : 3) : nconn;
	conns = take_top(&rest, 1 + nconn);
	info_h = big ? 14 : 7;
	if (side.w > 0) {
		struct ui_area kern = side;

		info = take_top(&kern, side.h / 2);
		ui_draw_detail(st, &info, v);
		ui_draw_kernel(st, &kern, v);
		if (v->demo)
			demo = take_bottom(&rest, big ? 7 : 5);
	} else if (v->demo && v->focus != UI_PANE_DETAIL &&
	    v->focus != UI_PANE_KERNEL) {
		demo = take_bottom(&rest, big ? 7 : 5);
	} else {
		info = take_bottom(&rest, info_h);
		if (v->info == UI_PANE_KERNEL)
			ui_draw_kernel(st, &info, v);
		else
			ui_draw_detail(st, &info, v);
	}
	/* The note sits right under the ladder it explains. */
	note = take_bottom(&rest, big ? 3 : 2);
	ladder = rest;
	ui_draw_conns(st, &conns, v);
	ui_draw_ladder(st, &ladder, v);
	ui_draw_note(st, &note, v);
	if (demo.h > 0)
		ui_draw_demo(st, &demo, v);
	ui_draw_status(st, &status, v);
	if (v->help) {
		struct ui_area all = { 0, 0, LINES - 2, COLS };

		ui_draw_help(st, &all, v);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
