// One client connection's protocol state: handshake and spec version, ping deadline, and the
// dispatch of each decoded request to the hub. All wire shapes come from the codec; the session
// only decides what to answer. Expected failures become Error messages here, in one place.

import { failure, type Failure } from '../core/index.js';
import {
  MAX_SPEC_VERSION,
  convertUp,
  deviceAdded,
  deviceList,
  deviceRemoved,
  error as wireError,
  ok,
  reading,
  scanningFinished,
  serialize,
  serializeMsgpack,
  serverInfo,
  testReply,
  logMessage,
  type ClientRequest,
  type DecodeError,
  type ReadingReply,
  type ServerMessage,
  type SpecVersion,
} from '../codec/index.js';
import type { DecodePool } from '../codec/decode-pool.js';
import { decodeFrame, handshakeVersion, messagesOverLimit, NO_VERSION, type DecodedFrame } from '../codec/frame.js';
import { countError, countMessage } from './counters.js';
import { EMERGENCY_STOP_FAILURE, type DeviceHub, type HubClient, type HubDevice } from './device-hub.js';
import { currentTurn, MAX_WAITING_FRAMES, MESSAGES_PER_TURN, resumeLater, type Resumable } from './fair-turns.js';
import { addLogSink, log, removeLogSink, type LogSink } from './log.js';
import type { LogLevel } from '../core/index.js';

/** The transport under a session (a uWS socket in production, a fake in unit tests). */
export interface SessionTransport {
  /** Send one frame. Returns false when the client is over its send-buffer limit. */
  send(data: string | Uint8Array, binary: boolean): boolean;
  /** Close the connection (the session's close() runs when it has closed). */
  close(code: number, reason: string): void;
  /**
   * Run `fn(arg)` with this connection's output corked, so its sends leave as one write. Inside
   * its own message callback uWS corks already; results from the decode pool arrive outside it,
   * where each uncorked send is a syscall (measured: most of the pool path's main-thread cost).
   */
  corked?<A>(fn: (arg: A) => void, arg: A): void;
}

/** Who hears about clients coming and going (main's operator adapter: events, audit log). */
export interface SessionObserver {
  /** The client finished its handshake. */
  clientConnected(session: Session): void;
  /** A client that had finished its handshake is gone. */
  clientDisconnected(session: Session): void;
}

export interface SessionSettings {
  readonly serverName: string;
  readonly maxPingTime: number;
  readonly maxFrameBytes: number;
  /** Messages one frame may hold; a frame with more is refused and the connection closed. */
  readonly maxMessagesPerFrame: number;
  /** Bytes of received frames a connection may have waiting for their turn before it is closed. */
  readonly maxBacklogBytes: number;
  /** Decode frames on this pool once the handshake is done; null/absent = inline. */
  readonly decodePool?: DecodePool<Session> | null;
  readonly observer?: SessionObserver | null;
}

/** A FIFO slot whose frame is still being decoded in the pool. */
const IN_FLIGHT = null;

/** A frame that arrived while earlier ones still waited for their turn: a copy, decoded when its turn comes. */
class WaitingFrame {
  constructor(
    readonly bytes: Uint8Array,
    readonly binary: boolean,
  ) {}
}

type FifoEntry = DecodedFrame | WaitingFrame | typeof IN_FLIGHT;

// Before the handshake a client has said nothing about itself: it may send only a small frame.
// RequestServerInfo is one short message; these leave room for a long client name and a frame
// that carries the handshake with a few messages after it.
export const HANDSHAKE_FRAME_MAX_BYTES = 16 * 1024;
export const HANDSHAKE_FRAME_MAX_MESSAGES = 16;

/**
 * Unreadable messages (no Id to answer) in one frame that each get their own Error; the rest are
 * counted in one closing Error, so a frame of garbage cannot make a reply many times its size.
 * Messages with a readable Id are always answered: their client waits for that Id.
 */
export const DETAILED_UNREADABLE_ERRORS = 8;

let lastClientId = 0;

/** Every Error a client is sent passes here, so /metrics counts each one by its wire code. */
function errorMessage(id: number, f: Failure): ServerMessage {
  countError(f.code);
  return wireError(id, f);
}

function frameError(f: Failure): DecodeError {
  return { kind: 'Error', id: 0, failure: f };
}

/** RequestLog levels; Fatal folds into error, Off into none. */
const WIRE_TO_LOG_LEVEL: Readonly<Record<string, LogLevel>> = {
  Fatal: 'error',
  Error: 'error',
  Warn: 'warn',
  Info: 'info',
  Debug: 'debug',
  Trace: 'trace',
};
const LOG_LEVEL_TO_WIRE = { error: 'Error', warn: 'Warn', info: 'Info', debug: 'Debug', trace: 'Trace' } as const;

