#ifndef SOCKLAB_VIZ_UI_KEYS_H
#define SOCKLAB_VIZ_UI_KEYS_H

#include <stddef.h>

/*
 * The curses view's keys, in one table: the loop dispatches through it,
 * the help overlay lists it, and a test holds the man page (tcpviz.1,
 * KEYS) to it. No curses functions here, only its key codes.
 */

enum ui_action {
	UI_ACT_NONE,
	UI_ACT_PAUSE,
	UI_ACT_STEP,
	UI_ACT_UP,
	UI_ACT_DOWN,
	UI_ACT_PAGE_UP,
	UI_ACT_PAGE_DOWN,
	UI_ACT_NEXT_PANE,
	UI_ACT_PREV_PANE,
	UI_ACT_PIN,
	UI_ACT_ABSOLUTE,
	UI_ACT_CLEAR,
	UI_ACT_FILTER,
	UI_ACT_SAVE,
	UI_ACT_HELP,
	UI_ACT_QUIT,
};

#define UI_KEY_CODES 3

struct ui_key {
	enum ui_action action;
	int codes[UI_KEY_CODES];	/* what getch() returns; 0 ends */
	const char *names;	/* as help and man page name them: "n, right" */
	const char *what;	/* one line for the help overlay */
	const char *demo_what;	/* the same in the demo, if it differs */
};

/* The table, in the order help shows it; *n gets its length. */
const struct ui_key *ui_keys(size_t *n);

/* What key code ch does: UI_ACT_NONE for keys not in the table. */
enum ui_action ui_key_action(int ch);

#endif
