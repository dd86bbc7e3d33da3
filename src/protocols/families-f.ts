// Protocol families, batch F (see index.ts: the registry is split while the catalogue is being
// written in parallel batches; each batch lists its modules here).

import type { ProtocolModule } from '../core/protocol.js';
import { lovenseConnectService } from './lovense-connect-service.js';
import { nintendoJoycon } from './nintendo-joycon.js';
import { thehandy } from './thehandy.js';
import { thehandyV3 } from './thehandy-v3.js';
import { tryfun } from './tryfun.js';
import { tryfunBlackhole } from './tryfun-blackhole.js';
import { tryfunMeta2 } from './tryfun-meta2.js';
import { twerkingbutt } from './twerkingbutt.js';
import { vibcrafter } from './vibcrafter.js';
import { vibratissimo } from './vibratissimo.js';
import { wetoy } from './wetoy.js';
import { xibao } from './xibao.js';
import { xinput } from './xinput.js';
import { xiuxiuda } from './xiuxiuda.js';
import { xuanhuan } from './xuanhuan.js';
import { youcups } from './youcups.js';
import { youou } from './youou.js';
import { zalo } from './zalo.js';

export const FAMILIES_F: readonly ProtocolModule[] = [
  lovenseConnectService,
  nintendoJoycon,
  thehandy,
  thehandyV3,
  tryfun,
  tryfunBlackhole,
  tryfunMeta2,
  twerkingbutt,
  vibcrafter,
  vibratissimo,
  wetoy,
  xibao,
  xinput,
  xiuxiuda,
  xuanhuan,
  youcups,
  youou,
  zalo,
];
