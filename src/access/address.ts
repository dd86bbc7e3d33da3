// Address classes for admission: loopback (this machine) or remote. uWS gives the peer address as
// 4 bytes (IPv4) or 16 bytes (IPv6, IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d).

/** Whether a binary peer address (4 or 16 bytes) is a loopback address. */
export function isLoopbackAddress(bytes: Uint8Array): boolean {
  if (bytes.length === 4) return bytes[0] === 127;
  if (bytes.length !== 16) return false;
  // ::1
  let zeros = true;
  for (let i = 0; i < 15; i++) if (bytes[i] !== 0) zeros = false;
  if (zeros && bytes[15] === 1) return true;
  // ::ffff:127.x.x.x
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff && bytes[12] === 127;
}

/** A binary peer address as text: dotted IPv4, or IPv6 hex groups (IPv4-mapped shown dotted). */
export function addressText(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) return 'unknown';
  let mapped = bytes[10] === 0xff && bytes[11] === 0xff;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) mapped = false;
  if (mapped) return `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
