/* bundle_rows: a table's rows read back from JSON Lines, each value checked against its
 * column before it is written; and the checked getters the sections use for their own JSON. */
#include "port/bundle_int.h"
#include "store/store.h"
#include "store/store_bundle.h"
#include "util/pool.h"

#include <string.h>

/* One line of text: no control characters. Text of many lines: anything but NUL. */
static int text_ok(const char *s, size_t n, int lines)
{
	if (lines)
		return 1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

int bundle_json_str(struct bundle_in *in, const char *path, unsigned line, json_t *o,
		    const char *key, size_t max, int lines, const char **s)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v))
		return bundle_fail(in, path, line, "\"%s\" is missing or not a string", key);
	size_t n = json_string_length(v);
	if (n > max)
		return bundle_fail(in, path, line, "\"%s\" is longer than %zu bytes", key, max);
	*s = json_string_value(v);
	if (!text_ok(*s, n, lines))
		return bundle_fail(in, path, line, "\"%s\" holds a control character", key);
	return 0;
}

int bundle_json_int(struct bundle_in *in, const char *path, unsigned line, json_t *o,
		    const char *key, long long min, long long max, long long *v)
{
	json_t *x = json_object_get(o, key);
	if (!json_is_integer(x))
		return bundle_fail(in, path, line, "\"%s\" is missing or not a whole number", key);
	*v = json_integer_value(x);
	if (*v < min || *v > max)
		return bundle_fail(in, path, line, "\"%s\" is %lld, outside %lld to %lld", key, *v,
				   min, max);
	return 0;
}

/* The values of one row's object, each checked. 0, or -1 after bundle_fail. */
static int row_values(struct bundle_in *in, const char *path, unsigned line,
		      const struct store_copy *t, json_t *o, struct store_val *v)
{
	size_t carried = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		const struct store_col *c = &t->cols[i];
		memset(&v[i], 0, sizeof(v[i]));
		if (c->derived)
			continue;
		carried++;
		json_t *x = json_object_get(o, c->name);
		if (!x)
			return bundle_fail(in, path, line, "the row lacks \"%s\"", c->name);
		if (json_is_null(x)) {
			if (!c->null_ok)
				return bundle_fail(in, path, line, "\"%s\" may not be null",
						   c->name);
			v[i].null = 1;
			continue;
		}
		if (c->kind == SC_INT) {
			if (bundle_json_int(in, path, line, o, c->name, c->min, c->max, &v[i].i) !=
			    0)
				return -1;
			continue;
		}
		if (bundle_json_str(in, path, line, o, c->name, (size_t)c->max, c->lines,
				    &v[i].s) != 0)
			return -1;
		v[i].len = json_string_length(x);
	}
	if (json_object_size(o) != carried) {
		const char *key;
		json_t *x;
		json_object_foreach(o, key, x)
		{
			int known = 0;
			for (size_t i = 0; i < t->ncols && !known; i++)
				known = !t->cols[i].derived && strcmp(t->cols[i].name, key) == 0;
			if (!known)
				return bundle_fail(in, path, line, "unknown key \"%.64s\"", key);
		}
	}
	return 0;
}

int bundle_get_rows(struct bundle_in *in, const char *path, const struct store_copy *t,
		    int (*pre)(struct bundle_in *in, json_t *row, unsigned line),
		    int (*check)(struct bundle_in *in, struct store_val *v, struct pool *p,
				 unsigned line))
{
	struct bundle_src src;
	if (bundle_open(in, path, &src) != 0)
		return -1;
	struct buf line = {0};
	int rc;
	while ((rc = bundle_next_line(in, &src, &line)) == 1) {
		json_error_t je;
		json_t *o =
		    json_loadb(line.data ? line.data : "", line.len, JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(o)) {
			rc = bundle_fail(in, path, src.line, "not a JSON object%s%s", o ? "" : ": ",
					 o ? "" : je.text);
			json_decref(o);
			break;
		}
		struct store_val v[STORE_COPY_MAX_COLS];
		struct pool *p = pool_new();
		rc = pre ? pre(in, o, src.line) : 0;
		if (rc == 0)
			rc = row_values(in, path, src.line, t, o, v);
		if (rc == 0 && check)
			rc = check(in, v, p, src.line);
		if (rc == 0 && in->s) {
			int n = store_copy_put(in->s, t, v);
			if (n < 0)
				rc = bundle_fail(
				    in, path, src.line,
				    "the row cannot be written (another row has its key): "
				    "%s",
				    store_errmsg(in->s));
			else if (n == 0)
				rc = bundle_fail(in, path, src.line,
						 "the row names something the bundle does not hold "
						 "(a post, user, comment, issue, branch, "
						 "resolution or version)");
		}
		pool_free(p);
		json_decref(o);
		if (rc != 0)
			break;
	}
	buf_free(&line);
	bundle_close(&src);
	return rc < 0 ? -1 : 0;
}
