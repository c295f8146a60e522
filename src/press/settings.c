/* settings: what each setting of a press takes, and the navigation menu read from its text. */
#include "press/settings.h"
#include "mail/address.h"
#include "store/store.h"
#include "store/store_media.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Valid UTF-8 of at most max bytes without control characters (newlines when lines). */
static int text_ok(const char *s, size_t max, int lines)
{
	size_t n = strlen(s), bad;
	if (n > max || !utf8_valid(s, n, &bad))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && !(lines && s[i] == '\n')) || s[i] == 0x7f)
			return 0;
	return 1;
}

static int number_in(const char *s, long lo, long hi)
{
	if (!*s || strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
		return 0;
	long v = atol(s);
	return v >= lo && v <= hi;
}

/* value is one of the words of choices (separated by single spaces). */
static int one_of(const char *value, const char *choices)
{
	size_t n = strlen(value);
	for (const char *c = choices; n && *c;) {
		size_t w = strcspn(c, " ");
		if (w == n && strncmp(c, value, n) == 0)
			return 1;
		c += w + (c[w] == ' ');
	}
	return 0;
}

/* An address a link may go to: a path of this site ("/..." but not "//"), or an absolute
 * http, https or mailto URL; no blanks, quotes or angle brackets. */
static int address_ok(const char *s)
{
	if (!*s || strlen(s) > SETTING_MAX || strpbrk(s, " \t\"'<>\\`") ||
	    !text_ok(s, SETTING_MAX, 0))
		return 0;
	if (s[0] == '/')
		return s[1] != '/';
	if (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) {
		const char *host = strstr(s, "//") + 2;
		return *host && *host != '/';
	}
	return strncmp(s, "mailto:", 7) == 0 && s[7];
}

/* The site's public address: http(s)://host[:port][/path], nothing after the path. */
static int base_url_ok(const char *s)
{
	const char *host = strncmp(s, "https://", 8) == 0  ? s + 8
			   : strncmp(s, "http://", 7) == 0 ? s + 7
							   : NULL;
	return host && *host && *host != '/' && !strpbrk(s, "?#") && address_ok(s);
}

static const char *theme_problem(const char *v)
{
	size_t n = strlen(v);
	if (n < 1 || n > 64 || v[0] == '.' ||
	    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != n)
		return "The theme is 'default' or the name of a folder in the press's themes/ "
		       "folder (letters, digits, '.', '-' and '_').";
	return NULL;
}

const char *setting_problem(struct store *s, struct pool *p, const char *key, const char *value)
{
	static const struct {
		const char *key, *choices, *message;
	} choices[] = {
	    {"comments", "open moderated closed",
	     "Comments (for posts that say nothing) are open, moderated or closed."},
	    {"comment_policy", "publish hold_first hold_all",
	     "The comment policy is publish, hold_first or hold_all."},
	    {"moderation_text", "show hide",
	     "The moderation log either shows or hides a removed comment's text (show or hide)."},
	    {"newsletter", "full excerpt", "The newsletter sends a post in full or its excerpt."},
	    {"smtp_tls", "optional required",
	     "TLS for smtp:// is optional (STARTTLS when offered) or required."},
	    {"fediverse_object", "article note",
	     "The Fediverse sees a post as an article or a note."},
	};
	const char *v = value;
	if (strcmp(key, "menu") == 0) {
		struct menu_item *items;
		size_t n;
		char err[200];
		if (strlen(v) > SETTING_MENU_MAX)
			return pool_printf(p, "The menu is longer than %d bytes.",
					   SETTING_MENU_MAX);
		return menu_parse(v, p, &items, &n, err, sizeof(err)) == 0
			   ? NULL
			   : pool_printf(p, "The menu's %s.", err);
	}
	if (!text_ok(v, SETTING_MAX, 0))
		return pool_printf(p, "The setting %s takes one line of at most %d bytes of text.",
				   key, SETTING_MAX);
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++)
		if (strcmp(key, choices[i].key) == 0)
			return one_of(v, choices[i].choices) ? NULL : choices[i].message;
	if (strcmp(key, "title") == 0)
		/* (One line of at most SETTING_MAX bytes, checked above.) */
		return *v ? NULL : "The title cannot be empty.";
	if (strcmp(key, "tagline") == 0 || strcmp(key, "author_line") == 0)
		return strlen(v) <= 300
			   ? NULL
			   : pool_printf(p, "The %s may have 300 bytes at most.",
					 strcmp(key, "tagline") ? "author line" : "tagline");
	if (strcmp(key, "url") == 0)
		return !*v || base_url_ok(v)
			   ? NULL
			   : "The site's address (url) starts with https:// or http://, names a "
			     "host, and has no query or #fragment, e.g. https://press.example.org.";
	if (strcmp(key, "per_page") == 0)
		return number_in(v, 1, 100) ? NULL : "Posts per page is a number from 1 to 100.";
	if (strcmp(key, "comments_per_minute") == 0 || strcmp(key, "comments_per_day") == 0)
		return number_in(v, 1, 999999)
			   ? NULL
			   : pool_printf(p, "Comments a %s from one address is a number from 1.",
					 strcmp(key, "comments_per_day") ? "minute" : "day");
	if (strcmp(key, "comments_close_days") == 0)
		return number_in(v, 0, 99999)
			   ? NULL
			   : "Comments close after a number of days (0: never), at most 99999.";
	if (strcmp(key, "theme") == 0)
		return theme_problem(v);
	if (strcmp(key, "smtp_url") == 0)
		return !*v || ((strncmp(v, "smtp://", 7) == 0 || strncmp(v, "smtps://", 8) == 0) &&
			       !strpbrk(v, " \t"))
			   ? NULL
			   : "The SMTP server (smtp_url) starts with smtp:// (STARTTLS when the "
			     "server "
			     "offers it) or smtps:// (TLS from the start), or is empty (mail goes "
			     "to "
			     "DATA/outbox).";
	if (strcmp(key, "mail_from") == 0)
		return !*v || mail_address_valid(v)
			   ? NULL
			   : "The sender (mail_from) is not an email address.";
	if (strcmp(key, "smtp_password_file") == 0)
		return !*v || v[0] == '/'
			   ? NULL
			   : "The SMTP password file (smtp_password_file) is an absolute path: the "
			     "password itself never goes into the database.";
	if (strcmp(key, "fediverse_handle") == 0) {
		if (!*v || strlen(v) > 32 ||
		    strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(v))
			return "The press's Fediverse handle (fediverse_handle) takes 1 to 32 of "
			       "a-z, 0-9 and '_' (the press is then @HANDLE@ its host).";
		/* The press's handle and a writer's would name two actors at once. */
		return s && store_user_exists(s, v, strlen(v))
			   ? pool_printf(p,
					 "The Fediverse handle '%s' is a writer's handle: choose "
					 "another.",
					 v)
			   : NULL;
	}
	if (strcmp(key, "image") == 0 || strcmp(key, "favicon") == 0)
		return !*v || store_media_path_ok(s, p, v)
			   ? NULL
			   : pool_printf(p,
					 "The %s is an image of the media library, given by its "
					 "address (/media/…), or empty for the theme's own.",
					 strcmp(key, "image") ? "favicon" : "site image");
	return NULL; /* smtp_user: any one line */
}

