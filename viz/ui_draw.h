#ifndef SOCKLAB_VIZ_UI_DRAW_H
#define SOCKLAB_VIZ_UI_DRAW_H

#include <curses.h>
#include <stdint.h>

#include "ladder.h"
#include "ui_view.h"

/*
 * Shared by the curses drawing files (ui_curses.c, ui_ladder.c,
 * ui_panes.c); not for the rest of tcpviz.
 */

/* A rectangle of the screen. */
struct ui_area {
	int y, x, h, w;
};

/* How to draw: with colour or not, with line drawing or ASCII. */
struct ui_style {
	int color;
	int ascii;
};

/* Colour pairs, one per flag family (the text says the same). */
enum ui_pair {
	UI_PAIR_SYN = 1,
	UI_PAIR_DATA,
	UI_PAIR_FIN,
	UI_PAIR_RST,
	UI_PAIR_CALL,
	UI_PAIR_NOTE,
};

/* The attribute for a colour pair: A_NORMAL without colour. */
attr_t ui_pair(const struct ui_style *st, enum ui_pair p);

/* The colour of a segment's flags: SYN, data, FIN or RST. */
attr_t ui_flags_attr(const struct ui_style *st, uint8_t flags,
    uint32_t payload_len);

/* Writes s at (y, x), cut at w columns. Returns the columns used. */
int ui_put(int y, int x, int w, attr_t a, const char *s);

/*
 * Writes text word-wrapped into lines y.. of area a, at most maxlines.
 * Returns the lines used.
 */
int ui_wrap(const struct ui_area *a, int y, int maxlines, attr_t attr,
    const char *text);

/* A pane's title line: reversed when the pane has the keys. */
void ui_title(const struct ui_area *a, const char *title, int focused);

/* The panes. Each draws inside its area, its title included. */
void ui_draw_conns(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v);
void ui_draw_ladder(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v);
void ui_draw_note(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v);
void ui_draw_detail(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v);
void ui_draw_kernel(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v);
void ui_draw_demo(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v);
void ui_draw_status(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v);
void ui_draw_help(const struct ui_style *st, const struct ui_area *a,
    const struct ui_view *v);

#endif
