// Command-line flags → one complete, frozen options object. Flag names follow Intiface Engine,
// so apps that launch an engine can launch thrum unchanged (architecture.md, "Fixed contracts").
// Every other flag Intiface Engine has is accepted too: a bus or feature thrum does not have is
// named in one warning at start-up, and thrum serves on; a mode thrum does not have (repeater,
// connecting out as a client) is an error, since serving would not be what the caller asked for.
// Nothing below src/main reads process.argv or process.env.

import { LOG_RANK, type LogLevel } from '../core/index.js';

export interface ServerOptions {
  readonly websocketPort: number;
  readonly websocketUseAllInterfaces: boolean;
  readonly serverName: string;
  /** Milliseconds; 0 = no ping required. */
  readonly maxPingTime: number;
  readonly deviceConfigFile: string | null;
  readonly userDeviceConfigFile: string | null;
  readonly useBluetoothLe: boolean;
  readonly useSerial: boolean;
  /** The Lovense USB dongle, serial variant (found by USB ids, or at lovenseDonglePort). */
  readonly useLovenseDongleSerial: boolean;
  /** The serial dongle's port when the user names it; null = find it by its USB ids. */
  readonly lovenseDonglePort: string | null;
  /** The Lovense USB dongle, HID variant. */
  readonly useLovenseDongleHid: boolean;
  readonly useDeviceWebsocketServer: boolean;
  readonly deviceWebsocketServerPort: number;
  readonly useSimulatedDevices: boolean;
  /** Drive HID devices (Joy-Con, Vorze Cyclone X) through node-hid. */
  readonly useHid: boolean;
  /**
   * Drive USB devices through libusb (the Rez TranceVibrator). thrum's own flag: Intiface Engine
   * has none, since the reference's current engine has no USB manager.
   */
  readonly useUsb: boolean;
  /** Drive toys through the Lovense Connect phone app. */
  readonly useLovenseConnect: boolean;
  /** The app's base URL (http://host:port); null = find it through the Lovense API. */
  readonly lovenseConnectAddress: string | null;
  readonly simulatedDevicesPort: number;
  readonly log: LogLevel;
  /** Largest client frame accepted, bytes. */
  readonly maxFrameBytes: number;
  /** Bytes queued for one client before it is cut off as not reading. */
  readonly maxSendBufferBytes: number;
  /** Messages one client frame may hold. */
  readonly maxMessagesPerFrame: number;
  /** Milliseconds a connection has to send RequestServerInfo; 0 = no deadline. */
  readonly handshakeTimeout: number;
  /** Seconds of silence before a WebSocket-level ping (and a close if it goes unanswered). */
  readonly websocketIdleTimeout: number;
  /** Access file: admission, tokens, roles (access.md); null = everyone has full access. */
  readonly accessConfigFile: string | null;
  /** Decode client frames on worker threads (batched per turn) instead of inline. */
  readonly decodePool: boolean;
  /** Worker threads of the decode pool. */
  readonly decodePoolThreads: number;
  /** PEM certificate (chain) the client port serves wss:// with; null = plain ws://. */
  readonly websocketTlsCertFile: string | null;
  /** Its PEM private key; given exactly when the certificate is. */
  readonly websocketTlsKeyFile: string | null;
  /** A file whose first line decrypts an encrypted key. */
  readonly websocketTlsPassphraseFile: string | null;
  /** The operator listener's port; null = off. */
  readonly operatorPort: number | null;
  /** Let the operator listener bind every interface instead of loopback. */
  readonly operatorUseAllInterfaces: boolean;
  /** JSON-lines audit log; null = none. */
  readonly auditLog: string | null;
  /** File to write the server's process id to; null = none. */
  readonly pidFile: string | null;
  /** Intiface Engine flags given that thrum accepts without acting on: one warning line each. */
  readonly ignored: readonly string[];
  /** Scale-out on NATS (docs/cluster.md): null = a stand-alone server. */
  readonly clusterRole: 'stage' | 'edge' | null;
  /** NATS server URL(s), comma-separated. */
  readonly nats: string | null;
  /** The room a stage and its edges share. */
  readonly room: string | null;
  /** This node's name in the stage's operator view; null = host name and client port. */
  readonly clusterNodeName: string | null;
  readonly natsCredsFile: string | null;
  readonly natsUser: string | null;
  readonly natsPasswordFile: string | null;
  readonly natsTokenFile: string | null;
  readonly natsTlsCaFile: string | null;
  readonly natsTlsCertFile: string | null;
  readonly natsTlsKeyFile: string | null;
}

