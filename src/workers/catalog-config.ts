// The DeviceCatalog of a running worker: src/config's device database built from the built-in
// protocol modules (src/protocols) and the worker's BusWorkerData (--device-config-file
// definitions, user device config). The main thread already built the same database once and
// logged its warnings, so the worker ignores them.

import type { BusWorkerData } from '../core/channel.js';
import {
  addressRefusal,
  buildDatabase,
  matchBtle,
  matchLovenseConnect,
  matchSerial,
  matchVidPid,
  matchWebsocket,
  protocolDefinition,
  protocolModule,
  resolveDevice,
  toDeviceCommand,
  userEntryIdentifier,
  userSettings,
  type DeviceDatabase,
} from '../config/index.js';
import type { Advertisement } from './bus.js';
import type { DeviceCatalog, UserSettings } from './catalog.js';

export function createCatalog(data: BusWorkerData): DeviceCatalog {
  const { db } = buildDatabase({ overrides: data.configOverrides, userConfig: data.userConfig });
  return new ConfigCatalog(db);
}

class ConfigCatalog implements DeviceCatalog {
  constructor(private readonly db: DeviceDatabase) {}

  match(advert: Advertisement): readonly string[] {
    switch (advert.transport) {
      case 'btle':
        return matchBtle(this.db, advert).map((c) => c.protocol);
      case 'serial': // a port says nothing about itself: its path is what the config names
        return matchSerial(this.db, advert.address).map((c) => c.protocol);
      case 'websocket': // the identifier from the device's handshake stands in for the name
        return matchWebsocket(this.db, advert.name).map((c) => c.protocol);
      case 'lovense-connect': // the app says nothing but the toy type, which identify() reads
        return matchLovenseConnect(this.db).map((c) => c.protocol);
      case 'hid':
      case 'usb':
        return advert.vidPid === undefined
          ? []
          : matchVidPid(this.db, advert.transport, advert.vidPid).map((c) => c.protocol);
      default:
        return [];
    }
  }

  definition(protocolId: string) {
    return protocolDefinition(this.db, protocolId);
  }

  module(protocolId: string) {
    return protocolModule(this.db, protocolId);
  }

  resolve(protocolId: string, identifier: string | undefined, name: string, address: string) {
    return resolveDevice(this.db, protocolId, identifier, name, address);
  }

  refusal(address: string): string | null {
    return addressRefusal(this.db, address);
  }

  userEntryIdentifier(protocolId: string, identifier: string | undefined, name: string): string | undefined {
    return userEntryIdentifier(this.db, protocolId, identifier, name);
  }

  userSettings(
    address: string,
    protocolId: string,
    identifier: string | undefined,
    name: string,
  ): UserSettings {
    const s = userSettings(this.db, address, protocolId, identifier, name);
    const { limits } = s;
    return {
      ...(s.displayName !== undefined && { displayName: s.displayName }),
      ...(s.reservedIndex !== undefined && { reservedIndex: s.reservedIndex }),
      ...(s.messageGapMs !== undefined && { messageGapMs: s.messageGapMs }),
      ...(s.features !== undefined && { features: s.features }),
      ...(limits.length > 0 && { toDevice: (cmd) => toDeviceCommand(limits, cmd) }),
    };
  }
}
