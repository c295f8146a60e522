/* news: the jobs that mail the press: a post that went public becomes a newsletter, fanned out
 * to each subscriber as a personal mail, and every queued mail is sent. */
#ifndef BS_NEWS_H
#define BS_NEWS_H

struct job;
struct job_ctx;

/* A post went public ("published", ref: the post): a newsletter of it, unless it is old (an
 * import, a backdated post). */
int news_published(struct job_ctx *c, const struct job *j);
/* "newsletter" (ref: the post; payload: the last member done): one "mail_news" job for each
 * recipient, in batches that each commit with the place reached. */
int news_fanout(struct job_ctx *c, const struct job *j);
/* "mail_news" (ref: the post, ref2: the member): the post, rendered for that member with their
 * own unsubscribe link, and sent. */
int news_send(struct job_ctx *c, const struct job *j);
/* "journal_out" (ref: an issue just published): one "mail_issue" job for each subscriber (for
 * a members-only issue, each member). */
int news_issue_fanout(struct job_ctx *c, const struct job *j);
/* "mail_issue" (ref: the issue, ref2: the member): its title, editorial and contents with links
 * to it and its book, with the member's own unsubscribe link. */
int news_issue_send(struct job_ctx *c, const struct job *j);
/* "mail" (payload: the sealed recipient and message): sent as it is. */
int news_mail(struct job_ctx *c, const struct job *j);

/* Posts published longer ago than this when they go public are not mailed. */
#define NEWS_MAX_AGE (2 * 86400)

#endif
