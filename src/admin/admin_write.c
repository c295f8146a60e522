/* admin_write: what the editor's script asks while a writer types: the live preview of the
 * body, drawn by the renderer that publishes it, and images uploaded into the text. */
#include "admin/admin.h"
#include "admin/editor_form.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "req/form.h"
#include "util/jsonesc.h"
#include "util/pool.h"

#include <string.h>

/* {"key":"value"} (value escaped) with status, for the script. */
static int json_one(struct page_out *out, int status, const char *key, const char *value)
{
	out->status = status;
	out->type = "application/json";
	buf_printf(&out->body, "{\"%s\":\"", key);
	json_esc(&out->body, value, strlen(value));
	buf_puts(&out->body, "\"}");
	return 0;
}

int admin_preview_body(struct req *r, struct page_out *out)
{
	struct editor_fields e;
	admin_posted_fields(r, &e);
	/* Only what changes the body's HTML counts: a title left empty, a bad date or a slug
	 * another post has must not stop the preview of the text. */
	struct editor_fields body = {0};
	body.v[EF_TITLE] = "Preview";
	body.v[EF_TYPE] = e.v[EF_TYPE];
	body.v[EF_FORMAT] = e.v[EF_FORMAT];
	body.v[EF_BODY] = e.v[EF_BODY];
	struct buf src = {0};
	unsigned line[EF__COUNT];
	struct postfile pf;
	struct pf_error pe;
	editor_compose(&body, &src, line);
	int rc = postfile_parse(src.data, src.len, &pf, &pe);
	buf_free(&src);
	if (rc != 0)
		return json_one(out, 400, "error", pool_printf(r->pool, "%s.", pe.msg));
	const char *html, **tags;
	size_t ntags;
	int words = 0;
	rc = publish_render(r->store, r->pool, &pf, &html, &tags, &ntags, &words);
	postfile_free(&pf);
	if (rc != 0)
		return json_one(out, 500, "error", "The text could not be rendered.");
	out->status = 200;
	out->type = "application/json";
	buf_puts(&out->body, "{\"html\":\"");
	json_esc(&out->body, html, strlen(html));
	buf_printf(&out->body, "\",\"words\":%d,\"minutes\":%d}", words,
		   publish_reading_minutes(words));
	return 0;
}

int admin_upload(struct req *r, struct page_out *out)
{
	if (!r->form || !r->form->file_path)
		return json_one(out, 400, "error", "Choose an image to upload.");
	const char *alt = req_field(r, "alt"), *caption = req_field(r, "caption");
	int featured = *req_field(r, "as_featured") != '\0';
	if (!featured && !alt[strspn(alt, " \t")])
		return json_one(out, 400, "error",
				"Say what the image shows, for readers who cannot see it.");
	if (strlen(alt) > 500 || strlen(caption) > 500)
		return json_one(out, 400, "error",
				"The alt text and the caption have 500 characters at most.");
	const char *url, *msg;
	int st = admin_media_store(r, &url, &msg);
	if (st)
		return json_one(out, st, "error", msg);
	const char *md = admin_image_markdown(r->pool, url, alt, caption);
	out->status = 200;
	out->type = "application/json";
	buf_puts(&out->body, "{\"url\":\"");
	json_esc(&out->body, url, strlen(url));
	buf_puts(&out->body, "\",\"markdown\":\"");
	json_esc(&out->body, md, strlen(md));
	buf_puts(&out->body, "\"}");
	return 0;
}
