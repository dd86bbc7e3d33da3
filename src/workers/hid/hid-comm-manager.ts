// The HID bus: Nintendo Joy-Con, the Vorze Cyclone X dongle and any protocol whose `hid`
// specifier names a vendor/product id pair. Listing, matching and presence are device-list-bus.ts;
// this file says how a HID device is listed and opened (hid-adapter.ts, node-hid in production).
// A device's address is its serial number (as upstream's, so user config entries carry over),
// or its system path when it has none (upstream skips such devices; the Vorze dongle may be one).

import type { Bus, BusContext, StartBus } from '../bus.js';
import {
  DeviceListBus,
  ListedDevicePeripheral,
  vidPidsNamedByWorkerConfig,
  vidPidText,
  type DeviceListOptions,
  type ListedDevice,
} from '../device-list-bus.js';
import { loadNodeHid, type HidAdapter } from './hid-adapter.js';
import { HidHardware } from './hid-hardware.js';

export const startHidBus: StartBus = async (ctx) => {
  let adapter: HidAdapter;
  try {
    // Loaded here, not at the top, so a machine where node-hid cannot load only loses this bus.
    adapter = await loadNodeHid();
  } catch (err) {
    return {
      unavailable: `hid bus: node-hid cannot be loaded here (${err instanceof Error ? err.message : String(err)}); on Linux it needs libudev (libudev1)`,
    };
  }
  return startHidBusWith(ctx, adapter, { wanted: vidPidsNamedByWorkerConfig('hid') });
};

/** The bus with its adapter given: what startHidBus runs, and what tests drive with a fake. */
export function startHidBusWith(ctx: BusContext, adapter: HidAdapter, opts: DeviceListOptions): Bus {
  return new DeviceListBus(
    ctx,
    {
      label: 'hid',
      async list() {
        return (await adapter.list()).map((d): ListedDevice => ({
          key: d.path,
          address: d.serialNumber ?? d.path,
          name: d.product ?? `HID ${vidPidText(d)}`,
          vidPid: { vendorId: d.vendorId, productId: d.productId },
        }));
      },
      peripheral: (device, forget) =>
        new ListedDevicePeripheral('hid', device, forget, (gone) => openHid(adapter, ctx, device, gone)),
    },
    opts,
  );
}

/** Open a listed HID device as hardware, or say why it cannot be opened. */
async function openHid(
  adapter: HidAdapter,
  ctx: BusContext,
  device: ListedDevice,
  forget: () => void,
): Promise<HidHardware> {
  let connection;
  try {
    connection = await adapter.open(device.key);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(
      `cannot open ${device.key}: ${message} (on Linux, a udev rule must give you access to the hidraw device; see README)`,
    );
  }
  ctx.log('debug', `hid: opened ${device.key} (${vidPidText(device.vidPid)})`);
  return new HidHardware(device.name, device.address, connection, forget);
}
