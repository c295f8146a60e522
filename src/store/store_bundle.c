/* store_bundle: the tables an export bundle copies row by row, and a restore's own writes. */
#include "store/store_bundle.h"
#include "store/store_int.h"
#include "store/store_users.h"
#include "util/pool.h"

#include <string.h>

#define N(cols) (sizeof(cols) / sizeof(cols[0]))
#define MiB (1024ll * 1024)
#define ID(name)                                                                                   \
	{                                                                                          \
		name, SC_INT, 0, 1, 999999999999999999ll, 0, 0                                     \
	}
#define ID_NULL(name)                                                                              \
	{                                                                                          \
		name, SC_INT, 1, 1, 999999999999999999ll, 0, 0                                     \
	}
/* Unix seconds, from year 0 to 9999. */
#define TIME(name)                                                                                 \
	{                                                                                          \
		name, SC_INT, 0, -62167219200ll, 253402300799ll, 0, 0                              \
	}
#define LINE(name, max)                                                                            \
	{                                                                                          \
		name, SC_TEXT, 0, 0, max, 0, 0                                                     \
	}
#define TEXT(name, max)                                                                            \
	{                                                                                          \
		name, SC_TEXT, 0, 0, max, 1, 0                                                     \
	}
#define TEXT_NULL(name, max)                                                                       \
	{                                                                                          \
		name, SC_TEXT, 1, 0, max, 1, 0                                                     \
	}

static const struct store_col user_cols[] = {
    ID("id"),
    LINE("handle", 32),
    LINE("name", 200),
    TEXT("bio", 4000),
    {"role", SC_INT, 0, 0, ROLE_LAST, 0, 0},
    TIME("created"),
    /* The avatar's address in the media library ("/media/HASH.EXT"), or "". */
    LINE("avatar", 200),
};
const struct store_copy store_copy_users = {
    "users",
    "SELECT id, handle, name, bio, role, created, avatar FROM users ORDER BY id",
    "INSERT INTO users(id, handle, name, bio, role, created, avatar)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    user_cols,
    N(user_cols),
};

/* A tag's key is its case-folded name, derived again. */
static const struct store_col tag_cols[] = {
    ID("id"),
    LINE("name", 64),
    {"key", SC_TEXT, 0, 0, 256, 0, 1},
};
const struct store_copy store_copy_tags = {
    "tags",
    "SELECT id, name FROM tags ORDER BY id",
    "INSERT INTO tags(id, name, key) VALUES(?1, ?2, ?3)",
    tag_cols,
    N(tag_cols),
};

static const struct store_col old_slug_cols[] = {LINE("slug", 80), ID("post")};
const struct store_copy store_copy_old_slugs = {
    "old slugs",
    "SELECT slug, post_id FROM slug_redirects ORDER BY slug",
    "INSERT INTO slug_redirects(slug, post_id) SELECT ?1, ?2"
    " WHERE EXISTS(SELECT 1 FROM posts WHERE id = ?2)",
    old_slug_cols,
    N(old_slug_cols),
};

static const struct store_col old_path_cols[] = {
    LINE("path", 1024),
    ID_NULL("post"),
    {"target", SC_TEXT, 1, 0, 1024, 0, 0},
};
const struct store_copy store_copy_old_paths = {
    "old addresses",
    "SELECT path, post_id, target FROM old_paths ORDER BY path",
    "INSERT INTO old_paths(path, post_id, target) SELECT ?1, ?2, ?3"
    " WHERE ?2 IS NULL OR EXISTS(SELECT 1 FROM posts WHERE id = ?2)",
    old_path_cols,
    N(old_path_cols),
};

static const struct store_col origin_cols[] = {
    LINE("source", 1024),
    LINE("kind", 16),
    {"wp_id", SC_INT, 0, 0, 999999999999999999ll, 0, 0},
    ID("local_id"),
};
const struct store_copy store_copy_origins = {
    "origins",
    "SELECT source, kind, wp_id, local_id FROM import_map ORDER BY source, kind, wp_id",
    "INSERT INTO import_map(source, kind, wp_id, local_id) VALUES(?1, ?2, ?3, ?4)",
    origin_cols,
    N(origin_cols),
};

