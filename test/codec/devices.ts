// Realistic device descriptors for the codec tests (kept free of vitest so benchmarks can use them).
import type { DeviceDescriptor } from '../../src/core/index.js';

const battery = { Battery: { value: [[0, 100]] as const, command: ['Read'] as const } };

export const EDGE: DeviceDescriptor = {
  name: 'Lovense Edge',
  messageTimingGap: 75,
  features: [
    { index: 0, description: 'Inner vibrator', output: { Vibrate: { value: [0, 20] } } },
    { index: 1, description: 'Outer vibrator', output: { Vibrate: { value: [0, 20] } } },
    { index: 2, description: 'Battery', input: battery },
  ],
};

export const NORA: DeviceDescriptor = {
  name: 'Lovense Nora',
  messageTimingGap: 75,
  features: [
    { index: 0, description: 'Vibrator', output: { Vibrate: { value: [0, 20] } } },
    { index: 1, description: 'Rotating head', output: { Rotate: { value: [-20, 20] } } },
    { index: 2, description: 'Battery', input: battery },
  ],
};

export const MAX: DeviceDescriptor = {
  name: 'Lovense Max',
  displayName: 'My Max',
  messageTimingGap: 75,
  features: [
    { index: 0, description: 'Vibrator', output: { Vibrate: { value: [0, 20] } } },
    { index: 1, description: 'Air pump', output: { Constrict: { value: [0, 3] } } },
  ],
};

export const STROKER: DeviceDescriptor = {
  name: 'Test Stroker',
  messageTimingGap: 100,
  features: [
    {
      index: 0,
      description: 'Stroker',
      output: {
        HwPositionWithDuration: { value: [0, 100], duration: [0, 100000] },
        Position: { value: [0, 100] },
      },
    },
  ],
};

export const RSSI_VIBE: DeviceDescriptor = {
  name: 'Radio Vibe',
  displayName: 'Bedside',
  messageTimingGap: 0,
  features: [
    { index: 0, description: 'Vibrator', output: { Vibrate: { value: [0, 10] } } },
    { index: 1, description: 'Bluetooth RSSI', input: { Rssi: { value: [[-100, 0]], command: ['Read'] } } },
  ],
};

/** Every kind of feature, in an order where legacy indexes and feature indexes all differ. */
export const MIXED: DeviceDescriptor = {
  name: 'Mixed Rig',
  messageTimingGap: 50,
  features: [
    { index: 0, description: 'Rotator', output: { Rotate: { value: [-20, 20] } } },
    { index: 1, description: 'Vibe A', output: { Vibrate: { value: [0, 10] } } },
    { index: 2, description: 'Battery', input: battery },
    {
      index: 3,
      description: 'Squeeze + buzz',
      output: { Vibrate: { value: [0, 5] }, Constrict: { value: [0, 5] } },
    },
    { index: 4, description: 'Thruster', output: { Oscillate: { value: [0, 255] } } },
    { index: 5, description: 'Spinner', output: { Rotate: { value: [0, 10] } } },
    { index: 6, description: 'Servo', output: { Position: { value: [0, 100] } } },
    { index: 7, description: 'Light', output: { Led: { value: [0, 1] } } },
    {
      index: 8,
      description: 'Pressure',
      input: { Pressure: { value: [[0, 2000]], command: ['Subscribe'] } },
    },
    {
      index: 9,
      description: 'Stroke',
      output: { HwPositionWithDuration: { value: [0, 180], duration: [0, 100000] } },
    },
    { index: 10, description: 'Heat', output: { Temperature: { value: [-5, 5] }, Spray: { value: [0, 3] } } },
  ],
};

/** A Launch-like stroker: timed moves only (upstream kiiroo-v2, Fleshlight Launch). */
export const LAUNCH: DeviceDescriptor = {
  name: 'Fleshlight Launch',
  messageTimingGap: 100,
  features: [
    {
      index: 0,
      description: 'Stroker',
      output: { HwPositionWithDuration: { value: [0, 99], duration: [0, 100000] } },
    },
  ],
};

/** Upstream vorze-sa "Vorze A10 Cyclone SA": one directional rotator. */
export const VORZE: DeviceDescriptor = {
  name: 'Vorze A10 Cyclone SA',
  messageTimingGap: 100,
  features: [{ index: 0, description: 'Rotator', output: { Rotate: { value: [-99, 99] } } }],
};

// New devices go at the end: tests address the others by their position here.
export const ALL_DEVICES = { EDGE, NORA, MAX, STROKER, RSSI_VIBE, MIXED, LAUNCH, VORZE };
