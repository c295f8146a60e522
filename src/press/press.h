/* press: the presses a server holds (one data folder, or a server folder of many), each with
 * its database connections, theme and page-cache generation, found by the request's Host. */
#ifndef BS_PRESS_H
#define BS_PRESS_H

#include <stddef.h>

struct press;
struct press_keys;
struct press_set;
struct store;
struct theme;

struct press_opts {
	const char *data_dir;  /* a press's data folder, or a server folder */
	const char *theme_dir; /* serve --theme: replaces every press's theme */
	unsigned slots;	       /* threads that may ask for a store (pool threads and workers) */
	int quiet;	       /* do not print setup links */
};

/*
 * Opens data_dir: a server folder (see hosts.h) serves the presses of its host map, anything
 * else is one press that answers for every Host (its database is created when missing).
 * A single press is opened at once; a server folder's presses when first asked for, so a
 * server with many idle presses starts fast and stays small. NULL with err on failure.
 */
struct press_set *press_set_open(const struct press_opts *o, char *err, size_t errlen);
void press_set_close(struct press_set *set);
/* 1 for a server folder. */
int press_set_multi(const struct press_set *set);

/*
 * The press a Host header names, opened: the one press of a single folder for any Host, or
 * the server folder's press mapped to it (the host map is read again when it changed, looked
 * at most once a second). NULL when none, or when the press cannot be opened (logged).
 */
struct press *press_set_find(struct press_set *set, const char *host_header);
/* Opens every press of a server folder's host map (the job worker does, so that their queued
 * work runs before anyone asks for them; their themes wait). */
void press_set_open_all(struct press_set *set);
/* Calls fn for every press opened so far (for workers that visit them all). */
void press_set_each(struct press_set *set, void (*fn)(struct press *p, void *ud), void *ud);
/* Reads a server folder's host map again now, whatever its file's size and times say (the
 * reload on SIGHUP); a map that does not parse is logged and the one in use kept. Nothing for
 * a single press. */
void press_set_reload_hosts(struct press_set *set);

const char *press_name(const struct press *p); /* "" for a single press */
const char *press_dir(const struct press *p);
/* The press's media/.tmp, where uploads arrive before they are renamed into media/. */
const char *press_tmp_dir(const struct press *p);
/* A number no other press of this server has, for cache keys. */
unsigned press_ns(const struct press *p);

/* This thread's connection to the press's database (opened on first use), or NULL. */
struct store *press_store(struct press *p);
/* The press's theme, loaded when first asked for; NULL when none can be. */
const struct theme *press_theme(struct press *p);
/* The press's keys (opened with the press: it is not served without them). */
const struct press_keys *press_keys(struct press *p);
/* 0 the first time it is called for a press, 1 after: the job worker recovers the jobs a
 * previous process left running once. */
int press_jobs_recovered(struct press *p);
/* 1 when this process runs p's jobs: it holds DATA/.jobs.lock (taken on the first call that
 * finds it free, and kept), so that two servers of one press never both send its mails. For
 * the job worker's thread only. */
int press_jobs_mine(struct press *p);
/* 1 once every `every` seconds (the first call at once): time for the worker to tidy p. */
int press_tidy_due(struct press *p, long long now, long long every);
/* The generation cached pages of this press must carry; press_bump starts a new one. */
unsigned long press_generation(struct press *p);
void press_bump(struct press *p);

/*
 * Called on each request: at most every 200 microseconds, looks whether another connection
 * committed a change (then loads a changed theme and bumps the generation) and publishes
 * scheduled posts whose time came. Returns 1 when the press's pages changed.
 */
int press_watch(struct press *p);
/* The theme setting changed through this server: load it now and bump. */
void press_theme_changed(struct press *p);
/* Loads the press's theme again from its files (the folder its setting names, or serve
 * --theme) and bumps, for an open press: 0, or -1 when it cannot be loaded (logged; the
 * current theme stays). */
int press_theme_reload(struct press *p);

/*
 * For cache keys of pages whose links are made from the Host (feeds, sitemap), when the press
 * has no url setting: a small number for each of the first few distinct hosts, so no client
 * can fill the cache with copies under made-up names. 0 when the url is set (the host does
 * not change the page), 1.. for a known host, -1 when the host must not be cached.
 */
int press_host_slot(struct press *p, const char *host);

#endif
