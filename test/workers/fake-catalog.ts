// A small protocol and catalog for runtime tests, so they do not depend on src/config or on any
// real protocol module. Text commands, like Lovense:
//   identify:   subscribe rx, write "ID;" to tx, the device answers "<letter>;" on rx
//   initialise: write "INIT;" to tx with response
//   encode:     one write per changed output, "<Type><feature>:<value>;"
//   Battery:    read rx (one byte)
//   Pressure:   subscribe → subscribe rx2; notifications "P:<n>;" on rx2 are readings

import type { OutputCommand } from '../../src/core/commands.js';
import type { ProtocolDefinition } from '../../src/core/database.js';
import type { FeatureDef } from '../../src/core/features.js';
import type { HwWrite, ProtocolModule, ResolvedDevice } from '../../src/core/protocol.js';
import type { Advertisement } from '../../src/workers/bus.js';
import type { DeviceCatalog, UserSettings } from '../../src/workers/catalog.js';

const text = (s: string) => new TextEncoder().encode(s);
const untext = (b: Uint8Array) => new TextDecoder().decode(b);

export const FAKE_FEATURES: FeatureDef[] = [
  { index: 0, description: 'motor 1', output: { Vibrate: { value: [0, 20] } } },
  {
    index: 1,
    description: 'motor 2',
    output: { Position: { value: [0, 100] }, Rotate: { value: [-20, 20] } },
  },
  { index: 2, description: 'battery', input: { Battery: { value: [[0, 100]], command: ['Read'] } } },
  {
    index: 3,
    description: 'pressure',
    input: { Pressure: { value: [[0, 1000]], command: ['Subscribe', 'Unsubscribe'] } },
  },
  {
    index: 4,
    description: 'signal',
    input: { Rssi: { value: [[-128, 0]], command: ['Read', 'Subscribe', 'Unsubscribe'] } },
  },
];

export const FAKE_DEFINITION: ProtocolDefinition = {
  id: 'fakeproto',
  communication: [
    {
      btle: {
        names: ['FAKE-*'],
        services: { fff0: { tx: 'fff1', rx: 'fff2', rx2: 'fff3' } },
      },
    },
  ],
  defaults: { name: 'Fake Device', features: FAKE_FEATURES, messageGapMs: 50 },
  configurations: [
    { name: 'Fake Vibe', identifiers: ['A'] },
    // variant 'plain': a handler with no input methods at all
    { name: 'Fake Fast', identifiers: ['Z'], messageGapMs: 0, variant: 'plain' },
  ],
};

export const FAKE_MODULE: ProtocolModule = {
  definition: FAKE_DEFINITION,
  async identify(hw) {
    await hw.subscribe('rx');
    const answer = hw.nextNotification('rx', 1000);
    answer.catch(() => {}); // awaited below; the write may fail first
    await hw.write('tx', text('ID;'), false);
    return untext(await answer).replace(/;$/, '');
  },
  async initialise(hw) {
    await hw.write('tx', text('INIT;'), true);
  },
  createHandler(device) {
    const encode = (changed: readonly OutputCommand[]): HwWrite[] =>
      changed.map((c) => ({
        endpoint: 'tx',
        data: text(`${c.type}${c.feature}:${c.value};`),
        withResponse: false,
      }));
    if (device.config.variant === 'plain') return { encode };
    return {
      encode,
      async readInput(hw, feature, type) {
        if (type !== 'Battery' || feature !== 2) throw new Error(`cannot read ${type}`);
        const data = await hw.read('rx', 1);
        return [data[0] ?? 0];
      },
      async subscribeInput(hw) {
        await hw.subscribe('rx2');
      },
      async unsubscribeInput(hw) {
        await hw.unsubscribe('rx2');
      },
      decodeNotification(endpoint, data) {
        const m = /^P:(\d+);$/.exec(untext(data));
        if (endpoint !== 'rx2' || !m) return [];
        if (m[1] === '666') throw new Error('decoder bug');
        return [{ feature: 3, type: 'Pressure', values: [Number(m[1])] }];
      },
    };
  },
};

export class FakeCatalog implements DeviceCatalog {
  denied = new Set<string>();
  users = new Map<string, UserSettings>();

  match(advert: Advertisement): readonly string[] {
    return advert.name.startsWith('FAKE-') ? ['fakeproto'] : [];
  }

  definition(id: string): ProtocolDefinition | undefined {
    return id === 'fakeproto' ? FAKE_DEFINITION : undefined;
  }

  module(id: string): ProtocolModule | undefined {
    return id === 'fakeproto' ? FAKE_MODULE : undefined;
  }

  resolve(protocolId: string, identifier: string | undefined): ResolvedDevice | undefined {
    const config = FAKE_DEFINITION.configurations.find(
      (c) => identifier !== undefined && c.identifiers?.includes(identifier),
    );
    if (!config) return undefined;
    const defaults = FAKE_DEFINITION.defaults!;
    return {
      protocol: protocolId,
      ...(identifier !== undefined && { identifier }),
      config: { ...defaults, ...config },
      features: config.features ?? defaults.features ?? [],
    };
  }

  refusal(address: string): string | null {
    return this.denied.has(address) ? `address ${address} is denied by the user device config` : null;
  }

  userSettings(address: string): UserSettings {
    return this.users.get(address) ?? {};
  }

  /** The fake protocol identifies, so an entry carries what identify() returned. */
  userEntryIdentifier(_protocolId: string, identifier: string | undefined): string | undefined {
    return identifier;
  }
}
