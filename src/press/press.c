/* press: opening presses when first asked for, their per-thread connections, themes and cache
 * generations, and the host map of a server folder read again when it changes. */
#include "press/press.h"
#include "crypto/keys.h"
#include "store/store_privacy.h"
#include "press/hosts.h"
#include "post/publish.h"
#include "render/theme.h"
#include "store/store.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include "util/clock.h"
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* How stale a cached page may be after another process commits: checking SQLite's
 * data_version costs a read transaction (two fcntl locks and an fstat), a quarter of the
 * work of a cached request, so one thread checks at most this often for a press. */
#define CHANGE_CHECK_NS 200000
/* Hosts of a press without a url setting whose pages are cached apart. */
#define HOST_SLOTS 8

struct press {
	char *name, *dir, *tmp_dir;
	unsigned ns;
	const struct press_opts *o;
	pthread_mutex_t lock; /* opening, and the watch connection */
	_Atomic int state;    /* 0 not opened, 1 open, -1 failed */
	struct store *watch;
	atomic_llong next_check_ns;
	long long content_gen, next_due; /* under lock */
	/* The theme in use; a changed theme setting swaps it, and the old one is kept until
	 * the press is closed (a request may still be rendering with it). */
	struct theme *_Atomic theme;
	char theme_name[80];
	struct theme **old_themes;
	size_t nold;
	atomic_ulong gen;
	_Atomic int has_url;
	char hosts[HOST_SLOTS][HOST_NAME_MAX_LEN + 8];
	int nhosts;	       /* under lock */
	struct store **stores; /* one per thread slot */
	size_t nslots;
	struct press_keys *keys;
	_Atomic int jobs_recovered;
	_Atomic long long next_tidy; /* when the worker tidies the press next */
	int lock_fd;		     /* DATA/.jobs.lock, held by the one server running its jobs */
};

/* What a server folder's host map said when last read: press names per host. */
struct snapshot {
	struct host_map map;
	struct press **of; /* the press of each map entry */
};

struct press_set {
	struct press_opts o;
	int multi;
	struct press *single;
	pthread_mutex_t lock;	/* the presses list and reloading the map */
	struct press **presses; /* the presses of the current host map */
	size_t npresses;
	struct press **retired; /* unmapped since: kept until close (requests may hold one) */
	size_t nretired;
	struct snapshot *_Atomic snap;
	struct snapshot **old_snaps; /* kept until close: a request may still read one */
	size_t nold;
	atomic_llong next_look; /* CLOCK_MONOTONIC ns of the next look at the hosts file */
	struct stat hosts_st;
};

static atomic_uint next_ns, next_slot;
static __thread unsigned tls_slot;

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct press *press_new(const struct press_opts *o, const char *name, const char *dir)
{
	struct press *p = xcalloc(1, sizeof(*p));
	p->name = xstrdup(name);
	p->dir = xstrdup(dir);
	p->tmp_dir = xmalloc(strlen(dir) + 16);
	sprintf(p->tmp_dir, "%s/media/.tmp", dir);
	p->o = o;
	p->ns = atomic_fetch_add(&next_ns, 1) + 1;
	pthread_mutex_init(&p->lock, NULL);
	atomic_store(&p->gen, 1);
	p->nslots = o->slots;
	p->stores = xcalloc(p->nslots, sizeof(*p->stores));
	p->lock_fd = -1;
	return p;
}

static void press_free(struct press *p)
{
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	keys_close(p->keys);
	for (size_t i = 0; i < p->nslots; i++)
		store_close(p->stores[i]);
	free(p->stores);
	store_close(p->watch);
	theme_free(atomic_load(&p->theme));
	for (size_t i = 0; i < p->nold; i++)
		theme_free(p->old_themes[i]);
	free(p->old_themes);
	pthread_mutex_destroy(&p->lock);
	free(p->name);
	free(p->dir);
	free(p->tmp_dir);
	free(p);
}

/* The theme a press setting names: the built-in one, or DATA/themes/NAME over it; --theme
 * wins over the setting. NULL with a message in err. */