/** The operator listener's port when something turns it on without naming one (an access file). */
export const DEFAULT_OPERATOR_PORT = 12346;

export const DEFAULT_OPTIONS: ServerOptions = Object.freeze({
  websocketPort: 12345,
  websocketUseAllInterfaces: false,
  serverName: 'thrum',
  maxPingTime: 0,
  deviceConfigFile: null,
  userDeviceConfigFile: null,
  useBluetoothLe: false,
  useSerial: false,
  useLovenseDongleSerial: false,
  lovenseDonglePort: null,
  useLovenseDongleHid: false,
  useDeviceWebsocketServer: false,
  deviceWebsocketServerPort: 54817,
  useSimulatedDevices: false,
  useHid: false,
  useUsb: false,
  useLovenseConnect: false,
  lovenseConnectAddress: null,
  simulatedDevicesPort: 54818,
  log: 'info',
  maxFrameBytes: 1024 * 1024,
  maxSendBufferBytes: 4 * 1024 * 1024,
  // Client libraries send one message per frame; a thousand leaves room for any batching client.
  maxMessagesPerFrame: 1024,
  handshakeTimeout: 10_000,
  websocketIdleTimeout: 60,
  accessConfigFile: null,
  // Off until the benchmark shows the pool pays for itself (a first rough run, 20 clients at
  // ~5k small frames/s: main-thread CPU about 2x inline's, since the results are rebuilt on the
  // main thread by structured clone anyway). One thread fits a 2-core machine.
  decodePool: false,
  decodePoolThreads: 1,
  websocketTlsCertFile: null,
  websocketTlsKeyFile: null,
  websocketTlsPassphraseFile: null,
  operatorPort: null,
  operatorUseAllInterfaces: false,
  auditLog: null,
  pidFile: null,
  ignored: [],
  clusterRole: null,
  nats: null,
  room: null,
  clusterNodeName: null,
  natsCredsFile: null,
  natsUser: null,
  natsPasswordFile: null,
  natsTokenFile: null,
  natsTlsCaFile: null,
  natsTlsCertFile: null,
  natsTlsKeyFile: null,
});

/** More decode threads than this is a typo, not a plan. */
const MAX_DECODE_THREADS = 64;

export type CliResult =
  | { readonly kind: 'run'; readonly options: ServerOptions }
  | { readonly kind: 'version' }
  /** Intiface Engine's --server-version: the bare version number. */
  | { readonly kind: 'serverVersion' }
  | { readonly kind: 'help' }
  /** `token new --role R [--name N]` or `token new --operator [--name N]`: print a fresh token. */
  | { readonly kind: 'tokenNew'; readonly role: string | null; readonly name: string | null }
  | { readonly kind: 'error'; readonly message: string };

type Setter = (o: Record<string, unknown>, value: string | undefined) => string | null;

const LOG_LEVELS = Object.keys(LOG_RANK) as LogLevel[];

function flag(key: keyof ServerOptions): Setter {
  return (o) => {
    o[key] = true;
    return null;
  };
}

function port(key: keyof ServerOptions, name: string): Setter {
  return (o, v) => {
    const n = v === undefined ? NaN : Number(v);
    if (!/^\d+$/.test(v ?? '') || n > 65535)
      return `${name} takes a port number 0-65535, got ${JSON.stringify(v ?? '')}`;
    o[key] = n;
    return null;
  };
}

function text(key: keyof ServerOptions, name: string): Setter {
  return (o, v) => {
    if (v === undefined || v === '') return `${name} takes a value`;
    o[key] = v;
    return null;
  };
}

/**
 * The Lovense Connect app's base URL from what the user typed: http(s), a host, a port, no path
 * (the bus appends /GetToys and the commands). A trailing slash is dropped.
 */
function lovenseConnectUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== ''
  )
    return null;
  return url.origin;
}

/** An Intiface Engine flag thrum accepts and does not act on; `why` completes the warning. */
function ignored(why: string): Setter {
  return (o) => {
    o.ignored = [...(o.ignored as string[]), why];
    return null;
  };
}

/** An Intiface Engine mode thrum does not have. */
function refused(why: string): Setter {
  return () => why;
}

