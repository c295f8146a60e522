/* editor_form: the editor's fields turned into a post file (and back), so that a post written
 * in the browser is checked by the same rules as one added from the command line. */
#ifndef BS_EDITOR_FORM_H
#define BS_EDITOR_FORM_H

#include "util/buf.h"

struct pool;
struct post_row;
struct postfile;

enum editor_field {
	EF_TITLE,
	EF_SLUG,
	EF_DATE,
	EF_STATUS,
	EF_AUTHOR,
	EF_COMMENTS,
	EF_VISIBILITY,
	EF_TYPE,
	EF_ORDER,
	EF_FORMAT,
	EF_STICKY,
	EF_EXCERPT,
	EF_IMAGE,
	EF_SERIES,
	EF_PART,
	EF_TAGS,
	EF_BODY,
	EF__COUNT
};

/* The form field names, in enum order ("title", ..., "body"); each is the post file's key. */
extern const char *const editor_field_names[EF__COUNT];

/* Each value as typed; NULL or "" counts as left empty. */
struct editor_fields {
	const char *v[EF__COUNT];
};

/*
 * Writes the post file the fields stand for: YAML front matter with every value quoted (so no
 * typed text can become YAML syntax), then the body. Tags are separated by commas (or line
 * breaks, or a '#' that starts a new one); the words of one tag are joined into it
 * ("Branch Democracy": BranchDemocracy, see slug_tag_of_words). line[f] gets the file line of each
 * field's key (the body's first line for EF_BODY), so a postfile_parse error can be shown beside
 * its field.
 */
void editor_compose(const struct editor_fields *e, struct buf *out, unsigned line[EF__COUNT]);

/* The field a postfile_parse error on line belongs to. */
enum editor_field editor_field_of_line(const unsigned line[EF__COUNT], unsigned err_line);

struct req;
/* The fields as the editor's form sent them; an author or contributor always writes as
 * themself (admin_posts.c). */
void admin_posted_fields(struct req *r, struct editor_fields *e);

/* The fields of a stored post (strings in p): its typed tags when known, else its tags. */
void editor_fields_of_post(struct pool *p, const struct post_row *row, struct editor_fields *e);
/* The fields of a parsed post file (a revision). */
void editor_fields_of_file(struct pool *p, const struct postfile *pf, struct editor_fields *e);

#endif
