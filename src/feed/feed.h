/* feed: Atom (RFC 4287), RSS 2.0 and JSON Feed 1.1 documents for a list of posts. */
#ifndef BS_FEED_H
#define BS_FEED_H

#include <stddef.h>

struct buf;

/* One post in a feed. Every URL is absolute. Strings are UTF-8, unescaped. */
struct feed_entry {
	const char *id;	 /* stable: the post's permalink */
	const char *url; /* the post's page */
	const char *title;
	const char *author_name;      /* or NULL */
	const char *author_url;	      /* or NULL */
	long long published, updated; /* unix seconds UTC */
	const char *const *tags;      /* hashtags and front-matter tags, without '#' */
	size_t ntags;
	const char *const *tag_urls; /* absolute tag page URL of each tag */
	const char *content_html;    /* full body, or NULL in the excerpt variant */
	const char *summary_html;    /* the excerpt (always present) */
	const char *content_text;    /* plain text of the body or excerpt, for JSON Feed */
	int unfinished;		     /* the post is marked unfinished */
	/* A file the entry comes with (an issue's book), absolute, or NULL; its type, and its
	 * size in bytes or 0 when unknown. */
	const char *enclosure_url, *enclosure_type;
	long long enclosure_length;
};

struct feed {
	const char *title;    /* e.g. "The Open Minutes" or "The Open Minutes: #Charter" */
	const char *subtitle; /* or NULL */
	const char *home_url; /* the HTML page this feed follows (absolute) */
	const char *self_url; /* this feed's own URL (absolute) */
	const char *id;	      /* stable feed id (the self URL without variant is fine) */
	const char *language; /* e.g. "en" */
	const char *icon_url; /* or NULL */
	long long updated;    /* newest entry's updated time, or the site's creation time */
	const struct feed_entry *entries;
	size_t n;
};

/*
 * Each appends a complete, valid document to out, entries in the given order. Relative href,
 * src and cite values in the HTML are made absolute against the entry's url. With content_html
 * NULL (the excerpt variant) Atom has <summary type="html"> only, RSS <description> only, JSON
 * Feed "summary" and "content_text" (content_text, else the excerpt's text) and no
 * "content_html". An unfinished entry gets the category "unfinished" (Atom: label
 * "Unfinished", no scheme; RSS: no domain; JSON Feed: in "tags" and as
 * "_broadside": {"unfinished": true}); hashtag categories carry their tag_urls as Atom scheme
 * and RSS domain. An enclosure is an Atom link rel="enclosure", a JSON Feed attachment and,
 * when its length is known (RSS requires one), an RSS <enclosure>. Times are clamped to the
 * years 0000..9999.
 */
void feed_atom(struct buf *out, const struct feed *f);
void feed_rss(struct buf *out, const struct feed *f);
void feed_json(struct buf *out, const struct feed *f);

#endif
