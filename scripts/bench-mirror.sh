#!/bin/sh
# bench-mirror.sh: the time to write a generated 10,000-post press as a static copy (broadside
# mirror), against Debian's hugo building the same posts, as the same Markdown post files (taken
# from the press's export bundle), with a minimal theme of a page a post, paged listings, tags
# and feeds; both timed in this run, with the ratio. Called by bench.sh; BENCH_MIRROR_POSTS.
set -eu
cd "$(dirname "$0")/.."
make -s broadside
command -v hugo >/dev/null || { echo "bench-mirror: hugo is missing (apt-get install hugo)" >&2; exit 1; }
posts=${BENCH_MIRROR_POSTS:-10000}
work=$(mktemp -d /tmp/broadside-mirror.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

./broadside gen --data "$work/press" --posts "$posts" >/dev/null
./broadside site set --data "$work/press" url https://press.example.org >/dev/null

# The same posts for hugo: the post files of the press's bundle (the format `post add` reads is
# YAML front matter hugo reads too: title, slug, date, tags).
./broadside export --data "$work/press" --out "$work/press.tar.gz" >/dev/null 2>&1
mkdir -p "$work/bundle" "$work/hugo/content/posts" "$work/hugo/layouts/_default"
tar xzf "$work/press.tar.gz" -C "$work/bundle" posts
mv "$work/bundle/posts/"*.md "$work/hugo/content/posts/"
cat >"$work/hugo/config.toml" <<'CONF'
baseURL = "https://press.example.org/"
title = "Bench press"
paginate = 10
disableKinds = []
[taxonomies]
tag = "tags"
CONF
cat >"$work/hugo/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat >"$work/hugo/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2 January 2006" }}</time>
{{ range .Params.tags }}<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
{{ .Content }}</article>{{ end }}
HTML
cat >"$work/hugo/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>{{ end }}
{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}{{ end }}
HTML

# Wall and CPU times (user + system) of each: hugo uses every core, broadside one.
/usr/bin/time -f '%e %U %S' -o "$work/mirror.time" \
	./broadside mirror --data "$work/press" --out "$work/site" >"$work/mirror.out"
/usr/bin/time -f '%e %U %S' -o "$work/mirror2.time" \
	./broadside mirror --data "$work/press" --out "$work/site" >"$work/mirror2.out"
/usr/bin/time -f '%e %U %S' -o "$work/hugo.time" \
	hugo --quiet -s "$work/hugo" -d "$work/public" >"$work/hugo.out" 2>&1 || {
	cat "$work/hugo.out" >&2
	exit 1
}
read -r m mu ms <"$work/mirror.time"
read -r m2 _ _ <"$work/mirror2.time"
read -r h hu hs <"$work/hugo.time"
bs_files=$(find "$work/site" -type f | wc -l)
hugo_files=$(find "$work/public" -type f | wc -l)
echo "== mirror of $posts posts: broadside ${m}s ($(echo "$mu $ms" | awk '{printf "%.2f", $1 + $2}')s CPU; $bs_files files, $(du -sm "$work/site" | cut -f1) MB), hugo ${h}s ($(echo "$hu $hs" | awk '{printf "%.2f", $1 + $2}')s CPU; $hugo_files files, $(du -sm "$work/public" | cut -f1) MB; $(hugo version | cut -d' ' -f2)), ratio $(echo "$m $h" | awk '{printf "%.2f", $2 / $1}')x (hugo's time over broadside's; goal > 1)"
echo "   broadside: $(tail -n 1 "$work/mirror.out")"
echo "   again, nothing changed: ${m2}s ($(tail -n 1 "$work/mirror2.out"))"
