// The one registry of built-in protocol modules. Adding a protocol family is one import and one
// entry below; the device database (src/config) is built from this list.

import type { ProtocolModule } from '../core/protocol.js';
import { FAMILIES_A } from './families-a.js';
import { FAMILIES_B } from './families-b.js';
import { FAMILIES_C } from './families-c.js';
import { FAMILIES_D } from './families-d.js';
import { FAMILIES_E } from './families-e.js';
import { FAMILIES_F } from './families-f.js';
import { lovense } from './lovense.js';
import { tcodeV03 } from './tcode-v03.js';

export const PROTOCOLS: readonly ProtocolModule[] = [
  lovense,
  tcodeV03,
  ...FAMILIES_A,
  ...FAMILIES_B,
  ...FAMILIES_C,
  ...FAMILIES_D,
  ...FAMILIES_E,
  ...FAMILIES_F,
];

const BY_ID: ReadonlyMap<string, ProtocolModule> = new Map(PROTOCOLS.map((m) => [m.definition.id, m]));

export function protocolById(id: string): ProtocolModule | undefined {
  return BY_ID.get(id);
}