/** A whole number in [min, max]. */
function count(key: keyof ServerOptions, name: string, what: string, min: number, max: number): Setter {
  return (o, v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v ?? '') || n < min || n > max)
      return `${name} takes ${what} ${min}-${max}, got ${JSON.stringify(v ?? '')}`;
    o[key] = n;
    return null;
  };
}

function bytes(key: keyof ServerOptions, name: string): Setter {
  return (o, v) => {
    if (!/^\d+$/.test(v ?? '') || Number(v) < 1024)
      return `${name} takes a byte count of at least 1024, got ${JSON.stringify(v ?? '')}`;
    o[key] = Number(v);
    return null;
  };
}

// flag → [takes a value, setter]
const FLAGS: ReadonlyMap<string, readonly [boolean, Setter]> = new Map<string, readonly [boolean, Setter]>([
  ['--websocket-port', [true, port('websocketPort', '--websocket-port')]],
  ['--websocket-use-all-interfaces', [false, flag('websocketUseAllInterfaces')]],
  ['--server-name', [true, text('serverName', '--server-name')]],
  [
    '--max-ping-time',
    [
      true,
      (o, v) => {
        if (!/^\d+$/.test(v ?? ''))
          return `--max-ping-time takes milliseconds (0 = off), got ${JSON.stringify(v ?? '')}`;
        o.maxPingTime = Number(v);
        return null;
      },
    ],
  ],
  ['--device-config-file', [true, text('deviceConfigFile', '--device-config-file')]],
  ['--user-device-config-file', [true, text('userDeviceConfigFile', '--user-device-config-file')]],
  ['--use-bluetooth-le', [false, flag('useBluetoothLe')]],
  ['--use-serial', [false, flag('useSerial')]],
  ['--use-device-websocket-server', [false, flag('useDeviceWebsocketServer')]],
  [
    '--device-websocket-server-port',
    [true, port('deviceWebsocketServerPort', '--device-websocket-server-port')],
  ],
  ['--use-simulated-devices', [false, flag('useSimulatedDevices')]],
  ['--simulated-devices-port', [true, port('simulatedDevicesPort', '--simulated-devices-port')]],
  [
    '--log',
    [
      true,
      (o, v) => {
        const level = (v ?? '').toLowerCase() as LogLevel;
        if (!LOG_LEVELS.includes(level))
          return `--log takes one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(v ?? '')}`;
        o.log = level;
        return null;
      },
    ],
  ],
  // Intiface Engine's other flags (intiface-engine src/bin/main.rs).
  ['--use-hid', [false, flag('useHid')]],
  ['--use-lovense-dongle-serial', [false, flag('useLovenseDongleSerial')]],
  ['--lovense-dongle-port', [true, text('lovenseDonglePort', '--lovense-dongle-port')]],
  ['--use-lovense-dongle-hid', [false, flag('useLovenseDongleHid')]],
  [
    '--use-xinput',
    [false, ignored('bus xinput unavailable: thrum does not drive XInput gamepads yet (--use-xinput)')],
  ],
  ['--use-usb', [false, flag('useUsb')]],
  ['--use-lovense-connect', [false, flag('useLovenseConnect')]],
  [
    '--lovense-connect-address',
    [
      true,
      (o, v) => {
        const url = lovenseConnectUrl(v ?? '');
        if (url === null)
          return `--lovense-connect-address takes the app's address as http://host:port, got ${JSON.stringify(v ?? '')}`;
        o.lovenseConnectAddress = url;
        return null;
      },
    ],
  ],
  [
    '--allow-raw',
    [
      false,
      ignored(
        'raw device messages stay refused: thrum does not allow raw device access (--allow-raw ignored)',
      ),
    ],
  ],
  ['--crash-reporting', [false, ignored('thrum sends no crash reports (--crash-reporting ignored)')]],
  [
    '--frontend-websocket-port',
    [
      true,
      ignored(
        'thrum does not speak the Intiface GUI frontend protocol; it logs to stderr (--frontend-websocket-port ignored)',
      ),
    ],
  ],
  [
    '--broadcast-server-mdns',
    [false, ignored('thrum does not announce itself over mDNS (--broadcast-server-mdns ignored)')],
  ],
  ['--mdns-suffix', [true, ignored('thrum does not announce itself over mDNS (--mdns-suffix ignored)')]],
  [
    '--websocket-client-address',
    [
      true,
      refused('--websocket-client-address: thrum only listens for clients; it does not connect out to one'),
    ],
  ],
  ['--repeater', [false, refused('--repeater: thrum has no repeater mode')]],
  ['--repeater-port', [true, refused('--repeater-port: thrum has no repeater mode')]],
  ['--repeater-remote-address', [true, refused('--repeater-remote-address: thrum has no repeater mode')]],
  ['--max-frame-bytes', [true, bytes('maxFrameBytes', '--max-frame-bytes')]],
  ['--max-send-buffer-bytes', [true, bytes('maxSendBufferBytes', '--max-send-buffer-bytes')]],
  [
    '--max-messages-per-frame',
    [true, count('maxMessagesPerFrame', '--max-messages-per-frame', 'a message count', 1, 1_000_000)],
  ],
  [
    '--handshake-timeout',
    [true, count('handshakeTimeout', '--handshake-timeout', 'milliseconds (0 = no deadline)', 0, 3_600_000)],
  ],
  // uWS counts idle time in steps of about 4 s; below 8 it would close live connections.
  [
    '--websocket-idle-timeout',
    [true, count('websocketIdleTimeout', '--websocket-idle-timeout', 'seconds', 8, 960)],
  ],
  ['--access-config-file', [true, text('accessConfigFile', '--access-config-file')]],
  ['--websocket-tls-cert', [true, text('websocketTlsCertFile', '--websocket-tls-cert')]],
  ['--websocket-tls-key', [true, text('websocketTlsKeyFile', '--websocket-tls-key')]],
  [
    '--websocket-tls-passphrase-file',
    [true, text('websocketTlsPassphraseFile', '--websocket-tls-passphrase-file')],
  ],
  ['--decode-pool', [false, flag('decodePool')]],
  ['--operator-port', [true, port('operatorPort', '--operator-port')]],
  ['--operator-use-all-interfaces', [false, flag('operatorUseAllInterfaces')]],
  ['--audit-log', [true, text('auditLog', '--audit-log')]],
  ['--pid-file', [true, text('pidFile', '--pid-file')]],
  [
    '--cluster-role',
    [
      true,
      (o, v) => {
        if (v !== 'stage' && v !== 'edge')
          return `--cluster-role takes stage or edge, got ${JSON.stringify(v ?? '')}`;
        o.clusterRole = v;
        return null;
      },
    ],
  ],
  ['--nats', [true, text('nats', '--nats')]],
  [
    '--room',
    [
      true,
      (o, v) => {
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(v ?? ''))
          return `--room takes a name of letters, digits, - and _ (at most 64), got ${JSON.stringify(v ?? '')}`;
        o.room = v;
        return null;
      },
    ],
  ],
  ['--cluster-node-name', [true, text('clusterNodeName', '--cluster-node-name')]],
  ['--nats-creds', [true, text('natsCredsFile', '--nats-creds')]],
  ['--nats-user', [true, text('natsUser', '--nats-user')]],
  ['--nats-password-file', [true, text('natsPasswordFile', '--nats-password-file')]],
  ['--nats-token-file', [true, text('natsTokenFile', '--nats-token-file')]],
  ['--nats-tls-ca', [true, text('natsTlsCaFile', '--nats-tls-ca')]],
  ['--nats-tls-cert', [true, text('natsTlsCertFile', '--nats-tls-cert')]],
  ['--nats-tls-key', [true, text('natsTlsKeyFile', '--nats-tls-key')]],
  [
    '--decode-pool-threads',
    [
      true,
      (o, v) => {
        const n = Number(v);
        if (!/^\d+$/.test(v ?? '') || n < 1 || n > MAX_DECODE_THREADS) {
          return `--decode-pool-threads takes a thread count 1-${MAX_DECODE_THREADS}, got ${JSON.stringify(v ?? '')}`;
        }
        o.decodePoolThreads = n;
        return null;
      },
    ],
  ],
]);

