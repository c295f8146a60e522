/* store_bundle: the rows an export bundle copies as they are (users, tags, old addresses,
 * revisions, comments, the moderation log, media, the journal), each table's columns with
 * their bounds, read in a fixed order and written back with their ids; and the few writes a
 * restore makes around publishing its posts again. */
#ifndef BS_STORE_BUNDLE_H
#define BS_STORE_BUNDLE_H

#include <stddef.h>

struct pool;
struct store;

enum store_col_kind {
	SC_INT,	 /* an integer in [min, max] */
	SC_TEXT, /* UTF-8 text of at most max bytes (newlines only when lines is set) */
	SC_BLOB, /* bytes, min to max of them */
};

struct store_col {
	const char *name; /* its key in the bundle's JSON */
	enum store_col_kind kind;
	int null_ok; /* may be NULL (JSON null) */
	long long min, max;
	int lines; /* SC_TEXT: may hold newlines and tabs */
	/* A column the bundle does not carry: the restore derives it (a hash, a rendering) and
	 * binds it after the carried ones, which come first in cols. */
	int derived;
};

/*
 * A table as a bundle copies it: select reads every row in a fixed order (the carried
 * columns in the order of cols), insert writes one row back with its id, binding the carried
 * columns and then the derived ones as ?1..?ncols in cols' order. An insert whose row names
 * something the press does not hold (a post, a comment, an issue) inserts nothing: its
 * SELECT ... WHERE EXISTS finds no row.
 */
struct store_copy {
	const char *name; /* the file's name in messages: "users" */
	const char *select_sql, *insert_sql;
	const struct store_col *cols;
	size_t ncols;
};

/* One column's value: null, an integer, or text/bytes (s with len; s not NUL-terminated for
 * a BLOB). */
struct store_val {
	int null;
	long long i;
	const char *s;
	size_t len;
};

/* The tables, each once; see store_bundle.c for their columns. */
extern const struct store_copy store_copy_users, store_copy_tags, store_copy_old_slugs,
    store_copy_old_paths, store_copy_origins, store_copy_revisions, store_copy_comments,
    store_copy_modlog, store_copy_media, store_copy_issues, store_copy_issue_posts,
    store_copy_pieces, store_copy_branches, store_copy_resolutions, store_copy_res_versions,
    store_copy_res_amendments, store_copy_res_decisions, store_copy_res_endorsements,
    store_copy_res_log, store_copy_fed_actors, store_copy_fed_followers, store_copy_fed_blocks,
    store_copy_fed_reactions, store_copy_fed_objects;

/* The largest number of columns a table has. */
#define STORE_COPY_MAX_COLS 20

/*
 * Calls fn with each row of t (the carried columns; strings valid during the call only),
 * in order; stops at the first fn that does not return 0 and returns what it returned. 0, or
 * -1 on a database error.
 */
int store_copy_each(struct store *s, const struct store_copy *t,
		    int (*fn)(void *ud, const struct store_val *v), void *ud);
/* Inserts one row of t (carried and derived columns): 1 written, 0 when it names something the
 * press does not hold, -1 on an error (a row with the same key among them). */
int store_copy_put(struct store *s, const struct store_copy *t, const struct store_val *v);

/* A read transaction, so that everything an export reads is of one moment while servers go on
 * writing: begin (0, or -1) and end. */
int store_bundle_read_begin(struct store *s);
void store_bundle_read_end(struct store *s);

/* Every post's id, trashed ones too, in order, from after_id on, at most limit (in p). */
int store_bundle_post_ids(struct store *s, struct pool *p, long long after_id, int limit,
			  long long **ids, size_t *n);
/* When a post was first added. 0, or -1. */
int store_bundle_post_created(struct store *s, long long id, long long *created);
/* Gives a restored post its times back (publishing it again made them now). 0, or -1. */
int store_bundle_post_times(struct store *s, long long id, long long created, long long updated);
/* Members and subscribers the press has, for what an export says it left out. -1 on error. */
long long store_bundle_members(struct store *s);
/* Indexes every restored resolution past its draft for search (its current version), as
 * circulating one does. 0, or -1. */
int store_bundle_res_index(struct store *s);
/* Resolutions whose current version is not among their versions: 0 when every one has it,
 * -1 on an error. */
long long store_bundle_res_unversioned(struct store *s);
/* Forgets which posts went out to the Fediverse: publishing a restored press's posts again
 * marked them (as news), and the bundle says which really did, and when. 0, or -1. */
int store_bundle_fed_objects_clear(struct store *s);
/* Calls fn with the name of every remote avatar the press shows (of an actor or a comment),
 * each once, in order; stops at the first fn that does not return 0 and returns it. 0, or -1
 * on a database error. */
int store_bundle_avatar_names(struct store *s, int (*fn)(void *ud, const char *name), void *ud);
/* Drops every queued job: a restored press's posts and issues are no news (the press they come
 * from announced them), so nothing is mailed or sent for them. 0, or -1. */
int store_bundle_forget_jobs(struct store *s);

#endif
