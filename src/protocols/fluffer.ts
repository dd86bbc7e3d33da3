// Fluffer (and the MotorBunny models sold under it): every packet is AES-128-ECB encrypted with a
// fixed key, both motors travel in one packet. Facts: upstream device config "fluffer" and
// fluffer.rs. Devices are matched by manufacturer data (company 0x684a); the advertised name is a
// placeholder in the config and the real advertised name picks the model.
//
// After subscribing, the device is authenticated with its advertisement's manufacturer data: a
// random challenge and a SHA-256 over it and four bytes derived from the advertisement, answered
// by the device with [0xa5, 0x01, 0x01, 0x00]. Without Fluffer manufacturer data in the
// advertisement (upstream's device cases have none) it only subscribes, as upstream does.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { OutputCommand } from '../core/commands.js';
import type { ProtocolDefinition } from '../core/database.js';
import {
  outputKey,
  type Advertised,
  type HardwareOps,
  type HwWrite,
  type ProtocolModule,
  type ResolvedDevice,
} from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { listenOnce } from './shared/exchanges.js';
import { PacketHandler } from './shared/handlers.js';
import { currentValue } from './shared/outputs.js';
import { RX, TX } from './shared/writes.js';

const KEY = Buffer.from('jdk#Flu%y6fer32f', 'latin1');
/** Fluffer's Bluetooth company id, little-endian 0x4a 0x68 on the air. */
export const FLUFFER_COMPANY = 0x684a;
/** How long the device may take to answer the challenge (upstream waits without a bound). */
export const AUTH_TIMEOUT_MS = 2000;

/** AES-128-ECB with PKCS#7 padding under the Fluffer key. */
export function encrypt(plain: readonly number[]): Uint8Array {
  const cipher = createCipheriv('aes-128-ecb', KEY, null);
  return new Uint8Array(Buffer.concat([cipher.update(Uint8Array.from(plain)), cipher.final()]));
}

export function decrypt(data: Uint8Array): Uint8Array {
  const decipher = createDecipheriv('aes-128-ecb', KEY, null);
  return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
}

function encrypted(plain: readonly number[]): HwWrite {
  return { endpoint: TX, data: encrypt(plain), withResponse: false };
}

/**
 * A rotation step as the device reads it: speed 0–100, counter-clockwise adds 100 (upstream
 * fluffer.rs). Vibration and oscillation pass unchanged.
 */
export function motorByte(value: number): number {
  return value < 0 ? -value + 100 : value;
}

/** [0x82, 0x0f, 0x05, 0x00, motor0, motor1, 0, 0], encrypted. */
export function encodeMotors(motor0: number, motor1: number): HwWrite {
  return encrypted([0x82, 0x0f, 0x05, 0x00, motorByte(motor0), motorByte(motor1), 0x00, 0x00]);
}

/** Feature 0 always vibrates; feature 1 rotates (MotorBunny Classic) or oscillates (Buck). */
function buildPacket(current: ReadonlyMap<string, OutputCommand>): HwWrite {
  const second = current.get(outputKey(1, 'Rotate')) ?? current.get(outputKey(1, 'Oscillate'));
  return encodeMotors(currentValue(current, 0, 'Vibrate'), second?.value ?? 0);
}

// ------------------------------------------------------------------ authentication

/**
 * Four bytes from the manufacturer data (company id little-endian, then its data): the bytes from
 * offset 3, each non-zero one xored with (byte 1 ^ byte 2) unless it equals that key.
 */
export function advertisementCode(advertisement: readonly number[]): number[] {
  const key = ((advertisement[2] ?? 0) ^ (advertisement[1] ?? 0)) & 0xff;
  const out: number[] = [];
  for (let i = 3; out.length < 4 && i < advertisement.length; i++) {
    const b = advertisement[i] as number;
    out.push(b !== 0 && b !== key ? b ^ key : b);
  }
  return out;
}

/** The challenge [0xa5, 0x01, 0x08, ...nonce, ...sha256(nonce ‖ code)[0..4]], before encryption. */
export function challenge(nonce: readonly number[], advertisement: readonly number[]): number[] {
  const digest = createHash('sha256')
    .update(Uint8Array.from(nonce))
    .update(Uint8Array.from(advertisementCode(advertisement)))
    .digest();
  return [0xa5, 0x01, 0x08, ...nonce, ...digest.subarray(0, 4)];
}