static const struct store_col revision_cols[] = {
    ID("id"),	     ID("post"),
    ID_NULL("user"), {"kind", SC_INT, 0, 0, 1, 0, 0},
    TIME("saved"),   TEXT("source", 8 * MiB),
};
const struct store_copy store_copy_revisions = {
    "revisions",
    "SELECT id, post_id, user_id, kind, saved, source FROM revisions ORDER BY id",
    "INSERT INTO revisions(id, post_id, user_id, kind, saved, source)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS(SELECT 1 FROM posts WHERE id = ?2)"
    " AND (?3 IS NULL OR EXISTS(SELECT 1 FROM users WHERE id = ?3))",
    revision_cols,
    N(revision_cols),
};

/* Comments without their emails (sealed with the press's own key) and the tags of their
 * addresses (keyed with it): neither means anything to another press. */
static const struct store_col comment_cols[] = {
    ID("id"),
    ID("post"),
    {"parent", SC_INT, 0, 0, 999999999999999999ll, 0, 0},
    {"depth", SC_INT, 0, 0, 5, 0, 0},
    LINE("name", 100),
    LINE("website", 500),
    TEXT("body_md", 16 * MiB),
    TEXT("body_html", 64 * MiB),
    {"status", SC_INT, 0, 0, 5, 0, 0},
    TIME("created"),
    {"edited", SC_INT, 0, 0, 253402300799ll, 0, 0},
    TEXT_NULL("pending_md", 16 * MiB),
    TEXT_NULL("pending_html", 64 * MiB),
    /* A reply from the Fediverse: its author, the note it is, their profile and avatar. */
    {"actor_uri", SC_TEXT, 1, 0, 2048, 0, 0},
    {"object_uri", SC_TEXT, 1, 0, 2048, 0, 0},
    {"profile_url", SC_TEXT, 1, 0, 2048, 0, 0},
    {"avatar", SC_TEXT, 1, 0, 80, 0, 0},
    /* A writer's own comment: who wrote it (their writer mark). */
    ID_NULL("user"),
    {"body_hash", SC_BLOB, 0, 32, 32, 0, 1},
};
const struct store_copy store_copy_comments = {
    "comments",
    "SELECT id, post_id, parent_id, depth, name, website, body_md, body_html, status, created,"
    " edited, pending_md, pending_html, actor_uri, object_uri, profile_url, avatar, user_id"
    " FROM comments ORDER BY id",
    "INSERT INTO comments(id, post_id, parent_id, depth, name, website, body_md, body_html,"
    " status, created, edited, pending_md, pending_html, actor_uri, object_uri, profile_url,"
    " avatar, user_id, body_hash, addr)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, '' WHERE EXISTS(SELECT 1 FROM posts WHERE id = ?2)"
    " AND (?3 = 0 OR EXISTS(SELECT 1 FROM comments WHERE id = ?3 AND post_id = ?2))"
    " AND (?18 IS NULL OR EXISTS(SELECT 1 FROM users WHERE id = ?18))",
    comment_cols,
    N(comment_cols),
};

static const struct store_col modlog_cols[] = {
    ID("id"),
    TIME("at"),
    ID("comment"),
    ID("post"),
    LINE("action", 32),
    TEXT("reason", 4000),
    TEXT_NULL("text", 16 * MiB),
};
const struct store_copy store_copy_modlog = {
    "moderation log",
    "SELECT id, at, comment_id, post_id, action, reason, text FROM moderation_log ORDER BY id",
    "INSERT INTO moderation_log(id, at, comment_id, post_id, action, reason, text)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    modlog_cols,
    N(modlog_cols),
};

