// The policy step's pieces on their own: cap arithmetic (never above the cap, whatever the value
// or the range), role views (devices by name, display name or protocol:address; outputs and
// inputs filtered), the rate bucket, loopback classes and the admission desk.

import { describe, expect, it, vi } from 'vitest';
import { parseAccessConfig } from '../../src/access/access-config.js';
import { isLoopbackAddress, addressText } from '../../src/access/address.js';
import { AdmissionDesk, decideAdmission, type AdmissionWaiter } from '../../src/access/admission.js';
import { capValue, RolePolicy, type PolicyDevice } from '../../src/access/policy.js';
import { TokenBucket } from '../../src/access/rate-limit.js';
import { tokenHash } from '../../src/access/tokens.js';

describe('capValue', () => {
  it('maps the full range onto 0..cap and never exceeds floor(cap × range)', () => {
    expect(capValue(20, [0, 20], 0.4)).toBe(8);
    expect(capValue(10, [0, 20], 0.4)).toBe(4);
    expect(capValue(0, [0, 20], 0.4)).toBe(0);
    expect(capValue(20, [0, 20], 1)).toBe(20);
    expect(capValue(20, [0, 20], 0)).toBe(0);
    for (const cap of [0.01, 0.13, 0.43, 0.5, 0.77, 0.99]) {
      for (const max of [1, 3, 7, 20, 99, 100, 1000]) {
        const top = Math.floor(max * cap + 1e-9);
        for (let v = 0; v <= max; v++) {
          const got = capValue(v, [0, max], cap);
          expect(got).toBeGreaterThanOrEqual(0);
          expect(got, `v=${v} max=${max} cap=${cap}`).toBeLessThanOrEqual(top);
        }
        expect(capValue(max, [0, max], cap)).toBe(top);
      }
    }
  });

  it('scales the magnitude of signed ranges and keeps the direction', () => {
    expect(capValue(20, [-20, 20], 0.5)).toBe(10);
    expect(capValue(-20, [-20, 20], 0.5)).toBe(-10);
    expect(capValue(99, [-99, 99], 0.5)).toBe(49);
  });

  it('ranges that do not start at 0 are capped above their minimum', () => {
    expect(capValue(100, [50, 100], 0.5)).toBe(75);
    expect(capValue(50, [50, 100], 0.5)).toBe(50);
  });
});

function device(index: number, name: string, address: string, displayName?: string): PolicyDevice {
  return {
    index,
    protocol: 'lovense',
    address,
    descriptor: {
      name,
      ...(displayName !== undefined && { displayName }),
      messageTimingGap: 75,
      features: [
        { index: 0, description: '', output: { Vibrate: { value: [0, 20] }, Rotate: { value: [-20, 20] } } },
        { index: 1, description: 'battery', input: { Battery: { value: [[0, 100]], command: ['Read'] } } },
      ],
    },
  };
}

function role(json: object): RolePolicy {
  const c = parseAccessConfig(JSON.stringify({ roles: { r: json } }));
  return new RolePolicy(c.roles.get('r')!);
}

describe('RolePolicy', () => {
  it('sees devices by database name, display name or protocol:address', () => {
    const p = role({ devices: ['Lovense Hush', 'Stage left', 'lovense:addr-3'] });
    expect(p.view(device(0, 'Lovense Hush', 'a1'))).not.toBeNull();
    expect(p.view(device(1, 'Lovense Nora', 'a2', 'Stage left'))).not.toBeNull();
    expect(p.view(device(2, 'Lovense Nora', 'addr-3'))).not.toBeNull();
    expect(p.view(device(3, 'Lovense Nora', 'a4'))).toBeNull();
  });

  it('shows only allowed outputs, and no inputs without sensors; the same view object every time', () => {
    const p = role({ outputs: { Vibrate: { cap: 0.5 } }, sensors: false });
    const d = device(0, 'Lovense Nora', 'a');
    const v = p.view(d)!;
    expect(v.descriptor.features).toEqual([
      { index: 0, description: '', output: { Vibrate: { value: [0, 20] } }, input: undefined },
    ]);
    expect(p.view(d)).toBe(v);
    expect(p.capped(v, [{ feature: 0, type: 'Vibrate', value: 20 }])).toEqual([
      { feature: 0, type: 'Vibrate', value: 10 },
    ]);
  });

  it('a role with nothing capped passes commands through untouched (the same array)', () => {
    const p = role({ devices: ['*'] });
    const v = p.view(device(0, 'Lovense Nora', 'a'))!;
    const commands = [{ feature: 0, type: 'Vibrate' as const, value: 20 }];
    expect(p.capped(v, commands)).toBe(commands);
  });

  it('a device with nothing the role may use is not shown', () => {
    expect(
      role({ outputs: { Constrict: {} }, sensors: false }).view(device(0, 'Lovense Nora', 'a')),
    ).toBeNull();
  });
});

