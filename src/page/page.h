/* page: the public pages, each built from the store into a data tree and rendered by the theme;
 * every handler takes the request and fills its answer (see req.h and route/table.c). */
#ifndef BS_PAGE_H
#define BS_PAGE_H

#include "req/req.h"
#include "store/store.h"
#include "util/buf.h"

struct pool;
struct val;

/* The heading of an error page for an HTTP status ("Page not found"); "Error" if unknown. */
const char *page_status_title(int status);
/* Renders the theme's error page for status (400, 404, 405, 413, 414, 500) with a message. */
void page_error(struct req *r, int status, const char *message, struct page_out *out);

/* Shared by the page files: the context every template gets (site, title, stylesheet). */
struct val *page_base(struct req *r, const char *title);
/* prefix followed by name %-escaped as one path segment ("/posts/" and a slug), in p. */
const char *page_url(struct pool *p, const char *prefix, const char *name);
/* A time as templates use it: {iso, human}. */
struct val *page_date_val(struct pool *p, long long t);
/* A post as listings and the post page show it. */
struct val *page_post_val(struct req *r, const struct post_row *p);
/* Adds "posts" and the newer/older links (base is the listing's path, cursors are added). */
void page_list_val(struct req *r, struct val *ctx, const struct post_list *list, const char *base);
int page_render(struct req *r, const char *tmpl, struct val *ctx, struct page_out *out);

int page_home(struct req *r, struct page_out *out);
int page_post(struct req *r, struct page_out *out);
int page_tag(struct req *r, struct page_out *out);
int page_author(struct req *r, struct page_out *out);
int page_archive(struct req *r, struct page_out *out);
int page_month(struct req *r, struct page_out *out);
int page_robots(struct req *r, struct page_out *out);
int page_style(struct req *r, struct page_out *out);
int page_feed(struct req *r, struct page_out *out);
int page_search(struct req *r, struct page_out *out);
int page_sitemap(struct req *r, struct page_out *out);
int page_moderation(struct req *r, struct page_out *out);
int page_comment_reply(struct req *r, struct page_out *out);
int page_comment_edit(struct req *r, struct page_out *out);
/* A posted comment, or a writer's edit of theirs: a 303 on success, else the form again. */
int page_comment_new(struct req *r, struct page_out *out);
int page_comment_edit_submit(struct req *r, struct page_out *out);
/* Subscribing and members (page_members.c). */
int page_subscribe(struct req *r, struct page_out *out);
int page_member_confirm(struct req *r, struct page_out *out); /* {token} */
int page_member_signin(struct req *r, struct page_out *out);
int page_member_signin_link(struct req *r, struct page_out *out); /* {token} */
int page_unsubscribe(struct req *r, struct page_out *out);	  /* {id}/{token} */
int page_member_account(struct req *r, struct page_out *out);
int page_member_export(struct req *r, struct page_out *out);
int page_member_delete(struct req *r, struct page_out *out);
int page_member_signout(struct req *r, struct page_out *out);
int page_member_branch(struct req *r, struct page_out *out);
int page_member_audit(struct req *r, struct page_out *out);
/* Reports to the standing committee (page_report.c): the form and the receipt, coming back
 * with the receipt, and the public list of the committee's members. */
int page_report(struct req *r, struct page_out *out);
int page_report_followup(struct req *r, struct page_out *out);
int page_committee_members(struct req *r, struct page_out *out);
/* /media/HASH.EXT: an uploaded file, sent from its file. */
int page_media(struct req *r, struct page_out *out);
/* Adds a post's comment thread, count and form to its data tree (page_post). */
int page_comments_val(struct req *r, const struct post_row *post, struct val *v);

#endif
