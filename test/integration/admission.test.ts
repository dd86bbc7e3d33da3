// `ask` admission over real sockets: a client without a token waits at RequestServerInfo, shown
// to the operator API with its name, address and Origin, until admitted (ServerInfo) or denied
// (ERROR_INIT, close); a remembered decision lets the same app from the same page straight in.
// The audit log names tokens, never shows them.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OperatorEvents, operatorRequest, type OperatorAddress } from '../helpers/operator-client.js';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import type { ServerProcess } from '../helpers/server-process.js';
import { startVenue, type Venue } from '../helpers/venue.js';

const OPERATOR = 'operator-token-admission-5e5e';
const STAGE = 'stage-token-admission-6f6f';

let venue: Venue;
let server: ServerProcess;
let op: OperatorAddress;
let auditFile: string;

beforeAll(async () => {
  venue = await startVenue({
    operatorToken: OPERATOR,
    performerToken: STAGE,
    performerTokenName: 'stage-app',
    waitSeconds: 3,
    args: (dir) => [
      '--handshake-timeout',
      '1000',
      '--audit-log',
      (auditFile = path.join(dir, 'audit.jsonl')),
    ],
    simulated: false,
  });
  ({ server, op } = venue);
});

afterAll(async () => {
  await venue?.stop();
});

/** A client that has sent RequestServerInfo (v3) and waits; its answer is `reply`. */
async function waiting(name: string, origin?: string): Promise<{ client: RawClient; reply: Promise<Msg> }> {
  const client = await RawClient.connect(
    server.url,
    false,
    origin === undefined ? {} : { headers: { Origin: origin } },
  );
  const reply = client.request('RequestServerInfo', { ClientName: name, MessageVersion: 3 });
  return { client, reply };
}

async function held(): Promise<Array<{ id: number; name: string; address: string; origin: string | null }>> {
  const r = await operatorRequest(op.port, 'GET', '/api/state', { token: OPERATOR });
  expect(r.status).toBe(200);
  return r.json.held;
}

async function heldOne(
  name: string,
): Promise<{ id: number; name: string; address: string; origin: string | null }> {
  await expect.poll(async () => (await held()).map((h) => h.name)).toContain(name);
  return (await held()).find((h) => h.name === name)!;
}

describe('ask admission', () => {
  it('holds a client without a token past the handshake deadline, shows it to the operator, and lets it in when admitted', async () => {
    const { client, reply } = await waiting('venue phone', 'https://venue.example');
    const h = await heldOne('venue phone');
    expect(h).toMatchObject({ address: '127.0.0.1', origin: 'https://venue.example' });
    // Still waiting after the 1 s handshake deadline: it did send RequestServerInfo.
    await new Promise((r) => setTimeout(r, 1500));
    expect(client.received).toEqual([]);
    expect(
      (await operatorRequest(op.port, 'POST', `/api/clients/${h.id}/admit`, { token: OPERATOR })).status,
    ).toBe(200);
    expect(await reply).toHaveProperty('ServerInfo');
    expect(await client.request('RequestDeviceList')).toHaveProperty('DeviceList');
    expect(await held()).toEqual([]);
    await client.close();
  });

  it('a denied client gets ERROR_INIT and is closed; messages before the decision are ERROR_INIT too', async () => {
    const { client, reply } = await waiting('unwelcome');
    const h = await heldOne('unwelcome');
    expect((await client.request('Ping')).Error).toMatchObject({
      ErrorCode: 1,
      ErrorMessage: 'Waiting for the operator to admit this client',
    });
    expect(
      (await operatorRequest(op.port, 'POST', `/api/clients/${h.id}/deny`, { token: OPERATOR })).status,
    ).toBe(200);
    expect((await reply).Error).toMatchObject({
      ErrorCode: 1,
      ErrorMessage: 'Not admitted: the operator refused this client',
    });
    expect(await client.closed).toEqual({ code: 1008, reason: 'not admitted' });
  });

  it('a decision remembered for a client name and Origin applies at once next time; another Origin waits', async () => {
    const first = await waiting('regular app', 'https://venue.example');
    const h = await heldOne('regular app');
    await operatorRequest(op.port, 'POST', `/api/clients/${h.id}/admit`, {
      token: OPERATOR,
      body: { remember: true },
    });
    expect(await first.reply).toHaveProperty('ServerInfo');
    const again = await waiting('regular app', 'https://venue.example');
    expect(await again.reply).toHaveProperty('ServerInfo');
    const elsewhere = await waiting('regular app', 'https://elsewhere.example');
    const other = await heldOne('regular app');
    expect(other.origin).toBe('https://elsewhere.example');
    await operatorRequest(op.port, 'POST', `/api/clients/${other.id}/deny`, { token: OPERATOR });
    await elsewhere.client.closed;
    await Promise.all([first.client.close(), again.client.close()]);
  });

  it('a client nobody decides on gets ERROR_INIT when admission.waitSeconds run out', async () => {
    const { client, reply } = await waiting('forgotten');
    await heldOne('forgotten');
    const started = performance.now();
    expect((await reply).Error).toMatchObject({
      ErrorCode: 1,
      ErrorMessage: 'Not admitted: no decision from the operator within 3 s',
    });
    expect(performance.now() - started).toBeGreaterThan(2000);
    expect((await client.closed).code).toBe(1008);
  });

  it('the event stream tells the operator at once when a client starts and stops waiting', async () => {
    const events = await OperatorEvents.connect(op.port, {
      headers: { authorization: `Bearer ${OPERATOR}` },
    });
    try {
      const { client, reply } = await waiting('evented phone');
      const shown = await events.waitFor(
        (e) => e.event === 'heldChanged' && e.held.some((h: { name: string }) => h.name === 'evented phone'),
      );
      const id = (shown.held as Array<{ id: number; name: string }>).find(
        (h) => h.name === 'evented phone',
      )!.id;
      expect(
        (await operatorRequest(op.port, 'POST', `/api/clients/${id}/deny`, { token: OPERATOR })).status,
      ).toBe(200);
      await events.waitFor(
        (e) =>
          e.event === 'heldChanged' &&
          !e.held.some((h: { id: number }) => h.id === id) &&
          events.events.indexOf(e) > events.events.indexOf(shown),
      );
      expect(await reply).toHaveProperty('Error');
      await client.close();
    } finally {
      events.close();
    }
  });

  it('a client that leaves while waiting is no longer shown', async () => {
    const { client } = await waiting('impatient');
    await heldOne('impatient');
    await client.close();
    await expect.poll(async () => (await held()).map((x) => x.name)).not.toContain('impatient');
  });

  it('a client with a valid token does not wait; the audit log names its token, never shows it', async () => {
    const c = await RawClient.handshake(`${server.url}/?token=${STAGE}`, 3, 'stage');
    expect(await c.request('Ping')).toHaveProperty('Ok');
    await c.close();
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url}/?token=wrong`);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(refused).toBe(401);
    await expect.poll(() => readFileSync(auditFile, 'utf8')).toMatch(/"stage-app"/);
    const audit = readFileSync(auditFile, 'utf8');
    expect(audit).toMatch(/"admit"/);
    expect(audit).toMatch(/"deny"/);
    for (const secret of [STAGE, OPERATOR]) {
      expect(audit).not.toContain(secret);
      expect(server.stderr()).not.toContain(secret);
    }
  });
});
