// The user config writer on a real file system (a temporary directory): devices found together
// are one write, the file is replaced whole (never half-written, no temporary file left), its
// mode is kept, a symlink stays a symlink; and every way a write can fail is one warning, not
// one per device, with nothing lost once the file can be written again.

import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  lstatSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseUserConfig, type NewDeviceEntry } from '../../src/config/index.js';
import {
  nodeUserConfigFs,
  UserConfigWriter,
  type UserConfigFs,
} from '../../src/config/user-config-writer.js';

const entry = (address: string, index: number): NewDeviceEntry => ({
  address,
  protocol: 'lovense',
  identifier: 'Z',
  name: 'Lovense Hush',
  baseId: '37642e1c-a416-44d3-bada-76b6d9e245c9',
  featureIds: ['3f7a25a5-df21-42ca-bf9f-d1c52df1f37e', '14bd7637-13ed-49ba-9eb9-9c8ba9abec20'],
  index,
});

/** The real file system, counting replaces. */
class CountingFs implements UserConfigFs {
  replaces = 0;
  read(file: string) {
    return nodeUserConfigFs.read(file);
  }
  replace(file: string, text: string) {
    this.replaces++;
    return nodeUserConfigFs.replace(file, text);
  }
}

function indexes(file: string): Array<[string, number | undefined]> {
  const parsed = parseUserConfig(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value.devices.map((d) => [d.address, d.index]);
}

let dir: string;
let file: string;
let warnings: string[];
let fs: CountingFs;
const writer = (over: Partial<ConstructorParameters<typeof UserConfigWriter>[0]> = {}): UserConfigWriter =>
  new UserConfigWriter({ file, warn: (m) => warnings.push(m), fs, batchMs: 10, ...over });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'thrum-writer-'));
  file = path.join(dir, 'user.json');
  warnings = [];
  fs = new CountingFs();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writing', () => {
  test('many devices at once are one write; the file is created when missing', async () => {
    const w = writer({ batchMs: 60_000 });
    for (let i = 0; i < 50; i++) w.add(entry(`addr-${i}`, i));
    await w.flush();
    expect(fs.replaces).toBe(1);
    expect(indexes(file)).toEqual(Array.from({ length: 50 }, (_, i) => [`addr-${i}`, i]));
    expect(readdirSync(dir)).toEqual(['user.json']);
    expect(warnings).toEqual([]);
  });

  test('the batch goes out by itself after the batch time', async () => {
    const recorded: number[] = [];
    const w = writer({ recorded: (n) => recorded.push(n) });
    w.add(entry('a', 0));
    w.add(entry('b', 1));
    await expect.poll(() => recorded, { timeout: 10_000 }).toEqual([2]);
    expect(indexes(file)).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(fs.replaces).toBe(1);
  });

  test("the user's edits since start are kept, and the file's mode", async () => {
    writeFileSync(file, JSON.stringify({ version: { major: 4, minor: 0 } }));
    chmodSync(file, 0o600);
    const w = writer();
    w.add(entry('a', 0));
    // The user adds a deny entry before the write.
    const mine = {
      identifier: { address: 'mine', protocol: 'lovense' },
      config: {
        id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0001',
        base_id: '6f1d1a57-3f3e-4f53-9d39-0b8b4f5e0002',
        features: [],
        user_config: { allow: false, deny: true, index: 9 },
      },
    };
    writeFileSync(
      file,
      JSON.stringify({ version: { major: 4, minor: 0 }, user_configs: { devices: [mine] } }),
    );
    await w.flush();
    expect(indexes(file)).toEqual([
      ['mine', 9],
      ['a', 0],
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('through a symlink, the real file is replaced and the link kept', async () => {
    const real = path.join(dir, 'real.json');
    writeFileSync(real, JSON.stringify({ version: { major: 4, minor: 0 } }));
    symlinkSync(real, file);
    const w = writer();
    w.add(entry('a', 0));
    await w.flush();
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(indexes(real)).toEqual([['a', 0]]);
  });

  test('a device already in the file is no write at all', async () => {
    const w = writer();
    w.add(entry('a', 0));
    await w.flush();
    w.add(entry('a', 0));
    await w.flush();
    expect(fs.replaces).toBe(1);
  });
});

describe('failing', () => {
  test('the file replaced by a directory: one warning for every device, then written once it is a file again', async () => {
    const w = writer();
    mkdirSync(file);
    for (let i = 0; i < 3; i++) {
      w.add(entry(`addr-${i}`, i));
      await w.flush();
    }
    expect(warnings).toEqual([
      `cannot record new devices in ${file}: it is a directory (EISDIR); their indexes hold for this run only`,
    ]);
    rmSync(file, { recursive: true });
    w.add(entry('addr-3', 3));
    await w.flush();
    expect(indexes(file)).toEqual([0, 1, 2, 3].map((i) => [`addr-${i}`, i]));
    expect(warnings).toHaveLength(1);
  });

  test('a file that became broken since start: one warning, the file untouched', async () => {
    const w = writer();
    writeFileSync(file, '{ "version": ');
    w.add(entry('a', 0));
    await w.flush();
    w.add(entry('b', 1));
    await w.flush();
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(`^cannot record new devices in ${file}: it no longer loads \\(${file}: not valid JSON`),
      ),
    ]);
    expect(readFileSync(file, 'utf8')).toBe('{ "version": ');
    expect(fs.replaces).toBe(0);
  });

  test('a path under a file (not a directory): one warning', async () => {
    writeFileSync(path.join(dir, 'plain'), 'x');
    file = path.join(dir, 'plain', 'user.json');
    const w = writer();
    w.add(entry('a', 0));
    w.add(entry('b', 1));
    await w.flush();
    w.add(entry('c', 2));
    await w.flush();
    expect(warnings).toEqual([
      `cannot record new devices in ${file}: part of its path is not a directory (ENOTDIR); their indexes hold for this run only`,
    ]);
  });

  test('a read-only file (as a non-root user sees it): one warning', async () => {
    writeFileSync(file, JSON.stringify({ version: { major: 4, minor: 0 } }));
    // Root may write anything, so the refusal an ordinary user gets is injected.
    const readOnly: UserConfigFs = {
      read: (f) => nodeUserConfigFs.read(f),
      replace: () =>
        Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    };
    const w = writer({ fs: readOnly });
    for (let i = 0; i < 3; i++) {
      w.add(entry(`addr-${i}`, i));
      await w.flush();
    }
    expect(warnings).toEqual([
      `cannot record new devices in ${file}: not writable (EACCES); their indexes hold for this run only`,
    ]);
  });

  test('a replace that fails at the rename leaves no temporary file behind', async () => {
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'x');
    await expect(nodeUserConfigFs.replace(file, '{}')).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|ENOTEMPTY)$/),
    });
    expect(readdirSync(dir)).toEqual(['user.json']);
    expect(readdirSync(file)).toEqual(['inside']);
  });

  test('a different reason is warned again', async () => {
    const w = writer();
    mkdirSync(file);
    w.add(entry('a', 0));
    await w.flush();
    rmSync(file, { recursive: true });
    writeFileSync(file, 'nope');
    w.add(entry('b', 1));
    await w.flush();
    expect(warnings.map((m) => /: (it is a directory|it no longer loads)/.exec(m)?.[1])).toEqual([
      'it is a directory',
      'it no longer loads',
    ]);
  });
});
