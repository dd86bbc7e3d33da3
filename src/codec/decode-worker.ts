// A decode pool worker (piscina loads this file and calls its default export once per task).
// Everything it does is runPoolTask: CPU only, no I/O, so piscina's Atomics wait between tasks
// costs nothing here (style.md §7). Start it through decode-pool.ts, never directly.

import { runPoolTask } from './decode-task.js';

export default runPoolTask;
