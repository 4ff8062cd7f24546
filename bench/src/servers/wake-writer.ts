// Spawned by `npm run bench:wake-probe` on the servers' core: connects to the probe, writes one 200-byte chunk
// (about a small HTTP response) every interval, and prints what its writes cost it in CPU time.
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const [port, writes, intervalMs] = process.argv.slice(2).map(Number);
const CHUNK = Buffer.alloc(200, 'x');

const socket = connect({ port, host: '127.0.0.1', noDelay: true });
await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
let spentUs = 0;
for (let i = 0; i < writes; i++) {
  // The pause lets the reader finish with the last chunk and go back to waiting.
  await sleep(intervalMs);
  const before = process.cpuUsage();
  socket.write(CHUNK);
  const spent = process.cpuUsage(before);
  spentUs += spent.user + spent.system;
}
await new Promise<void>((resolve) => socket.end(resolve));
process.stdout.write(`WAKE_WRITER ${JSON.stringify({ writes, cpuPerWriteUs: spentUs / writes })}\n`);