/** `token new --role R [--name N]` / `token new --operator [--name N]`. */
function parseTokenCommand(argv: readonly string[]): CliResult {
  const usage = 'usage: token new --role ROLE [--name NAME]   or   token new --operator [--name NAME]';
  if (argv[0] !== 'new') return { kind: 'error', message: usage };
  let role: string | null = null;
  let name: string | null = null;
  let operator = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--operator') operator = true;
    else if (arg === '--role' || arg === '--name') {
      const v = argv[++i];
      if (v === undefined || v === '') return { kind: 'error', message: `${arg} takes a value; ${usage}` };
      if (arg === '--role') role = v;
      else name = v;
    } else return { kind: 'error', message: `unknown argument ${arg}; ${usage}` };
  }
  if (operator === (role !== null)) return { kind: 'error', message: usage };
  return { kind: 'tokenNew', role, name };
}

export function parseArgs(argv: readonly string[]): CliResult {
  if (argv[0] === 'token') return parseTokenCommand(argv.slice(1));
  const o: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--version' || arg === '-V') return { kind: 'version' };
    if (arg === '--server-version') return { kind: 'serverVersion' };
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    // Accept both `--flag value` and `--flag=value`.
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const entry = FLAGS.get(name);
    if (!entry) return { kind: 'error', message: `unknown flag ${arg} (see --help)` };
    const [takesValue, set] = entry;
    let value: string | undefined;
    if (eq > 0 && name !== arg) {
      if (!takesValue) return { kind: 'error', message: `${name} takes no value` };
      value = arg.slice(eq + 1);
    } else if (takesValue) {
      value = argv[++i];
      if (value === undefined) return { kind: 'error', message: `${name} takes a value` };
    }
    const problem = set(o, value);
    if (problem) return { kind: 'error', message: problem };
    seen.add(name);
  }
  // A port alone would silently do nothing: say which flag turns the serial dongle bus on.
  if (o.lovenseDonglePort !== null && !o.useLovenseDongleSerial) {
    return { kind: 'error', message: '--lovense-dongle-port needs --use-lovense-dongle-serial' };
  }
  // A thread count alone would silently do nothing: say which flag turns the pool on.
  if (seen.has('--decode-pool-threads') && !o.decodePool) {
    return { kind: 'error', message: '--decode-pool-threads needs --decode-pool' };
  }
  if (o.lovenseConnectAddress !== null && !o.useLovenseConnect) {
    return { kind: 'error', message: '--lovense-connect-address needs --use-lovense-connect' };
  }
  // Half a TLS configuration would serve plain ws:// to someone who asked for wss://.
  if ((o.websocketTlsCertFile === null) !== (o.websocketTlsKeyFile === null)) {
    return {
      kind: 'error',
      message: '--websocket-tls-cert and --websocket-tls-key go together: give both or neither',
    };
  }
  if (o.websocketTlsPassphraseFile !== null && o.websocketTlsKeyFile === null) {
    return {
      kind: 'error',
      message: '--websocket-tls-passphrase-file needs --websocket-tls-cert and --websocket-tls-key',
    };
  }
  const cluster = clusterProblem(o, seen);
  if (cluster) return { kind: 'error', message: cluster };
  return { kind: 'run', options: Object.freeze(o as unknown as ServerOptions) };
}

