/* theme: the templates and stylesheet pages are rendered with (built-in, or overridden by a dir).
 */
#ifndef BS_THEME_H
#define BS_THEME_H

#include <stddef.h>

struct theme;
struct tmpl_set;

/*
 * Compiles the built-in theme, then every NAME.mustache, style.css and favicon.png in dir (when
 * not NULL), which replace the built-in file of the same name. Returns NULL with a message naming
 * the file and line in err on a template error or an unreadable dir.
 */
struct theme *theme_load(const char *dir, char *err, size_t errlen);
void theme_free(struct theme *t);

const struct tmpl_set *theme_templates(const struct theme *t);
/* The stylesheet and a short hash of it, for a cache-busting URL. */
const char *theme_css(const struct theme *t, size_t *len);
const char *theme_css_version(const struct theme *t);
/* The theme's favicon (favicon.png, a PNG) and a short hash of it, likewise. */
const char *theme_favicon(const struct theme *t, size_t *len);
const char *theme_favicon_version(const struct theme *t);

#endif
