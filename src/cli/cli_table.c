/* cli_table: every command and action of `broadside`, its arguments, options, help and handler. */
#include "cli/cli.h"

#include <stddef.h>

/* The option macros name the field of struct cli_args each value goes to. */
#define A struct cli_args

#define OPT_DATA                                                                                   \
	OPT_STRING_DEF('d', "data", A, data, "DIR", "the press's folder, or a server folder",      \
		       "./data")
#define OPT_PRESS OPT_STRING(0, "press", A, press, "NAME", "the press, when DIR is a server folder")
#define OPT_SERVER OPT_STRING_DEF('d', "data", A, data, "DIR", "the server folder", "./data")
#define OPT_TITLE OPT_STRING(0, "title", A, title, "T", "the site's title")
#define OPT_DEMO OPT_BOOL(0, "demo", A, demo, "add the sample writers and posts")
#define OPT_HANDLE                                                                                 \
	OPT_STRING_REQ(0, "handle", A, handle, "H", "the user's handle, with or without @")
#define OPT_HOSTS OPT_LIST_REQ(0, "host", A, hosts, "HOST", "a host it answers to, no port")

static const struct cli_opt press_opts[] = {OPT_DATA, OPT_PRESS, OPT_END};

static const struct cli_opt init_opts[] = {OPT_DATA, OPT_PRESS, OPT_TITLE, OPT_DEMO, OPT_END};

static const struct cli_opt serve_opts[] = {
    OPT_DATA,
    OPT_STRING_DEF(0, "listen", A, listen, "HOST:PORT", "the address; port 0: any free one",
		   "127.0.0.1:8080"),
    OPT_INTEGER(0, "threads", A, threads, "N", "worker threads, one per core when not given", 1,
		256),
    OPT_STRING(0, "theme", A, theme, "DIR", "templates and style.css replacing the built-in ones"),
    OPT_INTEGER_DEF(0, "cache-mb", A, cache_mb, "N", "MiB for rendered pages; 0: none", 0, 65536,
		    64),
    OPT_INTEGER_DEF(0, "upload-mb", A, upload_mb, "N", "the largest admin upload, MiB", 1, 1024,
		    10),
    OPT_BOOL(0, "trust-proxy", A, trust_proxy,
	     "take a loopback client's address from X-Forwarded-For"),
    OPT_INTEGER_DEF(0, "max-per-address", A, per_address, "N",
		    "connections one client address may hold at once", 1, 100000, 256),
    OPT_INTEGER_DEF(0, "header-seconds", A, header_seconds, "N",
		    "time for a request's headers to arrive", 1, 300, 10),
    OPT_INTEGER_DEF(0, "work-ms", A, work_ms, "N",
		    "ms of uncached pages a second one client address may ask for; 0: no limit", 0,
		    1000000, 250),
    OPT_STRING(0, "access-log", A, access_log, "FILE",
	       "log each request to FILE, in the combined format"),
    OPT_BOOL(0, "access-log-full-ip", A, access_log_full_ip,
	     "log whole client addresses, not their /24 (IPv6: /48)"),
    OPT_BOOL(0, "federation-allow-private", A, federation_allow_private,
	     "for tests on one machine only: let federation reach loopback and private addresses"),
    OPT_END,
};

static const struct cli_opt search_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_INTEGER_DEF('n', "limit", A, limit, "N", "the most matches to print", 1, 1000, 20),
    OPT_END,
};

static const struct cli_opt gen_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_INTEGER_DEF('p', "posts", A, posts, "N", "posts to make", 1, 10000000, 1000),
    OPT_INTEGER_DEF('c', "comments", A, comments, "M", "comments to spread over them", 0, 100000000,
		    0),
    OPT_INTEGER_DEF(0, "subscribers", A, subscribers, "S", "confirmed subscribers to add", 0,
		    10000000, 0),
    OPT_INTEGER_DEF(0, "amendments", A, resolution_amendments, "A",
		    "amendments to one generated resolution", 0, 5000, 0),
    OPT_INTEGER_DEF(0, "branches", A, resolution_branches, "B",
		    "branches deciding on it (3 members each)", 0, 1000, 0),
    OPT_INTEGER_DEF(0, "followers", A, followers, "F",
		    "followers of writer1 on the Fediverse to add", 0, 10000000, 0),
    OPT_INTEGER(0, "follower-inboxes", A, follower_inboxes, "I",
		"shared inboxes they are spread over (default: one each)", 1, 10000000),
    OPT_STRING(0, "follower-base", A, follower_base, "URL",
	       "where their server is (default https://followers.example)"),
    OPT_END,
};

