// --device-config-file: the upstream v4 device config format (buttplug-device-config-v4.json and
// its schema) read into our ProtocolDefinition shapes. snake_case becomes our names
// (`identifier` → identifiers, `message_gap_ms` → messageGapMs, `protocol_variant` → variant,
// `vibrate` → Vibrate, `hw_position_with_duration` → HwPositionWithDuration, `rssi` → Rssi).
// A configuration without features keeps none here: it inherits the defaults' features when a
// device is resolved (src/config/database.ts), exactly as upstream builds it.
//
// Strictness follows the upstream schema: where it closes an object, an unknown key is an error;
// where it leaves one open (a protocol entry, a communication item), upstream ignores the key
// and we warn. That matters for real data: upstream's own file has a protocol with a misspelt
// "configuration" key, which upstream silently ignores.

import type {
  CommunicationSpecifier,
  DeviceConfig,
  ManufacturerDataFilter,
  ProtocolDefinition,
} from '../core/database.js';
import type {
  FeatureDef,
  InputCommandType,
  InputSpec,
  InputType,
  OutputSpec,
  OutputType,
} from '../core/features.js';
import { Checker, checkVersion, join, parseJson, readText, type ConfigResult } from './json-check.js';

export const OUTPUT_NAMES: Readonly<Record<string, OutputType>> = {
  vibrate: 'Vibrate',
  rotate: 'Rotate',
  oscillate: 'Oscillate',
  constrict: 'Constrict',
  spray: 'Spray',
  temperature: 'Temperature',
  led: 'Led',
  position: 'Position',
  hw_position_with_duration: 'HwPositionWithDuration',
};

export const INPUT_NAMES: Readonly<Record<string, InputType>> = {
  battery: 'Battery',
  rssi: 'Rssi',
  button: 'Button',
  pressure: 'Pressure',
  depth: 'Depth',
  position: 'Position',
};

/** Our output type → upstream key, for paths in messages. */
export function upstreamOutputName(type: OutputType): string {
  return Object.keys(OUTPUT_NAMES).find((k) => OUTPUT_NAMES[k] === type) ?? type;
}

const INPUT_COMMANDS: readonly InputCommandType[] = ['Read', 'Subscribe', 'Unsubscribe'];
const ENDPOINT =
  /^(command|firmware|rx|rxaccel|rxblebattery|rxblemodel|rxpressure|rxtouch|tx|txmode|txshock|txvibrate|txvendorcontrol|whitelist|generic[1-2]?[0-9]|generic3[0-1])$/;
const OPAQUE_BUSES = ['usb', 'hid', 'xinput', 'lovense_connect_service'];

// ------------------------------------------------------------------ features

function readOutput(
  c: Checker,
  v: unknown,
  path: string,
): Partial<Record<OutputType, OutputSpec>> | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const out: Partial<Record<OutputType, OutputSpec>> = {};
  for (const [key, spec] of Object.entries(o)) {
    const p = join(path, key);
    const type = OUTPUT_NAMES[key];
    if (type === undefined) {
      c.error(p, `unknown output type; expected one of ${Object.keys(OUTPUT_NAMES).join(', ')}`);
      continue;
    }
    const s = c.object(spec, p);
    if (!s || !c.required(s, p, type === 'HwPositionWithDuration' ? ['value', 'duration'] : ['value']))
      continue;
    c.keys(s, p, type === 'HwPositionWithDuration' ? ['value', 'duration'] : ['value']);
    const value = c.range(s['value'], join(p, 'value'));
    const duration =
      type === 'HwPositionWithDuration' ? c.range(s['duration'], join(p, 'duration'), 0) : undefined;
    if (value) out[type] = duration ? { value, duration } : { value };
  }
  return out;
}

