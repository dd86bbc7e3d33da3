// The websocket device bus and the device runtime in this thread, against a real uWS listener and
// real WebSocket devices (ws), with the fake protocol of fake-catalog.ts (identifier "FAKE-1"
// matches it; it asks "ID;" and expects "<letter>;" back). The wire is upstream's: a JSON text
// handshake first, binary frames after. The real Lovense flow through the compiled server is in
// test/integration/websocket-devices.test.ts.

import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bus, HardwareListener } from '../../src/workers/bus.js';
import { HardwareGoneError, HardwareTimeoutError } from '../../src/workers/bus.js';
import { DeviceRuntime } from '../../src/workers/device-runtime.js';
import { startWebsocketDeviceBus } from '../../src/workers/websocket/websocket-comm-manager.js';
import { parseHandshake } from '../../src/workers/websocket/websocket-handshake.js';
import { WebsocketHardware, type DeviceLink } from '../../src/workers/websocket/websocket-hardware.js';
import { freePort } from '../helpers/sim-peripheral.js';
import { FakeCatalog } from './fake-catalog.js';
import { Mailbox } from './mailbox.js';

/** A websocket device: keeps every frame the server sends and answers writes from a table. */
class WsDevice {
  /** Binary frames from the server, as text (the fake protocol and Lovense are ASCII). */
  readonly received: string[] = [];
  /** Text frames from the server (there should be none). */
  readonly textFrames: string[] = [];
  /** Reply to a write of this text with a binary frame of that text. */
  readonly answers = new Map<string, string>();
  readonly closed: Promise<{ code: number; reason: string }>;
  #seen = 0;
  #waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        this.textFrames.push(data.toString());
        return;
      }
      const text = data.toString();
      this.received.push(text);
      const answer = this.answers.get(text);
      if (answer !== undefined) this.sendBinary(answer);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static connect(url: string): Promise<WsDevice> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const d = new WsDevice(ws);
      ws.once('open', () => resolve(d));
      ws.once('error', reject);
    });
  }

  handshake(body: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(body));
  }

  sendBinary(data: string | readonly number[]): void {
    this.ws.send(typeof data === 'string' ? Buffer.from(data) : Buffer.from(data), { binary: true });
  }

  /** The next binary frame not yet taken by nextWrite(). */
  async nextWrite(timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.#seen >= this.received.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no write within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received[this.#seen++] as string;
  }
}

interface Harness {
  url: string;
  port: number;
  box: Mailbox;
  logs: string[];
  catalog: FakeCatalog;
  runtime: DeviceRuntime;
  bus: Bus;
}

const open: Harness[] = [];
const devices: WsDevice[] = [];

async function start(settings: Record<string, string | number | boolean> = {}): Promise<Harness> {
  const port = await freePort();
  const box = new Mailbox();
  const logs: string[] = [];
  const log = (level: string, msg: string) => logs.push(`${level} ${msg}`);
  const catalog = new FakeCatalog();
  const runtime = new DeviceRuntime({ catalog, post: box.post, log });
  const bus = await startWebsocketDeviceBus({
    settings: { port, readTimeoutMs: 300, ...settings },
    log,
    attach: (p) => runtime.attach(p),
  });
  if ('unavailable' in bus) throw new Error(bus.unavailable);
  const h = { url: `ws://127.0.0.1:${port}`, port, box, logs, catalog, runtime, bus };
  open.push(h);
  return h;
}

async function device(h: Harness): Promise<WsDevice> {
  const d = await WsDevice.connect(h.url);
  devices.push(d);
  return d;
}

/** A device taken through handshake → identify (ID;) → initialise (INIT;) → deviceAdded. */
async function readyDevice(h: Harness, address = 'ws-1', letter = 'A') {
  const d = await device(h);
  d.answers.set('ID;', `${letter};`);
  d.handshake({ identifier: 'FAKE-1', address, version: 1 });
  const added = await h.box.next('deviceAdded', (m) => m.address === address);
  expect([await d.nextWrite(), await d.nextWrite()]).toEqual(['ID;', 'INIT;']);
  return { d, device: added.device, added };
}

afterEach(async () => {
  for (const d of devices.splice(0)) d.ws.terminate();
  for (const h of open.splice(0)) {
    await h.runtime.shutdown();
    await h.bus.close();
  }
});

