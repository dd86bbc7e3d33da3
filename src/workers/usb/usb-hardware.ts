// HardwareOps over one open USB device (the "talks to a device" half of the USB bus). The only USB
// device the database names is the Rez TranceVibrator, which takes its speed as a vendor control
// transfer; as in the reference's USB hardware (and the Buttplug C# code before it), a write to
// `txvendorcontrol` is a control transfer host-to-device, vendor type, interface recipient
// (bmRequestType 0x41), bRequest 1, wValue the first byte written, wIndex 0, no data. The device
// gone (LIBUSB_ERROR_NO_DEVICE) closes it and tells the listener once.

import { HardwareGoneError } from '../bus.js';
import { ListedHardware } from '../device-list-bus.js';
import { UsbDeviceGoneError, type UsbConnection } from './usb-adapter.js';

export const VENDOR_CONTROL = 'txvendorcontrol';
const ENDPOINTS: ReadonlySet<string> = new Set([VENDOR_CONTROL]);

/** Host-to-device (0x00) | vendor (0x40) | interface (0x01). */
export const REQUEST_TYPE_VENDOR_OUT_INTERFACE = 0x41;
export const VENDOR_REQUEST = 1;

export class UsbHardware extends ListedHardware {
  readonly #connection: UsbConnection;

  constructor(name: string, address: string, connection: UsbConnection, onGone: () => void) {
    super(name, address, ENDPOINTS, () => connection.close(), onGone);
    this.#connection = connection;
  }

  async write(endpoint: string, data: Uint8Array, _withResponse = false): Promise<void> {
    if (this.gone) throw new HardwareGoneError('write');
    if (endpoint !== VENDOR_CONTROL) throw new Error(`write: a USB device has no endpoint '${endpoint}'`);
    if (data.length < 1) throw new Error('write: a vendor control write needs one byte');
    try {
      await this.#connection.controlOut(
        REQUEST_TYPE_VENDOR_OUT_INTERFACE,
        VENDOR_REQUEST,
        data[0] as number,
        0,
      );
    } catch (err) {
      if (!(err instanceof UsbDeviceGoneError)) throw err;
      this.goneAway();
      throw new HardwareGoneError(`write (${err.message})`);
    }
  }

  async read(): Promise<Uint8Array> {
    throw new Error('read: the USB bus has nothing to read');
  }

  async subscribe(): Promise<void> {
    throw new Error('subscribe: the USB bus has no notifications');
  }

  async unsubscribe(): Promise<void> {
    throw new Error('unsubscribe: the USB bus has no notifications');
  }

  async nextNotification(): Promise<Uint8Array> {
    throw new Error('nextNotification: the USB bus has no notifications');
  }
}
