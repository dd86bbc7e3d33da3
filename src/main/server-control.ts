// The operator's side of the server: the OperatorBackend the operator listener calls, over the
// device hub, the sessions and the bus supervisor. It writes only through the hub's own operations
// (stop, cap, latch) and the admission queue's, and records each in the audit log with who asked.
// It also hears clients come and go (SessionObserver) and hub changes (HubObserver, attached only
// while the listener has event subscribers, so nobody pays for events nobody reads).

import { outputId, type LogLevel, type OutputType } from '../core/index.js';
import type {
  AdmissionQueue,
  BusState,
  CapSetting,
  CapTarget,
  ClientState,
  DeviceState,
  DrivenOutput,
  LogEntry,
  MetricsSnapshot,
  OperatorBackend,
  OperatorEventSink,
  OperatorState,
  OutputView,
  Refusal,
  StatsEvent,
} from '../operator/backend.js';
import type { AuditLog } from './audit-log.js';
import type { BusSupervisor } from './bus-supervisor.js';
import { ackLatency, admissionSnapshot, counterSnapshot, writeLatency } from './counters.js';
import type { DeviceHub, HubDevice, HubObserver } from './device-hub.js';
import { log, onLogLine, recentLog, type LogLine } from './log.js';
import type { Session, SessionObserver } from './session.js';
import type { ClusterInfo } from './cluster-node.js';

/** Admission before the access layer provides one: nobody is ever held. */
export const NO_ADMISSION: AdmissionQueue = {
  held: () => [],
  admit: () => false,
  deny: () => false,
};

/**
 * What the access layer adds to a session (its role and the name of the token it presented),
 * read where present so this file does not depend on when that lands.
 */

const RATE_SAMPLE_MS = 1000;

/**
 * Log lines sent to event subscribers per second, at most. A client that makes the server log on
 * every message must not turn the console's log panel into a flood; what is left out is counted
 * and said in the next second's first line, and stays in the server's own log.
 */
export const LOG_EVENTS_PER_SECOND = 50;

/** Close code and reason a kicked client gets (1008: policy violation). */
export const KICK_CODE = 1008;
export const KICK_REASON = 'removed by the operator';

interface RateSample {
  last: number;
  rate: number;
}

function notFound(message: string): Refusal {
  return { status: 'not-found', message };
}

function invalid(message: string): Refusal {
  return { status: 'invalid', message };
}

function capSettings(device: HubDevice): CapSetting[] {
  return device.capRules.map((r) => ({ ...r }));
}

export class ServerControl implements OperatorBackend, HubObserver, SessionObserver {
  /** Clients that finished their handshake, by id. */
  private readonly clients = new Map<number, Session>();
  private readonly rates = new Map<number, RateSample>();
  /** An array, not a Set: outputChanged walks it once per client command while someone watches. */
  private sinks: OperatorEventSink[] = [];
  private rateTimer: NodeJS.Timeout | null = null;
  /** Log lines sent to subscribers in the current second, and those left out. */
  private logSent = 0;
  private logDropped = 0;
  private logWindowStart = 0;
  /** This node's place in a cluster, when it has one (docs/cluster.md). */
  cluster: ClusterInfo | null = null;

  constructor(
    private readonly hub: DeviceHub,
    private readonly buses: BusSupervisor,
    private readonly audit: AuditLog | null,
    private readonly admission: AdmissionQueue = NO_ADMISSION,
  ) {}

  /** Sample each client's message rate once a second (only while an operator listener runs). */
  startRates(): void {
    this.rateTimer ??= setInterval(controlOnRateSample, RATE_SAMPLE_MS, this);
    this.rateTimer.unref();
  }

  close(): void {
    if (this.rateTimer) clearInterval(this.rateTimer);
    this.rateTimer = null;
    this.sinks = [];
    this.unwatch();
  }

  /** Stop hearing the hub, the log and the admission desk (nobody watches any more). */
  private unwatch(): void {
    this.hub.observer = null;
    onLogLine(null);
    this.admission.watch?.(null);
  }

