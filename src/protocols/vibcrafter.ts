// VibCrafter: ASCII commands AES-128-ECB encrypted (PKCS#7 padding) with a fixed key, on tx; the
// device answers on rx. Before it obeys, the device must be authenticated: "Auth:<6 random
// alphanumerics>;", then either "OK;" or a challenge "xxxx:<token>;" answered with the first two
// bytes of SHA-256(token) in hex. Both motors go in every command ("MtInt:<m0><m1>;", two digits
// each). Facts: upstream device config "vibcrafter" and vibcrafter.rs.

import { createCipheriv, createDecipheriv, createHash, randomInt } from 'node:crypto';
import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite } from '../core/protocol.js';
import { btle, device, output } from './define.js';
import { perCommandModule, rememberingSpeeds } from './shared/handlers.js';
import { RX, TX } from './shared/writes.js';

const KEY = Buffer.from('jdk#Cra%f5Vib28r', 'latin1');
/** Upstream waits for each handshake answer without a bound; we give up after this. */
export const HANDSHAKE_TIMEOUT_MS = 5_000;
/** A well-behaved device answers at most one challenge; this bounds a misbehaving one. */
const MAX_HANDSHAKE_ROUNDS = 8;

export function encrypt(text: string): Uint8Array {
  const cipher = createCipheriv('aes-128-ecb', KEY, null);
  return new Uint8Array(Buffer.concat([cipher.update(text, 'latin1'), cipher.final()]));
}

export function decrypt(data: Uint8Array): string {
  const decipher = createDecipheriv('aes-128-ecb', KEY, null);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(length = 6): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return s;
}

const CHALLENGE = /^[a-zA-Z0-9]{4}:([a-zA-Z0-9]+);$/;

/** The answer to a challenge, or undefined when `text` is not one. */
export function challengeAnswer(text: string): string | undefined {
  const token = CHALLENGE.exec(text)?.[1];
  if (token === undefined) return undefined;
  const digest = createHash('sha256').update(token, 'latin1').digest();
  return `Auth:${digest.subarray(0, 2).toString('hex')};`;
}

export async function authenticate(hw: HardwareOps, token = randomToken()): Promise<void> {
  await hw.subscribe(RX);
  let message = `Auth:${token};`;
  for (let round = 0; round < MAX_HANDSHAKE_ROUNDS; round++) {
    const answer = hw.nextNotification(RX, HANDSHAKE_TIMEOUT_MS);
    answer.catch(() => {}); // a write failure below is the error to report
    await hw.write(TX, encrypt(message), false);
    let text: string;
    try {
      text = decrypt(await answer);
    } catch {
      break;
    }
    if (text === 'OK;') return;
    const reply = challengeAnswer(text);
    if (reply === undefined) break;
    message = reply;
  }
  throw new Error("VibCrafter didn't provide a valid security handshake");
}

/** Both motors, 0–99 each, as two zero-padded digits. */
export function encodeSpeeds(speed0: number, speed1: number): HwWrite {
  const two = (n: number) => String(n & 0xff).padStart(2, '0');
  return { endpoint: TX, data: encrypt(`MtInt:${two(speed0)}${two(speed1)};`), withResponse: false };
}

export const VIBCRAFTER_DEFINITION: ProtocolDefinition = {
  id: 'vibcrafter',
  communication: [
    btle({
      names: ['be gentle', 'Janna', 'Hayden', 'Nidalee'],
      services: {
        '53300051-0060-4bd4-bbe5-a6920e4c5663': {
          tx: '53300052-0060-4bd4-bbe5-a6920e4c5663',
          rx: '53300053-0060-4bd4-bbe5-a6920e4c5663',
        },
      },
    }),
  ],
  defaults: device('VibCrafter Device', 'a44eef0e-b412-44d0-9545-a4b7b0298514', undefined, [
    output(0, '343a8e18-b76c-4482-b048-32d762bf87c9', 'Vibrate', 99),
    output(1, 'd92a031e-bd0d-4815-a0bd-6c59566dcce2', 'Vibrate', 99),
  ]),
  configurations: [
    device('VibCrafter Harlow', '687972b8-e52d-4ce8-8b16-b6d24585915b', ['be gentle']),
    device('VibCrafter Hayden', '4006a4fd-2a7a-417e-b64a-66f43ba28b9e', ['Hayden']),
    device('VibCrafter Nidalee', '3e1e3e00-771b-4657-8450-6e314eed24b3', ['Nidalee']),
    device(
      'VibCrafter Janna',
      'cb0756c3-111c-463b-a575-edc9204af528',
      ['Janna'],
      [output(0, '51e20287-006c-4dc9-941a-346b8f960715', 'Vibrate', 99)],
    ),
  ],
};

export const vibcrafter = perCommandModule({
  definition: VIBCRAFTER_DEFINITION,
  supported: ['Vibrate'],
  encodersFor: () => ({
    Vibrate: rememberingSpeeds(2, (speeds) => [encodeSpeeds(speeds[0] ?? 0, speeds[1] ?? 0)]),
  }),
  initialise: (hw) => authenticate(hw),
});
