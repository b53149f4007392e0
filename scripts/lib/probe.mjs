// Dependency-free probes for scripts/services.sh (it runs before node_modules may exist).
//   node scripts/lib/probe.mjs postgres <url>   exit 0 if a PostgreSQL server answers at url's host:port
//   node scripts/lib/probe.mjs redis <url>      exit 0 if a Redis server answers PING
//   node scripts/lib/probe.mjs parse <url>      prints "host port user password database"
import net from 'node:net';

const [kind, raw] = process.argv.slice(2);
const url = new URL(raw);
const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
const port = Number(url.port || (kind === 'redis' ? 6379 : 5432));

function talk(payload, isAnswer) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (data) => finish(isAnswer(data)));
  });
}

if (kind === 'parse') {
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const user = decodeURIComponent(url.username) || 'postgres';
  process.stdout.write(`${host} ${port} ${user} ${decodeURIComponent(url.password) || '-'} ${database}\n`);
} else if (kind === 'postgres') {
  // An SSLRequest packet: any PostgreSQL server replies with one byte, 'S' or 'N'.
  const ssl = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
  process.exit((await talk(ssl, (d) => d[0] === 0x53 || d[0] === 0x4e)) ? 0 : 1);
} else if (kind === 'redis') {
  // +PONG, or -NOAUTH / -ERR when a password is needed: either way a Redis server answered.
  process.exit((await talk('PING\r\n', (d) => d[0] === 0x2b || d[0] === 0x2d)) ? 0 : 1);
} else {
  process.stderr.write(`probe: unknown kind ${kind}\n`);
  process.exit(2);
}