static struct theme *load_theme(struct press *p, const char *name, char *err, size_t errlen)
{
	char dir[4096];
	if (p->o->theme_dir || strcmp(name, "default") == 0)
		return theme_load(p->o->theme_dir, err, errlen);
	if (strchr(name, '/') || name[0] == '.' ||
	    snprintf(dir, sizeof(dir), "%s/themes/%s", p->dir, name) >= (int)sizeof(dir)) {
		snprintf(err, errlen, "bad theme name '%s'", name);
		return NULL;
	}
	return theme_load(dir, err, errlen);
}

/* Under lock: reads the settings the server keeps (theme, url) and loads a changed theme (the
 * first one with load_first; a loaded one again from its files with reload). -1 when a theme
 * could not be loaded. */
static int follow_site(struct press *p, int load_first, int reload)
{
	struct pool *pool = pool_new();
	struct site site;
	char err[512];
	int rc = 0;
	if (store_site_get(p->watch, pool, &site) == 0) {
		atomic_store(&p->has_url, site.url[0] != '\0');
		int loaded = atomic_load(&p->theme) != NULL;
		if ((loaded || load_first) &&
		    (!loaded || reload || strcmp(site.theme, p->theme_name) != 0)) {
			struct theme *t = load_theme(p, site.theme, err, sizeof(err));
			if (!t) {
				fprintf(stderr, "broadside: %s: theme '%s': %s%s\n", p->dir,
					site.theme, err,
					loaded ? " (keeping the current one)" : "");
				rc = -1;
			} else {
				p->old_themes =
				    xrealloc(p->old_themes, (p->nold + 1) * sizeof(*p->old_themes));
				struct theme *old = atomic_exchange(&p->theme, t);
				if (old)
					p->old_themes[p->nold++] = old;
			}
			snprintf(p->theme_name, sizeof(p->theme_name), "%s", site.theme);
		}
	} else {
		rc = reload ? -1 : 0;
	}
	pool_free(pool);
	return rc;
}

/* Under lock: the first open: the watch connection, the keys (and values older versions kept
 * in clear sealed with them), posts rendered again after an upgrade, the upload folder. The
 * theme waits until a page needs it. */
