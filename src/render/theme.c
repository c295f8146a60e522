/* theme: the templates and stylesheet pages are rendered with (built-in, or overridden by a dir).
 */
#include "render/theme.h"
#include "render/mustache.h"
#include "util/embedded.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define THEME_FILE_MAX (1 << 20)

struct theme {
	struct tmpl_set *set;
	char *css, *favicon;
	size_t css_len, favicon_len;
	char version[17], favicon_version[17];
};

/* Adds one file: templates compile into the set, style.css and favicon.png are kept as
 * they are. */
static int add_file(struct theme *t, const char *file, const char *data, size_t len, char *err,
		    size_t errlen)
{
	size_t n = strlen(file);
	if (strcmp(file, "style.css") == 0) {
		free(t->css);
		t->css = xstrndup(data, len);
		t->css_len = len;
		return 0;
	}
	if (strcmp(file, "favicon.png") == 0) {
		free(t->favicon);
		t->favicon = xmalloc(len + 1);
		memcpy(t->favicon, data, len);
		t->favicon[len] = '\0';
		t->favicon_len = len;
		return 0;
	}
	if (n <= 9 || strcmp(file + n - 9, ".mustache") != 0)
		return 0;
	char name[256], msg[256];
	snprintf(name, sizeof(name), "%.*s", (int)(n - 9), file);
	if (tmpl_set_add(t->set, name, data, len, msg, sizeof(msg)) != 0) {
		snprintf(err, errlen, "%s: %s", file, msg);
		return -1;
	}
	return 0;
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && out->len <= THEME_FILE_MAX)
		buf_put(out, chunk, n);
	int bad = ferror(f) || out->len > THEME_FILE_MAX;
	fclose(f);
	return bad ? -1 : 0;
}

static int load_dir(struct theme *t, const char *dir, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "theme %s: %s", dir, strerror(errno));
		return -1;
	}
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char path[4096];
		struct stat sb;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue; /* subdirectories (images, fonts) are not templates */
		struct buf b = {0};
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (read_file(path, &b) != 0) {
			snprintf(err, errlen, "theme file %s: unreadable or over 1 MiB", path);
			rc = -1;
		} else {
			rc = add_file(t, de->d_name, buf_str(&b), b.len, err, errlen);
		}
		buf_free(&b);
	}
	closedir(d);
	return rc;
}

/* FNV-1a is enough to tell versions of a file apart in a URL. */
static void version_of(const char *data, size_t len, char out[17])
{
	unsigned long long h = 14695981039346656037ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)data[i]) * 1099511628211ull;
	snprintf(out, 17, "%016llx", h);
}

struct theme *theme_load(const char *dir, char *err, size_t errlen)
{
	struct theme *t = xcalloc(1, sizeof(*t));
	t->set = tmpl_set_new();
	for (const struct embedded_file *f = theme_files; f->name; f++)
		if (add_file(t, f->name, f->data, f->len, err, errlen) != 0)
			goto fail;
	if (dir && load_dir(t, dir, err, errlen) != 0)
		goto fail;
	if (!t->css)
		t->css = xstrdup("");
	if (!t->favicon)
		t->favicon = xstrdup("");
	version_of(t->css, t->css_len, t->version);
	version_of(t->favicon, t->favicon_len, t->favicon_version);
	return t;
fail:
	theme_free(t);
	return NULL;
}

void theme_free(struct theme *t)
{
	if (!t)
		return;
	tmpl_set_free(t->set);
	free(t->css);
	free(t->favicon);
	free(t);
}

const struct tmpl_set *theme_templates(const struct theme *t)
{
	return t->set;
}

const char *theme_css(const struct theme *t, size_t *len)
{
	*len = t->css_len;
	return t->css;
}

const char *theme_css_version(const struct theme *t)
{
	return t->version;
}

const char *theme_favicon(const struct theme *t, size_t *len)
{
	*len = t->favicon_len;
	return t->favicon;
}

const char *theme_favicon_version(const struct theme *t)
{
	return t->favicon_version;
}
