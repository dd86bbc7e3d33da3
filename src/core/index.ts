// The leaf every layer imports. It imports nothing of ours.
export * from './features.js';
export * from './commands.js';
export * from './errors.js';
export * from './database.js';
export * from './protocol.js';
export * from './channel.js';
export * from './output-table.js';
