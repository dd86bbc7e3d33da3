// Pins the float → step rounding to upstream's own device cases: the !Vibrate/!Scalar/!Rotate/
// !Linear floats in device-tests/*.yaml, converted by convertUp against the device's features from
// the upstream device config, must give the step values visible in the bytes the case expects.
// Only cases whose bytes show the step plainly are used; the protocol encoders' own suites cover
// the rest.
import { readFileSync } from 'node:fs';
import YAML, { type YAMLMap, type YAMLSeq } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { DeviceDescriptor, FeatureDef, OutputCommand } from '../../src/core/index.js';
import { convertUp, decodeMessage } from '../../src/codec/index.js';
import { hasReference, REFERENCE_SKIP_REASON } from './support.js';
import { referencePath } from '../helpers/reference.js';

type Write = { data: number[] };
/** What the bytes of one !Commands block say each feature was set to. */
type Expect = (writes: Write[]) => Array<{ feature: number; value: number; duration?: number }>;

const ascii = (w: Write) => String.fromCharCode(...w.data);

const CASES: ReadonlyArray<{ file: string; expected: Expect; why: string }> = [
  {
    file: 'test_lovense_edge.yaml',
    why: 'two [0, 20] vibrators: 0.25 → 5, 0.5 → 10, 0.75 → 15',
    expected: (ws) =>
      ws.flatMap((w) => {
        const m = /^Vibrate(\d):(\d+);$/.exec(ascii(w));
        return m ? [{ feature: Number(m[1]) - 1, value: Number(m[2]) }] : [];
      }),
  },
  {
    file: 'test_lovense_nora.yaml',
    why: '[0, 20] vibrator and [-20, 20] rotator: 0.5 → 10, 1.0 → 20',
    expected: (ws) =>
      ws.flatMap((w) => {
        const m = /^(Vibrate|Rotate):(\d+);$/.exec(ascii(w));
        return m ? [{ feature: m[1] === 'Vibrate' ? 0 : 1, value: Number(m[2]) }] : [];
      }),
  },
  {
    file: 'test_fox_protocol.yaml',
    why: '[0, 3] vibrator: 0.75 → 3 (rounds up)',
    expected: (ws) => ws.map((w) => ({ feature: 0, value: w.data[4]! })),
  },
  {
    file: 'test_itoys_protocol.yaml',
    why: '[0, 3] vibrator: 0.1 → 1, 0.5 → 2 (rounds up)',
    expected: (ws) => ws.map((w) => ({ feature: 0, value: w.data[4]! })),
  },
  {
    file: 'test_jejoue_protocol.yaml',
    why: '[0, 5] vibrator: 0.5 → 3 (rounds up)',
    expected: (ws) => ws.filter((w) => w.data[0] === 2).map((w) => ({ feature: 0, value: w.data[1]! })),
  },
  {
    file: 'test_joyhub_roselin.yaml',
    why: 'ScalarCmd over vibrate [0, 255], rotate [0, 255], constrict [0, 4]: 0.5 → 128, 0.1 → 26, 0.8 → 4',
    expected: (ws) =>
      ws.flatMap((w) =>
        w.data[1] === 0x03
          ? [{ feature: 0, value: w.data[2]! }, ...(w.data[5] ? [{ feature: 1, value: w.data[5] }] : [])]
          : [{ feature: 2, value: w.data[4]! }],
      ),
  },
  {
    file: 'test_fleshy_thrust_protocol.yaml',
    why: 'LinearCmd on [0, 180]: 0.30 → 54, 1000 ms',
    expected: (ws) =>
      ws.map((w) => ({ feature: 0, value: w.data[0]!, duration: (w.data[1]! << 8) | w.data[2]! })),
  },
];

const SNAKE: Record<string, string> = { hw_position_with_duration: 'HwPositionWithDuration' };
const pascal = (k: string) => SNAKE[k] ?? k[0]!.toUpperCase() + k.slice(1);

/** The expected device's features from the upstream config, indexed by position. */
function descriptorFor(name: string): DeviceDescriptor {
  const config = JSON.parse(readFileSync(referencePath('buttplug-device-config-v4.json'), 'utf8')) as {
    protocols: Record<
      string,
      {
        defaults?: { name: string; features?: unknown[] };
        configurations?: Array<{ name: string; features?: unknown[] }>;
      }
    >;
  };
  for (const p of Object.values(config.protocols)) {
    for (const conf of [p.defaults, ...(p.configurations ?? [])]) {
      if (conf?.name !== name) continue;
      const raw = (conf.features ?? p.defaults?.features ?? []) as Array<{
        output?: Record<string, object>;
        input?: Record<string, object>;
      }>;
      const features: FeatureDef[] = raw.map((f, index) => ({
        index,
        description: '',
        ...(f.output && {
          output: Object.fromEntries(Object.entries(f.output).map(([k, v]) => [pascal(k), v])),
        }),
        ...(f.input && {
          input: Object.fromEntries(Object.entries(f.input).map(([k, v]) => [pascal(k), v])),
        }),
      }));
      return { name, messageTimingGap: 0, features };
    }
  }
  throw new Error(`no configuration named ${name}`);
}

const TAG_TO_MESSAGE: Record<string, [string, string]> = {
  '!Vibrate': ['VibrateCmd', 'Speeds'],
  '!Scalar': ['ScalarCmd', 'Scalars'],
  '!Rotate': ['RotateCmd', 'Rotations'],
  '!Linear': ['LinearCmd', 'Vectors'],
};

const SUITE = 'upstream device cases pin the rounding';
describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
  for (const { file, expected, why } of CASES) {
    it(`${file}: ${why}`, () => {
      const doc = YAML.parseDocument(readFileSync(referencePath('device-tests', file), 'utf8'), {
        logLevel: 'silent',
      });
      const name = String(doc.getIn(['devices', 0, 'expected_name']));
      const device = descriptorFor(name);
      const steps = (doc.get('device_commands') as YAMLSeq<YAMLMap & { tag?: string }>).items;
      let checked = 0;
      for (let i = 0; i < steps.length - 1; i++) {
        const messages =
          (steps[i]!.get('messages') as YAMLSeq<{ tag?: string; toJSON(): unknown }> | undefined)?.items ??
          [];
        const next = steps[i + 1]!;
        if (steps[i]!.tag !== '!Messages' || next.tag !== '!Commands') continue;
        for (const m of messages) {
          const wire = TAG_TO_MESSAGE[m.tag ?? ''];
          if (wire === undefined) continue;
          const req = decodeMessage({ [wire[0]]: { Id: 1, DeviceIndex: 0, [wire[1]]: m.toJSON() } }, 3);
          expect(req.kind).toBe('DeviceCommand');
          if (req.kind !== 'DeviceCommand') return;
          const converted = convertUp(req.command, device, 0, new Map());
          expect(converted.kind).toBe('outputs');
          const ours = (converted as unknown as { commands: OutputCommand[] }).commands;
          const writes = (next.toJSON() as { commands: Write[] }).commands;
          for (const want of expected(writes)) {
            const got = ours.find((c) => c.feature === want.feature);
            expect(got, `${file}: feature ${want.feature}`).toBeDefined();
            expect(Math.abs(got!.value)).toBe(want.value);
            if (want.duration !== undefined) expect(got!.duration).toBe(want.duration);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
