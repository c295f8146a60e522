/* store_schema: every version of the database's schema, and the migrations between them. */
#include "store/store_int.h"

#include <stddef.h>

/* The year and month of a row's publication as one number, 202611. */
#define YM(row) "CAST(strftime('%Y%m', " row ".published, 'unixepoch') AS INTEGER)"

static const char base_schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE users(id INTEGER PRIMARY KEY, handle TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    " name TEXT NOT NULL, bio TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL);"
    "CREATE TABLE posts(id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL,"
    " body_md TEXT NOT NULL, body_html TEXT NOT NULL, excerpt_html TEXT NOT NULL,"
    " has_more INTEGER NOT NULL, status INTEGER NOT NULL, author_id INTEGER REFERENCES users(id),"
    " series TEXT, part INTEGER NOT NULL DEFAULT 0, words INTEGER NOT NULL DEFAULT 0,"
    " published INTEGER NOT NULL, updated INTEGER NOT NULL, created INTEGER NOT NULL,"
    " body_text TEXT NOT NULL DEFAULT '', tags_text TEXT NOT NULL DEFAULT '',"
    /* comments: -1 the site's default, 0 closed, 1 open, 2 moderated (see comment.h). */
    " comments INTEGER NOT NULL DEFAULT -1, comment_count INTEGER NOT NULL DEFAULT 0);"
    /* status > 0 is public (unfinished, published): every public listing walks this index. */
    "CREATE INDEX posts_public ON posts(published DESC, id DESC) WHERE status > 0;"
    "CREATE INDEX posts_author ON posts(author_id, published DESC, id DESC) WHERE status > 0;"
    "CREATE INDEX posts_series ON posts(series, part) WHERE series IS NOT NULL;"
    /* key is the case-folded name (any script); name keeps the writer's first spelling. */
    "CREATE TABLE tags(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL);"
    "CREATE TABLE post_tags(post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,"
    " tag_id INTEGER NOT NULL REFERENCES tags(id), published INTEGER NOT NULL,"
    " pos INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(post_id, tag_id)) WITHOUT ROWID;"
    "CREATE INDEX post_tags_tag ON post_tags(tag_id, published DESC, post_id DESC);"
    /* Full-text search reads title, plain body text and tags from posts itself; only public
     * posts are indexed, so a search never has to look at a post row to rank or count. */
    "CREATE VIRTUAL TABLE posts_fts USING fts5(title, body_text, tags_text, content='posts',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO posts_fts(posts_fts, rank) VALUES('rank', 'bm25(10.0, 1.0, 5.0)');"
    "CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts WHEN new.status > 0 BEGIN"
    " INSERT INTO posts_fts(rowid, title, body_text, tags_text)"
    " VALUES(new.id, new.title, new.body_text, new.tags_text); END;"
    "CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts WHEN old.status > 0 BEGIN"
    " INSERT INTO posts_fts(posts_fts, rowid, title, body_text, tags_text)"
    " VALUES('delete', old.id, old.title, old.body_text, old.tags_text); END;"
    "CREATE TRIGGER posts_fts_au AFTER UPDATE OF title, body_text, tags_text, status ON posts"
    " BEGIN"
    " INSERT INTO posts_fts(posts_fts, rowid, title, body_text, tags_text)"
    " SELECT 'delete', old.id, old.title, old.body_text, old.tags_text WHERE old.status > 0;"
    " INSERT INTO posts_fts(rowid, title, body_text, tags_text)"
    " SELECT new.id, new.title, new.body_text, new.tags_text WHERE new.status > 0; END;"
    /* Public posts a month (ym = 202611), kept by triggers so the archive is one small read. */
    "CREATE TABLE post_months(ym INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
    "CREATE TRIGGER months_ai AFTER INSERT ON posts WHEN new.status > 0 BEGIN"
    " INSERT INTO post_months VALUES(" YM(
	"new") ", 1)"
	       " ON CONFLICT(ym) DO UPDATE SET n = n + 1; END;"
	       "CREATE TRIGGER months_ad AFTER DELETE ON posts WHEN old.status > 0 BEGIN"
	       " UPDATE post_months SET n = n - 1 WHERE ym = " YM(
		   "old") ";"
			  " DELETE FROM post_months WHERE n <= 0; END;"
			  "CREATE TRIGGER months_au AFTER UPDATE OF status, published ON posts "
			  "BEGIN"
			  " UPDATE post_months SET n = n - 1 WHERE old.status > 0 AND ym = " YM(
			      "old") ";"
				     " INSERT INTO post_months SELECT " YM(
					 "new") ", 1 WHERE new.status > 0"
						" ON CONFLICT(ym) DO UPDATE SET n = n + 1;"
						" DELETE FROM post_months WHERE n <= 0; END;"
						"INSERT INTO meta VALUES('schema_version', '1'), "
						"('title', 'A broadside press'),"
						" ('tagline', 'Independent writing, published by "
						"its writers'), ('author_line', ''),"
						" ('url', ''), ('per_page', '10');";

/* Comments, the moderation log and bans, created with the base schema. */
static const char comment_schema[] =
    "CREATE TABLE comments(id INTEGER PRIMARY KEY,"
    " post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,"
    " parent_id INTEGER NOT NULL DEFAULT 0, depth INTEGER NOT NULL DEFAULT 0,"
    " name TEXT NOT NULL, email TEXT NOT NULL DEFAULT '', website TEXT NOT NULL DEFAULT '',"
    " body_md TEXT NOT NULL, body_html TEXT NOT NULL, status INTEGER NOT NULL,"
    " addr TEXT NOT NULL, edit_hash BLOB, body_hash BLOB NOT NULL,"
    " created INTEGER NOT NULL, edited INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX comments_post ON comments(post_id, id);"
    "CREATE INDEX comments_status ON comments(status, id);"
    "CREATE INDEX comments_addr ON comments(addr, created);"
    "CREATE INDEX comments_hash ON comments(body_hash, created);"
    "CREATE INDEX comments_email ON comments(email) WHERE status = 1;"
    /* posts.comment_count follows the published comments. */
    "CREATE TRIGGER comments_ai AFTER INSERT ON comments WHEN new.status = 1 BEGIN"
    " UPDATE posts SET comment_count = comment_count + 1 WHERE id = new.post_id; END;"
    "CREATE TRIGGER comments_ad AFTER DELETE ON comments WHEN old.status = 1 BEGIN"
    " UPDATE posts SET comment_count = comment_count - 1 WHERE id = old.post_id; END;"
    "CREATE TRIGGER comments_au AFTER UPDATE OF status ON comments"
    " WHEN (old.status = 1) != (new.status = 1) BEGIN"
    " UPDATE posts SET comment_count = comment_count + CASE WHEN new.status = 1 THEN 1"
    " ELSE -1 END WHERE id = new.post_id; END;"
    "CREATE TABLE moderation_log(id INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
    " comment_id INTEGER NOT NULL, post_id INTEGER NOT NULL, action TEXT NOT NULL,"
    " reason TEXT NOT NULL, text TEXT);"
    "CREATE TABLE bans(addr TEXT PRIMARY KEY, until INTEGER NOT NULL, reason TEXT NOT NULL)"
    " WITHOUT ROWID;"
    "INSERT INTO meta VALUES('comments', 'open'), ('comment_policy', 'publish'),"
    " ('comments_close_days', '0'), ('moderation_text', 'show'), ('content_gen', '0'),"
    " ('secret', lower(hex(randomblob(32))));";

/* Version 2: writing from the browser (accounts, sessions, revisions, media). */
static const char v2_accounts[] =
    "ALTER TABLE users ADD COLUMN pwhash TEXT NOT NULL DEFAULT '';"
    /* 0 owner, 1 editor, 2 author (enum user_role). */
    "ALTER TABLE users ADD COLUMN role INTEGER NOT NULL DEFAULT 2;"
    /* The tags the writer typed (front matter), space-separated; NULL for posts from before
     * this column, whose tags are then those shown. */
    "ALTER TABLE posts ADD COLUMN fm_tags TEXT;"
    "ALTER TABLE posts ADD COLUMN trash_status INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX posts_scheduled ON posts(published) WHERE status = -1;"
    "CREATE TABLE sessions(hash BLOB PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    " created INTEGER NOT NULL, expires INTEGER NOT NULL, addr TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE tokens(hash BLOB PRIMARY KEY, purpose TEXT NOT NULL,"
    " expires INTEGER NOT NULL) WITHOUT ROWID;"
    /* key is "u:handle" or "a:address"; handle is the handle tried, so that a new password
     * can lift the address's lock for that handle too. */
    "CREATE TABLE login_failures(key TEXT NOT NULL, t INTEGER NOT NULL,"
    " handle TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX login_failures_key ON login_failures(key, t);"
    "CREATE TABLE revisions(id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL,"
    " user_id INTEGER, kind INTEGER NOT NULL, saved INTEGER NOT NULL, source TEXT NOT NULL);"
    "CREATE INDEX revisions_post ON revisions(post_id, kind, id);"
    "CREATE TABLE slug_redirects(slug TEXT PRIMARY KEY, post_id INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX slug_redirects_post ON slug_redirects(post_id);"
    "CREATE TRIGGER posts_admin_ad AFTER DELETE ON posts BEGIN"
    " DELETE FROM revisions WHERE post_id = old.id;"
    " DELETE FROM slug_redirects WHERE post_id = old.id; END;"
    "CREATE TABLE media(hash TEXT PRIMARY KEY, ext TEXT NOT NULL, type TEXT NOT NULL,"
    " size INTEGER NOT NULL, name TEXT NOT NULL, user_id INTEGER, created INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "INSERT OR IGNORE INTO meta VALUES('theme', 'default');"
    "UPDATE meta SET value = '2' WHERE key = 'schema_version';";

/* Version 3: a commenter's edit of an approved comment waits for a moderator (the approved
 * text stays public meanwhile). */
static const char v3_pending_edits[] =
    "ALTER TABLE comments ADD COLUMN pending_md TEXT;"
    "ALTER TABLE comments ADD COLUMN pending_html TEXT;"
    "CREATE INDEX comments_pending ON comments(id) WHERE pending_md IS NOT NULL;"
    "UPDATE meta SET value = '3' WHERE key = 'schema_version';";

/* Version 6: members and branches, mail and every other piece of work in one queue, the audit
 * log, members-only posts, and private data sealed: emails and names (crypto_secretbox, keyed
 * by DATA/keys/press.key) with a blind index for lookups, client addresses kept as tags. The
 * sealing of values older versions kept in clear happens in code (member/privacy.c), as it
 * needs the key. */
static const char v6_members[] =
    "ALTER TABLE comments ADD COLUMN email_ct BLOB;"
    "ALTER TABLE comments ADD COLUMN email_bidx BLOB;"
    "DROP INDEX comments_email;"
    "CREATE INDEX comments_email_bidx ON comments(email_bidx) WHERE status = 1;"
    "ALTER TABLE sessions ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE posts ADD COLUMN visibility INTEGER NOT NULL DEFAULT 0;"
    /* state: 0 waits for its email to be confirmed, 1 subscriber, 2 member. */
    /* AUTOINCREMENT: an id is never used again, so a deleted member's old links (their
     * unsubscribe link is made from the id) never reach someone else. */
    "CREATE TABLE members(id INTEGER PRIMARY KEY AUTOINCREMENT, email_ct BLOB NOT NULL,"
    " email_bidx BLOB NOT NULL UNIQUE, name_ct BLOB, state INTEGER NOT NULL,"
    " newsletter INTEGER NOT NULL DEFAULT 1, show_name INTEGER NOT NULL DEFAULT 0,"
    " created INTEGER NOT NULL, confirmed INTEGER, admitted INTEGER);"
    "CREATE TABLE branches(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    " created INTEGER NOT NULL);"
    "CREATE TABLE branch_members(branch_id INTEGER NOT NULL REFERENCES branches(id)"
    " ON DELETE CASCADE, member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,"
    " secretary INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(branch_id, member_id)) WITHOUT ROWID;"
    "CREATE INDEX branch_members_member ON branch_members(member_id);"
    "CREATE TABLE member_tokens(hash BLOB PRIMARY KEY, member_id INTEGER NOT NULL"
    " REFERENCES members(id) ON DELETE CASCADE, purpose TEXT NOT NULL,"
    " expires INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE member_sessions(hash BLOB PRIMARY KEY, member_id INTEGER NOT NULL"
    " REFERENCES members(id) ON DELETE CASCADE, expires INTEGER NOT NULL) WITHOUT ROWID;"
    /* Anonymous forms' limits: keys are address tags and email indexes, never either. */
    "CREATE TABLE rate_events(key TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX rate_events_key ON rate_events(key, at);"
    /* Append-only, each entry chained to the one before by a keyed hash. */
    "CREATE TABLE audit(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, subject INTEGER NOT NULL DEFAULT 0, detail TEXT NOT NULL,"
    " prev BLOB NOT NULL, hash BLOB NOT NULL);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
    " SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
    " SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    /* state: 0 waits (until next_at), 1 running (until lease), 2 done, 3 given up. */
    "CREATE TABLE jobs(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref INTEGER NOT NULL"
    " DEFAULT 0, ref2 INTEGER NOT NULL DEFAULT 0, payload BLOB, state INTEGER NOT NULL DEFAULT 0,"
    " tries INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, lease INTEGER NOT NULL"
    " DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL,"
    " done_at INTEGER NOT NULL DEFAULT 0, dedupe TEXT UNIQUE);"
    "CREATE INDEX jobs_due ON jobs(next_at) WHERE state = 0;"
    "CREATE INDEX jobs_lease ON jobs(lease) WHERE state = 1;"
    "CREATE INDEX jobs_kind ON jobs(kind, id);"
    /* A post that goes public, by any path (the editor, the command line, the schedule), is
     * news for subscribers and followers: the event is queued with the change itself. */
    "CREATE TRIGGER posts_public_ai AFTER INSERT ON posts WHEN new.status > 0 BEGIN"
    " INSERT OR IGNORE INTO jobs(kind, ref, next_at, created, dedupe)"
    " VALUES('published', new.id, strftime('%s', 'now'), strftime('%s', 'now'),"
    " 'published:' || new.id); END;"
    "CREATE TRIGGER posts_public_au AFTER UPDATE OF status ON posts"
    " WHEN old.status <= 0 AND new.status > 0 BEGIN"
    " INSERT OR IGNORE INTO jobs(kind, ref, next_at, created, dedupe)"
    " VALUES('published', new.id, strftime('%s', 'now'), strftime('%s', 'now'),"
    " 'published:' || new.id); END;"
    "INSERT OR IGNORE INTO meta VALUES('newsletter', 'full'), ('smtp_url', ''),"
    " ('smtp_user', ''), ('smtp_password_file', ''), ('mail_from', '');"
    "UPDATE meta SET value = '6' WHERE key = 'schema_version';";
/* Version 4: the journal. An issue lists posts by slug; when it is published, a copy of each
 * piece as it was then is kept beside it (the issue is a fixed edition), with its book. */
static const char v4_journal[] =
    "CREATE TABLE issues(id INTEGER PRIMARY KEY, volume INTEGER NOT NULL,"
    " number INTEGER NOT NULL, month TEXT NOT NULL, title TEXT NOT NULL,"
    " editors TEXT NOT NULL, cover TEXT, visibility INTEGER NOT NULL DEFAULT 0,"
    " status INTEGER NOT NULL DEFAULT 0, uuid TEXT NOT NULL UNIQUE,"
    " editorial_md TEXT NOT NULL, editorial_html TEXT NOT NULL, source TEXT NOT NULL,"
    " base_url TEXT NOT NULL DEFAULT '', published INTEGER NOT NULL DEFAULT 0,"
    " updated INTEGER NOT NULL, created INTEGER NOT NULL, epub BLOB,"
    " epub_version INTEGER NOT NULL DEFAULT 0, UNIQUE(volume, number));"
    "CREATE TABLE issue_posts(issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,"
    " pos INTEGER NOT NULL, slug TEXT NOT NULL, PRIMARY KEY(issue_id, pos)) WITHOUT ROWID;"
    "CREATE TABLE issue_pieces(issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,"
    " pos INTEGER NOT NULL, slug TEXT NOT NULL, title TEXT NOT NULL, author_handle TEXT,"
    " author_name TEXT, standfirst TEXT NOT NULL, body_html TEXT NOT NULL,"
    " published INTEGER NOT NULL, PRIMARY KEY(issue_id, pos)) WITHOUT ROWID;"
    "UPDATE meta SET value = '4' WHERE key = 'schema_version';";
/* The same for a trigger's new and old row. */
#define YM_NEW "CAST(strftime('%Y%m', new.published, 'unixepoch') AS INTEGER)"
#define YM_OLD "CAST(strftime('%Y%m', old.published, 'unixepoch') AS INTEGER)"

/* Version 5: pages, HTML bodies and what a WordPress import keeps (3 and 4 are other steps). */
static const char v5_import[] =
    /* type: 0 a post, 1 a page at /SLUG (enum post_type); format: 0 Markdown, 1 sanitized HTML
     * (enum post_format); excerpt: the writer's own, plain text, or NULL. */
    "ALTER TABLE posts ADD COLUMN type INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE posts ADD COLUMN format INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE posts ADD COLUMN nav_order INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE posts ADD COLUMN excerpt TEXT;"
    "ALTER TABLE posts ADD COLUMN sticky INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX posts_pages ON posts(nav_order, title) WHERE type = 1 AND status > 0;"
    "CREATE INDEX posts_sticky ON posts(published DESC, id DESC)"
    " WHERE sticky = 1 AND status > 0 AND type = 0;"
    /* The archive counts posts, not pages. */
    "DROP TRIGGER months_ai; DROP TRIGGER months_ad; DROP TRIGGER months_au;"
    "CREATE TRIGGER months_ai AFTER INSERT ON posts WHEN new.status > 0 AND new.type = 0"
    " BEGIN INSERT INTO post_months VALUES(" YM_NEW ", 1)"
    " ON CONFLICT(ym) DO UPDATE SET n = n + 1; END;"
    "CREATE TRIGGER months_ad AFTER DELETE ON posts WHEN old.status > 0 AND old.type = 0"
    " BEGIN UPDATE post_months SET n = n - 1 WHERE ym = " YM_OLD ";"
    " DELETE FROM post_months WHERE n <= 0; END;"
    "CREATE TRIGGER months_au AFTER UPDATE OF status, published, type ON posts BEGIN"
    " UPDATE post_months SET n = n - 1 WHERE old.status > 0 AND old.type = 0"
    " AND ym = " YM_OLD ";"
    " INSERT INTO post_months SELECT " YM_NEW ", 1 WHERE new.status > 0 AND new.type = 0"
    " ON CONFLICT(ym) DO UPDATE SET n = n + 1;"
    " DELETE FROM post_months WHERE n <= 0; END;"
    /* What came from where: a WordPress site's post and comment ids (kind 'post' or
     * 'comment') and the rows made of them, so that importing the same file again adds
     * nothing. */
    "CREATE TABLE import_map(source TEXT NOT NULL, kind TEXT NOT NULL,"
    " wp_id INTEGER NOT NULL, local_id INTEGER NOT NULL,"
    " PRIMARY KEY(source, kind, wp_id)) WITHOUT ROWID;"
    /* Old addresses ("/2011/01/02/hello", "?p=12", "/category/news") answered with a 301:
     * to a post (followed through its renames), or to a fixed path. */
    "CREATE TABLE old_paths(path TEXT PRIMARY KEY,"
    " post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE, target TEXT) WITHOUT ROWID;"
    "CREATE INDEX old_paths_post ON old_paths(post_id);"
    "UPDATE meta SET value = '5' WHERE key = 'schema_version';";

/* Version 8: model resolutions circulated to branches. A version's text is permanent (no row of
 * res_versions is ever changed or deleted), and so is every branch decision (a correction is a
 * new row) and every entry of the resolutions' public log. */
static const char v8_resolutions[] =
    /* state: 0 draft, 1 circulating, 2 closed, 3 withdrawn; visibility as posts'. While a
     * draft, the text is in draft; from circulation on, in res_versions (current: its
     * number). */
    "CREATE TABLE resolutions(id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,"
    " title TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', visibility INTEGER NOT NULL"
    " DEFAULT 0, deadline TEXT NOT NULL DEFAULT '', state INTEGER NOT NULL DEFAULT 0,"
    " draft TEXT NOT NULL DEFAULT '', author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    " current INTEGER NOT NULL DEFAULT 0, next_para INTEGER NOT NULL DEFAULT 1,"
    " next_amendment INTEGER NOT NULL DEFAULT 1, created INTEGER NOT NULL,"
    " updated INTEGER NOT NULL, circulated INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX resolutions_listed ON resolutions(updated DESC, id DESC) WHERE current > 0;"
    "CREATE TABLE res_versions(resolution_id INTEGER NOT NULL REFERENCES resolutions(id),"
    " n INTEGER NOT NULL, body TEXT NOT NULL, para_ids TEXT NOT NULL, note TEXT NOT NULL"
    " DEFAULT '', made_by TEXT NOT NULL, created INTEGER NOT NULL,"
    " PRIMARY KEY(resolution_id, n)) WITHOUT ROWID;"
    "CREATE TRIGGER res_versions_no_update BEFORE UPDATE ON res_versions BEGIN"
    " SELECT RAISE(ABORT, 'a version of a resolution is permanent'); END;"
    "CREATE TRIGGER res_versions_no_delete BEFORE DELETE ON res_versions BEGIN"
    " SELECT RAISE(ABORT, 'a version of a resolution is permanent'); END;"
    /* n counts a resolution's amendments from 1; version is the one amended. state: 0 open,
     * 1 withdrawn, 2 merged, 3 stale; into: the version that merged it or left it stale. An
     * amendment stays when its member is deleted (its text is part of the record). */
    "CREATE TABLE res_amendments(resolution_id INTEGER NOT NULL REFERENCES resolutions(id),"
    " n INTEGER NOT NULL, version INTEGER NOT NULL, kind INTEGER NOT NULL,"
    " line_from INTEGER NOT NULL, line_to INTEGER NOT NULL, text TEXT NOT NULL,"
    " reason TEXT NOT NULL, member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,"
    " branch_id INTEGER REFERENCES branches(id), state INTEGER NOT NULL DEFAULT 0,"
    " into_version INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL,"
    " changed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(resolution_id, n)) WITHOUT ROWID;"
    "CREATE INDEX res_amendments_open ON res_amendments(resolution_id, version) WHERE state = 0;"
    "CREATE INDEX res_amendments_member ON res_amendments(member_id);"
    /* outcome: 0 adopted, 1 adopted with amendments (their numbers, space-separated), 2
     * rejected, 3 deferred. A branch's decision is its newest row; older rows are history. */
    "CREATE TABLE res_decisions(id INTEGER PRIMARY KEY, resolution_id INTEGER NOT NULL"
    " REFERENCES resolutions(id), branch_id INTEGER NOT NULL REFERENCES branches(id),"
    " version INTEGER NOT NULL, outcome INTEGER NOT NULL, decided_on TEXT NOT NULL,"
    " votes_for INTEGER, votes_against INTEGER, votes_abstain INTEGER,"
    " amendments TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
    " recorded_by INTEGER REFERENCES members(id) ON DELETE SET NULL,"
    " recorded_at INTEGER NOT NULL);"
    "CREATE INDEX res_decisions_branch ON res_decisions(resolution_id, branch_id, id);"
    "CREATE TRIGGER res_decisions_no_update BEFORE UPDATE OF resolution_id, branch_id, version,"
    " outcome, decided_on, votes_for, votes_against, votes_abstain, amendments, note,"
    " recorded_at ON res_decisions BEGIN"
    " SELECT RAISE(ABORT, 'a decision is corrected by a new record'); END;"
    "CREATE TRIGGER res_decisions_no_delete BEFORE DELETE ON res_decisions BEGIN"
    " SELECT RAISE(ABORT, 'a decision is corrected by a new record'); END;"
    /* An endorsement is of one version, by a member or by a branch. */
    "CREATE TABLE res_endorsements(id INTEGER PRIMARY KEY, resolution_id INTEGER NOT NULL"
    " REFERENCES resolutions(id), version INTEGER NOT NULL, member_id INTEGER"
    " REFERENCES members(id) ON DELETE CASCADE, branch_id INTEGER REFERENCES branches(id),"
    " created INTEGER NOT NULL, UNIQUE(resolution_id, version, member_id),"
    " UNIQUE(resolution_id, version, branch_id));"
    /* Who circulated, merged, closed or withdrew, and why: public, append-only. */
    "CREATE TABLE res_log(id INTEGER PRIMARY KEY, resolution_id INTEGER NOT NULL"
    " REFERENCES resolutions(id), at INTEGER NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX res_log_resolution ON res_log(resolution_id, id);"
    "CREATE TRIGGER res_log_no_update BEFORE UPDATE ON res_log BEGIN"
    " SELECT RAISE(ABORT, 'the resolutions log is append-only'); END;"
    "CREATE TRIGGER res_log_no_delete BEFORE DELETE ON res_log BEGIN"
    " SELECT RAISE(ABORT, 'the resolutions log is append-only'); END;"
    /* Search reads the current version of every resolution past its draft. */
    "CREATE VIRTUAL TABLE resolutions_fts USING fts5(title, body,"
    " tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO resolutions_fts(resolutions_fts, rank) VALUES('rank', 'bm25(10.0, 1.0)');"
    "CREATE TRIGGER resolutions_fts_au AFTER UPDATE OF title, state, current ON resolutions"
    " BEGIN DELETE FROM resolutions_fts WHERE rowid = old.id;"
    " INSERT INTO resolutions_fts(rowid, title, body) SELECT new.id, new.title, v.body"
    " FROM res_versions v WHERE new.state > 0 AND v.resolution_id = new.id"
    " AND v.n = new.current; END;"
    "UPDATE meta SET value = '8' WHERE key = 'schema_version';";

/* Version 7: the Fediverse (ActivityPub). Actors of other servers the press has met (their keys
 * and profiles), who follows the press or its writers, the posts federated (a row stays after a
 * deletion, so that the address answers 410), the activities sent (one row, delivered to many
 * inboxes), likes and boosts, blocks, each domain's delivery breaker, and what a comment from
 * another server needs. Deliveries, inbox work and the outbox's fan-outs are jobs. A post that
 * goes public, changes, or leaves the public ones queues its news for followers with the change
 * itself, by whatever path it was made. */
#define NOW "strftime('%s', 'now')"
static const char v7_federation[] =
    "CREATE TABLE fed_actors(id INTEGER PRIMARY KEY, uri TEXT NOT NULL UNIQUE,"
    " domain TEXT NOT NULL, inbox TEXT NOT NULL DEFAULT '', shared_inbox TEXT NOT NULL"
    " DEFAULT '', key_id TEXT NOT NULL DEFAULT '', key_pem TEXT NOT NULL DEFAULT '',"
    " name TEXT NOT NULL DEFAULT '', handle TEXT NOT NULL DEFAULT '', url TEXT NOT NULL"
    " DEFAULT '', icon_url TEXT NOT NULL DEFAULT '', avatar TEXT NOT NULL DEFAULT '',"
    " avatar_tried INTEGER NOT NULL DEFAULT 0, fetched INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX fed_actors_key ON fed_actors(key_id);"
    "CREATE INDEX fed_actors_domain ON fed_actors(domain);"
    /* local: the followed actor, a writer's user id, or 0 for the press. */
    "CREATE TABLE fed_followers(local INTEGER NOT NULL, actor_id INTEGER NOT NULL"
    " REFERENCES fed_actors(id) ON DELETE CASCADE, follow_uri TEXT NOT NULL,"
    " created INTEGER NOT NULL, PRIMARY KEY(local, actor_id)) WITHOUT ROWID;"
    "CREATE INDEX fed_followers_actor ON fed_followers(actor_id);"
    /* gone: when a federated post was deleted or left the public ones (0: it is there). */
    "CREATE TABLE fed_objects(post_id INTEGER PRIMARY KEY, slug TEXT NOT NULL,"
    " author_id INTEGER, created INTEGER NOT NULL, gone INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX fed_objects_slug ON fed_objects(slug);"
    /* local: who sends it; wide: to the press's followers too. */
    "CREATE TABLE fed_activities(id INTEGER PRIMARY KEY, local INTEGER NOT NULL,"
    " wide INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL, created INTEGER NOT NULL);"
    /* kind: 0 a like, 1 a boost (Announce). */
    "CREATE TABLE fed_reactions(post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE"
    " CASCADE, actor_id INTEGER NOT NULL REFERENCES fed_actors(id) ON DELETE CASCADE,"
    " kind INTEGER NOT NULL, uri TEXT NOT NULL, created INTEGER NOT NULL,"
    " PRIMARY KEY(post_id, actor_id, kind)) WITHOUT ROWID;"
    "CREATE INDEX fed_reactions_uri ON fed_reactions(uri);"
    /* target: a domain, or an actor's URI (domain 0). */
    "CREATE TABLE fed_blocks(target TEXT PRIMARY KEY, domain INTEGER NOT NULL,"
    " reason TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL) WITHOUT ROWID;"
    /* The breaker of each server (host and port) deliveries go to. */
    "CREATE TABLE fed_domains(domain TEXT PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0,"
    " opens INTEGER NOT NULL DEFAULT 0, until INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "ALTER TABLE comments ADD COLUMN actor_uri TEXT;"
    "ALTER TABLE comments ADD COLUMN object_uri TEXT;"
    "ALTER TABLE comments ADD COLUMN profile_url TEXT;"
    "ALTER TABLE comments ADD COLUMN avatar TEXT;"
    "CREATE UNIQUE INDEX comments_object ON comments(object_uri) WHERE object_uri IS NOT NULL;"
    "CREATE INDEX comments_actor ON comments(actor_uri) WHERE actor_uri IS NOT NULL;"
    "DROP TRIGGER posts_public_ai;"
    "DROP TRIGGER posts_public_au;"
    "CREATE TRIGGER posts_public_ai AFTER INSERT ON posts WHEN new.status > 0 BEGIN"
    " INSERT OR IGNORE INTO jobs(kind, ref, next_at, created, dedupe)"
    " VALUES('published', new.id, " NOW ", " NOW ", 'published:' || new.id);"
    " INSERT OR IGNORE INTO jobs(kind, ref, next_at, created, dedupe)"
    " SELECT 'outbox_create', new.id, " NOW ", " NOW ", 'outbox_create:' || new.id"
    " WHERE new.visibility = 0;"
    " INSERT OR IGNORE INTO fed_objects(post_id, slug, author_id, created)"
    " SELECT new.id, new.slug, new.author_id, " NOW " WHERE new.visibility = 0; END;"
    "CREATE TRIGGER posts_public_au AFTER UPDATE OF status ON posts"
    " WHEN old.status <= 0 AND new.status > 0 BEGIN"
    " INSERT OR IGNORE INTO jobs(kind, ref, next_at, created, dedupe)"
    " VALUES('published', new.id, " NOW ", " NOW ", 'published:' || new.id);"
    " INSERT OR IGNORE INTO jobs(kind, ref, next_at, created, dedupe)"
    " SELECT 'outbox_create', new.id, " NOW ", " NOW ", 'outbox_create:' || new.id"
    " WHERE new.visibility = 0;"
    " INSERT OR IGNORE INTO fed_objects(post_id, slug, author_id, created)"
    " SELECT new.id, new.slug, new.author_id, " NOW " WHERE new.visibility = 0;"
    " UPDATE fed_objects SET gone = 0 WHERE post_id = new.id AND new.visibility = 0; END;"
    /* A public post that becomes public to everyone is news; one for members only is gone. */
    "CREATE TRIGGER posts_fed_visibility AFTER UPDATE OF visibility ON posts"
    " WHEN old.status > 0 AND new.status > 0 AND old.visibility != new.visibility BEGIN"
    " INSERT OR IGNORE INTO jobs(kind, ref, next_at, created, dedupe)"
    " SELECT 'outbox_create', new.id, " NOW ", " NOW ", 'outbox_create:' || new.id"
    " WHERE new.visibility = 0;"
    " INSERT OR IGNORE INTO fed_objects(post_id, slug, author_id, created)"
    " SELECT new.id, new.slug, new.author_id, " NOW " WHERE new.visibility = 0;"
    " INSERT INTO jobs(kind, ref, next_at, created) SELECT 'outbox_delete', new.id,"
    " " NOW ", " NOW " WHERE new.visibility != 0 AND EXISTS (SELECT 1 FROM fed_objects"
    " WHERE post_id = new.id AND gone = 0);"
    " UPDATE fed_objects SET gone = " NOW " WHERE post_id = new.id AND gone = 0"
    " AND new.visibility != 0; END;"
    /* An edit a reader sees (updated moves then only) goes out as an Update. */
    "CREATE TRIGGER posts_fed_updated AFTER UPDATE OF updated ON posts"
    " WHEN old.status > 0 AND new.status > 0 AND new.visibility = 0"
    " AND old.visibility = 0 AND new.updated > old.updated BEGIN"
    " INSERT OR IGNORE INTO jobs(kind, ref, next_at, created, dedupe)"
    " SELECT 'outbox_update', new.id, " NOW ", " NOW ", 'outbox_update:' || new.id || ':'"
    " || new.updated WHERE EXISTS (SELECT 1 FROM fed_objects WHERE post_id = new.id"
    " AND gone = 0); END;"
    /* Unpublished, trashed or deleted: a Delete, and 410 at the address from now on. */
    "CREATE TRIGGER posts_fed_unpublished AFTER UPDATE OF status ON posts"
    " WHEN old.status > 0 AND new.status <= 0 BEGIN"
    " INSERT INTO jobs(kind, ref, next_at, created) SELECT 'outbox_delete', new.id,"
    " " NOW ", " NOW " WHERE EXISTS (SELECT 1 FROM fed_objects WHERE post_id = new.id"
    " AND gone = 0);"
    " UPDATE fed_objects SET gone = " NOW " WHERE post_id = new.id AND gone = 0; END;"
    "CREATE TRIGGER posts_fed_deleted AFTER DELETE ON posts BEGIN"
    " INSERT INTO jobs(kind, ref, next_at, created) SELECT 'outbox_delete', old.id,"
    " " NOW ", " NOW " WHERE EXISTS (SELECT 1 FROM fed_objects WHERE post_id = old.id"
    " AND gone = 0);"
    " UPDATE fed_objects SET gone = " NOW " WHERE post_id = old.id AND gone = 0; END;"
    "INSERT OR IGNORE INTO meta VALUES('fediverse_handle', 'press'),"
    " ('fediverse_object', 'article');"
    "UPDATE meta SET value = '7' WHERE key = 'schema_version';";
#undef NOW

/* Version 9: reports to the standing committee. Every date is a day ("2026-11-27"), never a
 * time of day; nothing is a client address; every text and file is sealed to a report's own
 * key, which is sealed in turn to each committee member who may read it (report_keys: one row
 * each, none for a member the reporter left out). Committee members' private keys are kept
 * only wrapped under their passphrase and under their recovery key. */
static const char v9_reports[] =
    "CREATE TABLE committee(user_id INTEGER PRIMARY KEY REFERENCES users(id),"
    " since TEXT NOT NULL, named_by TEXT NOT NULL, joined TEXT, pk BLOB, sk_pass BLOB,"
    " pass_salt BLOB, pass_ops INTEGER NOT NULL DEFAULT 0, pass_mem INTEGER NOT NULL DEFAULT 0,"
    " sk_recovery BLOB, notify_ct BLOB);"
    /* What /committee/members lists: every naming, joining and removal, by whom. */
    "CREATE TABLE committee_changes(id INTEGER PRIMARY KEY, day TEXT NOT NULL,"
    " action TEXT NOT NULL, user_id INTEGER NOT NULL, name TEXT NOT NULL, handle TEXT NOT NULL,"
    " by_whom TEXT NOT NULL);"
    /* state: 0 new, 1 in hand, 2 closed. lookup: the receipt's keyed hash. */
    "CREATE TABLE reports(id INTEGER PRIMARY KEY, day TEXT NOT NULL, last_day TEXT NOT NULL,"
    " lookup BLOB NOT NULL UNIQUE, pk BLOB NOT NULL, reply_pk BLOB NOT NULL,"
    " reply_salt BLOB NOT NULL, reply_ops INTEGER NOT NULL, reply_mem INTEGER NOT NULL,"
    " meta BLOB NOT NULL, state INTEGER NOT NULL DEFAULT 0, files INTEGER NOT NULL);"
    "CREATE TABLE report_keys(report_id INTEGER NOT NULL REFERENCES reports(id)"
    " ON DELETE CASCADE, user_id INTEGER NOT NULL REFERENCES committee(user_id)"
    " ON DELETE CASCADE, sealed_sk BLOB NOT NULL, PRIMARY KEY(report_id, user_id))"
    " WITHOUT ROWID;"
    "CREATE INDEX report_keys_user ON report_keys(user_id, report_id);"
    "CREATE TABLE report_messages(id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL"
    " REFERENCES reports(id) ON DELETE CASCADE, day TEXT NOT NULL,"
    " from_committee INTEGER NOT NULL, for_committee BLOB NOT NULL, for_reporter BLOB NOT NULL);"
    "CREATE INDEX report_messages_report ON report_messages(report_id, id);"
    "CREATE TABLE report_files(id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL"
    " REFERENCES reports(id) ON DELETE CASCADE, n INTEGER NOT NULL, sealed BLOB NOT NULL,"
    " UNIQUE(report_id, n));"
    /* The committee's own log, chained like the audit log but with its own key, and read by
     * the committee only. */
    "CREATE TABLE committee_log(id INTEGER PRIMARY KEY, day TEXT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, report INTEGER NOT NULL DEFAULT 0, detail TEXT NOT NULL,"
    " prev BLOB NOT NULL, hash BLOB NOT NULL);"
    "CREATE INDEX committee_log_report ON committee_log(report, day);"
    "CREATE TRIGGER committee_log_no_update BEFORE UPDATE ON committee_log BEGIN"
    " SELECT RAISE(ABORT, 'the committee log is append-only'); END;"
    "CREATE TRIGGER committee_log_no_delete BEFORE DELETE ON committee_log BEGIN"
    " SELECT RAISE(ABORT, 'the committee log is append-only'); END;"
    "UPDATE meta SET value = '9' WHERE key = 'schema_version';";

const char *const store_schema_base[] = {base_schema, comment_schema, NULL};

const struct store_migration store_migrations[] = {
    {2, v2_accounts},	{3, v3_pending_edits}, {4, v4_journal}, {5, v5_import}, {6, v6_members},
    {7, v7_federation}, {8, v8_resolutions},   {9, v9_reports}, {0, NULL},
};
