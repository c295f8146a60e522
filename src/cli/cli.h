/* cli: the `broadside` command line: its table of commands, their arguments and handlers. */
#ifndef BS_CLI_H
#define BS_CLI_H

#include "cli/cli_opts.h"

#include <stddef.h>

struct store;
struct cli_args;

/*
 * One row of the table (cli_table.c) per command and action. The dispatcher (main.c) finds
 * the row for "broadside CMD [ACTION]", parses the rest of the words with its options into a
 * struct cli_args, and calls run; --help output and usage errors are made from the row.
 */
struct cli_cmd {
	const char *name;	    /* "post" */
	const char *action;	    /* "add"; NULL for a command without actions ("init") */
	const char *args;	    /* positional arguments, as cli_opts_parse reads its spec */
	const char *summary;	    /* one line, for the lists of commands and actions */
	const char *details;	    /* paragraphs for this row's --help, or NULL */
	const struct cli_opt *opts; /* ended by OPT_END */
	int (*run)(const struct cli_args *a); /* the exit status: 0, 1 error, 2 usage */
};

/* Every row, ended by a row whose name is NULL. */
extern const struct cli_cmd cli_commands[];

/* What a handler gets: its row, the positional arguments and every option's value. An option
 * the row does not take keeps its zero value. */
struct cli_args {
	const struct cli_cmd *cmd;
	char **pos; /* the positional arguments, in order */
	int npos;

	const char *data, *press; /* --data (the folder) and --press (a press in it) */
	const char *title, *listen, *theme, *handle, *name, *bio, *role, *avatar;
	const char *reason, *text, *status, *email, *state, *media_dir, *to, *follower_base;
	const char *access_log, *out, *base_url;
	long threads, cache_mb, upload_mb, limit, days, posts, comments, subscribers, per_address,
	    header_seconds, work_ms;
	long member, followers, follower_inboxes;
	int demo, password_stdin, trust_proxy, delete_files, secretary, access_log_full_ip,
	    without_keys, federation_allow_private, force;
	/* resolution: read through the same checks as the browser's forms, so taken as text */
	const char *slug, *visibility, *deadline, *kind, *lines, *after, *version, *compare;
	const char *branch, *outcome, *date, *votes_for, *votes_against, *votes_abstain, *note;
	const char *amendments;
	long withdraw_n, resolution_amendments, resolution_branches;
	int withdraw;
	struct cli_list hosts;
};

/* The program's version, as `broadside --version` prints it (the Makefile's VERSION). */
extern const char cli_version[];

/* Runs the command line (argv[0] is the program); returns the exit status. */
int cli_main(int argc, char **argv);

/* --- handlers, one per row --- */
int cli_init(const struct cli_args *a);
int cli_serve(const struct cli_args *a);
int cli_gen(const struct cli_args *a);
int cli_search(const struct cli_args *a);
int cli_post_add(const struct cli_args *a);
int cli_post_list(const struct cli_args *a);
int cli_post_show(const struct cli_args *a);
int cli_post_delete(const struct cli_args *a);
int cli_post_rerender(const struct cli_args *a);
int cli_post_convert(const struct cli_args *a);
int cli_import_wordpress(const struct cli_args *a);
int cli_import_bundle(const struct cli_args *a);
int cli_export(const struct cli_args *a);
int cli_mirror(const struct cli_args *a);
int cli_user_add(const struct cli_args *a);
int cli_user_passwd(const struct cli_args *a);
int cli_user_role(const struct cli_args *a);
int cli_user_set(const struct cli_args *a);
int cli_user_list(const struct cli_args *a);
int cli_site_set(const struct cli_args *a);
int cli_site_show(const struct cli_args *a);
int cli_comment_list(const struct cli_args *a);
/* approve, reject, spam, remove and edit: the action is the row's. */
int cli_comment_moderate(const struct cli_args *a);
int cli_comment_ban(const struct cli_args *a);
int cli_member_add(const struct cli_args *a);
int cli_member_list(const struct cli_args *a);
int cli_member_admit(const struct cli_args *a);
int cli_branch_add(const struct cli_args *a);
int cli_branch_list(const struct cli_args *a);
int cli_branch_put(const struct cli_args *a);
int cli_audit_verify(const struct cli_args *a);
int cli_mail_retry(const struct cli_args *a);
int cli_journal_add(const struct cli_args *a);
int cli_journal_list(const struct cli_args *a);
int cli_journal_show(const struct cli_args *a);
int cli_journal_publish(const struct cli_args *a);
int cli_journal_epub(const struct cli_args *a);
int cli_res_add(const struct cli_args *a);
int cli_res_show(const struct cli_args *a);
int cli_res_list(const struct cli_args *a);
int cli_res_circulate(const struct cli_args *a);
int cli_res_amend(const struct cli_args *a);
int cli_res_merge(const struct cli_args *a);
int cli_res_decide(const struct cli_args *a);
int cli_res_endorse(const struct cli_args *a);
int cli_res_close(const struct cli_args *a);
int cli_fed_block(const struct cli_args *a);
int cli_fed_unblock(const struct cli_args *a);
int cli_fed_blocks(const struct cli_args *a);
int cli_fed_followers(const struct cli_args *a);
int cli_fed_deliveries(const struct cli_args *a);
int cli_committee_add(const struct cli_args *a);
int cli_committee_remove(const struct cli_args *a);
int cli_committee_list(const struct cli_args *a);
int cli_committee_verify(const struct cli_args *a);
int cli_press_add(const struct cli_args *a);
int cli_press_list(const struct cli_args *a);
int cli_press_hosts(const struct cli_args *a);
int cli_press_remove(const struct cli_args *a);
int cli_backup(const struct cli_args *a);
int cli_restore(const struct cli_args *a);
int cli_check(const struct cli_args *a);

