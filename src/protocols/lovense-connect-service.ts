// Lovense toys reached through the Lovense Connect app's local HTTP service: each command is an
// HTTP path-and-query string ("Vibrate1?v=10&t=<toy id>") written to tx; the battery level is a
// byte the bus keeps for the toy. The toy type the app reports ("Max", "Nora", …) is the
// identifier, and the toy id (the device address) is part of every command. The bus that carries
// these writes is src/workers/lovense-connect/. Facts: upstream device config
// "lovense-connect-service" and lovense_connect_service.rs.

import type { OutputCommand } from '../core/commands.js';
import type { DeviceConfig, ProtocolDefinition } from '../core/database.js';
import type { FeatureDef, InputType, OutputType } from '../core/features.js';
import type { HardwareOps, HwWrite, ProtocolHandler, ProtocolModule } from '../core/protocol.js';
import { battery, device, output } from './define.js';
import { requireOutputs } from './shared/handlers.js';
import { RX, textWrite } from './shared/writes.js';

/** How a toy takes its outputs, decided at initialisation as upstream does. */
export interface ConnectToy {
  /** The Lovense Connect toy id, sent with every command. */
  readonly address: string;
  /** Oscillate goes out as "Thrusting" (Gravity, Solace); otherwise as "AirAuto". */
  readonly thrusts: boolean;
}

const count = (features: readonly FeatureDef[], type: OutputType) =>
  features.filter((f) => f.output?.[type] !== undefined).length;

/**
 * Upstream counts vibrators and oscillators; a toy with oscillators but no vibrator has them
 * counted as vibrators instead (so not thrusting), and the Solace is always thrusting.
 */
export function connectToy(name: string, address: string, features: readonly FeatureDef[]): ConnectToy {
  const vibrators = count(features, 'Vibrate');
  const oscillators = count(features, 'Oscillate');
  return { address, thrusts: name === 'Solace' || (vibrators !== 0 && oscillators !== 0) };
}

/** The Solace's stroke depth is fixed at 3 when it connects (upstream hard-codes it). */
export function encodeSolaceDepth(address: string): HwWrite {
  return textWrite(`Depth?v=3&t=${address}`, false);
}

/**
 * One command. Upstream's protocol replaces the per-type dispatch with its own: Vibrate and
 * Oscillate are sent; Rotate and Constrict send nothing (its rotate encoder is never reached).
 */
export function encodeCommand(toy: ConnectToy, c: OutputCommand): HwWrite[] {
  if (c.type === 'Vibrate')
    return [textWrite(`Vibrate${c.feature + 1}?v=${c.value}&t=${toy.address}`, false)];
  if (c.type === 'Oscillate')
    return [textWrite(`${toy.thrusts ? 'Thrusting' : 'AirAuto'}?v=${c.value}&t=${toy.address}`, false)];
  return [];
}

async function readBattery(hw: HardwareOps, _feature: number, type: InputType): Promise<readonly number[]> {
  if (type !== 'Battery') throw new Error(`Lovense Connect has no readable ${type} input`);
  const data = await hw.read(RX, 0);
  if (data.length < 1) throw new Error('empty battery reading');
  return [data[0] as number];
}

class ConnectHandler implements ProtocolHandler {
  constructor(private readonly toy: ConnectToy) {}

  encode(changed: readonly OutputCommand[]): readonly HwWrite[] {
    return changed.flatMap((c) => encodeCommand(this.toy, c));
  }

  readInput(hw: HardwareOps, feature: number, type: InputType): Promise<readonly number[]> {
    return readBattery(hw, feature, type);
  }
}

const vibrator = (index: number, id: string, description = '') =>
  output(index, id, 'Vibrate', 20, { description });
const batteryAt = (index: number, id: string) => battery(index, id, 'battery Level');
const toy = (identifier: string, name: string, id: string, features?: readonly FeatureDef[]): DeviceConfig =>
  device(name, id, [identifier], features);

