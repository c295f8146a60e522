// mailsink: a real SMTP server on loopback (npm smtp-server) that keeps what it accepts, for tests.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

// Starts a sink; resolves to { port, url, mails, hold, waitFor, close }.
//  mails: every accepted message, in order: { to, from, raw, parsed, headers }.
//  hold(n): the n-th message (from 1) gets no answer until release() is called; the promise
//    it returns resolves once that message's data has arrived (and the sender waits).
//  refused: messages whose sender went away before it was answered (not accepted).
export async function mailSink() {
  const mails = [];
  const refused = [];
  let seen = 0;
  let holdAt = 0, holdArrived, releaseHold;
  const waiters = [];
  const notify = () => {
    for (const w of [...waiters]) if (w.test()) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const n = ++seen;
        const mail = {
          n,
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom.address,
          raw,
        };
        const accept = async () => {
          mail.parsed = await simpleParser(raw);
          mail.headers = mail.parsed.headers;
          mails.push(mail);
          callback(null, 'queued');
          notify();
        };
        if (n === holdAt) {
          // Held: answered only on release, and not at all when the sender is gone by then
          // (it never heard the 250, so the message was not accepted).
          let gone = false;
          const closed = new Promise((r) => { session._bsGone = () => { gone = true; r(); }; });
          const released = new Promise((r) => { releaseHold = r; });
          holdArrived();
          await released;
          await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
          if (gone) {
            refused.push(mail);
            callback(new Error('sender went away'));
            notify();
            return;
          }
        }
        await accept();
      });
    },
    onClose(session) {
      if (session._bsGone) session._bsGone();
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.server.address().port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refused,
    hold(n) {
      holdAt = n;
      return new Promise((r) => { holdArrived = r; });
    },
    release() {
      if (releaseHold) releaseHold();
    },
    // Resolves when test(mails) holds, or rejects after ms.
    waitFor(test, ms = 20000, what = 'mail') {
      if (test(mails)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const w = { test: () => test(mails), resolve: () => { clearTimeout(t); resolve(); } };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`timed out waiting for ${what}; got ${mails.length}: ` +
            mails.map((m) => `${m.to} ${m.parsed?.subject}`).join(', ')));
        }, ms);
        waiters.push(w);
      });
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

// The first link in a mail's plain text whose path starts with prefix.
export function linkIn(mail, prefix) {
  const re = new RegExp(`https?://[^\\s]+${prefix.replace(/[/]/g, '\\/')}[^\\s]*`);
  const m = mail.parsed.text.match(re);
  if (!m) throw new Error(`no ${prefix} link in: ${mail.parsed.text}`);
  return new URL(m[0]);
}
