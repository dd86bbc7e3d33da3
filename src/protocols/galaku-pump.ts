// Galaku Nebula (galaku-pump): both motors in one obfuscated Galaku frame, written with response.
// Facts from the upstream device config (protocol "galaku-pump") and galaku_pump.rs; the frame
// obfuscation is galaku.ts's.

import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type { HwWrite, ProtocolHandler, ProtocolModule, ResolvedDevice } from '../core/protocol.js';
import { btle } from './define.js';
import { galakuFrame } from './galaku.js';
import { requireOutputs } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/**
 * Payload 5a 00 00 01 60 03 oscillate vibrate 00 00: upstream keys the slots by output type, not
 * by feature (oscillate first, vibrate second).
 */
export function encodePump(oscillate: number, vibrate: number): HwWrite {
  return bytesWrite(galakuFrame([0x5a, 0x00, 0x00, 0x01, 0x60, 0x03, oscillate, vibrate, 0x00, 0x00]), true);
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Oscillate', 'Vibrate']);

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Galaku pump');
  const oscillator = device.features.find((f) => f.output?.Oscillate !== undefined)?.index ?? 0;
  const vibrator = device.features.find((f) => f.output?.Vibrate !== undefined)?.index ?? 1;
  return {
    encode(
      changed: readonly OutputCommand[],
      current: ReadonlyMap<string, OutputCommand>,
    ): readonly HwWrite[] {
      if (changed.length === 0) return [];
      return [
        encodePump(
          currentValue(current, oscillator, 'Oscillate'),
          currentValue(current, vibrator, 'Vibrate'),
        ),
      ];
    },
  };
}

// ------------------------------------------------------------------ database entry

const NAMES = ['V415'];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    '1000': { tx: '1001' },
  },
});

const DEFAULTS = defaultsFromRow('Galaku Device', '2e954d01-4f42-4acd-9be8-9fdfa0172998', [
  [0, 'O100', '60946646-0160-425f-85ca-9210d35d61fd'],
  [1, 'V100', '97f24406-d413-43ed-b830-b76c3f912fad'],
]);

const CONFIGS: readonly ConfigRow[] = [['V415', 'Galaku Nebula', '7689175c-af6e-4529-a2ae-c4f41f1db595']];

export const GALAKU_PUMP_DEFINITION: ProtocolDefinition = {
  id: 'galaku-pump',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const galakuPump: ProtocolModule = {
  definition: GALAKU_PUMP_DEFINITION,
  createHandler,
};
