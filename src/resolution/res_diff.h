/* res_diff: what changed between two versions of a resolution, paragraph by paragraph (by their
 * stable ids) and, inside a changed paragraph, word by word. */
#ifndef BS_RES_DIFF_H
#define BS_RES_DIFF_H

struct buf;
struct res_doc;

/* How much one comparison may differ before its middle is shown as all removed and added
 * (bounds the work: see util/diff.h). */
#define RES_DIFF_MAX_D 400

enum res_diff_format { RES_DIFF_HTML, RES_DIFF_TEXT };

/*
 * Appends the comparison of version a with version b. HTML: one <div class="diff-para KIND"
 * id="PID"> a paragraph, KIND same, changed, added or removed, the text escaped with removed
 * words in <del> and new ones in <ins>. Text: one line a paragraph, "  " unchanged, "~ "
 * changed (with [-removed-] and {+new+} words), "+ " added, "- " removed, a blank line
 * between. Returns 0, or -1 when out of memory.
 */
int res_diff(const struct res_doc *a, const struct res_doc *b, enum res_diff_format f,
	     struct buf *out);

#endif
