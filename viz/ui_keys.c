#include "ui_keys.h"

#include <curses.h>

static const struct ui_key keys[] = {
	{ UI_ACT_PAUSE, { ' ' }, "space",
	  "pause / resume (capture goes on: what comes is held)",
	  "demo: the calls run by themselves, or wait for n" },
	{ UI_ACT_STEP, { 'n', KEY_RIGHT }, "n, right",
	  "one segment on (paused or replay)", "demo: the next call" },
	{ UI_ACT_UP, { KEY_UP, 'k' }, "up, k",
	  "select an earlier segment (ladder) or connection", NULL },
	{ UI_ACT_DOWN, { KEY_DOWN, 'j' }, "down, j",
	  "a later one; past the newest: follow new ones", NULL },
	{ UI_ACT_PAGE_UP, { KEY_PPAGE }, "PgUp",
	  "ten up", NULL },
	{ UI_ACT_PAGE_DOWN, { KEY_NPAGE }, "PgDn",
	  "ten down", NULL },
	{ UI_ACT_NEXT_PANE, { '\t' }, "tab",
	  "next pane: ladder, connections, detail, kernel", NULL },
	{ UI_ACT_PREV_PANE, { KEY_BTAB }, "shift-tab",
	  "the pane before", NULL },
	{ UI_ACT_PIN, { 'p' }, "p",
	  "pin the selection / follow new segments again", NULL },
	{ UI_ACT_ABSOLUTE, { 'a' }, "a",
	  "absolute / relative sequence numbers", NULL },
	{ UI_ACT_CLEAR, { 'c' }, "c",
	  "clear what was captured", NULL },
	{ UI_ACT_FILTER, { '/' }, "/",
	  "a new capture filter (^U clears, ^W a word, Esc)", NULL },
	{ UI_ACT_SAVE, { 's' }, "s",
	  "save what was captured to a pcap file", NULL },
	{ UI_ACT_HELP, { '?', 'h' }, "?, h",
	  "this help (any key closes it)", NULL },
	{ UI_ACT_QUIT, { 'q', 'Q' }, "q",
	  "quit", NULL },
};

const struct ui_key *
ui_keys(size_t *n)
{
	*n = sizeof(keys) / sizeof(keys[0]);
	return keys;
}

enum ui_action
ui_key_action(int ch)
{
	size_t i, k;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		for (k = 0; k < UI_KEY_CODES && keys[i].codes[k] != 0; k++)
			if (keys[i].codes[k] == ch)
				return keys[i].action;
	return UI_ACT_NONE;
}
