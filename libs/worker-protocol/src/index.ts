export * from './version';
export * from './job.message';
export * from './run-result.message';
export * from './worker-routes';
export * from './protocol.error';