// A connection's encoding is fixed by its first frame: text → JSON, binary → msgpack.
const ENCODING_UNSET = 0;
const ENCODING_JSON = 1;
const ENCODING_MSGPACK = 2;
const ENCODING_NAMES: readonly string[] = ['', 'JSON text frames', 'msgpack binary frames'];

export class Session implements HubClient, Resumable {
  readonly clientId = ++lastClientId;
  /** Negotiated spec version; -1 until the handshake. */
  version: SpecVersion | -1 = -1;
  clientName = '';
  /** performance.now() when the connection opened (the handshake deadline counts from here). */
  readonly openedAt = performance.now();
  /** performance.now() of the last Ping (or of the handshake). */
  lastPingAt = 0;
  /** The peer's address as the endpoint saw it at the upgrade ('' when unknown). */
  remoteAddress = '';
  /** The upgrade request's Origin header; null when it had none (not a browser). */
  origin: string | null = null;
  /** Messages received so far (the operator API shows a rate from it). */
  messagesIn = 0;
  private closed = false;
  private encoding = ENCODING_UNSET;
  private logSink: LogSink | null = null;
  /** Replies produced while handling one frame go out as one frame. */
  private outbox: ServerMessage[] | null = null;
  /**
   * Frames waiting to be handled, oldest first, while any of them is in the decode pool: a slot
   * is IN_FLIGHT until its result arrives. Frames are handled strictly in arrival order, so once
   * one is in flight every later frame (even one answered without decoding) queues behind it.
   * fifo[0] holds frame number `fifoBase`.
   */
  private fifo: FifoEntry[] = [];
  private fifoBase = 0;
  /** Bytes of WaitingFrames in the FIFO. */
  private backlogBytes = 0;
  /** Messages handled in turn `workTurn` (fair-turns.ts). */
  private work = 0;
  private workTurn = -1;
  /** Queued with resumeLater and not yet resumed. */
  private resumeQueued = false;

  constructor(
    private readonly transport: SessionTransport,
    private readonly hub: DeviceHub,
    private readonly settings: SessionSettings,
  ) {
    hub.attach(this);
  }

  get ready(): boolean {
    return this.version !== -1 && !this.closed;
  }

  // ------------------------------------------------------------------ input

  /**
   * A frame from the client. `data` is only valid during this call (uWS reuses it): it is decoded
   * synchronously, or copied by the decode pool, and never kept.
   */
  onFrame(data: ArrayBuffer, binary: boolean): void {
    if (this.closed) return;
    const kind = binary ? ENCODING_MSGPACK : ENCODING_JSON;
    if (this.encoding === ENCODING_UNSET) this.encoding = kind;
    else if (this.encoding !== kind) {
      return this.frameReady(frameError(failure('THRUM_ERR_WRONG_ENCODING', ENCODING_NAMES[this.encoding] ?? '', binary ? 'binary' : 'text')));
    }
    // Before the handshake, and with no handshake waiting its turn, a large frame is refused unread.
    if (this.version === NO_VERSION && this.fifo.length === 0 && data.byteLength > HANDSHAKE_FRAME_MAX_BYTES) return this.refuseHandshakeFrame();
    if (data.byteLength > this.settings.maxFrameBytes) {
      return this.frameReady(frameError(failure('THRUM_ERR_FRAME_TOO_LARGE', data.byteLength, this.settings.maxFrameBytes)));
    }
    // Before the handshake the version is unknown (the handshake fixes it), so decode inline.
    // Once a frame is in flight, later ones follow it into the pool even when the pool is busy;
    // a session with nothing in flight decodes inline while the pool is saturated.
    const pool = this.settings.decodePool;
    if (pool && this.version !== NO_VERSION && (this.fifo.length > 0 || !pool.saturated)) {
      const over = messagesOverLimit(new Uint8Array(data), binary, this.settings.maxMessagesPerFrame);
      if (over >= 0) return this.refuseTooManyMessages(over);
      pool.submit(this, this.fifoBase + this.fifo.length, data, binary, this.version);
      this.fifo.push(IN_FLIGHT);
      return;
    }
    const bytes = new Uint8Array(data);
    // Earlier frames still wait, or this connection has had its share of this turn: wait behind them.
    if (this.fifo.length > 0 || this.overBudget()) return this.wait(bytes, binary);
    this.handleBytes(bytes, binary);
  }