  /** @internal */
  sampleRates(): void {
    for (const [id, session] of this.clients) {
      const sample = this.rates.get(id);
      if (!sample) this.rates.set(id, { last: session.messagesIn, rate: 0 });
      else {
        sample.rate = ((session.messagesIn - sample.last) * 1000) / RATE_SAMPLE_MS;
        sample.last = session.messagesIn;
      }
    }
    if (this.sinks.length === 0) return;
    this.nextLogWindow(Date.now());
    this.emit(this.stats());
  }

  /** The once-a-second event: what changes all the time but needs no event of its own. */
  private stats(): StatsEvent {
    const rates: Array<[number, number]> = [];
    for (const [id, sample] of this.rates) rates.push([id, sample.rate]);
    return {
      event: 'stats',
      rates,
      buses: this.busStates(),
      devices: this.hub.list().map((d) => ({ index: d.index, battery: batteryView(d), rssi: rssiView(d) })),
      ...(this.cluster ? { cluster: this.cluster.state() } : {}),
    };
  }

  /** @internal A log line was kept: pass it on, within LOG_EVENTS_PER_SECOND. */
  logLine(line: LogLine): void {
    this.nextLogWindow(line.at);
    if (this.logSent >= LOG_EVENTS_PER_SECOND) {
      this.logDropped++;
      return;
    }
    this.logSent++;
    this.emit({ event: 'log', ...logEntry(line) });
  }

  /** A new second for the log budget starts at `now` if the last one is over; say what was left out. */
  private nextLogWindow(now: number): void {
    if (now - this.logWindowStart < 1000) return;
    this.logWindowStart = now;
    this.logSent = 0;
    if (this.logDropped === 0) return;
    const msg = `${this.logDropped} log lines left out of this view (more than ${LOG_EVENTS_PER_SECOND} a second); the server's log has them`;
    this.logDropped = 0;
    this.logSent++;
    this.emit({ event: 'log', ...logEntry({ at: now, level: 'warn', msg }) });
  }

  recentLog(level: LogLevel, limit: number): LogEntry[] {
    return recentLog(level, limit).map(logEntry);
  }

  // ---------------------------------------------------------------- SessionObserver

  clientConnected(session: Session): void {
    this.clients.set(session.clientId, session);
    this.rates.set(session.clientId, { last: session.messagesIn, rate: 0 });
    const s = session;
    this.audit?.record('connect', `client ${session.clientId}`, {
      client: session.clientId,
      name: session.clientName,
      specVersion: session.version,
      address: session.address || null,
      origin: session.origin,
      ...(s.tokenName ? { token: s.tokenName } : {}),
      ...(s.roleName ? { role: s.roleName } : {}),
    });
    if (this.sinks.length > 0)
      this.emit({ event: 'clientConnected', client: this.clientState(session, new Map()) });
  }

  clientDisconnected(session: Session): void {
    this.clients.delete(session.clientId);
    this.rates.delete(session.clientId);
    const s = session;
    this.audit?.record('disconnect', `client ${session.clientId}`, {
      client: session.clientId,
      name: session.clientName,
      ...(s.tokenName ? { token: s.tokenName } : {}),
    });
    if (this.sinks.length > 0)
      this.emit({ event: 'clientDisconnected', client: { id: session.clientId, name: session.clientName } });
  }

  // ---------------------------------------------------------------- HubObserver

