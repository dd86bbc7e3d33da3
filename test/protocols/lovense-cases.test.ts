// The upstream Lovense device cases (device-tests/test_lovense_*.yaml), byte for byte: the
// DeviceType exchange through a scripted peripheral, the configuration it selects, then each
// client message turned into internal commands the way the hub and coalescer do (v3 float →
// step by ceil(value × steps), unchanged values dropped, stop = zero per feature) and encoded.

import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { OutputCommand } from '../../src/core/commands.js';
import { STOPPABLE_OUTPUTS, type FeatureDef, type OutputType } from '../../src/core/features.js';
import { outputKey, type HwWrite, type ResolvedDevice } from '../../src/core/protocol.js';
import { buildDatabase, resolveDevice } from '../../src/config/index.js';
import { lovense } from '../../src/protocols/lovense.js';
import { hasReference, referencePath, REFERENCE_SKIP_REASON } from '../helpers/reference.js';
import { readCase, tagOf, type Tagged } from './device-cases.js';
import { FakeHardware } from './fake-hardware.js';

const files = hasReference
  ? readdirSync(referencePath('device-tests')).filter((f) => /^test_lovense_.*\.yaml$/.test(f))
  : [];

type Step = [string, Tagged];

/** device_commands with !VersionGated blocks flattened (every case here applies at v3/v4). */
function steps(list: unknown[]): Step[] {
  return list.flatMap((x) => {
    const [tag, body] = tagOf(x);
    if (tag === 'VersionGated') return steps((body as Tagged)['commands'] as unknown[]);
    return [[tag, body as Tagged] as Step];
  });
}

function expectedWrites(body: Tagged): { endpoint: string; data: number[]; withResponse: boolean }[] {
  return (body['commands'] as unknown[]).map((c) => {
    const [tag, w] = tagOf(c) as [string, Tagged];
    expect(tag).toBe('Write');
    return {
      endpoint: w['endpoint'] as string,
      data: w['data'] as number[],
      withResponse: w['write_with_response'] as boolean,
    };
  });
}

function plain(writes: readonly HwWrite[]): { endpoint: string; data: number[]; withResponse: boolean }[] {
  return writes.map((w) => ({ endpoint: w.endpoint, data: [...w.data], withResponse: w.withResponse }));
}

function stepsOf(f: FeatureDef, type: OutputType): number {
  return f.output?.[type]?.value[1] ?? 0;
}

/** One v1–v3 device message → internal commands (v4 semantics). */
function toCommands(device: ResolvedDevice, message: unknown): OutputCommand[] {
  const [tag, body] = tagOf(message);
  const outputs = device.features.filter((f) => f.output !== undefined);
  const withType = (t: OutputType): FeatureDef[] => outputs.filter((f) => f.output?.[t] !== undefined);
  const items = body as Tagged[];
  switch (tag) {
    case 'Vibrate':
      return items.map((v) => {
        const f = withType('Vibrate')[v['Index'] as number] as FeatureDef;
        return {
          feature: f.index,
          type: 'Vibrate',
          value: Math.ceil((v['Speed'] as number) * stepsOf(f, 'Vibrate')),
        };
      });
    case 'Scalar':
      return items.map((s) => {
        const f = outputs[s['Index'] as number] as FeatureDef;
        const type = s['ActuatorType'] as OutputType;
        return { feature: f.index, type, value: Math.ceil((s['Scalar'] as number) * stepsOf(f, type)) };
      });
    case 'Rotate':
      return items.map((r) => {
        const f = withType('Rotate')[r['Index'] as number] as FeatureDef;
        const speed = Math.ceil((r['Speed'] as number) * stepsOf(f, 'Rotate'));
        return { feature: f.index, type: 'Rotate', value: r['Clockwise'] ? speed : -speed };
      });
    case 'Stop':
      return outputs.flatMap((f) => {
        const type = (Object.keys(f.output ?? {}) as OutputType[]).find((t) => STOPPABLE_OUTPUTS.has(t));
        return type ? [{ feature: f.index, type, value: 0 }] : [];
      });
    default:
      throw new Error(`message ${tag} not handled by this runner`);
  }
}