static const struct cli_opt user_add_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_HANDLE,
    OPT_STRING_REQ(0, "name", A, name, "N", "the name shown on the site"),
    OPT_STRING(0, "bio", A, bio, "B", "a few lines about the writer"),
    OPT_STRING_DEF(0, "role", A, role, "ROLE", "owner, editor, author, contributor or officer",
		   "author"),
    OPT_BOOL(0, "password-stdin", A, password_stdin, "read a first password from standard input"),
    OPT_END,
};

static const struct cli_opt user_passwd_opts[] = {OPT_DATA, OPT_PRESS, OPT_HANDLE, OPT_END};

static const struct cli_opt user_role_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_HANDLE,
    OPT_STRING_REQ(0, "role", A, role, "ROLE", "owner, editor, author, contributor or officer"),
    OPT_END,
};

static const struct cli_opt user_set_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_HANDLE,
    OPT_STRING(0, "name", A, name, "N", "the name shown on the site"),
    OPT_STRING(0, "bio", A, bio, "B", "a few lines about the writer, in Markdown"),
    OPT_STRING(0, "avatar", A, avatar, "PATH",
	       "an image of the media library (/media/HASH.EXT), or \"\" for none"),
    OPT_END,
};

static const struct cli_opt comment_list_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING_DEF(0, "status", A, status, "S",
		   "held, published, removed, spam, rejected, deleted or all", "held"),
    OPT_INTEGER_DEF(0, "limit", A, limit, "N", "the most comments to print", 1, 100000000, 100),
    OPT_END,
};

static const struct cli_opt comment_reason_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING(0, "reason", A, reason, "R", "why; the public log shows it for a published one"),
    OPT_END,
};

#define OPT_REASON_REQ OPT_STRING_REQ(0, "reason", A, reason, "R", "why: the public log shows it")

static const struct cli_opt comment_remove_opts[] = {OPT_DATA, OPT_PRESS, OPT_REASON_REQ, OPT_END};

static const struct cli_opt comment_edit_opts[] = {
    OPT_DATA,	    OPT_PRESS,
    OPT_REASON_REQ, OPT_STRING_REQ(0, "text", A, text, "T", "the new text, in Markdown"),
    OPT_END,
};

static const struct cli_opt comment_ban_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_REASON_REQ,
    OPT_INTEGER_DEF(0, "days", A, days, "N", "how long comments are refused", 1, 36500, 30),
    OPT_END,
};

static const struct cli_opt import_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING(0, "media-dir", A, media_dir, "DIR",
	       "the site's wp-content/uploads, where attachments are copied from"),
    OPT_END,
};

static const struct cli_opt export_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING_REQ('o', "out", A, out, "FILE.tar.gz", "the bundle to make; it must not exist"),
    OPT_END,
};

static const struct cli_opt mirror_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING_REQ('o', "out", A, out, "DIR", "the folder of the copy (made, or an earlier copy)"),
    OPT_STRING(0, "base-url", A, base_url, "URL",
	       "where the copy is published, for feeds and the sitemap (default: the url setting)"),
    OPT_END,
};

static const struct cli_opt convert_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING_REQ(0, "to", A, to, "FORMAT", "markdown: the one format a post converts to"),
    OPT_END,
};

static const struct cli_opt press_add_opts[] = {OPT_SERVER, OPT_HOSTS, OPT_TITLE, OPT_DEMO,
						OPT_END};
static const struct cli_opt press_list_opts[] = {OPT_SERVER, OPT_END};
static const struct cli_opt press_hosts_opts[] = {OPT_SERVER, OPT_HOSTS, OPT_END};
static const struct cli_opt press_remove_opts[] = {
    OPT_SERVER,
    OPT_BOOL(0, "delete-files", A, delete_files, "also delete DIR/presses/NAME and all it holds"),
    OPT_END,
};

