// The floor of the end-to-end benchmark: a bare "Buttplug-shaped" uWebSockets.js server (native
// build, same socket settings as thrum's client endpoint). It parses every frame (JSON text with
// JSON.parse, msgpack binary with msgpackr) and answers each message with Ok for its Id, in one
// frame per incoming frame as thrum does; RequestServerInfo gets a ServerInfo so real client
// handshakes work. Nothing else: no validation, no session, no device. What thrum costs above
// this is the cost of being a Buttplug server.
//
//   node --import tsx bench/floor-server.ts [port]     prints "listening on ws://127.0.0.1:PORT"

import { Packr, Unpackr } from 'msgpackr';
import type { WebSocket } from 'uWebSockets.js';
import { boundPort, listenExclusive, loadNativeUws } from '../src/platform/uws-native.js';

const uws = loadNativeUws();
const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });
const text = new TextDecoder('utf-8', { fatal: false });

type Msg = Record<string, Record<string, unknown> | undefined>;

function answer(raw: Msg): Msg {
  let name = '';
  // The first key, without the array Object.keys would allocate per message: a loop that stops at once.
  // eslint-disable-next-line no-unreachable-loop
  for (const key in raw) {
    name = key;
    break;
  }
  const body = raw[name] ?? {};
  const id = typeof body.Id === 'number' ? body.Id : 0;
  if (name !== 'RequestServerInfo') return { Ok: { Id: id } };
  return body.ProtocolVersionMajor !== undefined
    ? {
        ServerInfo: {
          Id: id,
          ServerName: 'floor',
          ProtocolVersionMajor: 4,
          ProtocolVersionMinor: 0,
          MaxPingTime: 0,
        },
      }
    : {
        ServerInfo: { Id: id, ServerName: 'floor', MessageVersion: body.MessageVersion ?? 0, MaxPingTime: 0 },
      };
}

function wsOnMessage(ws: WebSocket<unknown>, message: ArrayBuffer, isBinary: boolean): void {
  let parsed: unknown;
  try {
    parsed = isBinary ? unpackr.unpack(new Uint8Array(message)) : JSON.parse(text.decode(message));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed)) {
    ws.send('[{"Error":{"Id":0,"ErrorCode":3,"ErrorMessage":"bad frame"}}]', false);
    return;
  }
  const out: Msg[] = new Array(parsed.length);
  for (let i = 0; i < parsed.length; i++) out[i] = answer(parsed[i] as Msg);
  if (isBinary) ws.send(packr.pack(out), true);
  else ws.send(JSON.stringify(out), false);
}

const MAX_FRAME = 1_048_576;
const app = uws.App();
app.ws('/*', {
  compression: uws.DISABLED,
  maxPayloadLength: MAX_FRAME * 4,
  maxBackpressure: 4_194_304 * 2,
  closeOnBackpressureLimit: 0,
  idleTimeout: 120,
  sendPingsAutomatically: true,
  message: wsOnMessage,
});

const token = await listenExclusive(uws, app, '127.0.0.1', Number(process.argv[2] ?? 0));
if (!token) {
  process.stderr.write('floor: cannot listen\n');
  process.exit(1);
}
process.stdout.write(`listening on ws://127.0.0.1:${boundPort(uws, token)}\n`);
const stop = (): void => {
  uws.us_listen_socket_close(token);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
