// One upstream device test case (../shared/reference/device-tests/*.yaml) as typed data.
//
// The files use custom YAML tags (!Commands, !Write, !Vibrate, …). Each tag is registered with the
// `yaml` package for all three node kinds and resolves to a `{ tag, value }` node, so a tagged
// node is never mistaken for a plain map; a tag we do not know is a parse error, not a silently
// untagged map. The field names and meanings follow upstream's runner
// (crates/buttplug_tests/tests/util/device_test/mod.rs, test_device_manager/).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  parseDocument,
  type CollectionTag,
  type ScalarTag,
  type Tags,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

const TAG_NAMES = [
  'Commands',
  'Events',
  'Messages',
  'VersionGated',
  'Write',
  'Subscribe',
  'Unsubscribe',
  'Notifications',
  'Reads',
  'Disconnect',
  'Vibrate',
  'Scalar',
  'Rotate',
  'Linear',
  'Battery',
  'Stop',
  'RSSI',
] as const;

export interface TaggedNode {
  readonly tag: string;
  readonly value: unknown;
}

const CUSTOM_TAGS: Tags = TAG_NAMES.flatMap((tag): (ScalarTag | CollectionTag)[] => [
  { tag: `!${tag}`, resolve: (s: string): TaggedNode => ({ tag, value: s === '' ? null : s }) },
  {
    tag: `!${tag}`,
    collection: 'map',
    resolve: (m: YAMLMap.Parsed | YAMLSeq.Parsed): TaggedNode => ({ tag, value: m.toJSON() }),
  },
  {
    tag: `!${tag}`,
    collection: 'seq',
    resolve: (s: YAMLMap.Parsed | YAMLSeq.Parsed): TaggedNode => ({ tag, value: s.toJSON() }),
  },
]);

/** A hardware operation the device receives, compared field by field like upstream's HardwareCommand. */
export type HwOp =
  | {
      readonly kind: 'write';
      readonly endpoint: string;
      readonly data: readonly number[];
      readonly withResponse: boolean;
    }
  | { readonly kind: 'subscribe'; readonly endpoint: string }
  | { readonly kind: 'unsubscribe'; readonly endpoint: string };

export interface EndpointData {
  readonly endpoint: string;
  readonly data: readonly number[];
}

/** Notifications are sent as they come; Reads are queued answers for the device's next reads. */
export type DeviceEvent =
  | { readonly kind: 'notifications'; readonly items: readonly EndpointData[] }
  | { readonly kind: 'reads'; readonly items: readonly EndpointData[] }
  | { readonly kind: 'disconnect' };

export type ClientCommand =
  | { readonly kind: 'Vibrate'; readonly subs: readonly { Index: number; Speed: number }[] }
  | {
      readonly kind: 'Scalar';
      readonly subs: readonly { Index: number; Scalar: number; ActuatorType: string }[];
    }
  | {
      readonly kind: 'Rotate';
      readonly subs: readonly { Index: number; Speed: number; Clockwise: boolean }[];
    }
  | {
      readonly kind: 'Linear';
      readonly subs: readonly { Index: number; Duration: number; Position: number }[];
    }
  | { readonly kind: 'Battery'; readonly expectedPower: number; readonly runAsync: boolean }
  | { readonly kind: 'Stop' }
  | { readonly kind: 'RSSI' };

export type Step =
  | { readonly kind: 'messages'; readonly device: number; readonly messages: readonly ClientCommand[] }
  | { readonly kind: 'commands'; readonly device: number; readonly ops: readonly HwOp[] }
  | { readonly kind: 'events'; readonly device: number; readonly events: readonly DeviceEvent[] }
  | { readonly kind: 'gated'; readonly minVersion: number; readonly steps: readonly Step[] };

export interface CaseDevice {
  readonly name: string;
  readonly address?: string;
  readonly services?: readonly string[];
  readonly expectedName?: string;
  readonly expectedDisplayName?: string;
}

export interface DeviceCase {
  /** File name, e.g. test_lovense_nora.yaml. */
  readonly file: string;
  readonly devices: readonly CaseDevice[];
  readonly deviceConfigFile?: string;
  readonly userDeviceConfigFile?: string;
  readonly init: readonly Step[];
  readonly commands: readonly Step[];
}

