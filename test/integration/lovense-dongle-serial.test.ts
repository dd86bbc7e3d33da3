// The Lovense USB dongle, serial variant, end to end: the compiled server
// (--use-lovense-dongle-serial --lovense-dongle-port P) opens a socat pseudo-terminal, a simulated
// dongle (test/helpers/sim-lovense-dongle.ts) sits on the other end with two toys, and clients
// drive them over real sockets. Asserts the exact dongle frames on the wire, the dongle's write gap
// (the simulated dongle drops a line that follows another too closely, as the real one does),
// a toy switched off, the dongle unplugged (socat killed) and plugged in again at the same path.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as bp5 from 'buttplug';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSocat, PtyPair } from '../helpers/pty-pair.js';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SerialDonglePeer, SIM_DROP_WITHIN_MS, type SimToy } from '../helpers/sim-lovense-dongle.js';

/** Already connected to the dongle when it is plugged in: found by the status query. */
const HUSH: SimToy = { id: 'c44f33a1b2c3', deviceType: 'Z:11:0082059AD3BD;', battery: 85 };
/** In range: found by scanning (the dongle's search). */
const LUSH: SimToy = { id: 'c44f33d4e5f6', deviceType: 'S:11:0082059AD3BE;', battery: 60 };

const body = (m: Msg): Record<string, unknown> => Object.values(m)[0] as Record<string, unknown>;

