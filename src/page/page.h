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
/* Where a post (/posts/SLUG) or a page (/SLUG) of enum post_type is, in p. */
const char *page_post_path(struct pool *p, int type, const char *slug);
/* The most pages the masthead's navigation lists. */
#define PAGE_NAV_MAX 20
/* A time as templates use it: {iso, human}. */
struct val *page_date_val(struct pool *p, long long t);
/* A post as listings and the post page show it. */
struct val *page_post_val(struct req *r, const struct post_row *p);
/* Sets post's "series" (name, part, index, count, parts, prev, next) for row, a stored post or
 * one being previewed (then placed among the stored parts by its part number). 0 or -1. */
int page_series_val(struct req *r, const struct post_row *row, struct val *post);
/* The members' context of a request (member/member.h), for page_members.c and the admin. */
struct member_ctx page_member_ctx(struct req *r);
/* Adds "posts" and the newer/older links (base is the listing's path, cursors are added);
 * hide_sticky leaves out the sticky posts, which the page shows first (the links still go
 * by the list's own first and last rows). */
void page_list_val(struct req *r, struct val *ctx, const struct post_list *list, const char *base,
		   int hide_sticky);
int page_render(struct req *r, const char *tmpl, struct val *ctx, struct page_out *out);

int page_home(struct req *r, struct page_out *out);
int page_post(struct req *r, struct page_out *out);
/* /SLUG: a page; a post's slug, a renamed page's or an imported address answer with a 301. */
int page_page(struct req *r, struct page_out *out);
/* Any other address: an old one (old_paths) answers with a 301, else 404. */
int page_old(struct req *r, struct page_out *out);
/* The 301 for an old address, when path is one: 1 with out filled, 0 when not, -1 error. */
int page_old_redirect(struct req *r, const char *path, struct page_out *out);
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
/* The servers the press blocks on the Fediverse (page_blocks.c). */
int page_blocks(struct req *r, struct page_out *out);
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
/* Model resolutions (page_resolutions.c): the list, a resolution (arg 1: the version {rev}),
 * its text export, the comparison of versions {rev} and {to}, the feed ({fext}). */
int page_resolutions(struct req *r, struct page_out *out);
int page_resolution(struct req *r, struct page_out *out);
int page_res_text(struct req *r, struct page_out *out);
int page_res_diff(struct req *r, struct page_out *out);
int page_res_feed(struct req *r, struct page_out *out);
/* What signed-in members do with one (page_res_forms.c): amend, withdraw their amendment
 * {id}, endorse, and (secretaries) record their branch's decision. */
int page_res_amend(struct req *r, struct page_out *out);
int page_res_withdraw(struct req *r, struct page_out *out);
int page_res_endorse(struct req *r, struct page_out *out);
int page_res_decide(struct req *r, struct page_out *out);
/* Reports to the standing committee (page_report.c): the form and the receipt, coming back
 * with the receipt, and the public list of the committee's members. */
int page_report(struct req *r, struct page_out *out);
int page_report_followup(struct req *r, struct page_out *out);
int page_committee_members(struct req *r, struct page_out *out);
/* /media/HASH.EXT: an uploaded file, sent from its file. */
int page_media(struct req *r, struct page_out *out);
/* The journal (page_journal.c): /journal, an issue, its book and the feed of issues. */
int page_journal_index(struct req *r, struct page_out *out);
int page_journal_issue(struct req *r, struct page_out *out);
int page_journal_epub(struct req *r, struct page_out *out);
int page_journal_feed(struct req *r, struct page_out *out);
struct issue_row;
struct journal_issue;
/*
 * Whether this reader may see the issue: a published issue for everyone, or a members-only one
 * for a signed-in writer. The one place that decides it (page, book, listing, feed): widen it
 * here when the press has members. The rows that call it carry RF_SESSION.
 */
int journal_visible(const struct req *r, const struct issue_row *row);
/* Renders an issue's page (preview: the admin's preview, marked as such). */
int page_journal_render(struct req *r, const struct journal_issue *is, int preview,
			struct page_out *out);
/* /copy.js: the one script of the public pages (the buttons that copy a handle). */
int page_copy_script(struct req *r, struct page_out *out);
/* /media/HASH.EXT: an uploaded file, sent from its file. */
int page_media(struct req *r, struct page_out *out);
/* Sets "fediverse" on into: the handle to follow (the writer's, or the press's when handle is
 * NULL or names no writer), its followers, and a post's likes and boosts (post_id 0: none). */
int page_fediverse_val(struct req *r, const char *handle, long long post_id, struct val *into);
/* The head's links to a page's ActivityPub object (a path, or NULL) and to its writer on the
 * Fediverse (a handle, or NULL). */
void page_fediverse_head(struct req *r, struct val *ctx, const char *object, const char *writer);
/* Adds a post's comment thread, count and form to its data tree (page_post). */
int page_comments_val(struct req *r, const struct post_row *post, struct val *v);

#endif