static const struct store_col media_cols[] = {
    LINE("hash", 64),	LINE("ext", 4),	 LINE("type", 64), {"size", SC_INT, 0, 0, 1024 * MiB, 0, 0},
    LINE("name", 1024), ID_NULL("user"), TIME("created"),
};
const struct store_copy store_copy_media = {
    "media",
    "SELECT hash, ext, type, size, name, user_id, created FROM media ORDER BY hash",
    "INSERT INTO media(hash, ext, type, size, name, user_id, created)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    media_cols,
    N(media_cols),
};

/* An issue's editorial is rendered again from its Markdown; its book is made again. */
static const struct store_col issue_cols[] = {
    ID("id"),
    {"volume", SC_INT, 0, 1, 9999, 0, 0},
    {"number", SC_INT, 0, 1, 9999, 0, 0},
    LINE("month", 7),
    LINE("title", 300),
    TEXT("editors", 2100),
    {"cover", SC_TEXT, 1, 0, 69, 0, 0},
    {"visibility", SC_INT, 0, 0, 1, 0, 0},
    {"status", SC_INT, 0, 0, 1, 0, 0},
    LINE("uuid", 36),
    TEXT("editorial_md", 1 * MiB),
    TEXT("source", 1 * MiB),
    LINE("base_url", 1024),
    {"published", SC_INT, 0, 0, 253402300799ll, 0, 0},
    TIME("updated"),
    TIME("created"),
    {"editorial_html", SC_TEXT, 0, 0, 16 * MiB, 1, 1},
};
const struct store_copy store_copy_issues = {
    "issues",
    "SELECT id, volume, number, month, title, editors, cover, visibility, status, uuid,"
    " editorial_md, source, base_url, published, updated, created FROM issues ORDER BY id",
    "INSERT INTO issues(id, volume, number, month, title, editors, cover, visibility, status,"
    " uuid, editorial_md, source, base_url, published, updated, created, editorial_html)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    issue_cols,
    N(issue_cols),
};

static const struct store_col issue_post_cols[] = {
    ID("issue"),
    {"pos", SC_INT, 0, 0, 99, 0, 0},
    LINE("slug", 80),
};
const struct store_copy store_copy_issue_posts = {
    "issue posts",
    "SELECT issue_id, pos, slug FROM issue_posts ORDER BY issue_id, pos",
    "INSERT INTO issue_posts(issue_id, pos, slug) SELECT ?1, ?2, ?3"
    " WHERE EXISTS(SELECT 1 FROM issues WHERE id = ?1)",
    issue_post_cols,
    N(issue_post_cols),
};

static const struct store_col piece_cols[] = {
    ID("issue"),
    {"pos", SC_INT, 0, 0, 99, 0, 0},
    LINE("slug", 80),
    LINE("title", 300),
    {"author_handle", SC_TEXT, 1, 0, 32, 0, 0},
    {"author_name", SC_TEXT, 1, 0, 200, 0, 0},
    TEXT("standfirst", 64 * 1024),
    TEXT("body_html", 64 * MiB),
    TIME("published"),
};
const struct store_copy store_copy_pieces = {
    "issue pieces",
    "SELECT issue_id, pos, slug, title, author_handle, author_name, standfirst, body_html,"
    " published FROM issue_pieces ORDER BY issue_id, pos",
    "INSERT INTO issue_pieces(issue_id, pos, slug, title, author_handle, author_name,"
    " standfirst, body_html, published) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
    " WHERE EXISTS(SELECT 1 FROM issues WHERE id = ?1)",
    piece_cols,
    N(piece_cols),
};

/* Branches by their names only: who is in them is the member list, which stays home. */
static const struct store_col branch_cols[] = {
    ID("id"),
    LINE("name", 200),
    TIME("created"),
};
const struct store_copy store_copy_branches = {
    "branches",
    "SELECT id, name, created FROM branches ORDER BY id",
    "INSERT INTO branches(id, name, created) VALUES(?1, ?2, ?3)",
    branch_cols,
    N(branch_cols),
};

#define COUNT(name, max)                                                                           \
	{                                                                                          \
		name, SC_INT, 0, 0, max, 0, 0                                                      \
	}