function readInput(c: Checker, v: unknown, path: string): Partial<Record<InputType, InputSpec>> | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const out: Partial<Record<InputType, InputSpec>> = {};
  for (const [key, spec] of Object.entries(o)) {
    const p = join(path, key);
    const type = INPUT_NAMES[key];
    if (type === undefined) {
      c.error(p, `unknown input type; expected one of ${Object.keys(INPUT_NAMES).join(', ')}`);
      continue;
    }
    const s = c.object(spec, p);
    if (!s || !c.required(s, p, ['value', 'command'])) continue;
    c.keys(s, p, ['value', 'command']);
    const ranges = c.array(s['value'], join(p, 'value'));
    const value = ranges?.map((r, i) => c.range(r, join(join(p, 'value'), i)));
    if (ranges && ranges.length === 0) c.error(join(p, 'value'), 'expected at least 1 range');
    const command = c.strings(s['command'], join(p, 'command'));
    const bad = command?.find((x) => !INPUT_COMMANDS.includes(x as InputCommandType));
    if (bad !== undefined)
      c.error(join(p, 'command'), `unknown input command "${bad}"; expected Read or Subscribe`);
    if (value && command && value.every((r) => r !== undefined)) {
      out[type] = { value, command: command as InputCommandType[] };
    }
  }
  return out;
}

export function readFeatures(c: Checker, v: unknown, path: string): FeatureDef[] | undefined {
  const list = c.array(v, path);
  if (!list) return undefined;
  const seen = new Set<number>();
  const features: FeatureDef[] = [];
  list.forEach((item, i) => {
    const p = join(path, i);
    const f = c.object(item, p);
    if (!f || !c.required(f, p, ['index', 'id'])) return;
    c.keys(f, p, ['index', 'description', 'id', 'output', 'input', 'feature_settings']);
    const index = c.integer(f['index'], join(p, 'index'), 0);
    const id = c.uuid(f['id'], join(p, 'id'));
    const description =
      f['description'] === undefined ? '' : c.string(f['description'], join(p, 'description'));
    const output = f['output'] === undefined ? undefined : readOutput(c, f['output'], join(p, 'output'));
    const input = f['input'] === undefined ? undefined : readInput(c, f['input'], join(p, 'input'));
    // feature_settings (alt_protocol_index) only steers upstream protocol code; nothing here uses it.
    if (f['feature_settings'] !== undefined) c.object(f['feature_settings'], join(p, 'feature_settings'));
    if (index !== undefined && seen.has(index)) c.error(join(p, 'index'), `duplicate feature index ${index}`);
    if (index === undefined || id === undefined || description === undefined) return;
    seen.add(index);
    features.push({
      index,
      id,
      description,
      ...(output && Object.keys(output).length > 0 && { output }),
      ...(input && Object.keys(input).length > 0 && { input }),
    });
  });
  return features;
}

// ------------------------------------------------------------------ configurations

/** `defaults` (no identifier) or one of `configurations` (identifier required). */
export function readConfig(
  c: Checker,
  v: unknown,
  path: string,
  isDefaults: boolean,
): DeviceConfig | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  // The schema requires features on defaults; a configuration inherits them when absent.
  if (!c.required(o, path, isDefaults ? ['name', 'id', 'features'] : ['name', 'id', 'identifier']))
    return undefined;
  const allowed = ['name', 'id', 'protocol_variant', 'message_gap_ms', 'features'];
  c.keys(o, path, isDefaults ? allowed : [...allowed, 'identifier'], isDefaults ? 'warn' : 'error');
  const name = c.string(o['name'], join(path, 'name'));
  const id = c.uuid(o['id'], join(path, 'id'));
  const identifiers = isDefaults ? undefined : c.strings(o['identifier'], join(path, 'identifier'), 1);
  const variant =
    o['protocol_variant'] === undefined
      ? undefined
      : c.string(o['protocol_variant'], join(path, 'protocol_variant'));
  const gap =
    o['message_gap_ms'] === undefined
      ? undefined
      : c.integer(o['message_gap_ms'], join(path, 'message_gap_ms'), 0);
  const features =
    o['features'] === undefined ? undefined : readFeatures(c, o['features'], join(path, 'features'));
  if (name === undefined || id === undefined || (!isDefaults && identifiers === undefined)) return undefined;
  return {
    name,
    id,
    ...(identifiers && { identifiers }),
    ...(features && { features }),
    ...(gap !== undefined && { messageGapMs: gap }),
    ...(variant !== undefined && { variant }),
  };
}

