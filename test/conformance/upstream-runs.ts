// At which spec versions upstream runs each device case. Facts from
// crates/buttplug_tests/tests/test_device_protocols.rs at ../shared/reference/UPSTREAM_COMMIT:
// its v4 and v3 lists hold every case except the ones in NOT_RUN_UPSTREAM; its v2 list (the same
// as v1) is the shorter V2_CASES below, the cases whose messages and values survive the
// conversion down to spec v2. Listed here as data because the reference folder carries only the
// YAML files, not upstream's Rust test list. A YAML file added to the folder runs at v3 and v4
// unless it is named here.

export const SPEC_VERSIONS = [2, 3, 4] as const;
export type SpecVersion = (typeof SPEC_VERSIONS)[number];

/** Cases upstream does not run at any version, with the reason. */
export const NOT_RUN_UPSTREAM: ReadonlyMap<string, string> = new Map([
  ['test_cowgirl_cone_protocol.yaml', 'commented out of every version list upstream'],
  ['test_fredorch_protocol.yaml', 'commented out of every version list upstream'],
  ['test_honeyplaybox_protocol.yaml', 'commented out of every version list upstream'],
  ['test_magic_motion_2_eidolon.yaml', 'commented out of every version list upstream'],
  ['test_jejoue_protocol.yaml', 'not in any version list upstream'],
]);

/** Cases upstream also runs at spec v2 (test_device_protocols_{embedded,json}_v2). */
export const V2_CASES: ReadonlySet<string> = new Set([
  'test_activejoy_protocol.yaml',
  'test_adrienlastic_protocol.yaml',
  'test_amorelie_joy_protocol.yaml',
  'test_aneros_protocol.yaml',
  'test_ankni_protocol.yaml',
  'test_ankni_protocol_no_handshake.yaml',
  'test_bananasome_protocol.yaml',
  'test_cachito_protocol.yaml',
  'test_cowgirl_protocol.yaml',
  'test_cupido_protocol.yaml',
  'test_deepsire.yaml',
  'test_feelingso.yaml',
  'test_fleshy_thrust_protocol.yaml',
  'test_fluffer_protocol.yaml',
  'test_foreo_protocol.yaml',
  'test_fox_protocol.yaml',
  'test_galaku.yaml',
  'test_galaku_nebula.yaml',
  'test_hgod_protocol.yaml',
  'test_hismith_auxfun_box.yaml',
  'test_hismith_sinloli.yaml',
  'test_hismith_thrusting_cup.yaml',
  'test_hismith_v4.yaml',
  'test_hismith_wildolo.yaml',
  'test_itoys_protocol.yaml',
  'test_lelo_idawave.yaml',
  'test_lelo_tianiharmony.yaml',
  'test_leten_protocol.yaml',
  'test_loob_protocol.yaml',
  'test_lovense_battery.yaml',
  'test_lovense_battery_non_default.yaml',
  'test_lovense_flexer_fw2.yaml',
  'test_lovense_max.yaml',
  'test_lovense_single_vibrator.yaml',
  'test_luvmazer_protocol.yaml',
  'test_magic_motion_1_magic_cell.yaml',
  'test_magic_motion_2_equinox.yaml',
  'test_magic_motion_3_krush.yaml',
  'test_meese_protocol.yaml',
  'test_mizzzee_protocol.yaml',
  'test_mizzzee_v2_protocol.yaml',
  'test_motorbunny_protocol.yaml',
  'test_nexus_revo.yaml',
  'test_nobra_protocol.yaml',
  'test_omobo_protocol.yaml',
  'test_pink_punch_protocol.yaml',
  'test_sakuraneko_koikoi.yaml',
  'test_sakuraneko_protocol.yaml',
  'test_sensee_protocol.yaml',
  'test_serveu_protocol.yaml',
  'test_svakom_alex.yaml',
  'test_svakom_alex_v2.yaml',
  'test_tcode_linear_and_vibrate.yaml',
  'test_wetoy_protocol.yaml',
  'test_wevibe_4plus.yaml',
  'test_wevibe_chorus.yaml',
  'test_wevibe_moxie.yaml',
  'test_wevibe_pivot.yaml',
  'test_wevibe_vector.yaml',
  'test_xibao_protocol.yaml',
  'test_xiuxiuda_protocol.yaml',
  'test_xuanhuan_protocol.yaml',
]);

/** The spec versions (of 2, 3, 4) upstream runs `file` at; empty when it does not run it. */
export function upstreamVersions(file: string): SpecVersion[] {
  if (NOT_RUN_UPSTREAM.has(file)) return [];
  return SPEC_VERSIONS.filter((v) => v >= 3 || V2_CASES.has(file));
}
