/* admin_members: the membership officer's pages (and the owner's): the member list with one
 * email shown at a time, admitting members, branches and their secretaries, the outbox of
 * mail, and the audit log of all of it. */
#include "admin/admin.h"
#include "job/job.h"
#include "member/audit.h"
#include "member/member.h"
#include "page/page.h"
#include "render/val.h"
#include "route/route.h"
#include "store/store_audit.h"
#include "store/store_members.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LIST_PAGE 100

static const char *actor(struct req *r)
{
	return pool_printf(r->pool, "@%s", r->me.handle);
}

static const char *state_name(int state)
{
	return state == MEMBER_MEMBER	    ? "member"
	       : state == MEMBER_SUBSCRIBER ? "subscriber"
					    : "waiting to confirm";
}

/* A POSTed action on one member: 0 with a notice, or the status of a refusal with *msg. */
static int act(struct req *r, const char **notice, const char **shown)
{
	struct member_ctx c = page_member_ctx(r);
	const char *what = req_field(r, "action");
	long long id = atoll(req_field(r, "id"));
	long long branch = atoll(req_field(r, "branch"));
	enum member_result rc = MEMBER_ERROR;
	if (id <= 0) {
		*notice = "Choose a member.";
		return 400;
	}
	if (strcmp(what, "reveal") == 0) {
		const char *email = member_reveal(&c, id, actor(r));
		if (!email) {
			*notice = "There is no such member.";
			return 404;
		}
		*shown = email;
		*notice = "The email is shown once, below; the audit log says that you looked.";
		return 0;
	}
	if (strcmp(what, "admit") == 0)
		rc = member_set_state(&c, id, MEMBER_MEMBER, actor(r));
	else if (strcmp(what, "demote") == 0)
		rc = member_set_state(&c, id, MEMBER_SUBSCRIBER, actor(r));
	else if (strcmp(what, "branch") == 0 || strcmp(what, "secretary") == 0)
		rc = member_branch(&c, id, branch, 1, what[0] == 's', actor(r));
	else if (strcmp(what, "unbranch") == 0)
		rc = member_branch(&c, id, branch, 0, 0, actor(r));
	else if (strcmp(what, "delete") == 0)
		rc = member_delete(&c, id, actor(r));
	else {
		*notice = "Choose an action.";
		return 400;
	}
	if (rc == MEMBER_UNCONFIRMED) {
		*notice = "This address has not been confirmed by its owner yet.";
		return 409;
	}
	if (rc == MEMBER_NO_LINK) {
		*notice = "There is no such member or branch.";
		return 404;
	}
	if (rc != MEMBER_OK) {
		*notice = "The site could not write its database.";
		return 500;
	}
	*notice = "Done; the audit log has it.";
	return 0;
}

