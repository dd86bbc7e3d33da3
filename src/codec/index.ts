// The codec's public surface. Pure: frames in, typed requests (or typed errors) out, and server
// messages back, for spec versions 0–4.
export * from './types.js';
export { parseJsonFrame, decodeHandshake, decodeMessage } from './decode.js';
export { parseMsgpackFrame, serializeMsgpack } from './msgpack.js';
export {
  convertUp,
  legacyView,
  stepFromFloat,
  type Checked,
  type LegacyView,
  type OutputAttr,
  type PositionMemory,
  type SensorAttr,
} from './convert.js';
export { describeDevice, type DeviceDescription } from './describe.js';
export {
  serverInfo,
  ok,
  error,
  deviceList,
  deviceAdded,
  deviceRemoved,
  scanningFinished,
  reading,
  testReply,
  logMessage,
  serialize,
  messageJson,
  okJson,
} from './server-messages.js';
export { ReplyBatch } from './reply-batch.js';
export type { ClientMessageV0 } from './v0.js';
export type { ClientMessageV1 } from './v1.js';
export type { ClientMessageV2 } from './v2.js';
export type { ClientMessageV3 } from './v3.js';
export type { ClientMessageV4 } from './v4.js';
