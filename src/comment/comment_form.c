/* comment_form: a reader's comment form: its fields and the checks of what the reader can fix. */
#include "comment/comment.h"
#include "comment/rules.h"
#include "req/form.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *key;
	size_t max;
} fields[CF__COUNT] = {
    [CF_NAME] = {"name", COMMENT_NAME_MAX},
    [CF_EMAIL] = {"email", COMMENT_EMAIL_MAX},
    [CF_WEBSITE] = {"website", COMMENT_WEBSITE_MAX},
    [CF_BODY] = {"body", COMMENT_BODY_MAX},
    [CF_PARENT] = {"parent", 20},
    [CF_TOKEN] = {"token", 200},
    [CF_TRAP] = {"homepage", 200},
    [CF_ACTION] = {"action", 20},
};

const char *comment_mode_name(int mode)
{
	return mode == COMMENTS_CLOSED	    ? "closed"
	       : mode == COMMENTS_MODERATED ? "moderated"
					    : "open";
}

int comment_mode_parse(const char *s)
{
	if (strcmp(s, "closed") == 0)
		return COMMENTS_CLOSED;
	if (strcmp(s, "open") == 0)
		return COMMENTS_OPEN;
	if (strcmp(s, "moderated") == 0)
		return COMMENTS_MODERATED;
	return -1;
}

int comment_status_parse(const char *name)
{
	for (int i = COMMENT_HELD; i <= COMMENT_DELETED; i++)
		if (strcmp(name, comment_status_name(i)) == 0)
			return i;
	return strcmp(name, "all") == 0 ? -1 : -2;
}

const char *comment_status_name(int status)
{
	static const char *const names[] = {"held", "published", "removed",
					    "spam", "rejected",	 "deleted"};
	return status >= 0 && status <= COMMENT_DELETED ? names[status] : "unknown";
}

const char *comment_form_get(const struct form *f, enum comment_field field)
{
	const char *v = f ? form_get(f, fields[field].key) : NULL;
	return v ? v : "";
}

int comment_count_links(const char *s, size_t n)
{
	static const char *const marks[] = {"http://", "https://", "www.", "mailto:"};
	int links = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t m = 0; m < 4; m++) {
			size_t ml = strlen(marks[m]);
			if (i + ml <= n && strncasecmp(s + i, marks[m], ml) == 0) {
				links++;
				i += ml - 1;
				break;
			}
		}
	return links;
}

static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

int comment_form_check(const struct form *f, struct comment_errors *e)
{
	static const char *const too_long[CF__COUNT] = {
	    [CF_NAME] = "The name is too long (at most 100 characters).",
	    [CF_EMAIL] = "The email address is too long.",
	    [CF_WEBSITE] = "The website address is too long.",
	    [CF_BODY] = "The comment is too long (at most 20,000 characters).",
	    [CF_PARENT] = "The comment you reply to is not valid.",
	    [CF_TOKEN] = "The form is damaged; load the page again.",
	    [CF_TRAP] = "The form is damaged; load the page again.",
	    [CF_ACTION] = "The form is damaged; load the page again.",
	};
	memset(e, 0, sizeof(*e));
	for (int i = 0; i < CF__COUNT; i++) {
		size_t len;
		const char *v = f ? form_get_len(f, fields[i].key, &len) : NULL;
		if (v && len > fields[i].max)
			e->field[i] = too_long[i];
		else if (v && (!utf8_valid(v, len, NULL) || memchr(v, '\0', len)))
			e->field[i] = "This is not valid UTF-8 text.";
	}
	const char *name = comment_form_get(f, CF_NAME);
	const char *email = comment_form_get(f, CF_EMAIL);
	const char *site = comment_form_get(f, CF_WEBSITE);
	const char *body = comment_form_get(f, CF_BODY);
	const char *parent = comment_form_get(f, CF_PARENT);
	if (!e->field[CF_NAME] && blank(name))
		e->field[CF_NAME] = "Please give a name (any name you like).";
	else if (!e->field[CF_NAME] && strpbrk(name, "\r\n\t"))
		e->field[CF_NAME] = "The name must be on one line.";
	if (!e->field[CF_EMAIL] && *email &&
	    (!strchr(email, '@') || strpbrk(email, " \t\r\n<>\"") || email[0] == '@'))
		e->field[CF_EMAIL] = "This does not look like an email address.";
	if (!e->field[CF_WEBSITE] && *site &&
	    ((strncasecmp(site, "http://", 7) != 0 && strncasecmp(site, "https://", 8) != 0) ||
	     strpbrk(site, " \t\r\n<>\"")))
		e->field[CF_WEBSITE] = "A website address starts with http:// or https://.";
	if (!e->field[CF_BODY])
		e->field[CF_BODY] = comment_body_problem(body, strlen(body));
	if (!e->field[CF_PARENT] && *parent && strspn(parent, "0123456789") != strlen(parent))
		e->field[CF_PARENT] = "The comment you reply to is not valid.";
	for (int i = 0; i < CF__COUNT; i++)
		e->any |= e->field[i] != NULL;
	return e->any;
}