// ------------------------------------------------------------------ communication

function readManufacturerData(c: Checker, v: unknown, path: string): ManufacturerDataFilter[] {
  const out: ManufacturerDataFilter[] = [];
  (c.array(v, path) ?? []).forEach((item, i) => {
    const p = join(path, i);
    const m = c.object(item, p);
    if (!m || !c.required(m, p, ['company'])) return;
    c.keys(m, p, ['company', 'data', 'expected_length'], 'warn');
    const company = c.integer(m['company'], join(p, 'company'), 0, 0xffff);
    const data = m['data'] === undefined ? undefined : c.array(m['data'], join(p, 'data'));
    data?.forEach((b, j) => c.integer(b, join(join(p, 'data'), j), 0, 255));
    if (company !== undefined) out.push(data ? { company, data: data as number[] } : { company });
  });
  return out;
}

function readServices(c: Checker, v: unknown, path: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const o = c.object(v, path);
  if (!o) return out;
  if (Object.keys(o).length === 0) c.error(path, 'expected at least 1 service');
  for (const [service, endpoints] of Object.entries(o)) {
    const p = join(path, service);
    if (c.uuid(service, p) === undefined) continue;
    const e = c.object(endpoints, p);
    if (!e) continue;
    const map: Record<string, string> = {};
    for (const [name, uuid] of Object.entries(e)) {
      if (!ENDPOINT.test(name)) c.error(join(p, name), 'unknown endpoint name');
      else if (c.uuid(uuid, join(p, name)) !== undefined) map[name] = uuid as string;
    }
    out[service] = map;
  }
  return out;
}

function readSpecifier(c: Checker, v: unknown, path: string): CommunicationSpecifier | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const buses = Object.keys(o);
  if (buses.length !== 1) return c.error(path, `expected exactly one bus key, got ${buses.length}`);
  const bus = buses[0] as string;
  const p = join(path, bus);
  const s = c.object(o[bus], p);
  if (!s) return undefined;
  if (bus === 'btle') {
    if (!c.required(s, p, ['names', 'services'])) return undefined;
    c.keys(s, p, ['names', 'manufacturer_data', 'advertised_services', 'services']);
    const names = c.strings(s['names'], join(p, 'names'), 1);
    const advertised =
      s['advertised_services'] === undefined
        ? undefined
        : c.array(s['advertised_services'], join(p, 'advertised_services'));
    advertised?.forEach((u, i) => c.uuid(u, join(join(p, 'advertised_services'), i)));
    const md =
      s['manufacturer_data'] === undefined
        ? undefined
        : readManufacturerData(c, s['manufacturer_data'], join(p, 'manufacturer_data'));
    const services = readServices(c, s['services'], join(p, 'services'));
    if (!names) return undefined;
    return {
      btle: {
        names,
        ...(advertised && { advertisedServices: advertised as string[] }),
        ...(md && { manufacturerData: md }),
        services,
      },
    };
  }
  if (bus === 'serial') {
    if (!c.required(s, p, ['port', 'baud_rate', 'data_bits', 'parity', 'stop_bits'])) return undefined;
    c.keys(s, p, ['port', 'baud_rate', 'data_bits', 'parity', 'stop_bits']);
    const port = c.string(s['port'], join(p, 'port'));
    const baudRate = c.integer(s['baud_rate'], join(p, 'baud_rate'), 1);
    const dataBits = c.integer(s['data_bits'], join(p, 'data_bits'), 5, 8);
    const stopBits = c.integer(s['stop_bits'], join(p, 'stop_bits'), 1, 2);
    const parity = c.string(s['parity'], join(p, 'parity'));
    if (parity !== undefined && parity !== 'N' && parity !== 'E' && parity !== 'O')
      c.error(join(p, 'parity'), `expected "N", "E" or "O", got "${parity}"`);
    if (port === undefined || baudRate === undefined || dataBits === undefined || stopBits === undefined)
      return undefined;
    if (parity !== 'N' && parity !== 'E' && parity !== 'O') return undefined;
    return { serial: { port, baudRate, dataBits, parity, stopBits } };
  }
  if (bus === 'websocket') {
    if (!c.required(s, p, ['name'])) return undefined;
    c.keys(s, p, ['name']);
    const name = c.string(s['name'], join(p, 'name'));
    return name === undefined ? undefined : { websocket: { names: [name] } };
  }
  if (OPAQUE_BUSES.includes(bus)) return { other: { bus, data: s } };
  return c.error(p, `unknown bus; expected one of btle, serial, websocket, ${OPAQUE_BUSES.join(', ')}`);
}

