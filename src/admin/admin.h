/* admin: the pages where writers sign in, write, revise, upload and run their press. */
#ifndef BS_ADMIN_H
#define BS_ADMIN_H

#include "auth/auth.h"
#include "req/req.h"
#include "store/store.h"
#include "store/store_users.h"
#include "store/store_sessions.h"
#include "store/store_revisions.h"
#include "store/store_media.h"

struct pool;
struct val;

/* The one-time setup link's token when the site has no owner who can sign in: a new token
 * (kept hashed for 24 hours, older ones dropped) in out; 1 when an owner exists, -1 on error. */
int admin_setup_token(struct store *s, char out[AUTH_TOKEN_LEN + 1]);

/* --- shared by the admin_*.c files (admin_common.c) --- */

/* The context of every admin page: site, me, csrf, title. */
struct val *admin_base(struct req *r, const char *title);
int admin_render(struct req *r, const char *tmpl, struct val *ctx, struct page_out *out);
/* An admin error page with a status and a sentence. Returns 0. */
int admin_fail(struct req *r, struct page_out *out, int status, const char *msg);
/* A 303 to location. Returns 0. */
int admin_redirect(struct page_out *out, const char *location);
/* Whether the signed-in user may change this post (owners and editors all, authors their own). */
int admin_may_edit(const struct req *r, const struct post_row *post);
/* Commits (bumping the content generation, so every server drops its cached pages). */
int admin_commit(struct req *r);

/* A notice for ?done=CODE after a 303: one of a fixed set of sentences, never text from the
 * address. NULL for an unknown code. */
const char *admin_notice(const char *code);

/* The handlers of the route table's admin rows (route/table.c); each takes the request and
 * fills its answer. Values come from the row's pattern (r->route) and arg (r->row->arg). */
int admin_login(struct req *r, struct page_out *out);
int admin_logout(struct req *r, struct page_out *out); /* arg 1: every session */
int admin_setup(struct req *r, struct page_out *out);
int admin_account(struct req *r, struct page_out *out);
int admin_script(struct req *r, struct page_out *out); /* the editor's script */
int admin_posts(struct req *r, struct page_out *out);  /* arg 1: the trash */
/* /admin/new, or /admin/posts/{id}. */
int admin_editor(struct req *r, struct page_out *out);
int admin_autosave(struct req *r, struct page_out *out);
enum post_action {
	POST_ACTION_TRASH,
	POST_ACTION_RESTORE,
	POST_ACTION_DELETE,
	POST_ACTION_DISCARD
};
int admin_post_action(struct req *r, struct page_out *out); /* arg: enum post_action */
int admin_trash_empty(struct req *r, struct page_out *out);
/* A post's revisions, or one of them ({rev}) compared with the current text. */
int admin_revisions(struct req *r, struct page_out *out);
int admin_revision_restore(struct req *r, struct page_out *out);
int admin_settings(struct req *r, struct page_out *out);
int admin_users(struct req *r, struct page_out *out);
int admin_comments(struct req *r, struct page_out *out);
/* The journal (admin_journal.c): the issues; /admin/journal/new or /admin/journal/{id} to
 * compose, save and preview one; publishing it; its book as it would be now. */
int admin_journal(struct req *r, struct page_out *out);
int admin_issue(struct req *r, struct page_out *out);
int admin_issue_publish(struct req *r, struct page_out *out);
int admin_issue_book(struct req *r, struct page_out *out);
int admin_media(struct req *r, struct page_out *out);
int admin_media_delete(struct req *r, struct page_out *out); /* {hash} */
/* The member list, branches, outbox and audit log (admin_members.c). */
int admin_members(struct req *r, struct page_out *out);
int admin_branches(struct req *r, struct page_out *out);
int admin_outbox(struct req *r, struct page_out *out);
int admin_outbox_file(struct req *r, struct page_out *out); /* {id} */
int admin_audit(struct req *r, struct page_out *out);
/* Model resolutions (admin_resolutions.c): the list; a new draft or one ({id}) in its form, or
 * a circulating one with its amendments to merge; and the actions on {id} (arg). */
int admin_resolutions(struct req *r, struct page_out *out);
int admin_resolution_edit(struct req *r, struct page_out *out);
enum res_action { RES_ACTION_CIRCULATE, RES_ACTION_MERGE, RES_ACTION_CLOSE, RES_ACTION_WITHDRAW };
int admin_resolution_action(struct req *r, struct page_out *out);
/* The standing committee (admin_committee.c: keys and the owner's page; committee_reports.c:
 * the reports). A member who has not joined gets the page to choose a passphrase; one whose
 * key is locked, the page to unlock it. */
int committee_home(struct req *r, struct page_out *out);
int committee_join_post(struct req *r, struct page_out *out);
int committee_unlock_post(struct req *r, struct page_out *out);
int committee_lock(struct req *r, struct page_out *out);
int committee_account(struct req *r, struct page_out *out);
int committee_recover_page(struct req *r, struct page_out *out);
int committee_report(struct req *r, struct page_out *out);	/* {id} */
int committee_report_file(struct req *r, struct page_out *out); /* {id}, {n} */
enum report_act { REPORT_ACT_REPLY, REPORT_ACT_STATE, REPORT_ACT_GRANT, REPORT_ACT_REVOKE };
int committee_report_act(struct req *r, struct page_out *out); /* {id}; arg: enum report_act */
int committee_log(struct req *r, struct page_out *out);
/* The owner names and removes members. */
int admin_committee(struct req *r, struct page_out *out);
/* The unlock form, with a status and an error (or NULL). */
int committee_unlock_page(struct req *r, struct page_out *out, int status, const char *error);
/* For the dispatcher, on an RF_UNLOCKED row whose member's key is locked: a GET goes to the
 * unlock form; a POST that carries the passphrase unlocks on the way (1: go on), else gets a
 * form that sends it again with the passphrase, every field kept (0: answered). */
int admin_committee_relock(struct req *r, struct page_out *out);

/* Stores the form's file as a medium: 0 with *md set to its Markdown, or the HTTP status of a
 * refusal with msg set. */
int admin_media_store(struct req *r, const char **md, const char **msg);

/* For the server: the file behind a public /media/NAME path. 0 with an open fd, its size and
 * type; -1 when there is none. */
int admin_media_open(const char *data_dir, const char *name, int *fd, long long *size,
		     const char **type);

#endif