static int press_open(struct press *p)
{
	char err[512];
	if (!(p->watch = store_open(p->dir, !p->name[0], err, sizeof(err)))) {
		fprintf(stderr, "broadside: %s\n", err);
		return -1;
	}
	if (!(p->keys = keys_open(p->dir, p->watch, 1, err, sizeof(err)))) {
		fprintf(stderr, "broadside: %s\n", err);
		return -1;
	}
	long sealed = store_seal_legacy(p->watch, p->keys);
	if (sealed < 0) {
		fprintf(stderr,
			"broadside: %s: could not seal the emails and addresses kept in "
			"clear by an older version: %s\n",
			p->dir, store_errmsg(p->watch));
		return -1;
	}
	if (sealed > 0)
		fprintf(stderr,
			"broadside: %s: sealed %ld emails and addresses an older version "
			"kept in clear\n",
			p->dir, sealed);
	long n = publish_upgrade(p->watch);
	if (n < 0) {
		fprintf(stderr, "broadside: %s: could not render the posts again: %s\n", p->dir,
			store_errmsg(p->watch));
		return -1;
	}
	if (n > 0)
		fprintf(stderr, "broadside: %s: rendered %ld posts again for this version\n",
			p->dir, n);
	p->content_gen = store_content_gen(p->watch);
	/* A single press is opened at start: a theme that does not load stops the server
	 * there, with the file and line, rather than on the first page. */
	follow_site(p, !p->name[0], 0);
	if (!p->name[0] && !atomic_load(&p->theme)) {
		fprintf(stderr, "broadside: %s: no theme could be loaded\n", p->dir);
		return -1;
	}
	char media[4200];
	snprintf(media, sizeof(media), "%s/media", p->dir);
	if ((mkdir(media, 0755) != 0 && errno != EEXIST) ||
	    (mkdir(p->tmp_dir, 0700) != 0 && errno != EEXIST)) {
		fprintf(stderr, "broadside: %s: %s\n", p->tmp_dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Opens p unless it is open already: 0, or -1 when it cannot be (tried once). */
static int ensure_open(struct press *p)
{
	int s = atomic_load(&p->state);
	if (s)
		return s > 0 ? 0 : -1;
	pthread_mutex_lock(&p->lock);
	if (!(s = atomic_load(&p->state))) {
		s = press_open(p) == 0 ? 1 : -1;
		atomic_store(&p->state, s);
	}
	pthread_mutex_unlock(&p->lock);
	return s > 0 ? 0 : -1;
}

const char *press_name(const struct press *p)
{
	return p->name;
}

const char *press_dir(const struct press *p)
{
	return p->dir;
}

const char *press_tmp_dir(const struct press *p)
{
	return p->tmp_dir;
}

unsigned press_ns(const struct press *p)
{
	return p->ns;
}

struct store *press_store(struct press *p)
{
	if (!tls_slot)
		tls_slot = atomic_fetch_add(&next_slot, 1) + 1;
	size_t i = tls_slot - 1;
	if (i >= p->nslots) {
		fprintf(stderr, "broadside: more threads than connection slots (%zu)\n", p->nslots);
		return NULL;
	}
	if (!p->stores[i]) {
		char err[512];
		if (!(p->stores[i] = store_open(p->dir, 0, err, sizeof(err))))
			fprintf(stderr, "broadside: %s\n", err);
	}
	return p->stores[i];
}

const struct theme *press_theme(struct press *p)
{
	struct theme *t = atomic_load(&p->theme);
	if (t)
		return t;
	pthread_mutex_lock(&p->lock);
	follow_site(p, 1, 0);
	t = atomic_load(&p->theme);
	if (!t) {
		/* A theme folder that does not load leaves the built-in one. */
		char err[512];
		if ((t = theme_load(p->o->theme_dir, err, sizeof(err))))
			atomic_store(&p->theme, t);
		else
			fprintf(stderr, "broadside: %s: no theme could be loaded: %s\n", p->dir,
				err);
	}
	pthread_mutex_unlock(&p->lock);
	return t;
}

const struct press_keys *press_keys(struct press *p)
{
	return p->keys;
}

int press_jobs_recovered(struct press *p)
{
	return atomic_exchange(&p->jobs_recovered, 1);
}

int press_jobs_mine(struct press *p)
{
	if (p->lock_fd >= 0)
		return 1;
	char lock[4200];
	snprintf(lock, sizeof(lock), "%s/.jobs.lock", p->dir);
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return 0;
	}
	p->lock_fd = fd;
	return 1;
}

int press_tidy_due(struct press *p, long long now, long long every)
{
	long long next = atomic_load(&p->next_tidy);
	return now >= next && atomic_compare_exchange_strong(&p->next_tidy, &next, now + every);
}

unsigned long press_generation(struct press *p)
{
	return atomic_load(&p->gen);
}

void press_bump(struct press *p)
{
	atomic_fetch_add(&p->gen, 1);
}

/* Under lock, once a second: publishes scheduled posts whose time has come. */
static int publish_due(struct press *p)
{
	long long now = clock_now();
	if (now < p->next_due)
		return 0;
	p->next_due = now + 1;
	/* A read first: the write lock only when a post is due. */
	if (store_any_due(p->watch, now) != 1 || store_begin(p->watch) != 0)
		return 0;
	if (store_publish_due(p->watch, now) > 0 && store_commit(p->watch) == 0)
		return 1; /* our own commit: content_gen moved, data_version did not */
	store_rollback(p->watch);
	return 0;
}

int press_watch(struct press *p)
{
	long long now = now_ns();
	if (now < atomic_load(&p->next_check_ns) || pthread_mutex_trylock(&p->lock) != 0)
		return 0;
	/* Commits through store_commit move content_gen and may change any page; comment
	 * writes do not, and drop just their pages. */
	int changed = publish_due(p);
	if (store_changed(p->watch)) {
		long long g = store_content_gen(p->watch);
		if (g != p->content_gen) {
			p->content_gen = g;
			follow_site(p, 0, 0);
			changed = 1;
		}
	}
	if (changed)
		press_bump(p);
	atomic_store(&p->next_check_ns, now_ns() + CHANGE_CHECK_NS);
	pthread_mutex_unlock(&p->lock);
	return changed;
}

void press_theme_changed(struct press *p)
{
	pthread_mutex_lock(&p->lock);
	follow_site(p, 0, 0);
	press_bump(p);
	pthread_mutex_unlock(&p->lock);
}

int press_theme_reload(struct press *p)
{
	if (atomic_load(&p->state) <= 0)
		return 0;
	pthread_mutex_lock(&p->lock);
	int rc = follow_site(p, 0, 1);
	press_bump(p);
	pthread_mutex_unlock(&p->lock);
	return rc;
}

int press_host_slot(struct press *p, const char *host)
{
	if (atomic_load(&p->has_url))
		return 0;
	if (!host || strlen(host) >= sizeof(p->hosts[0]))
		return -1;
	int slot = -1;
	pthread_mutex_lock(&p->lock);
	for (int i = 0; i < p->nhosts && slot < 0; i++)
		if (strcasecmp(p->hosts[i], host) == 0)
			slot = i + 1;
	if (slot < 0 && p->nhosts < HOST_SLOTS) {
		snprintf(p->hosts[p->nhosts], sizeof(p->hosts[0]), "%s", host);
		slot = ++p->nhosts;
	}
	pthread_mutex_unlock(&p->lock);
	return slot;
}

/* Under set->lock: the press of that name, made (not opened) when new. */
static struct press *press_named(struct press_set *set, const char *name)
{
	for (size_t i = 0; i < set->npresses; i++)
		if (strcmp(set->presses[i]->name, name) == 0)
			return set->presses[i];
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/presses/%s", set->o.data_dir, name);
	struct press *p = press_new(&set->o, name, dir);
	set->presses = xrealloc(set->presses, (set->npresses + 1) * sizeof(*set->presses));
	set->presses[set->npresses++] = p;
	return p;
}

/* Under set->lock: reads the host map again when its file changed. */
static void reload_hosts(struct press_set *set, int force)
{
	char path[4096], err[512];
	struct stat sb;
	snprintf(path, sizeof(path), "%s/hosts", set->o.data_dir);
	if (stat(path, &sb) != 0)
		memset(&sb, 0, sizeof(sb));
	if (!force && sb.st_ino == set->hosts_st.st_ino && sb.st_size == set->hosts_st.st_size &&
	    sb.st_mtim.tv_sec == set->hosts_st.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == set->hosts_st.st_mtim.tv_nsec)
		return;
	struct snapshot *s = xcalloc(1, sizeof(*s));
	if (hostmap_load(set->o.data_dir, &s->map, err, sizeof(err)) != 0) {
		fprintf(stderr, "broadside: %s (keeping the hosts served so far)\n", err);
		free(s);
		return;
	}
	set->hosts_st = sb;
	s->of = xcalloc(s->map.n + 1, sizeof(*s->of));
	for (size_t i = 0; i < s->map.n; i++)
		s->of[i] = press_named(set, s->map.v[i].press);
	/* A press that left the map is retired: mapped again later, it starts afresh (its
	 * folder may have been deleted and made anew). */
	size_t kept = 0;
	for (size_t i = 0; i < set->npresses; i++) {
		int mapped = 0;
		for (size_t j = 0; j < s->map.n && !mapped; j++)
			mapped = s->of[j] == set->presses[i];
		if (mapped) {
			set->presses[kept++] = set->presses[i];
			continue;
		}
		set->retired = xrealloc(set->retired, (set->nretired + 1) * sizeof(*set->retired));
		set->retired[set->nretired++] = set->presses[i];
	}
	set->npresses = kept;
	struct snapshot *old = atomic_exchange(&set->snap, s);
	if (old) {
		set->old_snaps =
		    xrealloc(set->old_snaps, (set->nold + 1) * sizeof(*set->old_snaps));
		set->old_snaps[set->nold++] = old;
	}
}

struct press_set *press_set_open(const struct press_opts *o, char *err, size_t errlen)
{
	struct press_set *set = xcalloc(1, sizeof(*set));
	set->o = *o;
	if (set->o.slots < 1)
		set->o.slots = 1;
	pthread_mutex_init(&set->lock, NULL);
	set->multi = serverdir_is(o->data_dir);
	/* serve --theme is every press's theme: a broken one is refused at once. */
	if (o->theme_dir) {
		struct theme *t = theme_load(o->theme_dir, err, errlen);
		if (!t) {
			press_set_close(set);
			return NULL;
		}
		theme_free(t);
	}
	if (!set->multi) {
		set->single = press_new(&set->o, "", o->data_dir);
		if (ensure_open(set->single) != 0) {
			snprintf(err, errlen, "%s: the press cannot be opened (see above)",
				 o->data_dir);
			press_set_close(set);
			return NULL;
		}
		return set;
	}
	struct host_map m;
	if (hostmap_load(o->data_dir, &m, err, errlen) != 0) {
		press_set_close(set);
		return NULL;
	}
	hostmap_free(&m);
	pthread_mutex_lock(&set->lock);
	reload_hosts(set, 1);
	pthread_mutex_unlock(&set->lock);
	atomic_store(&set->next_look, now_ns() + 1000000000LL);
	return set;
}

void press_set_close(struct press_set *set)
{
	if (!set)
		return;
	if (set->single)
		press_free(set->single);
	for (size_t i = 0; i < set->npresses; i++)
		press_free(set->presses[i]);
	free(set->presses);
	for (size_t i = 0; i < set->nretired; i++)
		press_free(set->retired[i]);
	free(set->retired);
	struct snapshot *s = atomic_load(&set->snap);
	for (size_t i = 0; i <= set->nold; i++) {
		struct snapshot *x = i < set->nold ? set->old_snaps[i] : s;
		if (!x)
			continue;
		hostmap_free(&x->map);
		free(x->of);
		free(x);
	}
	free(set->old_snaps);
	pthread_mutex_destroy(&set->lock);
	free(set);
}

int press_set_multi(const struct press_set *set)
{
	return set->multi;
}

struct press *press_set_find(struct press_set *set, const char *host_header)
{
	if (!set->multi)
		return set->single;
	long long now = now_ns();
	if (now >= atomic_load(&set->next_look) && pthread_mutex_trylock(&set->lock) == 0) {
		reload_hosts(set, 0);
		atomic_store(&set->next_look, now + 1000000000LL);
		pthread_mutex_unlock(&set->lock);
	}
	char name[HOST_NAME_MAX_LEN + 1];
	struct snapshot *s = atomic_load(&set->snap);
	if (!s || host_header_name(host_header, name, sizeof(name)) != 0)
		return NULL;
	for (size_t i = 0; i < s->map.n; i++)
		if (strcmp(s->map.v[i].host, name) == 0)
			return ensure_open(s->of[i]) == 0 ? s->of[i] : NULL;
	return NULL;
}

void press_set_open_all(struct press_set *set)
{
	if (!set->multi)
		return;
	pthread_mutex_lock(&set->lock);
	size_t n = set->npresses;
	struct press **v = xmalloc((n + 1) * sizeof(*v));
	memcpy(v, set->presses, n * sizeof(*v));
	pthread_mutex_unlock(&set->lock);
	for (size_t i = 0; i < n; i++)
		ensure_open(v[i]);
	free(v);
}

void press_set_reload_hosts(struct press_set *set)
{
	if (!set->multi)
		return;
	pthread_mutex_lock(&set->lock);
	reload_hosts(set, 1);
	atomic_store(&set->next_look, now_ns() + 1000000000LL);
	pthread_mutex_unlock(&set->lock);
}

void press_set_each(struct press_set *set, void (*fn)(struct press *p, void *ud), void *ud)
{
	if (set->single) {
		fn(set->single, ud);
		return;
	}
	pthread_mutex_lock(&set->lock);
	size_t n = set->npresses;
	struct press **v = xmalloc((n + 1) * sizeof(*v));
	memcpy(v, set->presses, n * sizeof(*v));
	pthread_mutex_unlock(&set->lock);
	for (size_t i = 0; i < n; i++)
		if (atomic_load(&v[i]->state) > 0)
			fn(v[i], ud);
	free(v);
}
