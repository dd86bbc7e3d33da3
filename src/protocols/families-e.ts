// Protocol families, batch E (see index.ts: the registry is split while the catalogue is being
// written in parallel batches; each batch lists its modules here).

import type { ProtocolModule } from '../core/protocol.js';
import { lovedistance } from './lovedistance.js';
import { lovehoneyDesire } from './lovehoney-desire.js';
import { lovenuts } from './lovenuts.js';
import { luvmazer } from './luvmazer.js';
import { mannuo } from './mannuo.js';
import { maxpro } from './maxpro.js';
import { meese } from './meese.js';
import { mizzzee } from './mizzzee.js';
import { mizzzeeV2 } from './mizzzee-v2.js';
import { mizzzeeV3 } from './mizzzee-v3.js';
import { motorbunny } from './motorbunny.js';
import { muse } from './muse.js';
import { mymuselinkplus } from './mymuselinkplus.js';
import { nextlevelracing } from './nextlevelracing.js';
import { nexusRevo } from './nexus-revo.js';
import { nobra } from './nobra.js';
import { omobo } from './omobo.js';
import { patoo } from './patoo.js';
import { picobong } from './picobong.js';
import { pinkPunch } from './pink_punch.js';
import { prettylove } from './prettylove.js';
import { realov } from './realov.js';
import { realtouch } from './realtouch.js';
import { rezTrancevibrator } from './rez-trancevibrator.js';
import { sakuraneko } from './sakuraneko.js';
import { sayberx } from './sayberx.js';
import { serveu } from './serveu.js';
import { synchro } from './synchro.js';

export const FAMILIES_E: readonly ProtocolModule[] = [
  lovedistance,
  lovehoneyDesire,
  lovenuts,
  luvmazer,
  mannuo,
  maxpro,
  meese,
  mizzzee,
  mizzzeeV2,
  mizzzeeV3,
  motorbunny,
  muse,
  mymuselinkplus,
  nextlevelracing,
  nexusRevo,
  nobra,
  omobo,
  patoo,
  picobong,
  pinkPunch,
  prettylove,
  realov,
  realtouch,
  rezTrancevibrator,
  sakuraneko,
  sayberx,
  serveu,
  synchro,
];
