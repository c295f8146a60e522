// inbox_sink: the inboxes of many followers' servers on loopback for `make bench`: answers every
// delivery 202, counts them, and after each N prints "done ROUND COUNT MS BYTES INBOXES" (ms from
// the round's first delivery to its last), after "ready". usage: node inbox_sink.mjs PORT N
import http from 'node:http';

const [port, want] = process.argv.slice(2).map(Number);
let count = 0, first = 0, bytes = 0, round = 0;
let inboxes = new Set();
const server = http.createServer((req, res) => {
  let n = 0;
  req.on('data', (c) => { n += c.length; });
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 202 : 404);
    res.end();
    if (req.method !== 'POST') return;
    if (count % want === 0) {
      first = Date.now();
      bytes = 0;
      inboxes = new Set();
    }
    count++;
    bytes += n;
    inboxes.add(req.url);
    if (count % want === 0) console.log(`done ${++round} ${want} ${Date.now() - first} ${bytes} ${inboxes.size}`);
  });
});
server.keepAliveTimeout = 60000;
server.listen(port, '127.0.0.1', () => console.log('ready'));
