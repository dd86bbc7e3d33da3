// The one registry of built-in protocol modules, one entry per upstream protocol id, Lovense first,
// then alphabetically by id. Adding a protocol family is one import and one entry below; the
// device database (src/config) is built from this list, in this order. (No two built-in
// protocols share an advertised name, manufacturer data or service, so the order decides no match.)

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
import { foreo } from './foreo.js';
import { fox } from './fox.js';
import { fredorchRotary } from './fredorch-rotary.js';
import { fredorch } from './fredorch.js';
import { galakuPump } from './galaku-pump.js';
import { galaku } from './galaku.js';
import { hgod } from './hgod.js';
import { hismithMini } from './hismith-mini.js';
import { hismith } from './hismith.js';
import { honeyplaybox } from './honeyplaybox.js';
import { htkBm } from './htk_bm.js';
import { itoys } from './itoys.js';
import { jejoue } from './jejoue.js';
import { joyhub } from './joyhub.js';
import { kgoalBoost } from './kgoal-boost.js';
import { kiirooPowerShot } from './kiiroo-powershot.js';
import { kiirooProWand } from './kiiroo-prowand.js';
import { kiirooSpot } from './kiiroo-spot.js';
import { kiirooV1 } from './kiiroo-v1.js';
import { kiirooV2Vibrator } from './kiiroo-v2-vibrator.js';
import { kiirooV2 } from './kiiroo-v2.js';
import { kiirooV21, kiirooV21Initialized, kiirooV3 } from './kiiroo-v21.js';
import { kizuna } from './kizuna.js';
import { leloF1s } from './lelo-f1s.js';
import { leloF1sV2 } from './lelo-f1sv2.js';
import { leloHarmony } from './lelo-harmony.js';
import { leten } from './leten.js';
import { liboElle } from './libo-elle.js';
import { liboKaren } from './libo-karen.js';
import { liboShark } from './libo-shark.js';
import { liboVibes } from './libo-vibes.js';
import { lioness } from './lioness.js';
import { loob } from './loob.js';
import { lovedistance } from './lovedistance.js';
import { lovehoneyDesire } from './lovehoney-desire.js';
import { lovenseConnectService } from './lovense-connect-service.js';
import { lovense } from './lovense.js';
import { lovenuts } from './lovenuts.js';
import { luvmazer } from './luvmazer.js';
import { magicMotion1, magicMotion2, magicMotion3, magicMotion4 } from './magic-motion.js';
import { mannuo } from './mannuo.js';
import { maxpro } from './maxpro.js';
import { meese } from './meese.js';
import { mizzzeeV2 } from './mizzzee-v2.js';
import { mizzzeeV3 } from './mizzzee-v3.js';
import { mizzzee } from './mizzzee.js';
import { monsterpub } from './monsterpub.js';
import { motorbunny } from './motorbunny.js';
import { muse } from './muse.js';
import { mymuselinkplus } from './mymuselinkplus.js';
import { mysteryvibe, mysteryvibeV2 } from './mysteryvibe.js';
import { nextlevelracing } from './nextlevelracing.js';
import { nexusRevo } from './nexus-revo.js';
import { nintendoJoycon } from './nintendo-joycon.js';
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
import { satisfyer } from './satisfyer.js';
import { sayberx } from './sayberx.js';
import { senseeV2 } from './sensee-v2.js';
import { sensee } from './sensee.js';
import { serveu } from './serveu.js';
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
import { synchro } from './synchro.js';
import { tcodeV03 } from './tcode-v03.js';
import { thehandyV3 } from './thehandy-v3.js';
import { thehandy } from './thehandy.js';
import { tryfunBlackhole } from './tryfun-blackhole.js';
import { tryfunMeta2 } from './tryfun-meta2.js';
import { tryfun } from './tryfun.js';
import { twerkingbutt } from './twerkingbutt.js';
import { vibcrafter } from './vibcrafter.js';
import { vibratissimo } from './vibratissimo.js';
import { vorzeCycloneX } from './vorze-cyclone-x.js';
import { vorzeSa } from './vorze-sa.js';
import { wetoy } from './wetoy.js';
import { weVibe, weVibe8Bit, weVibeChorus } from './wevibe.js';
import { xibao } from './xibao.js';
import { xinput } from './xinput.js';
import { xiuxiuda } from './xiuxiuda.js';
import { xuanhuan } from './xuanhuan.js';
import { youcups } from './youcups.js';
import { youou } from './youou.js';
import { zalo } from './zalo.js';

export const PROTOCOLS: readonly ProtocolModule[] = [
  lovense,
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
  foreo,
  fox,
  fredorch,
  fredorchRotary,
  galaku,
  galakuPump,
  hgod,
  hismith,
  hismithMini,
  honeyplaybox,
  htkBm,
  itoys,
  jejoue,
  joyhub,
  kgoalBoost,
  kiirooPowerShot,
  kiirooProWand,
  kiirooSpot,
  kiirooV1,
  kiirooV2,
  kiirooV2Vibrator,
  kiirooV21,
  kiirooV21Initialized,
  kiirooV3,
  kizuna,
  leloF1s,
  leloF1sV2,
  leloHarmony,
  leten,
  liboElle,
  liboKaren,
  liboShark,
  liboVibes,
  lioness,
  loob,
  lovedistance,
  lovehoneyDesire,
  lovenseConnectService,
  lovenuts,
  luvmazer,
  magicMotion1,
  magicMotion2,
  magicMotion3,
  magicMotion4,
  mannuo,
  maxpro,
  meese,
  mizzzee,
  mizzzeeV2,
  mizzzeeV3,
  monsterpub,
  motorbunny,
  muse,
  mymuselinkplus,
  mysteryvibe,
  mysteryvibeV2,
  nextlevelracing,
  nexusRevo,
  nintendoJoycon,
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
  satisfyer,
  sayberx,
  sensee,
  senseeV2,
  serveu,
  sexverseLg389,
  sexverseV1,
  sexverseV2,
  sexverseV3,
  sexverseV4,
  sexverseV5,
  svakomAlex,
  svakomAlexV2,
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
  synchro,
  tcodeV03,
  thehandy,
  thehandyV3,
  tryfun,
  tryfunBlackhole,
  tryfunMeta2,
  twerkingbutt,
  vibcrafter,
  vibratissimo,
  vorzeCycloneX,
  vorzeSa,
  wetoy,
  weVibe,
  weVibe8Bit,
  weVibeChorus,
  xibao,
  xinput,
  xiuxiuda,
  xuanhuan,
  youcups,
  youou,
  zalo,
];

const BY_ID: ReadonlyMap<string, ProtocolModule> = new Map(PROTOCOLS.map((m) => [m.definition.id, m]));

export function protocolById(id: string): ProtocolModule | undefined {
  return BY_ID.get(id);
}
