// Server messages in each version's wire shape (upstream schema `SpecVnMessages`), field order as
// the reference server writes them, and the JSON framing. Device lists reuse the cached JSON text
// of each device description (describe.ts): serialize() splices it in instead of stringifying the
// same device again for every client.

import type { Failure } from '../core/index.js';
import { describeDevice, type DeviceDescription } from './describe.js';
import type { DeviceEntry, ReadingReply, ServerMessage, SpecVersion } from './types.js';

/** Pre-built JSON text of a message, set (non-enumerable) by the builders that have one. */
const kJson = Symbol('thrum.codec.json');

type WithJson = ServerMessage & { readonly [kJson]?: string };

function withJson(message: ServerMessage, json: string): ServerMessage {
  Object.defineProperty(message, kJson, { value: json, enumerable: false });
  return message;
}

export function serverInfo(
  version: SpecVersion,
  id: number,
  serverName: string,
  maxPingTime: number,
): ServerMessage {
  if (version === 4) {
    return {
      ServerInfo: {
        Id: id,
        ProtocolVersionMajor: 4,
        ProtocolVersionMinor: 0,
        MaxPingTime: maxPingTime,
        ServerName: serverName,
      },
    };
  }
  if (version >= 2)
    return {
      ServerInfo: { Id: id, MessageVersion: version, MaxPingTime: maxPingTime, ServerName: serverName },
    };
  // v0 and v1 still carry the server's own version numbers; the reference server sends zeros.
  return {
    ServerInfo: {
      Id: id,
      MajorVersion: 0,
      MinorVersion: 0,
      BuildVersion: 0,
      MessageVersion: version,
      MaxPingTime: maxPingTime,
      ServerName: serverName,
    },
  };
}

export function ok(id: number): ServerMessage {
  return { Ok: { Id: id } };
}

export function error(id: number, reason: Failure): ServerMessage {
  return { Error: { Id: id, ErrorCode: reason.code, ErrorMessage: reason.message } };
}

/**
 * The device list as a reply (Id of the RequestDeviceList) or, in v4, as the event sent on every
 * change (Id 0). v0–v3 list an array; v4 a map keyed by device index.
 */
export function deviceList(
  version: SpecVersion,
  id: number,
  devices: ReadonlyArray<DeviceEntry | DeviceDescription>,
): ServerMessage {
  const described = devices.map((d) => describeDevice(version, d));
  if (version === 4) {
    const map: Record<string, unknown> = {};
    let json = '';
    for (const d of described) {
      map[d.index] = d.info;
      json += `${json === '' ? '' : ','}"${d.index}":${d.json}`;
    }
    return withJson(
      { DeviceList: { Id: id, Devices: map } },
      `{"DeviceList":{"Id":${id},"Devices":{${json}}}}`,
    );
  }
  const json = described.map((d) => d.json).join(',');
  return withJson(
    { DeviceList: { Id: id, Devices: described.map((d) => d.info) } },
    `{"DeviceList":{"Id":${id},"Devices":[${json}]}}`,
  );
}

// A memo of a pure function of an immutable description (not state), so every client gets the
// same object and its JSON is built once.
const added = new WeakMap<DeviceDescription, ServerMessage>();

/** v0–v3 only (v4 sends the whole DeviceList instead). The same object for every client. */
export function deviceAdded(version: SpecVersion, entry: DeviceEntry | DeviceDescription): ServerMessage {
  if (version === 4) throw new Error('DeviceAdded does not exist in spec v4; send deviceList(4, 0, …)');
  const d = describeDevice(version, entry);
  let message = added.get(d);
  if (message === undefined) {
    message = withJson({ DeviceAdded: { Id: 0, ...d.info } }, `{"DeviceAdded":{"Id":0,${d.json.slice(1)}}`);
    added.set(d, message);
  }
  return message;
}

/** v0–v3 only. */
export function deviceRemoved(index: number): ServerMessage {
  return { DeviceRemoved: { Id: 0, DeviceIndex: index } };
}

export function scanningFinished(): ServerMessage {
  return { ScanningFinished: { Id: 0 } };
}

/** v0–v1 Test echo. */
export function testReply(id: number, testString: string): ServerMessage {
  return { Test: { Id: id, TestString: testString } };
}

/**
 * A reading phrased as `reply` says (decided by convertUp from the request's version).
 * `values` holds one integer per range of the input; Id 0 for subscription events.
 */
export function reading(
  _version: SpecVersion,
  id: number,
  reply: ReadingReply,
  values: readonly number[],
): ServerMessage {
  const value = values[0] ?? 0;
  switch (reply.message) {
    case 'BatteryLevelReading': {
      // A 0..1 level; upstream divides the 0..100 reading by 100.
      const [min, max] = reply.range;
      const level = max > min ? (value - min) / (max - min) : 0;
      return {
        BatteryLevelReading: {
          Id: id,
          DeviceIndex: reply.deviceIndex,
          BatteryLevel: Math.min(1, Math.max(0, level)),
        },
      };
    }
    case 'RSSILevelReading':
      return { RSSILevelReading: { Id: id, DeviceIndex: reply.deviceIndex, RSSILevel: value } };
    case 'SensorReading':
      return {
        SensorReading: {
          Id: id,
          DeviceIndex: reply.deviceIndex,
          SensorIndex: reply.index,
          SensorType: reply.type,
          Data: [...values],
        },
      };
    case 'InputReading':
      return {
        InputReading: {
          Id: id,
          DeviceIndex: reply.deviceIndex,
          FeatureIndex: reply.index,
          Reading: { [reply.type]: { Value: value } },
        },
      };
  }
}

/** One message's JSON text: the text its builder prepared, else stringified now. */
export function messageJson(message: ServerMessage): string {
  return (message as WithJson)[kJson] ?? JSON.stringify(message);
}

/** The JSON text of `ok(id)`, without building the message. */
export function okJson(id: number): string {
  return `{"Ok":{"Id":${id}}}`;
}

/** One JSON text frame: the array of messages. */
export function serialize(messages: readonly ServerMessage[]): string {
  if (messages.length === 1) return `[${messageJson(messages[0]!)}]`;
  let text = '[';
  for (let i = 0; i < messages.length; i++) {
    if (i > 0) text += ',';
    text += messageJson(messages[i]!);
  }
  return `${text}]`;
}

/** Log (spec v0–v1): a server log line streamed to a client that sent RequestLog. */
export function logMessage(
  level: 'Fatal' | 'Error' | 'Warn' | 'Info' | 'Debug' | 'Trace',
  text: string,
): ServerMessage {
  return { Log: { Id: 0, LogLevel: level, LogMessage: text } };
}
