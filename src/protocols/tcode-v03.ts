// TCode v0.3: newline-terminated ASCII commands for open-source strokers (OSR2/SR6 and similar)
// on a serial port. A command is an axis letter, a channel digit and a magnitude written as the
// digits after a decimal point ("L05" = half way), optionally followed by "I<ms>" for the time to
// get there. Facts from the upstream device config (protocol "tcode-v03") and encoder; the
// TCode spec itself: https://github.com/multiaxis/TCode-Specification.
//
// The magnitude digits are the device step as a plain integer, zero-padded to a fixed width
// (2 for linear moves and vibration, 3 for plain positions), as upstream writes them. Because
// TCode reads the digits as a fraction, a step with more digits than that width is read on a
// different scale (step 1000 of 0–1000 arrives as "1000", i.e. 0.1); we keep upstream's bytes
// so that devices and configurations tuned against it behave the same here.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';

const TX = 'tx';
const ascii = new TextEncoder();

function line(text: string): HwWrite {
  return { endpoint: TX, data: ascii.encode(text), withResponse: false };
}

function digits(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

// ------------------------------------------------------------------ encoders (pure)

/** Linear axis `feature` to `position` over `durationMs`: "L{feature}{position:02}I{ms}\n". */
export function encodeLinearMove(feature: number, position: number, durationMs: number): HwWrite {
  return line(`L${feature}${digits(position, 2)}I${durationMs}\n`);
}

/**
 * A position without a duration drives both the linear (L0) and the twist (R0) axis of a
 * stroker to it, whatever the feature: "L0{position:03}\nR0{position:03}\n" in one write.
 */
export function encodePosition(position: number): HwWrite {
  return line(`L0${digits(position, 3)}\nR0${digits(position, 3)}\n`);
}

/** Vibration channel `feature` at `speed`: "V{feature}{speed:02}\n". */
export function encodeVibrate(feature: number, speed: number): HwWrite {
  return line(`V${feature}${digits(speed, 2)}\n`);
}

const ENCODERS: Readonly<Partial<Record<OutputType, (c: OutputCommand) => HwWrite>>> = {
  HwPositionWithDuration: (c) => encodeLinearMove(c.feature, c.value, c.duration ?? 0),
  Position: (c) => encodePosition(c.value),
  Vibrate: (c) => encodeVibrate(c.feature, c.value),
};

// ------------------------------------------------------------------ handler

/** Stateless: every changed output is one write, in the order the coalescer hands them over. */
const handler: ProtocolHandler = {
  encode(changed) {
    const writes: HwWrite[] = [];
    for (const c of changed) {
      const encode = ENCODERS[c.type];
      if (encode !== undefined) writes.push(encode(c));
    }
    return writes;
  },
};

function createHandler(device: ResolvedDevice): ProtocolHandler {
  // Refused here, at configuration time, so a command never meets a missing encoder.
  for (const f of device.features) {
    for (const type of Object.keys(f.output ?? {}) as OutputType[]) {
      if (ENCODERS[type] === undefined)
        throw new Error(`TCode has no ${type} encoder (feature ${f.index} of ${device.config.name})`);
    }
  }
  return handler;
}

// ------------------------------------------------------------------ database entry

/**
 * The built-in entry. The port is the upstream placeholder "default", which matches no real
 * port: a user names theirs in the user device config (`user_configs.protocols["tcode-v03"]`).
 * The ids are upstream's, so user configs written against the upstream database find their base.
 */
export const TCODE_V03_DEFINITION: ProtocolDefinition = {
  id: 'tcode-v03',
  communication: [{ serial: { port: 'default', baudRate: 115_200, dataBits: 8, parity: 'N', stopBits: 1 } }],
  defaults: {
    name: 'TCode v0.3 (Single Linear Axis)',
    id: '5c1195a5-a2e4-4643-bd47-8cb3a1e067f4',
    messageGapMs: 20,
    features: [
      {
        index: 0,
        id: 'afa1e63e-b6c7-4519-8faa-68cefe197a31',
        description: '',
        output: {
          HwPositionWithDuration: { value: [0, 1000], duration: [0, 100_000] },
          Position: { value: [0, 1000] },
        },
      },
    ],
  },
  configurations: [],
};

export const tcodeV03: ProtocolModule = {
  definition: TCODE_V03_DEFINITION,
  createHandler,
};
