// Sexverse LG389 (upstream sexverse_lg389.rs): vibration and oscillation in one packet, written
// with response: [0xaa, 5, vibrate, 0x14, anchor, 0, range, 0, oscillate, 0]. While it
// oscillates, anchor 1 (anchored to the base) and range 4 (full stroke); stopped, both 0.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { FeatureDef, OutputType } from '../core/features.js';
import type { HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { type GroupedPacket, perCommandHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { bytesWrite, u8 } from './shared/writes.js';

export function encodeLg389(vibrate: number, oscillate: number): HwWrite {
  const moving = oscillate !== 0;
  return bytesWrite(
    [0xaa, 0x05, u8(vibrate), 0x14, moving ? 1 : 0, 0x00, moving ? 4 : 0, 0x00, u8(oscillate), 0x00],
    true,
  );
}

function featureWith(features: readonly FeatureDef[], type: OutputType): number {
  return features.find((f) => f.output?.[type] !== undefined)?.index ?? -1;
}

/** Upstream keeps one speed per output type, whichever feature carries it. */
function bothOutputs(features: readonly FeatureDef[]): GroupedPacket {
  const vibrator = featureWith(features, 'Vibrate');
  const oscillator = featureWith(features, 'Oscillate');
  return {
    includes: (_feature, type) => type === 'Vibrate' || type === 'Oscillate',
    encode: (current: ReadonlyMap<string, OutputCommand>) => [
      encodeLg389(currentValue(current, vibrator, 'Vibrate'), currentValue(current, oscillator, 'Oscillate')),
    ],
  };
}

export const SEXVERSE_LG389_DEFINITION: ProtocolDefinition = {
  id: 'sexverse-lg389',
  communication: [btle({ names: ['LG389'], services: { bae0: { rx: 'bae2', tx: 'bae1' } } })],
  defaults: device('Sexverse LG389', 'dd6e5fe8-f53c-4b5c-9614-cedfffc0a40f', undefined, [
    output(0, '54ae0f52-dbd7-4fac-8463-f06199b72642', 'Vibrate', 3),
    output(1, '394cb2f4-9ee5-4fe9-a31c-fd6652479467', 'Oscillate', 10),
  ]),
  configurations: [],
};

export const sexverseLg389: ProtocolModule = {
  definition: SEXVERSE_LG389_DEFINITION,
  createHandler: (d) => perCommandHandler('sexverse-lg389', d, { packet: bothOutputs(d.features) }),
};