static const struct store_col resolution_cols[] = {
    ID("id"),
    LINE("slug", 80),
    LINE("title", 300),
    TEXT("reason", 64 * 1024),
    COUNT("visibility", 1),
    LINE("deadline", 10),
    COUNT("state", 3),
    TEXT("draft", 1 * MiB),
    ID_NULL("author"),
    COUNT("current", 1000000),
    {"next_para", SC_INT, 0, 1, 1000000000, 0, 0},
    {"next_amendment", SC_INT, 0, 1, 1000000000, 0, 0},
    TIME("created"),
    TIME("updated"),
    COUNT("circulated", 253402300799ll),
};
const struct store_copy store_copy_resolutions = {
    "resolutions",
    "SELECT id, slug, title, reason, visibility, deadline, state, draft, author_id, current,"
    " next_para, next_amendment, created, updated, circulated FROM resolutions ORDER BY id",
    "INSERT INTO resolutions(id, slug, title, reason, visibility, deadline, state, draft,"
    " author_id, current, next_para, next_amendment, created, updated, circulated)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15"
    " WHERE ?9 IS NULL OR EXISTS(SELECT 1 FROM users WHERE id = ?9)",
    resolution_cols,
    N(resolution_cols),
};

static const struct store_col res_version_cols[] = {
    ID("resolution"),	     {"n", SC_INT, 0, 1, 1000000, 0, 0},
    TEXT("body", 1 * MiB),   LINE("para_ids", 1 * MiB),
    TEXT("note", 64 * 1024), LINE("made_by", 300),
    TIME("created"),
};
const struct store_copy store_copy_res_versions = {
    "resolution versions",
    "SELECT resolution_id, n, body, para_ids, note, made_by, created FROM res_versions"
    " ORDER BY resolution_id, n",
    "INSERT INTO res_versions(resolution_id, n, body, para_ids, note, made_by, created)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS(SELECT 1 FROM resolutions WHERE id = ?1)",
    res_version_cols,
    N(res_version_cols),
};

/* Who proposed an amendment is a member, left out: the amendment stays, as when its member is
 * deleted. A branch's amendment keeps its branch. */
static const struct store_col res_amendment_cols[] = {
    ID("resolution"),
    {"n", SC_INT, 0, 1, 1000000000, 0, 0},
    {"version", SC_INT, 0, 1, 1000000, 0, 0},
    COUNT("kind", 2),
    COUNT("line_from", 100000000),
    COUNT("line_to", 100000000),
    TEXT("text", 1 * MiB),
    TEXT("reason", 64 * 1024),
    ID_NULL("branch"),
    COUNT("state", 3),
    COUNT("into", 1000000),
    TIME("created"),
    COUNT("changed", 253402300799ll),
};
const struct store_copy store_copy_res_amendments = {
    "amendments",
    "SELECT resolution_id, n, version, kind, line_from, line_to, text, reason, branch_id,"
    " state, into_version, created, changed FROM res_amendments ORDER BY resolution_id, n",
    "INSERT INTO res_amendments(resolution_id, n, version, kind, line_from, line_to, text,"
    " reason, member_id, branch_id, state, into_version, created, changed)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?10, ?11, ?12, ?13"
    " WHERE EXISTS(SELECT 1 FROM res_versions WHERE resolution_id = ?1 AND n = ?3)"
    " AND (?9 IS NULL OR EXISTS(SELECT 1 FROM branches WHERE id = ?9))"
    " AND (?11 = 0 OR EXISTS(SELECT 1 FROM res_versions WHERE resolution_id = ?1 AND n = ?11))",
    res_amendment_cols,
    N(res_amendment_cols),
};

#define VOTES(name)                                                                                \
	{                                                                                          \
		name, SC_INT, 1, 0, 100000000, 0, 0                                                \
	}
