// smtp_sink: an SMTP server on loopback for `make bench`: takes every message, counts them, and
// prints "first LAST_MS count" lines as it goes (ms since the first message) and when N arrived.
// usage: node smtp_sink.mjs PORT N
import { SMTPServer } from 'smtp-server';

const [port, want] = process.argv.slice(2).map(Number);
let count = 0, first = 0, bytes = 0, connections = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 64,
  onConnect(session, cb) { connections++; cb(); },
  onData(stream, session, callback) {
    stream.on('data', (c) => { bytes += c.length; });
    stream.on('end', () => {
      if (!first) first = Date.now();
      count++;
      callback();
      if (count === want) {
        console.log(`done ${count} ${Date.now() - first} ${bytes} ${connections}`);
      }
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log('ready'));
