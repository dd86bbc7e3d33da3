// Ankni (Roselex): a 20-byte packet per command, written with response on tx, after a handshake
// derived from the device's address. Facts: upstream device config "ankni" and ankni.rs.
//
// Handshake: read the PnP id characteristic (generic0). A device that answers with more than six
// bytes carries no address there and needs no handshake. Otherwise the six bytes are its address:
// the high byte of the CRC-16 (poly 0x1021, init 0) of [0x01, ...address] is the check byte, and
// the device is sent twenty 0x01 bytes, then [0x01, 0x02, check ×16, 0x00, 0x00].

import type { ProtocolDefinition } from '../core/database.js';
import type { HardwareOps, HwWrite, ProtocolModule } from '../core/protocol.js';
import { btle, output } from './define.js';
import { PerCommandHandler } from './shared/handlers.js';
import { bytesWrite, TX } from './shared/writes.js';

const PNP_ENDPOINT = 'generic0';
const PNP_READ_LENGTH = 16;
/** upstream ankni.rs reads with this timeout. */
export const PNP_READ_TIMEOUT_MS = 100;
const PACKET_LENGTH = 20;

/** CRC-16 with polynomial 0x1021 and initial value 0, MSB first (CRC-16/XMODEM). */
export function crc16Xmodem(data: readonly number[]): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= (byte & 0xff) << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The check byte for an address: high byte of crc16Xmodem([0x01, ...address]). */
export function checkByte(address: readonly number[]): number {
  return crc16Xmodem([0x01, ...address]) >> 8;
}

/** The two handshake packets for an address read from the PnP id characteristic. */
export function handshakePackets(address: readonly number[]): [number[], number[]] {
  const check = checkByte(address);
  const first = new Array<number>(PACKET_LENGTH).fill(0x01);
  const second = [0x01, 0x02, ...new Array<number>(16).fill(check), 0x00, 0x00];
  return [first, second];
}

/** [0x03, 0x12, speed, 0 ×17]. */
export function encodeVibrate(speed: number): HwWrite {
  const packet = new Array<number>(PACKET_LENGTH).fill(0);
  packet[0] = 0x03;
  packet[1] = 0x12;
  packet[2] = speed;
  return bytesWrite(packet, true);
}

async function initialise(hw: HardwareOps): Promise<void> {
  const pnp = await hw.read(PNP_ENDPOINT, PNP_READ_LENGTH, PNP_READ_TIMEOUT_MS);
  if (pnp.length > 6) return;
  for (const packet of handshakePackets([...pnp])) await hw.write(TX, Uint8Array.from(packet), true);
}

export const ANKNI_DEFINITION: ProtocolDefinition = {
  id: 'ankni',
  communication: [
    btle({
      names: ['DSJM'],
      services: { '180a': { generic0: '2a50' }, fe00: { tx: 'fe01' }, fffe: { tx: 'fe02' } },
    }),
  ],
  defaults: {
    name: 'Roselex Device',
    id: '9a26d86b-afd3-4413-ad72-faddf14b7f03',
    features: [output(0, '2ba5d52d-0f40-4f1f-8738-955f9f7715f3', 'Vibrate', 3)],
  },
  configurations: [],
};

export const ankni: ProtocolModule = {
  definition: ANKNI_DEFINITION,
  initialise,
  createHandler: PerCommandHandler.factory('Ankni', {
    encoders: { Vibrate: (c) => [encodeVibrate(c.value)] },
  }),
};
