/* table: every address the server answers, what it takes, who may call it, and how its answer
 * may be kept. One row a route, matched in order; see route.h for the columns. */
#include "admin/admin.h"
#include "fed/fed.h"
#include "fed/routes.h"
#include "page/page.h"
#include "req/form.h"
#include "route/route.h"

#define KB 1024u
#define MB (1024u * 1024u)

/* Sign-in and setup forms are a few short fields: no reason to hold more before a session. */
#define PRE_FORM (8 * KB)
/* A post's text and its other fields (an upload row's file is streamed to disk apart). */
#define EDITOR_FORM (FORM_TEXT_MAX + 64 * KB)
#define SMALL_FORM (64 * KB)
/* A report's or a reply's text (REPORT_TEXT_MAX bytes), %-escaped perhaps three times over. */
#define REPORT_FORM (256 * KB)

#define ANY ACCESS_ANYONE, 0
#define WRITERS ACCESS_ROLE, ROLES_WRITERS
#define EDITORS ACCESS_ROLE, ROLES_EDITORS
#define OWNERS ACCESS_ROLE, ROLES_OWNERS
#define STAFF ACCESS_ROLE, ROLES_ANY
#define MEMBERSHIP ACCESS_ROLE, ROLES_MEMBERSHIP
#define MEMBER ACCESS_MEMBER, 0
#define SIGNED ACCESS_SIGNED, 0

/* An inbox takes one activity of at most this: Mastodon's own limit. */
#define ACTIVITY (1 * MB)
#define COMMITTEE ACCESS_COMMITTEE, 0
/* The committee's pages: the admin look, never in an access log. */
#define CPAGE (RF_ADMIN | RF_NOLOG)

