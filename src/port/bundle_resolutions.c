/* bundle_resolutions: the branches (by name; who is in them is the member list, which stays
 * home) and the model resolutions with their permanent versions, amendments, branch decisions,
 * endorsements and public log. What a member did stays on the record without the member. */
#include "port/bundle_int.h"
#include "post/slug.h"
#include "resolution/res_form.h"
#include "resolution/res_text.h"
#include "store/store_bundle.h"
#include "util/buf.h"
#include "util/pool.h"

#include <string.h>

enum { B_ID, B_NAME };
enum {
	R_ID,
	R_SLUG,
	R_TITLE,
	R_REASON,
	R_VISIBILITY,
	R_DEADLINE,
	R_STATE,
	R_DRAFT,
	R_AUTHOR,
	R_CURRENT,
};
enum { V_RESOLUTION, V_N, V_BODY, V_PARA_IDS };
enum { A_RESOLUTION, A_N, A_VERSION, A_KIND, A_FROM, A_TO };
enum { D_ID, D_RESOLUTION, D_BRANCH, D_VERSION, D_OUTCOME, D_DECIDED_ON };

static int count_resolution(struct bundle_out *o, const struct store_val *v, json_t *row)
{
	(void)v;
	(void)row;
	o->st->resolutions++;
	return 0;
}

int bundle_write_branches(struct bundle_out *o)
{
	return bundle_put_rows(o, "branches.jsonl", &store_copy_branches, NULL);
}

static int check_branch(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	if (v[B_NAME].len == 0)
		return bundle_fail(in, "branches.jsonl", line, "\"name\" is empty");
	return 0;
}

int bundle_read_branches(struct bundle_in *in)
{
	return bundle_get_rows(in, "branches.jsonl", &store_copy_branches, NULL, check_branch);
}

int bundle_write_resolutions(struct bundle_out *o)
{
	if (bundle_put_rows(o, "resolutions/resolutions.jsonl", &store_copy_resolutions,
			    count_resolution) != 0 ||
	    bundle_put_rows(o, "resolutions/versions.jsonl", &store_copy_res_versions, NULL) != 0 ||
	    bundle_put_rows(o, "resolutions/amendments.jsonl", &store_copy_res_amendments, NULL) !=
		0 ||
	    bundle_put_rows(o, "resolutions/decisions.jsonl", &store_copy_res_decisions, NULL) !=
		0 ||
	    bundle_put_rows(o, "resolutions/endorsements.jsonl", &store_copy_res_endorsements,
			    NULL) != 0)
		return -1;
	return bundle_put_rows(o, "resolutions/log.jsonl", &store_copy_res_log, NULL);
}

static int check_resolution(struct bundle_in *in, struct store_val *v, struct pool *p,
			    unsigned line)
{
	static const char f[] = "resolutions/resolutions.jsonl";
	(void)p;
	if (!slug_valid(v[R_SLUG].s))
		return bundle_fail(in, f, line, "\"slug\" is not a slug");
	if (v[R_TITLE].len == 0)
		return bundle_fail(in, f, line, "\"title\" is empty");
	if (v[R_DEADLINE].len && !res_date_ok(v[R_DEADLINE].s))
		return bundle_fail(in, f, line, "\"deadline\" is not a date YYYY-MM-DD");
	/* A draft has no version yet; from circulation on, the current one is its text. */
	if ((v[R_STATE].i == 0) != (v[R_CURRENT].i == 0) && !(v[R_STATE].i == 3))
		return bundle_fail(in, f, line,
				   "\"current\" is %lld for a resolution in state %lld",
				   v[R_CURRENT].i, v[R_STATE].i);
	in->st->resolutions++;
	return 0;
}

/* A version's text is what the editor makes of a text (canonical), and its paragraph ids one a
 * paragraph: otherwise its page could not be shown. */
static int check_version(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	static const char f[] = "resolutions/versions.jsonl";
	struct buf b = {0};
	const char *why = NULL;
	int paras = res_normalize(v[V_BODY].s, v[V_BODY].len, &b, &why);
	int same =
	    paras >= 0 && b.len == v[V_BODY].len && memcmp(buf_str(&b), v[V_BODY].s, b.len) == 0;
	buf_free(&b);
	if (paras < 0)
		return bundle_fail(in, f, line, "\"body\": %s", why);
	if (!same)
		return bundle_fail(in, f, line, "\"body\" is not as a version's text is kept");
	struct res_doc d;
	if (res_doc_make(p, v[V_BODY].s, v[V_PARA_IDS].s, &d) != 0)
		return bundle_fail(in, f, line, "\"para_ids\" does not give one id a paragraph");
	return 0;
}

static int check_amendment(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	if (v[A_KIND].i != RES_INSERT && (v[A_FROM].i < 1 || v[A_FROM].i > v[A_TO].i))
		return bundle_fail(in, "resolutions/amendments.jsonl", line,
				   "lines %lld to %lld are no range", v[A_FROM].i, v[A_TO].i);
	return 0;
}

static int check_decision(struct bundle_in *in, struct store_val *v, struct pool *p, unsigned line)
{
	(void)p;
	if (!res_date_ok(v[D_DECIDED_ON].s))
		return bundle_fail(in, "resolutions/decisions.jsonl", line,
				   "\"decided_on\" is not a date YYYY-MM-DD");
	return 0;
}

int bundle_read_resolutions(struct bundle_in *in)
{
	if (bundle_get_rows(in, "resolutions/resolutions.jsonl", &store_copy_resolutions, NULL,
			    check_resolution) != 0 ||
	    bundle_get_rows(in, "resolutions/versions.jsonl", &store_copy_res_versions, NULL,
			    check_version) != 0 ||
	    bundle_get_rows(in, "resolutions/amendments.jsonl", &store_copy_res_amendments, NULL,
			    check_amendment) != 0 ||
	    bundle_get_rows(in, "resolutions/decisions.jsonl", &store_copy_res_decisions, NULL,
			    check_decision) != 0 ||
	    bundle_get_rows(in, "resolutions/endorsements.jsonl", &store_copy_res_endorsements,
			    NULL, NULL) != 0 ||
	    bundle_get_rows(in, "resolutions/log.jsonl", &store_copy_res_log, NULL, NULL) != 0)
		return -1;
	if (!in->s)
		return 0;
	long long missing = store_bundle_res_unversioned(in->s);
	if (missing != 0)
		return bundle_fail(in, "resolutions/versions.jsonl", 0, "%s",
				   missing < 0 ? "the database failed"
					       : "a resolution's current version is missing");
	if (store_bundle_res_index(in->s) != 0)
		return bundle_fail(in, "resolutions/resolutions.jsonl", 0,
				   "the search index could not be written");
	return 0;
}
