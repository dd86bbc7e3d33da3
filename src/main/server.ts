// Assembles a running server from options: config files, bus workers, the device hub, the
// client endpoint and the operator listener; and takes it down again, stopping every device first.

import { existsSync } from 'node:fs';
import type { BusWorkerData, ProtocolDefinition, UserDeviceConfig } from '../core/index.js';
import { loadDeviceConfigFile, loadUserConfigFile, type ConfigResult } from '../config/index.js';
import { UserConfigWriter } from '../config/user-config-writer.js';
import { DecodePool, startDecodeWorkers } from '../codec/decode-pool.js';
import { AccessError, AccessManager } from './access-manager.js';
import { loadTlsSettings, type TlsSettings } from '../platform/tls.js';
import { createUwsApp, httpScheme, webSocketScheme } from '../platform/uws-app.js';
import type { AdmissionDesk } from '../access/admission.js';
import { BusSupervisor } from './bus-supervisor.js';
import { DEFAULT_OPERATOR_PORT, type ServerOptions } from './cli.js';
import { startClientEndpoint, type ListeningEndpoint } from './client-endpoint.js';
import { DeviceHub } from './device-hub.js';
import { UserConfigMemory } from './device-memory.js';
import { log, setLogLevel } from './log.js';
import type { Session } from './session.js';
import { AuditLog } from './audit-log.js';
import { ServerControl } from './server-control.js';
import { startOperatorListener, type OperatorListener } from '../operator/listener.js';
import type { OperatorToken } from '../operator/request-auth.js';
import type { AdmissionQueue } from '../operator/backend.js';
import { EdgeHub } from './edge-hub.js';
import {
  edgeInfo,
  edgeLink,
  joinRoom,
  nodeName,
  stageInfo,
  stageLink,
  type ClusterConnection,
} from './cluster-node.js';
import type { EdgeLink } from '../cluster/edge-link.js';
import { shownServers } from '../cluster/nats-link.js';
import type { StageLink } from '../cluster/stage-link.js';

export interface RunningServer {
  readonly port: number;
  readonly hub: DeviceHub;
  readonly buses: BusSupervisor;
  readonly endpoint: ListeningEndpoint;
  /** The operator's controls (emergency stop by signal goes through here too). */
  readonly control: ServerControl;
  /** The operator listener, when on. */
  readonly operator: OperatorListener | null;
  /** Lines to print once ready (the first is the fixed ready line). */
  readonly readyLines: readonly string[];
  stop(): Promise<void>;
}

/** A start-up problem the operator must fix; printed as one line, exit code 1. */
export class StartupError extends Error {}

function busList(
  options: ServerOptions,
  configOverrides: readonly ProtocolDefinition[],
  userConfig: UserDeviceConfig | null,
): BusWorkerData[] {
  const host = options.websocketUseAllInterfaces ? '0.0.0.0' : '127.0.0.1';
  const common = { logLevel: options.log, configOverrides, userConfig };
  const buses: BusWorkerData[] = [];
  if (options.useSimulatedDevices)
    buses.push({ ...common, bus: 'simulated', settings: { host, port: options.simulatedDevicesPort } });
  if (options.useBluetoothLe) buses.push({ ...common, bus: 'btle', settings: {} });
  if (options.useSerial) buses.push({ ...common, bus: 'serial', settings: {} });
  if (options.useLovenseDongleSerial) {
    const port = options.lovenseDonglePort;
    buses.push({ ...common, bus: 'lovense-dongle-serial', settings: port === null ? {} : { port } });
  }
  if (options.useLovenseDongleHid) buses.push({ ...common, bus: 'lovense-dongle-hid', settings: {} });
  if (options.useHid) buses.push({ ...common, bus: 'hid', settings: {} });
  if (options.useUsb) buses.push({ ...common, bus: 'usb', settings: {} });
  if (options.useLovenseConnect) {
    buses.push({
      ...common,
      bus: 'lovense-connect',
      settings: options.lovenseConnectAddress === null ? {} : { address: options.lovenseConnectAddress },
    });
  }
  if (options.useDeviceWebsocketServer) {
    buses.push({ ...common, bus: 'websocket', settings: { host, port: options.deviceWebsocketServerPort } });
  }
  return buses;
}