  /** The pool's answer for frame number `seq` (see DecodeTarget). Dropped once closed. */
  frameDecoded(seq: number, frame: DecodedFrame): void {
    if (this.closed) return;
    this.fifo[seq - this.fifoBase] = frame;
    if (this.fifo[0] === IN_FLIGHT) return; // an earlier frame is still in the pool
    if (this.transport.corked) this.transport.corked(Session.drainFifo, this);
    else Session.drainFifo(this);
  }

  /** fair-turns: this connection's turn to handle frames that waited. */
  resume(): void {
    this.resumeQueued = false;
    if (this.closed) return;
    this.work = 0;
    this.workTurn = currentTurn();
    if (this.transport.corked) this.transport.corked(Session.drainFifo, this);
    else Session.drainFifo(this);
  }

  /**
   * Handle every frame at the head of the FIFO that is ready, within this turn's budget; stop at
   * the first still in flight.
   */
  private static drainFifo(session: Session): void {
    const fifo = session.fifo;
    while (fifo.length > 0 && fifo[0] !== IN_FLIGHT && !session.closed) {
      if (session.overBudget()) {
        session.resumeOnNextTurn();
        return;
      }
      const head = fifo.shift()!;
      session.fifoBase++;
      if (head instanceof WaitingFrame) {
        session.backlogBytes -= head.bytes.byteLength;
        session.handleBytes(head.bytes, head.binary);
      } else session.handleFrame(head);
    }
  }

  /** Whether this connection has handled its share of messages in this event-loop turn. */
  private overBudget(): boolean {
    const turn = currentTurn();
    if (turn !== this.workTurn) {
      this.workTurn = turn;
      this.work = 0;
    }
    return this.work >= MESSAGES_PER_TURN;
  }

  private resumeOnNextTurn(): void {
    if (this.resumeQueued) return;
    this.resumeQueued = true;
    resumeLater(this);
  }

  /** Keep a copy of a frame until its turn (uWS reuses `bytes` after the callback). */
  private wait(bytes: Uint8Array, binary: boolean): void {
    this.backlogBytes += bytes.byteLength;
    if (this.backlogBytes > this.settings.maxBacklogBytes || this.fifo.length >= MAX_WAITING_FRAMES) {
      return this.refuse(failure('THRUM_ERR_INPUT_BACKLOG', MAX_WAITING_FRAMES, this.settings.maxBacklogBytes), 'sending faster than the server answers');
    }
    this.fifo.push(new WaitingFrame(bytes.slice(), binary));
    this.resumeOnNextTurn();
  }

  /** Decode and handle one frame on this thread, after the limits that need no parse. */
  private handleBytes(bytes: Uint8Array, binary: boolean): void {
    if (this.version === NO_VERSION) {
      if (bytes.byteLength > HANDSHAKE_FRAME_MAX_BYTES || messagesOverLimit(bytes, binary, HANDSHAKE_FRAME_MAX_MESSAGES) >= 0) {
        return this.refuseHandshakeFrame();
      }
    } else {
      const over = messagesOverLimit(bytes, binary, this.settings.maxMessagesPerFrame);
      if (over >= 0) return this.refuseTooManyMessages(over);
    }
    this.handleFrame(decodeFrame(bytes, binary, this.version));
  }

  private refuseHandshakeFrame(): void {
    this.refuse(failure('THRUM_ERR_HANDSHAKE_FRAME', HANDSHAKE_FRAME_MAX_BYTES, HANDSHAKE_FRAME_MAX_MESSAGES), 'handshake frame too large');
  }

  private refuseTooManyMessages(count: number): void {
    this.refuse(failure('THRUM_ERR_TOO_MANY_MESSAGES', count, this.settings.maxMessagesPerFrame), 'too many messages in one frame');
  }

  /** A frame that breaks a connection limit: one Error saying which, then close 1008 (policy). */
  private refuse(f: Failure, closeReason: string, level: LogLevel = 'warn'): void {
    log(level, `client ${this.clientId}${this.clientName ? ` "${this.clientName}"` : ''}: ${f.message}`);
    this.send(errorMessage(0, f));
    this.flushNow();
    this.transport.close(1008, closeReason);
    this.close();
  }

  /** A frame whose result is known now: handled at once, or queued behind frames in flight. */
  private frameReady(frame: DecodedFrame): void {
    if (this.fifo.length > 0) this.fifo.push(frame);
    else this.handleFrame(frame);
  }