  outputChanged(
    device: HubDevice,
    feature: number,
    type: OutputType,
    value: number,
    requested: number,
    owner: number,
  ): void {
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++)
      sinks[i]!.outputChanged(device.index, feature, type, value, requested, owner === 0 ? null : owner);
  }

  deviceAdded(device: HubDevice): void {
    this.emit({ event: 'deviceAdded', device: deviceState(device) });
  }

  deviceRemoved(device: HubDevice): void {
    this.emit({ event: 'deviceRemoved', device: { index: device.index, name: displayName(device) } });
  }

  capsChanged(device: HubDevice): void {
    this.emit({ event: 'capsChanged', device: device.index, caps: capSettings(device) });
  }

  private emit(e: Parameters<OperatorEventSink['event']>[0]): void {
    for (const sink of this.sinks) sink.event(e);
  }

  // ---------------------------------------------------------------- OperatorBackend: reads

  subscribe(sink: OperatorEventSink): () => void {
    this.sinks = [...this.sinks, sink];
    this.hub.observer = this;
    onLogLine(controlOnLogLine.bind(null, this));
    this.admission.watch?.(() => this.emit({ event: 'heldChanged', held: this.admission.held() }));
    return () => {
      this.sinks = this.sinks.filter((s) => s !== sink);
      if (this.sinks.length === 0) this.unwatch();
    };
  }

  state(): OperatorState {
    const drives = new Map<number, DrivenOutput[]>();
    for (const device of this.hub.list()) {
      for (const o of device.outputs.values()) {
        if (o.owner === 0) continue;
        let list = drives.get(o.owner);
        if (!list) drives.set(o.owner, (list = []));
        list.push({
          device: device.index,
          feature: o.command.feature,
          output: o.command.type,
          value: o.sent,
        });
      }
    }
    return {
      clients: [...this.clients.values()].map((s) => this.clientState(s, drives)),
      devices: this.hub.list().map(deviceState),
      buses: this.busStates(),
      held: this.admission.held(),
      estop: this.hub.emergencyStopped,
      ...(this.cluster ? { cluster: this.cluster.state() } : {}),
    };
  }

  private busStates(): BusState[] {
    return this.buses.status().map((b): BusState => ({
      name: b.bus,
      state: b.state,
      crashes: b.crashes,
      listening: b.listening,
      writes: b.writes,
    }));
  }

  private clientState(session: Session, drives: ReadonlyMap<number, DrivenOutput[]>): ClientState {
    const s = session;
    return {
      id: session.clientId,
      name: session.clientName,
      specVersion: session.version,
      role: s.roleName ?? null,
      token: s.tokenName ?? null,
      address: session.address || null,
      origin: session.origin,
      connectedSince: new Date(performance.timeOrigin + session.openedAt).toISOString(),
      messageRate: this.rates.get(session.clientId)?.rate ?? 0,
      drives: drives.get(session.clientId) ?? [],
    };
  }

  metrics(): MetricsSnapshot {
    const counts = counterSnapshot();
    const buses = this.buses.metricCounts();
    return {
      clientsByVersionRole: this.clientsByVersionRole(),
      coalesced: buses.map((b) => [b.bus, b.coalesced]),
      busRestarts: buses.map((b) => [b.bus, b.restarts]),
      admissions: admissionSnapshot(),
      ackLatency: ackLatency.snapshot(),
      writeLatency: writeLatency.snapshot(),
      clients: this.clients.size,
      devices: this.hub.size,
      messages: counts.messages,
      errors: counts.errors,
      deviceWrites: this.buses.writeCounts(),
      emergencyStop: this.hub.emergencyStopped,
      ...(this.cluster ? { cluster: this.cluster.metrics() } : {}),
    };
  }

  /** Clients that finished their handshake. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Counted at scrape time from the sessions: the hot path pays nothing for this gauge. */
  private clientsByVersionRole(): Array<[number, string, number]> {
    const counts = new Map<string, [number, string, number]>();
    for (const session of this.clients.values()) {
      const role = session.roleName ?? 'none';
      const key = `${session.version}\u0000${role}`;
      const entry = counts.get(key);
      if (entry) entry[2]++;
      else counts.set(key, [session.version, role, 1]);
    }
    return [...counts.values()].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  }

  // ---------------------------------------------------------------- OperatorBackend: actions

  emergencyStop(who: string): void {
    const engaged = this.hub.engageEmergencyStop();
    log(
      'warn',
      `emergency stop ${engaged ? 'engaged' : 'engaged again'} by ${who}: every device stopped; output commands are refused until it is released`,
    );
    this.audit?.record('estop', who, { alreadyEngaged: !engaged });
    this.emit({ event: 'estopEngaged', by: who });
  }

  release(who: string): boolean {
    if (!this.hub.releaseEmergencyStop()) return false;
    log('warn', `emergency stop released by ${who}`);
    this.audit?.record('release', who);
    this.emit({ event: 'estopReleased', by: who });
    return true;
  }

  kick(clientId: number, who: string): Refusal | null {
    const session = this.clients.get(clientId);
    if (!session) return notFound(`no client with id ${clientId}`);
    log('info', `client ${clientId} "${session.clientName}" removed by ${who}`);
    this.audit?.record('kick', who, { client: clientId, name: session.clientName });
    session.closeConnection(KICK_CODE, KICK_REASON);
    return null;
  }

  stopDevice(index: number, who: string): Refusal | null {
    const device = this.hub.get(index);
    if (!device) return notFound(`no device with index ${index}`);
    this.hub.stopDevice(device);
    this.hub.frameDone();
    this.audit?.record('device-stop', who, { device: index, name: displayName(device) });
    return null;
  }

  setCap(index: number, setting: CapSetting, who: string): readonly CapSetting[] | Refusal {
    const device = this.hub.get(index);
    if (!device) return notFound(`no device with index ${index}`);
    const problem = targetProblem(device, setting);
    if (problem !== null) return invalid(problem);
    this.hub.setCap(device, setting);
    this.audit?.record('cap-set', who, { device: index, name: displayName(device), ...setting });
    return capSettings(device);
  }

  clearCap(index: number, target: CapTarget, who: string): readonly CapSetting[] | Refusal {
    const device = this.hub.get(index);
    if (!device) return notFound(`no device with index ${index}`);
    const removed = this.hub.clearCap(device, target.feature, target.output);
    if (removed > 0)
      this.audit?.record('cap-cleared', who, { device: index, name: displayName(device), ...target });
    return capSettings(device);
  }

  scanning(start: boolean, who: string): void {
    if (start) this.hub.startScanning();
    else this.hub.stopScanning();
    this.audit?.record('scan', who, { scanning: start });
  }

  admit(clientId: number, remember: boolean, who: string): Refusal | null {
    if (!this.admission.admit(clientId, remember))
      return notFound('no client with that id waits for admission');
    this.audit?.record('admit', who, { client: clientId, remember });
    return null;
  }

  deny(clientId: number, remember: boolean, who: string): Refusal | null {
    if (!this.admission.deny(clientId, remember))
      return notFound('no client with that id waits for admission');
    this.audit?.record('deny', who, { client: clientId, remember });
    return null;
  }
}

