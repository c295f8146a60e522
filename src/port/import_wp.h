/* import_wp: a WordPress export brought into a press in one transaction: writers, tags,
 * posts and pages, comments with their threads, attachments and the old addresses. */
#ifndef BS_IMPORT_WP_H
#define BS_IMPORT_WP_H

#include <stddef.h>
#include <stdio.h>

struct store;
struct press_keys;

/* The largest attachment copied in. */
#define IMPORT_MEDIA_MAX (100LL * 1024 * 1024)

struct import_opts {
	const char *data_dir;	       /* the press's folder: attachments go to its media/ */
	const char *media_dir;	       /* the site's wp-content/uploads, or NULL */
	FILE *report;		       /* where the counts and the skipped items are written */
	const struct press_keys *keys; /* seals commenters' emails (crypto/keys.h) */
};

/*
 * Imports the WXR file at path into s (no transaction may be open). The file is read twice:
 * once to check it whole and learn its writers, terms and attachments, once to write, all of
 * it inside one transaction. What was imported before from the same site (rows keyed by the
 * site and WordPress's ids) is not touched again, so importing the same file twice changes
 * nothing: the second run commits nothing at all.
 *
 * Posts and pages keep their status (publish: published, future: scheduled, draft and
 * pending: draft; private and password-protected ones become drafts, which the report
 * notes), dates (GMT), slugs, excerpts and sticky flags; their bodies become sanitized HTML
 * (format html); categories and tags become tags. Authors become writers without a password
 * (role author; an existing handle is used as it is). Comments keep their threads and
 * states (approved: published, waiting: held; spam, trash and pingbacks are left out), with
 * names, websites and emails, never the commenter's address. Attachments are copied from
 * media_dir through the media library's checks, and the posts' links to any file of the
 * uploads folder point at the copies. Old addresses (the item's link, /YYYY/MM/DD/slug,
 * /slug, ?p=ID, /category/..., /tag/...) answer with a 301.
 *
 * Returns 0 after writing the counts and every skipped item with its reason to o->report;
 * or -1 with a message in err (with "LINE: " first when it has a line), and nothing written
 * to the press: no row, no file.
 */
int import_wordpress(struct store *s, const char *path, const struct import_opts *o, char *err,
		     size_t errlen);

#endif
