/* guard: counting connections per address, refusing past the limit, and closing connections
 * whose request headers do not arrive in time (a slow sender resets an idle timeout, not this). */
#include "http/guard.h"
#include "util/addrkey.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUCKETS 4096

/* One open connection. */
struct gconn {
	struct gconn *prev, *next; /* every open connection */
	struct guard *g;
	int fd;
	int limited;	    /* counted against its address */
	int cut;	    /* shut down for missing its deadline */
	long long deadline; /* CLOCK_MONOTONIC ns by which headers must be in; 0: none */
	unsigned bucket;
	char key[GUARD_KEY_LEN];
};

/* Connections held by one address key. */
struct count {
	struct count *next;
	unsigned n;
	char key[GUARD_KEY_LEN];
};

struct guard {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int stop;
	unsigned per_addr, header_seconds, open;
	int exempt_loopback;
	struct gconn *conns;
	struct count *counts[BUCKETS];
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % BUCKETS;
}

static int loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
	return 0;
}

/* Under lock: the count of key, made when absent. */
static struct count *count_of(struct guard *g, const char *key, unsigned b, int make)
{
	struct count *c = g->counts[b];
	while (c && strcmp(c->key, key) != 0)
		c = c->next;
	if (!c && make) {
		c = xcalloc(1, sizeof(*c));
		snprintf(c->key, sizeof(c->key), "%s", key);
		c->next = g->counts[b];
		g->counts[b] = c;
	}
	return c;
}

static void count_drop(struct guard *g, const char *key, unsigned b)
{
	struct count **pp = &g->counts[b];
	while (*pp && strcmp((*pp)->key, key) != 0)
		pp = &(*pp)->next;
	if (*pp && --(*pp)->n == 0) {
		struct count *c = *pp;
		*pp = c->next;
		free(c);
	}
}

enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct guard *g = cls;
	char key[GUARD_KEY_LEN];
	(void)addrlen;
	if (guard_addr_key(addr, key) != 0 || (g->exempt_loopback && loopback(addr)))
		return MHD_YES;
	unsigned b = hash(key);
	pthread_mutex_lock(&g->lock);
	struct count *c = count_of(g, key, b, 0);
	int full = c && c->n >= g->per_addr;
	pthread_mutex_unlock(&g->lock);
	return full ? MHD_NO : MHD_YES;
}

static void started(struct guard *g, struct MHD_Connection *con, void **ctx)
{
	struct gconn *gc = xcalloc(1, sizeof(*gc));
	const union MHD_ConnectionInfo *fd =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *ca =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	gc->g = g;
	gc->fd = fd ? fd->connect_fd : -1;
	const struct sockaddr *sa = ca ? ca->client_addr : NULL;
	gc->limited =
	    guard_addr_key(sa, gc->key) == 0 && !(g->exempt_loopback && sa && loopback(sa));
	gc->bucket = hash(gc->key);
	gc->deadline = now_ns() + (long long)g->header_seconds * 1000000000;
	pthread_mutex_lock(&g->lock);
	if (gc->limited)
		count_of(g, gc->key, gc->bucket, 1)->n++;
	gc->next = g->conns;
	if (g->conns)
		g->conns->prev = gc;
	g->conns = gc;
	g->open++;
	pthread_mutex_unlock(&g->lock);
	*ctx = gc;
}

static void closed(struct guard *g, struct gconn *gc)
{
	/* MHD closes the socket after this returns: once unlinked here, the deadline thread
	 * can no longer touch the descriptor, whatever it is reused for. */
	pthread_mutex_lock(&g->lock);
	if (gc->limited)
		count_drop(g, gc->key, gc->bucket);
	if (gc->prev)
		gc->prev->next = gc->next;
	else
		g->conns = gc->next;
	if (gc->next)
		gc->next->prev = gc->prev;
	g->open--;
	pthread_mutex_unlock(&g->lock);
	free(gc);
}

void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode toe)
{
	struct guard *g = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		started(g, c, socket_context);
	else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context)
		closed(g, *socket_context);
}

static struct gconn *gconn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return i ? i->socket_context : NULL;
}

static void set_deadline(struct MHD_Connection *c, int on)
{
	struct gconn *gc = gconn_of(c);
	if (!gc)
		return;
	struct guard *g = gc->g;
	pthread_mutex_lock(&g->lock);
	gc->deadline = on ? now_ns() + (long long)g->header_seconds * 1000000000 : 0;
	pthread_mutex_unlock(&g->lock);
}

void guard_headers_done(struct MHD_Connection *c)
{
	set_deadline(c, 0);
}

void guard_request_done(struct MHD_Connection *c)
{
	set_deadline(c, 1);
}

unsigned guard_open_connections(struct guard *g)
{
	pthread_mutex_lock(&g->lock);
	unsigned n = g->open;
	pthread_mutex_unlock(&g->lock);
	return n;
}

/* Twice a second: shuts down the sockets of connections past their deadline. The socket is
 * only shut down, never closed here: the daemon's thread sees the end and closes it itself. */
static void *deadlines(void *arg)
{
	struct guard *g = arg;
	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 500000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &ts);
		long long now = now_ns();
		for (struct gconn *gc = g->conns; gc; gc = gc->next) {
			if (gc->deadline && gc->deadline < now && !gc->cut && gc->fd >= 0) {
				shutdown(gc->fd, SHUT_RDWR);
				gc->cut = 1;
			}
		}
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *guard_new(unsigned per_addr, unsigned header_seconds, int exempt_loopback)
{
	struct guard *g = xcalloc(1, sizeof(*g));
	g->per_addr = per_addr ? per_addr : 1;
	g->header_seconds = header_seconds ? header_seconds : 1;
	g->exempt_loopback = exempt_loopback;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	if (pthread_create(&g->thread, NULL, deadlines, g) != 0) {
		fprintf(stderr, "broadside: cannot start the connection guard\n");
		abort();
	}
	return g;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	while (g->conns) {
		struct gconn *gc = g->conns;
		g->conns = gc->next;
		free(gc);
	}
	for (int i = 0; i < BUCKETS; i++)
		while (g->counts[i]) {
			struct count *c = g->counts[i];
			g->counts[i] = c->next;
			free(c);
		}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