describeWithSocat('Lovense USB dongle (serial) through the compiled server', () => {
  let dir: string;
  let donglePath: string;
  let pair: PtyPair;
  let dongle: SerialDonglePeer;
  let server: ServerProcess;
  let observer: RawClient;
  const index = new Map<string, number>();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'thrum-dongle-'));
    donglePath = path.join(dir, 'dongle');
    pair = await PtyPair.open({ devPath: donglePath });
    dongle = await SerialDonglePeer.open(pair.peerPath);
    dongle.sim.addToy(HUSH, true);
    dongle.sim.addToy(LUSH);
    server = await startServer(['--use-lovense-dongle-serial', '--lovense-dongle-port', donglePath], {
      simulated: false,
    });
    observer = await RawClient.handshake(server.url, 3);
    const both = observer.waitFor(
      () => observer.received.filter((m) => 'DeviceAdded' in m).length >= 2,
      10_000,
    );
    expect(await observer.request('StartScanning')).toHaveProperty('Ok');
    await both;
    for (const m of observer.received.filter((x) => 'DeviceAdded' in x))
      index.set(body(m).DeviceName as string, body(m).DeviceIndex as number);
    expect([...index.keys()].sort()).toEqual(['Lovense Hush', 'Lovense Lush']);
    const finished = observer.nextOfType('ScanningFinished');
    expect(await observer.request('StopScanning')).toHaveProperty('Ok');
    await finished;
  }, 30_000);

  afterAll(async () => {
    if (observer?.ws.readyState === observer?.ws.OPEN) await observer.close();
    const code = await server?.stop();
    await dongle?.close();
    await pair?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(server.stderr()).not.toMatch(/fatal|unhandled/i);
  });

  it('both toys were identified through the dongle: the search, then "DeviceType;" tunnelled to each', () => {
    const lines = dongle.sim.frames.map((f) => f.text);
    expect(lines[0]).toBe('{"type":"toy","func":"statuss"}\r\n');
    expect(lines).toContain('{"type":"toy","func":"search"}\r\n');
    expect(lines).toContain('{"type":"usb","func":"stopSearch"}\r\n');
    for (const toy of [HUSH, LUSH]) expect(dongle.sim.commands(toy.id)).toContain('DeviceType;');
  });

  it("a buttplug@5 client's Vibrate reaches the toy as the dongle frame carrying Vibrate:10;", async () => {
    const client = new bp5.ButtplugClient('dongle test');
    await client.connect(new bp5.ButtplugNodeWebsocketClientConnector(server.url));
    try {
      const hush = [...client.devices.values()].find((d) => d.name === 'Lovense Hush');
      expect(hush).toBeDefined();
      const after = dongle.sim.frames.length;
      await hush!.runOutput(bp5.DeviceOutput.Vibrate.percent(0.5));
      const frame = await dongle.sim.nextCommand(HUSH.id, 'Vibrate:10;', 5_000, after);
      expect(frame.text).toBe(`{"type":"toy","func":"command","id":"${HUSH.id}","cmd":"Vibrate:10;"}\r\n`);
      expect(frame.dropped).toBe(false);
    } finally {
      await client.disconnect();
    }
    // The library stops what it drove when it leaves.
    await dongle.sim.nextCommand(HUSH.id, 'Vibrate:0;');
  });

  it('two toys commanded at once: the second frame waits out the dongle gap instead of being dropped', async () => {
    const c = await RawClient.handshake(server.url, 3);
    const after = dongle.sim.frames.length;
    // Three rounds: the simulated dongle stamps lines on this process's event loop, so one round
    // may be bunched up by a busy machine; the median is what the bus did.
    const gaps: number[] = [];
    for (const [scalar, text] of [
      [0.75, 'Vibrate:15;'],
      [0.25, 'Vibrate:5;'],
      [0.5, 'Vibrate:10;'],
    ] as const) {
      const from = dongle.sim.frames.length;
      const acks = [index.get('Lovense Hush'), index.get('Lovense Lush')].map((i) =>
        c.request('ScalarCmd', {
          DeviceIndex: i,
          Scalars: [{ Index: 0, Scalar: scalar, ActuatorType: 'Vibrate' }],
        }),
      );
      for (const a of await Promise.all(acks)) expect(a).toHaveProperty('Ok');
      const [h, l] = await Promise.all([
        dongle.sim.nextCommand(HUSH.id, text, 5_000, from),
        dongle.sim.nextCommand(LUSH.id, text, 5_000, from),
      ]);
      gaps.push(Math.abs(h.at - l.at));
    }
    // Without pacing both frames of a round leave in the same instant and the dongle loses one.
    expect(gaps.sort((a, b) => a - b)[1]).toBeGreaterThanOrEqual(SIM_DROP_WITHIN_MS);
    expect(dongle.sim.droppedSince(after).length).toBeLessThanOrEqual(1);
    await c.close();
  });

  it('a burst to one toy: nothing dropped, and the latest value is what the toy is left with', async () => {
    const c = await RawClient.handshake(server.url, 3);
    const hush = index.get('Lovense Hush');
    const after = dongle.sim.frames.length;
    const acks = [0.1, 0.3, 0.5, 0.7, 0.45].map((s) =>
      c.request('ScalarCmd', {
        DeviceIndex: hush,
        Scalars: [{ Index: 0, Scalar: s, ActuatorType: 'Vibrate' }],
      }),
    );
    for (const a of await Promise.all(acks)) expect(a).toHaveProperty('Ok');
    await dongle.sim.nextCommand(HUSH.id, 'Vibrate:9;', 5_000, after);
    const sent = dongle.sim.frames.slice(after).filter((f) => f.text.includes(`"id":"${HUSH.id}"`));
    expect(sent.at(-1)!.text).toContain('"cmd":"Vibrate:9;"');
    // Coalesced: the burst is fewer writes than commands.
    expect(sent.length).toBeLessThan(5);
    await c.close();
  });

  it('battery is read through the dongle', async () => {
    const c = await RawClient.handshake(server.url, 3);
    const reply = await c.request('SensorReadCmd', {
      DeviceIndex: index.get('Lovense Lush'),
      SensorIndex: 0,
      SensorType: 'Battery',
    });
    expect(body(reply).Data).toEqual([60]);
    await c.close();
  });

  it('a toy switched off is removed; the dongle unplugged removes the rest; plugged in again, its toy comes back', async () => {
    const lushRemoved = observer.waitFor(
      (m) => 'DeviceRemoved' in m && body(m).DeviceIndex === index.get('Lovense Lush'),
      5_000,
    );
    dongle.sim.removeToy(LUSH.id);
    await lushRemoved;

    const hushRemoved = observer.waitFor(
      (m) => 'DeviceRemoved' in m && body(m).DeviceIndex === index.get('Lovense Hush'),
      5_000,
    );
    await pair.kill();
    await hushRemoved;
    await dongle.close();

    const seen = observer.received.length;
    pair = await PtyPair.open({ devPath: donglePath });
    dongle = await SerialDonglePeer.open(pair.peerPath);
    dongle.sim.addToy(HUSH, true);
    const back = await observer.waitFor(
      (m) => observer.received.indexOf(m) >= seen && 'DeviceAdded' in m,
      10_000,
    );
    expect(body(back).DeviceName).toBe('Lovense Hush');
    const c = await RawClient.handshake(server.url, 3);
    expect(
      await c.request('ScalarCmd', {
        DeviceIndex: body(back).DeviceIndex,
        Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }],
      }),
    ).toHaveProperty('Ok');
    await dongle.sim.nextCommand(HUSH.id, 'Vibrate:20;');
    await c.close();
  }, 30_000);
});
