#!/bin/sh
# wxr-gen.sh: writes a synthetic WordPress export (WXR 1.2) to stdout, for the import's tests
# and benchmark: POSTS posts by five writers in ten categories and twenty tags, classic and
# block-editor bodies of about BYTES bytes each, COMMENTS comments spread over them (a third
# of them replies, one in twenty held, one in fifty spam), and one page for every hundred
# posts.
#   wxr-gen.sh POSTS COMMENTS [BYTES]
set -eu
posts=${1:?usage: wxr-gen.sh POSTS COMMENTS [BYTES]}
comments=${2:?usage: wxr-gen.sh POSTS COMMENTS [BYTES]}
bytes=${3:-2000}
awk -v posts="$posts" -v comments="$comments" -v bytes="$bytes" '
function pad(n) { return n < 10 ? "0" n : n }
function para(i, k,   s, w) {
	s = ""
	for (w = 0; length(s) < 400; w++)
		s = s words[(i * 7 + k * 13 + w * 3) % nwords] " "
	return s "— paragraph " k " of post " i "."
}
BEGIN {
	nwords = split("press branch charter minutes motion writers reading union council " \
	    "meeting vote amendment committee report members journal hall street print " \
	    "paper ink letter notice assembly", words, " ")
	for (i = 0; i < nwords; i++) words[i] = words[i + 1]
	print "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>"
	print "<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"" \
	    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"" \
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">"
	print "<channel>"
	print "<title>Generated press</title><link>https://gen.example</link>"
	print "<wp:wxr_version>1.2</wp:wxr_version>"
	print "<wp:base_site_url>https://gen.example</wp:base_site_url>"
	print "<wp:base_blog_url>https://gen.example</wp:base_blog_url>"
	for (a = 1; a <= 5; a++)
		printf "<wp:author><wp:author_id>%d</wp:author_id><wp:author_login><![CDATA[writer%d]]></wp:author_login><wp:author_email><![CDATA[writer%d@gen.example]]></wp:author_email><wp:author_display_name><![CDATA[Writer %d]]></wp:author_display_name></wp:author>\n", a, a, a, a
	for (c = 1; c <= 10; c++)
		printf "<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename><![CDATA[topic-%d]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Topic %d]]></wp:cat_name></wp:category>\n", c, c, c
	for (t = 1; t <= 20; t++)
		printf "<wp:tag><wp:term_id>%d</wp:term_id><wp:tag_slug><![CDATA[tag-%d]]></wp:tag_slug><wp:tag_name><![CDATA[Tag%d]]></wp:tag_name></wp:tag>\n", 100 + t, t, t
	id = 1000
	cid = 0
	per = posts > 0 ? comments / posts : 0
	extra = posts > 0 ? comments % posts : 0
	for (i = 1; i <= posts + int(posts / 100); i++) {
		page = i > posts
		id++
		t = 1262304000 + i * 10800
		y = 2010 + int(i / 2920); m = 1 + int((i % 2920) / 244) % 12; d = 1 + i % 28
		date = y "-" pad(m) "-" pad(d) " " pad(i % 24) ":00:00"
		slug = (page ? "page-" : "post-") i
		printf "<item>\n<title><![CDATA[%s %d: on the %s]]></title>\n", page ? "Page" : "Post", i, words[i % nwords]
		printf "<link>https://gen.example/%d/%s/%s/%s/</link>\n", y, pad(m), pad(d), slug
		printf "<dc:creator><![CDATA[writer%d]]></dc:creator>\n", 1 + i % 5
		printf "<guid isPermaLink=\"false\">https://gen.example/?p=%d</guid>\n", id
		body = ""
		for (k = 1; length(body) < bytes; k++)
			body = body (i % 2 ? "<!-- wp:paragraph -->\n<p>" para(i, k) "</p>\n<!-- /wp:paragraph -->\n\n" : para(i, k) "\n\n")
		printf "<content:encoded><![CDATA[%s]]></content:encoded>\n", body
		printf "<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
		printf "<wp:post_id>%d</wp:post_id>\n<wp:post_date><![CDATA[%s]]></wp:post_date>\n<wp:post_date_gmt><![CDATA[%s]]></wp:post_date_gmt>\n", id, date, date
		printf "<wp:comment_status><![CDATA[open]]></wp:comment_status>\n<wp:post_name><![CDATA[%s]]></wp:post_name>\n", slug
		printf "<wp:status><![CDATA[%s]]></wp:status>\n<wp:post_parent>0</wp:post_parent>\n<wp:menu_order>0</wp:menu_order>\n", i % 40 == 0 ? "draft" : "publish"
		printf "<wp:post_type><![CDATA[%s]]></wp:post_type>\n<wp:post_password><![CDATA[]]></wp:post_password>\n<wp:is_sticky>0</wp:is_sticky>\n", page ? "page" : "post"
		if (!page)
			printf "<category domain=\"category\" nicename=\"topic-%d\"><![CDATA[Topic %d]]></category>\n<category domain=\"post_tag\" nicename=\"tag-%d\"><![CDATA[Tag%d]]></category>\n", 1 + i % 10, 1 + i % 10, 1 + i % 20, 1 + i % 20
		n = page ? 0 : per + (i <= extra)
		first = cid + 1
		for (k = 1; k <= n; k++) {
			cid++
			parent = (k % 3 == 0) ? first : 0
			state = cid % 50 == 0 ? "spam" : cid % 20 == 0 ? "0" : "1"
			printf "<wp:comment>\n<wp:comment_id>%d</wp:comment_id>\n<wp:comment_author><![CDATA[Reader %d]]></wp:comment_author>\n<wp:comment_author_email><![CDATA[reader%d@mail.example]]></wp:comment_author_email>\n<wp:comment_author_url>https://reader%d.example</wp:comment_author_url>\n<wp:comment_author_IP><![CDATA[192.0.2.%d]]></wp:comment_author_IP>\n", cid, cid % 97, cid % 97, cid % 97, cid % 250
			printf "<wp:comment_date><![CDATA[%s]]></wp:comment_date>\n<wp:comment_date_gmt><![CDATA[%s]]></wp:comment_date_gmt>\n", date, date
			printf "<wp:comment_content><![CDATA[Comment %d on post %d: the %s and the %s.\nA second line.]]></wp:comment_content>\n", cid, i, words[cid % nwords], words[(cid * 5) % nwords]
			printf "<wp:comment_approved><![CDATA[%s]]></wp:comment_approved>\n<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n<wp:comment_parent>%d</wp:comment_parent>\n<wp:comment_user_id>0</wp:comment_user_id>\n</wp:comment>\n", state, parent
		}
		print "</item>"
	}
	print "</channel>"
	print "</rss>"
}'
