// Which module runs each bus. Adding a bus is one line here (plus its two files). Modules load
// lazily, so a bus whose native library is missing here (noble, serialport, node-hid, usb) only fails its own
// worker, which reports `unavailable`.

import type { BusName } from '../core/channel.js';
import type { StartBus } from './bus.js';

export const BUSES: Readonly<Partial<Record<BusName, () => Promise<StartBus>>>> = {
  simulated: async () => (await import('./simulated/simulated-comm-manager.js')).startSimulatedBus,
  btle: async () => (await import('./btle/btle-comm-manager.js')).startBtleBus,
  serial: async () => (await import('./serial/serial-comm-manager.js')).startSerialBus,
  websocket: async () => (await import('./websocket/websocket-comm-manager.js')).startWebsocketDeviceBus,
  'lovense-dongle-serial': async () =>
    (await import('./lovense-dongle/serial-dongle.js')).startLovenseDongleSerialBus,
  'lovense-dongle-hid': async () => (await import('./lovense-dongle/hid-dongle.js')).startLovenseDongleHidBus,
  hid: async () => (await import('./hid/hid-comm-manager.js')).startHidBus,
  usb: async () => (await import('./usb/usb-comm-manager.js')).startUsbBus,
  'lovense-connect': async () =>
    (await import('./lovense-connect/connect-comm-manager.js')).startLovenseConnectBus,
};
