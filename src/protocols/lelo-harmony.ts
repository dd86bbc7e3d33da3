// Lelo Harmony (Tiani Harmony, Ida Wave, Tor 3, Hugo 2, Enigma Double Sonic, Gigi 3, Liv 3): one
// ten-byte command per motor on tx, "0a 12 motor 08 00 00 00 00 speed 00" with motors numbered
// from 1, for vibrators and rotators alike. Before it takes commands the toy must be authorised
// (upstream lelo_harmony.rs): subscribe to the whitelist characteristic; all zeros means "press
// the power button"; anything else but "01 00…" is a password, written back with response while
// unsubscribed; "01 00…" means authorised. Facts from the upstream device config (protocol
// "lelo-harmony") and lelo_harmony.rs.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { FeatureDef } from '../core/features.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { PerCommandHandler, requireOutputs } from './shared/handlers.js';
import { bytesWrite, u8 } from './shared/writes.js';

export const WHITELIST = 'whitelist';
/**
 * How long the handshake waits for the user to press the power button. Upstream waits without a
 * bound; a bound lets a toy that never answers be rejected instead of occupying its slot.
 */
export const AUTH_TIMEOUT_MS = 120_000;

// ------------------------------------------------------------------ database entry

const vibrator = (index: number, id: string): FeatureDef => output(index, id, 'Vibrate', 100);
const rotator = (index: number, id: string): FeatureDef => output(index, id, 'Rotate', 100);

export const LELO_HARMONY_DEFINITION: ProtocolDefinition = {
  id: 'lelo-harmony',
  communication: [
    btle({
      names: [
        'IdaWave',
        'Ida Wave',
        'TianiHarmony',
        'Tiani Harmony',
        'TOR3',
        'Hugo2',
        'DoubleSonic',
        'GIGI3',
        'LIV3',
      ],
      services: { fff0: { command: 'fff1', tx: 'fff2', whitelist: '0a11' } },
    }),
  ],
  defaults: device('Lelo Tiani Harmony', '3bde5251-e810-418a-9ebf-8c3a50684d9a', undefined, [
    vibrator(0, '0cf2b478-2235-4f83-897c-d8bbebb822e8'),
    vibrator(1, '0c89262b-0fcd-48c9-9492-a79758da781f'),
  ]),
  configurations: [
    device(
      'Lelo Ida Wave',
      'a9de3981-7e0d-4b07-b8a9-10031bb6ddae',
      ['IdaWave', 'Ida Wave'],
      [
        vibrator(0, 'c887327d-e635-4086-83dc-2f21286f485c'),
        rotator(1, '5bd48a1d-992e-4c69-ae74-ed94505eec58'),
      ],
    ),
    device(
      'Lelo Tor 3',
      'e0104054-fba7-4ba2-b51f-0f3d95aee1ba',
      ['TOR3'],
      [vibrator(0, 'd0c39af5-62b4-4bfe-a0bb-71f5c2e86c99')],
    ),
    device('Lelo Hugo 2', '7d302aee-23cd-4681-b9fc-1275250e8a03', ['Hugo2']),
    device(
      'Lelo Enigma Double Sonic',
      'c6bf86e6-1054-4c14-a3bb-d415edf81834',
      ['DoubleSonic'],
      [
        vibrator(0, '8a9d2c49-1486-4515-a0a4-320c9c903ccc'),
        rotator(1, '6fdbe4ae-f0fc-44e0-b0a4-cbb56dee61d8'),
      ],
    ),
    device(
      'Lelo Gigi 3',
      'e722ba98-5c2d-4f77-a56d-ac72b213ed53',
      ['GIGI3'],
      [vibrator(0, 'ea1ca70a-b3e9-41ba-8863-3f74156fef87')],
    ),
    device(
      'Lelo Liv 3',
      '0daa8498-172c-47bc-b6c4-57414589509b',
      ['LIV3'],
      [vibrator(0, '1599b3d9-055d-4c9b-a1fe-7cef1fac4c9e')],
    ),
  ],
};

// ------------------------------------------------------------------ authorisation

/** How a family tells the whitelist characteristic's answers apart. */
export interface AuthRules {
  /** "Not authorised yet: press the power button." */
  isWaiting(data: Uint8Array): boolean;
  isAuthorised(data: Uint8Array): boolean;
}

/** Harmony: all zeros (even empty) waits; 01 followed by zeros is authorised. */
export const HARMONY_AUTH: AuthRules = {
  isWaiting: (d) => d.every((b) => b === 0),
  isAuthorised: (d) => d.length > 0 && d[0] === 1 && d.subarray(1).every((b) => b === 0),
};

function noop(): void {}

/**
 * The Lelo pairing handshake on `endpoint` (upstream lelo_harmony.rs, lelof1sv2.rs). Resolves
 * once the toy says it is authorised; rejects if it says nothing for AUTH_TIMEOUT_MS.
 */
export async function leloAuthorise(
  hw: HardwareOps,
  endpoint: string,
  rules: AuthRules,
  timeoutMs = AUTH_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const next = (): Promise<Uint8Array> => {
    const p = hw.nextNotification(endpoint, Math.max(1, deadline - Date.now()));
    p.catch(noop); // awaited below; a failed subscribe/write must not leave it unhandled
    return p;
  };
  // Listen before subscribing, so an answer right after the subscribe is not missed.
  let answer = next();
  await hw.subscribe(endpoint);
  for (;;) {
    const data = await answer;
    if (rules.isWaiting(data)) {
      answer = next();
      continue;
    }
    if (rules.isAuthorised(data)) return;
    // A password: the toy only accepts it while we are not subscribed.
    await hw.unsubscribe(endpoint);
    await hw.write(endpoint, data, true);
    answer = next();
    await hw.subscribe(endpoint);
  }
}

// ------------------------------------------------------------------ encoder (pure)

export function encodeHarmonyMotor(feature: number, speed: number): HwWrite {
  return bytesWrite([0x0a, 0x12, u8(feature + 1), 0x08, 0x00, 0x00, 0x00, 0x00, u8(speed), 0x00]);
}

function encodeOne(c: OutputCommand): HwWrite {
  return encodeHarmonyMotor(c.feature, c.value);
}

export function createHarmonyHandler(d: ResolvedDevice): ProtocolHandler {
  requireOutputs(d, ['Vibrate', 'Rotate'], 'Lelo Harmony');
  return new PerCommandHandler({ encoders: encodeOne });
}

export const leloHarmony: ProtocolModule = {
  definition: LELO_HARMONY_DEFINITION,
  initialise: (hw) => leloAuthorise(hw, WHITELIST, HARMONY_AUTH),
  createHandler: createHarmonyHandler,
};
