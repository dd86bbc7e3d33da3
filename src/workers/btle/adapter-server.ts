// The host side of the noble host link: runs ToHost requests against a BleAdapter and reports
// its events as FromHost messages. Transport-free, so tests serve a fake adapter over an
// in-memory channel and the comm manager runs unchanged through the whole link.

import type { BleAdapter, BleCharacteristic, BleConnection } from './ble-adapter.js';
import type { FromHost, HostChannel, ToHost } from './noble-host-messages.js';

interface Served {
  readonly conn: BleConnection;
  readonly chars: readonly BleCharacteristic[];
}

export function serveAdapter(adapter: BleAdapter, channel: HostChannel<FromHost, ToHost>): void {
  const conns = new Map<number, Served>();
  const connecting = new Map<number, AbortController>();
  let nextConn = 1;
  let closed = false;

  adapter.onDiscover((discovery) => channel.send({ t: 'discover', discovery }));

  const served = (conn: number, char?: number): { conn: BleConnection; chr: BleCharacteristic } => {
    const s = conns.get(conn);
    if (s === undefined) throw new Error('not connected');
    const chr = char === undefined ? undefined : s.chars[char];
    if (char !== undefined && chr === undefined) throw new Error(`no characteristic #${char}`);
    return { conn: s.conn, chr: chr as BleCharacteristic };
  };

  const connect = async (id: number, peripheral: string): Promise<void> => {
    const ac = new AbortController();
    connecting.set(id, ac);
    let conn: BleConnection;
    try {
      conn = await adapter.connect(peripheral, ac.signal);
    } finally {
      connecting.delete(id);
    }
    if (ac.signal.aborted || closed) {
      conn.disconnect().catch(() => {});
      throw new Error('connect aborted');
    }
    const handle = nextConn++;
    const chars = conn.services.flatMap((s) => s.characteristics);
    conns.set(handle, { conn, chars });
    conn.setListener({
      onNotification: (chr, data) => {
        const char = chars.indexOf(chr);
        if (char >= 0) channel.send({ t: 'notification', conn: handle, char, data });
      },
      onRssi: (value) => channel.send({ t: 'rssi', conn: handle, value }),
      onDisconnect: (reason) => {
        conns.delete(handle);
        channel.send({ t: 'disconnected', conn: handle, reason });
      },
    });
    // A link that dropped inside setListener is already reported; the worker drops it on arrival.
    channel.send({
      t: 'connected',
      id,
      conn: handle,
      services: conn.services.map((s) => ({
        uuid: s.uuid,
        characteristics: s.characteristics.map((c) => ({ uuid: c.uuid, properties: c.properties })),
      })),
    });
  };

  const handle = async (m: ToHost): Promise<void> => {
    switch (m.op) {
      case 'waitPoweredOn':
        channel.send({ t: 'result', id: m.id, state: await adapter.waitPoweredOn(m.timeoutMs) });
        return;
      case 'startScan':
        await adapter.startScan();
        break;
      case 'stopScan':
        await adapter.stopScan();
        break;
      case 'connect':
        await connect(m.id, m.peripheral);
        return;
      case 'abortConnect':
        connecting.get(m.id)?.abort();
        return;
      case 'write': {
        const { conn, chr } = served(m.conn, m.char);
        await conn.write(chr, m.data, m.withResponse);
        break;
      }
      case 'read': {
        const { conn, chr } = served(m.conn, m.char);
        channel.send({ t: 'result', id: m.id, data: await conn.read(chr) });
        return;
      }
      case 'subscribe': {
        const { conn, chr } = served(m.conn, m.char);
        await conn.subscribe(chr);
        break;
      }
      case 'unsubscribe': {
        const { conn, chr } = served(m.conn, m.char);
        await conn.unsubscribe(chr);
        break;
      }
      case 'disconnect':
        await conns.get(m.conn)?.conn.disconnect();
        break;
      case 'requestRssi':
        conns.get(m.conn)?.conn.requestRssi();
        return;
      case 'close':
        closed = true;
        for (const ac of connecting.values()) ac.abort();
        adapter.close();
        return;
    }
    channel.send({ t: 'result', id: m.id });
  };

  channel.onMessage((m) => {
    handle(m).catch((err: unknown) => {
      if ('id' in m)
        channel.send({ t: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) });
    });
  });
}
