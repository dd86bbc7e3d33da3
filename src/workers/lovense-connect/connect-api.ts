// The Lovense Connect app's local HTTP service as upstream's Lovense Connect manager uses it
// (facts only; buttplug_server_hwmgr_lovense_connect):
//   - discovery: GET https://api.lovense.com/api/lan/getToys answers an object keyed by the phone's
//     domain ("192-168-1-5.lovense.club", the address with dashes), each value holding `httpPort`;
//     the app is then reached at http://<address>:<httpPort> directly (the lovense.club names
//     are a DNS trick for TLS that upstream skips because it sometimes fails to resolve).
//   - toy list: GET <host>/GetToys answers { type, code, data: { <toy id>: { id, name, nickName,
//     status, version, battery } } }; `status` is truthy (1, "1", true) while the toy is connected
//     to the phone, `battery` may be null.
//   - a command: GET <host>/<command text>, e.g. /Vibrate1?v=10&t=<toy id>; any HTTP answer is
//     taken as delivered.
// Nothing here keeps state; the comm manager decides what a failed request means.

export const LOVENSE_DISCOVERY_URL = 'https://api.lovense.com/api/lan/getToys';

/** One toy as the app lists it. */
export interface ConnectToyInfo {
  readonly id: string;
  /** The toy type ("Nora", "Max", …): the protocol's identifier. */
  readonly name: string;
  readonly connected: boolean;
  /** 0–100; the app sends null for a toy that has not reported it yet (taken as 0, as upstream). */
  readonly battery: number;
}

/** GET `url` and return the body, or throw why not (unreachable, timed out, not 200). */
export async function httpGetText(url: string, timeoutMs: number): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}`);
  return body;
}

/** A command's GET: resolves once the app has answered, whatever it answered. */
export async function httpGetAnswered(url: string, timeoutMs: number): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  // Reading the body releases the connection for the next command (keep-alive).
  await res.arrayBuffer();
}

/** Upstream reads `status` with a lenient boolean: true, 1, "1", "true" (any case) mean connected. */
function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1;
  if (typeof v === 'string') return v === '1' || v.toLowerCase() === 'true';
  return false;
}

/** The toys of a GetToys answer; throws when the text is not such an answer. */
export function parseToyList(text: string): ConnectToyInfo[] {
  const body = JSON.parse(text) as { data?: unknown } | null;
  if (body === null || typeof body !== 'object') throw new Error('GetToys: the answer is not a JSON object');
  const data = body.data ?? {};
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new Error('GetToys: `data` is not an object of toys');
  const toys: ConnectToyInfo[] = [];
  for (const raw of Object.values(data as Record<string, unknown>)) {
    const t = raw as { id?: unknown; name?: unknown; status?: unknown; battery?: unknown } | null;
    if (t === null || typeof t !== 'object' || typeof t.id !== 'string' || typeof t.name !== 'string')
      continue;
    const battery = typeof t.battery === 'number' ? Math.min(100, Math.max(0, Math.trunc(t.battery))) : 0;
    toys.push({ id: t.id, name: t.name, connected: truthy(t.status), battery });
  }
  return toys;
}

/** The app hosts (http://address:port) of a discovery answer; throws when it is not one. */
export function parseDiscovery(text: string): string[] {
  const body = JSON.parse(text) as unknown;
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Error('discovery: the answer is not a JSON object');
  const hosts: string[] = [];
  for (const [domain, raw] of Object.entries(body as Record<string, unknown>)) {
    const info = raw as { httpPort?: unknown } | null;
    const port = Number(info?.httpPort);
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    hosts.push(`http://${hostFromDomain(domain)}:${port}`);
  }
  return hosts;
}

/** "192-168-1-5.lovense.club" → "192.168.1.5": the first label with its dashes made dots. */
export function hostFromDomain(domain: string): string {
  return (domain.split('.')[0] ?? '').replace(/-/g, '.');
}
