/* diff: a line diff for revisions, Myers' greedy algorithm with a bound on the edit distance. */
#include "util/diff.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct lines {
	const char **s;
	size_t *len;
	size_t n;
};

static void split(const char *t, size_t len, struct lines *l)
{
	size_t cap = 16;
	l->n = 0;
	l->s = xmalloc(cap * sizeof(*l->s));
	l->len = xmalloc(cap * sizeof(*l->len));
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - t) : len;
		if (l->n == cap) {
			cap *= 2;
			l->s = xrealloc(l->s, cap * sizeof(*l->s));
			l->len = xrealloc(l->len, cap * sizeof(*l->len));
		}
		l->s[l->n] = t + i;
		l->len[l->n++] = e - i;
		i = e + 1;
	}
}

static int same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->s[i], b->s[j], a->len[i]) == 0;
}

static void emit(struct diff_line *o, size_t *n, enum diff_kind k, const struct lines *l, size_t i)
{
	o[*n].kind = k;
	o[*n].text = l->s[i];
	o[*n].len = l->len[i];
	(*n)++;
}

int diff_lines(const char *a, size_t alen, const char *b, size_t blen, int max_d,
	       struct diff_line **out, size_t *n)
{
	struct lines A, B;
	split(a, alen, &A);
	split(b, blen, &B);
	struct diff_line *o = xmalloc((A.n + B.n + 1) * sizeof(*o));
	*n = 0;
	size_t pre = 0, suf = 0;
	while (pre < A.n && pre < B.n && same(&A, pre, &B, pre))
		pre++;
	while (suf < A.n - pre && suf < B.n - pre && same(&A, A.n - 1 - suf, &B, B.n - 1 - suf))
		suf++;
	for (size_t i = 0; i < pre; i++)
		emit(o, n, DIFF_SAME, &A, i);
	/* The middle: a[pre, N) against b[pre, M). */
	long N = (long)(A.n - pre - suf), M = (long)(B.n - pre - suf);
	long maxd = N + M < max_d ? N + M : max_d, off = maxd + 1;
	/* trace[d] keeps V after step d: V[k] is the furthest x on diagonal k = x - y. */
	long *trace = NULL;
	long d, found = -1;
	if (N + M > 0) {
		trace = malloc((size_t)(maxd + 1) * (size_t)(2 * maxd + 3) * sizeof(long));
		if (!trace) {
			free(o);
			free(A.s), free(A.len), free(B.s), free(B.len);
			return -1;
		}
	}
	long *prev = NULL;
	for (d = 0; N + M > 0 && d <= maxd && found < 0; d++) {
		long *V = trace + d * (2 * maxd + 3);
		for (long k = -d; k <= d; k += 2) {
			long x;
			if (d == 0)
				x = 0;
			else if (k == -d || (k != d && prev[off + k - 1] < prev[off + k + 1]))
				x = prev[off + k + 1];
			else
				x = prev[off + k - 1] + 1;
			long y = x - k;
			while (x < N && y < M && same(&A, pre + (size_t)x, &B, pre + (size_t)y))
				x++, y++;
			V[off + k] = x;
			if (x >= N && y >= M) {
				found = d;
				break;
			}
		}
		prev = V;
	}
	if (found >= 0) {
		/* Walk back from (N, M) through the trace, then write the script forwards. */
		size_t cap = (size_t)(N + M), m = 0;
		struct diff_line *rev = xmalloc((cap + 1) * sizeof(*rev));
		long x = N, y = M;
		for (long dd = found; dd >= 0; dd--) {
			long k = x - y;
			long px, py;
			if (dd == 0) {
				px = 0, py = 0;
			} else {
				long *P = trace + (dd - 1) * (2 * maxd + 3);
				long pk = (k == -dd || (k != dd && P[off + k - 1] < P[off + k + 1]))
					      ? k + 1
					      : k - 1;
				px = P[off + pk];
				py = px - pk;
			}
			while (x > px && y > py) {
				x--, y--;
				rev[m++] = (struct diff_line){DIFF_SAME, A.s[pre + (size_t)x],
							      A.len[pre + (size_t)x]};
			}
			if (dd == 0)
				break;
			if (x == px) {
				y--;
				rev[m++] = (struct diff_line){DIFF_ADD, B.s[pre + (size_t)y],
							      B.len[pre + (size_t)y]};
			} else {
				x--;
				rev[m++] = (struct diff_line){DIFF_DEL, A.s[pre + (size_t)x],
							      A.len[pre + (size_t)x]};
			}
		}
		while (m)
			o[(*n)++] = rev[--m];
		free(rev);
	} else {
		for (long i = 0; i < N; i++)
			emit(o, n, DIFF_DEL, &A, pre + (size_t)i);
		for (long j = 0; j < M; j++)
			emit(o, n, DIFF_ADD, &B, pre + (size_t)j);
	}
	for (size_t i = 0; i < suf; i++)
		emit(o, n, DIFF_SAME, &A, A.n - suf + i);
	free(trace);
	free(A.s), free(A.len), free(B.s), free(B.len);
	*out = o;
	return 0;
}
