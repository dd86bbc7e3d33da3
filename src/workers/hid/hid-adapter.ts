// The narrow seam between the HID bus and the system's HID stack: list devices, open one, write
// output reports, close. The real one is node-hid's async API (hidraw on Linux; its prebuilt
// binaries ship inside the npm package and need libudev at run time); tests script a fake.

/** One HID device (interface) as the system lists it. */
export interface HidDeviceInfo {
  /** The system's path for it (/dev/hidrawN on Linux): what open() takes. */
  readonly path: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string;
  readonly product?: string;
}

/** An open HID device. */
export interface HidConnection {
  /** One output report; the first byte is the report id (0 for devices without ids). */
  write(report: Uint8Array): Promise<void>;
  /** The next input report, or undefined when none came within `timeoutMs`. */
  read(timeoutMs: number): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

export interface HidAdapter {
  list(): Promise<readonly HidDeviceInfo[]>;
  open(path: string): Promise<HidConnection>;
}

/** The part of node-hid this adapter uses (its `nodehid.d.ts`). */
interface NodeHid {
  devicesAsync(): Promise<
    Array<{ vendorId: number; productId: number; path?: string; serialNumber?: string; product?: string }>
  >;
  HIDAsync: {
    open(path: string): Promise<{
      write(values: Buffer): Promise<number>;
      read(timeoutMs: number): Promise<Buffer | undefined>;
      close(): Promise<void>;
    }>;
  };
}

/** node-hid behind the adapter; throws when the package or its native binding cannot load here. */
export async function loadNodeHid(): Promise<HidAdapter> {
  const hid = (await import('node-hid')) as unknown as NodeHid;
  // Loading the module does not load the binding; listing once does, so a missing libudev shows
  // here (the bus is then unavailable) rather than at the first scan.
  await hid.devicesAsync();
  return {
    async list() {
      const out: HidDeviceInfo[] = [];
      for (const d of await hid.devicesAsync()) {
        if (d.path === undefined) continue;
        out.push({
          path: d.path,
          vendorId: d.vendorId,
          productId: d.productId,
          ...(d.serialNumber !== undefined && d.serialNumber !== '' && { serialNumber: d.serialNumber }),
          ...(d.product !== undefined && d.product !== '' && { product: d.product }),
        });
      }
      return out;
    },
    async open(path) {
      const device = await hid.HIDAsync.open(path);
      return {
        async write(report) {
          await device.write(Buffer.from(report.buffer, report.byteOffset, report.byteLength));
        },
        async read(timeoutMs) {
          const report = await device.read(timeoutMs);
          return report === undefined || report.length === 0 ? undefined : new Uint8Array(report);
        },
        close: () => device.close(),
      };
    },
  };
}
