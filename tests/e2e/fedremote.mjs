// fedremote: a hand-made remote server for the tests that need to break the rules: it serves
// actor documents with RSA keys made here, signs requests itself (draft-cavage or RFC 9421,
// correctly or not), and keeps every request it gets (GETs of keys, deliveries).
import http from 'node:http';
import crypto from 'node:crypto';

export async function fedRemote() {
  const actors = new Map(); // name -> { privateKey, publicPem }
  const requests = [];
  let inboxStatus = () => 202;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const m = req.url.match(/^\/users\/([a-z0-9]+)$/);
      if (req.method === 'GET' && m && actors.has(m[1])) {
        res.writeHead(200, { 'Content-Type': 'application/activity+json' });
        res.end(JSON.stringify(actorDoc(m[1])));
        return;
      }
      if (req.method === 'POST' && /inbox$/.test(req.url)) {
        const answer = inboxStatus(req, body);
        // 'drop': the connection goes without an answer.
        if (answer === 'drop') {
          req.socket.destroy();
          return;
        }
        const [status, headers = {}] = [].concat(answer);
        res.writeHead(status, headers);
        res.end();
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const uri = (name) => `${origin}/users/${name}`;
  function actorDoc(name) {
    const a = actors.get(name);
    return {
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
      id: uri(name), type: 'Person', preferredUsername: name, name: `Remote ${name}`,
      inbox: `${uri(name)}/inbox`,
      ...(a.shared ? { endpoints: { sharedInbox: `${origin}${a.shared}` } } : {}),
      publicKey: { id: `${uri(name)}#main-key`, owner: uri(name), publicKeyPem: a.publicPem },
    };
  }
  // shared: the path of its server's shared inbox, if it has one.
  function addActor(name, { shared } = {}) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    actors.set(name, { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }), shared });
    return uri(name);
  }
  // Follows a local actor (at its inbox), signed by name.
  async function follow(name, target, inbox, { date } = {}) {
    const body = JSON.stringify({ id: `${uri(name)}#follows/${target}`, type: 'Follow', actor: uri(name), object: target });
    return post(inbox, body, { signer: name, date });
  }
  // A draft-cavage signed POST of body to url, as `signer` (its key, unless key names another
  // actor's); date and the body that is sent may differ from what was signed.
  async function post(url, body, { signer, key = signer, date = new Date(), sentBody = body, headers = ['(request-target)', 'host', 'date', 'digest', 'content-type'] } = {}) {
    const u = new URL(url);
    const h = {
      host: u.host,
      date: date.toUTCString(),
      digest: 'SHA-256=' + crypto.createHash('sha256').update(body).digest('base64'),
      'content-type': 'application/activity+json',
    };
    const lines = headers.map((n) => n === '(request-target)' ? `(request-target): post ${u.pathname}${u.search}` : `${n}: ${h[n]}`);
    const sig = crypto.createSign('RSA-SHA256').update(lines.join('\n')).sign(actors.get(key).privateKey, 'base64');
    const signature = `keyId="${uri(key)}#main-key",algorithm="rsa-sha256",headers="${headers.join(' ')}",signature="${sig}"`;
    return send(url, { ...h, signature }, sentBody);
  }
  // An RFC 9421 signed POST (rsa-v1_5-sha256 over @method @target-uri content-digest), as
  // Mastodon 4.5 verifies them.
  async function post9421(url, body, { signer, created = Math.floor(Date.now() / 1000) } = {}) {
    const u = new URL(url);
    const digest = `sha-256=:${crypto.createHash('sha256').update(body).digest('base64')}:`;
    const params = `("@method" "@target-uri" "content-digest");created=${created};keyid="${uri(signer)}#main-key";alg="rsa-v1_5-sha256"`;
    const base = `"@method": POST\n"@target-uri": ${u.href}\n"content-digest": ${digest}\n"@signature-params": ${params}`;
    const sig = crypto.createSign('RSA-SHA256').update(base).sign(actors.get(signer).privateKey, 'base64');
    return send(url, { host: u.host, 'content-type': 'application/activity+json', 'content-digest': digest, 'signature-input': `sig1=${params}`, signature: `sig1=:${sig}:` }, body);
  }
  function send(url, headers, body) {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        const c = [];
        res.on('data', (d) => c.push(d));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(c).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  return {
    origin, uri, addActor, follow, post, post9421, requests,
    rotateKey: (name) => addActor(name, { shared: actors.get(name).shared }),
    setInbox: (fn) => { inboxStatus = fn; },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}
