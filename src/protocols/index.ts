// The one registry of built-in protocol modules. Adding a protocol family is one import and one
// entry below; the device database (src/config) is built from this list.

import type { ProtocolModule } from '../core/protocol.js';
import { lovense } from './lovense.js';

export const PROTOCOLS: readonly ProtocolModule[] = [lovense];

const BY_ID: ReadonlyMap<string, ProtocolModule> = new Map(PROTOCOLS.map((m) => [m.definition.id, m]));

export function protocolById(id: string): ProtocolModule | undefined {
  return BY_ID.get(id);
}
