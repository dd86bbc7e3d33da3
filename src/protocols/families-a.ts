// Protocol families, batch A (see index.ts: the registry is split while the catalogue is being
// written in parallel batches; each batch lists its modules here): Svakom and Sexverse.

import type { ProtocolModule } from '../core/protocol.js';
import { sexverseLg389 } from './sexverse-lg389.js';
import { sexverseV1 } from './sexverse-v1.js';
import { sexverseV2 } from './sexverse-v2.js';
import { sexverseV3 } from './sexverse-v3.js';
import { sexverseV4 } from './sexverse-v4.js';
import { sexverseV5 } from './sexverse-v5.js';
import { svakomAlexV2 } from './svakom-alex-v2.js';
import { svakomAlex } from './svakom-alex.js';
import { svakomAvaNeo } from './svakom-avaneo.js';
import { svakomBarnard } from './svakom-barnard.js';
import { svakomBarney } from './svakom-barney.js';
import { svakomDice } from './svakom-dice.js';
import { svakomDt250a } from './svakom-dt250a.js';
import { svakomIker } from './svakom-iker.js';
import { svakomJordan } from './svakom-jordan.js';
import { svakomPulse } from './svakom-pulse.js';
import { svakomSam } from './svakom-sam.js';
import { svakomSam2 } from './svakom-sam2.js';
import { svakomSuitcase } from './svakom-suitcase.js';
import { svakomTaraX } from './svakom-tarax.js';
import { svakomV1 } from './svakom-v1.js';
import { svakomV2 } from './svakom-v2.js';
import { svakomV3 } from './svakom-v3.js';
import { svakomV4 } from './svakom-v4.js';
import { svakomV5 } from './svakom-v5.js';
import { svakomV6 } from './svakom-v6.js';

export const FAMILIES_A: readonly ProtocolModule[] = [
  sexverseLg389,
  sexverseV1,
  sexverseV2,
  sexverseV3,
  sexverseV4,
  sexverseV5,
  svakomAlexV2,
  svakomAlex,
  svakomAvaNeo,
  svakomBarnard,
  svakomBarney,
  svakomDice,
  svakomDt250a,
  svakomIker,
  svakomJordan,
  svakomPulse,
  svakomSam,
  svakomSam2,
  svakomSuitcase,
  svakomTaraX,
  svakomV1,
  svakomV2,
  svakomV3,
  svakomV4,
  svakomV5,
  svakomV6,
];