/* --- shared by the handlers --- */

/*
 * The folder of the press that --data and --press name, into out (cli_open.c). When --data
 * is a server folder (serverdir_is), --press is required and selects DIR/presses/NAME, which
 * must exist unless create; elsewhere --press is refused and the folder is --data itself.
 * Returns 0, or the exit status after printing why not (1 error, 2 usage).
 */
int cli_press_dir(const struct cli_args *a, int create, char *out, size_t outlen);
/* Opens the press cli_press_dir names (creating its database when create) into *out.
 * Returns 0, or the exit status after printing why not. */
int cli_open(const struct cli_args *a, int create, struct store **out);
/* Opens the press's keys too (made when it has none yet), after which the values an older
 * version kept in clear are sealed. Returns 0, or the exit status after printing why not
 * (*keys is NULL then). */
struct press_keys;
int cli_open_keys(const struct cli_args *a, struct store *s, struct press_keys **keys);
/* The press folders of server_dir (folders under presses/ with a valid press name), sorted,
 * into *names (free with cli_names_free). 0, or -1 when presses/ cannot be read. */
int cli_press_folders(const char *server_dir, char ***names, size_t *n);
void cli_names_free(char **names, size_t n);
/* Their names as "a, b, c" into out (cut with ", ..." when they do not fit), or "none yet". */
void cli_press_names(const char *server_dir, char *out, size_t outlen);

/* Prints "broadside: " and the message to stderr; returns 1 for `return cli_fail(...)`. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Says what a chained log's check found (v as audit_verify returns it) of log ("the audit
 * log"): 0 when it holds, else 1 after saying where it breaks (cli_verify.c). */
int cli_chain_verdict(const char *log, int v, long long entries, long long bad, struct store *s);
/* Prints "broadside CMD ACTION: " and the message, then the line "Try 'broadside CMD ACTION
 * --help'.", to stderr; returns 2. */
int cli_usage(const struct cli_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A user-supplied line of text: valid UTF-8, no control characters (newlines when
 * allow_newlines), at most max bytes. 0, or 1 after an error naming what. */
int cli_check_text(const char *what, const char *s, size_t max, int allow_newlines);

/*
 * Creates the press in dir as `init` does (dir itself is made when missing, one level): the
 * database, today's rendering, the demo posts when demo, the title when not NULL. 0 with the
 * store open in *out, or 1 after printing the error; the caller removes what is left.
 */
int cli_create_press(const char *dir, int demo, const char *title, struct store **out);
/* Checks a title for init and press add: 0, or 1 after printing why not. */
int cli_check_title(const char *title);
/* One circulating resolution "bench-resolution" with amendments from the members of branches
 * made for it, each branch's decision and endorsements (cli_gen_res.c). 0 or 1. */
int cli_gen_resolution(struct store *s, const char *dir, long amendments, long branches);
/* Adds every demo post and writer compiled into the binary to s. */
int cli_add_samples(struct store *s);

#endif
