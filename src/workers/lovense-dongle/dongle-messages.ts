// The Lovense USB dongle's own protocol, as data: one JSON object per line ("\r\n" ends what the
// host writes; the dongle ends its lines with "\n"). Facts from the reference's lovense dongle
// hardware manager (buttplug-rs, crates/buttplug_server_hwmgr_lovense_dongle): the host asks
// `{"type":"toy","func":"search"}` and `{"type":"usb","func":"stopSearch"}`, asks which toy is
// already connected with `{"type":"toy","func":"statuss"}` (sic), and tunnels a Lovense command
// string to one toy as `{"type":"toy","func":"command","id":ID,"cmd":"Vibrate:10;"}`. The dongle
// answers with `result` codes, reports toys with `func` "toyData" (a found toy during a search,
// or a toy's answer in `data.data`) and toy state with `func` "status" (`data.status`).
// Pure: no I/O, so the framing is testable on its own.

/** Result and status codes the dongle sends (`result`, `data.status`). */
export const DONGLE_CODE = {
  dongleInitialized: 100,
  commandSuccess: 200,
  connectInProgress: 201,
  connectSuccess: 202,
  searchStarted: 205,
  searchStopped: 206,
  malformedMessage: 400,
  connectFailed: 402,
  toyDisconnected: 403,
  toyNotFound: 404,
  scanningInterrupted: 501,
} as const;

/** What the host sends, its fields in the order the reference writes them. */
export interface DongleRequest {
  readonly type: 'toy' | 'usb';
  readonly func: 'search' | 'stopSearch' | 'statuss' | 'command';
  readonly id?: string;
  readonly cmd?: string;
}

/** What the dongle sends (every field optional: the dongle's firmware is not consistent). */
export interface DongleReport {
  readonly type?: string;
  readonly func?: string;
  readonly id?: string;
  readonly result?: number;
  readonly data?: { readonly id?: string; readonly data?: string; readonly status?: number };
  readonly message?: string;
}

export const SEARCH: DongleRequest = { type: 'toy', func: 'search' };
export const STOP_SEARCH: DongleRequest = { type: 'usb', func: 'stopSearch' };
export const STATUS_QUERY: DongleRequest = { type: 'toy', func: 'statuss' };

const LINE_END = '\r\n';

/** One request as the line the dongle reads. */
export function encodeRequest(req: DongleRequest): string {
  return JSON.stringify(req) + LINE_END;
}

/** A Lovense command string for one toy, framed for the dongle. */
export function encodeToyCommand(id: string, cmd: string): string {
  // JSON.stringify of the two strings escapes them; the dongle reads the same shape as above.
  return `{"type":"toy","func":"command","id":${JSON.stringify(id)},"cmd":${JSON.stringify(cmd)}}${LINE_END}`;
}

/** Parse one line from the dongle; undefined for anything that is not a JSON object. */
export function parseReport(line: string): DongleReport | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

/** Lines longer than this without an end are garbage (a dongle line is well under 200 bytes). */
export const MAX_LINE_CHARS = 4096;

/**
 * Splits the dongle's byte stream (as text) into lines. Chunks may end mid-line (serial reads,
 * 63-byte HID reports); a line is complete at "\n".
 */
export class LineSplitter {
  #partial = '';

  /** Feed a chunk; returns the complete lines it finished, without their line ends. */
  push(chunk: string): string[] {
    const text = this.#partial + chunk;
    const parts = text.split('\n');
    this.#partial = parts.pop() ?? '';
    if (this.#partial.length > MAX_LINE_CHARS) this.#partial = '';
    return parts;
  }
}
