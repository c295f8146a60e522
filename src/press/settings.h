/* settings: the rule of every setting `site set` and the settings page change, checked in one
 * place, and the navigation menu's text form. */
#ifndef BS_SETTINGS_H
#define BS_SETTINGS_H

#include <stddef.h>

struct pool;
struct store;

/* The longest value of a setting, in bytes; the menu may be longer. */
#define SETTING_MAX 500
#define SETTING_MENU_MAX 8000
/* The most items of the navigation menu, and the longest label. */
#define MENU_ITEMS_MAX 20
#define MENU_LABEL_MAX 60

/*
 * Whether value may be stored under key (one of store_site_keys): NULL when it may, else one
 * sentence that names the setting and says what it takes, in p. The images (image, favicon)
 * must be in the media library of s, and the press's Fediverse handle no writer's; s may be
 * NULL when only their form is to be checked.
 */
const char *setting_problem(struct store *s, struct pool *p, const char *key, const char *value);

/* One item of the navigation menu: its label and where it goes (a path, or an http(s) or
 * mailto URL). */
struct menu_item {
	const char *label, *url;
};

/*
 * Reads the menu's text form: one item a line, the label, then blanks, then the address (the
 * last word of the line); blank lines are skipped. 0 with the items in p, or -1 with err
 * naming the line and what is wrong with it. An empty text is an empty menu (the default one
 * is shown then).
 */
int menu_parse(const char *text, struct pool *p, struct menu_item **items, size_t *n, char *err,
	       size_t errlen);

#endif
