// KGoal Boost (pelvic floor trainer): no outputs; a pressure sensor notifying on rxpressure and
// the standard battery characteristic. Facts: upstream device config "kgoal-boost" and
// kgoal_boost.rs.
//
// A pressure notification is [0x00, 0x01, 0x04, normalised u16 BE, raw u16 BE]. Feature 0 is the
// normalised reading, feature 1 the raw one; either can be subscribed on its own, and the
// characteristic is subscribed while at least one of them is. As upstream does, a reading is only
// reported when it differs from the previous notification's value.

import type { ProtocolDefinition } from '../core/database.js';
import type { InputType } from '../core/features.js';
import type {
  HardwareOps,
  HwWrite,
  NotificationReading,
  ProtocolHandler,
  ProtocolModule,
  ResolvedDevice,
} from '../core/protocol.js';
import { battery, btle, input } from './define.js';
import { readBleBattery } from './shared/exchanges.js';
import { requireOutputs } from './shared/handlers.js';

const RX_PRESSURE = 'rxpressure';
const NORMALISED = 0;
const RAW = 1;
const BATTERY = 2;

export interface PressureReadings {
  readonly normalised: number;
  readonly raw: number;
}

/** The two readings of a notification, or null when it is too short to hold them. */
export function parsePressure(data: Uint8Array): PressureReadings | null {
  if (data.length < 7) return null;
  return {
    normalised: ((data[3] as number) << 8) | (data[4] as number),
    raw: ((data[5] as number) << 8) | (data[6] as number),
  };
}

export class KGoalBoostHandler implements ProtocolHandler {
  /** Bit per subscribed pressure feature. */
  #subscribed = 0;
  /** Previous notification's values, [normalised, raw]; reset with each new subscription. */
  #last: [number, number] = [0, 0];

  encode(): readonly HwWrite[] {
    return [];
  }

  async readInput(hw: HardwareOps, feature: number, type: InputType): Promise<readonly number[]> {
    if (feature !== BATTERY || type !== 'Battery')
      throw new Error(`KGoal Boost cannot read ${type} on feature ${feature}`);
    return readBleBattery(hw);
  }

  async subscribeInput(hw: HardwareOps, feature: number, type: InputType): Promise<void> {
    const bit = pressureBit(feature, type);
    if ((this.#subscribed & bit) !== 0) return;
    if (this.#subscribed === 0) {
      await hw.subscribe(RX_PRESSURE);
      this.#last = [0, 0];
    }
    this.#subscribed |= bit;
  }

  async unsubscribeInput(hw: HardwareOps, feature: number, type: InputType): Promise<void> {
    const bit = pressureBit(feature, type);
    if ((this.#subscribed & bit) === 0) return;
    this.#subscribed &= ~bit;
    if (this.#subscribed === 0) await hw.unsubscribe(RX_PRESSURE);
  }

  /** A reading for each subscribed feature whose value changed since the last notification. */
  decodeNotification(endpoint: string, data: Uint8Array): NotificationReading[] {
    if (endpoint !== RX_PRESSURE || this.#subscribed === 0) return [];
    const p = parsePressure(data);
    if (p === null) return [];
    const [lastNormalised, lastRaw] = this.#last;
    this.#last = [p.normalised, p.raw];
    const readings: NotificationReading[] = [];
    if ((this.#subscribed & (1 << NORMALISED)) !== 0 && p.normalised !== lastNormalised) {
      readings.push({ feature: NORMALISED, type: 'Pressure', values: [p.normalised] });
    }
    if ((this.#subscribed & (1 << RAW)) !== 0 && p.raw !== lastRaw)
      readings.push({ feature: RAW, type: 'Pressure', values: [p.raw] });
    return readings;
  }
}

function pressureBit(feature: number, type: InputType): number {
  if (type !== 'Pressure' || (feature !== NORMALISED && feature !== RAW))
    throw new Error(`KGoal Boost cannot subscribe ${type} on feature ${feature}`);
  return 1 << feature;
}

function createHandler(device: ResolvedDevice): ProtocolHandler {
  requireOutputs(device, [], 'KGoal Boost');
  return new KGoalBoostHandler();
}

export const KGOAL_BOOST_DEFINITION: ProtocolDefinition = {
  id: 'kgoal-boost',
  communication: [
    btle({
      names: ['Boost'],
      services: {
        '180f': { rxblebattery: '2a19' },
        '8e7c6065-7656-17ad-1b41-b53d1a548e0d': { rxpressure: '10c2be2d-d2d5-b7a8-5f42-e2468c9ebbf5' },
      },
    }),
  ],
  defaults: {
    name: 'KGoal Boost',
    id: '1835b668-d778-4552-b75a-95053e06cd5c',
    features: [
      input(
        NORMALISED,
        'a5998ca1-c33e-4739-8203-0d6050b215bf',
        'Pressure',
        [[0, 2000]],
        ['Subscribe'],
        'Pressure (Normalized)',
      ),
      input(
        RAW,
        'da5ae965-a607-467a-bb62-c09d8e438205',
        'Pressure',
        [[0, 2000]],
        ['Subscribe'],
        'Pressure (Raw)',
      ),
      battery(BATTERY, '59d2de82-3acf-4316-982f-c2b570afd297'),
    ],
  },
  configurations: [],
};

export const kgoalBoost: ProtocolModule = {
  definition: KGOAL_BOOST_DEFINITION,
  createHandler,
};
