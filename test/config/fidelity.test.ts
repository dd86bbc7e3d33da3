// Database fidelity: the built-in device database (src/protocols, written protocol by protocol)
// against the upstream device config it was written from, protocol by protocol: identification
// facts, names, features, output/input types, ranges and timing gaps. Every difference is printed;
// a built-in protocol that differs fails, unless the difference is listed in DELIBERATE with its
// reason. Protocols not built in yet are printed as missing (the catalogue is completed protocol
// by protocol; the summary line says how far).

import { describe, expect, test } from 'vitest';
import { loadDeviceConfigFile } from '../../src/config/index.js';
import type { CommunicationSpecifier, DeviceConfig, ProtocolDefinition } from '../../src/core/database.js';
import { PROTOCOLS } from '../../src/protocols/index.js';
import { hasReference, referencePath, REFERENCE_SKIP_REASON } from '../helpers/reference.js';

/**
 * Differences we keep on purpose: protocol id → path prefix → reason. A difference is excused
 * when its path starts with a listed prefix.
 */
const DELIBERATE: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

/** Order carries no meaning in these lists; configurations are compared by their identity. */
function canonicalCommunication(c: CommunicationSpecifier): unknown {
  if (!('btle' in c)) return c;
  const b = c.btle;
  return {
    btle: {
      names: [...b.names].sort(),
      ...(b.advertisedServices &&
        b.advertisedServices.length > 0 && {
          advertisedServices: [...b.advertisedServices].map((s) => s.toLowerCase()).sort(),
        }),
      ...(b.manufacturerData &&
        b.manufacturerData.length > 0 && {
          manufacturerData: [...b.manufacturerData].map((m) => JSON.stringify(m)).sort(),
        }),
      services: Object.fromEntries(
        Object.entries(b.services)
          .map(
            ([svc, chars]) =>
              [
                svc.toLowerCase(),
                Object.fromEntries(
                  Object.entries(chars)
                    .map(([ep, ch]) => [ep, ch.toLowerCase()])
                    .sort(),
                ),
              ] as const,
          )
          .sort(([a], [z]) => a.localeCompare(z)),
      ),
    },
  };
}

function configKey(c: DeviceConfig): string {
  return `${(c.identifiers ?? []).join('|')}#${c.name}`;
}

function canonical(d: ProtocolDefinition): Record<string, unknown> {
  return {
    communication: d.communication
      .map(canonicalCommunication)
      .sort((a, z) => JSON.stringify(a).localeCompare(JSON.stringify(z))),
    defaults: d.defaults,
    configurations: Object.fromEntries(
      [...d.configurations].map((c) => [configKey(c), c] as const).sort(([a], [z]) => a.localeCompare(z)),
    ),
  };
}

/** Paths where two JSON-like values differ, as "path: ours ≠ upstream". */
export function differences(ours: unknown, upstream: unknown, path = ''): string[] {
  if (Object.is(ours, upstream)) return [];
  const bothObjects =
    typeof ours === 'object' && ours !== null && typeof upstream === 'object' && upstream !== null;
  if (!bothObjects || Array.isArray(ours) !== Array.isArray(upstream)) {
    return [`${path || '(root)'}: ours ${JSON.stringify(ours)} ≠ upstream ${JSON.stringify(upstream)}`];
  }
  const a = ours as Record<string, unknown>;
  const b = upstream as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    if (a[k] === undefined && b[k] === undefined) continue;
    out.push(...differences(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return out;
}

function excused(protocol: string, diff: string): boolean {
  const listed = DELIBERATE[protocol] ?? {};
  return Object.keys(listed).some((prefix) => diff.startsWith(prefix));
}

test('differences() names each differing path', () => {
  expect(differences({ a: [1, 2], b: { c: 'x' } }, { a: [1, 3], b: { c: 'x' }, d: true })).toEqual([
    'a.1: ours 2 ≠ upstream 3',
    'd: ours undefined ≠ upstream true',
  ]);
  expect(differences({ a: 1 }, { a: 1 })).toEqual([]);
});

const SUITE = 'built-in device database against the upstream device config';

describe.skipIf(!hasReference)(hasReference ? SUITE : `${SUITE}: ${REFERENCE_SKIP_REASON}`, () => {
  const loaded = hasReference ? loadDeviceConfigFile(referencePath('buttplug-device-config-v4.json')) : null;
  const upstream = new Map<string, ProtocolDefinition>(loaded?.ok ? loaded.value.map((p) => [p.id, p]) : []);
  const builtIn = PROTOCOLS.map((m) => m.definition);

  test('the upstream file loads', () => {
    if (loaded && !loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(upstream.size).toBeGreaterThan(100);
  });

  test('every built-in protocol exists upstream', () => {
    expect(builtIn.map((d) => d.id).filter((id) => !upstream.has(id))).toEqual([]);
  });

  test.each(builtIn.map((d) => [d.id, d] as const))(
    '%s: identical to upstream but for the listed deliberate differences',
    (id, ours) => {
      const theirs = upstream.get(id);
      if (theirs === undefined) return; // reported by the test above
      const diffs = differences(canonical(ours), canonical(theirs));
      const unexcused = diffs.filter((d) => !excused(id, d));
      if (diffs.length > 0)
        process.stdout.write(
          `fidelity ${id}: ${diffs.length} difference(s)\n${diffs.map((d) => `  ${d}`).join('\n')}\n`,
        );
      expect(unexcused).toEqual([]);
    },
  );

  test('summary', () => {
    const missing = [...upstream.keys()].filter((id) => !builtIn.some((d) => d.id === id)).sort();
    process.stdout.write(
      `fidelity: ${upstream.size - missing.length}/${upstream.size} upstream protocols built in` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}\n` : '\n'),
    );
    expect(upstream.size - missing.length).toBe(builtIn.length);
  });
});
