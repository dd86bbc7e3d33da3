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
  reading,
  scanningFinished,
  ReplyBatch,
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
import {
  decodeFrame,
  handshakeVersion,
  messagesOverLimit,
  NO_VERSION,
  type DecodedFrame,
} from '../codec/frame.js';
import type { AdmissionDesk, AdmissionWaiter } from '../access/admission.js';
import type { DeviceView, RolePolicy } from '../access/policy.js';
import { TokenBucket } from '../access/rate-limit.js';
import { countError, countMessage, observeAcks, setFrameStamp } from './counters.js';
import { NO_STAMP, clockStamp } from '../core/shared-clock.js';
import { EMERGENCY_STOP_FAILURE, type DeviceHub, type HubClient, type HubDevice } from './device-hub.js';
import {
  currentTurn,
  MAX_WAITING_FRAMES,
  MESSAGES_PER_TURN,
  resumeLater,
  TURN_WATCH_FROM,
  watchTurn,
  type Resumable,
} from './fair-turns.js';
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
  /** Where clients held by `ask` admission wait for the operator. */
  readonly admissionDesk?: AdmissionDesk | null;
  readonly observer?: SessionObserver | null;
}

/** Who the client is, as decided at the HTTP upgrade (access control). */
export interface ClientIdentity {
  /** Name of the token it presented; null = none. */
  readonly tokenName: string | null;
  /** Its role's policy; null = full access (no access file, or an open client with no default role). */
  readonly policy: RolePolicy | null;
  /** Held at RequestServerInfo until the operator admits it (`ask` admission). */
  readonly ask: boolean;
  readonly loopback: boolean;
  readonly address: string;
  readonly origin: string | null;
}

/** Full access, no token: every connection when there is no access file. */
export const OPEN_IDENTITY: ClientIdentity = Object.freeze({
  tokenName: null,
  policy: null,
  ask: false,
  loopback: true,
  address: '',
  origin: null,
});

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

// The queue of a connection with nothing waiting: shared, never written (Session.enqueue makes
// the connection its own arrays first), so an idle connection holds no arrays of its own.
const NO_FRAMES: FifoEntry[] = [];
const NO_ARRIVALS: number[] = [];
Object.freeze(NO_FRAMES);
Object.freeze(NO_ARRIVALS);

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

/** The replies of the frame being handled, whichever connection's it is (Session.handleFrame). */
const frameReplies = new ReplyBatch();
let frameRepliesInUse = false;
/** A reply sent between frames, added and sent in one call. */
const eventReplies = new ReplyBatch();

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
const LOG_LEVEL_TO_WIRE = {
  error: 'Error',
  warn: 'Warn',
  info: 'Info',
  debug: 'Debug',
  trace: 'Trace',
} as const;

// A connection's encoding is fixed by its first frame: text → JSON, binary → msgpack.
const ENCODING_UNSET = 0;
const ENCODING_JSON = 1;
const ENCODING_MSGPACK = 2;
const ENCODING_NAMES: readonly string[] = ['', 'JSON text frames', 'msgpack binary frames'];