/* Columns: methods, pattern, body, limit, access (who), cache, flags, query, handler, arg. */
const struct route_row route_table[] = {
    /* The press's public pages. */
    {RM_READ, "/", BODY_NONE, 0, ANY, CACHE_PAGE, RF_COMMENT_COUNTS, RQ_CURSOR | RQ_OLD_ID,
     page_home, 0},
    /* A listing's older and newer pages (?before= and ?after= on the rows above and below
     * answer too). */
    {RM_READ, "/older/{before}", BODY_NONE, 0, ANY, CACHE_PAGE, RF_COMMENT_COUNTS, 0, page_home, 0},
    {RM_READ, "/newer/{after}", BODY_NONE, 0, ANY, CACHE_PAGE, RF_COMMENT_COUNTS, 0, page_home, 0},
    /* A writer signed in comments as themself: these pages know who is signed in. */
    {RM_READ, "/posts/{slug}", BODY_NONE, 0, ANY, CACHE_PAGE,
     RF_SHOWS_COMMENTS | RF_SESSION | RF_NEGOTIATES, RQ_MINE, page_post, 0},
    {RM_POST, "/posts/{slug}/comments", BODY_FORM, SMALL_FORM, ANY, CACHE_NONE, RF_SESSION, 0,
     page_comment_new, 0},
    {RM_READ, "/posts/{slug}/comments.{fext}", BODY_NONE, 0, ANY, CACHE_PAGE, RF_SHOWS_COMMENTS, 0,
     page_feed, FEED_POST},
    {RM_READ, "/posts/{slug}/reply/{cid}", BODY_NONE, 0, ANY, CACHE_NONE, RF_COSTLY | RF_SESSION, 0,
     page_comment_reply, 0},
    {RM_READ, "/posts/{slug}/comment/{cid}/edit", BODY_NONE, 0, ANY, CACHE_NONE, RF_COSTLY, 0,
     page_comment_edit, 0},
    {RM_POST, "/posts/{slug}/comment/{cid}/edit", BODY_FORM, SMALL_FORM, ANY, CACHE_NONE, 0, 0,
     page_comment_edit_submit, 0},
    {RM_READ, "/tag/{tag}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, RQ_CURSOR, page_tag, 0},
    {RM_READ, "/tag/{tag}/{feed}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_feed, FEED_TAG},
    {RM_READ, "/tag/{tag}/older/{before}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_tag, 0},
    {RM_READ, "/tag/{tag}/newer/{after}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_tag, 0},
    {RM_READ, "/@{handle}", BODY_NONE, 0, ANY, CACHE_PAGE, RF_NEGOTIATES, RQ_CURSOR, page_author,
     0},
    {RM_READ, "/@{handle}/{feed}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_feed, FEED_AUTHOR},
    {RM_READ, "/@{handle}/older/{before}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_author, 0},
    {RM_READ, "/@{handle}/newer/{after}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_author, 0},
    {RM_READ, "/archive", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_archive, 0},
    {RM_READ, "/archive/{yyyy}/{mm}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, RQ_CURSOR, page_month, 0},
    {RM_READ, "/archive/{yyyy}/{mm}/older/{before}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0,
     page_month, 0},
    {RM_READ, "/archive/{yyyy}/{mm}/newer/{after}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_month,
     0},
    {RM_READ, "/search", BODY_NONE, 0, ANY, CACHE_PAGE, 0, RQ_SEARCH, page_search, 0},
    {RM_READ, "/moderation", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_moderation, 0},
    /* Model resolutions; a draft, and one for members to anyone else, is a 404 here. */
    {RM_READ, "/resolutions", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_resolutions, 0},
    {RM_READ, "/resolutions/feed.{fext}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_res_feed, 0},
    {RM_READ, "/resolutions/{slug}.txt", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_res_text, 0},
    {RM_READ, "/resolutions/{slug}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_resolution, 0},
    {RM_READ, "/resolutions/{slug}/versions/{rev}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0,
     page_resolution, 1},
    {RM_READ, "/resolutions/{slug}/diff/{rev}/{to}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0,
     page_res_diff, 0},
    {RM_READ, "/sitemap.xml", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_sitemap, 0},
    {RM_READ, "/robots.txt", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_robots, 0},
    {RM_READ, "/style.css", BODY_NONE, 0, ANY, CACHE_PAGE, 0, RQ_VERSION, page_style, 0},
    {RM_READ, "/favicon.png", BODY_NONE, 0, ANY, CACHE_PAGE, 0, RQ_VERSION, page_favicon, 0},
    {RM_READ, "/favicon.ico", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_favicon, 1},
    {RM_READ, "/copy.js", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_copy_script, 0},
    {RM_READ, "/media/{media}", BODY_NONE, 0, ANY, CACHE_FILE, 0, 0, page_media, 0},
    {RM_READ, "/blocks", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_blocks, 0},

    /* The Fediverse: discovery, the press's actors and their collections. */
    {RM_READ, "/.well-known/webfinger", BODY_NONE, 0, ANY, CACHE_NONE, 0, RQ_RESOURCE,
     fed_webfinger, 0},
    {RM_READ, "/.well-known/nodeinfo", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_nodeinfo_links, 0},
    {RM_READ, "/nodeinfo/2.1", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_nodeinfo, 0},
    {RM_READ, "/actor", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_actor_doc, FED_ACTOR_INSTANCE},
    {RM_READ, "/actor/outbox", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_outbox, FED_ACTOR_INSTANCE},
    {RM_READ, "/press", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_actor_doc, FED_ACTOR_PRESS},
    {RM_READ, "/press/avatar.png", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_actor_avatar,
     FED_ACTOR_PRESS},
    {RM_READ, "/press/outbox", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_outbox, FED_ACTOR_PRESS},
    {RM_READ, "/press/outbox/page", BODY_NONE, 0, ANY, CACHE_PAGE, 0, RQ_CURSOR, fed_outbox_page,
     FED_ACTOR_PRESS},
    {RM_READ, "/press/followers", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_followers,
     FED_ACTOR_PRESS},
    {RM_READ, "/users/{handle}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_actor_doc,
     FED_ACTOR_WRITER},
    {RM_READ, "/users/{handle}/avatar.png", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_actor_avatar,
     FED_ACTOR_WRITER},
    {RM_READ, "/users/{handle}/outbox", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_outbox,
     FED_ACTOR_WRITER},
    {RM_READ, "/users/{handle}/outbox/page", BODY_NONE, 0, ANY, CACHE_PAGE, 0, RQ_CURSOR,
     fed_outbox_page, FED_ACTOR_WRITER},
    {RM_READ, "/users/{handle}/followers", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, fed_followers,
     FED_ACTOR_WRITER},
    {RM_READ, "/api/v1/instance/domain_blocks", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0,
     fed_domain_blocks, 0},
    /* Inboxes take activities signed by their actors (fed_signed_check, before the handler). */
    {RM_POST, "/inbox", BODY_JSON, ACTIVITY, SIGNED, CACHE_NONE, 0, 0, fed_inbox, 0},
    {RM_POST, "/press/inbox", BODY_JSON, ACTIVITY, SIGNED, CACHE_NONE, 0, 0, fed_inbox, 0},
    {RM_POST, "/users/{handle}/inbox", BODY_JSON, ACTIVITY, SIGNED, CACHE_NONE, 0, 0, fed_inbox, 0},
    /* Remote commenters' avatars, fetched once and served from here. */
    {RM_READ, "/avatars/{media}", BODY_NONE, 0, ANY, CACHE_FILE, 0, 0, fed_avatar_file, 0},
    {RM_READ, "/{feed}", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, page_feed, FEED_HOME},

    /* Subscribers and members. Links from mails answer a GET with a button, so that a mail
     * scanner following them uses nothing up; their tokens never go into the access log. */
    {RM_READ | RM_POST, "/subscribe", BODY_FORM, PRE_FORM, ANY, CACHE_NONE, 0, 0, page_subscribe,
     0},
    {RM_READ | RM_POST, "/members/confirm/{token}", BODY_FORM, PRE_FORM, ANY, CACHE_NONE, RF_NOLOG,
     0, page_member_confirm, 0},
    {RM_READ | RM_POST, "/members/signin", BODY_FORM, PRE_FORM, ANY, CACHE_NONE, 0, 0,
     page_member_signin, 0},
    {RM_READ | RM_POST, "/members/signin/{token}", BODY_FORM, PRE_FORM, ANY, CACHE_NONE, RF_NOLOG,
     0, page_member_signin_link, 0},
    {RM_READ | RM_POST, "/unsubscribe/{id}/{token}", BODY_FORM, PRE_FORM, ANY, CACHE_NONE, RF_NOLOG,
     0, page_unsubscribe, 0},
    {RM_READ | RM_POST, "/members/account", BODY_FORM, PRE_FORM, MEMBER, CACHE_NONE, 0, 0,
     page_member_account, 0},
    {RM_READ, "/members/export", BODY_NONE, 0, MEMBER, CACHE_NONE, 0, 0, page_member_export, 0},
    {RM_POST, "/members/delete", BODY_FORM, PRE_FORM, MEMBER, CACHE_NONE, 0, 0, page_member_delete,
     0},
    {RM_POST, "/members/signout", BODY_FORM, PRE_FORM, MEMBER, CACHE_NONE, 0, 0,
     page_member_signout, 0},
    {RM_READ, "/members/branch", BODY_NONE, 0, MEMBER, CACHE_NONE, 0, 0, page_member_branch, 0},
    {RM_READ, "/members/audit", BODY_NONE, 0, MEMBER, CACHE_NONE, 0, 0, page_member_audit, 0},
    /* The journal: what a reader sees depends on whether a writer is signed in. */
    {RM_READ, "/journal", BODY_NONE, 0, ANY, CACHE_PAGE, RF_SESSION, 0, page_journal_index, 0},
    {RM_READ, "/journal/feed.atom", BODY_NONE, 0, ANY, CACHE_PAGE, RF_SESSION, 0, page_journal_feed,
     0},
    {RM_READ, "/journal/{volume}/{number}.epub", BODY_NONE, 0, ANY, CACHE_PAGE, RF_SESSION, 0,
     page_journal_epub, 0},
    {RM_READ, "/journal/{volume}/{number}", BODY_NONE, 0, ANY, CACHE_PAGE, RF_SESSION, 0,
     page_journal_issue, 0},
    /* What members do with a resolution (the page itself has no form, so it is kept). */
    {RM_READ | RM_POST, "/resolutions/{slug}/amend", BODY_FORM, SMALL_FORM, MEMBER, CACHE_NONE, 0,
     0, page_res_amend, 0},
    {RM_POST, "/resolutions/{slug}/amendments/{id}/withdraw", BODY_FORM, PRE_FORM, MEMBER,
     CACHE_NONE, 0, 0, page_res_withdraw, 0},
    {RM_READ | RM_POST, "/resolutions/{slug}/endorse", BODY_FORM, PRE_FORM, MEMBER, CACHE_NONE, 0,
     0, page_res_endorse, 0},
    {RM_READ | RM_POST, "/resolutions/{slug}/decide", BODY_FORM, SMALL_FORM, MEMBER, CACHE_NONE, 0,
     0, page_res_decide, 0},

    /* Reports to the standing committee: no request to them is ever in an access log. A
     * report's files are kept in memory only, and sealed before anything is written. */
    {RM_READ | RM_POST, "/report", BODY_FILES, REPORT_FORM, ANY, CACHE_NONE, RF_NOLOG, 0,
     page_report, 0},
    {RM_READ | RM_POST, "/report/followup", BODY_FORM, REPORT_FORM, ANY, CACHE_NONE, RF_NOLOG, 0,
     page_report_followup, 0},
    {RM_READ, "/committee/members", BODY_NONE, 0, ANY, CACHE_PAGE, RF_NOLOG, 0,
     page_committee_members, 0},
    {RM_READ, "/committee", BODY_NONE, 0, COMMITTEE, CACHE_NONE, CPAGE, 0, committee_home, 0},
    {RM_POST, "/committee/join", BODY_FORM, PRE_FORM, COMMITTEE, CACHE_NONE, CPAGE, 0,
     committee_join_post, 0},
    {RM_POST, "/committee/unlock", BODY_FORM, PRE_FORM, COMMITTEE, CACHE_NONE, CPAGE, 0,
     committee_unlock_post, 0},
    {RM_POST, "/committee/lock", BODY_FORM, PRE_FORM, COMMITTEE, CACHE_NONE, CPAGE, 0,
     committee_lock, 0},
    {RM_READ | RM_POST, "/committee/account", BODY_FORM, PRE_FORM, COMMITTEE, CACHE_NONE, CPAGE, 0,
     committee_account, 0},
    {RM_READ | RM_POST, "/committee/recover", BODY_FORM, PRE_FORM, COMMITTEE, CACHE_NONE, CPAGE, 0,
     committee_recover_page, 0},
    {RM_READ, "/committee/log", BODY_NONE, 0, COMMITTEE, CACHE_NONE, CPAGE, 0, committee_log, 0},
    {RM_READ, "/committee/reports/{id}", BODY_NONE, 0, COMMITTEE, CACHE_NONE, CPAGE | RF_UNLOCKED,
     0, committee_report, 0},
    {RM_READ, "/committee/reports/{id}/files/{n}", BODY_NONE, 0, COMMITTEE, CACHE_NONE,
     CPAGE | RF_UNLOCKED, 0, committee_report_file, 0},
    {RM_POST, "/committee/reports/{id}/reply", BODY_FORM, REPORT_FORM, COMMITTEE, CACHE_NONE,
     CPAGE | RF_UNLOCKED, 0, committee_report_act, REPORT_ACT_REPLY},
    {RM_POST, "/committee/reports/{id}/state", BODY_FORM, PRE_FORM, COMMITTEE, CACHE_NONE,
     CPAGE | RF_UNLOCKED, 0, committee_report_act, REPORT_ACT_STATE},
    {RM_POST, "/committee/reports/{id}/grant", BODY_FORM, PRE_FORM, COMMITTEE, CACHE_NONE,
     CPAGE | RF_UNLOCKED, 0, committee_report_act, REPORT_ACT_GRANT},
    {RM_POST, "/committee/reports/{id}/revoke", BODY_FORM, PRE_FORM, COMMITTEE, CACHE_NONE,
     CPAGE | RF_UNLOCKED, 0, committee_report_act, REPORT_ACT_REVOKE},

    /* Signing in. */
    {RM_READ | RM_POST, "/admin/login", BODY_FORM, PRE_FORM, ACCESS_PRE, 0, CACHE_NONE, RF_ADMIN, 0,
     admin_login, 0},
    {RM_READ | RM_POST, "/admin/setup", BODY_FORM, PRE_FORM, ACCESS_PRE, 0, CACHE_NONE, RF_ADMIN, 0,
     admin_setup, 0},
    /* The admin pages' scripts, one row each (static/NAME.js). */
    {RM_READ, "/admin/editor.js", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, admin_script, 0},
    {RM_READ, "/admin/media.js", BODY_NONE, 0, ANY, CACHE_PAGE, 0, 0, admin_script, 0},
    {RM_POST, "/admin/logout", BODY_FORM, SMALL_FORM, STAFF, CACHE_NONE, RF_ADMIN, 0, admin_logout,
     0},
    {RM_POST, "/admin/logout-all", BODY_FORM, SMALL_FORM, STAFF, CACHE_NONE, RF_ADMIN, 0,
     admin_logout, 1},
    {RM_READ | RM_POST, "/admin/account", BODY_UPLOAD, SMALL_FORM, STAFF, CACHE_NONE, RF_ADMIN, 0,
     admin_account, 0},

    /* Writing. */
    {RM_READ, "/admin", BODY_NONE, 0, WRITERS, CACHE_NONE, RF_ADMIN, 0, admin_posts, 0},
    {RM_READ | RM_POST, "/admin/new", BODY_UPLOAD, EDITOR_FORM, WRITERS, CACHE_NONE,
     RF_ADMIN | RF_CSRF_SOFT, 0, admin_editor, 0},
    {RM_READ | RM_POST, "/admin/posts/{id}", BODY_UPLOAD, EDITOR_FORM, WRITERS, CACHE_NONE,
     RF_ADMIN | RF_CSRF_SOFT, 0, admin_editor, 0},
    {RM_POST, "/admin/autosave", BODY_FORM, EDITOR_FORM, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_autosave, 0},
    {RM_POST, "/admin/preview", BODY_FORM, EDITOR_FORM, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_preview_body, 0},
    {RM_POST, "/admin/upload", BODY_UPLOAD, SMALL_FORM, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_upload, 0},
    {RM_READ, "/admin/posts/{id}/revisions", BODY_NONE, 0, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_revisions, 0},
    {RM_READ, "/admin/posts/{id}/revisions/{rev}", BODY_NONE, 0, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_revisions, 0},
    {RM_POST, "/admin/posts/{id}/revisions/{rev}/restore", BODY_FORM, SMALL_FORM, WRITERS,
     CACHE_NONE, RF_ADMIN, 0, admin_revision_restore, 0},
    {RM_POST, "/admin/posts/{id}/trash", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_post_action, POST_ACTION_TRASH},
    {RM_POST, "/admin/posts/{id}/restore", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_post_action, POST_ACTION_RESTORE},
    {RM_POST, "/admin/posts/{id}/delete", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_post_action, POST_ACTION_DELETE},
    {RM_POST, "/admin/posts/{id}/discard-autosave", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE,
     RF_ADMIN, 0, admin_post_action, POST_ACTION_DISCARD},
    {RM_READ, "/admin/trash", BODY_NONE, 0, WRITERS, CACHE_NONE, RF_ADMIN, 0, admin_posts, 1},
    {RM_POST, "/admin/trash/empty", BODY_FORM, SMALL_FORM, EDITORS, CACHE_NONE, RF_ADMIN, 0,
     admin_trash_empty, 0},
    {RM_READ | RM_POST, "/admin/media", BODY_UPLOAD, SMALL_FORM, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_media, 0},
    {RM_READ | RM_POST, "/admin/media/{hash}/delete", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE,
     RF_ADMIN, 0, admin_media_delete, 0},

    /* The journal. */
    {RM_READ, "/admin/journal", BODY_NONE, 0, EDITORS, CACHE_NONE, RF_ADMIN, 0, admin_journal, 0},
    {RM_READ | RM_POST, "/admin/journal/new", BODY_FORM, EDITOR_FORM, EDITORS, CACHE_NONE,
     RF_ADMIN | RF_CSRF_SOFT, 0, admin_issue, 0},
    {RM_READ | RM_POST, "/admin/journal/{id}", BODY_FORM, EDITOR_FORM, EDITORS, CACHE_NONE,
     RF_ADMIN | RF_CSRF_SOFT, 0, admin_issue, 0},
    {RM_POST, "/admin/journal/{id}/publish", BODY_FORM, SMALL_FORM, EDITORS, CACHE_NONE, RF_ADMIN,
     0, admin_issue_publish, 0},
    {RM_READ, "/admin/journal/{id}/book.epub", BODY_NONE, 0, EDITORS, CACHE_NONE, RF_ADMIN, 0,
     admin_issue_book, 0},
    {RM_READ, "/admin/resolutions", BODY_NONE, 0, WRITERS, CACHE_NONE, RF_ADMIN, 0,
     admin_resolutions, 0},
    {RM_READ | RM_POST, "/admin/resolutions/new", BODY_FORM, EDITOR_FORM, WRITERS, CACHE_NONE,
     RF_ADMIN | RF_CSRF_SOFT, 0, admin_resolution_edit, 0},
    {RM_READ | RM_POST, "/admin/resolutions/{id}", BODY_FORM, EDITOR_FORM, WRITERS, CACHE_NONE,
     RF_ADMIN | RF_CSRF_SOFT, 0, admin_resolution_edit, 0},
    {RM_POST, "/admin/resolutions/{id}/circulate", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE,
     RF_ADMIN, 0, admin_resolution_action, RES_ACTION_CIRCULATE},
    {RM_POST, "/admin/resolutions/{id}/merge", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE, RF_ADMIN,
     0, admin_resolution_action, RES_ACTION_MERGE},
    {RM_POST, "/admin/resolutions/{id}/close", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE, RF_ADMIN,
     0, admin_resolution_action, RES_ACTION_CLOSE},
    {RM_POST, "/admin/resolutions/{id}/withdraw", BODY_FORM, SMALL_FORM, WRITERS, CACHE_NONE,
     RF_ADMIN, 0, admin_resolution_action, RES_ACTION_WITHDRAW},

    /* Running the press. */
    {RM_READ | RM_POST, "/admin/comments", BODY_FORM, SMALL_FORM, EDITORS, CACHE_NONE, RF_ADMIN, 0,
     admin_comments, 0},
    {RM_READ | RM_POST, "/admin/settings", BODY_UPLOAD, SMALL_FORM, OWNERS, CACHE_NONE, RF_ADMIN, 0,
     admin_settings, 0},
    {RM_READ | RM_POST, "/admin/users", BODY_FORM, SMALL_FORM, OWNERS, CACHE_NONE, RF_ADMIN, 0,
     admin_users, 0},
    /* The owner names the standing committee (in public); reading reports is not theirs. */
    {RM_READ | RM_POST, "/admin/committee", BODY_FORM, SMALL_FORM, OWNERS, CACHE_NONE, CPAGE, 0,
     admin_committee, 0},

    /* The member list: owners and membership officers only. */
    {RM_READ | RM_POST, "/admin/members", BODY_FORM, SMALL_FORM, MEMBERSHIP, CACHE_NONE, RF_ADMIN,
     0, admin_members, 0},
    {RM_READ | RM_POST, "/admin/branches", BODY_FORM, SMALL_FORM, MEMBERSHIP, CACHE_NONE, RF_ADMIN,
     0, admin_branches, 0},
    {RM_READ, "/admin/outbox", BODY_NONE, 0, MEMBERSHIP, CACHE_NONE, RF_ADMIN, 0, admin_outbox, 0},
    {RM_READ, "/admin/outbox/{id}", BODY_NONE, 0, MEMBERSHIP, CACHE_NONE, RF_ADMIN, 0,
     admin_outbox_file, 0},
    {RM_READ, "/admin/audit", BODY_NONE, 0, MEMBERSHIP, CACHE_NONE, RF_ADMIN, 0, admin_audit, 0},

    /* Pages, at /SLUG, after every literal row: the site's own names win (slug_reserved). */
    {RM_READ, "/{slug}", BODY_NONE, 0, ANY, CACHE_PAGE, RF_SHOWS_COMMENTS | RF_SESSION, RQ_MINE,
     page_page, 0},
    /* Whatever no row answers: an old address that redirects, or nothing. */
    {RM_READ, "/{path}", BODY_NONE, 0, ANY, CACHE_NONE, RF_COSTLY | RF_FALLBACK, 0, page_old, 0},
};

const size_t route_table_len = sizeof(route_table) / sizeof(route_table[0]);
