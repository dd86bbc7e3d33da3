// The one internal command form. Every spec version's device commands convert up to these
// (v4 semantics: one feature, one output type, an integer step value) before they reach the
// hub, and only these cross into bus workers.

import type { InputCommandType, InputType, OutputType } from './features.js';

export interface OutputCommand {
  readonly feature: number;
  readonly type: OutputType;
  /** Integer step inside the feature's range for this output type. */
  readonly value: number;
  /** Milliseconds; HwPositionWithDuration only. */
  readonly duration?: number;
}

export interface InputCommand {
  readonly feature: number;
  readonly type: InputType;
  readonly command: InputCommandType;
}

/** A sensor value as it leaves a device: one integer per range of the input's spec. */
export interface InputReading {
  readonly feature: number;
  readonly type: InputType;
  readonly values: readonly number[];
}