static const struct cli_opt member_add_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING_REQ(0, "email", A, email, "E", "their email address (kept sealed)"),
    OPT_STRING(0, "name", A, name, "N", "their name (kept sealed)"),
    OPT_STRING_DEF(0, "state", A, state, "STATE", "subscriber or member", "member"),
    OPT_END,
};
static const struct cli_opt branch_put_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_INTEGER_REQ(0, "member", A, member, "ID", "the member's number", 1, 1000000000000LL),
    OPT_BOOL(0, "secretary", A, secretary, "as one of the branch's secretaries"),
    OPT_END,
};
static const struct cli_opt backup_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING_REQ('o', "out", A, out, "FILE", "the backup file to make; it must not exist"),
    OPT_BOOL(0, "without-keys", A, without_keys,
	     "leave keys/ out of the file (keep the keys apart then)"),
    OPT_END,
};

#define OPT_MEMBER_REQ                                                                             \
	OPT_INTEGER_REQ(0, "member", A, member, "ID", "the member acting (see 'member list')", 1,  \
			1000000000000LL)
#define OPT_BRANCH OPT_STRING(0, "branch", A, branch, "NAME", "for this branch (a secretary)")
#define OPT_VERSION OPT_STRING(0, "version", A, version, "N", "the version (default: current)")

static const struct cli_opt res_add_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING_REQ(0, "title", A, title, "T", "the resolution's title"),
    OPT_STRING(0, "slug", A, slug, "S", "its address /resolutions/S (default: from the title)"),
    OPT_STRING(0, "reason", A, reason, "R", "why the branches should adopt it (Markdown)"),
    OPT_STRING_DEF(0, "visibility", A, visibility, "V", "public or members", "public"),
    OPT_STRING(0, "deadline", A, deadline, "DATE", "decisions wanted by YYYY-MM-DD"),
    OPT_STRING(0, "handle", A, handle, "H", "the writer it is by"),
    OPT_END,
};
static const struct cli_opt res_show_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_VERSION,
    OPT_STRING(0, "compare", A, compare, "M", "print the changes from version M instead"),
    OPT_END,
};
static const struct cli_opt res_amend_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_MEMBER_REQ,
    OPT_BRANCH,
    OPT_VERSION,
    OPT_STRING(0, "kind", A, kind, "K", "replace, insert or delete"),
    OPT_STRING(0, "lines", A, lines, "A-B", "the lines replaced or deleted (A, or A-B)"),
    OPT_STRING(0, "after", A, after, "N", "insert after line N (0: before the first)"),
    OPT_STRING(0, "text", A, text, "T", "the new text"),
    OPT_STRING(0, "reason", A, reason, "R", "why"),
    OPT_INTEGER(0, "withdraw", A, withdraw_n, "A", "withdraw amendment A (by its author)", 1,
		1000000),
    OPT_END,
};
static const struct cli_opt res_merge_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING(0, "note", A, note, "T", "a note on the new version"),
    OPT_END,
};
static const struct cli_opt res_decide_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_MEMBER_REQ,
    OPT_STRING_REQ(0, "branch", A, branch, "NAME", "the branch (the member is its secretary)"),
    OPT_VERSION,
    OPT_STRING_REQ(0, "outcome", A, outcome, "O",
		   "adopted, adopted-with-amendments, rejected, deferred"),
    OPT_STRING_REQ(0, "date", A, date, "DATE", "the meeting's date, YYYY-MM-DD"),
    OPT_STRING(0, "for", A, votes_for, "N", "votes for"),
    OPT_STRING(0, "against", A, votes_against, "N", "votes against"),
    OPT_STRING(0, "abstain", A, votes_abstain, "N", "abstentions"),
    OPT_STRING(0, "amendments", A, amendments, "LIST", "the amendments adopted: \"2 5 7-9\""),
    OPT_STRING(0, "note", A, note, "T", "a note"),
    OPT_END,
};
static const struct cli_opt res_endorse_opts[] = {
    OPT_DATA, OPT_PRESS, OPT_MEMBER_REQ, OPT_BRANCH, OPT_VERSION, OPT_END,
};
static const struct cli_opt res_close_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING_REQ(0, "reason", A, reason, "R", "why: the public log shows it"),
    OPT_BOOL(0, "withdraw", A, withdraw, "withdraw it instead of closing it"),
    OPT_END,
};