describe('TokenBucket', () => {
  it('allows a burst of `rate`, then `rate` per second', () => {
    const b = new TokenBucket(5, 0);
    expect(Array.from({ length: 7 }, () => b.take(0))).toEqual([true, true, true, true, true, false, false]);
    expect(b.take(200)).toBe(true);
    expect(b.take(200)).toBe(false);
    expect(Array.from({ length: 6 }, () => b.take(10_000)).filter(Boolean)).toHaveLength(5);
  });
});

describe('addresses', () => {
  it('knows loopback in IPv4, IPv6 and IPv4-mapped form', () => {
    expect(isLoopbackAddress(new Uint8Array([127, 0, 0, 1]))).toBe(true);
    expect(isLoopbackAddress(new Uint8Array([127, 1, 2, 3]))).toBe(true);
    expect(isLoopbackAddress(new Uint8Array([192, 0, 2, 1]))).toBe(false);
    const v6 = new Uint8Array(16);
    v6[15] = 1;
    expect(isLoopbackAddress(v6)).toBe(true);
    const mapped = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
    expect(isLoopbackAddress(mapped)).toBe(true);
    expect(addressText(mapped)).toBe('127.0.0.1');
    mapped[12] = 10;
    expect(isLoopbackAddress(mapped)).toBe(false);
    expect(addressText(v6)).toBe('::1');
  });
});

describe('admission', () => {
  const config = parseAccessConfig(
    JSON.stringify({
      admission: { loopback: 'open', remote: 'ask' },
      roles: { default: { devices: ['*'] }, a: {} },
      tokens: [{ name: 't', sha256: tokenHash('tok'), role: 'a', maxConnections: 2 }],
    }),
  );

  it('decides by token first, then by address class', () => {
    expect(decideAdmission(null, 'anything', false, 0, () => 0)).toEqual({
      kind: 'admit',
      tokenName: null,
      role: null,
    });
    expect(decideAdmission(config, 'tok', false, 0, () => 0)).toEqual({
      kind: 'admit',
      tokenName: 't',
      role: 'a',
    });
    expect(decideAdmission(config, 'tok', true, 0, () => 2)).toMatchObject({ kind: 'refuse' });
    expect(decideAdmission(config, 'bad', true, 0, () => 0)).toEqual({
      kind: 'refuse',
      reason: 'unknown token',
    });
    expect(decideAdmission(config, null, true, 0, () => 0)).toEqual({
      kind: 'admit',
      tokenName: null,
      role: 'default',
    });
    expect(decideAdmission(config, null, false, 0, () => 0)).toEqual({ kind: 'ask' });
  });

  function waiter(
    id: number,
    name = 'app',
    origin: string | null = 'https://venue.example',
  ): AdmissionWaiter & { outcome: string } {
    const w = {
      id,
      name,
      address: '192.0.2.1',
      origin,
      since: 0,
      outcome: '',
      admitted: () => (w.outcome = 'admitted'),
      denied: (r: string) => (w.outcome = `denied: ${r}`),
    };
    return w;
  }

  it('holds clients until admitted, denied or the wait runs out; remembered decisions apply at once', () => {
    vi.useFakeTimers();
    try {
      const desk = new AdmissionDesk(60_000);
      const a = waiter(1);
      const b = waiter(2, 'other');
      const c = waiter(3, 'slow');
      desk.request(a);
      desk.request(b);
      desk.request(c);
      expect(desk.list().map((h) => h.id)).toEqual([1, 2, 3]);
      expect(desk.admit(1, true)).toBe(true);
      expect(a.outcome).toBe('admitted');
      expect(desk.deny(2)).toBe(true);
      expect(b.outcome).toBe('denied: the operator refused this client');
      expect(desk.admit(2)).toBe(false);
      vi.advanceTimersByTime(60_000);
      expect(c.outcome).toBe('denied: no decision from the operator within 60 s');
      expect(desk.list()).toEqual([]);
      // The same app from the same origin is let in at once now; from another origin it waits.
      const again = waiter(4);
      desk.request(again);
      expect(again.outcome).toBe('admitted');
      desk.request(waiter(5, 'app', 'https://elsewhere.example'));
      expect(desk.list().map((h) => h.id)).toEqual([5]);
    } finally {
      vi.useRealTimers();
    }
  });
});