const AUTH_OK = [0xa5, 0x01, 0x01, 0x00];
/** Sent once the device accepted the challenge. */
export const AFTER_AUTH = [0x82, 0x0e, 0x02, 0x00, 0x01] as const;

/** The challenge exchange; rejects when the device answers anything but success. */
export async function authenticate(
  hw: HardwareOps,
  advertisement: readonly number[],
  nonce: readonly number[] = [...randomBytes(4)],
): Promise<void> {
  const answer = listenOnce(hw, RX, AUTH_TIMEOUT_MS);
  await hw.write(TX, encrypt(challenge(nonce, advertisement)), false);
  const data = await answer;
  let plain: Uint8Array | undefined;
  try {
    plain = data && decrypt(data);
  } catch {
    plain = undefined;
  }
  if (plain === undefined || plain.length !== AUTH_OK.length || plain.some((b, i) => b !== AUTH_OK[i])) {
    throw new Error("Fluffer didn't provide a valid security handshake");
  }
  await hw.write(TX, encrypt(AFTER_AUTH), false);
}

/** The Fluffer entry of an advertisement as the device's code is derived from it: company id LE, then its data. */
export function flufferAdvertisement(advertised: Advertised | undefined): number[] | undefined {
  const md = advertised?.manufacturerData.find((m) => m.company === FLUFFER_COMPANY);
  return md && [FLUFFER_COMPANY & 0xff, FLUFFER_COMPANY >> 8, ...md.data];
}

async function initialise(hw: HardwareOps, _device: ResolvedDevice, advertised?: Advertised): Promise<void> {
  await hw.subscribe(RX);
  const advertisement = flufferAdvertisement(advertised);
  if (advertisement !== undefined) await authenticate(hw, advertisement);
}

// ------------------------------------------------------------------ database entry

export const FLUFFER_DEFINITION: ProtocolDefinition = {
  id: 'fluffer',
  communication: [
    btle({
      names: ['fake_name_as_we_must_match_fluffer_manufacturer_data'],
      manufacturerData: [{ company: FLUFFER_COMPANY }],
      services: {
        '53300031-0060-4bd4-bbe5-a6920e4c5663': {
          tx: '53300032-0060-4bd4-bbe5-a6920e4c5663',
          rx: '53300033-0060-4bd4-bbe5-a6920e4c5663',
        },
      },
    }),
  ],
  defaults: {
    name: 'Fluffer Device',
    id: 'dbea3a1a-117c-4302-bd72-f3c226e91d53',
    features: [output(0, 'eb0cb449-d936-4456-a50e-04fe1b170164', 'Vibrate', 100)],
  },
  configurations: [
    device('Fluffer G-Thing', '4044bbd4-6a87-4dd8-b773-00d7cdbeebe2', ['FDGTHING']),
    device('Fluffer G2G', '1a30c04a-3305-4d59-bd0b-410a2bbc31ca', ['FDG2G']),
    device('Fluffer Rock Hard Power Ring', 'f0ccd408-ad3e-4eaf-a2e0-b686cb8f3687', ['FDPR']),
    device(
      'MotorBunny Classic (Fluffer version)',
      'c469ba54-e0c1-43dc-b8b1-851b7792bf04',
      ['MBO', 'MB Controller'],
      [
        output(0, 'd3f05e7a-a436-4ede-bce9-8ff56d1978d0', 'Vibrate', 100),
        output(1, '52642901-8704-4db6-ae20-7111101cab86', 'Rotate', 100, { min: -100 }),
      ],
    ),
    device(
      'MotorBunny Buck (Fluffer version)',
      'eaf53618-90c7-4208-b225-1776093b9556',
      ['MBB', 'MB Link 201'],
      [
        output(0, '79c128d3-a135-4958-8beb-6b6cc8578ece', 'Vibrate', 100),
        output(1, '7f6b1af7-3e7c-4e59-a7a6-d940d83978aa', 'Oscillate', 100),
      ],
    ),
  ],
};

export const fluffer: ProtocolModule = {
  definition: FLUFFER_DEFINITION,
  initialise,
  createHandler: PacketHandler.factory('Fluffer', ['Vibrate', 'Rotate', 'Oscillate'], buildPacket),
};
