// Every message between the btle worker and its noble host process (noble-host.ts), which runs
// the BleAdapter out of the worker thread (see noble-adapter.ts for why). Plain data only: the
// IPC channel uses advanced serialisation, so Uint8Arrays cross as they are. Characteristics are
// named by their index in their connection's service list, flattened in discovery order.

import type { LogLevel } from '../../core/channel.js';
import type { BleCharacteristicProperties, BleDiscovery, BlePowerState } from './ble-adapter.js';

/** GATT as discovered, without handles. */
export interface WireService {
  readonly uuid: string;
  readonly characteristics: readonly {
    readonly uuid: string;
    readonly properties: BleCharacteristicProperties;
  }[];
}

/** Worker → host. Requests with an `id` get exactly one `result` or `error` with that id. */
export type ToHost =
  | { readonly op: 'waitPoweredOn'; readonly id: number; readonly timeoutMs: number }
  | { readonly op: 'startScan'; readonly id: number }
  | { readonly op: 'stopScan'; readonly id: number }
  | { readonly op: 'connect'; readonly id: number; readonly peripheral: string }
  /** Give up the connect request `id` (its answer is then an error, or a link dropped at once). */
  | { readonly op: 'abortConnect'; readonly id: number }
  | {
      readonly op: 'write';
      readonly id: number;
      readonly conn: number;
      readonly char: number;
      readonly data: Uint8Array;
      readonly withResponse: boolean;
    }
  | { readonly op: 'read'; readonly id: number; readonly conn: number; readonly char: number }
  | { readonly op: 'subscribe'; readonly id: number; readonly conn: number; readonly char: number }
  | { readonly op: 'unsubscribe'; readonly id: number; readonly conn: number; readonly char: number }
  | { readonly op: 'disconnect'; readonly id: number; readonly conn: number }
  | { readonly op: 'requestRssi'; readonly conn: number }
  | { readonly op: 'close' };

/** Host → worker. */
export type FromHost =
  /** Sent once at start: noble loaded (the radio may still be off), or why it cannot. */
  | { readonly t: 'loaded' }
  | { readonly t: 'unavailable'; readonly reason: string }
  | { readonly t: 'result'; readonly id: number; readonly state?: BlePowerState; readonly data?: Uint8Array }
  | {
      readonly t: 'connected';
      readonly id: number;
      readonly conn: number;
      readonly services: readonly WireService[];
    }
  | { readonly t: 'error'; readonly id: number; readonly message: string }
  | { readonly t: 'discover'; readonly discovery: BleDiscovery }
  | { readonly t: 'notification'; readonly conn: number; readonly char: number; readonly data: Uint8Array }
  | { readonly t: 'rssi'; readonly conn: number; readonly value: number }
  | { readonly t: 'disconnected'; readonly conn: number; readonly reason: string }
  | { readonly t: 'log'; readonly level: LogLevel; readonly msg: string };

/** One end of the link: a child process's IPC channel, or an in-memory pair in tests. */
export interface HostChannel<Out, In> {
  send(msg: Out): void;
  onMessage(listener: (msg: In) => void): void;
  /** The other end went away (process exit, channel closed). */
  onClose(listener: (reason: string) => void): void;
  close(): void;
}
