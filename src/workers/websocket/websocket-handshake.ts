// The first frame a websocket device sends: a JSON text frame `{"identifier", "address",
// "version"}` (upstream buttplug-rs websocket_server_comm_manager.rs, the device's init info).
// Pure: text in, the handshake or a reason string out. All three fields are required, as upstream
// (its deserialisation fails without one); other fields are ignored, as upstream's serde does.

export interface DeviceHandshake {
  /** Selects the protocol through the websocket specifiers of the device configuration. */
  readonly identifier: string;
  /** Stable id of the device; user device config entries match on it. */
  readonly address: string;
  readonly version: number;
}

/** The handshake, or why it is not one (the connection is then closed with that reason). */
export function parseHandshake(text: string): DeviceHandshake | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'handshake is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'handshake must be a JSON object';
  const h = parsed as Record<string, unknown>;
  if (typeof h.identifier !== 'string' || h.identifier === '')
    return 'handshake.identifier must be a non-empty string';
  if (typeof h.address !== 'string' || h.address === '')
    return 'handshake.address must be a non-empty string';
  // Upstream reads it as an unsigned 32-bit integer and does not look at it further.
  if (
    typeof h.version !== 'number' ||
    !Number.isInteger(h.version) ||
    h.version < 0 ||
    h.version > 0xffff_ffff
  ) {
    return 'handshake.version must be a non-negative integer';
  }
  return { identifier: h.identifier, address: h.address, version: h.version };
}
