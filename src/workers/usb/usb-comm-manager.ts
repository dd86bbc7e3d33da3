// The USB bus (libusb, not HID): the Rez TranceVibrator and any protocol whose `usb` specifier
// names a vendor/product id pair. Listing, matching and presence are device-list-bus.ts; this
// file says how a USB device is listed and opened (usb-adapter.ts, the `usb` package in
// production). A device's address is "usb:<bus>-<address>", as the reference's was its bus and
// address: the Rez has no serial number, so nothing steadier exists.

import type { Bus, BusContext, StartBus } from '../bus.js';
import {
  DeviceListBus,
  ListedDevicePeripheral,
  vidPidsNamedByWorkerConfig,
  vidPidText,
  type DeviceListOptions,
  type ListedDevice,
} from '../device-list-bus.js';
import { loadUsb, type UsbAdapter } from './usb-adapter.js';
import { UsbHardware } from './usb-hardware.js';

export const startUsbBus: StartBus = async (ctx) => {
  let adapter: UsbAdapter;
  try {
    // Loaded here, not at the top, so a machine where libusb cannot load only loses this bus.
    adapter = await loadUsb();
  } catch (err) {
    return {
      unavailable: `usb bus: the usb package (libusb) cannot be loaded here (${err instanceof Error ? err.message : String(err)}); on Linux it needs libudev (libudev1)`,
    };
  }
  return startUsbBusWith(ctx, adapter, { wanted: vidPidsNamedByWorkerConfig('usb') });
};

/** The bus with its adapter given: what startUsbBus runs, and what tests drive with a fake. */
export function startUsbBusWith(ctx: BusContext, adapter: UsbAdapter, opts: DeviceListOptions): Bus {
  return new DeviceListBus(
    ctx,
    {
      label: 'usb',
      async list() {
        return (await adapter.list()).map((d): ListedDevice => {
          const vidPid = { vendorId: d.vendorId, productId: d.productId };
          return { key: d.key, address: `usb:${d.key}`, name: `USB ${vidPidText(vidPid)}`, vidPid };
        });
      },
      peripheral: (device, forget) =>
        new ListedDevicePeripheral('usb', device, forget, (gone) => openUsb(adapter, ctx, device, gone)),
    },
    opts,
  );
}

/** Open a listed USB device as hardware, or say why it cannot be opened. */
async function openUsb(
  adapter: UsbAdapter,
  ctx: BusContext,
  device: ListedDevice,
  forget: () => void,
): Promise<UsbHardware> {
  let connection;
  try {
    connection = await adapter.open(device.key);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(
      `cannot open USB device ${device.key}: ${message} (on Linux, a udev rule must give you access to it; see README)`,
    );
  }
  ctx.log('debug', `usb: opened ${device.key} (${vidPidText(device.vidPid)})`);
  return new UsbHardware(device.name, device.address, connection, forget);
}
