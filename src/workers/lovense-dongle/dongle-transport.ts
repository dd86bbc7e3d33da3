// The narrow seam between the dongle's protocol (dongle-session.ts) and the two ways the dongle
// is plugged in: as a USB serial port (serial-dongle.ts) or as a USB HID device (hid-dongle.ts).
// Both carry the same text lines; only the framing underneath differs. Tests put a scripted fake
// behind this interface.

export interface DongleTransportListener {
  /** Text the dongle sent (any chunk: may end mid-line). */
  onText(chunk: string): void;
  /** The dongle is gone (unplugged, read failed, or close() was called). Called once. */
  onClose(reason: string): void;
}

export interface DongleTransport {
  /** What to call it in logs: the port path, or the HID path. */
  readonly name: string;
  /** One listener, set once before anything is written. */
  setListener(listener: DongleTransportListener): void;
  /** Send one framed line; resolves once the operating system has taken it, rejects if gone. */
  write(text: string): Promise<void>;
  /** Release the device; `onClose` follows unless it already came. */
  close(): void;
}

/** Finds and opens the dongle: null when none is plugged in now (the bus looks again later). */
export interface DongleFinder {
  /** Short description of where it looks, for the log ("serial port 1a86:7523", "HID 1915:520a"). */
  readonly describe: string;
  find(): Promise<DongleTransport | null>;
}