const SUITE = 'upstream Lovense device cases';

describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
  test('there are cases to run', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  test.each(files)('%s', async (file) => {
    const c = readCase(referencePath('device-tests', file));
    const dev = (c['devices'] as Tagged[])[0] as Tagged;
    const name = (dev['identifier'] as Tagged)['name'] as string;

    // Identification: the init commands, answered by the init notification.
    const init = (c['device_init'] as unknown[]).map((x) => tagOf(x) as [string, Tagged]);
    const answer = init.flatMap(([tag, body]) =>
      tag === 'Events'
        ? (body['events'] as Tagged[]).flatMap((e) =>
            (e['Notifications'] as Tagged[]).map((n) => n['data'] as number[]),
          )
        : [],
    )[0] as number[];
    const hw = new FakeHardware(name, (_ep, text) =>
      text === 'DeviceType;' ? [Uint8Array.from(answer)] : [],
    );
    const identifier = (await lovense.identify!(hw)) as string | undefined; // Lovense never hands over
    const expectedInit = init.flatMap(([tag, body]) =>
      tag === 'Commands'
        ? (body['commands'] as unknown[]).map((x) => {
            const [op, o] = tagOf(x) as [string, Tagged];
            return op === 'Write'
              ? {
                  op: 'write',
                  endpoint: o['endpoint'],
                  data: o['data'],
                  withResponse: o['write_with_response'],
                }
              : { op: op.toLowerCase(), endpoint: o['endpoint'] };
          })
        : [],
    );
    expect(hw.ops.map(({ text: _t, ...o }: Record<string, unknown>) => o)).toEqual(expectedInit);

    const { db } = buildDatabase();
    const device = resolveDevice(db, 'lovense', identifier, name);
    expect(device?.config.name).toBe(dev['expected_name']);
    if (!device) return;
    const handler = lovense.createHandler(device);

    const current = new Map<string, OutputCommand>();
    const list = steps(c['device_commands'] as unknown[]);
    for (let i = 0; i < list.length; i++) {
      const [tag, body] = list[i] as Step;
      if (tag !== 'Messages') continue;
      const messages = body['messages'] as unknown[];
      const [first, fbody] = tagOf(messages[0]);
      const [nextTag, nextBody] = list[i + 1] as Step;
      expect(nextTag).toBe('Commands');
      if (first === 'Battery') {
        const [, events] = list[i + 2] as Step;
        const reply = ((events['events'] as Tagged[])[0]?.['Notifications'] as Tagged[])[0]?.[
          'data'
        ] as number[];
        const bhw = new FakeHardware(name, (_ep, text) =>
          text === 'Battery;' ? [Uint8Array.from(reply)] : [],
        );
        const battery = device.features.find((f) => f.input?.Battery) as FeatureDef;
        const values = await handler.readInput!(bhw, battery.index, 'Battery');
        expect(values).toEqual([Math.round(((fbody as Tagged)['expected_power'] as number) * 100)]);
        expect(bhw.ops.map(({ text: _t, ...o }: Record<string, unknown>) => ({ ...o }))).toEqual(
          expectedWrites(nextBody).map((w) => ({ op: 'write', ...w })),
        );
        continue;
      }
      const changed = messages
        .flatMap((m) => toCommands(device, m))
        .filter((cmd) => current.get(outputKey(cmd.feature, cmd.type))?.value !== cmd.value);
      for (const cmd of changed) current.set(outputKey(cmd.feature, cmd.type), cmd);
      expect(plain(handler.encode(changed, current)), `${file} step ${i}`).toEqual(expectedWrites(nextBody));
    }
  });
});