export function readCommunication(c: Checker, v: unknown, path: string): CommunicationSpecifier[] {
  const out: CommunicationSpecifier[] = [];
  (c.array(v, path) ?? []).forEach((item, i) => {
    const spec = readSpecifier(c, item, join(path, i));
    if (spec) out.push(spec);
  });
  return out;
}

// ------------------------------------------------------------------ protocols

function readProtocol(c: Checker, id: string, v: unknown, path: string): ProtocolDefinition | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  c.keys(o, path, ['communication', 'defaults', 'configurations'], 'warn', {
    configuration: 'configurations',
  });
  const communication =
    o['communication'] === undefined
      ? []
      : readCommunication(c, o['communication'], join(path, 'communication'));
  const defaults =
    o['defaults'] === undefined ? undefined : readConfig(c, o['defaults'], join(path, 'defaults'), true);
  const configurations: DeviceConfig[] = [];
  if (o['configurations'] !== undefined) {
    (c.array(o['configurations'], join(path, 'configurations')) ?? []).forEach((item, i) => {
      const config = readConfig(c, item, join(join(path, 'configurations'), i), false);
      if (config) configurations.push(config);
    });
  }
  return { id, communication, ...(defaults && { defaults }), configurations };
}

/** The `protocols` object of a device config file (or of a user config's `user_configs`). */
export function readProtocols(c: Checker, v: unknown, path: string): ProtocolDefinition[] {
  const o = c.object(v, path);
  if (!o) return [];
  const out: ProtocolDefinition[] = [];
  for (const [id, def] of Object.entries(o)) {
    const p = readProtocol(c, id, def, join(path, id));
    if (p) out.push(p);
  }
  return out;
}

/** Parse the text of a device config file. `source` names it in every message. */
export function parseDeviceConfig(text: string, source: string): ConfigResult<ProtocolDefinition[]> {
  const c = new Checker(source);
  const root = parseJson(text, c);
  if (root === undefined) return c.result<ProtocolDefinition[]>(undefined);
  const o = c.object(root, '(root)');
  if (!o) return c.result<ProtocolDefinition[]>(undefined);
  c.keys(o, '', ['version', 'protocols', 'user_configs']);
  if (o['user_configs'] !== undefined)
    c.warn('user_configs', 'ignored in a device config file; pass it as --user-device-config-file');
  checkVersion(o, c);
  const protocols = o['protocols'] === undefined ? [] : readProtocols(c, o['protocols'], 'protocols');
  return c.result(protocols);
}

export function loadDeviceConfigFile(file: string): ConfigResult<ProtocolDefinition[]> {
  const c = new Checker(file);
  const text = readText(file, c);
  return text === undefined ? c.result<ProtocolDefinition[]>(undefined) : parseDeviceConfig(text, file);
}
