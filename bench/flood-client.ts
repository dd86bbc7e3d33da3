// A hostile client for the robustness benchmark, in its own process so its sending does not share
// the measuring process's event loop. It shakes hands, stops reading, and sends Ping frames as
// fast as its socket takes them; when the server closes it (send buffer or backlog limit), it
// connects again and goes on, until `seconds` have passed. It reads for a moment every 100 ms,
// only to notice the close frame (a socket that never reads never learns it was closed, and its
// writes then cost the server nothing). Prints one JSON line: connections made
// and how each was closed.
//
//   node --import tsx bench/flood-client.ts ws://127.0.0.1:PORT SECONDS

import WebSocket from 'ws';

const [url, secondsArg] = process.argv.slice(2);
if (!url || !secondsArg) {
  process.stderr.write('usage: flood-client.ts URL SECONDS\n');
  process.exit(2);
}
const until = performance.now() + Number(secondsArg) * 1000;
const closes: Record<string, number> = {};
let connections = 0;
let framesSent = 0;

/** Keep this much queued in ws's own buffer: as fast as the socket drains, no faster. */
const HIGH_WATER = 256 * 1024;
const FRAMES_PER_TICK = 2000;

function flood(): Promise<void> {
  return new Promise((resolve) => {
    connections++;
    const ws = new WebSocket(url!);
    let id = 1;
    let timer: NodeJS.Timeout | null = null;
    let peek: NodeJS.Timeout | null = null;
    ws.on('open', () => {
      ws.send(
        JSON.stringify([{ RequestServerInfo: { Id: id++, ClientName: 'flooder', MessageVersion: 3 } }]),
      );
      const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      peek = setInterval(() => {
        socket.resume();
        setImmediate(() => socket.pause());
      }, 100);
      const pump = (): void => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (performance.now() > until) {
          ws.terminate();
          return;
        }
        for (let i = 0; i < FRAMES_PER_TICK && ws.bufferedAmount < HIGH_WATER; i++) {
          ws.send(`[{"Ping":{"Id":${id++}}}]`);
          framesSent++;
        }
        timer = setTimeout(pump, 1);
      };
      pump();
    });
    ws.on('close', (code) => {
      if (timer) clearTimeout(timer);
      if (peek) clearInterval(peek);
      closes[code] = (closes[code] ?? 0) + 1;
      resolve();
    });
    ws.on('error', () => {});
  });
}

while (performance.now() < until) await flood();
process.stdout.write(`${JSON.stringify({ connections, framesSent, closes })}\n`);
process.exit(0);
