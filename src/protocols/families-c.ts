// Protocol families, batch C (see index.ts: the registry is split while the catalogue is being
// written in parallel batches; each batch lists its modules here).

import type { ProtocolModule } from '../core/protocol.js';
import { foreo } from './foreo.js';
import { galakuPump } from './galaku-pump.js';
import { galaku } from './galaku.js';
import { hismithMini } from './hismith-mini.js';
import { hismith } from './hismith.js';
import { honeyplaybox } from './honeyplaybox.js';
import { joyhub } from './joyhub.js';
import { liboElle } from './libo-elle.js';
import { liboKaren } from './libo-karen.js';
import { liboShark } from './libo-shark.js';
import { liboVibes } from './libo-vibes.js';
import { monsterpub } from './monsterpub.js';
import { mysteryvibe, mysteryvibeV2 } from './mysteryvibe.js';
import { satisfyer } from './satisfyer.js';
import { sensee } from './sensee.js';
import { senseeV2 } from './sensee-v2.js';

export const FAMILIES_C: readonly ProtocolModule[] = [
  joyhub,
  galaku,
  galakuPump,
  satisfyer,
  foreo,
  honeyplaybox,
  hismith,
  hismithMini,
  monsterpub,
  liboElle,
  liboKaren,
  liboShark,
  liboVibes,
  sensee,
  senseeV2,
  mysteryvibe,
  mysteryvibeV2,
];