type Obj = Record<string, unknown>;

function fail(where: string, msg: string): never {
  throw new Error(`${where}: ${msg}`);
}

function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    fail(where, `expected a map, got ${JSON.stringify(v)}`);
  return v as Obj;
}

function list(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(where, `expected a list, got ${JSON.stringify(v)}`);
  return v;
}

function tagged(v: unknown, where: string): TaggedNode {
  const o = obj(v, where);
  if (typeof o.tag !== 'string' || !('value' in o))
    fail(where, `expected a tagged node (!Tag), got ${JSON.stringify(v)}`);
  return o as unknown as TaggedNode;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') fail(where, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number') fail(where, `expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function bytes(v: unknown, where: string): number[] {
  return list(v, where).map((b, i) => {
    const n = num(b, `${where}[${i}]`);
    if (!Number.isInteger(n) || n < 0 || n > 255) fail(where, `byte out of range: ${n}`);
    return n;
  });
}

function endpointData(v: unknown, where: string): EndpointData {
  const o = obj(v, where);
  return { endpoint: str(o.endpoint, `${where}.endpoint`), data: bytes(o.data, `${where}.data`) };
}

function hwOp(v: unknown, where: string): HwOp {
  const { tag, value } = tagged(v, where);
  const o = obj(value, `${where} !${tag}`);
  switch (tag) {
    case 'Write':
      return {
        kind: 'write',
        endpoint: str(o.endpoint, `${where}.endpoint`),
        data: bytes(o.data, `${where}.data`),
        withResponse: o.write_with_response === true,
      };
    case 'Subscribe':
      return { kind: 'subscribe', endpoint: str(o.endpoint, `${where}.endpoint`) };
    case 'Unsubscribe':
      return { kind: 'unsubscribe', endpoint: str(o.endpoint, `${where}.endpoint`) };
    default:
      return fail(where, `unknown hardware command !${tag}`);
  }
}

function deviceEvent(v: unknown, where: string): DeviceEvent {
  const { tag, value } = tagged(v, where);
  switch (tag) {
    case 'Notifications':
      return {
        kind: 'notifications',
        items: list(value, where).map((x, i) => endpointData(x, `${where}[${i}]`)),
      };
    case 'Reads':
      return { kind: 'reads', items: list(value, where).map((x, i) => endpointData(x, `${where}[${i}]`)) };
    case 'Disconnect':
      return { kind: 'disconnect' };
    default:
      return fail(where, `unknown device event !${tag}`);
  }
}

function clientCommand(v: unknown, where: string): ClientCommand {
  const { tag, value } = tagged(v, where);
  const subs = () => list(value, where).map((x, i) => obj(x, `${where}[${i}]`));
  switch (tag) {
    case 'Vibrate':
      return {
        kind: 'Vibrate',
        subs: subs().map((s, i) => ({
          Index: num(s.Index, `${where}[${i}].Index`),
          Speed: num(s.Speed, `${where}[${i}].Speed`),
        })),
      };
    case 'Scalar':
      return {
        kind: 'Scalar',
        subs: subs().map((s, i) => ({
          Index: num(s.Index, `${where}[${i}].Index`),
          Scalar: num(s.Scalar, `${where}[${i}].Scalar`),
          ActuatorType: str(s.ActuatorType, `${where}[${i}].ActuatorType`),
        })),
      };
    case 'Rotate':
      return {
        kind: 'Rotate',
        subs: subs().map((s, i) => ({
          Index: num(s.Index, `${where}[${i}].Index`),
          Speed: num(s.Speed, `${where}[${i}].Speed`),
          Clockwise: s.Clockwise === true,
        })),
      };
    case 'Linear':
      return {
        kind: 'Linear',
        subs: subs().map((s, i) => ({
          Index: num(s.Index, `${where}[${i}].Index`),
          Duration: num(s.Duration, `${where}[${i}].Duration`),
          Position: num(s.Position, `${where}[${i}].Position`),
        })),
      };
    case 'Battery': {
      const o = obj(value, where);
      return {
        kind: 'Battery',
        expectedPower: num(o.expected_power, `${where}.expected_power`),
        runAsync: o.run_async === true,
      };
    }
    case 'Stop':
      return { kind: 'Stop' };
    case 'RSSI':
      return { kind: 'RSSI' };
    default:
      return fail(where, `unknown client command !${tag}`);
  }
}

function step(v: unknown, where: string): Step {
  const { tag, value } = tagged(v, where);
  const o = obj(value, `${where} !${tag}`);
  const device = () => num(o.device_index, `${where}.device_index`);
  switch (tag) {
    case 'Messages':
      return {
        kind: 'messages',
        device: device(),
        messages: list(o.messages, where).map((m, i) => clientCommand(m, `${where}.messages[${i}]`)),
      };
    case 'Commands':
      return {
        kind: 'commands',
        device: device(),
        ops: list(o.commands, where).map((c, i) => hwOp(c, `${where}.commands[${i}]`)),
      };
    case 'Events':
      return {
        kind: 'events',
        device: device(),
        events: list(o.events, where).map((e, i) => deviceEvent(e, `${where}.events[${i}]`)),
      };
    case 'VersionGated':
      return {
        kind: 'gated',
        minVersion: num(o.min_spec_version, `${where}.min_spec_version`),
        steps: list(o.commands, where).map((s, i) => step(s, `${where}.commands[${i}]`)),
      };
    default:
      return fail(where, `unknown test command !${tag}`);
  }
}

export function parseCase(text: string, file: string): DeviceCase {
  const doc = parseDocument(text, { customTags: CUSTOM_TAGS });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) fail(file, problems.map((p) => p.message).join('; '));
  const root = obj(doc.toJS(), file);
  const devices = list(root.devices, `${file}: devices`).map((d, i): CaseDevice => {
    const where = `${file}: devices[${i}]`;
    const o = obj(d, where);
    const id = obj(o.identifier, `${where}.identifier`);
    return {
      name: str(id.name, `${where}.identifier.name`),
      ...(id.address !== undefined && { address: str(id.address, `${where}.identifier.address`) }),
      ...(id.services !== undefined && {
        services: list(id.services, `${where}.identifier.services`).map((s) => str(s, where)),
      }),
      ...(o.expected_name != null && { expectedName: str(o.expected_name, `${where}.expected_name`) }),
      ...(o.expected_display_name != null && {
        expectedDisplayName: str(o.expected_display_name, `${where}.expected_display_name`),
      }),
    };
  });
  return {
    file,
    devices,
    ...(root.device_config_file != null && {
      deviceConfigFile: str(root.device_config_file, `${file}: device_config_file`),
    }),
    ...(root.user_device_config_file != null && {
      userDeviceConfigFile: str(root.user_device_config_file, `${file}: user_device_config_file`),
    }),
    init:
      root.device_init == null
        ? []
        : list(root.device_init, `${file}: device_init`).map((s, i) => step(s, `${file}: device_init[${i}]`)),
    commands: list(root.device_commands, `${file}: device_commands`).map((s, i) =>
      step(s, `${file}: device_commands[${i}]`),
    ),
  };
}

export function readDeviceCase(file: string): DeviceCase {
  return parseCase(readFileSync(file, 'utf8'), path.basename(file));
}

/**
 * The steps that apply at `version`: a !VersionGated group is expanded when version ≥ its
 * min_spec_version and dropped whole otherwise (upstream `filter_commands`), so a gated
 * Messages/Commands pair is never split.
 */
export function stepsAt(steps: readonly Step[], version: number): Exclude<Step, { kind: 'gated' }>[] {
  return steps.flatMap((s) =>
    s.kind === 'gated' ? (version >= s.minVersion ? stepsAt(s.steps, version) : []) : [s],
  );
}

/**
 * Whether some client message of the case, at `version`, sets several outputs at once (a !Vibrate,
 * !Scalar, !Rotate or !Linear with more than one subcommand): at v4 that is one OutputCmd per
 * subcommand, which a real client sends as separate frames.
 */
export function drivesSeveralOutputsAtOnce(c: DeviceCase, version: number): boolean {
  return stepsAt(c.commands, version).some(
    (s) => s.kind === 'messages' && s.messages.some((m) => 'subs' in m && m.subs.length > 1),
  );
}