  private handleFrame(frame: DecodedFrame): void {
    if (!Array.isArray(frame)) {
      const e = frame as DecodeError;
      this.work++;
      this.send(errorMessage(e.id, e.failure));
      return;
    }
    const requests = frame as ReadonlyArray<ClientRequest | DecodeError>;
    this.work += requests.length;
    this.messagesIn += requests.length;
    this.outbox = [];
    let setsOutputs = false;
    let unreadable = 0;
    try {
      for (const request of requests) {
        if (request.kind === 'Error') {
          if (request.id !== 0 || ++unreadable <= DETAILED_UNREADABLE_ERRORS) this.outbox.push(errorMessage(request.id, request.failure));
        } else {
          setsOutputs ||= request.kind === 'DeviceCommand' || request.kind === 'StopAll' || request.kind === 'StopDevice' || request.kind === 'Disconnect';
          this.handle(request);
        }
        if (this.closed) break;
      }
    } finally {
      if (unreadable > DETAILED_UNREADABLE_ERRORS) {
        this.outbox.push(errorMessage(0, failure('THRUM_ERR_MORE_ERRORS', unreadable - DETAILED_UNREADABLE_ERRORS)));
      }
      // Everything this frame set or stopped goes to the devices together, before its Ok leaves.
      if (setsOutputs) this.hub.frameDone();
      const out = this.outbox;
      this.outbox = null;
      if (out.length > 0) this.flush(out);
    }
  }

  // ------------------------------------------------------------------ dispatch

  private handle(req: ClientRequest): void {
    countMessage(req.kind === 'DeviceCommand' ? req.command.name : req.kind);
    switch (req.kind) {
      case 'RequestServerInfo':
        return this.handshake(req);
      case 'Ping':
        this.lastPingAt = performance.now();
        return this.send(ok(req.id));
      case 'StartScanning':
        this.hub.startScanning();
        return this.send(ok(req.id));
      case 'StopScanning':
        this.hub.stopScanning();
        return this.send(ok(req.id));
      case 'RequestDeviceList':
        return this.send(deviceList(this.version as SpecVersion, req.id, this.hub.list()));
      case 'StopAll':
        if (req.outputs) this.hub.stopOwnedBy(this.clientId);
        if (req.inputs) this.hub.unsubscribeAll(this);
        return this.send(ok(req.id));
      case 'StopDevice': {
        const device = this.device(req.id, req.device);
        if (!device) return;
        if (req.feature !== undefined && !device.descriptor.features.some((f) => f.index === req.feature)) {
          return this.fail(req.id, failure('THRUM_ERR_FEATURE_UNKNOWN', req.device, req.feature));
        }
        if (req.outputs) this.hub.stopDevice(device, req.feature);
        if (req.inputs) this.hub.unsubscribeAll(this, device);
        return this.send(ok(req.id));
      }
      case 'Disconnect':
        this.send(ok(req.id));
        this.flushNow();
        this.transport.close(1000, 'Disconnect requested');
        this.close();
        return;
      case 'RequestLog':
        this.requestLog(req.level);
        return this.send(ok(req.id));
      case 'Test':
        return this.send(testReply(req.id, req.testString));
      case 'DeviceCommand':
        return this.deviceCommand(req);
    }
  }

  private handshake(req: Extract<ClientRequest, { kind: 'RequestServerInfo' }>): void {
    if (this.version !== -1) return this.fail(req.id, failure('THRUM_ERR_ALREADY_CONNECTED'));
    // The same rule decodeFrame used for the rest of this frame's messages.
    const version = handshakeVersion(req);
    if (version === undefined) return this.fail(req.id, failure('THRUM_ERR_CLIENT_TOO_NEW', req.version, MAX_SPEC_VERSION));
    this.version = version;
    this.clientName = req.clientName;
    this.lastPingAt = performance.now();
    log('info', `client ${this.clientId} "${req.clientName}" connected, spec v${req.version}`);
    this.send(serverInfo(this.version, req.id, this.settings.serverName, this.settings.maxPingTime));
    this.settings.observer?.clientConnected(this);
  }

  /**
   * Stream server log lines at `level` (spec v0–v1 Log messages; v2 accepts RequestLog but has
   * no Log message, so nothing is streamed there). "Off" stops the stream.
   */
  private requestLog(level: string): void {
    if (this.logSink) removeLogSink(this.logSink);
    this.logSink = null;
    const ours = WIRE_TO_LOG_LEVEL[level];
    if (ours === undefined || this.version > 1) return;
    this.logSink = { level: ours, write: (l, msg) => this.send(logMessage(LOG_LEVEL_TO_WIRE[l], msg)) };
    addLogSink(this.logSink);
  }

