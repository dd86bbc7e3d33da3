// Feeds output commands to a protocol handler the way the coalescer does, for protocol tests:
// every call passes the changed outputs plus `current`, the table of every value set so far.
// The formatters turn the resulting writes into the plain shapes tests compare against.

import { expect } from 'vitest';
import { buildDatabase, resolveDevice, type DeviceDatabase } from '../../src/config/index.js';
import type { OutputCommand } from '../../src/core/commands.js';
import type { OutputType } from '../../src/core/features.js';
import {
  outputKey,
  type HandlerContext,
  type HwWrite,
  type ProtocolHandler,
  type ProtocolModule,
  type ResolvedDevice,
} from '../../src/core/protocol.js';

/** One output command as a test writes it; the duration is for HwPositionWithDuration only. */
export type Cmd = readonly [feature: number, type: OutputType, value: number, duration?: number];

/** A write as [endpoint, bytes, withResponse]. */
export type Sent = [endpoint: string, data: number[], withResponse: boolean];

/** A write as a plain object with its bytes as numbers. */
export type Plain = { endpoint: string; data: number[]; withResponse: boolean };

let defaultDb: DeviceDatabase | undefined;

/** The built-in configuration `name` (and `identifier`, when given) resolves to; throws when there is none. */
export function resolvedDevice(protocol: string, name: string, identifier?: string): ResolvedDevice {
  defaultDb ??= buildDatabase().db;
  const d = resolveDevice(defaultDb, protocol, identifier, name);
  if (!d) throw new Error(`no ${protocol} configuration for ${name}`);
  return d;
}

export class OutputDriver {
  readonly current = new Map<string, OutputCommand>();
  readonly handler: ProtocolHandler;
  /** From a handler, or from a module and a resolved device (and the context its handler gets). */
  constructor(handler: ProtocolHandler);
  constructor(module: ProtocolModule, device: ResolvedDevice, context?: HandlerContext);
  constructor(from: ProtocolHandler | ProtocolModule, device?: ResolvedDevice, context?: HandlerContext) {
    this.handler = 'createHandler' in from ? from.createHandler(device!, context) : from;
  }

  /** Records `cmds` in the current-value table and returns what the handler writes for them. */
  encode(...cmds: Cmd[]): readonly HwWrite[] {
    const changed = cmds.map(([feature, type, value, duration]): OutputCommand => ({
      feature,
      type,
      value,
      ...(duration !== undefined && { duration }),
    }));
    for (const c of changed) this.current.set(outputKey(c.feature, c.type), c);
    return this.handler.encode(changed, this.current);
  }
}

/** Expects every write on `endpoint` (and with `withResponse`, when given); returns the writes. */
export function expectOn(
  writes: readonly HwWrite[],
  endpoint: string,
  withResponse?: boolean,
): readonly HwWrite[] {
  for (const w of writes) {
    expect(w.endpoint).toBe(endpoint);
    if (withResponse !== undefined) expect(w.withResponse).toBe(withResponse);
  }
  return writes;
}

/** The bytes of every write. */
export const bytesOf = (writes: readonly HwWrite[]): number[][] => writes.map((w) => [...w.data]);

/** Every write as [endpoint, bytes, withResponse]. */
export const tuplesOf = (writes: readonly HwWrite[]): Sent[] =>
  writes.map((w) => [w.endpoint, [...w.data], w.withResponse]);

/** Every write as { endpoint, data, withResponse }. */
export const plainOf = (writes: readonly HwWrite[]): Plain[] =>
  writes.map((w) => ({ endpoint: w.endpoint, data: [...w.data], withResponse: w.withResponse }));

/** A tx write's bytes and response flag: what families that write only to tx are checked by. */
export type TxWrite = { data: number[]; withResponse: boolean };

/** Expects every write on tx; returns the bytes of each. */
export const txBytes = (writes: readonly HwWrite[]): number[][] => bytesOf(expectOn(writes, 'tx'));

/** Expects every write on tx; returns each one's bytes and response flag. */
export const txPlain = (writes: readonly HwWrite[]): TxWrite[] =>
  plainOf(expectOn(writes, 'tx')).map(({ data, withResponse }) => ({ data, withResponse }));

/** A device of `module` found by advertised name, driven as the coalescer does; it writes only to tx. */
export class TxDriver extends OutputDriver {
  constructor(
    module: ProtocolModule,
    name: string,
    readonly device = resolvedDevice(module.definition.id, name),
  ) {
    super(module, device);
  }
  send(...cmds: Cmd[]): number[][] {
    return txBytes(this.encode(...cmds));
  }
  sendPlain(...cmds: Cmd[]): TxWrite[] {
    return txPlain(this.encode(...cmds));
  }
}
