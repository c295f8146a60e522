/* store_journal: the journal's issues, the posts each lists, the fixed copy of its pieces taken
 * when it is published, and its book (EPUB). */
#ifndef BS_STORE_JOURNAL_H
#define BS_STORE_JOURNAL_H

#include <stddef.h>

struct pool;
struct store;

enum issue_status { ISSUE_DRAFT = 0, ISSUE_PUBLISHED = 1 };

/* An issue as stored. Strings live in the pool they were read into. */
struct issue_row {
	long long id;
	int volume, number;
	const char *month;   /* "2026-12" */
	const char *title;   /* the issue's own title */
	const char *editors; /* the editors' names, one a line */
	const char *cover;   /* a medium's HASH.EXT, or NULL */
	int visibility;	     /* enum issue_visibility (journal/issuefile.h) */
	int status;	     /* enum issue_status */
	const char *uuid;    /* the book's identifier, made once per issue */
	const char *editorial_md, *editorial_html;
	const char *source;   /* the issue file as last saved */
	const char *base_url; /* the site's address the book links to, fixed at publication */
	long long published;  /* 0 while a draft */
	long long updated, created;
	long long epub_len; /* bytes of the stored book, 0 when none is stored */
};

/* What store_issue_put saves: everything already checked and rendered. */
struct issue_input {
	long long id; /* the issue to change (its volume and number may change), or 0 */
	int volume, number;
	const char *month, *title, *editors, *cover; /* cover may be NULL */
	int visibility;
	const char *editorial_md, *editorial_html, *source;
	const char *const *slugs; /* the posts it lists, in order */
	size_t nslugs;
};

/* One piece of a published issue as it was when the issue came out. */
struct piece_row {
	int pos; /* 0-based place in the issue */
	const char *slug, *title;
	const char *author_handle, *author_name; /* NULL when the post had no writer */
	const char *standfirst;			 /* plain text */
	const char *body_html;
	long long published; /* the post's date */
};

/*
 * Changes issue in->id, or else adds the issue with in's volume and number or replaces it,
 * keeping its id, uuid, status, publication and pieces' copy, inside the caller's transaction;
 * the listed slugs are replaced. *id gets the issue's id, *created whether it is new. 0, 1
 * when in->id names no issue, 2 when another issue has in->id's new volume and number, -1 on
 * error.
 */
int store_issue_put(struct store *s, const struct issue_input *in, long long now, long long *id,
		    int *created);
/* 0 found, 1 not found, -1 error. */
int store_issue_get(struct store *s, struct pool *p, int volume, int number, struct issue_row *out);
int store_issue_by_id(struct store *s, struct pool *p, long long id, struct issue_row *out);
/* Every issue, or only the published ones, newest (highest volume, then number) first. */
int store_issue_list(struct store *s, struct pool *p, int published_only, struct issue_row **rows,
		     size_t *n);
/* 1 when a published issue for everyone exists, 0 when none, -1 on error. */
int store_issue_any_public(struct store *s);
/* The slugs an issue lists, in order. */
int store_issue_slugs(struct store *s, struct pool *p, long long id, const char ***slugs,
		      size_t *n);

/*
 * Publishes (or publishes again) an issue inside the caller's transaction: pieces[0..n) become
 * its fixed copy, base_url the address its book links to, published the publication time
 * (kept when it is 0 and the issue was published before), and a stored book is dropped.
 */
int store_issue_publish(struct store *s, long long id, long long published, const char *base_url,
			const struct piece_row *pieces, size_t n);
/* The fixed copy of a published issue's pieces, in order. */
int store_issue_pieces(struct store *s, struct pool *p, long long id, struct piece_row **rows,
		       size_t *n);

/* Stores the issue's book, made by book version `version`. 0, or -1. */
int store_issue_set_epub(struct store *s, long long id, int version, const void *data, size_t len);
/* The stored book when one of version `version` is there: 0 with *data (in p) and *len, 1 when
 * there is none (or an older one), -1 on error. */
int store_issue_epub(struct store *s, struct pool *p, long long id, int version, const void **data,
		     size_t *len);

#endif
