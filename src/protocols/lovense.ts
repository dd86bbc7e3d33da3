// Lovense: text commands ending in ';' written to tx, answers notified on rx (protocol notes:
// docs.buttplug.io stpihkal/protocols/lovense). Identification asks the toy "DeviceType;" and
// picks the configuration by the letter(s) it answers; the encoder variant then follows from the
// configuration's features, as upstream does (lovense/mod.rs: single, dual, max, rotate-vibrator,
// multi "Mply", stroker).

import type { OutputCommand } from '../core/commands.js';
import type { FeatureDef, InputType, OutputType } from '../core/features.js';
import {
  outputKey,
  type HardwareOps,
  type HwWrite,
  type ProtocolHandler,
  type ProtocolModule,
  type ResolvedDevice,
} from '../core/protocol.js';
import { LOVENSE_DEFINITION } from './lovense-devices.js';

// Upstream waits this long for the DeviceType answer, and retries this many times, because old
// serial adapters answer slowly and a subscribe can race the first write. 6 writes, 3 s at most.
export const DEVICE_TYPE_TIMEOUT_MS = 500;
export const DEVICE_TYPE_RETRIES = 5;
/** Upstream waits for the battery answer without a bound; we stop at the bus read timeout. */
export const BATTERY_TIMEOUT_MS = 2_000;
/** Solace Pro position moves are sent as one position every 100 ms (upstream lovense_stroker.rs). */
export const STROKER_TICK_MS = 100;

const TX = 'tx';
const RX = 'rx';
const ascii = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

function cmd(text: string): HwWrite {
  return { endpoint: TX, data: ascii.encode(text), withResponse: false };
}

function noop(): void {}

// ------------------------------------------------------------------ identification

/**
 * "Z:11:0082059AD3BD;" → "Z". The Flexer only drives its actuators separately from firmware 3,
 * so that firmware gets its own configuration ("EI-FW3"). An answer without a version field
 * identifies nothing (upstream then falls back to the defaults, as we do).
 */
export function parseDeviceType(answer: string): string | undefined {
  const parts = answer.split(':');
  if (parts.length < 2 || parts[0] === '') return undefined;
  const type = parts[0] as string;
  const version = Number.parseInt(parts[1] ?? '', 10) || 0;
  return type === 'EI' && version >= 3 ? 'EI-FW3' : type;
}

/** "LVS-Z36" → "Z": old toys carry their type letter in the advertised name. */
export function typeFromName(name: string): string | undefined {
  return /LVS-([A-Z]+)\d+/.exec(name)?.[1];
}

async function identify(hw: HardwareOps): Promise<string | undefined> {
  await hw.subscribe(RX);
  for (let attempt = 0; attempt <= DEVICE_TYPE_RETRIES; attempt++) {
    // Listen before writing so a fast answer is not missed; a rejection here only means "no
    // answer in time" (a vanished device makes the next write fail instead).
    const answer = hw.nextNotification(RX, DEVICE_TYPE_TIMEOUT_MS);
    answer.catch(noop);
    await hw.write(TX, ascii.encode('DeviceType;'), false);
    let data: Uint8Array;
    try {
      data = await answer;
    } catch {
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(data);
    } catch {
      throw new Error('Lovense DeviceType answer is not text');
    }
    return parseDeviceType(text);
  }
  return typeFromName(hw.name);
}

// ------------------------------------------------------------------ battery

/** "85;" → 85. A busy toy may prefix an 's' ("s89;"); other answers ("OK;") are not battery. */
export function parseBattery(answer: string): number | undefined {
  const m = /^s?(\d{1,3});$/.exec(answer);
  return m ? Math.min(100, Number(m[1])) : undefined;
}

async function readBattery(hw: HardwareOps, _feature: number, type: InputType): Promise<readonly number[]> {
  if (type !== 'Battery') throw new Error(`Lovense has no readable ${type} input`);
  const deadline = Date.now() + BATTERY_TIMEOUT_MS;
  let answer = hw.nextNotification(RX, BATTERY_TIMEOUT_MS);
  answer.catch(noop);
  await hw.write(TX, ascii.encode('Battery;'), false);
  for (;;) {
    const data = await answer; // rejects on timeout: the read fails
    let level: number | undefined;
    try {
      level = parseBattery(utf8.decode(data));
    } catch {
      level = undefined;
    }
    if (level !== undefined) return [level];
    answer = hw.nextNotification(RX, Math.max(1, deadline - Date.now()));
  }
}