/* A branch's decision, and its corrections; who recorded it is a member, left out. */
static const struct store_col res_decision_cols[] = {
    ID("id"),
    ID("resolution"),
    ID("branch"),
    {"version", SC_INT, 0, 1, 1000000, 0, 0},
    COUNT("outcome", 3),
    LINE("decided_on", 10),
    VOTES("votes_for"),
    VOTES("votes_against"),
    VOTES("votes_abstain"),
    LINE("amendments", 64 * 1024),
    TEXT("note", 64 * 1024),
    TIME("recorded_at"),
};
const struct store_copy store_copy_res_decisions = {
    "decisions",
    "SELECT id, resolution_id, branch_id, version, outcome, decided_on, votes_for,"
    " votes_against, votes_abstain, amendments, note, recorded_at FROM res_decisions ORDER BY id",
    "INSERT INTO res_decisions(id, resolution_id, branch_id, version, outcome, decided_on,"
    " votes_for, votes_against, votes_abstain, amendments, note, recorded_by, recorded_at)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, ?12"
    " WHERE EXISTS(SELECT 1 FROM res_versions WHERE resolution_id = ?2 AND n = ?4)"
    " AND EXISTS(SELECT 1 FROM branches WHERE id = ?3)",
    res_decision_cols,
    N(res_decision_cols),
};

/* An endorsement by a member keeps its place in the count, without the member. */
static const struct store_col res_endorsement_cols[] = {
    ID("id"),	       ID("resolution"), {"version", SC_INT, 0, 1, 1000000, 0, 0},
    ID_NULL("branch"), TIME("created"),
};
const struct store_copy store_copy_res_endorsements = {
    "endorsements",
    "SELECT id, resolution_id, version, branch_id, created FROM res_endorsements ORDER BY id",
    "INSERT INTO res_endorsements(id, resolution_id, version, member_id, branch_id, created)"
    " SELECT ?1, ?2, ?3, NULL, ?4, ?5"
    " WHERE EXISTS(SELECT 1 FROM res_versions WHERE resolution_id = ?2 AND n = ?3)"
    " AND (?4 IS NULL OR EXISTS(SELECT 1 FROM branches WHERE id = ?4))",
    res_endorsement_cols,
    N(res_endorsement_cols),
};

static const struct store_col res_log_cols[] = {
    ID("id"),		ID("resolution"),   TIME("at"),
    LINE("actor", 300), LINE("action", 64), TEXT("reason", 64 * 1024),
};
const struct store_copy store_copy_res_log = {
    "resolutions log",
    "SELECT id, resolution_id, at, actor, action, reason FROM res_log ORDER BY id",
    "INSERT INTO res_log(id, resolution_id, at, actor, action, reason)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS(SELECT 1 FROM resolutions WHERE id = ?2)",
    res_log_cols,
    N(res_log_cols),
};

/* The remote actors the press knows (followers, those who replied, liked or boosted), as last
 * fetched: their addresses, inboxes and public keys are public; avatar names a file of
 * fediverse/avatars/. */
static const struct store_col fed_actor_cols[] = {
    ID("id"),
    LINE("uri", 2048),
    LINE("domain", 255),
    LINE("inbox", 2048),
    LINE("shared_inbox", 2048),
    LINE("key_id", 2048),
    TEXT("key_pem", 16 * 1024),
    LINE("name", 1000),
    LINE("handle", 1000),
    LINE("url", 2048),
    LINE("icon_url", 2048),
    LINE("avatar", 80),
    COUNT("avatar_tried", 1),
    COUNT("fetched", 253402300799ll),
};
const struct store_copy store_copy_fed_actors = {
    "actors",
    "SELECT id, uri, domain, inbox, shared_inbox, key_id, key_pem, name, handle, url, icon_url,"
    " avatar, avatar_tried, fetched FROM fed_actors ORDER BY id",
    "INSERT INTO fed_actors(id, uri, domain, inbox, shared_inbox, key_id, key_pem, name, handle,"
    " url, icon_url, avatar, avatar_tried, fetched)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    fed_actor_cols,
    N(fed_actor_cols),
};

