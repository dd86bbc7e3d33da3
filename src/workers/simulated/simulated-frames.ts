// Parsing of the frames a simulated peripheral sends (docs: simulated-devices.md §1, §3). Pure:
// text in, a typed frame or a reason string out. Every frame is a JSON object with exactly one
// top-level key; byte data is an array of integers 0–255. Unknown fields inside a frame are
// ignored, so the contract can grow by optional fields.

import type { ManufacturerData } from '../../core/protocol.js';

export interface Hello {
  readonly name: string;
  readonly address: string;
  readonly services: readonly string[];
  readonly manufacturerData: readonly ManufacturerData[];
  readonly endpoints?: readonly string[];
}

export type PeripheralFrame =
  | { readonly k: 'notify'; readonly endpoint: string; readonly data: Uint8Array }
  | { readonly k: 'readResult'; readonly id: number; readonly data: Uint8Array }
  | { readonly k: 'rssi'; readonly value: number };

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `{ key: body }` with exactly one key, or a reason. */
function envelope(text: string): { key: string; body: unknown } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'frame is not valid JSON';
  }
  if (!isObj(parsed)) return 'frame must be a JSON object';
  const keys = Object.keys(parsed);
  if (keys.length !== 1) return `frame must have exactly one top-level key, got ${keys.length}`;
  const key = keys[0] as string;
  return { key, body: parsed[key] };
}

function isByte(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255;
}

function bytes(x: unknown, where: string): Uint8Array | string {
  if (!Array.isArray(x) || !x.every(isByte)) return `${where} must be an array of integers 0-255`;
  return Uint8Array.from(x as number[]);
}

function strings(x: unknown, where: string): string[] | string {
  if (!Array.isArray(x) || !x.every((s) => typeof s === 'string'))
    return `${where} must be an array of strings`;
  return x;
}

/** The first frame of a connection. A reason string means: reject the peripheral with it. */
export function parseHello(text: string): Hello | string {
  const env = envelope(text);
  if (typeof env === 'string') return `malformed hello: ${env}`;
  if (env.key !== 'hello') return `the first frame must be hello, got '${env.key}'`;
  const h = env.body;
  if (!isObj(h)) return 'malformed hello: hello must be an object';
  if (h.version !== 1)
    return `unsupported hello version ${JSON.stringify(h.version ?? null)} (this server speaks 1)`;
  if (h.transport !== 'btle') {
    return typeof h.transport === 'string'
      ? `unsupported transport '${h.transport}' (this server simulates btle)`
      : 'malformed hello: transport must be a string';
  }
  if (typeof h.name !== 'string') return 'malformed hello: name must be a string';
  if (typeof h.address !== 'string' || h.address === '')
    return 'malformed hello: address must be a non-empty string';

  let services: string[] = [];
  if (h.services !== undefined) {
    const s = strings(h.services, 'hello.services');
    if (typeof s === 'string') return `malformed hello: ${s}`;
    services = s;
  }
  const manufacturerData: { company: number; data: number[] }[] = [];
  if (h.manufacturerData !== undefined) {
    if (!Array.isArray(h.manufacturerData)) return 'malformed hello: hello.manufacturerData must be an array';
    for (const [i, m] of h.manufacturerData.entries()) {
      const where = `hello.manufacturerData[${i}]`;
      if (!isObj(m)) return `malformed hello: ${where} must be an object`;
      const company = m.company;
      if (typeof company !== 'number' || !Number.isInteger(company) || company < 0 || company > 0xffff) {
        return `malformed hello: ${where}.company must be an integer 0-65535`;
      }
      const data = m.data === undefined ? new Uint8Array(0) : bytes(m.data, `${where}.data`);
      if (typeof data === 'string') return `malformed hello: ${data}`;
      manufacturerData.push({ company, data: Array.from(data) });
    }
  }
  let endpoints: string[] | undefined;
  if (h.endpoints !== undefined) {
    const e = strings(h.endpoints, 'hello.endpoints');
    if (typeof e === 'string') return `malformed hello: ${e}`;
    endpoints = e;
  }
  return { name: h.name, address: h.address, services, manufacturerData, ...(endpoints && { endpoints }) };
}

/** A frame after the hello. A reason string means: log it and ignore the frame. */
export function parsePeripheralFrame(text: string): PeripheralFrame | string {
  const env = envelope(text);
  if (typeof env === 'string') return env;
  const b = env.body;
  switch (env.key) {
    case 'notify': {
      if (!isObj(b) || typeof b.endpoint !== 'string') return 'notify.endpoint must be a string';
      const data = bytes(b.data, 'notify.data');
      return typeof data === 'string' ? data : { k: 'notify', endpoint: b.endpoint, data };
    }
    case 'readResult': {
      if (!isObj(b) || typeof b.id !== 'number' || !Number.isInteger(b.id))
        return 'readResult.id must be an integer';
      const data = bytes(b.data, 'readResult.data');
      return typeof data === 'string' ? data : { k: 'readResult', id: b.id, data };
    }
    case 'rssi':
      if (!isObj(b) || typeof b.value !== 'number' || !Number.isFinite(b.value))
        return 'rssi.value must be a number';
      return { k: 'rssi', value: Math.round(b.value) };
    default:
      return `unknown frame '${env.key}'`;
  }
}