int admin_members(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct member_ctx c = page_member_ctx(r);
	const char *notice = NULL, *error = NULL, *shown = NULL;
	long long shown_id = 0;
	if (r->post) {
		int st = act(r, &notice, &shown);
		if (st) {
			error = notice;
			notice = NULL;
			out->status = st;
		} else if (shown) {
			shown_id = atoll(req_field(r, "id"));
		} else {
			return admin_redirect(out, "/admin/members?done=1");
		}
	} else if (req_arg(r, "done")) {
		notice = "Done; the audit log has it.";
	}
	const char *after_s = req_arg(r, "after");
	long long after = after_s ? atoll(after_s) : 0;
	struct member_row *rows;
	size_t n;
	struct branch_row *branches;
	size_t nbranches;
	if (store_members_list(r->store, p, MEMBER_PENDING, after, LIST_PAGE + 1, &rows, &n) != 0 ||
	    store_branches(r->store, p, &branches, &nbranches) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *v = admin_base(r, "Members");
	val_set_num(p, v, "count_members", store_member_count(r->store, MEMBER_MEMBER));
	val_set_num(p, v, "count_subscribers", store_member_count(r->store, MEMBER_SUBSCRIBER));
	struct val *bl = val_set(p, v, "branches", val_list(p));
	for (size_t i = 0; i < nbranches; i++) {
		struct val *b = val_map(p);
		val_set_num(p, b, "id", (double)branches[i].id);
		val_set_str(p, b, "name", branches[i].name);
		val_push(p, bl, b);
	}
	val_set_bool(p, v, "has_branches", nbranches > 0);
	struct val *list = val_set(p, v, "members", val_list(p));
	for (size_t i = 0; i < n && i < LIST_PAGE; i++) {
		struct val *m = val_map(p);
		const char *name = member_name(&c, &rows[i]);
		val_set_num(p, m, "id", (double)rows[i].id);
		val_set_str(p, m, "name", *name ? name : "(no name given)");
		val_set_str(p, m, "state", state_name(rows[i].state));
		val_set_bool(p, m, "is_member", rows[i].state == MEMBER_MEMBER);
		val_set_bool(p, m, "is_subscriber", rows[i].state == MEMBER_SUBSCRIBER);
		val_set(p, m, "date", page_date_val(p, rows[i].created));
		val_set(p, m, "email", rows[i].id == shown_id ? val_str(p, shown) : val_null(p));
		struct branch_row *mb;
		int *sec;
		size_t nmb;
		if (store_member_branches(r->store, p, rows[i].id, &mb, &sec, &nmb) != 0)
			return admin_fail(r, out, 500, "The site could not read its database."), -1;
		struct val *in = val_set(p, m, "in", val_list(p));
		for (size_t k = 0; k < nmb; k++) {
			struct val *b = val_map(p);
			val_set_num(p, b, "id", (double)mb[k].id);
			val_set_str(p, b, "name", mb[k].name);
			val_set_bool(p, b, "secretary", sec[k]);
			val_set_num(p, b, "member", (double)rows[i].id);
			val_push(p, in, b);
		}
		val_push(p, list, m);
	}
	val_set_bool(p, v, "has_members", n > 0);
	if (n > LIST_PAGE)
		val_set_str(p, v, "next_url",
			    pool_printf(p, "/admin/members?after=%lld", rows[LIST_PAGE - 1].id));
	val_set(p, v, "notice", notice ? val_str(p, notice) : val_null(p));
	val_set(p, v, "error", error ? val_str(p, error) : val_null(p));
	return admin_render(r, "admin_members", v, out);
}

int admin_branches(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	const char *error = NULL, *name = "";
	if (r->post) {
		name = req_field(r, "name");
		size_t len = strlen(name);
		long long id;
		if (!len || len > 100 || !utf8_valid(name, len, NULL) || strpbrk(name, "\r\n\t")) {
			error = "A branch's name has 1 to 100 characters, on one line.";
		} else if (store_begin(r->store) != 0) {
			return admin_fail(r, out, 500, "The site could not write its database."),
			       -1;
		} else {
			/* Committed in full: every resolution's table of decisions lists the
			 * branches. */
			int rc = store_branch_add(r->store, name, r->now, &id);
			if (rc == 1) {
				store_rollback(r->store);
				error = "There is a branch of that name already.";
			} else if (rc != 0 || store_commit(r->store) != 0) {
				store_rollback(r->store);
				return admin_fail(r, out, 500,
						  "The site could not write its database."),
				       -1;
			} else {
				return admin_redirect(out, "/admin/branches");
			}
		}
		out->status = 400;
	}
	struct branch_row *rows;
	size_t n;
	if (store_branches(r->store, p, &rows, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *v = admin_base(r, "Branches");
	struct val *list = val_set(p, v, "branches", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *b = val_map(p);
		val_set_str(p, b, "name", rows[i].name);
		val_set_num(p, b, "members", rows[i].members);
		val_set_num(p, b, "secretaries", rows[i].secretaries);
		val_push(p, list, b);
	}
	val_set_bool(p, v, "has_branches", n > 0);
	val_set_str(p, v, "name", name);
	val_set(p, v, "error", error ? val_str(p, error) : val_null(p));
	return admin_render(r, "admin_branches", v, out);
}

static const char *job_state(int s)
{
	static const char *const names[] = {"waiting", "sending", "sent", "given up"};
	return s >= 0 && s < 4 ? names[s] : "?";
}

static const char *job_what(const char *kind)
{
	return strcmp(kind, "mail_news") == 0 ? "a new post"
	       : strcmp(kind, "mail_issue") == 0
		   ? "a new issue of the journal"
		   : "a message (a sign-in or confirmation link, or a "
		     "resolution for the branches)";
}

int admin_outbox(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct job *rows;
	size_t n;
	int counts[4];
	if (job_list(r->store, p, "mail", 200, &rows, &n) != 0 ||
	    job_counts(r->store, "mail", counts) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *v = admin_base(r, "Outbox");
	val_set_bool(p, v, "smtp", r->site.smtp_url[0] != '\0');
	val_set_str(p, v, "smtp_url", r->site.smtp_url);
	for (int i = 0; i < 4; i++)
		val_set_num(p, v, pool_printf(p, "n%d", i), counts[i]);
	struct val *list = val_set(p, v, "mails", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *m = val_map(p);
		val_set_num(p, m, "id", (double)rows[i].id);
		val_set_str(p, m, "what", job_what(rows[i].kind));
		val_set_str(p, m, "state", job_state(rows[i].state));
		val_set_num(p, m, "tries", rows[i].tries);
		val_set(p, m, "created", page_date_val(p, rows[i].created));
		val_set(p, m, "next",
			rows[i].state == JOB_WAITING ? page_date_val(p, rows[i].next_at)
						     : val_null(p));
		val_set(p, m, "error",
			*rows[i].last_error ? val_str(p, rows[i].last_error) : val_null(p));
		/* Without SMTP, a sent mail is a file to read. */
		val_set_bool(p, m, "file", !r->site.smtp_url[0] && rows[i].state == JOB_DONE);
		val_push(p, list, m);
	}
	val_set_bool(p, v, "has_mails", n > 0);
	return admin_render(r, "admin_outbox", v, out);
}

int admin_outbox_file(struct req *r, struct page_out *out)
{
	/* A mail holds an address and a live link: reading one is a look at the list. */
	struct job j;
	if (job_get(r->store, r->pool, r->route->id, &j) != 0 || strncmp(j.kind, "mail", 4) != 0)
		return admin_fail(r, out, 404, "There is no such mail in the outbox.");
	char path[4200];
	snprintf(path, sizeof(path), "%s/outbox/%lld.eml", r->data_dir, r->route->id);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > (1 << 20)) {
		if (fd >= 0)
			close(fd);
		return admin_fail(r, out, 404, "There is no such mail in the outbox.");
	}
	if (store_begin(r->store) != 0 ||
	    audit_add(r->store, r->keys, r->now, actor(r), "outbox", j.ref2,
		      pool_printf(r->pool, "read mail %lld in the outbox", j.id)) != 0 ||
	    store_commit_quiet(r->store) != 0) {
		store_rollback(r->store);
		close(fd);
		return admin_fail(r, out, 500, "The site could not write its database."), -1;
	}
	char chunk[8192];
	ssize_t got;
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(&out->body, chunk, (size_t)got);
	close(fd);
	out->status = 200;
	out->type = "text/plain; charset=utf-8";
	return 0;
}

int admin_audit(struct req *r, struct page_out *out)
{
	struct pool *p = r->pool;
	struct audit_row *rows;
	size_t n;
	if (store_audit_rows(r->store, p, 0, 1000, 1, &rows, &n) != 0)
		return admin_fail(r, out, 500, "The site could not read its database."), -1;
	struct val *v = admin_base(r, "Audit log");
	struct val *list = val_set(p, v, "entries", val_list(p));
	for (size_t i = 0; i < n; i++) {
		struct val *e = val_map(p);
		val_set_num(p, e, "id", (double)rows[i].id);
		val_set(p, e, "date", page_date_val(p, rows[i].at));
		val_set_str(p, e, "actor", rows[i].actor);
		val_set_str(p, e, "detail", rows[i].detail);
		val_set(p, e, "subject",
			rows[i].subject ? val_num(p, (double)rows[i].subject) : val_null(p));
		val_push(p, list, e);
	}
	val_set_bool(p, v, "has_entries", n > 0);
	return admin_render(r, "admin_audit", v, out);
}