function controlOnRateSample(control: ServerControl): void {
  control.sampleRates();
}

function controlOnLogLine(control: ServerControl, line: LogLine): void {
  control.logLine(line);
}

function logEntry(line: LogLine): LogEntry {
  return { time: new Date(line.at).toISOString(), level: line.level, message: line.msg };
}

function batteryView(device: HubDevice): DeviceState['battery'] {
  return device.battery
    ? { level: device.battery.level, at: new Date(device.battery.at).toISOString() }
    : null;
}

function rssiView(device: HubDevice): DeviceState['rssi'] {
  return device.rssi ? { value: device.rssi.value, at: new Date(device.rssi.at).toISOString() } : null;
}

function displayName(device: HubDevice): string {
  return device.descriptor.displayName ?? device.descriptor.name;
}

/** Why a cap cannot apply to the device (a feature or output type it lacks), or null. */
function targetProblem(device: HubDevice, target: CapTarget): string | null {
  const features = device.descriptor.features.filter(
    (f) => f.output && (target.feature === undefined || f.index === target.feature),
  );
  if (target.feature !== undefined && features.length === 0)
    return `device ${device.index} has no feature ${target.feature} with outputs`;
  if (target.output !== undefined && !features.some((f) => f.output?.[target.output!])) {
    return `device ${device.index}${target.feature === undefined ? '' : ` feature ${target.feature}`} has no ${target.output} output`;
  }
  return null;
}

function deviceState(device: HubDevice): DeviceState {
  const outputs: OutputView[] = [];
  for (const f of device.descriptor.features) {
    if (!f.output) continue;
    for (const [type, spec] of Object.entries(f.output) as Array<
      [OutputType, { value: readonly [number, number] }]
    >) {
      const key = outputId(f.index, type);
      const state = device.outputs.get(key);
      outputs.push({
        feature: f.index,
        output: type,
        range: [spec.value[0], spec.value[1]],
        value: state?.sent ?? 0,
        requested: state?.command.value ?? 0,
        setBy: state && state.owner !== 0 ? state.owner : null,
        cap: device.capBy?.get(key) ?? null,
      });
    }
  }
  return {
    index: device.index,
    name: displayName(device),
    databaseName: device.descriptor.name,
    identity: { protocol: device.protocol, address: device.address },
    bus: device.bus,
    outputs,
    battery: batteryView(device),
    rssi: rssiView(device),
    caps: capSettings(device),
  };
}
