/* page_res: what the public pages of resolutions share (page_resolutions.c, page_res_forms.c):
 * finding the resolution a reader may see, and the data trees of its parts. */
#ifndef BS_PAGE_RES_H
#define BS_PAGE_RES_H

#include "req/req.h"
#include "resolution/resolution.h"

#include <stddef.h>

struct val;

/* The actions' context for this request. */
struct res_ctx page_res_ctx(struct req *r);
/* The resolution {slug} names, when this reader may see it: 0; 1 after a 404 (none, a draft,
 * or members-only and the reader is not a member); -1 after a 500. */
int page_res_visible(struct req *r, struct res_row *res, struct page_out *out);
/* "/resolutions/SLUG" followed by rest, in the request's pool. */
const char *page_res_url(struct req *r, const struct res_row *res, const char *rest);

/* The fields every view of a resolution shows (title, state, dates, counts ...). */
struct val *page_res_val(struct req *r, const struct res_row *res);
/* The paragraphs of d with their numbered lines as HTML, the open amendments of a marking
 * the lines they change, and (amend_links) a link to amend each line. */
struct val *page_res_text_val(struct req *r, const struct res_row *res, const struct res_doc *d,
			      const struct res_amendment_row *a, size_t na, int amend_links);
/* One amendment, its author named as they chose. */
struct val *page_res_amendment_val(struct req *r, struct res_ctx *c, const struct res_row *res,
				   const struct res_amendment_row *x);
/* Every branch and its decision with the records it corrected; NULL on a database error. */
struct val *page_res_decisions_val(struct req *r, struct res_ctx *c, long long id);

#endif
