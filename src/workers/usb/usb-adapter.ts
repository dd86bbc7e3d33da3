// The narrow seam between the USB bus and libusb: list devices, open one, send vendor control
// transfers, close. The real one is the `usb` package (libusb built into its prebuilt binaries,
// which ship inside the npm package and need libudev on Linux); tests script a fake.

/** One USB device as the system lists it. */
export interface UsbDeviceInfo {
  /** "<bus>-<address>": what the system knows the plugged-in device by; open() takes it. */
  readonly key: string;
  readonly vendorId: number;
  readonly productId: number;
}

/** The device is gone (libusb LIBUSB_ERROR_NO_DEVICE, or a transfer ending LIBUSB_TRANSFER_NO_DEVICE). */
export class UsbDeviceGoneError extends Error {
  override readonly name = 'UsbDeviceGoneError';
}

/** An open USB device. */
export interface UsbConnection {
  /** A control transfer host-to-device with no data stage. Rejects with UsbDeviceGoneError when unplugged. */
  controlOut(requestType: number, request: number, value: number, index: number): Promise<void>;
  close(): Promise<void>;
}

export interface UsbAdapter {
  list(): Promise<readonly UsbDeviceInfo[]>;
  open(key: string): Promise<UsbConnection>;
}

/** How long a control transfer may take (the reference's 100 ms). */
export const CONTROL_TIMEOUT_MS = 100;

/** The part of the `usb` package this adapter uses. */
interface UsbDevice {
  busNumber: number;
  deviceAddress: number;
  deviceDescriptor: { idVendor: number; idProduct: number };
  timeout: number;
  open(): void;
  close(): void;
  controlTransfer(
    type: number,
    request: number,
    value: number,
    index: number,
    data: Buffer,
    cb: (err: (Error & { errno?: number }) | undefined | null) => void,
  ): unknown;
}
interface UsbModule {
  getDeviceList(): UsbDevice[];
  usb: { LIBUSB_ERROR_NO_DEVICE: number; LIBUSB_TRANSFER_NO_DEVICE: number };
}

/** No data stage: one empty buffer for every transfer. */
const NO_DATA = Buffer.alloc(0);

function keyOf(d: UsbDevice): string {
  return `${d.busNumber}-${d.deviceAddress}`;
}

/** The `usb` package behind the adapter; throws when it or libusb cannot load here. */
export async function loadUsb(): Promise<UsbAdapter> {
  const mod = (await import('usb')) as unknown as UsbModule;
  // Submitting to a gone device fails with the error code; a transfer in flight ends with the status.
  const noDevice = new Set([mod.usb.LIBUSB_ERROR_NO_DEVICE, mod.usb.LIBUSB_TRANSFER_NO_DEVICE]);
  mod.getDeviceList(); // initialises libusb: a failure shows here, not at the first scan
  /** Devices of the latest listing, by key: open() opens one of these. */
  let listed = new Map<string, UsbDevice>();
  return {
    async list() {
      listed = new Map(mod.getDeviceList().map((d) => [keyOf(d), d]));
      return [...listed.values()].map((d) => ({
        key: keyOf(d),
        vendorId: d.deviceDescriptor.idVendor,
        productId: d.deviceDescriptor.idProduct,
      }));
    },
    async open(key) {
      const device = listed.get(key);
      if (device === undefined) throw new UsbDeviceGoneError(`no USB device ${key}`);
      device.open();
      device.timeout = CONTROL_TIMEOUT_MS;
      return {
        controlOut: (requestType, request, value, index) =>
          new Promise<void>((resolve, reject) => {
            device.controlTransfer(requestType, request, value, index, NO_DATA, (err) => {
              if (err === undefined || err === null) resolve();
              else
                reject(
                  err.errno !== undefined && noDevice.has(err.errno)
                    ? new UsbDeviceGoneError(err.message)
                    : err,
                );
            });
          }),
        async close() {
          device.close();
        },
      };
    },
  };
}
