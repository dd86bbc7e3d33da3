// Foreo: [01 mode speed] written with response to tx, the mode byte chosen by the advertised name.
// Facts from the upstream device config (protocol "foreo") and foreo.rs.

import type { ProtocolDefinition } from '../core/database.js';
import type { OutputType } from '../core/features.js';
import type {
  HandlerContext,
  HwWrite,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { btle } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { type ConfigRow, configsFromRows, defaultsFromRow } from './shared/rows.js';
import { bytesWrite } from './shared/writes.js';

/** LUNA play smart 2 → 3; FOFO and UFO → 1; everything else 0 (upstream ForeoInitializer). */
export function modeForName(name: string): number {
  const lower = name.toLowerCase();
  if (lower.includes('smart') && lower.includes('2')) return 3;
  if (lower.includes('fofo') || lower.includes('ufo')) return 1;
  return 0;
}

export function encodeForeo(mode: number, speed: number): HwWrite {
  return bytesWrite([0x01, mode, speed], true);
}

class ForeoHandler implements ProtocolHandler {
  constructor(private readonly mode: number) {}
  encode(changed: Parameters<ProtocolHandler['encode']>[0]): readonly HwWrite[] {
    return changed.map((c) => encodeForeo(this.mode, c.value));
  }
}

const SUPPORTED: ReadonlySet<OutputType> = new Set<OutputType>(['Vibrate']);
// No handshake: the advertised name picks the mode byte (mode 0 when built without hardware).
function createHandler(device: ResolvedDevice, context?: HandlerContext): ProtocolHandler {
  requireOutputs(device, SUPPORTED, 'Foreo');
  return new ForeoHandler(context === undefined ? 0 : modeForName(context.name));
}

// ------------------------------------------------------------------ database entry

const NAMES = [
  'FOFO',
  'LUNA fofo',
  'LUNA FOFO',
  'LUNA PLAY SMART',
  'LUNA PLAYSMART2',
  'LUNA PLAY SMART2',
  'LUNA play smart2',
  'LUNA play smart 2',
  'LUNA 3',
  'LUNA3',
  'LUNA3PLUS',
  'LUNA3 PLUS',
  'LUNA 3 PLUS',
  'LUNA 3 plus',
  'LUNA 3 MEN',
  'LUNA3MEN',
  'LUNA MINI3',
  'LUNA MINI 3',
  'LUNA mini 3',
  'LUNA4PLUS',
  'LUNA4',
  'LUNA 4',
  'LUNA4PLUS',
  'LUNA4 PLUS',
  'LUNA 4 plus',
  'LUNA4MEN',
  'LUNA 4 MEN',
  'LUNA 4 FOR MEN',
  'LUNA MINI4',
  'LUNA MINI 4',
  'LUNA mini 4',
  'LUNA 4 mini',
  'UFO',
  'UFO mini',
  'UFO MINI',
  'UFO MIN',
  'UFO2',
  'UFO 2',
  'UFOMINI2',
  'UFO mini 2',
  'UFO3',
  'UFO3mini',
  'UFO3go',
  'UFO3led',
  'BEAR',
  'BEAR_MINI',
  'BEAR MINI',
  'BEAR mini',
  'BEAR2',
  'BEAR 2',
  'BEAR2go',
  'BEAR2body',
  'BEAR2eyes',
  'KIWI',
  'KIWI derma',
];

const COMMUNICATION = btle({
  names: NAMES,
  services: {
    fff0: { tx: 'fff1' },
  },
});

const DEFAULTS = defaultsFromRow('Foreo Device', '92d98050-7a3f-45b2-9df1-41e8cda28033', [
  [0, 'V10', '0749f306-bd4c-48d7-9c2a-1309817a4dcc'],
]);

const CONFIGS: readonly ConfigRow[] = [
  [
    ['FOFO', 'LUNA fofo', 'LUNA FOFO', 'LUNA PLAY SMART'],
    'Foreo LUNA fofo',
    '98f14be3-8938-403a-8f90-d4bf5d15409f',
  ],
  [
    ['LUNA PLAYSMART2', 'LUNA PLAY SMART2', 'LUNA play smart2', 'LUNA play smart 2'],
    'Foreo LUNA play smart 2',
    'ee014806-a78a-4d83-9c22-25941f13c26e',
  ],
  [['LUNA 3', 'LUNA3'], 'Foreo LUNA 3', 'c711b125-092c-4ece-bb98-83050b3fdf52'],
  [
    ['LUNA3PLUS', 'LUNA3 PLUS', 'LUNA 3 PLUS', 'LUNA 3 plus'],
    'Foreo LUNA 3 plus',
    'da0802b8-f60c-4261-83f7-6c703e587fa2',
  ],
  [['LUNA 3 MEN', 'LUNA3MEN'], 'Foreo LUNA 3 men', 'de02db79-eba2-48dc-b539-5364aaae4bd2'],
  [['LUNA MINI3', 'LUNA MINI 3', 'LUNA mini 3'], 'Foreo LUNA 3 mini', '2ec4a921-d834-4da0-b710-a9d10fba4942'],
  [['LUNA4', 'LUNA 4'], 'Foreo LUNA 4', '695d3e66-e545-43ae-a8fa-8a8883e32439'],
  [['LUNA4PLUS', 'LUNA4 PLUS', 'LUNA 4 plus'], 'Foreo LUNA 4 plus', '34503c35-05ef-44f4-875e-e46c9c81a71f'],
  [['LUNA4MEN', 'LUNA 4 MEN', 'LUNA 4 FOR MEN'], 'Foreo LUNA 4 men', 'e519d03d-35e4-4e06-84da-a183a516d2bf'],
  [
    ['LUNA MINI4', 'LUNA MINI 4', 'LUNA mini 4', 'LUNA 4 mini'],
    'Foreo LUNA 4 mini',
    '52c53ab8-513a-4cb8-abb5-622086c7b6b0',
  ],
  ['UFO', 'Foreo UFO', '67c567c0-1ea2-4093-80bf-a109f6831621'],
  [['UFO mini', 'UFO MINI', 'UFO MIN'], 'Foreo UFO mini', '305f6099-c0a7-4eb0-bf0f-7499ef152d8c'],
  [['UFO2', 'UFO 2'], 'Foreo UFO 2', '5e5700df-c1b1-448a-822f-1808e453641f'],
  ['UFO3', 'Foreo UFO 3', '3256b258-13cd-4df9-abdb-d8e547c396d5'],
  ['UFO3go', 'Foreo UFO 3 go', '1ca37f05-520d-4696-86b1-d0edcf9fa803'],
  ['UFO3eyes', 'Foreo UFO 3 led', '77d89601-216c-42ee-9908-c0afd777c9a6'],
  ['UFO3mini', 'Foreo UFO 3 mini', '58f9677c-440f-43c9-9ab6-7f938edd3f4a'],
  [['UFOMINI2', 'UFO mini 2'], 'Foreo UFO mini 2', 'd555e823-52aa-4f02-8d8e-788c3dbe3a5e'],
  ['BEAR', 'Foreo BEAR', 'a050edb2-71b2-494a-b3db-4f0d9ac20310'],
  [['BEAR_MINI', 'BEAR MINI', 'BEAR mini'], 'Foreo BEAR mini', '1231d10c-eee6-4061-8eb2-ffdec6f1523a'],
  [['BEAR2', 'BEAR 2'], 'Foreo BEAR 2', 'c57d9ca7-f3e6-4f48-b65c-fec9a648b699'],
  ['BEAR2go', 'Foreo BEAR 2 go', '35a0a090-3085-4f83-b9d2-eb26d0c21ea9'],
  ['BEAR2eyes', 'Foreo BEAR 2 eyes', 'c66dd16e-13e0-4446-809f-a1567fe746c7'],
  ['BEAR2body', 'Foreo BEAR 2 body', 'a837cdd0-6513-4962-85be-d4859e1a7c98'],
  ['KIWI', 'Foreo KIWI', 'd14e7fd0-1da8-44dc-8028-39a5655185fa'],
  ['KIWI derma', 'Foreo KIWI derma', 'ee07bc74-21af-455d-a26a-fab22f188f97'],
];

export const FOREO_DEFINITION: ProtocolDefinition = {
  id: 'foreo',
  communication: [COMMUNICATION],
  defaults: DEFAULTS,
  configurations: configsFromRows(CONFIGS),
};

export const foreo: ProtocolModule = {
  definition: FOREO_DEFINITION,
  createHandler,
};
