// The device database and its configuration files: what bus workers and the main thread import.
export * from './json-check.js';
export * from './upstream-loader.js';
export * from './user-config.js';
export * from './database.js';
export * from './user-view.js';
export * from './user-apply.js';
export * from './match.js';
export * from './user-config-edit.js';