/* local: 0 for the press, else the writer followed. */
static const struct store_col fed_follower_cols[] = {
    COUNT("local", 999999999999999999ll),
    ID("actor"),
    LINE("follow_uri", 2048),
    TIME("created"),
};
const struct store_copy store_copy_fed_followers = {
    "followers",
    "SELECT local, actor_id, follow_uri, created FROM fed_followers ORDER BY local, actor_id",
    "INSERT INTO fed_followers(local, actor_id, follow_uri, created) SELECT ?1, ?2, ?3, ?4"
    " WHERE EXISTS(SELECT 1 FROM fed_actors WHERE id = ?2)"
    " AND (?1 = 0 OR EXISTS(SELECT 1 FROM users WHERE id = ?1))",
    fed_follower_cols,
    N(fed_follower_cols),
};

/* The press's blocks of servers and actors: its own choice, kept with it. */
static const struct store_col fed_block_cols[] = {
    LINE("target", 2048),
    COUNT("domain", 1),
    TEXT("reason", 4000),
    TIME("created"),
};
const struct store_copy store_copy_fed_blocks = {
    "blocks",
    "SELECT target, domain, reason, created FROM fed_blocks ORDER BY target",
    "INSERT INTO fed_blocks(target, domain, reason, created) VALUES(?1, ?2, ?3, ?4)",
    fed_block_cols,
    N(fed_block_cols),
};

/* Likes (kind 0) and boosts (1) of posts. */
static const struct store_col fed_reaction_cols[] = {
    ID("post"), ID("actor"), COUNT("kind", 1), LINE("uri", 2048), TIME("created"),
};
const struct store_copy store_copy_fed_reactions = {
    "reactions",
    "SELECT post_id, actor_id, kind, uri, created FROM fed_reactions"
    " ORDER BY post_id, actor_id, kind",
    "INSERT INTO fed_reactions(post_id, actor_id, kind, uri, created) SELECT ?1, ?2, ?3, ?4, ?5"
    " WHERE EXISTS(SELECT 1 FROM posts WHERE id = ?1)"
    " AND EXISTS(SELECT 1 FROM fed_actors WHERE id = ?2)",
    fed_reaction_cols,
    N(fed_reaction_cols),
};

/* The posts that went out to the Fediverse (gone: when one was taken back, its address then
 * answering 410). A writer no longer there leaves the author empty. */
static const struct store_col fed_object_cols[] = {
    ID("post"), LINE("slug", 80), ID_NULL("author"), TIME("created"), COUNT("gone", 253402300799ll),
};
const struct store_copy store_copy_fed_objects = {
    "federated posts",
    "SELECT post_id, slug, author_id, created, gone FROM fed_objects ORDER BY post_id",
    "INSERT INTO fed_objects(post_id, slug, author_id, created, gone)"
    " SELECT ?1, ?2, (SELECT id FROM users WHERE id = ?3), ?4, ?5",
    fed_object_cols,
    N(fed_object_cols),
};

int store_bundle_fed_objects_clear(struct store *s)
{
	sqlite3_stmt *st = store_sql(s, "DELETE FROM fed_objects");
	return st ? store_done(st) : -1;
}

