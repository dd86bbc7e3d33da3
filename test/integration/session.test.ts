// Sessions over real sockets: each spec version's handshake, the error paths with exact codes
// and Ids, ping, limits. Every message the server sends is checked against the upstream schema
// for the session's version. The whole suite runs once per decode path: inline on the main
// thread, and on the decode pool (--decode-pool), which must answer exactly the same.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { schemaProblems } from '../helpers/schema.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

const DECODE_PATHS = [
  ['inline', []],
  ['decode pool', ['--decode-pool']],
] as const;

describe.each(DECODE_PATHS)('decoding %s', (_path, decodeArgs) => {
  let server: ServerProcess;
  const open: Array<{ client: RawClient; version: number }> = [];

  async function client(version: number): Promise<RawClient> {
    const c = await RawClient.handshake(server.url, version);
    open.push({ client: c, version });
    return c;
  }

  beforeAll(async () => {
    server = await startServer(['--max-frame-bytes', '4096', '--server-name', 'thrum test', ...decodeArgs], {
      simulated: false,
    });
  });
  afterEach(async () => {
    for (const { client: c, version } of open.splice(0)) {
      expect(schemaProblems(version, c.received)).toEqual([]);
      await c.close();
    }
  });
  afterAll(async () => {
    await server.stop();
    // The pool path really decoded on the pool (its shutdown line counts the frames).
    if (decodeArgs.length > 0)
      expect(server.stderr()).toMatch(/decode pool: [1-9]\d* frames in [1-9]\d* tasks/);
  });

  const errorOf = (m: Msg) => m.Error as { Id: number; ErrorCode: number; ErrorMessage: string };

  describe('handshake', () => {
    it.each([0, 1, 2, 3, 4])('spec v%i: ServerInfo in the client version', async (version) => {
      const c = await RawClient.connect(server.url);
      open.push({ client: c, version });
      const body: Record<string, unknown> = { ClientName: 'v' + version };
      if (version === 4) Object.assign(body, { ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 });
      else if (version > 0) body.MessageVersion = version;
      const reply = await c.request('RequestServerInfo', body, 7);
      const info = reply.ServerInfo as Record<string, unknown>;
      expect(info.Id).toBe(7);
      expect(info.ServerName).toBe('thrum test');
      expect(info.MaxPingTime).toBe(0);
      if (version === 4) expect(info.ProtocolVersionMajor).toBe(4);
      else expect(info.MessageVersion).toBe(version);
    });

    it('a client newer than the server is refused with ERROR_INIT', async () => {
      const c = await RawClient.connect(server.url);
      const reply = await c.request(
        'RequestServerInfo',
        { ClientName: 'future', ProtocolVersionMajor: 9, ProtocolVersionMinor: 0 },
        3,
      );
      expect(errorOf(reply)).toMatchObject({ Id: 3, ErrorCode: 1 });
      await c.close();
    });

    it('any message before the handshake is ERROR_INIT with its Id', async () => {
      const c = await RawClient.connect(server.url);
      const reply = await c.request('StartScanning', {}, 42);
      expect(errorOf(reply)).toMatchObject({ Id: 42, ErrorCode: 1 });
      // The connection stays usable: the handshake still works afterwards.
      const info = await c.request('RequestServerInfo', { ClientName: 'late', MessageVersion: 3 }, 43);
      expect(info).toHaveProperty('ServerInfo');
      await c.close();
    });

    it('a second RequestServerInfo is ERROR_INIT', async () => {
      const c = await client(3);
      const reply = await c.request('RequestServerInfo', { ClientName: 'again', MessageVersion: 3 }, 9);
      expect(errorOf(reply)).toMatchObject({ Id: 9, ErrorCode: 1 });
    });
  });

  describe('bad input never breaks the connection', () => {
    it('invalid JSON is ERROR_MSG with Id 0', async () => {
      const c = await client(3);
      const wait = c.nextOfType('Error');
      c.sendRaw('[{"Ping": {"Id": 1}');
      expect(errorOf(await wait)).toMatchObject({ Id: 0, ErrorCode: 3 });
      expect(await c.request('Ping')).toHaveProperty('Ok');
    });

    it('a frame that is not an array is ERROR_MSG with Id 0', async () => {
      const c = await client(4);
      const wait = c.nextOfType('Error');
      c.sendRaw('{"Ping": {"Id": 1}}');
      expect(errorOf(await wait)).toMatchObject({ Id: 0, ErrorCode: 3 });
    });

    it('unknown message type, missing and wrong-typed fields carry the Id', async () => {
      const c = await client(3);
      expect(errorOf(await c.request('Frobnicate', {}, 11))).toMatchObject({ Id: 11, ErrorCode: 3 });
      expect(errorOf(await c.request('VibrateCmd', { DeviceIndex: 0 }, 12))).toMatchObject({
        Id: 12,
        ErrorCode: 3,
      });
      expect(errorOf(await c.request('VibrateCmd', { DeviceIndex: 'zero', Speeds: [] }, 13))).toMatchObject({
        Id: 13,
        ErrorCode: 3,
      });
      expect(
        errorOf(await c.request('VibrateCmd', { DeviceIndex: 0, Speeds: [{ Index: 0, Speed: 7 }] }, 14)),
      ).toMatchObject({
        Id: 14,
        ErrorCode: 3,
      });
    });

    it('a message of another spec version is unknown in this one', async () => {
      const c = await client(2);
      expect(
        errorOf(
          await c.request(
            'OutputCmd',
            { DeviceIndex: 0, FeatureIndex: 0, Command: { Vibrate: { Value: 1 } } },
            5,
          ),
        ),
      ).toMatchObject({
        Id: 5,
        ErrorCode: 3,
      });
    });

    it('a command to an unknown device is ERROR_DEVICE', async () => {
      const c = await client(3);
      expect(
        errorOf(await c.request('VibrateCmd', { DeviceIndex: 99, Speeds: [{ Index: 0, Speed: 0.5 }] }, 21)),
      ).toMatchObject({
        Id: 21,
        ErrorCode: 4,
      });
      const v4 = await client(4);
      expect(
        errorOf(
          await v4.request(
            'OutputCmd',
            { DeviceIndex: 99, FeatureIndex: 0, Command: { Vibrate: { Value: 1 } } },
            22,
          ),
        ),
      ).toMatchObject({ Id: 22, ErrorCode: 4 });
      expect(errorOf(await v4.request('StopCmd', { DeviceIndex: 99 }, 23))).toMatchObject({
        Id: 23,
        ErrorCode: 4,
      });
    });

    it('Raw* commands are refused with a clear ERROR_MSG', async () => {
      const c = await client(3);
      const reply = errorOf(
        await c.request(
          'RawWriteCmd',
          { DeviceIndex: 0, Endpoint: 'tx', Data: [1], WriteWithResponse: false },
          31,
        ),
      );
      expect(reply).toMatchObject({ Id: 31, ErrorCode: 3 });
      expect(reply.ErrorMessage).toMatch(/not supported/);
    });

    it('several messages in one frame are each answered', async () => {
      const c = await client(3);
      const wait = c.waitFor((m) => (Object.values(m)[0] as { Id: number }).Id === 53);
      c.sendRaw(
        JSON.stringify([{ Ping: { Id: 51 } }, { Bogus: { Id: 52 } }, { RequestDeviceList: { Id: 53 } }]),
      );
      await wait;
      const ids = c.received.map((m) => (Object.values(m)[0] as { Id: number }).Id);
      expect(ids.slice(-3)).toEqual([51, 52, 53]);
    });

    it('a frame over --max-frame-bytes is ERROR_MSG and the connection stays', async () => {
      const c = await client(3);
      const wait = c.nextOfType('Error');
      c.sendRaw(JSON.stringify([{ Ping: { Id: 1 } }]).padEnd(5000, ' '));
      const e = errorOf(await wait);
      expect(e).toMatchObject({ Id: 0, ErrorCode: 3 });
      expect(e.ErrorMessage).toContain('4096');
      expect(await c.request('Ping')).toHaveProperty('Ok');
    });

    it('a binary frame on a JSON connection gets a clear Error', async () => {
      const c = await client(3);
      const wait = c.nextOfType('Error');
      c.sendRaw(Buffer.from([0x91, 0x81]));
      expect(errorOf(await wait).ErrorCode).toBe(3);
    });
  });

  describe('order', () => {
    const idOf = (m: Msg) => (Object.values(m)[0] as { Id: number }).Id;

    it('a frame carrying the handshake decodes the messages after it at the version it fixes', async () => {
      const c = await RawClient.connect(server.url);
      open.push({ client: c, version: 3 });
      const wait = c.waitFor((m) => idOf(m) === 3);
      c.sendRaw(
        JSON.stringify([
          { RequestServerInfo: { Id: 1, ClientName: 'one frame', MessageVersion: 3 } },
          { Ping: { Id: 2 } },
          { VibrateCmd: { Id: 3, DeviceIndex: 99, Speeds: [{ Index: 0, Speed: 0.5 }] } },
        ]),
      );
      expect(errorOf(await wait)).toMatchObject({ Id: 3, ErrorCode: 4 }); // decoded as v3, device unknown
      expect(c.received.map(idOf)).toEqual([1, 2, 3]);
    });

    it('frames sent without waiting are answered in order, errors answered without decoding included', async () => {
      const c = await client(4);
      const before = c.received.length;
      const wait = c.waitFor((m) => idOf(m) === 300);
      for (let i = 1; i <= 300; i++) {
        if (i === 100) c.sendRaw(JSON.stringify([{ Ping: { Id: 1 } }]).padEnd(5000, ' ')); // over the limit
        if (i === 200) c.sendRaw(Buffer.from([0x91, 0x80])); // wrong encoding
        c.sendRaw(JSON.stringify([{ Ping: { Id: i } }, { Bogus: { Id: 1000 + i } }]));
      }
      await wait;
      const ids = c.received.slice(before).map(idOf);
      const expected: number[] = [];
      for (let i = 1; i <= 300; i++) {
        if (i === 100 || i === 200) expected.push(0);
        expected.push(i, 1000 + i);
      }
      expect(ids).toEqual(expected);
    });

    it('frames of two clients interleaved: each gets its own answers, in its own order', async () => {
      const a = await client(3);
      const b = await client(4);
      const [na, nb] = [a.received.length, b.received.length];
      const done = Promise.all([a.waitFor((m) => idOf(m) === 200), b.waitFor((m) => idOf(m) === 200)]);
      for (let i = 1; i <= 200; i++) {
        a.sendRaw(JSON.stringify([{ Ping: { Id: i } }]));
        b.sendRaw(JSON.stringify([{ RequestDeviceList: { Id: i } }]));
      }
      await done;
      const range = Array.from({ length: 200 }, (_, i) => i + 1);
      expect(a.received.slice(na).map(idOf)).toEqual(range);
      expect(b.received.slice(nb).map(idOf)).toEqual(range);
      expect(b.received.slice(nb).every((m) => 'DeviceList' in m)).toBe(true);
    });

    it('a client that closes with frames still being decoded does not disturb the others', async () => {
      const gone = await RawClient.handshake(server.url, 3);
      for (let i = 1; i <= 100; i++) gone.sendRaw(JSON.stringify([{ Ping: { Id: i } }]));
      gone.ws.terminate();
      const c = await client(3);
      expect(await c.request('Ping', {}, 5)).toEqual({ Ok: { Id: 5 } });
    });
  });

  describe('ping', () => {
    it('Ping is always answered Ok, with or without a ping time', async () => {
      const c = await client(1);
      expect(await c.request('Ping', {}, 77)).toEqual({ Ok: { Id: 77 } });
    });

    it('Test echoes its string (v0–v1)', async () => {
      const c = await client(0);
      expect(await c.request('Test', { TestString: 'hello' }, 8)).toEqual({
        Test: { Id: 8, TestString: 'hello' },
      });
    });

    it('RequestLog (v0) streams server log lines as Log messages until Off', async () => {
      const c = await client(0);
      expect(await c.request('RequestLog', { LogLevel: 'Info' }, 3)).toEqual({ Ok: { Id: 3 } });
      const logged = c.waitFor(
        (m) => 'Log' in m && String((m.Log as { LogMessage: string }).LogMessage).includes('"log watcher"'),
      );
      const other = await RawClient.handshake(server.url, 3, 'log watcher');
      expect((await logged).Log).toMatchObject({ Id: 0, LogLevel: 'Info' });
      expect(await c.request('RequestLog', { LogLevel: 'Off' }, 4)).toEqual({ Ok: { Id: 4 } });
      const count = c.received.filter((m) => 'Log' in m).length;
      await other.close();
      await c.request('Ping');
      expect(c.received.filter((m) => 'Log' in m).length).toBe(count);
    });

    it('v4 Disconnect is answered Ok and the connection is closed', async () => {
      const c = await RawClient.handshake(server.url, 4);
      expect(await c.request('Disconnect', {}, 4)).toEqual({ Ok: { Id: 4 } });
      expect((await c.closed).code).toBe(1000);
    });
  });

  describe('ping timeout', () => {
    let pinged: ServerProcess;
    beforeAll(async () => {
      pinged = await startServer(['--max-ping-time', '300', ...decodeArgs], { simulated: false });
    });
    afterAll(async () => {
      await pinged.stop();
    });

    it('a client that pings in time stays; one that stops pinging gets ERROR_PING and is closed', async () => {
      const good = await RawClient.handshake(pinged.url, 3);
      const info = good.received.find((m) => 'ServerInfo' in m)!.ServerInfo as { MaxPingTime: number };
      expect(info.MaxPingTime).toBe(300);
      const silent = await RawClient.handshake(pinged.url, 3);
      const keepAlive = setInterval(() => void good.request('Ping'), 100);
      try {
        const err = await silent.nextOfType('Error', 3000);
        expect(errorOf(err)).toMatchObject({ Id: 0, ErrorCode: 2 });
        await silent.closed;
        expect(await good.request('RequestDeviceList')).toHaveProperty('DeviceList');
      } finally {
        clearInterval(keepAlive);
        await good.close();
      }
    });
  });
});