static const struct cli_opt fed_block_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING(0, "reason", A, reason, "R", "why (a blocked server's is public at /blocks)"),
    OPT_END,
};
static const struct cli_opt fed_followers_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_STRING(0, "handle", A, handle, "H", "a writer's followers (the press's when not given)"),
    OPT_END,
};
static const struct cli_opt fed_deliveries_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_INTEGER_DEF('n', "limit", A, limit, "N", "the most deliveries to print", 1, 100000000, 50),
    OPT_END,
};

static const struct cli_opt committee_add_opts[] = {OPT_DATA, OPT_PRESS, OPT_HANDLE, OPT_END};
static const struct cli_opt committee_remove_opts[] = {
    OPT_DATA,
    OPT_PRESS,
    OPT_HANDLE,
    OPT_BOOL(0, "force", A, force, "even when reports only they can read would be lost"),
    OPT_END,
};

/* The rows of one command stay together, in the order the help lists them. */
const struct cli_cmd cli_commands[] = {
    {"init", NULL, NULL, "create a press",
     "Creates an empty press in DIR, or with --press NAME the press DIR/presses/NAME of a "
     "server folder (served once 'broadside press hosts' gives it a host). --demo adds "
     "sample writers and posts. A folder that holds a site is refused.",
     init_opts, cli_init},
    {"serve", NULL, NULL, "serve a press, or every press of a server folder, over HTTP",
     "Serves the press in DIR (created empty when missing), or every press a server "
     "folder's host map names (each by its Host, the map read again within a second of a "
     "change), on HOST:PORT until SIGINT or SIGTERM. SIGHUP reloads: every open press's "
     "theme from its files, the host map, and the access log's file (opened again, for "
     "logrotate). While a single press has no owner who can sign in, it prints a one-time "
     "link to /admin/setup. --access-log writes a line for each request in the combined "
     "format: paths without their query, the Referer without its query, no cookies or "
     "bodies, and addresses cut to their /24 (IPv6: /48) unless --access-log-full-ip.",
     serve_opts, cli_serve},

    {"post", "add", "FILE.md...", "add or update posts from Markdown files",
     "Adds posts from Markdown files with YAML front matter (title, slug, date, status, "
     "tags, author, series, part, comments, visibility: public or members, type: post or "
     "page, order, format: markdown or html, excerpt, sticky), or updates the post with the "
     "same slug, and prints each URL path. When one file has an error nothing is written.",
     press_opts, cli_post_add},
    {"post", "list", NULL, "list every post, drafts too: status, date, slug, title", NULL,
     press_opts, cli_post_list},
    {"post", "show", "SLUG", "print a post back as a post file", NULL, press_opts, cli_post_show},
    {"post", "delete", "SLUG...", "remove posts", NULL, press_opts, cli_post_delete},
    {"post", "rerender", NULL, "render every post's Markdown again",
     "Renders every post's Markdown again (serve does it by itself after an upgrade).", press_opts,
     cli_post_rerender},
    {"post", "convert", "SLUG", "turn an HTML post (an imported one) into Markdown",
     "Converts the text of a post in format html into Markdown and saves it (the HTML stays "
     "as a revision). Only simple elements convert: paragraphs, line breaks, emphasis, "
     "links, images, headings, lists, quotations, code and rules; any other element stops "
     "the conversion, which names it, and nothing is changed.",
     convert_opts, cli_post_convert},

    {"import", "wordpress", "FILE.xml", "bring a WordPress site over from its export file",
     "Imports a WordPress export (Tools > Export > All content; WXR 1.0, 1.1 or 1.2) in one "
     "transaction: posts and pages with their status, dates, slugs, excerpts and sticky "
     "flags; categories and tags as tags; authors as writers without a password (set one "
     "with 'broadside user passwd'); comments with their threads and states (spam and "
     "pingbacks left out); attachments copied from --media-dir, with the posts' links to "
     "them rewritten; old addresses redirecting to the new ones. Importing the same file "
     "again changes nothing. At the end it prints the counts and every item it skipped "
     "with the reason. A broken file is refused with its line, and nothing is written.",
     import_opts, cli_import_wordpress},
    {"import", "bundle", "FILE.tar.gz", "make a new press from an export bundle",
     "Makes the press in DIR (or DIR/presses/NAME with --press), which must not exist or "
     "must be empty, from a bundle made by 'broadside export': first the bundle's manifest "
     "(its format version, every file's name, size and sha256), then every entry against it, "
     "then the press with a key of its own, every row checked, in one transaction. Any "
     "error names the file and line at fault, and nothing is left. The writers come without "
     "passwords: set them with 'broadside user passwd' (or the owner takes the setup link).",
     press_opts, cli_import_bundle},
    {"export", NULL, NULL, "take everything the press holds along in one file",
     "Writes the press to a bundle (a tar.gz, documented in the README): posts and pages as "
     "post files, revisions, comments with their threads and states, the moderation log, "
     "media, writers without passwords or sessions, settings without secrets, the press's "
     "themes and the journal's issues with their fixed pieces, and a manifest of every "
     "file's sha256. One read transaction: servers go on serving meanwhile. Members and "
     "subscribers, commenters' emails and addresses, and the keys are never in it. "
     "'broadside import bundle' makes a press of it again.",
     export_opts, cli_export},
    {"mirror", NULL, NULL, "write the press as static files, for any static host",
     "Writes every public page of the press to DIR as an anonymous reader sees it, made by "
     "the same code as the server's pages: each page at PATH/index.html, the feeds, the "
     "sitemap, robots.txt, the stylesheet, the media, the journal and its books, old "
     "addresses as pages that send the reader on, a 404.html, and a search that works "
     "without a server (search-index.js and search.js, also from file://). Forms that post "
     "are replaced by a line saying where to use them. Members-only text is never written. "
     "Run again, it writes only the files whose bytes changed and removes those that are no "
     "longer pages; a folder that holds anything but such a copy is refused.",
     mirror_opts, cli_mirror},

    {"user", "add", NULL, "add a writer",
     "Adds a writer. A handle is 1 to 32 letters, digits or '_'; posts name their writer "
     "with 'author: H' and mention them with @H. An owner may do everything, an editor "
     "write and change every post, an author their own, a contributor write drafts of "
     "their own and submit them for review (an editor publishes them). --password-stdin reads a "
     "first "
     "password (10 characters or more) from the first line of standard input.",
     user_add_opts, cli_user_add},
    {"user", "passwd", NULL, "set a user's password (read from standard input)",
     "Reads a new password from the first line of standard input. It ends the user's "
     "sessions and any lock from failed sign-ins.",
     user_passwd_opts, cli_user_passwd},
    {"user", "role", NULL, "change a user's role", NULL, user_role_opts, cli_user_role},
    {"user", "set", NULL, "change a writer's profile: name, bio, avatar",
     "Changes what the site shows of a writer, as their account page does: the name, the "
     "bio (Markdown, shown on their page and under their posts) and the avatar (an image "
     "already in the media library, by its address; \"\" takes it off). What is not given "
     "stays as it is.",
     user_set_opts, cli_user_set},
    {"user", "list", NULL, "list the users: handle, role, whether they can sign in, name", NULL,
     press_opts, cli_user_list},

    {"site", "set", "KEY VALUE", "change a setting",
     "keys: title, tagline, author_line (the line under the title), url (the public "
     "base URL, e.g. https://press.example.org), per_page (posts a page, 1 to 100), "
     "comments (open, moderated or closed: for posts that say nothing), comment_policy "
     "(publish, hold_first or hold_all), comments_close_days (0: never), "
     "moderation_text (show or hide removed comments' text in the public log), "
     "comments_per_minute and comments_per_day (from one address; 5 and 50), theme "
     "(default, or a folder name under DIR/themes); mail: newsletter (full or excerpt), "
     "mail_from (the sender's address), smtp_url (smtp://host:587 with STARTTLS, or "
     "smtps://host:465; empty: mail goes to DIR/outbox), smtp_user, smtp_password_file "
     "(a file whose first line is the password), smtp_tls (optional: STARTTLS when offered, "
     "the default; or required); the Fediverse: fediverse_handle (the press's own actor, "
     "@HANDLE@ the url's host; press by default), fediverse_object (article, the default: "
     "posts go out as an Article, shown by Mastodon as title, teaser and link; or note: a "
     "Note with the title, excerpt, link and hashtags)",
     press_opts, cli_site_set},
    {"site", "show", NULL, "print the title, tagline, author line, url and per_page", NULL,
     press_opts, cli_site_show},

    {"search", NULL, "QUERY...", "full-text search of public posts",
     "Searches titles, text and tags of public posts, best matches first. "
     "Words are all required; \"quotes\" make a phrase, word* a prefix, "
     "OR between words either one.",
     search_opts, cli_search},

    {"comment", "list", NULL, "list comments, newest first (the held queue by default)", NULL,
     comment_list_opts, cli_comment_list},
    {"comment", "approve", "ID...", "publish held comments", NULL, press_opts,
     cli_comment_moderate},
    {"comment", "reject", "ID...", "turn held comments down; a published one is removed", NULL,
     comment_reason_opts, cli_comment_moderate},
    {"comment", "spam", "ID...", "mark held comments as spam; a published one is removed", NULL,
     comment_reason_opts, cli_comment_moderate},
    {"comment", "remove", "ID...", "take published comments down, in the public log",
     "Takes published comments down: a placeholder stays in the thread and the public "
     "moderation log (/moderation) says when, where and why.",
     comment_remove_opts, cli_comment_moderate},
    {"comment", "edit", "ID", "replace a published comment's text, in the public log", NULL,
     comment_edit_opts, cli_comment_moderate},
    {"comment", "ban", "ADDRESS", "refuse comments from an address for a while", NULL,
     comment_ban_opts, cli_comment_ban},

    {"member", "add", NULL, "add a subscriber or member (they get no confirmation mail)", NULL,
     member_add_opts, cli_member_add},
    {"member", "list", NULL, "list members and subscribers: number, state, name (no emails)", NULL,
     press_opts, cli_member_list},
    {"member", "admit", "ID", "admit a subscriber as a member (logged)", NULL, press_opts,
     cli_member_admit},
    {"branch", "add", "NAME", "add a branch", NULL, press_opts, cli_branch_add},
    {"branch", "list", NULL, "list branches with their members and secretaries", NULL, press_opts,
     cli_branch_list},
    {"branch", "put", "NAME", "put a member in a branch, or make them its secretary (logged)", NULL,
     branch_put_opts, cli_branch_put},
    {"audit", "verify", NULL, "check that no entry of the audit log was changed or taken out",
     "Walks the audit log from the first entry: each is chained to the one before by a hash "
     "keyed with the press's key. Prints how many entries hold, or the first that does not "
     "(exit 1).",
     press_opts, cli_audit_verify},
    {"mail", "retry", NULL, "send again the mails that were given up",
     "Mails that failed for good (a refusal of the recipient, or every try used) are given "
     "up; after the mail settings are mended, this makes them due again, their tries counted "
     "from zero, and prints how many. A running server sends them within a second.",
     press_opts, cli_mail_retry},
    {"journal", "add", "FILE.md", "add or update an issue of the journal from an issue file",
     "Adds an issue of the journal from an issue file, or updates the issue with the same "
     "volume and number, and prints its address. Its front matter has volume, number, "
     "month (YYYY-MM), title, editors and posts (the slugs of the issue's public posts, in "
     "order), and may have cover (an image of the media library) and visibility (public or "
     "members); the text after it is the editorial, in Markdown. A new issue is a draft "
     "until 'journal publish'; updating a published issue publishes it again.",
     press_opts, cli_journal_add},
    {"journal", "list", NULL,
     "list the issues: status, month, volume/number, visibility, pieces, title", NULL, press_opts,
     cli_journal_list},
    {"journal", "show", "VOLUME/NUMBER", "print an issue back as its issue file", NULL, press_opts,
     cli_journal_show},
    {"journal", "publish", "VOLUME/NUMBER", "publish an issue on the web and as a book",
     "Publishes the issue at /journal/VOLUME/NUMBER with its book (EPUB) at "
     "/journal/VOLUME/NUMBER.epub. The issue keeps a copy of each piece as it is now: later "
     "changes to the posts do not change it. Publishing it again takes the pieces again, "
     "keeping its date. The book links to the site's url setting, which must be set.",
     press_opts, cli_journal_publish},
    {"journal", "epub", "VOLUME/NUMBER FILE", "write an issue's book (EPUB) to a file",
     "Makes the book of an issue and writes it to FILE: a published issue's edition (the "
     "same bytes the site serves), or a draft's preview from its posts as they are now.",
     press_opts, cli_journal_epub},

    {"resolution", "add", "FILE", "add a model resolution as a draft, or replace a draft's text",
     "Reads the text from FILE ('-': standard input), in Markdown: paragraphs, headings, "
     "list items and quotes. Lines are numbered on 80 characters. A draft of the same "
     "address is replaced; a resolution that circulated keeps its text.",
     res_add_opts, cli_res_add},
    {"resolution", "show", "SLUG", "print a version with its numbered lines and decisions",
     "Prints the version as /resolutions/SLUG.txt does: its lines numbered as on the page, "
     "its amendments and the table of every branch's decision; with --compare M, the "
     "changes from version M, paragraph by paragraph and word by word.",
     res_show_opts, cli_res_show},
    {"resolution", "list", NULL, "list resolutions: state, visibility, version, title", NULL,
     press_opts, cli_res_list},
    {"resolution", "circulate", "SLUG", "send a draft to the branches as version 1",
     "Makes the draft version 1, for good, and queues a mail to every member of every "
     "branch (once each), sent by 'serve'.",
     press_opts, cli_res_circulate},
    {"resolution", "amend", "SLUG", "propose an amendment for a member or a branch",
     "Proposes an amendment to the current version for the member --member names (with "
     "--branch, for a branch they are a secretary of): --kind replace or delete with "
     "--lines, or insert with --after. Lines an open amendment changes are refused "
     "(exit 1), naming it. --withdraw A withdraws amendment A for its author.",
     res_amend_opts, cli_res_amend},
    {"resolution", "merge", "SLUG A...", "merge amendments into a new version",
     "Merges the open amendments named (3, A3 or 3-5) into a new version; the other open "
     "amendments of the version become stale. Every version stays as it was.",
     res_merge_opts, cli_res_merge},
    {"resolution", "decide", "SLUG", "record (or correct) a branch's decision",
     "Records the decision of --branch, for the secretary --member names, on a version; "
     "a new record corrects the last and both are kept.",
     res_decide_opts, cli_res_decide},
    {"resolution", "endorse", "SLUG", "endorse the current version for a member or branch", NULL,
     res_endorse_opts, cli_res_endorse},
    {"resolution", "close", "SLUG", "close (or withdraw) a resolution, saying why in public",
     "A closed resolution takes no more amendments, decisions or endorsements; "
     "--withdraw withdraws it. The reason goes to the public log of resolutions.",
     res_close_opts, cli_res_close},

    {"fed", "block", "TARGET", "block a server or an account of the Fediverse",
     "TARGET is a server's host name (example.org, which covers its subdomains) or an "
     "account's URL (https://example.org/users/name). Nothing is taken from it any more "
     "(follows, replies, likes, boosts) and nothing is sent to it; its follows end. Blocked "
     "servers are listed publicly at /blocks and /api/v1/instance/domain_blocks, with the "
     "reason; blocked accounts are not.",
     fed_block_opts, cli_fed_block},
    {"fed", "unblock", "TARGET", "lift a block (follows that ended stay ended)", NULL, press_opts,
     cli_fed_unblock},
    {"fed", "blocks", NULL, "list the blocks: server or account, since, target, reason", NULL,
     press_opts, cli_fed_blocks},
    {"fed", "followers", NULL, "list who follows the press (or a writer) from the Fediverse",
     "Prints each follower: since when, @name@server and its actor's URL. Without --handle, "
     "the followers of the press's own actor (site set fediverse_handle).",
     fed_followers_opts, cli_fed_followers},
    {"fed", "deliveries", NULL, "list deliveries to other servers, newest first",
     "Prints each delivery of an activity to an inbox: its number, state (waiting, running, "
     "done, gave-up), tries so far, when it is next tried (or was finished) in seconds and "
     "in UTC, the inbox while it waits, and the last error.",
     fed_deliveries_opts, cli_fed_deliveries},

    {"committee", "add", NULL, "name a writer to the standing committee (public)",
     "Names the writer with --handle to the standing committee that reads reports sent at "
     "/report. The change is listed at /committee/members with the day and who named them. "
     "They read the reports sent after they choose a committee passphrase (at /committee); "
     "older ones only when a member who can read them grants them access. 20 members at "
     "most.",
     committee_add_opts, cli_committee_add},
    {"committee", "remove", NULL, "take a member off the standing committee (public)",
     "Takes a member off the committee and deletes every key to a report sealed to them. "
     "Refused when they are the only one who can read a report (it could never be read "
     "again), unless --force.",
     committee_remove_opts, cli_committee_remove},
    {"committee", "list", NULL, "list the committee: handle, since when, named by whom, key, name",
     NULL, press_opts, cli_committee_list},
    {"committee", "verify", NULL, "check that no entry of the committee's log was changed",
     "Walks the committee's own log (openings, replies, states, grants, revocations, "
     "namings) from the first entry, as 'audit verify' walks the audit log.",
     press_opts, cli_committee_verify},

    {"press", "add", "NAME", "add a press to a server folder",
     "Creates DIR/presses/NAME exactly as init does (making DIR a server folder when it is "
     "not one yet; a folder that holds a single press is refused), maps its hosts in "
     "DIR/hosts and prints the one-time link, at the first host, where its owner chooses "
     "a handle and password (valid 24 hours). A host of another press is refused. When "
     "anything fails, nothing is left behind.",
     press_add_opts, cli_press_add},
    {"press", "list", NULL, "list the presses: name, hosts (or \"(not served)\"), title", NULL,
     press_list_opts, cli_press_list},
    {"press", "hosts", "NAME", "replace the hosts of a press",
     "Replaces the hosts of a press in DIR/hosts; a host of another press is refused. "
     "Running servers read the new map by themselves.",
     press_hosts_opts, cli_press_hosts},
    {"press", "remove", "NAME", "stop serving a press (and delete it with --delete-files)",
     "Takes the press's hosts out of DIR/hosts, so it is no longer served. Its folder "
     "stays unless --delete-files, which deletes DIR/presses/NAME and all it holds (it "
     "does not follow symbolic links and refuses a press folder that is one).",
     press_remove_opts, cli_press_remove},

    {"backup", NULL, NULL, "copy a press to one file, while it is served",
     "Writes the press to FILE, a zip archive: the database, copied in one read "
     "transaction while servers go on serving and taking comments (it holds everything "
     "committed before the copy began), the uploads, the press's own themes and its "
     "keys/. A backup with the keys is as secret as the keys: keep it apart from the "
     "press and from other copies. --without-keys leaves them out and names them: the "
     "backup is then unreadable, where they seal data, without those files kept "
     "elsewhere. Run it as the user that owns the press (or as root).",
     backup_opts, cli_backup},
    {"restore", NULL, "FILE", "make a press again from a backup file",
     "Makes DIR (or DIR/presses/NAME with --press) from a backup file made by 'broadside "
     "backup'. The folder must not exist or must be empty: restore into a new folder, and "
     "swap it with the old one while no server runs. Every entry is checked, the "
     "database's integrity too, and the folder appears whole or not at all. Run as root, "
     "the files are given to the owner of the folder they go in.",
     press_opts, cli_restore},
    {"check", NULL, NULL, "check a press: database, schema, uploads and keys",
     "Checks the press in DIR, or every press of a server folder (and its host map), "
     "while it may be served: the database's integrity, its schema version, every upload "
     "the database names (present, of its size, its bytes matching its name), the uploads "
     "posts show, and keys/ (a folder of mode 0700 holding only regular files of mode "
     "0600). It says what is wrong in plain words and exits with 1 when anything is.",
     press_opts, cli_check},

    {"gen", NULL, NULL, "a synthetic site for benchmarks",
     "Creates a synthetic site for benchmarks in DIR, which must not hold a site yet: "
     "five writers and N posts with quotations, lists, links and hashtags, every three "
     "hours back in time, and M comments spread over them, a third of them replies; with "
     "--subscribers, S confirmed subscribers "
     "(reader-1@subscribers.example and on); with --amendments or --branches, one "
     "circulating resolution (/resolutions/bench-resolution) with A amendments and the "
     "decisions of B branches of three members each; with --followers, F followers of "
     "writer1 on the Fediverse (URL/users/f1 and on, URL being --follower-base) spread over "
     "I shared inboxes (URL/s1/inbox and on).",
     gen_opts, cli_gen},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL},
};