export class Session implements HubClient, Resumable, AdmissionWaiter {
  readonly clientId = ++lastClientId;
  /** AdmissionWaiter: the client as the operator sees it while it waits. */
  get id(): number {
    return this.clientId;
  }
  get name(): string {
    return this.clientName;
  }
  since = 0;
  readonly tokenName: string | null;
  readonly address: string;
  readonly origin: string | null;
  readonly loopback: boolean;
  /** What this client may see and drive; null = everything at full range. */
  private policy: RolePolicy | null;
  private rate: TokenBucket | null = null;
  /** RequestServerInfo received (answered, or held for admission): the handshake deadline is met. */
  handshakeReceived = false;
  /** A RequestServerInfo held by `ask` admission, answered when the operator decides. */
  private heldHandshake: Extract<ClientRequest, { kind: 'RequestServerInfo' }> | null = null;
  private readonly asking: boolean;
  /** Negotiated spec version; -1 until the handshake. */
  version: SpecVersion | -1 = -1;
  clientName = '';
  /** performance.now() when the frame being handled arrived (acknowledgement latency, /metrics). */
  private frameArrivedAt = 0;
  /** Arrival times of the frames in `fifo`, in the same order. */
  private fifoArrivals: number[] = NO_ARRIVALS;
  /** Device commands of the frame being handled that were answered Ok. */
  private acksInFrame = 0;
  /**
   * performance.now() when the connection opened (the handshake deadline counts from here), in
   * whole milliseconds, as lastPingAt: plenty for deadlines of seconds, and a small integer is
   * stored in the object itself where a fraction takes a 16-byte box in every connection.
   */
  readonly openedAt = Math.floor(performance.now());
  /** performance.now() of the last Ping (or of the handshake), whole milliseconds. */
  lastPingAt = 0;
  /** Messages received so far (the operator API shows a rate from it). */
  messagesIn = 0;
  private closed = false;
  private encoding = ENCODING_UNSET;
  private logSink: LogSink | null = null;
  /**
   * While a frame is handled, the batch its replies wait in until its end (they go out as one
   * frame); null between frames, when each reply goes out at once.
   */
  private replies: ReplyBatch | null = null;
  /**
   * Frames waiting to be handled, oldest first, while any of them is in the decode pool: a slot
   * is IN_FLIGHT until its result arrives. Frames are handled strictly in arrival order, so once
   * one is in flight every later frame (even one answered without decoding) queues behind it.
   * fifo[0] holds frame number `fifoBase`.
   */
  private fifo: FifoEntry[] = NO_FRAMES;
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
    identity: ClientIdentity = OPEN_IDENTITY,
  ) {
    this.tokenName = identity.tokenName;
    this.address = identity.address;
    this.origin = identity.origin;
    this.loopback = identity.loopback;
    this.asking = identity.ask;
    this.policy = identity.policy;
    if (this.policy?.ratePerSecond) this.rate = new TokenBucket(this.policy.ratePerSecond, performance.now());
    hub.attach(this);
  }

  /** The role this client speaks under; null = full access. */
  get roleName(): string | null {
    return this.policy?.name ?? null;
  }

  get rolePolicy(): RolePolicy | null {
    return this.policy;
  }

  /** The same rules as a new object (an access file reload that left this role as it was). */
  swapPolicy(policy: RolePolicy | null): void {
    this.policy = policy;
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
    // One clock read per frame: the start of its acknowledgement latency.
    this.frameArrivedAt = performance.now();
    const kind = binary ? ENCODING_MSGPACK : ENCODING_JSON;
    if (this.encoding === ENCODING_UNSET) this.encoding = kind;
    else if (this.encoding !== kind) {
      return this.frameReady(
        frameError(
          failure(
            'THRUM_ERR_WRONG_ENCODING',
            ENCODING_NAMES[this.encoding] ?? '',
            binary ? 'binary' : 'text',
          ),
        ),
      );
    }
    // Before the handshake, and with no handshake waiting its turn, a large frame is refused unread.
    if (this.version === NO_VERSION && this.fifo.length === 0 && data.byteLength > HANDSHAKE_FRAME_MAX_BYTES)
      return this.refuseHandshakeFrame();
    if (data.byteLength > this.settings.maxFrameBytes) {
      return this.frameReady(
        frameError(failure('THRUM_ERR_FRAME_TOO_LARGE', data.byteLength, this.settings.maxFrameBytes)),
      );
    }
    // Before the handshake the version is unknown (the handshake fixes it), so decode inline.
    // Once a frame is in flight, later ones follow it into the pool even when the pool is busy;
    // a session with nothing in flight decodes inline while the pool is saturated.
    const pool = this.settings.decodePool;
    if (pool && this.version !== NO_VERSION && (this.fifo.length > 0 || !pool.saturated)) {
      const over = messagesOverLimit(new Uint8Array(data), binary, this.settings.maxMessagesPerFrame);
      if (over >= 0) return this.refuseTooManyMessages(over);
      pool.submit(this, this.fifoBase + this.fifo.length, data, binary, this.version);
      this.enqueue(IN_FLIGHT);
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
      session.frameArrivedAt = session.fifoArrivals.shift()!;
      session.fifoBase++;
      if (head instanceof WaitingFrame) {
        session.backlogBytes -= head.bytes.byteLength;
        session.handleBytes(head.bytes, head.binary);
      } else session.handleFrame(head);
    }
  }

  /** Queue a frame behind the ones waiting, with the current frame's arrival time. */
  private enqueue(entry: FifoEntry): void {
    // The queue's arrays exist only while something waits (most connections never queue).
    if (this.fifo === NO_FRAMES) {
      this.fifo = [];
      this.fifoArrivals = [];
    }
    this.fifo.push(entry);
    this.fifoArrivals.push(this.frameArrivedAt);
  }

  /** Whether this connection has handled its share of messages in this event-loop turn. */
  private overBudget(): boolean {
    const turn = currentTurn();
    if (turn !== this.workTurn) {
      this.workTurn = turn;
      this.work = 0;
    }
    if (this.work < TURN_WATCH_FROM) return false;
    watchTurn();
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
      return this.refuse(
        failure('THRUM_ERR_INPUT_BACKLOG', MAX_WAITING_FRAMES, this.settings.maxBacklogBytes),
        'sending faster than the server answers',
      );
    }
    this.enqueue(new WaitingFrame(bytes.slice(), binary));
    this.resumeOnNextTurn();
  }

  /** Decode and handle one frame on this thread, after the limits that need no parse. */
  private handleBytes(bytes: Uint8Array, binary: boolean): void {
    if (this.version === NO_VERSION) {
      if (
        bytes.byteLength > HANDSHAKE_FRAME_MAX_BYTES ||
        messagesOverLimit(bytes, binary, HANDSHAKE_FRAME_MAX_MESSAGES) >= 0
      ) {
        return this.refuseHandshakeFrame();
      }
    } else {
      const over = messagesOverLimit(bytes, binary, this.settings.maxMessagesPerFrame);
      if (over >= 0) return this.refuseTooManyMessages(over);
    }
    this.handleFrame(decodeFrame(bytes, binary, this.version));
  }

  private refuseHandshakeFrame(): void {
    this.refuse(
      failure('THRUM_ERR_HANDSHAKE_FRAME', HANDSHAKE_FRAME_MAX_BYTES, HANDSHAKE_FRAME_MAX_MESSAGES),
      'handshake frame too large',
    );
  }

  private refuseTooManyMessages(count: number): void {
    this.refuse(
      failure('THRUM_ERR_TOO_MANY_MESSAGES', count, this.settings.maxMessagesPerFrame),
      'too many messages in one frame',
    );
  }

  /** A frame that breaks a connection limit: one Error saying which, then close 1008 (policy). */
  private refuse(f: Failure, closeReason: string, level: LogLevel = 'warn'): void {
    log(level, `client ${this.clientId}${this.clientName ? ` "${this.clientName}"` : ''}: ${f.message}`);
    this.send(errorMessage(0, f));
    this.flush();
    this.transport.close(1008, closeReason);
    this.close();
  }

  /** A frame whose result is known now: handled at once, or queued behind frames in flight. */
  private frameReady(frame: DecodedFrame): void {
    if (this.fifo.length > 0) this.enqueue(frame);
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
    // Outputs this frame hands to a bus carry its arrival, for command-to-write latency.
    setFrameStamp(clockStamp(this.frameArrivedAt));
    this.work += requests.length;
    this.messagesIn += requests.length;
    // Frames are handled one at a time on this thread, so one batch serves them all in turn (a
    // batch per connection would be 100 bytes more for every idle one); a frame handled inside
    // another's (none is, today) gets its own.
    const shared = !frameRepliesInUse;
    const replies = shared ? frameReplies : new ReplyBatch();
    frameRepliesInUse = true;
    replies.binary = this.encoding === ENCODING_MSGPACK;
    this.replies = replies;
    let setsOutputs = false;
    let unreadable = 0;
    try {
      for (const request of requests) {
        if (request.kind === 'Error') {
          if (request.id !== 0 || ++unreadable <= DETAILED_UNREADABLE_ERRORS)
            this.send(errorMessage(request.id, this.decodeFailure(request.failure)));
        } else {
          setsOutputs ||=
            request.kind === 'DeviceCommand' ||
            request.kind === 'StopAll' ||
            request.kind === 'StopDevice' ||
            request.kind === 'Disconnect';
          this.handle(request);
        }
        if (this.closed) break;
      }
    } finally {
      if (unreadable > DETAILED_UNREADABLE_ERRORS) {
        this.send(errorMessage(0, failure('THRUM_ERR_MORE_ERRORS', unreadable - DETAILED_UNREADABLE_ERRORS)));
      }
      // Everything this frame set or stopped goes to the devices together, before its Ok leaves
      // (but for part of a multi-frame client burst, which waits in the hub for the rest).
      if (setsOutputs) this.hub.frameDone();
      this.flush();
      this.replies = null;
      if (shared) frameRepliesInUse = false;
      setFrameStamp(NO_STAMP);
      if (this.acksInFrame > 0) {
        observeAcks((performance.now() - this.frameArrivedAt) / 1000, this.acksInFrame);
        this.acksInFrame = 0;
      }
    }
  }

  // ------------------------------------------------------------------ dispatch

  private handle(req: ClientRequest): void {
    countMessage(req.kind === 'DeviceCommand' ? req.command.name : req.kind);
    // Messages after a RequestServerInfo that waits for the operator (same frame, or later frames).
    if (this.version === -1 && req.kind !== 'RequestServerInfo')
      return this.fail(req.id, failure('THRUM_ERR_ADMISSION_PENDING'));
    switch (req.kind) {
      case 'RequestServerInfo':
        return this.handshake(req);
      case 'Ping':
        this.lastPingAt = Math.floor(performance.now());
        return this.sendOk(req.id);
      case 'StartScanning':
      case 'StopScanning':
        if (this.policy && !this.policy.scan)
          return this.fail(req.id, failure('THRUM_ERR_NOT_PERMITTED', 'scan for devices'));
        if (req.kind === 'StartScanning') this.hub.startScanning();
        else this.hub.stopScanning();
        return this.sendOk(req.id);
      case 'RequestDeviceList':
        return this.send(deviceList(this.version as SpecVersion, req.id, this.visibleDevices()));
      case 'StopAll':
        if (req.outputs) this.hub.stopOwnedBy(this.clientId);
        if (req.inputs) this.hub.unsubscribeAll(this);
        return this.sendOk(req.id);
      case 'StopDevice': {
        const device = this.device(req.id, req.device);
        if (!device) return;
        if (
          req.feature !== undefined &&
          !this.descriptorOf(device).features.some((f) => f.index === req.feature)
        ) {
          return this.fail(req.id, failure('THRUM_ERR_FEATURE_UNKNOWN', req.device, req.feature));
        }
        if (req.outputs) this.stopDevice(device, req.feature);
        if (req.inputs) this.hub.unsubscribeAll(this, device);
        return this.sendOk(req.id);
      }
      case 'Disconnect':
        this.sendOk(req.id);
        this.flush();
        this.transport.close(1000, 'Disconnect requested');
        this.close();
        return;
      case 'RequestLog':
        this.requestLog(req.level);
        return this.sendOk(req.id);
      case 'Test':
        return this.send(testReply(req.id, req.testString));
      case 'DeviceCommand':
        return this.deviceCommand(req);
    }
  }

  private handshake(req: Extract<ClientRequest, { kind: 'RequestServerInfo' }>): void {
    if (this.version !== -1 || this.heldHandshake)
      return this.fail(req.id, failure('THRUM_ERR_ALREADY_CONNECTED'));
    // The same rule decodeFrame used for the rest of this frame's messages.
    const version = handshakeVersion(req);
    if (version === undefined)
      return this.fail(req.id, failure('THRUM_ERR_CLIENT_TOO_NEW', req.version, MAX_SPEC_VERSION));
    this.handshakeReceived = true;
    this.clientName = req.clientName;
    const desk = this.settings.admissionDesk;
    if (this.asking && desk) {
      this.heldHandshake = req;
      this.since = Date.now();
      log(
        'info',
        `client ${this.clientId} "${req.clientName}" waits for admission (${this.address}${this.origin ? `, origin ${this.origin}` : ''})`,
      );
      desk.request(this);
      return;
    }
    this.completeHandshake(req);
  }

  private completeHandshake(req: Extract<ClientRequest, { kind: 'RequestServerInfo' }>): void {
    this.version = handshakeVersion(req)!;
    this.lastPingAt = Math.floor(performance.now());
    const who = this.tokenName ? `, token "${this.tokenName}"` : '';
    const role = this.policy ? `, role "${this.policy.name}"` : '';
    log('info', `client ${this.clientId} "${req.clientName}" connected, spec v${req.version}${who}${role}`);
    this.send(serverInfo(this.version, req.id, this.settings.serverName, this.settings.maxPingTime));
    this.settings.observer?.clientConnected(this);
  }

  /** A decode error as this client should read it: while it waits for admission, that is why. */
  private decodeFailure(f: Failure): Failure {
    return this.heldHandshake !== null && f.reason === 'THRUM_ERR_HANDSHAKE_REQUIRED'
      ? failure('THRUM_ERR_ADMISSION_PENDING')
      : f;
  }

  /** AdmissionWaiter: the operator let this client in. */
  admitted(): void {
    const req = this.heldHandshake;
    if (!req || this.closed) return;
    this.heldHandshake = null;
    this.completeHandshake(req);
  }

  /** AdmissionWaiter: refused (by the operator, or the wait ran out). */
  denied(reason: string): void {
    const req = this.heldHandshake;
    if (!req || this.closed) return;
    this.heldHandshake = null;
    const f = failure('THRUM_ERR_NOT_ADMITTED', reason);
    log('info', `client ${this.clientId} "${this.clientName}": ${f.message}`);
    this.send(errorMessage(req.id, f));
    this.transport.close(1008, 'not admitted');
    this.close();
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
    const policy = this.policy;
    // The policy step: the client's view of the device is what conversion checks against, so an
    // output or feature its role may not use does not exist for it.
    const view = policy === null ? null : policy.view(device)!;
    const converted = convertUp(
      req.command,
      view === null ? device.descriptor : view.descriptor,
      device.index,
      device.positions,
    );
    switch (converted.kind) {
      case 'outputs': {
        if (this.rate !== null && !this.rate.take(performance.now())) {
          return this.fail(req.id, failure('THRUM_ERR_RATE_LIMITED', policy!.ratePerSecond!));
        }
        // Refused while the emergency stop holds. Not logged per command: a crowd streaming into the
        // latch would flood the log, and engaging it was logged once.
        if (
          !this.hub.applyOutputs(
            this.clientId,
            device,
            view === null ? converted.commands : policy!.capped(view, converted.commands),
            this.frameArrivedAt,
          )
        ) {
          return this.send(errorMessage(req.id, EMERGENCY_STOP_FAILURE));
        }
        this.acksInFrame++;
        return this.sendOk(req.id);
      }
      case 'input':
        // The answer (reading, Ok or Error) comes back through inputReading/inputAccepted/inputFailed.
        return this.hub.input(this, req.id, device, converted.command, converted.reply);
      case 'stopDevice':
        this.stopDevice(device);
        return this.sendOk(req.id);
      case 'failure':
        return this.fail(req.id, converted.failure);
    }
  }

  /** A stop aimed at a device: for everyone, or (role deviceStops "own") only what this client set. */
  private stopDevice(device: HubDevice, feature?: number): void {
    if (this.policy?.deviceStops === 'own') this.hub.stopOwnedBy(this.clientId, device, feature);
    else this.hub.stopDevice(device, feature);
  }

  /** A device this client may see, or an ERROR_DEVICE as if it did not exist. */
  private device(id: number, index: number): HubDevice | undefined {
    const device = this.hub.get(index);
    if (!device || (this.policy !== null && this.policy.view(device) === null)) {
      this.fail(id, failure('THRUM_ERR_DEVICE_UNKNOWN', index));
      return undefined;
    }
    return device;
  }

  private descriptorOf(device: HubDevice): HubDevice['descriptor'] {
    return this.policy === null
      ? device.descriptor
      : (this.policy.view(device)?.descriptor ?? device.descriptor);
  }

  /** The devices this client sees, as it sees them. */
  private visibleDevices(): ReadonlyArray<HubDevice | DeviceView> {
    const all = this.hub.list();
    const policy = this.policy;
    if (policy === null) return all;
    const out: DeviceView[] = [];
    for (const d of all) {
      const v = policy.view(d);
      if (v !== null) out.push(v);
    }
    return out;
  }

  /**
   * The access file was reloaded and this client's role changed: what it drove stops (a lower
   * cap must not be left exceeded), and it is told which devices appeared or vanished for it.
   */
  changePolicy(policy: RolePolicy | null): void {
    if (this.closed) return;
    const before = this.ready ? new Set(this.visibleDevices().map((d) => d.index)) : null;
    this.policy = policy;
    this.rate = policy?.ratePerSecond ? new TokenBucket(policy.ratePerSecond, performance.now()) : null;
    this.hub.stopOwnedBy(this.clientId);
    this.hub.frameDone();
    if (before === null) return;
    const after = this.visibleDevices();
    if (this.version === 4) {
      if (after.length !== before.size || after.some((d) => !before.has(d.index)))
        this.send(deviceList(4, 0, after));
      return;
    }
    const now = new Set(after.map((d) => d.index));
    for (const index of before) if (!now.has(index)) this.send(deviceRemoved(index));
    for (const d of after) if (!before.has(d.index)) this.send(deviceAdded(this.version as SpecVersion, d));
  }

  // ------------------------------------------------------------------ hub events

  deviceAdded(device: HubDevice): void {
    const view = this.policy === null ? device : this.policy.view(device);
    if (view === null) return;
    if (this.version === 4) this.send(deviceList(4, 0, this.visibleDevices()));
    else this.send(deviceAdded(this.version as SpecVersion, view));
  }

  deviceRemoved(device: HubDevice): void {
    // The view is still cached for the departed device: it was shown iff it had one.
    if (this.policy !== null && this.policy.view(device) === null) return;
    if (this.version === 4) this.send(deviceList(4, 0, this.visibleDevices()));
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
    this.sendOk(msgId);
  }

  // ------------------------------------------------------------------ output

  private fail(id: number, f: Failure): void {
    log('debug', `client ${this.clientId}: ${f.reason}: ${f.message}`);
    this.send(errorMessage(id, f));
  }

  private send(msg: ServerMessage): void {
    if (this.closed) return;
    if (this.replies !== null) return this.replies.add(msg);
    // Between frames (an event, a late answer): out at once, through a batch filled and emptied
    // in this call.
    eventReplies.binary = this.encoding === ENCODING_MSGPACK;
    eventReplies.add(msg);
    this.sendBatch(eventReplies);
  }

  /** send(ok(id)), without building the message for a JSON client. */
  private sendOk(id: number): void {
    if (this.closed) return;
    if (this.replies !== null) return this.replies.addOk(id);
    eventReplies.binary = this.encoding === ENCODING_MSGPACK;
    eventReplies.addOk(id);
    this.sendBatch(eventReplies);
  }

  /** Send the replies of the frame being handled so far, as one frame (Disconnect, a refusal). */
  private flush(): void {
    if (this.replies !== null) this.sendBatch(this.replies);
  }

  private sendBatch(batch: ReplyBatch): void {
    if (batch.size === 0) return;
    if (this.closed) return batch.clear();
    if (!this.transport.send(batch.take(), batch.binary)) {
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
    this.flush();
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
    this.fifo = NO_FRAMES;
    this.fifoArrivals = NO_ARRIVALS;
    this.backlogBytes = 0;
    if (this.heldHandshake) {
      this.heldHandshake = null;
      this.settings.admissionDesk?.cancel(this.clientId);
    }
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