int store_bundle_avatar_names(struct store *s, int (*fn)(void *ud, const char *name), void *ud)
{
	sqlite3_stmt *st = store_sql(
	    s, "SELECT avatar FROM fed_actors WHERE avatar != '' UNION SELECT avatar FROM comments"
	       " WHERE avatar IS NOT NULL AND avatar != '' ORDER BY 1");
	if (!st)
		return -1;
	int rc, out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((out = fn(ud, (const char *)sqlite3_column_text(st, 0))) != 0)
			break;
	sqlite3_reset(st);
	return out ? out : rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_bundle_res_index(struct store *s)
{
	sqlite3_stmt *st = store_sql(
	    s,
	    "INSERT INTO resolutions_fts(rowid, title, body) SELECT r.id, r.title, v.body"
	    " FROM resolutions r JOIN res_versions v ON v.resolution_id = r.id AND v.n = r.current"
	    " WHERE r.state > 0");
	return st ? store_done(st) : -1;
}

long long store_bundle_res_unversioned(struct store *s)
{
	sqlite3_stmt *st = store_sql(
	    s, "SELECT count(*) FROM resolutions r WHERE r.current > 0 AND NOT EXISTS(SELECT 1"
	       " FROM res_versions v WHERE v.resolution_id = r.id AND v.n = r.current)");
	if (!st)
		return -1;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int store_copy_each(struct store *s, const struct store_copy *t,
		    int (*fn)(void *ud, const struct store_val *v), void *ud)
{
	sqlite3_stmt *st = store_sql(s, t->select_sql);
	if (!st)
		return -1;
	struct store_val v[STORE_COPY_MAX_COLS];
	int rc, out = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		for (int i = 0; i < n && i < STORE_COPY_MAX_COLS; i++) {
			memset(&v[i], 0, sizeof(v[i]));
			int type = sqlite3_column_type(st, i);
			v[i].null = type == SQLITE_NULL;
			if (type == SQLITE_INTEGER) {
				v[i].i = sqlite3_column_int64(st, i);
			} else if (!v[i].null) {
				v[i].s = (const char *)sqlite3_column_text(st, i);
				v[i].len = (size_t)sqlite3_column_bytes(st, i);
				if (!v[i].s)
					v[i].s = "";
			}
		}
		if ((out = fn(ud, v)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (out)
		return out;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int store_copy_put(struct store *s, const struct store_copy *t, const struct store_val *v)
{
	sqlite3_stmt *st = store_sql(s, t->insert_sql);
	if (!st)
		return -1;
	for (size_t i = 0; i < t->ncols; i++) {
		int at = (int)i + 1;
		if (v[i].null)
			sqlite3_bind_null(st, at);
		else if (t->cols[i].kind == SC_INT)
			sqlite3_bind_int64(st, at, v[i].i);
		else if (t->cols[i].kind == SC_BLOB)
			sqlite3_bind_blob(st, at, v[i].s, (int)v[i].len, SQLITE_STATIC);
		else
			sqlite3_bind_text(st, at, v[i].s, (int)v[i].len, SQLITE_STATIC);
	}
	return store_changes(s, st);
}

int store_bundle_read_begin(struct store *s)
{
	sqlite3_stmt *st = store_sql(s, "BEGIN");
	if (!st || store_done(st) != 0)
		return -1;
	/* The snapshot starts with the first read. */
	st = store_sql(s, "SELECT count(*) FROM meta");
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
	if (st)
		sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	store_bundle_read_end(s);
	return -1;
}

void store_bundle_read_end(struct store *s)
{
	sqlite3_stmt *st = store_sql(s, "COMMIT");
	if (st)
		store_done(st);
}

int store_bundle_post_ids(struct store *s, struct pool *p, long long after_id, int limit,
			  long long **ids, size_t *n)
{
	sqlite3_stmt *st = store_sql(s, "SELECT id FROM posts WHERE id > ?1 ORDER BY id LIMIT ?2");
	*n = 0;
	*ids = pool_alloc(p, (size_t)limit * sizeof(**ids));
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_bundle_post_created(struct store *s, long long id, long long *created)
{
	sqlite3_stmt *st = store_sql(s, "SELECT created FROM posts WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*created = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int store_bundle_post_times(struct store *s, long long id, long long created, long long updated)
{
	sqlite3_stmt *st =
	    store_sql(s, "UPDATE posts SET created = ?2, updated = ?3 WHERE id = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, created);
	sqlite3_bind_int64(st, 3, updated);
	return store_changes(s, st) == 1 ? 0 : -1;
}

long long store_bundle_members(struct store *s)
{
	sqlite3_stmt *st = store_sql(s, "SELECT count(*) FROM members");
	if (!st)
		return -1;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int store_bundle_forget_jobs(struct store *s)
{
	sqlite3_stmt *st = store_sql(s, "DELETE FROM jobs");
	return st ? store_done(st) : -1;
}
