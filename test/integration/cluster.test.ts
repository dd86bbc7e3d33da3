// Scale-out on NATS (docs/cluster.md) with a real nats-server and real thrum processes: a stage
// holding a simulated Lovense Hush, edges serving clients. The real client libraries on two edges
// drive the stage's device (exact bytes, arbitration, scoped stops across edges); the emergency
// stop reaches the device from any node; an edge's death and the loss of NATS stop what remote
// clients drive within the contract's 2 s; a crowd in an aggregating role gives one mean level.

import * as bp3 from 'buttplug-v3';
import * as bp5 from 'buttplug';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_SET, OP_STOP_EDGE, subjects } from '../../src/cluster/wire.js';
import { startRoom, clusterArgs, type Room } from '../helpers/cluster.js';
import { startNatsServer } from '../helpers/nats-server.js';
import { OperatorEvents, operatorRequest } from '../helpers/operator-client.js';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { freePort, runCli, startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let room: Room;
let edgeA: ServerProcess;
let edgeB: ServerProcess;
let hush: SimPeripheral;
let hushIndex: number;

beforeAll(async () => {
  room = await startRoom();
  [edgeA, edgeB] = await Promise.all([room.edge(), room.edge()]);
  ({ p: hush, index: hushIndex } = await SimPeripheral.readyLovense(room.stage.simPort, {
    address: 'cluster-hush',
    battery: '64;',
  }));
}, 60_000);

afterAll(async () => {
  hush?.close();
  await room?.stop();
});

const api = (method: string, p: string) =>
  operatorRequest(room.stageOperator.port, method, p, { token: room.stageOperator.token });

/** Poll until `fn` holds (a condition, not a sleep), or fail after `timeoutMs`. */
async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A v3 raw client on `edge` that sees the Hush. */
async function rawOn(edge: ServerProcess, version = 3): Promise<RawClient> {
  const c = await RawClient.handshake(edge.url, version, 'raw cluster client');
  await until('the stage device on the edge', async () => {
    const list = await c.request('RequestDeviceList');
    return ((list.DeviceList?.Devices as Array<{ DeviceIndex: number }>) ?? []).some(
      (d) => d.DeviceIndex === hushIndex,
    );
  });
  return c;
}

function vibrate(c: RawClient, scalar: number): Promise<Msg> {
  return c.request('ScalarCmd', {
    DeviceIndex: hushIndex,
    Scalars: [{ Index: 0, Scalar: scalar, ActuatorType: 'Vibrate' }],
  });
}

describe('start-up', () => {
  it('the stage and the edges print their ready lines', () => {
    expect(room.stage.stdout()).toContain(`stage of room ${room.name}`);
    expect(edgeA.stdout()).toContain(`edge of room ${room.name}`);
  });

  it('NATS unreachable: one line naming the URL, non-zero exit within 10 s', async () => {
    const port = await freePort();
    const started = Date.now();
    const r = await runCli([
      '--cluster-role',
      'edge',
      '--nats',
      `nats://127.0.0.1:${port}`,
      '--room',
      'x',
      '--websocket-port',
      '0',
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`nats://127.0.0.1:${port}`);
  });

  it('bus flags on an edge are a one-line error', async () => {
    const r = await runCli([...clusterArgs('edge', room.nats, room.name), '--use-serial']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--use-serial: an edge runs no bus/);
  });

  it('a second stage in a room is refused in one line', async () => {
    const r = await runCli([...clusterArgs('stage', room.nats, room.name), '--websocket-port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`room ${room.name} already has a stage`);
  });

  it("the stage obeys no intent past an output's range, whoever publishes it on the room's subjects", async () => {
    const nc = await connect({ servers: room.nats.url });
    try {
      hush.skipReceived();
      const subject = subjects(room.name).intents;
      // The Hush's vibrator takes 0..20: 999, -3 and 2.5 are refused; 5 goes through (the path works).
      for (const value of [999, -3, 2.5])
        nc.publish(subject, pack([`rogue-${value}`, [[OP_SET, hushIndex, 0, 'Vibrate', value]]]));
      nc.publish(subject, pack(['rogue-ok', [[OP_SET, hushIndex, 0, 'Vibrate', 5]]]));
      await nc.flush();
      expect(await hush.nextOutput()).toBe('Vibrate:5;');
      expect(hush.writes().filter((w) => /Vibrate:(999|-3|2\.5);/.test(w))).toEqual([]);
      nc.publish(subject, pack(['rogue-ok', [[OP_STOP_EDGE]]]));
      await nc.flush();
      expect(await hush.nextOutput()).toBe('Vibrate:0;');
    } finally {
      await nc.close();
    }
  });

  it('a room with a node of another protocol version is refused with a clear error', async () => {
    const nc = await connect({ servers: room.nats.url });
    // A node from the future answers every hello of room "mixed" with protocol version 2.
    nc.subscribe('thrum.hello.mixed', {
      callback: (_err, msg) => void (msg.reply && msg.respond(pack([2, 'stage', 'future']))),
    });
    await nc.flush();
    const r = await runCli([
      '--cluster-role',
      'edge',
      '--nats',
      room.nats.url,
      '--room',
      'mixed',
      '--websocket-port',
      '0',
    ]);
    await nc.close();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cluster protocol v2; this thrum speaks v1: a mixed-version room is refused/);
  });
});

describe('two edges, two client libraries, one device on the stage', () => {
  it('buttplug@5 on edge A and buttplug@3 on edge B: exact bytes, latest wins, scoped stops across edges', async () => {
    const c5 = new bp5.ButtplugClient('cluster v5');
    const c3 = new bp3.ButtplugClient('cluster v3');
    await c5.connect(new bp5.ButtplugNodeWebsocketClientConnector(edgeA.url));
    await c3.connect(new bp3.ButtplugNodeWebsocketClientConnector(edgeB.url));
    const v5devices = () => [...c5.devices.values()];
    await until(
      'both libraries see the stage device',
      () => v5devices().some((d) => d.index === hushIndex) && c3.devices.some((d) => d.index === hushIndex),
    );
    const d5 = v5devices().find((d) => d.index === hushIndex)!;
    const d3 = c3.devices.find((d) => d.index === hushIndex)!;
    expect(d5.name).toBe('Lovense Hush');
    expect(d3.name).toBe('Lovense Hush');
    hush.skipReceived();

    await d5.features.get(0)!.runOutput(bp5.DeviceOutput.Vibrate.steps(10));
    expect(await hush.nextOutput()).toBe('Vibrate:10;');
    // Edge B's client now holds the output.
    await d3.vibrate(0.25);
    expect(await hush.nextOutput()).toBe('Vibrate:5;');
    // Reads go through the stage: the battery of the Hush, on both libraries.
    expect(
      (await d5.features.get(1)!.runInput(bp5.InputType.Battery, bp5.InputCommandType.Read))?.value,
    ).toBe(64);
    expect(await d3.battery()).toBeCloseTo(0.64);

    // The v5 client leaves (its library sends StopAllDevices): it no longer drives anything, so
    // nothing stops. The next write is B's next value, not a zero.
    await c5.disconnect();
    await d3.vibrate(0.5);
    expect(await hush.nextOutput()).toBe('Vibrate:10;');
    // B leaves: its output stops.
    await c3.disconnect();
    expect(await hush.nextOutput()).toBe('Vibrate:0;');
  });

  it('a device stop from one edge stops the device for everyone', async () => {
    const a = await rawOn(edgeA);
    const b = await rawOn(edgeB);
    hush.skipReceived();
    await vibrate(a, 0.35);
    expect(await hush.nextOutput()).toBe('Vibrate:7;');
    expect(await b.request('StopDeviceCmd', { DeviceIndex: hushIndex })).toHaveProperty('Ok');
    expect(await hush.nextOutput()).toBe('Vibrate:0;');
    await Promise.all([a.close(), b.close()]);
  });
});

describe('subscriptions across edges', () => {
  it('a sensor subscribed from two edges is subscribed once on the device; both get its readings; the last unsubscribe ends it', async () => {
    const boost = await SimPeripheral.hello(`ws://127.0.0.1:${room.stage.simPort}`, {
      name: 'Boost',
      address: 'cluster-boost',
    });
    boost.reads.set('rxblebattery', [77]);
    const index = (await boost.next('ready')).deviceIndex as number;
    const [a, b] = await Promise.all([RawClient.handshake(edgeA.url, 4), RawClient.handshake(edgeB.url, 4)]);
    const pressure = { DeviceIndex: index, FeatureIndex: 0, Type: 'Pressure' };
    for (const c of [a, b]) {
      await until(
        'the edge shows the Boost',
        async () => 'Ok' in (await c.request('InputCmd', { ...pressure, Command: 'Subscribe' })),
      );
    }
    await boost.next('subscribe', (x) => x.endpoint === 'rxpressure');
    const readings = [a, b].map((c) => c.nextOfType('InputReading'));
    boost.notify('rxpressure', [0x00, 0x01, 0x04, 0x01, 0x2c, 0x02, 0x58]);
    for (const r of await Promise.all(readings))
      expect(r.InputReading).toEqual({
        Id: 0,
        DeviceIndex: index,
        FeatureIndex: 0,
        Reading: { Pressure: { Value: 300 } },
      });
    expect(await a.request('InputCmd', { ...pressure, Command: 'Unsubscribe' })).toHaveProperty('Ok');
    // B still streams: the device was not unsubscribed for it.
    const still = b.nextOfType('InputReading');
    boost.notify('rxpressure', [0x00, 0x01, 0x04, 0x01, 0x2d, 0x02, 0x58]);
    expect((await still).InputReading).toMatchObject({
      DeviceIndex: index,
      Reading: { Pressure: { Value: 301 } },
    });
    expect(boost.frames.filter((f) => f.kind === 'unsubscribe')).toHaveLength(0);
    expect(await b.request('InputCmd', { ...pressure, Command: 'Unsubscribe' })).toHaveProperty('Ok');
    await boost.next('unsubscribe', (x) => x.endpoint === 'rxpressure');
    expect(
      boost.frames.filter((f) => f.kind === 'subscribe' && f.body.endpoint === 'rxpressure'),
    ).toHaveLength(1);
    expect(boost.frames.filter((f) => f.kind === 'unsubscribe')).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
    boost.close();
  });
});

describe('emergency stop across the room', () => {
  it('from the stage API, by SIGUSR2 to an edge and to the stage: the device stops, every edge refuses outputs until release', async () => {
    const a = await rawOn(edgeA);
    const b = await rawOn(edgeB);
    hush.skipReceived();
    await vibrate(a, 0.5);
    expect(await hush.nextOutput()).toBe('Vibrate:10;');

    expect((await api('POST', '/api/estop')).json).toEqual({ estop: true });
    expect(await hush.nextOutput()).toBe('Vibrate:0;');
    for (const c of [a, b]) {
      await until(
        'the edge refuses outputs',
        async () => ((await vibrate(c, 0.5)).Error?.ErrorMessage ?? '') === 'emergency stop engaged',
      );
      expect((await vibrate(c, 0.5)).Error?.ErrorCode).toBe(4);
    }
    expect((await api('POST', '/api/release')).json).toMatchObject({ estop: false });
    await until('edge A obeys again', async () => 'Ok' in (await vibrate(a, 0.2)));
    expect(await hush.nextOutput()).toBe('Vibrate:4;');

    // A button wired to edge B.
    const pressed = performance.now();
    edgeB.child.kill('SIGUSR2');
    expect(await hush.nextOutput()).toBe('Vibrate:0;');
    // Generous bound around the contract's "one coalescing gap + 100 ms" on a loaded machine.
    expect(performance.now() - pressed).toBeLessThan(2000);
    await until(
      'the stage reports the latch',
      async () => (await api('GET', '/api/state')).json.estop === true,
    );
    await until(
      'edge A refuses outputs',
      async () => ((await vibrate(a, 0.5)).Error?.ErrorMessage ?? '') === 'emergency stop engaged',
    );
    expect((await api('POST', '/api/release')).json).toMatchObject({ estop: false });
    await until('edge B obeys again', async () => 'Ok' in (await vibrate(b, 0.1)));
    expect(await hush.nextOutput()).toBe('Vibrate:2;');

    // The button on the stage's machine: kill -USR2 of the stage.
    room.stage.child.kill('SIGUSR2');
    expect(await hush.nextOutput()).toBe('Vibrate:0;');
    for (const c of [a, b])
      await until(
        'the edge refuses outputs',
        async () => ((await vibrate(c, 0.5)).Error?.ErrorMessage ?? '') === 'emergency stop engaged',
      );
    expect((await api('POST', '/api/release')).json).toMatchObject({ estop: false });
    await until('edge B obeys again', async () => 'Ok' in (await vibrate(b, 0.1)));
    expect(await hush.nextOutput()).toBe('Vibrate:2;');
    await Promise.all([a.close(), b.close()]);
    expect(await hush.nextOutput()).toBe('Vibrate:0;');
  });
});

describe('an audience role that aggregates', () => {
  it('50 clients of a "mean" role on an edge give the device their mean level', async () => {
    const edge = await room.edge({
      access: { admission: { loopback: 'open' }, roles: { default: { devices: ['*'], aggregate: 'mean' } } },
    });
    const first = await rawOn(edge);
    const crowd = [
      first,
      ...(await Promise.all(Array.from({ length: 49 }, () => RawClient.handshake(edge.url, 3, 'crowd')))),
    ];
    hush.skipReceived();
    // 25 voices at 4 steps (0.2), then 25 at 12 (0.6): the mean is 8; latest or max would be 12.
    for (let i = 0; i < crowd.length; i++)
      expect(await vibrate(crowd[i]!, i < 25 ? 0.2 : 0.6)).toHaveProperty('Ok');
    await until('the mean level reaches the device', () => hush.writes().at(-1) === 'Vibrate:8;', 5000);
    expect(hush.writes()).not.toContain('Vibrate:12;');
    await Promise.all(crowd.map((c) => c.close()));
    await until('the crowd left: its level stops', () => hush.writes().at(-1) === 'Vibrate:0;', 5000);
    await edge.stop();
  });
});

describe('failures', () => {
  it('SIGKILL of an edge stops what its clients drove within 2 s', async () => {
    const edge = await room.edge();
    const c = await rawOn(edge);
    hush.skipReceived();
    await vibrate(c, 0.45);
    expect(await hush.nextOutput()).toBe('Vibrate:9;');
    const killed = performance.now();
    edge.child.kill('SIGKILL');
    expect(await hush.nextOutput(5000)).toBe('Vibrate:0;');
    expect(performance.now() - killed).toBeLessThan(2000);
    await until('the stage lists the edge as lost', async () => {
      const edges = (await api('GET', '/api/state')).json.cluster.edges as Array<{
        link: string;
        name: string;
      }>;
      return edges.some((e) => e.link === 'lost');
    });
  });

  it("the stage's operator API lists the edges with their clients; /metrics counts NATS traffic", async () => {
    const c = await rawOn(edgeA);
    await until('edge A reports its client', async () => {
      const state = (await api('GET', '/api/state')).json;
      return (state.cluster.edges as Array<{ clients: number; link: string }>).some(
        (e) => e.clients >= 1 && e.link === 'up',
      );
    });
    const state = (await api('GET', '/api/state')).json;
    expect(state.cluster).toMatchObject({ role: 'stage', room: room.name, nats: 'connected' });
    // The console follows the edges live: the once-a-second stats event carries them.
    const events = await OperatorEvents.connect(room.stageOperator.port, {
      headers: { authorization: `Bearer ${room.stageOperator.token}` },
    });
    try {
      const stats = await events.waitFor((e) => e.event === 'stats', 5000);
      expect(stats.cluster).toMatchObject({ role: 'stage', room: room.name });
      expect((stats.cluster.edges as Array<{ clients: number }>).some((e) => e.clients >= 1)).toBe(true);
    } finally {
      events.close();
    }
    const metrics = (await api('GET', '/metrics')).text;
    expect(metrics).toMatch(/thrum_nats_messages_total\{direction="in"\} [1-9]/);
    expect(metrics).toMatch(/thrum_cluster_intents_total [1-9]/);
    await c.close();
  });

  it('stopping nats-server stops remote-driven outputs on the stage; edges tell their clients; all resync after', async () => {
    const c = await rawOn(edgeA);
    hush.skipReceived();
    await vibrate(c, 0.3);
    expect(await hush.nextOutput()).toBe('Vibrate:6;');
    const killed = performance.now();
    await room.nats.kill();
    expect(await hush.nextOutput(5000)).toBe('Vibrate:0;');
    expect(performance.now() - killed).toBeLessThan(2000);
    // The edge's client hears that the device is gone.
    await c.waitFor((m) => 'DeviceRemoved' in m && m.DeviceRemoved.DeviceIndex === hushIndex, 5000);
    // NATS back on the same port: the edge reconnects and shows the device again.
    room.nats = await room.nats.restart();
    await c.waitFor((m) => 'DeviceAdded' in m && m.DeviceAdded.DeviceIndex === hushIndex, 15_000);
    await until('the stage obeys the edge again', async () => {
      await vibrate(c, 0.15);
      return hush.writes().at(-1) === 'Vibrate:3;';
    });
    await c.close();
  });
});

describe('NATS authentication', () => {
  it('a token from --nats-token-file opens a NATS server that requires it; without it, one line and exit 1; the token is never printed', async () => {
    const token = 'tok-7f3a9c-secret';
    const secured = await startNatsServer(undefined, ['--auth', token]);
    const file = path.join(room.dir, 'nats-token');
    writeFileSync(file, `${token}\n`);
    try {
      const refused = await runCli([
        '--cluster-role',
        'edge',
        '--nats',
        secured.url,
        '--room',
        'auth',
        '--websocket-port',
        '0',
      ]);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain(`NATS unreachable at ${secured.url}`);
      const stage = await startServer([
        '--cluster-role',
        'stage',
        '--nats',
        secured.url,
        '--room',
        'auth',
        '--nats-token-file',
        file,
      ]);
      expect(stage.stdout()).toContain('stage of room auth');
      await stage.stop();
      expect(stage.stdout() + stage.stderr()).not.toContain(token);
    } finally {
      await secured.kill();
    }
  });
});

describe('the helper', () => {
  it('starts nats-server on a free port and kills it', async () => {
    const n = await startNatsServer();
    expect(n.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    await n.kill();
    expect(n.child.signalCode).toBe('SIGKILL');
  });
});
