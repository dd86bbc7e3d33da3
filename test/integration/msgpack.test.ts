// msgpack framing over real sockets: a connection's first frame fixes its encoding (text → JSON,
// binary → msgpack) and the server answers in it; the other kind afterwards gets a clear Error.
// The same session scenarios run once per encoding (one suite, every implementation), and all of
// it once per decode path: inline on the main thread and on the decode pool (--decode-pool).

import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { schemaProblems } from '../helpers/schema.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let seq = 0;
const body = (m: Msg) => Object.values(m)[0] as Record<string, unknown>;

describe.each([
  ['inline', []],
  ['decode pool', ['--decode-pool']],
] as const)('decoding %s', (_path, decodeArgs) => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer([...decodeArgs]);
  });
  afterAll(async () => {
    await server.stop();
  });

  describe.each([
    ['JSON', false],
    ['msgpack', true],
  ] as const)('%s framing', (_name, msgpack) => {
    it('handshakes, lists and drives a device, reads its battery, at v3 and v4', async () => {
      const p = await SimPeripheral.lovense(server.simPort, { battery: '77;', address: `sim-mp-${++seq}` });
      const index = (await p.next('ready')).deviceIndex as number;

      const v3 = await RawClient.handshake(server.url, 3, 'v3', msgpack);
      const v4 = await RawClient.handshake(server.url, 4, 'v4', msgpack);
      const list = body(await v4.request('RequestDeviceList')).Devices as Record<
        string,
        Record<string, unknown>
      >;
      expect(list[String(index)]).toMatchObject({ DeviceName: 'Lovense Hush' });
      expect(
        await v3.request('VibrateCmd', { DeviceIndex: index, Speeds: [{ Index: 0, Speed: 0.5 }] }),
      ).toHaveProperty('Ok');
      await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'Vibrate:10;');
      const reading = await v4.request('InputCmd', {
        DeviceIndex: index,
        FeatureIndex: 1,
        Type: 'Battery',
        Command: 'Read',
      });
      expect(body(reading)).toMatchObject({ Reading: { Battery: { Value: 77 } } });
      const bad = await v4.request(
        'OutputCmd',
        { DeviceIndex: index, FeatureIndex: 0, Command: { Vibrate: { Value: 'x' } } },
        9,
      );
      expect(body(bad)).toMatchObject({ Id: 9, ErrorCode: 3 });

      for (const [c, v] of [
        [v3, 3],
        [v4, 4],
      ] as const) {
        expect(schemaProblems(v, c.received)).toEqual([]);
        expect(c.wrongKindFrames).toEqual([]);
        await c.close();
      }
      p.ws.close();
    });

    it('a frame of the other kind is refused with an Error in this connection’s encoding', async () => {
      const c = await RawClient.handshake(server.url, 4, 'mixed', msgpack);
      const wait = c.nextOfType('Error');
      c.sendRaw(msgpack ? JSON.stringify([{ Ping: { Id: 5 } }]) : pack([{ Ping: { Id: 5 } }]));
      const e = body(await wait);
      expect(e).toMatchObject({ Id: 0, ErrorCode: 3 });
      expect(e.ErrorMessage).toMatch(
        msgpack ? /msgpack binary frames; a text frame/ : /JSON text frames; a binary frame/,
      );
      expect(await c.request('Ping', {}, 6)).toEqual({ Ok: { Id: 6 } });
      expect(c.wrongKindFrames).toEqual([]);
      await c.close();
    });
  });

  describe('msgpack frames', () => {
    it('bytes that are not msgpack, or not an array, get ERROR_MSG Id 0 and the connection stays', async () => {
      const c = await RawClient.connect(server.url, true);
      let wait = c.nextOfType('Error');
      c.sendRaw(Buffer.from([0xc1])); // never used in msgpack
      expect(body(await wait)).toMatchObject({ Id: 0, ErrorCode: 3 });
      wait = c.nextOfType('Error');
      c.sendRaw(pack({ Ping: { Id: 1 } }));
      expect(body(await wait)).toMatchObject({ Id: 0, ErrorCode: 3 });
      expect(
        body(await c.request('RequestServerInfo', { ClientName: 'mp', MessageVersion: 3 }, 2)),
      ).toMatchObject({ Id: 2 });
      await c.close();
    });

    it('several msgpack frames sent without waiting are answered in order', async () => {
      const c = await RawClient.handshake(server.url, 4, 'mp burst', true);
      const before = c.received.length;
      const wait = c.waitFor((m) => body(m).Id === 100);
      for (let i = 1; i <= 100; i++)
        c.sendRaw(pack([{ Ping: { Id: i } }, { StopCmd: { Id: 1000 + i, DeviceIndex: 999 } }]));
      await wait;
      const ids = c.received.slice(before).map((m) => body(m).Id);
      expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => [i + 1, 1001 + i]).flat());
      expect(schemaProblems(4, c.received)).toEqual([]);
      await c.close();
    });
  });
});
