// Vibratissimo: identified by the model string read from the Device Information service; every
// command puts the device in write mode (txmode) and then writes every motor's speed (txvibrate).
// Battery from the standard battery characteristic. Facts: upstream device config "vibratissimo"
// and vibratissimo.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite } from '../core/protocol.js';
import { battery, btle, device, output } from './define.js';
import { bleBatteryReader } from './shared/exchanges.js';
import { perCommandModule, rememberingSpeeds } from './shared/handlers.js';
import { vibratorCount } from './shared/outputs.js';
import { bytesWrite } from './shared/writes.js';

/** Upstream reads up to 128 bytes of the model number, waiting 500 ms. */
export const MODEL_READ_LENGTH = 128;
export const MODEL_READ_TIMEOUT_MS = 500;

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The model string selects the configuration; a model that is not UTF-8 falls back to the name. */
export function modelIdentifier(model: Uint8Array, name: string): string {
  try {
    return fatalUtf8.decode(model);
  } catch {
    return name;
  }
}

async function identify(hw: HardwareOps): Promise<string> {
  return modelIdentifier(await hw.read('rxblemodel', MODEL_READ_LENGTH, MODEL_READ_TIMEOUT_MS), hw.name);
}

/** Mode then speeds, one byte per vibrator; a single vibrator is padded with a 0. */
export function encodeSpeeds(speeds: readonly number[]): HwWrite[] {
  const data = speeds.length === 1 ? [speeds[0] ?? 0, 0x00] : speeds;
  return [bytesWrite([0x03, 0xff], false, 'txmode'), bytesWrite(data, false, 'txvibrate')];
}

const vibrator = (index: number, id: string, max = 255) => output(index, id, 'Vibrate', max);

export const VIBRATISSIMO_DEFINITION: ProtocolDefinition = {
  id: 'vibratissimo',
  communication: [
    btle({
      names: ['Vibratissimo'],
      services: {
        '00001523-1212-efde-1523-785feabcd123': {
          txmode: '00001524-1212-efde-1523-785feabcd123',
          txvibrate: '00001526-1212-efde-1523-785feabcd123',
          rx: '00001527-1212-efde-1523-785feabcd123',
        },
        '180a': { rxblemodel: '2a24' },
        '180f': { rxblebattery: '2a19' },
      },
    }),
  ],
  defaults: device('Vibratissimo Device', '4b82b175-c139-4af2-b5ad-aa576d9d01a4', undefined, [
    vibrator(0, 'c4978273-df69-41b1-8ecd-0b5cdbb6d102'),
    battery(1, 'e0d0a8e6-604a-4d49-bdab-d22fd8658c69', 'battery Level'),
  ]),
  configurations: [
    device(
      'Vibratissimo Licker',
      'c0f02f4f-5bbb-40ad-94fc-7d81c74c518c',
      ['Licker', 'SecretKiss', 'Womenizer'],
      [
        vibrator(0, '75aa2f87-0d7b-4df1-a661-dd270e92fdd8'),
        vibrator(1, '56fbae53-c57e-4eed-978c-dcf3279b228b'),
        battery(2, '0f194120-0912-4d5d-b201-7eee4cc622fe', 'battery Level'),
      ],
    ),
    device(
      'Vibratissimo Rabbit',
      '2fa1c5bc-85ff-45d5-ada5-23986ad3eab9',
      ['Rabbit'],
      [
        vibrator(0, '675d6ccc-8145-40d2-a901-0b683cf8233b'),
        vibrator(1, 'c0009e3f-4263-4761-9168-17c9d81479ee'),
        vibrator(2, '16b15667-1598-4194-86b3-7e711f88adab', 2),
        battery(3, 'e70bb6fb-9e2c-4970-9483-9f9b661d6e9f', 'battery Level'),
      ],
    ),
  ],
};

export const vibratissimo = perCommandModule({
  definition: VIBRATISSIMO_DEFINITION,
  supported: ['Vibrate'],
  // One speed per vibrator (upstream sizes its table by the vibrator count).
  encodersFor: (resolved) => ({ Vibrate: rememberingSpeeds(vibratorCount(resolved.features), encodeSpeeds) }),
  identify,
  readInput: bleBatteryReader(),
});