const BUS_FLAGS = [
  '--use-bluetooth-le',
  '--use-serial',
  '--use-device-websocket-server',
  '--use-simulated-devices',
];

/** The cluster flags go together; an edge runs no bus of its own (cluster.md). */
function clusterProblem(o: Record<string, unknown>, seen: ReadonlySet<string>): string | null {
  const natsFlags = [...seen].filter(
    (f) => f.startsWith('--nats') || f === '--room' || f === '--cluster-node-name',
  );
  if (o.clusterRole === null)
    return natsFlags.length > 0 ? `${natsFlags[0]} needs --cluster-role stage or edge` : null;
  if (o.nats === null || o.room === null)
    return `--cluster-role ${String(o.clusterRole)} needs --nats URL and --room NAME`;
  if (o.clusterRole === 'edge') {
    const bus = BUS_FLAGS.find((f) => seen.has(f));
    if (bus)
      return `${bus}: an edge runs no bus of its own (it drives the stage's devices through NATS); give bus flags to the stage`;
  }
  if (o.natsPasswordFile !== null && o.natsUser === null) return '--nats-password-file needs --nats-user';
  if (o.natsTlsKeyFile !== null && o.natsTlsCertFile === null) return '--nats-tls-key needs --nats-tls-cert';
  if ((o.natsTlsCertFile === null) !== (o.natsTlsKeyFile === null))
    return '--nats-tls-cert and --nats-tls-key go together: give both or neither';
  return null;
}