describe('websocket device bus', () => {
  it('listens on loopback and reports the bound URL', async () => {
    const h = await start();
    expect(h.bus.listening).toBe(`ws://127.0.0.1:${h.port}`);
    const any = await startWebsocketDeviceBus({ settings: { port: 0 }, log: () => {}, attach: () => {} });
    if ('unavailable' in any) throw new Error(any.unavailable);
    expect(any.listening).toMatch(/^ws:\/\/127\.0\.0\.1:(?!0$)\d+$/);
    await any.close();
  });

  it('takes a device from handshake to deviceAdded: identifier selects the protocol, address is the handshake address', async () => {
    const h = await start();
    h.catalog.users.set('ws-1', { displayName: 'My toy', reservedIndex: 2 });
    const { d, added } = await readyDevice(h);
    expect(added).toEqual({
      t: 'deviceAdded',
      device: added.device,
      address: 'ws-1',
      protocol: 'fakeproto',
      descriptor: {
        name: 'Fake Vibe',
        displayName: 'My toy',
        messageTimingGap: 50,
        features: expect.any(Array),
      },
      reservedIndex: 2,
      // The fake database has no upstream ids: nothing a user config entry could name.
      identity: { identifier: 'A', configName: 'Fake Vibe' },
    });
    expect(d.textFrames).toEqual([]);
  });

  it('accepts handshake variants: version 0, extra fields', async () => {
    const h = await start();
    const a = await device(h);
    a.answers.set('ID;', 'A;');
    a.handshake({ identifier: 'FAKE-1', address: 'v0', version: 0 });
    const b = await device(h);
    b.answers.set('ID;', 'Z;');
    b.handshake({ version: 7, address: 'extra', identifier: 'FAKE-1', firmware: '1.2', extra: { x: 1 } });
    const added = [
      await h.box.next('deviceAdded', (m) => m.address === 'v0'),
      await h.box.next('deviceAdded', (m) => m.address === 'extra'),
    ];
    expect(added.map((m) => m.descriptor.name)).toEqual(['Fake Vibe', 'Fake Fast']);
  });

  it('writes outputs as binary frames with the exact bytes', async () => {
    const h = await start();
    const { d, device: id } = await readyDevice(h, 'ws-z', 'Z'); // gap 0: every command goes out
    h.runtime.output(id, { feature: 0, type: 'Vibrate', value: 5 });
    expect(await d.nextWrite()).toBe('Vibrate0:5;');
    h.runtime.output(id, { feature: 1, type: 'Rotate', value: -3 });
    expect(await d.nextWrite()).toBe('Rotate1:-3;');
    h.runtime.stop(id, [{ feature: 0, type: 'Vibrate', value: 0 }]);
    expect(await d.nextWrite()).toBe('Vibrate0:0;');
    expect(d.textFrames).toEqual([]);
  });

  it('answers identification sent as a text frame after the handshake (upstream takes text as bytes)', async () => {
    const h = await start();
    const d = await device(h);
    d.handshake({ identifier: 'FAKE-1', address: 'ws-t', version: 1 });
    expect(await d.nextWrite()).toBe('ID;');
    d.ws.send('A;'); // text, not binary
    expect((await h.box.next('deviceAdded')).descriptor.name).toBe('Fake Vibe');
  });

  it('serves a read with the next frame the device sends, and times out when none comes', async () => {
    const h = await start();
    const { d, device: id } = await readyDevice(h);
    h.runtime.input(id, 1, { feature: 2, type: 'Battery', command: 'Read' });
    // The read has no request on the wire; keep answering until it has been served.
    const result = h.box.next('inputResult', (m) => m.req === 1);
    const timer = setInterval(() => d.sendBinary([85]), 10);
    try {
      expect(await result).toEqual({ t: 'inputResult', req: 1, values: [85] });
    } finally {
      clearInterval(timer);
    }
    h.runtime.input(id, 2, { feature: 2, type: 'Battery', command: 'Read' });
    const timedOut = await h.box.next('inputResult', (m) => m.req === 2);
    expect(timedOut.error).toMatchObject({ reason: 'THRUM_ERR_DEVICE_TIMEOUT', code: 4 });
    expect(timedOut.error?.message).toContain('300 ms');
  });

  describe('bad handshakes: closed with a reason and one log line, nothing reaches the runtime', () => {
    const cases: [string, string | Buffer, string][] = [
      ['not JSON', '{"identifier":', 'not valid JSON'],
      ['a JSON array', '["FAKE-1","a",1]', 'JSON object'],
      ['no identifier', '{"address":"a","version":1}', 'identifier'],
      ['an empty identifier', '{"identifier":"","address":"a","version":1}', 'identifier'],
      ['no address', '{"identifier":"FAKE-1","version":1}', 'address'],
      ['no version', '{"identifier":"FAKE-1","address":"a"}', 'version'],
      ['a string version', '{"identifier":"FAKE-1","address":"a","version":"1"}', 'version'],
      ['a negative version', '{"identifier":"FAKE-1","address":"a","version":-1}', 'version'],
      ['a binary first frame', Buffer.from('{"identifier":"FAKE-1","address":"a","version":1}'), 'binary'],
    ];
    it.each(cases)('%s', async (_name, frame, mention) => {
      const h = await start();
      const d = await device(h);
      if (typeof frame === 'string') d.ws.send(frame);
      else d.ws.send(frame, { binary: true });
      const closed = await d.closed;
      expect(closed.code).toBe(1008);
      expect(closed.reason).toContain(mention);
      const lines = h.logs.filter((l) => l.includes('closed:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^warn connection from .+: closed: .*/);
      expect(h.box.all.filter((m) => m.t !== 'log')).toEqual([]);
    });

    it('no handshake in time', async () => {
      const h = await start({ handshakeTimeoutMs: 100 });
      const d = await device(h);
      const closed = await d.closed;
      expect(closed).toEqual({ code: 1008, reason: 'no handshake within 100 ms' });
      expect(h.logs.filter((l) => l.includes('no handshake'))).toHaveLength(1);
      // a connection that closes before its handshake leaves nothing behind
      const probe = await device(h);
      probe.ws.close();
      await probe.closed;
      await readyDevice(h);
      expect(h.box.all.filter((m) => m.t !== 'log').map((m) => m.t)).toEqual(['deviceAdded']);
    });
  });

  it('closes a device no protocol takes, or whose address is denied, with the reason', async () => {
    const h = await start();
    const unknown = await device(h);
    unknown.handshake({ identifier: 'nobody', address: 'x', version: 1 });
    expect(await unknown.closed).toEqual({ code: 1008, reason: "no protocol matches name 'nobody'" });
    h.catalog.denied.add('bad');
    const denied = await device(h);
    denied.handshake({ identifier: 'FAKE-1', address: 'bad', version: 1 });
    const closed = await denied.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toContain('denied');
    const silent = await device(h); // never answers ID;
    silent.handshake({ identifier: 'FAKE-1', address: 'silent', version: 1 });
    expect((await silent.closed).reason).toContain('timed out');
    expect(h.box.of('deviceAdded')).toEqual([]);
  });

  it('cuts a long close reason to what a close frame can carry', async () => {
    const h = await start();
    const d = await device(h);
    d.handshake({ identifier: 'ü'.repeat(200), address: 'long', version: 1 });
    const closed = await d.closed;
    expect(closed.code).toBe(1008);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    expect(closed.reason).toMatch(/^no protocol matches name 'ü+…$/);
  });

  it('refuses a second connection for an address that is connected, and takes it again once it is gone', async () => {
    const h = await start();
    const { d } = await readyDevice(h, 'dup');
    const second = await device(h);
    second.handshake({ identifier: 'FAKE-1', address: 'dup', version: 1 });
    expect(await second.closed).toEqual({ code: 1008, reason: "address 'dup' is already connected" });
    d.ws.close();
    await h.box.next('deviceRemoved');
    await readyDevice(h, 'dup');
    expect(h.box.of('deviceAdded')).toHaveLength(2);
  });

  it('removes the device when the device disconnects and fails the read in flight with DEVICE_GONE', async () => {
    const h = await start({ readTimeoutMs: 5000 });
    const { d, device: id } = await readyDevice(h);
    h.runtime.input(id, 1, { feature: 2, type: 'Battery', command: 'Read' });
    d.ws.terminate();
    const [removed, result] = await Promise.all([h.box.next('deviceRemoved'), h.box.next('inputResult')]);
    expect(removed).toEqual({ t: 'deviceRemoved', device: id });
    expect(result).toMatchObject({ req: 1, error: { reason: 'THRUM_ERR_DEVICE_GONE', code: 4 } });
    h.runtime.output(id, { feature: 0, type: 'Vibrate', value: 1 }); // ignored, no throw
  });

  it('on shutdown zeroes outputs, then closes the device; close() ends the rest with 1001', async () => {
    const h = await start();
    const { d, device: id } = await readyDevice(h);
    h.runtime.output(id, { feature: 0, type: 'Vibrate', value: 7 });
    expect(await d.nextWrite()).toBe('Vibrate0:7;');
    const waiting = await device(h); // no handshake yet
    await h.runtime.shutdown();
    expect(await d.closed).toEqual({ code: 1000, reason: 'disconnected by server' });
    expect(d.received.slice(2)).toEqual(['Vibrate0:7;', 'Vibrate0:0;', 'Rotate1:0;']);
    await h.bus.close();
    expect(await waiting.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    open.splice(open.indexOf(h), 1);
  });

  it('abort() drops every connection at once', async () => {
    const h = await start();
    const { d } = await readyDevice(h);
    h.bus.abort();
    expect((await d.closed).code).toBe(1006);
    open.splice(open.indexOf(h), 1);
    await h.runtime.shutdown();
  });

  it('reports a port in use as unavailable, and rejects bad settings', async () => {
    const h = await start();
    const second = await startWebsocketDeviceBus({
      settings: { port: h.port },
      log: () => {},
      attach: () => {},
    });
    expect(second).toEqual({ unavailable: expect.stringContaining(`127.0.0.1:${h.port}`) });
    expect(
      await startWebsocketDeviceBus({ settings: { port: 70000 }, log: () => {}, attach: () => {} }),
    ).toEqual({
      unavailable: expect.stringContaining("'port'"),
    });
    expect(
      await startWebsocketDeviceBus({ settings: { handshakeTimeoutMs: 0 }, log: () => {}, attach: () => {} }),
    ).toEqual({
      unavailable: expect.stringContaining("'handshakeTimeoutMs'"),
    });
  });
});

describe('parseHandshake', () => {
  it('takes the three fields and ignores others', () => {
    expect(parseHandshake('{"identifier":"i","address":"a","version":1,"x":true}')).toEqual({
      identifier: 'i',
      address: 'a',
      version: 1,
    });
    expect(parseHandshake('{"identifier":"i","address":"a","version":1.5}')).toContain('version');
    expect(parseHandshake('null')).toContain('JSON object');
  });
});

describe('WebsocketHardware', () => {
  class Link implements DeviceLink {
    sent: string[] = [];
    open = true;
    sendBinary(data: Uint8Array): boolean {
      if (!this.open) return false;
      this.sent.push(Buffer.from(data).toString());
      return true;
    }
    close(): void {
      this.open = false;
    }
    log(): void {}
  }

  function hardware() {
    const link = new Link();
    const hw = new WebsocketHardware('id', 'addr', link, 100);
    const events: string[] = [];
    const listener: HardwareListener = {
      onNotification: (ep, data) => events.push(`${ep}:${Buffer.from(data).toString()}`),
      onRssi: () => {},
      onDisconnect: () => events.push('gone'),
    };
    hw.setListener(listener);
    return { link, hw, events };
  }

  it('has tx and rx; writes go to tx only', async () => {
    const { link, hw } = hardware();
    expect([...hw.endpoints]).toEqual(['tx', 'rx']);
    await hw.write('tx', Buffer.from('a'));
    expect(link.sent).toEqual(['a']);
    await expect(hw.write('rx', Buffer.from('a'))).rejects.toThrow("not possible on endpoint 'rx'");
    await expect(hw.subscribe('command')).rejects.toThrow("no endpoint 'command'");
  });

  it('notifies only while rx is subscribed; reads take the next frame, cut to length', async () => {
    const { hw, events } = hardware();
    hw.received(Buffer.from('early'));
    await hw.subscribe('rx');
    const next = hw.nextNotification('rx', 100);
    hw.received(Buffer.from('one'));
    expect(Buffer.from(await next).toString()).toBe('one');
    await hw.unsubscribe('rx');
    const read = hw.read('rx', 2);
    hw.received(Buffer.from('xyz'));
    expect(Buffer.from(await read).toString()).toBe('xy');
    expect(events).toEqual(['rx:one']);
    await expect(hw.read('rx', 0, 20)).rejects.toBeInstanceOf(HardwareTimeoutError);
  });

  it('fails what is in flight and everything after with HardwareGoneError, and tells the listener once', async () => {
    const { link, hw, events } = hardware();
    await hw.subscribe('rx');
    const read = hw.read('rx', 0);
    const wait = hw.nextNotification('rx', 1000);
    hw.connectionClosed();
    hw.disconnect();
    await expect(read).rejects.toBeInstanceOf(HardwareGoneError);
    await expect(wait).rejects.toBeInstanceOf(HardwareGoneError);
    await expect(hw.write('tx', Buffer.from('a'))).rejects.toBeInstanceOf(HardwareGoneError);
    expect(events).toEqual(['gone']);
    expect(link.open).toBe(false);
  });
});
