// Commands for the hub's device path, made the only way the types allow: by the codec's check
// against the device. Each is phrased as the v4 wire message a client would send (OutputCmd,
// InputCmd), decoded and converted for the device, so a hub test cannot hand the hub a command
// that no client could have got through.

import { expect } from 'vitest';
import type { InputCommand, OutputCommand } from '../../src/core/index.js';
import { convertUp, decodeMessage, type Checked, type Converted } from '../../src/codec/index.js';
import type { HubDevice } from '../../src/main/device-hub.js';

function convert(device: HubDevice, message: Record<string, unknown>): Converted {
  const req = decodeMessage(message, 4);
  if (req.kind !== 'DeviceCommand') throw new Error(`did not decode: ${JSON.stringify(req)}`);
  return convertUp(req.command, device.descriptor, device.index, device.positions);
}

/** `commands`, each checked against `device` as a v4 OutputCmd; in the same order. */
export function checkedOutputs(
  device: HubDevice,
  commands: readonly OutputCommand[],
): Array<Checked<OutputCommand>> {
  const out: Array<Checked<OutputCommand>> = [];
  for (const c of commands) {
    const order = c.duration === undefined ? { Value: c.value } : { Value: c.value, Duration: c.duration };
    const message = {
      OutputCmd: { Id: 1, DeviceIndex: device.index, FeatureIndex: c.feature, Command: { [c.type]: order } },
    };
    const converted = convert(device, message);
    if (converted.kind !== 'outputs')
      throw new Error(`not accepted for the device: ${JSON.stringify(converted)}`);
    expect(converted.commands).toEqual([c]);
    out.push(...converted.commands);
  }
  return out;
}

/** `command` checked against `device` as a v4 InputCmd. */
export function checkedInput(device: HubDevice, command: InputCommand): Checked<InputCommand> {
  const message = {
    InputCmd: {
      Id: 1,
      DeviceIndex: device.index,
      FeatureIndex: command.feature,
      Type: command.type,
      Command: command.command,
    },
  };
  const converted = convert(device, message);
  if (converted.kind !== 'input')
    throw new Error(`not accepted for the device: ${JSON.stringify(converted)}`);
  expect(converted.command).toEqual(command);
  return converted.command;
}
