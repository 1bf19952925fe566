import { ConfigError, loadWorkerConfig, type WorkerConfig } from './config';
import { createLogger } from './logger';
import { startWorker } from './worker';

async function main(): Promise<void> {
  let config: WorkerConfig;
  try {
    config = loadWorkerConfig(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) {
      throw e;
    }
    console.error(e.message);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  let worker;
  try {
    worker = await startWorker(config, { logger });
  } catch (e) {
    logger.fatal({ err: (e as Error).message }, 'the worker could not start');
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceSec: config.shutdownGraceSec }, 'shutting down');
    worker.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (e: Error) => {
        logger.error({ err: e.message }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
