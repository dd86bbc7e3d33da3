// Lelo F1s V2/V3 and F2S: the Lelo pairing handshake (see lelo-harmony.ts), then either the F1s
// packet written with response, or, on firmware without the whitelist characteristic, the
// Harmony commands with the handshake on generic0 (upstream lelof1sv2.rs chooses by that
// characteristic's presence). Facts from the upstream device config (protocol "lelo-f1sv2").

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { createF1sHandler } from './lelo-f1s.js';
import { WHITELIST, createHarmonyHandler, leloAuthorise, type AuthRules } from './lelo-harmony.js';

const GENERIC0 = 'generic0';

export const LELO_F1SV2_DEFINITION: ProtocolDefinition = {
  id: 'lelo-f1sv2',
  communication: [
    btle({
      names: ['F1SV2A', 'F1SV2X', 'F1SV3', 'F2'],
      services: { fff0: { generic0: '0a11', rx: '0a04', tx: 'fff1', txvibrate: 'fff2', whitelist: '0a10' } },
    }),
  ],
  defaults: device('Lelo F1s V2', '108d5cfe-2155-477f-b1b6-c48da6c4b7d8', undefined, [
    output(0, '90bd67a5-4601-4c49-97bb-0845ab7011ba', 'Vibrate', 100),
    output(1, '05fc758b-a3fe-4156-b3ae-9cdcb9ae95c6', 'Vibrate', 100),
  ]),
  configurations: [
    device('Lelo F1s V2', '64505ced-309b-4a32-93a8-13ee55e2da2c', ['F1SV2A', 'F1SV2X']),
    device('Lelo F1s V3', '36adf7ce-98bf-4fad-b916-b44d20a5d9e1', ['F1SV3']),
    device('Lelo F2S', '5126b376-fc82-4677-bfc0-c45738549b9d', ['F2']),
  ],
};

const NOT_AUTHORISED = [0, 0, 0, 0, 0, 0, 0, 0];
const AUTHORISED = [1, 0, 0, 0, 0, 0, 0, 0];

function equals(data: Uint8Array, bytes: readonly number[]): boolean {
  return data.length === bytes.length && bytes.every((b, i) => data[i] === b);
}

/** Unlike the Harmony, the F1s V2 recognises exactly eight bytes (lelof1sv2.rs). */
export const F1SV2_AUTH: AuthRules = {
  isWaiting: (d) => equals(d, NOT_AUTHORISED),
  isAuthorised: (d) => equals(d, AUTHORISED),
};

/** Firmware without the whitelist characteristic takes the Harmony commands. */
const usesHarmony = (endpoints: ReadonlySet<string>): boolean => !endpoints.has(WHITELIST);

export const leloF1sV2: ProtocolModule = {
  definition: LELO_F1SV2_DEFINITION,
  async initialise(hw: HardwareOps) {
    await leloAuthorise(hw, usesHarmony(hw.endpoints) ? GENERIC0 : WHITELIST, F1SV2_AUTH);
  },
  // Built without hardware (no characteristics known), it is an F1s.
  createHandler: (d, context) =>
    context !== undefined && usesHarmony(context.endpoints)
      ? createHarmonyHandler(d)
      : createF1sHandler(d, true),
};
