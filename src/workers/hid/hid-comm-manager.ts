// The HID bus: Nintendo Joy-Con, the Vorze Cyclone X dongle and any protocol whose `hid`
// specifier names a vendor/product id pair. Listing, matching and presence are device-list-bus.ts;
// this file says how a HID device is listed and opened (hid-adapter.ts, node-hid in production).
// A device's address is its serial number (as upstream's, so user config entries carry over),
// or its system path when it has none (upstream skips such devices; the Vorze dongle may be one).

import type { BusContext, BusHardware, Peripheral, Advertisement, StartBus, Bus } from '../bus.js';
import { HardwareGoneError } from '../bus.js';
import { DeviceListBus, vidPidsNamedByWorkerConfig, vidPidText, type DeviceListOptions, type ListedDevice, type ListedPeripheral } from '../device-list-bus.js';
import { loadNodeHid, type HidAdapter } from './hid-adapter.js';
import { HidHardware } from './hid-hardware.js';

export const startHidBus: StartBus = async (ctx) => {
  let adapter: HidAdapter;
  try {
    // Loaded here, not at the top, so a machine where node-hid cannot load only loses this bus.
    adapter = await loadNodeHid();
  } catch (err) {
    return { unavailable: `hid bus: node-hid cannot be loaded here (${err instanceof Error ? err.message : String(err)}); on Linux it needs libudev (libudev1)` };
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
        return (await adapter.list()).map(
          (d): ListedDevice => ({
            key: d.path,
            address: d.serialNumber ?? d.path,
            name: d.product ?? `HID ${vidPidText(d)}`,
            vidPid: { vendorId: d.vendorId, productId: d.productId },
          }),
        );
      },
      peripheral: (device, forget) => new HidPeripheral(device, adapter, ctx, forget),
    },
    opts,
  );
}

class HidPeripheral implements ListedPeripheral, Peripheral {
  readonly advert: Advertisement;
  readonly #path: string;
  readonly #adapter: HidAdapter;
  readonly #ctx: BusContext;
  readonly #forget: () => void;
  #hardware: HidHardware | null = null;
  #gone = false;

  constructor(device: ListedDevice, adapter: HidAdapter, ctx: BusContext, forget: () => void) {
    this.advert = { transport: 'hid', name: device.name, address: device.address, services: [], manufacturerData: [], vidPid: device.vidPid };
    this.#path = device.key;
    this.#adapter = adapter;
    this.#ctx = ctx;
    this.#forget = forget;
  }

  async connect(): Promise<BusHardware> {
    let connection;
    try {
      connection = await this.#adapter.open(this.#path);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot open ${this.#path}: ${message} (on Linux, a udev rule must give you access to the hidraw device; see README)`);
    }
    const hw = new HidHardware(this.advert.name, this.advert.address, connection, this.#forget);
    this.#hardware = hw;
    if (this.#gone) {
      hw.goneAway();
      throw new HardwareGoneError('connect');
    }
    this.#ctx.log('debug', `hid: opened ${this.#path} (${vidPidText(this.advert.vidPid!)})`);
    return hw;
  }

  onRejected(): void {
    this.#forget();
  }

  gone(): void {
    this.#gone = true;
    if (this.#hardware === null) this.#forget();
    else this.#hardware.goneAway();
  }

  close(): Promise<void> {
    return this.#hardware?.close() ?? Promise.resolve();
  }
}