export const LOVENSE_CONNECT_SERVICE_DEFINITION: ProtocolDefinition = {
  id: 'lovense-connect-service',
  communication: [{ other: { bus: 'lovense_connect_service', data: { exists: true } } }],
  defaults: device('Lovense Connect Service Device', 'caceda00-463b-4981-949f-b7e6b06ed02b', undefined, [
    vibrator(0, '387829be-bbd3-4d71-98f2-738dbb685600'),
    batteryAt(1, '7202da93-c25d-460a-a863-8d4d38f41fdf'),
  ]),
  configurations: [
    toy('Max', 'Lovense Max', 'c82d6326-c683-496b-b54a-c07cb03434f5', [
      vibrator(0, 'cd1a70b7-d716-41a9-b839-24e0229c25d2', 'Vibrator'),
      output(1, 'e74ae364-c17a-41c4-accf-0e4a4ee94e04', 'Constrict', 3, { description: 'Air Pump' }),
      batteryAt(2, 'a2d19eee-211e-4771-b7e1-cfba3e6bb55f'),
    ]),
    toy('Edge', 'Lovense Edge', '847c87fa-14a6-416c-95a8-d5b558c92cc0', [
      vibrator(0, '26f7aaa6-4312-487d-aabb-b43e4c87b5c2'),
      vibrator(1, '5410094f-eff4-4b41-bfa2-b4cece3b9101'),
      batteryAt(2, '9b31822c-7449-4a3d-bd4d-6cced8440126'),
    ]),
    toy('Nora', 'Lovense Nora', '15dcfcf0-a9c9-4ff4-90c0-37007e7c4809', [
      vibrator(0, '1bfa1705-0193-4393-82f7-1c458e4885b3'),
      output(1, 'af885c72-ce2b-47d5-87be-3847f24d18a5', 'Rotate', 20, { min: -20 }),
      batteryAt(2, '1fb626ec-7006-46f5-97b1-db3cc0bc5bb8'),
    ]),
    toy('Ambi', 'Lovense Ambi', '68611264-45fb-49ab-9d1a-6a2000fd4b8a'),
    toy('Lush', 'Lovense Lush', 'c5063766-bc9c-422c-91e4-18873bc77352'),
    toy('Hush', 'Lovense Hush', '8cc0f440-8a81-4ae9-951d-050777cb1f33'),
    toy('Domi', 'Lovense Domi', '0e4f7cc1-5bd6-4f81-8bfc-7da23b0ff483'),
    toy('Osci', 'Lovense Osci', '0951047c-2ac3-43ea-a24e-2d17174809d0'),
    toy('Mission', 'Lovense Mission', '93907f90-05d4-4afe-a160-28973069927c'),
    toy('Ferri', 'Lovense Ferri', '915d15fb-c47d-494c-af43-b9820e9bd33f'),
    toy('Diamo', 'Lovense Diamo', 'cea4f8b8-43e4-4a73-bab7-179aa2332f85'),
    toy('ToyS', 'Loveai Dolp', '7194fd0d-e084-4c45-9d49-648b152fe9ba'),
    toy('XMachine', 'Lovense Sex Machine', '9b52eca4-0e49-426e-a543-2ef735cd803a', [
      output(0, '0ab80cc0-7a82-4cb6-ba4f-0f18ddb2911f', 'Oscillate', 20, {
        description: 'Fucking Machine Oscillation Speed',
      }),
      batteryAt(1, '971bd4aa-d6ac-4449-bd1a-862b29ae705e'),
    ]),
    toy('Dolce', 'Lovense Dolce', 'd51f41a8-3731-4b06-b320-6cfa2d518940', [
      vibrator(0, '59ec4d12-2c6d-4cd9-83b0-8ff1609563d4'),
      vibrator(1, '4e4eead7-9959-4fe2-b629-a535f6bc7ca4'),
      batteryAt(2, 'b771d1b8-5a68-4a75-8ff2-868380d18fe7'),
    ]),
    toy('Gush', 'Lovense Gush', '24a65c79-7a5e-4ab4-82cf-684f54292f89'),
    toy('Hyphy', 'Lovense Hyphy', '33a001d2-2879-47f8-89d3-422d262deb53', [
      vibrator(0, 'a6ec2f52-780b-4d87-a809-0bdc2ccadcc1'),
      vibrator(1, 'c06723f1-f816-442b-8193-a5c407fecabe'),
      batteryAt(2, '80d1e022-85a6-46ad-bbe9-1b8085b1e336'),
    ]),
    toy('Calor', 'Lovense Calor', 'ea035198-1eb8-4fa8-b234-50b9a91c8925'),
    toy('Flexer', 'Lovense Flexer', '10995415-c030-4fd1-b5c0-af42d850ff61', [
      vibrator(0, 'bd656e88-abae-49e4-ab45-f75df187bb4a', 'Both Vibes'),
      output(1, '663dedb4-05a1-4391-a666-e59c38ead69c', 'Rotate', 20, { description: 'Finger motion' }),
      batteryAt(2, '735c2164-4fd5-4e82-835d-23251e487d68'),
    ]),
    toy('Gemini', 'Lovense Gemini', '7da2f986-8960-4c2c-acf1-d8924878adc0', [
      vibrator(0, '2c186df2-4e8c-491d-b247-fcbaeb763fee'),
      vibrator(1, '81657dab-5fbf-40b4-a6f8-cfecb7906757'),
      batteryAt(2, 'fe19ad5c-5acb-4ee9-8a09-f6edca06f471'),
    ]),
    toy('Gravity', 'Lovense Gravity', '75a502f3-6b8f-4d70-97b5-86fff5d45260', [
      vibrator(0, 'fba538eb-784e-4ca7-ad81-e52f3cd0d3f2'),
      output(1, '61bd6559-c32d-4c3b-9686-988fa3cd4abf', 'Oscillate', 20),
      batteryAt(2, '7a794236-85e6-4b13-97c6-d17d1f091f0a'),
    ]),
    toy('Ridge', 'Lovense Ridge', 'fcd47b93-ac57-4167-93a5-fb12f223ff28', [
      vibrator(0, '4865ff41-25cd-42a9-b93d-00a7c1e881d5'),
      output(1, 'd49001e8-5f6b-43ac-9cc7-7e68fab7c323', 'Rotate', 20, { min: -20 }),
      batteryAt(2, '7fcb01eb-4241-42c1-9799-fdfa190b7edd'),
    ]),
    toy('Lapis', 'Lovense Lapis', 'd99b1620-25cd-40fe-af02-a51d08df33ca', [
      vibrator(0, 'f435ee40-ae30-4fba-9f80-c1143f601993', 'Tip Vibe'),
      vibrator(1, '9504ed2b-1baf-4759-922b-a5dcfc16aeb7', 'Internal Vibe'),
      vibrator(2, '1cce6f8f-0301-4e4e-a820-1ed85e11e25d', 'External Vibe'),
      batteryAt(3, '322170f9-b493-4233-9336-e6f7f267450c'),
    ]),
    toy('Vulse', 'Lovense Vulse', 'f2c1faec-7d64-48be-9c91-2649c74540c7'),
    toy('Solace', 'Lovense Solace', '665925e2-e895-443f-953a-cae3f371c138', [
      output(0, 'b8b240c0-182d-4889-9200-47c16399c57d', 'Oscillate', 20, {
        description: 'Stroker Oscillation Speed',
      }),
      batteryAt(1, '37c03e71-1701-4b5a-9697-d62d2dc56e4b'),
    ]),
  ],
};

export const lovenseConnectService: ProtocolModule<ConnectToy> = {
  definition: LOVENSE_CONNECT_SERVICE_DEFINITION,
  // The app reports the toy type as the device name.
  identify: async (hw) => hw.name,
  async initialise(hw, device) {
    const facts = connectToy(hw.name, hw.address, device.features);
    if (hw.name === 'Solace') {
      const depth = encodeSolaceDepth(hw.address);
      await hw.write(depth.endpoint, depth.data, depth.withResponse);
    }
    return facts;
  },
  createHandler(device, context) {
    requireOutputs(device, ['Vibrate', 'Oscillate', 'Rotate', 'Constrict'], 'lovense-connect-service');
    const facts = context?.learned;
    if (facts === undefined)
      throw new Error(
        'lovense-connect-service: the toy id is learned in initialise, which has not run for this device',
      );
    return new ConnectHandler(facts);
  },
};
