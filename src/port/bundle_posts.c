/* bundle_posts: posts and pages as post files (the format `post add` reads) with what a file
 * does not say (ids, times, the trash), their tags' first spellings, their old addresses, and
 * every revision. */
#include "port/bundle_int.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "post/slug.h"
#include "store/store.h"
#include "store/store_bundle.h"
#include "util/casefold.h"
#include "util/pool.h"

#include <stdlib.h>
#include <string.h>

#define BATCH 500

/* A post's file: its tags as the writer typed them when known (publishing again merges the
 * body's hashtags as it did), and a trashed post with the status it will come back with. */
static int write_post(struct bundle_out *o, struct post_row *r, struct buf *list)
{
	struct pool *p = pool_new();
	if (r->fm_tags) {
		size_t n = 0;
		const char **tags = pool_alloc(p, (strlen(r->fm_tags) / 2 + 2) * sizeof(*tags));
		char *copy = pool_strdup(p, r->fm_tags);
		for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
			tags[n++] = t;
		r->tags = tags;
		r->ntags = n;
	}
	int trashed = r->status == POST_TRASHED;
	if (trashed)
		r->status = r->trash_status;
	long long created = 0;
	if (store_bundle_post_created(o->s, r->id, &created) != 0) {
		pool_free(p);
		return bundle_out_fail(o, "database: %s", store_errmsg(o->s));
	}
	struct buf file = {0};
	postfile_write(&file, r, r->body_md ? r->body_md : "", r->format);
	const char *path = pool_printf(p, "posts/%s.md", r->slug);
	int rc = bundle_put(o, path, file.data, file.len);
	buf_free(&file);
	json_t *row = json_object();
	json_object_set_new(row, "id", json_integer(r->id));
	json_object_set_new(row, "file", json_string(path));
	json_object_set_new(row, "created", json_integer(created));
	json_object_set_new(row, "updated", json_integer(r->updated));
	json_object_set_new(row, "trashed", json_boolean(trashed));
	bundle_json_line(list, row);
	json_decref(row);
	if (r->type == POST_TYPE_PAGE)
		o->st->pages++;
	else
		o->st->posts++;
	pool_free(p);
	return rc;
}

int bundle_write_posts(struct bundle_out *o)
{
	struct buf list = {0};
	int rc = bundle_put_rows(o, "tags.jsonl", &store_copy_tags, NULL);
	for (long long after = 0; rc == 0;) {
		struct pool *p = pool_new();
		long long *ids;
		size_t n;
		if (store_bundle_post_ids(o->s, p, after, BATCH, &ids, &n) != 0)
			rc = bundle_out_fail(o, "database: %s", store_errmsg(o->s));
		for (size_t i = 0; rc == 0 && i < n; i++) {
			struct pool *rp = pool_new();
			struct post_row r;
			if (store_post_by_id(o->s, rp, ids[i], &r) != 0)
				rc = bundle_out_fail(o, "database: %s", store_errmsg(o->s));
			else
				rc = write_post(o, &r, &list);
			pool_free(rp);
		}
		after = n ? ids[n - 1] : after;
		pool_free(p);
		if (n < BATCH)
			break;
	}
	if (rc == 0)
		rc = bundle_put(o, "posts.jsonl", buf_str(&list), list.len);
	buf_free(&list);
	if (rc == 0)
		rc = bundle_put_rows(o, "old-slugs.jsonl", &store_copy_old_slugs, NULL);
	if (rc == 0)
		rc = bundle_put_rows(o, "old-paths.jsonl", &store_copy_old_paths, NULL);
	return rc;
}

/* A tag's key is its case-folded name, as the site makes it. */
static int check_tag(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	if (v[1].len == 0 || strpbrk(v[1].s, " #"))
		return bundle_fail(in, "tags.jsonl", line, "\"name\" is no tag");
	struct buf key = {0};
	casefold(&key, v[1].s, v[1].len);
	v[2].s = pool_strndup(p, buf_str(&key), key.len);
	v[2].len = key.len;
	buf_free(&key);
	return 0;
}

