// The log keeps the last RECENT_LINES lines stderr got, oldest first, for GET /api/log.

import { describe, expect, it } from 'vitest';
import { log, RECENT_LINES, recentLog, setLogLevel } from '../../src/main/log.js';

describe('recent log lines', () => {
  it('keeps only the newest RECENT_LINES, oldest first, and only what passed the stderr threshold', () => {
    setLogLevel('info');
    for (let i = 0; i < RECENT_LINES + 30; i++) log('info', `ring ${i}`);
    log('debug', 'below the threshold');
    const kept = recentLog();
    expect(kept).toHaveLength(RECENT_LINES);
    expect(kept[0]!.msg).toBe('ring 30');
    expect(kept.at(-1)!.msg).toBe(`ring ${RECENT_LINES + 29}`);
    expect(recentLog('info', 2).map((l) => l.msg)).toEqual([
      `ring ${RECENT_LINES + 28}`,
      `ring ${RECENT_LINES + 29}`,
    ]);
    log('error', 'the one error');
    expect(recentLog('error').map((l) => l.msg)).toEqual(['the one error']);
  });
});
