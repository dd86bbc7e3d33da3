// Stable device indexes across restarts, as Intiface Engine keeps them: every index the user
// device config gives a device is kept free for that device, and a device seen for the first time
// is written into the file with the index it got, so the next run reserves it too.

import type { DeviceIdentity, UserDeviceConfig } from '../core/index.js';
import { userEntryKey, userEntryKeys, type NewDeviceEntry } from '../config/index.js';
import type { DeviceMemory, HubDevice } from './device-hub.js';
import { log } from './log.js';

/** Where new devices go: UserConfigWriter, or a test's list. */
export interface EntrySink {
  add(entry: NewDeviceEntry): void;
}

export class UserConfigMemory implements DeviceMemory {
  /** Entries in the file at start plus those recorded since. */
  private readonly known: Set<string>;
  private readonly reserved: Set<number>;

  constructor(
    config: UserDeviceConfig,
    private readonly sink: EntrySink,
  ) {
    this.known = userEntryKeys(config);
    this.reserved = new Set(config.devices.flatMap((d) => (d.index === undefined ? [] : [d.index])));
  }

  reserves(index: number): boolean {
    return this.reserved.has(index);
  }

  added(device: HubDevice, identity: DeviceIdentity | undefined): void {
    if (identity === undefined) return;
    const key = userEntryKey(device.address, device.protocol, identity.identifier);
    if (this.known.has(key)) return;
    this.known.add(key);
    this.reserved.add(device.index);
    const { configId, featureIds } = identity;
    if (configId === undefined || featureIds === undefined) {
      // A user config entry names its configuration by upstream id; without one there is nothing to write.
      log(
        'info',
        `device ${device.index} (${identity.configName}) is not recorded in the user device config: its configuration has no upstream id`,
      );
      return;
    }
    this.sink.add({
      address: device.address,
      protocol: device.protocol,
      ...(identity.identifier !== undefined && { identifier: identity.identifier }),
      name: identity.configName,
      baseId: configId,
      featureIds,
      index: device.index,
    });
  }
}
