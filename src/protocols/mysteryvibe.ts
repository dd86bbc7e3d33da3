// MysteryVibe (protocols "mysteryvibe" and "mysteryvibe-v2"): every motor's speed, one byte each,
// on txvibrate, repeated every 93 ms because the toys stop on silence. The two generations differ
// only in the packet that wakes them (on txmode). Facts from the upstream device config and
// mysteryvibe.rs / mysteryvibe_v2.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type {
  HardwareOps,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle } from './define.js';
import { PacketHandler, requireOutputs } from './shared/handlers.js';
import { currentValue, outputIndexes } from './shared/outputs.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** Upstream MYSTERYVIBE_COMMAND_DELAY_MS: the repeat interval. */
export const MYSTERYVIBE_KEEPALIVE_MS = 93;
export const WAKE_V1: readonly number[] = [0x43, 0x02, 0x00];
export const WAKE_V2: readonly number[] = [0x03, 0x02, 0x40];

export function encodeSpeeds(speeds: readonly number[]): HwWrite {
  return bytesWrite(speeds, false, 'txvibrate');
}

function initialiser(wake: readonly number[]) {
  return async (hw: HardwareOps, device: ResolvedDevice): Promise<void> => {
    await hw.write('txmode', Uint8Array.from(wake), true);
    // Upstream stops a device with a timed keepalive as soon as it connects, which starts the
    // repeat with an all-zero packet; that stop is this protocol's to send here.
    const zeros = encodeSpeeds(outputIndexes(device.features).map(() => 0));
    await hw.write(zeros.endpoint, zeros.data, zeros.withResponse);
  };
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Vibrate']);

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'MysteryVibe');
  const motors = outputIndexes(device.features);
  return new PacketHandler(
    (current) => encodeSpeeds(motors.map((f) => currentValue(current, f, 'Vibrate'))),
    { keepaliveMs: MYSTERYVIBE_KEEPALIVE_MS },
  );
}

// ------------------------------------------------------------------ database entry: first generation

const NAMES = ['MV Crescendo', 'MV Tenuto   ', 'MV Poco     '];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    'f0006900-110c-478b-b74b-6f403b364a9c': {
      txmode: 'f0006901-110c-478b-b74b-6f403b364a9c',
      txvibrate: 'f0006903-110c-478b-b74b-6f403b364a9c',
    },
  },
});

const DEFAULTS = defaultsFromRow('Mysteryvibe Device', '523391d5-1e0a-42f0-b669-5ad3f3e49902', [
  [0, 'V56', '40c417e0-8a0b-4017-a0b5-2b33df4f0acc'],
  [1, 'V56', '84057071-af0e-4156-9f82-f7afc794bcde'],
  [2, 'V56', 'edaa4f3d-71c2-43b3-b9c3-b6a425b27200'],
  [3, 'V56', 'b977c4f4-1585-49c4-9980-c2e8d329f713'],
  [4, 'V56', 'ba9c09c7-1948-4b6f-823f-d9fd1380709c'],
  [5, 'V56', '5a0a0429-5fb6-4bcb-bb4c-5e14f4338677'],
]);

const CONFIGS: readonly ConfigRow[] = [
  ['MV Crescendo', 'MysteryVibe Crescendo', '09470af5-da2f-45f4-b540-da653c4c0b40'],
  ['MV Tenuto   ', 'MysteryVibe Tenuto', '1cb2c947-aa77-4aaa-83d4-f987ecb33953'],
  [
    'MV Poco     ',
    'MysteryVibe Poco',
    'b72b5597-a708-4fe9-919a-99f1d38291ef',
    [
      [0, 'V56', '78d26150-7355-4633-bdc0-d2d58b2ea2aa'],
      [1, 'V56', '8f0c1cc0-b269-4eb6-a87f-34aeaee28906'],
    ],
  ],
];

