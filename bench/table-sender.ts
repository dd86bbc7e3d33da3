// Channel B's main-thread side: a device command becomes a write to its output's slot in the
// latest-value table (latest-table.ts). No timer, no message: the worker is woken by the table.
//
// Slots are found the way a port would find them: a device has a first slot and a short list of
// its outputs (one to a few), searched linearly — no string key per command.

import type { OutputCommand } from '../src/core/index.js';
import type { ChannelSender, SlotOutput } from './channel-protocol.js';
import { TableWriter } from './latest-table.js';

export class TableSender implements ChannelSender {
  readonly #writer: TableWriter;
  /** Per device: its first slot, and its outputs in slot order (a device's slots are contiguous). */
  readonly #devices = new Map<number, { readonly first: number; readonly outputs: SlotOutput[] }>();

  constructor(table: SharedArrayBuffer, maxSlots: number, outputs: readonly SlotOutput[]) {
    this.#writer = new TableWriter(table, maxSlots);
    outputs.forEach((o, slot) => {
      let d = this.#devices.get(o.device);
      if (!d) this.#devices.set(o.device, (d = { first: slot, outputs: [] }));
      if (d.first + d.outputs.length !== slot) throw new Error(`device ${o.device}: slots must be contiguous`);
      d.outputs.push(o);
    });
  }

  output(device: number, command: OutputCommand): void {
    this.#writer.write(this.#slot(device, command), command.value, command.duration ?? 0);
  }

  stop(device: number, commands: readonly OutputCommand[]): void {
    for (const c of commands) this.#writer.stop(this.#slot(device, c));
  }

  flush(): void {
    // Nothing is held back on this side: the table is the queue.
  }

  #slot(device: number, command: OutputCommand): number {
    const d = this.#devices.get(device);
    if (d) {
      for (let i = 0; i < d.outputs.length; i++) {
        const o = d.outputs[i]!;
        if (o.feature === command.feature && o.type === command.type) return d.first + i;
      }
    }
    throw new Error(`device ${device} has no slot for feature ${command.feature} ${command.type}`);
  }
}