/** A config file loads whole or not at all: the first error stops start-up, warnings are logged. */
function loaded<T>(result: ConfigResult<T>): T {
  for (const w of result.warnings) log('warn', w);
  if (!result.ok) {
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problems)` : '';
    throw new StartupError(`${result.errors[0] ?? 'config file could not be loaded'}${more}`);
  }
  return result.value;
}

/**
 * The TLS settings every listener serves, checked before anything starts: a bad file is a
 * start-up error, not a listener that fails later (or, inside uWS, without saying why).
 */
function tlsSettings(options: ServerOptions): TlsSettings | null {
  if (options.websocketTlsCertFile === null || options.websocketTlsKeyFile === null) return null;
  const result = loadTlsSettings({
    certFile: options.websocketTlsCertFile,
    keyFile: options.websocketTlsKeyFile,
    passphraseFile: options.websocketTlsPassphraseFile,
  });
  if (!result.ok) throw new StartupError(result.error);
  for (const w of result.warnings) log('warn', w);
  return result.tls;
}

/** A user device config that does not exist yet is an empty one: thrum creates it when it first records a device. */
function loadUserConfig(file: string): UserDeviceConfig {
  if (existsSync(file)) return loaded(loadUserConfigFile(file));
  log('info', `${file} does not exist yet: thrum creates it when it first sees a device`);
  return { devices: [] };
}

function userConfigWriter(file: string): UserConfigWriter {
  return new UserConfigWriter({
    file,
    warn: (message) => log('warn', message),
    recorded: (count) => log('info', `recorded ${count} new device${count === 1 ? '' : 's'} in ${file}`),
  });
}

/** The decode pool, with one empty task run first so a worker that cannot load fails start-up. */
async function startDecodePool(threads: number): Promise<DecodePool<Session>> {
  const pool = new DecodePool<Session>(startDecodeWorkers(threads), {
    threads,
    onTaskError: (err) =>
      log('error', `decode pool task failed: ${err instanceof Error ? err.message : String(err)}`),
  });
  try {
    await pool.ready();
  } catch (err) {
    await pool.close();
    throw new StartupError(`decode pool did not start: ${(err as Error).message}`);
  }
  log('info', `decoding client frames on ${threads} worker thread${threads === 1 ? '' : 's'}`);
  return pool;
}

/** What start-up takes besides the flags (the access file's parts, once loaded). */
export interface StartExtras {
  /** Operator tokens; none = one is generated and shown in the ready line. */
  readonly operatorTokens?: readonly OperatorToken[];
  /** Clients held by `ask` admission. */
  readonly admission?: AdmissionQueue;
}

/** The access file's admission desk as the operator API sees it. */
function admissionQueue(desk: AdmissionDesk): AdmissionQueue {
  return {
    held: () =>
      desk.list().map((h) => ({
        id: h.id,
        name: h.name,
        address: h.address,
        origin: h.origin,
        since: new Date(h.since).toISOString(),
      })),
    admit: (id, remember) => desk.admit(id, remember),
    deny: (id, remember) => desk.deny(id, remember),
    watch: (listener) => {
      desk.onChange = listener === null ? null : () => listener();
    },
  };
}

export async function startServer(options: ServerOptions, extras: StartExtras = {}): Promise<RunningServer> {
  setLogLevel(options.log);
  for (const why of options.ignored) log('warn', why);
  let configOverrides: readonly ProtocolDefinition[] = [];
  let userConfig: UserDeviceConfig | null = null;
  let writer: UserConfigWriter | null = null;
  if (options.deviceConfigFile) configOverrides = loaded(loadDeviceConfigFile(options.deviceConfigFile));
  if (options.userDeviceConfigFile) {
    userConfig = loadUserConfig(options.userDeviceConfigFile);
    // Newly seen devices are written into it, so they keep their indexes across restarts.
    writer = userConfigWriter(options.userDeviceConfigFile);
  }
  const tls = tlsSettings(options);

  let access: AccessManager | null = null;
  if (options.accessConfigFile) {
    try {
      access = AccessManager.load(options.accessConfigFile);
    } catch (err) {
      if (err instanceof AccessError) throw new StartupError(err.message);
      throw err;
    }
  } else if (options.websocketUseAllInterfaces) {
    log(
      'warn',
      'listening on every interface without an access file: anyone who can reach this port can drive every device (see --access-config-file)',
    );
  }

  let audit: AuditLog | null = null;
  if (options.auditLog) {
    try {
      audit = AuditLog.open(options.auditLog);
    } catch (err) {
      throw new StartupError((err as Error).message);
    }
  }

  // Scale-out (docs/cluster.md): NATS first, so an unreachable server fails start-up before anything listens.
  const cluster: ClusterConnection | null = options.clusterRole
    ? await joinRoom(options, (m) => new StartupError(m))
    : null;
  let edge: EdgeLink | null = null;
  let stage: StageLink | null = null;

  const decodePool = options.decodePool ? await startDecodePool(options.decodePoolThreads) : null;
  // An edge runs no bus: its hub's devices are the stage's, through the link.
  const buses = new BusSupervisor(
    cluster?.role === 'edge' ? [] : busList(options, configOverrides, userConfig),
  );
  const memory = userConfig && writer ? new UserConfigMemory(userConfig, writer) : undefined;
  let hub: DeviceHub;
  if (cluster?.role === 'edge') {
    edge = edgeLink(cluster, nodeName(options, options.websocketPort), () => control.clientCount);
    hub = new EdgeHub(edge);
  } else hub = new DeviceHub(buses, memory);
  const control = new ServerControl(
    hub,
    buses,
    audit,
    extras.admission ?? (access ? admissionQueue(access.desk) : undefined),
  );
  const outcomes = await buses.start(hub);
  if (cluster && edge) {
    edge.start();
    control.cluster = edgeInfo(cluster, edge);
  } else if (cluster) {
    stage = stageLink(cluster, hub, control);
    stage.start();
    control.cluster = stageInfo(cluster, stage);
  }

  let endpoint: ListeningEndpoint;
  try {
    endpoint = await startClientEndpoint(hub, {
      port: options.websocketPort,
      allInterfaces: options.websocketUseAllInterfaces,
      serverName: options.serverName,
      maxPingTime: options.maxPingTime,
      maxFrameBytes: options.maxFrameBytes,
      maxSendBufferBytes: options.maxSendBufferBytes,
      maxMessagesPerFrame: options.maxMessagesPerFrame,
      // Frames waiting for their turn are bounded like unsent output.
      maxBacklogBytes: options.maxSendBufferBytes,
      handshakeTimeout: options.handshakeTimeout,
      idleTimeout: options.websocketIdleTimeout,
      decodePool,
      access,
      admissionDesk: access?.desk ?? null,
      tls,
      observer: control,
    });
  } catch (err) {
    await Promise.all([buses.shutdown(), decodePool?.close(), audit?.close(), edge?.close(), stage?.close()]);
    throw new StartupError((err as Error).message);
  }

  access?.watch(() => endpoint.sessions);
  if (edge) edge.name = nodeName(options, endpoint.port);

  // An access file turns the operator listener on (someone must be able to stop everything).
  const operatorPort = options.operatorPort ?? (access ? DEFAULT_OPERATOR_PORT : null);
  let operator: OperatorListener | null = null;
  if (operatorPort !== null) {
    try {
      operator = await startOperatorListener(control, {
        port: operatorPort,
        allInterfaces: options.operatorUseAllInterfaces,
        tokens: extras.operatorTokens ?? access?.operatorTokens ?? [],
        log,
        createApp: () => createUwsApp(tls),
        scheme: httpScheme(tls),
      });
    } catch (err) {
      endpoint.close();
      await Promise.all([
        buses.shutdown(),
        decodePool?.close(),
        audit?.close(),
        edge?.close(),
        stage?.close(),
      ]);
      throw new StartupError((err as Error).message);
    }
    control.startRates();
  }

  const shownHost = options.websocketUseAllInterfaces ? '0.0.0.0' : '127.0.0.1';
  const readyLines = [`thrum listening on ${webSocketScheme(tls)}://${shownHost}:${endpoint.port}`];
  const simulated = buses.listening('simulated');
  if (simulated && outcomes.get('simulated') === 'ready')
    readyLines.push(`simulated devices on ${simulated}`);
  const deviceWebsocket = buses.listening('websocket');
  if (deviceWebsocket && outcomes.get('websocket') === 'ready')
    readyLines.push(`device websocket server on ${deviceWebsocket}`);
  if (operator) readyLines.push(operator.readyLine);
  if (cluster)
    readyLines.push(
      `thrum ${cluster.role} of room ${cluster.room} (NATS ${shownServers(options.nats!)}, node ${cluster.node})`,
    );

  let stopping: Promise<void> | null = null;
  return {
    port: endpoint.port,
    hub,
    buses,
    endpoint,
    control,
    operator,
    readyLines,
    stop() {
      stopping ??= (async () => {
        log('info', 'shutting down: stopping every device');
        access?.stop();
        hub.stopAllDevices();
        operator?.close();
        endpoint.close();
        control.close();
        if (decodePool) log('info', `decode pool: ${decodePool.frames} frames in ${decodePool.tasks} tasks`);
        await Promise.all([
          buses.shutdown(),
          decodePool?.close(),
          writer?.flush(),
          edge?.close(),
          stage?.close(),
        ]);
        await audit?.close();
      })();
      return stopping;
    },
  };
}