export const MYSTERYVIBE_DEFINITION: ProtocolDefinition = {
  id: 'mysteryvibe',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

// ------------------------------------------------------------------ database entry: second generation

const NAMES_V2 = ['6907 MV1', '6908 MV1', '6909 MV1', '6909 MV2', '6914 MV1', '6915 MV1'];

const COMMUNICATION_V2 = btle({
  names: NAMES_V2,
  services: {
    'f0006900-110c-478b-b74b-6f403b364a9c': {
      txmode: 'f0006901-110c-478b-b74b-6f403b364a9c',
      txvibrate: 'f0006903-110c-478b-b74b-6f403b364a9c',
    },
  },
});

const DEFAULTS_V2 = defaultsFromRow('Mysteryvibe V2 Device', '2b750693-1766-4448-8c30-9f9fa32830f2', [
  [0, 'V56', '2cd76f8d-963c-4b98-861d-00b560a0ae09'],
  [1, 'V56', '525464fd-960b-47ef-b7f3-04196a648963'],
  [2, 'V56', '811a2fe9-be54-49ee-89ac-e8e83895e33d'],
]);

const CONFIGS_V2: readonly ConfigRow[] = [
  ['6907 MV1', 'MysteryVibe Tenuto Mini', '9254a628-04a2-4876-856e-182d8badc366'],
  [
    '6908 MV1',
    'MysteryVibe Crescendo 2',
    '317cc151-16f9-4ac7-aa69-63a3f0448895',
    [
      [0, 'V56', '723b512f-9160-4f5b-b50b-3fb9622dff1e'],
      [1, 'V56', '960f8105-2277-4b81-a529-dd050250df80'],
      [2, 'V56', '557828e8-e1cf-4f9a-9342-43bc9c34642c'],
      [3, 'V56', 'f2f6b8f8-7ff7-4928-9385-af1f3c583209'],
      [4, 'V56', 'a5a287fc-82de-432d-b42d-cc9ee89625ae'],
      [5, 'V56', 'bbd27d45-3b13-4189-b7a8-ccaa07a405db'],
    ],
  ],
  [
    ['6909 MV1', '6909 MV2'],
    'MysteryVibe Tenuto 2',
    '9a1bcb00-0294-46c2-ac97-0b3f8d50192a',
    [
      [0, 'V56', '88ddd1f2-6a0b-4fab-b548-5cd4edb55aae'],
      [1, 'V56', 'e30a128b-3dcb-4f87-beef-8aca7f3b1512'],
      [2, 'V56', '3edf88eb-acb9-4852-9a71-3edda23f705d'],
      [3, 'V56', '1b3abe40-84d2-4237-830d-44c1927f35c3'],
    ],
  ],
  [
    '6914 MV1',
    'MysteryVibe Legato',
    'e9187e5a-1491-49db-ba4b-3b6f9fb55977',
    [
      [0, 'V56', '79f4df66-18a2-4fdb-a492-75e908bf978f'],
      [1, 'V56', 'f149b9be-4616-4552-a0a9-c419cb764988'],
      [2, 'V56', 'f3553da8-f386-43b4-8998-64b7696c53f4'],
      [3, 'V56', '4c1fb245-6f91-4613-895f-5f8cee00ab5b'],
    ],
  ],
  [
    '6915 MV1',
    'MysteryVibe Molto',
    'ed45ff87-fad1-41fe-8d0a-cfd4daaf1b4e',
    [[0, 'V56', 'cf40ea50-cddc-40e2-8661-d5252ac29f77']],
  ],
];

export const MYSTERYVIBE_V2_DEFINITION: ProtocolDefinition = {
  id: 'mysteryvibe-v2',
  communication: [COMMUNICATION_V2],
  defaults: DEFAULTS_V2,
  configurations: configsFromRows(CONFIGS_V2),
};

export const mysteryvibe: ProtocolModule = {
  definition: MYSTERYVIBE_DEFINITION,
  initialise: initialiser(WAKE_V1),
  createHandler,
};

export const mysteryvibeV2: ProtocolModule = {
  definition: MYSTERYVIBE_V2_DEFINITION,
  initialise: initialiser(WAKE_V2),
  createHandler,
};
