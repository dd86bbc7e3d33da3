// Protocol families, batch D (see index.ts: the registry is split while the catalogue is being
// written in parallel batches; each batch lists its modules here).

import type { ProtocolModule } from '../core/protocol.js';

export const FAMILIES_D: readonly ProtocolModule[] = [];