// ------------------------------------------------------------------ variants

export type LovenseVariant = 'single' | 'dual' | 'max' | 'rotate-vibrator' | 'multi' | 'stroker';

function has(f: FeatureDef, type: OutputType): boolean {
  return f.output?.[type] !== undefined;
}

/** Upstream's choice (LovenseInitializer), from the type letter and the configuration's features. */
export function variantFor(identifier: string | undefined, features: readonly FeatureDef[]): LovenseVariant {
  if (identifier === 'BA' || identifier === 'H') return 'stroker';
  const outputs = features.filter((f) => f.output !== undefined);
  const count = (pred: (f: FeatureDef) => boolean): number => outputs.filter(pred).length;
  const vibrators = count((f) => has(f, 'Vibrate') || has(f, 'Oscillate'));
  if (outputs.length === 1) return 'single';
  if (outputs.length === 2 && count((f) => has(f, 'Vibrate')) === 1) {
    if (count((f) => has(f, 'Constrict')) === 1) return 'max';
    if (count((f) => has(f, 'Rotate')) === 1) return 'rotate-vibrator';
  }
  // Flexer and Lapis: several motors in one "Mply:a:b:c;" packet.
  if ((vibrators === 2 && outputs.length > 2) || vibrators > 2) return 'multi';
  return 'dual';
}

/** Output types each variant can encode; createHandler refuses a configuration needing others. */
const SUPPORTED: Readonly<Record<LovenseVariant, readonly OutputType[]>> = {
  single: ['Vibrate', 'Oscillate'],
  dual: ['Vibrate', 'Oscillate'],
  max: ['Vibrate', 'Oscillate', 'Constrict'],
  'rotate-vibrator': ['Vibrate', 'Rotate'],
  multi: ['Vibrate', 'Oscillate', 'Rotate'],
  stroker: ['Oscillate', 'HwPositionWithDuration', 'Position'],
};

// ------------------------------------------------------------------ encoders (pure)

/** "Vibrate:v;" for the whole toy: single actuators, Max, Nora/Ridge vibrator. */
export function encodeVibrate(value: number): HwWrite[] {
  return [cmd(`Vibrate:${value};`)];
}

/** Two-motor toys address motors by number: "Vibrate1:v;", "Vibrate2:v;" (oscillators too). */
export function encodeVibrateN(feature: number, value: number): HwWrite[] {
  return [cmd(`Vibrate${feature + 1}:${value};`)];
}

/** Max air pump level. */
export function encodeAirLevel(level: number): HwWrite[] {
  return [cmd(`Air:Level:${level};`)];
}

/**
 * Rotation speed is unsigned; "RotateChange;" toggles the direction and must precede the speed.
 * Returns the writes and whether the toy now turns counter-clockwise.
 *
 * Upstream sends RotateChange before every negative speed (test_lovense_nora.yaml pins this at a
 * stop followed by a counter-clockwise command). Since the command toggles, we send it only when
 * the direction flips within a run of non-zero speeds, so repeated counter-clockwise updates do
 * not reverse the toy each time; a zero speed ends the run, as upstream behaves there.
 */
export function encodeRotate(value: number, ccw: boolean): { writes: HwWrite[]; ccw: boolean } {
  if (value === 0) return { writes: [cmd('Rotate:0;')], ccw: false };
  const wantCcw = value < 0;
  const writes = wantCcw !== ccw ? [cmd('RotateChange;')] : [];
  writes.push(cmd(`Rotate:${Math.abs(value)};`));
  return { writes, ccw: wantCcw };
}

/** "Mply:a:b:c;", one slot per output feature in order; rotation speed goes in unsigned. */
export function encodeMply(slots: readonly number[]): HwWrite[] {
  return [cmd(`Mply:${slots.map((v) => Math.abs(v)).join(':')};`)];
}

/**
 * Solace stroke speed: "Mply:speed:20;" (20 = full stroke length). The Solace (H) also zeroes the
 * length when stopping; the Solace Pro (BA) keeps it.
 */
export function encodeStroke(speed: number, zeroLengthOnStop: boolean): HwWrite[] {
  return [cmd(`Mply:${speed}:${speed === 0 && zeroLengthOnStop ? 0 : 20};`)];
}

