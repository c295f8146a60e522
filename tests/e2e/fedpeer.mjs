// fedpeer: another Fediverse server on loopback for the tests, made with Fedify (a real
// ActivityPub implementation, pinned to 1.5.9): one actor with an RSA key, an inbox that keeps
// every verified activity it receives, and helpers to look up and send.
import http from 'node:http';
import {
  createFederation, MemoryKvStore, Person, Image, generateCryptoKeyPair,
  Follow, Accept, Create, Update, Delete, Undo, Like, Announce, Note, Tombstone, Article,
  PUBLIC_COLLECTION,
} from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';

// A 1x1 PNG, served as the peer actor's avatar.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489'
  + '0000000d4944415478da63f8cfc0f01f0005000201a3c1d6f40000000049454e44ae426082', 'hex');

// Starts a peer; resolves to { origin, actor, received, lookup, send, ..., close }.
// name: the actor's identifier; shared: whether it has a shared inbox.
export async function fedPeer(name, { displayName = 'Ann Peer', shared = false } = {}) {
  const received = [];
  let federation;
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    if (req.url === `/${name}.png`) {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(PNG);
      return;
    }
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: req.headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const response = await federation.fetch(request, { contextData: undefined });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const keys = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
  federation = createFederation({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
  federation.setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
    if (identifier !== name) return null;
    const pairs = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: displayName,
      url: new URL(`${origin}/@${identifier}`),
      inbox: ctx.getInboxUri(identifier),
      endpoints: shared ? { sharedInbox: ctx.getInboxUri() } : null,
      icon: new Image({ url: new URL(`${origin}/${identifier}.png`), mediaType: 'image/png' }),
      publicKey: pairs[0].cryptographicKey,
    });
  }).setKeyPairsDispatcher(async (ctx, identifier) => (identifier === name ? [keys] : []));
  const keep = async (ctx, activity) => {
    received.push({ type: activity.constructor.name, activity, json: await activity.toJsonLd() });
  };
  federation.setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .on(Accept, keep).on(Create, keep).on(Update, keep).on(Delete, keep)
    .on(Announce, keep).on(Undo, keep).on(Follow, keep).on(Like, keep);
  const ctx = () => federation.createContext(new URL(origin), undefined);
  const actor = `${origin}/users/${name}`;
  let n = 0;
  const id = (what) => new URL(`${origin}/${what}/${++n}`);
  return {
    origin,
    actor,
    keys,
    received,
    // Looks an object up by URL (Fedify forces https on acct:, so never by handle).
    lookup: (url) => ctx().lookupObject(url),
    // Sends activity to recipient (a looked-up actor); throws when the inbox refuses it.
    send: (recipient, activity) => ctx().sendActivity({ identifier: name }, recipient, activity,
      { immediate: true }),
    follow: (target) => new Follow({ id: id('follows'), actor: new URL(actor), object: target.id }),
    reply: (inReplyTo, html) => {
      const noteId = id('notes');
      const note = new Note({
        id: noteId, attribution: new URL(actor), content: html, replyTarget: new URL(inReplyTo),
        to: PUBLIC_COLLECTION, published: Temporal.Now.instant(),
      });
      return { note, create: new Create({ id: id('creates'), actor: new URL(actor), object: note, to: PUBLIC_COLLECTION }) };
    },
    edit: (note, html) => new Update({
      id: id('updates'), actor: new URL(actor), to: PUBLIC_COLLECTION,
      object: note.clone({ content: html, updated: Temporal.Now.instant() }),
    }),
    remove: (note) => new Delete({ id: id('deletes'), actor: new URL(actor), to: PUBLIC_COLLECTION, object: new Tombstone({ id: note.id }) }),
    like: (object) => new Like({ id: id('likes'), actor: new URL(actor), object: new URL(object) }),
    undo: (activity) => new Undo({ id: id('undos'), actor: new URL(actor), object: activity }),
    // Waits until an activity matching pred arrived (polls; fails after ms).
    async waitFor(pred, ms = 20000, what = 'an activity') {
      const t0 = Date.now();
      for (;;) {
        const hit = received.find(pred);
        if (hit) return hit;
        if (Date.now() - t0 > ms) throw new Error(`${name}: no ${what} arrived; got ${received.map((r) => r.type).join(', ') || 'nothing'}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((r) => server.close(r)),
    Article,
  };
}
