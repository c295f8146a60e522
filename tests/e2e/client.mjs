// client: a small browser stand-in for the admin tests: a cookie jar, forms and uploads.
export class Client {
  // base: the server's URL; host: a Host header to send instead of base's (a press of a
  // server folder), for which requests go through node:http (fetch cannot set Host).
  constructor(base, { host } = {}) {
    this.base = base;
    this.host = host;
    this.jar = new Map();
  }

  cookies() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(res) {
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      const k = kv.slice(0, i), v = kv.slice(i + 1);
      if (/max-age=0/i.test(c) || v === '') this.jar.delete(k);
      else this.jar.set(k, v);
    }
  }

  async request(path, init = {}) {
    const headers = { ...(init.headers || {}) };
    if (this.jar.size) headers.Cookie = this.cookies();
    if (this.host) return this.hostRequest(path, init, headers);
    const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
    this.take(res);
    const body = await res.text();
    return { status: res.status, location: res.headers.get('location'), html: body, headers: res.headers };
  }

  // The same through node:http with this.host as the Host header.
  async hostRequest(path, init, headers) {
    let body = init.body;
    if (body instanceof URLSearchParams) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = body.toString();
    } else if (body instanceof FormData) {
      const r = new Response(body);
      headers['Content-Type'] = r.headers.get('content-type');
      body = Buffer.from(await r.arrayBuffer());
    }
    const { default: http } = await import('node:http');
    const url = new URL(this.base);
    const res = await new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path, method: init.method || 'GET', headers: { ...headers, Host: this.host } }, resolve);
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
    const chunks = [];
    for await (const ch of res) chunks.push(ch);
    const h = new Headers();
    for (const [k, v] of Object.entries(res.headers)) for (const one of [].concat(v)) h.append(k, one);
    this.take({ headers: h });
    return { status: res.statusCode, location: h.get('location'), html: Buffer.concat(chunks).toString('utf8'), headers: h };
  }

  get(path) {
    return this.request(path);
  }

  // Posts fields (URL-encoded), or multipart when a file { name, type, bytes, field } is given.
  post(path, fields, file) {
    let body;
    if (file) {
      body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      body.append(file.field || 'image', new Blob([file.bytes], { type: file.type }), file.name);
    } else {
      body = new URLSearchParams(fields);
    }
    return this.request(path, { method: 'POST', body });
  }
}

export const csrfOf = (html) => html.match(/name="_csrf" value="([^"]*)"/)[1];

// A 1x1 PNG; extra bytes after its end keep it a PNG but change its hash.
export function png(extra = '') {
  const b = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  return Buffer.concat([b, Buffer.from(extra)]);
}

// A w x h PNG with horizontal bands of colour (for pictures worth a screenshot).
export async function pngBands(w, h, colours) {
  const { deflateSync, crc32 } = await import('node:zlib');
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < h; y++) {
    const [r, g, b] = colours[Math.floor((y * colours.length) / h)];
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) row.set([r, g, b], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
