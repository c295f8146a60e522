/* markdown_ids: heading ids and the small string set that keeps them and hashtags unique. */
#include "render/markdown_int.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct md_set_slot {
	uint64_t hash;
	char *s;
	size_t n;
	unsigned next; /* heading ids: the next "-N" to try for this one */
};

/* FNV-1a: short keys, no adversary gains much beyond a slow render of their own post. */
static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

static struct md_set_slot *find_slot(struct md_set_slot *slots, size_t cap, uint64_t h,
				     const char *s, size_t n)
{
	size_t i = (size_t)h & (cap - 1);
	while (slots[i].s &&
	       !(slots[i].hash == h && slots[i].n == n && memcmp(slots[i].s, s, n) == 0))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void set_grow(struct md_set *set)
{
	size_t cap = set->cap ? set->cap * 2 : 16;
	struct md_set_slot *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < set->cap; i++) {
		struct md_set_slot *o = &set->slots[i];
		if (o->s)
			*find_slot(slots, cap, o->hash, o->s, o->n) = *o;
	}
	free(set->slots);
	set->slots = slots;
	set->cap = cap;
}

/* The slot of s, added (with *added set) when it was not there yet. */
static struct md_set_slot *set_put(struct md_set *set, const char *s, size_t n, int *added)
{
	/* Keep the table at most half full so probes stay short. */
	if (2 * (set->n + 1) > set->cap)
		set_grow(set);
	uint64_t h = hash_bytes(s, n);
	struct md_set_slot *slot = find_slot(set->slots, set->cap, h, s, n);
	*added = !slot->s;
	if (*added) {
		slot->hash = h;
		slot->s = xstrndup(s, n);
		slot->n = n;
		slot->next = 2;
		set->n++;
	}
	return slot;
}

int md_set_add(struct md_set *set, const char *s, size_t n)
{
	int added;
	set_put(set, s, n, &added);
	return added;
}

void md_set_free(struct md_set *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i].s);
	free(set->slots);
	set->slots = NULL;
	set->cap = set->n = 0;
}

/* Appends the slug of s: letters and digits, lowercased where the simple fold knows how, and
 * one '-' for each run of anything else. */
static void slug(struct buf *out, const char *s, size_t n)
{
	size_t start = out->len;
	int dash = 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t len = c < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || (cp >= 0x80 && md_is_letter(cp));
		if (!keep) {
			dash = 1;
			i += len;
			continue;
		}
		if (out->len - start + dash + len > MD_ID_MAX)
			break;
		if (dash && out->len > start)
			buf_putc(out, '-');
		dash = 0;
		if (c >= 'A' && c <= 'Z')
			buf_putc(out, (char)(c + 32));
		else if (c < 0x80 || md_fold_cp(cp) == cp)
			buf_put(out, s + i, len);
		else
			md_put_utf8(out, md_fold_cp(cp));
		i += len;
	}
	if (out->len == start)
		buf_puts(out, "section");
}

/* Ids the theme's pages use themselves (the comment form and its fields, the thread, the page
 * frame): a heading of the same name would break their links and labels. Themes get them
 * from here too (theme_reserved_ids in the tests checks the built-in templates against it). */
static const char *const reserved[] = {
    "body",
    "body-error",
    "comment-form",
    "comments",
    "content",
    "email",
    "email-error",
    "homepage",
    "main",
    "name",
    "name-error",
    "nav",
    "q",
    "top",
    "website",
    "website-error",
    "subscribe-email",
    "sub-email",
    "sub-email-error",
    "sub-name",
    "sub-name-error",
    "signin-email",
    "signin-email-error",
    "newsletter",
    "show_name",
    "sure",
    "editorial",
    "report-text",
    "report-text-error",
    "report-contact",
    "report-contact-error",
    "report-files",
    "report-files-error",
    "readers-error",
    "receipt",
    "followup-message",
    NULL,
};

int md_id_reserved(const char *s, size_t n)
{
	for (int i = 0; reserved[i]; i++)
		if (strlen(reserved[i]) == n && memcmp(reserved[i], s, n) == 0)
			return 1;
	/* The pages of resolutions name their parts res-...; comment-N anchors every comment of
	 * a thread; reader-N is a box of the report form. */
	if (n > 4 && memcmp(s, "res-", 4) == 0)
		return 1;
	static const char *const numbered[] = {"comment-", "reader-"};
	for (size_t k = 0; k < sizeof(numbered) / sizeof(numbered[0]); k++) {
		size_t len = strlen(numbered[k]);
		if (n > len && memcmp(s, numbered[k], len) == 0) {
			size_t i = len;
			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
			return i == n;
		}
	}
	return 0;
}

void md_heading_id(struct buf *out, const char *s, size_t n, struct md_set *ids)
{
	size_t start = out->len;
	slug(out, s, n);
	size_t base = out->len;
	int added;
	struct md_set_slot *slot = set_put(ids, out->data + start, base - start, &added);
	if (added && !md_id_reserved(out->data + start, base - start))
		return;
	/* Resume where the last duplicate of this id stopped, so a thousand equal headings
	 * stay linear; still probe, as "-N" can collide with a heading whose text ends in N. */
	unsigned k = slot->next;
	do {
		out->len = base;
		buf_printf(out, "-%u", k++);
	} while (!md_set_add(ids, out->data + start, out->len - start));
	/* The add may have moved the slots. */
	find_slot(ids->slots, ids->cap, hash_bytes(out->data + start, base - start),
		  out->data + start, base - start)
	    ->next = k;
}
