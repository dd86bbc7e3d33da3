// Protocol families, batch D (see index.ts: the registry is split while the catalogue is being
// written in parallel batches; each batch lists its modules here).

import type { ProtocolModule } from '../core/protocol.js';
import { activejoy } from './activejoy.js';
import { adrienlastic } from './adrienlastic.js';
import { amorelieJoy } from './amorelie-joy.js';
import { aneros } from './aneros.js';
import { ankni } from './ankni.js';
import { bananasome } from './bananasome.js';
import { cachito } from './cachito.js';
import { cowgirlCone } from './cowgirl-cone.js';
import { cowgirl } from './cowgirl.js';
import { cueme } from './cueme.js';
import { cupido } from './cupido.js';
import { deepsire } from './deepsire.js';
import { feelingso } from './feelingso.js';
import { fleshyThrust } from './fleshy-thrust.js';
import { fluffer } from './fluffer.js';
import { fox } from './fox.js';
import { fredorchRotary } from './fredorch-rotary.js';
import { fredorch } from './fredorch.js';
import { hgod } from './hgod.js';
import { htkBm } from './htk_bm.js';
import { itoys } from './itoys.js';
import { jejoue } from './jejoue.js';
import { kgoalBoost } from './kgoal-boost.js';
import { kizuna } from './kizuna.js';
import { leten } from './leten.js';
import { lioness } from './lioness.js';
import { loob } from './loob.js';

export const FAMILIES_D: readonly ProtocolModule[] = [
  activejoy,
  adrienlastic,
  amorelieJoy,
  aneros,
  ankni,
  bananasome,
  cachito,
  cowgirl,
  cowgirlCone,
  cueme,
  cupido,
  deepsire,
  feelingso,
  fleshyThrust,
  fluffer,
  fox,
  fredorch,
  fredorchRotary,
  hgod,
  htkBm,
  itoys,
  jejoue,
  kgoalBoost,
  kizuna,
  leten,
  lioness,
  loob,
];