export const HELP = `thrum — a Buttplug protocol server (spec v0–v4) for many clients at once

Usage: thrum [flags]               (from a checkout: npm start -- [flags])

  --websocket-port N                 client WebSocket port (default 12345)
  --websocket-use-all-interfaces     listen on all interfaces, not only loopback
  --server-name S                    name sent to clients in ServerInfo (default "thrum")
  --max-ping-time MS                 clients must Ping within MS ms (default 0 = off)
  --device-config-file F             device config in the upstream v4 JSON format (replaces/extends the built-in database)
  --user-device-config-file F        user device config (allow/deny, display names, reserved indexes, …)
  --use-bluetooth-le                 enable the Bluetooth LE bus
  --use-serial                       enable the serial bus
  --use-lovense-dongle-serial        enable the Lovense USB dongle, serial variant (found by its USB ids 1a86:7523)
  --lovense-dongle-port P            the serial dongle's port, e.g. /dev/ttyUSB0 (default: find it by its USB ids)
  --use-lovense-dongle-hid           enable the Lovense USB dongle, HID variant (USB 1915:520a)
  --use-device-websocket-server      enable the websocket device bus
  --device-websocket-server-port N   its port (default 54817)
  --use-simulated-devices            enable the simulated device bus (see README)
  --simulated-devices-port N         its port (default 54818)
  --use-hid                          enable the HID bus (Nintendo Joy-Con, Vorze Cyclone X; see README)
  --use-usb                          enable the USB bus (Rez TranceVibrator; see README)
  --use-lovense-connect              enable the Lovense Connect bus (toys through the phone app; see README)
  --lovense-connect-address URL      the app's address, http://host:port (default: ask the Lovense API)
  --log LEVEL                        error | warn | info | debug | trace (default info)
  --max-frame-bytes N                largest client frame accepted (default 1048576)
  --max-send-buffer-bytes N          unread output allowed per client before it is disconnected (default 4194304)
  --max-messages-per-frame N         messages one client frame may hold; more closes the connection (default 1024)
  --handshake-timeout MS             close a connection that has not sent RequestServerInfo within MS ms (default 10000; 0 = never)
  --websocket-idle-timeout S         after S seconds of silence ping the client at the WebSocket level; close it if it stays silent (default 60)
  --access-config-file F             access file: who may connect, roles, caps, tokens (see README "Running a venue or a stream")
  --websocket-tls-cert F             serve wss:// with this PEM certificate (chain); needs --websocket-tls-key
  --websocket-tls-key F              its PEM private key
  --websocket-tls-passphrase-file F  a file whose first line is the key's passphrase (for an encrypted key)
  --decode-pool                      decode client frames on worker threads, batched per turn (default off: inline)
  --decode-pool-threads N            threads of that pool, 1-64 (default 1)
  --operator-port N                  serve the operator API (HTTP + WebSocket events) on port N, loopback only (default off)
  --operator-use-all-interfaces      let the operator listener bind every interface
  --audit-log F                      append connections and operator actions to F, one JSON object per line
  --pid-file F                       write the server's process id to F (kill -USR2 $(cat F) engages the emergency stop)
  --cluster-role stage|edge          scale out on NATS (see docs/cluster.md): the stage owns the buses, edges serve clients
  --nats URL[,URL…]                  the NATS server(s), e.g. nats://127.0.0.1:4222
  --room NAME                        the room one stage and its edges share
  --cluster-node-name S              this node's name in the stage's operator view (default: host:port)
  --nats-creds F                     NATS credentials file (JWT + nkey seed)
  --nats-user U                      NATS user; with --nats-password-file F (first line is the password)
  --nats-token-file F                NATS token, first line of F
  --nats-tls-ca F                    CA certificate(s) to trust for TLS to NATS
  --nats-tls-cert F, --nats-tls-key F  client certificate and key for TLS to NATS
  --version                          print the version and exit

Subcommand: token new --role ROLE [--name NAME]   prints a fresh client token and the access-file entry for it
            token new --operator [--name NAME]     the same for an operator token

Intiface Engine's other flags are accepted so that apps which launch an engine can launch thrum:
--server-version prints the bare version; --use-xinput, --allow-raw, --crash-reporting,
--frontend-websocket-port, --broadcast-server-mdns and --mdns-suffix are each named in one warning
and thrum serves on; --repeater* and --websocket-client-address are errors (modes thrum lacks).
`;