export function encodePosition(position: number): HwWrite {
  return cmd(`FSetSite:${position};`);
}

/**
 * A move from `from` to `to` over `durationMs`, as the positions to send one per tick. Upstream
 * moves by a fixed integer step each tick, which can stall short of the goal; interpolating from
 * the start always lands on it.
 */
export function planMove(from: number, to: number, durationMs: number): number[] {
  const steps = Math.max(1, Math.floor(durationMs / STROKER_TICK_MS));
  const out: number[] = [];
  for (let k = 1; k <= steps; k++) out.push(Math.round(from + ((to - from) * k) / steps));
  return out;
}

// ------------------------------------------------------------------ handler

class LovenseHandler implements ProtocolHandler {
  /** Rotate-vibrator: whether the toy currently turns counter-clockwise. */
  #ccw = false;
  /** Stroker: last position sent and the positions still to send, one per tick. */
  #position = 0;
  #moves: number[] = [];
  // Only the stroker has motion to spread over time; other variants leave both absent so the
  // worker runs no timer for them.
  readonly tickMs?: number;
  readonly tick?: () => readonly HwWrite[];

  constructor(
    readonly variant: LovenseVariant,
    private readonly identifier: string | undefined,
    /** Output features in order, with the output type that fills each Mply slot. */
    private readonly slots: readonly { feature: number; type: OutputType }[],
  ) {
    if (variant === 'stroker') {
      this.tickMs = STROKER_TICK_MS;
      this.tick = () => this.#nextMove();
    }
  }

  encode(changed: readonly OutputCommand[], current: ReadonlyMap<string, OutputCommand>): readonly HwWrite[] {
    if (this.variant === 'multi') {
      const values = this.slots.map((s) => current.get(outputKey(s.feature, s.type))?.value ?? 0);
      for (const c of changed) {
        const i = this.slots.findIndex((s) => s.feature === c.feature);
        if (i >= 0) values[i] = c.value;
      }
      return changed.length > 0 ? encodeMply(values) : [];
    }
    return changed.flatMap((c) => this.#encodeOne(c));
  }

  #encodeOne(c: OutputCommand): HwWrite[] {
    switch (this.variant) {
      case 'dual':
        return encodeVibrateN(c.feature, c.value);
      case 'max':
        return c.type === 'Constrict' ? encodeAirLevel(c.value) : encodeVibrate(c.value);
      case 'rotate-vibrator': {
        if (c.type !== 'Rotate') return encodeVibrate(c.value);
        const { writes, ccw } = encodeRotate(c.value, this.#ccw);
        this.#ccw = ccw;
        return writes;
      }
      case 'stroker':
        return this.#encodeStroker(c);
      default:
        return encodeVibrate(c.value);
    }
  }

  #encodeStroker(c: OutputCommand): HwWrite[] {
    if (c.type === 'Oscillate') {
      // A stop also ends a position move in progress: the stroker holds where it is.
      if (c.value === 0) this.#moves = [];
      return encodeStroke(c.value, this.identifier === 'H');
    }
    // A new goal replaces any move in progress; its first position goes out now, the rest by tick.
    this.#moves = planMove(this.#position, c.value, c.type === 'Position' ? 0 : (c.duration ?? 0));
    return this.#nextMove();
  }

  #nextMove(): HwWrite[] {
    const next = this.#moves.shift();
    if (next === undefined) return [];
    this.#position = next;
    return [encodePosition(next)];
  }

  readInput(hw: HardwareOps, feature: number, type: InputType): Promise<readonly number[]> {
    return readBattery(hw, feature, type);
  }
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  const variant = variantFor(device.identifier, device.features);
  const slots: { feature: number; type: OutputType }[] = [];
  for (const f of device.features) {
    if (f.output === undefined) continue;
    const types = Object.keys(f.output) as OutputType[];
    const unsupported = types.find((t) => !SUPPORTED[variant].includes(t));
    if (unsupported !== undefined) {
      throw new Error(
        `Lovense ${variant} encoder has no ${unsupported} (feature ${f.index} of ${device.config.name})`,
      );
    }
    slots.push({ feature: f.index, type: types[0] as OutputType });
  }
  return new LovenseHandler(variant, device.identifier, slots);
}

export const lovense: ProtocolModule = {
  definition: LOVENSE_DEFINITION,
  identify,
  createHandler,
};