/* One line of posts.jsonl: its file parsed, published again under its id, its times back. */
static int read_post(struct bundle_in *in, json_t *o, unsigned line)
{
	static const char list[] = "posts.jsonl";
	long long id, created, updated;
	const char *path;
	json_t *trashed = json_object_get(o, "trashed");
	if (!json_is_object(o) || json_object_size(o) != 5 || !json_is_boolean(trashed))
		return bundle_fail(
		    in, list, line,
		    "not an object of \"id\", \"file\", \"created\", \"updated\" and "
		    "\"trashed\"");
	if (bundle_json_int(in, list, line, o, "id", 1, 999999999999999999ll, &id) != 0 ||
	    bundle_json_str(in, list, line, o, "file", 255, 0, &path) != 0 ||
	    bundle_json_int(in, list, line, o, "created", -62167219200ll, 253402300799ll,
			    &created) != 0 ||
	    bundle_json_int(in, list, line, o, "updated", -62167219200ll, 253402300799ll,
			    &updated) != 0)
		return -1;
	struct buf text = {0};
	if (bundle_slurp(in, path, POSTFILE_MAX_BYTES, &text) != 0)
		return -1;
	struct postfile pf;
	struct pf_error pe;
	if (postfile_parse(text.data ? text.data : "", text.len, &pf, &pe) != 0) {
		buf_free(&text);
		return bundle_fail(in, path, pe.line, "%s", pe.msg);
	}
	buf_free(&text);
	size_t n = strlen(pf.slug);
	int rc = 0;
	if (strncmp(path, "posts/", 6) != 0 || strlen(path) != 6 + n + 3 ||
	    strncmp(path + 6, pf.slug, n) != 0 || strcmp(path + 6 + n, ".md") != 0)
		rc =
		    bundle_fail(in, list, line, "\"file\" is not posts/SLUG.md of its post's slug");
	if (rc == 0 && in->s) {
		struct publish_args args = {.new_id = id};
		struct publish_result res;
		char err[512];
		if (publish_post(in->s, &pf, &args, &res, err, sizeof(err)) != 0)
			rc = bundle_fail(in, path, 0, "%s", err);
		else if (res.id != id || !res.created)
			rc =
			    bundle_fail(in, list, line, "the post %lld is in the bundle twice", id);
		free(res.url);
		if (rc == 0 && json_is_true(trashed) && store_post_trash(in->s, id) != 0)
			rc = bundle_fail(in, NULL, 0, "database: %s", store_errmsg(in->s));
		if (rc == 0 && store_bundle_post_times(in->s, id, created, updated) != 0)
			rc = bundle_fail(in, NULL, 0, "database: %s", store_errmsg(in->s));
	}
	if (pf.type == POST_TYPE_PAGE)
		in->st->pages++;
	else
		in->st->posts++;
	postfile_free(&pf);
	return rc;
}

int bundle_read_posts(struct bundle_in *in)
{
	static const char list[] = "posts.jsonl";
	if (bundle_get_rows(in, "tags.jsonl", &store_copy_tags, NULL, check_tag) != 0)
		return -1;
	struct bundle_src src;
	if (bundle_open(in, list, &src) != 0)
		return -1;
	struct buf line = {0};
	int rc;
	while ((rc = bundle_next_line(in, &src, &line)) == 1) {
		json_error_t je;
		json_t *o =
		    json_loadb(line.data ? line.data : "", line.len, JSON_REJECT_DUPLICATES, &je);
		rc = o ? read_post(in, o, src.line)
		       : bundle_fail(in, list, src.line, "not JSON: %s", je.text);
		json_decref(o);
		if (rc != 0)
			break;
	}
	buf_free(&line);
	bundle_close(&src);
	if (rc < 0)
		return -1;
	if (bundle_get_rows(in, "old-slugs.jsonl", &store_copy_old_slugs, NULL, NULL) != 0 ||
	    bundle_get_rows(in, "old-paths.jsonl", &store_copy_old_paths, NULL, NULL) != 0)
		return -1;
	return 0;
}

/* ---- revisions: every saved post file, and the writers' autosaves ---- */

static int count_revision(struct bundle_out *o, const struct store_val *v, json_t *row)
{
	(void)v;
	(void)row;
	o->st->revisions++;
	return 0;
}

int bundle_write_revisions(struct bundle_out *o)
{
	return bundle_put_rows(o, "revisions.jsonl", &store_copy_revisions, count_revision);
}

static int check_revision(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)v;
	(void)p;
	(void)line;
	in->st->revisions++;
	return 0;
}

int bundle_read_revisions(struct bundle_in *in)
{
	return bundle_get_rows(in, "revisions.jsonl", &store_copy_revisions, NULL, check_revision);
}
