// Protocol families, batch B (see index.ts: the registry is split while the catalogue is being
// written in parallel batches; each batch lists its modules here): Kiiroo, Lelo, Magic Motion,
// WeVibe and Vorze.

import type { ProtocolModule } from '../core/protocol.js';
import { kiirooPowerShot } from './kiiroo-powershot.js';
import { kiirooProWand } from './kiiroo-prowand.js';
import { kiirooSpot } from './kiiroo-spot.js';
import { kiirooV1 } from './kiiroo-v1.js';
import { kiirooV2 } from './kiiroo-v2.js';
import { kiirooV2Vibrator } from './kiiroo-v2-vibrator.js';
import { kiirooV21, kiirooV21Initialized, kiirooV3 } from './kiiroo-v21.js';
import { leloF1s } from './lelo-f1s.js';
import { leloF1sV2 } from './lelo-f1sv2.js';
import { leloHarmony } from './lelo-harmony.js';
import { magicMotion1, magicMotion2, magicMotion3, magicMotion4 } from './magic-motion.js';
import { vorzeCycloneX } from './vorze-cyclone-x.js';
import { vorzeSa } from './vorze-sa.js';
import { weVibe, weVibe8Bit, weVibeChorus } from './wevibe.js';

export const FAMILIES_B: readonly ProtocolModule[] = [
  kiirooPowerShot,
  kiirooProWand,
  kiirooSpot,
  kiirooV1,
  kiirooV2,
  kiirooV2Vibrator,
  kiirooV21,
  kiirooV21Initialized,
  kiirooV3,
  leloF1s,
  leloF1sV2,
  leloHarmony,
  magicMotion1,
  magicMotion2,
  magicMotion3,
  magicMotion4,
  weVibe,
  weVibe8Bit,
  weVibeChorus,
  vorzeSa,
  vorzeCycloneX,
];