static void fail(char *err, size_t errlen, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail(char *err, size_t errlen, unsigned line, const char *fmt, ...)
{
	int n = snprintf(err, errlen, "line %u ", line);
	va_list ap;
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

int menu_parse(const char *text, struct pool *p, struct menu_item **items, size_t *n, char *err,
	       size_t errlen)
{
	size_t cap = 4;
	*items = pool_alloc(p, cap * sizeof(**items));
	*n = 0;
	unsigned line = 0;
	for (const char *s = text; *s;) {
		size_t len = strcspn(s, "\n");
		const char *next = s + len + (s[len] == '\n');
		line++;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
			len--;
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		if (len == 0) {
			s = next;
			continue;
		}
		const char *l = pool_strndup(p, s, len);
		const char *gap = l + len;
		while (gap > l && gap[-1] != ' ' && gap[-1] != '\t')
			gap--;
		const char *url = gap;
		size_t label_len = (size_t)(gap - l);
		while (label_len && (l[label_len - 1] == ' ' || l[label_len - 1] == '\t'))
			label_len--;
		if (!label_len) {
			fail(err, errlen, line,
			     "has one word only: write the label, then the address (Home /)");
			return -1;
		}
		if (!address_ok(url)) {
			fail(err, errlen, line,
			     "ends with '%.80s', which is no address: use a path of this site "
			     "(/about), or an https://, http:// or mailto: address",
			     url);
			return -1;
		}
		const char *label = pool_strndup(p, l, label_len);
		if (label_len > MENU_LABEL_MAX || !text_ok(label, MENU_LABEL_MAX, 0)) {
			fail(err, errlen, line, "has a label longer than %d bytes", MENU_LABEL_MAX);
			return -1;
		}
		if (*n == MENU_ITEMS_MAX) {
			fail(err, errlen, line, "is one item too many (at most %d)",
			     MENU_ITEMS_MAX);
			return -1;
		}
		*items = pool_grow(p, *items, *n, &cap, sizeof(**items));
		(*items)[(*n)++] = (struct menu_item){label, url};
		s = next;
	}
	return 0;
}