  private deviceCommand(req: Extract<ClientRequest, { kind: 'DeviceCommand' }>): void {
    const device = this.device(req.id, req.device);
    if (!device) return;
    const converted = convertUp(req.command, device.descriptor, device.index);
    switch (converted.kind) {
      case 'outputs':
        // Refused while the emergency stop holds. Not logged per command: a crowd streaming into the
        // latch would flood the log, and engaging it was logged once.
        if (!this.hub.applyOutputs(this.clientId, device, converted.commands)) return this.send(errorMessage(req.id, EMERGENCY_STOP_FAILURE));
        return this.send(ok(req.id));
      case 'input':
        // The answer (reading, Ok or Error) comes back through inputReading/inputAccepted/inputFailed.
        return this.hub.input(this, req.id, device, converted.command, converted.reply);
      case 'stopDevice':
        this.hub.stopDevice(device);
        return this.send(ok(req.id));
      case 'failure':
        return this.fail(req.id, converted.failure);
    }
  }

  private device(id: number, index: number): HubDevice | undefined {
    const device = this.hub.get(index);
    if (!device) this.fail(id, failure('THRUM_ERR_DEVICE_UNKNOWN', index));
    return device;
  }

  // ------------------------------------------------------------------ hub events

  deviceAdded(device: HubDevice): void {
    if (this.version === 4) this.send(deviceList(4, 0, this.hub.list()));
    else this.send(deviceAdded(this.version as SpecVersion, device));
  }

  deviceRemoved(device: HubDevice): void {
    if (this.version === 4) this.send(deviceList(4, 0, this.hub.list()));
    else this.send(deviceRemoved(device.index));
  }

  scanningFinished(): void {
    this.send(scanningFinished());
  }

  inputReading(msgId: number, reply: ReadingReply, values: readonly number[]): void {
    this.send(reading(this.version as SpecVersion, msgId, reply, values));
  }

  inputFailed(msgId: number, f: Failure): void {
    this.fail(msgId, f);
  }

  inputAccepted(msgId: number): void {
    this.send(ok(msgId));
  }

  // ------------------------------------------------------------------ output

  private fail(id: number, f: Failure): void {
    log('debug', `client ${this.clientId}: ${f.reason}: ${f.message}`);
    this.send(errorMessage(id, f));
  }

  private send(msg: ServerMessage): void {
    if (this.closed) return;
    if (this.outbox) this.outbox.push(msg);
    else this.flush([msg]);
  }

  private flushNow(): void {
    const out = this.outbox;
    if (out && out.length > 0) {
      this.outbox = [];
      this.flush(out);
    }
  }

  private flush(messages: ServerMessage[]): void {
    if (this.closed) return;
    const sent =
      this.encoding === ENCODING_MSGPACK
        ? this.transport.send(serializeMsgpack(messages), true)
        : this.transport.send(serialize(messages), false);
    if (!sent) {
      const f = failure('THRUM_ERR_BACKPRESSURE');
      log('warn', `client ${this.clientId} "${this.clientName}": ${f.message}; disconnecting`);
      this.transport.close(1008, f.message);
      this.close();
    }
  }

  /** Ping deadline passed (called by the watchdog). */
  pingTimedOut(): void {
    if (this.closed) return;
    const f = failure('THRUM_ERR_PING_TIMEOUT', this.settings.maxPingTime);
    log('warn', `client ${this.clientId} "${this.clientName}": ${f.message}`);
    this.send(errorMessage(0, f));
    this.transport.close(1000, 'ping timeout');
    this.close();
  }

  /** The handshake deadline passed without RequestServerInfo (called by the watchdog). */
  handshakeTimedOut(timeoutMs: number): void {
    if (this.closed) return;
    const f = failure('THRUM_ERR_HANDSHAKE_TIMEOUT', timeoutMs);
    // debug: a port scan or a crowd of idle sockets would otherwise fill the log.
    this.refuse(f, 'no handshake in time', 'debug');
  }

  /** Close from the server side (shutdown): the client's outputs stop as on any disconnect. */
  closeConnection(code: number, reason: string): void {
    this.flushNow();
    this.transport.close(code, reason);
    this.close();
  }

  /**
   * The connection is gone (or is being closed by us): the client's own outputs stop, its
   * subscriptions end. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Frames still in the pool are dropped when their results arrive (frameDecoded).
    this.fifo.length = 0;
    this.backlogBytes = 0;
    if (this.logSink) removeLogSink(this.logSink);
    this.logSink = null;
    this.hub.stopOwnedBy(this.clientId);
    this.hub.detach(this);
    if (this.version !== -1) {
      log('info', `client ${this.clientId} "${this.clientName}" disconnected`);
      this.settings.observer?.clientDisconnected(this);
    }
  }
}
