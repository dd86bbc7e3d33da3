// Per-connection limits: a client that stops reading is cut off with a close reason once its
// unread output passes --max-send-buffer-bytes, and the server and other clients carry on.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

let server: ServerProcess;

beforeAll(async () => {
  server = await startServer(['--max-send-buffer-bytes', '65536'], { simulated: false });
});
afterAll(async () => {
  await server.stop();
});

it('a client that does not read is disconnected with close code 1008, nobody else is', async () => {
  const other = await RawClient.handshake(server.url, 3);
  const slow = await RawClient.handshake(server.url, 0);
  // Stop reading: the kernel buffers fill, then the server's own send buffer does.
  (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const echo = 'x'.repeat(16 * 1024);
  const frame = JSON.stringify(Array.from({ length: 16 }, (_, i) => ({ Test: { Id: i + 1, TestString: echo } })));
  // 16 × 16 KiB echoed per frame; 400 frames ≈ 100 MiB: far past any socket buffer, bounded.
  const closed = slow.closed;
  for (let i = 0; i < 400; i++) {
    if (slow.ws.readyState !== slow.ws.OPEN) break;
    slow.ws.send(frame);
    if (i % 20 === 19) await new Promise((r) => setTimeout(r, 5));
  }
  (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  const { code, reason } = await closed;
  expect(code).toBe(1008);
  expect(reason).toMatch(/send buffer/);
  expect(await other.request('Ping')).toHaveProperty('Ok');
  await other.close();
  expect(server.stderr()).toMatch(/not reading its messages/);
}, 30_000);
