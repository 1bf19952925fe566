// The worker image's HEALTHCHECK: healthy while the worker in this container records, fresh, that it consumes its
// queue (health/health-file.ts). Reads the same environment as the worker, so it finds the same record.
import { ConfigError, loadWorkerConfig } from './config';
import { healthFileOf, healthProblem } from './health/health-file';

async function main(): Promise<number> {
  let config;
  try {
    config = loadWorkerConfig(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) {
      throw e;
    }
    console.error(e.message);
    return 1;
  }
  const problem = await healthProblem(healthFileOf(config.workDir, config.workerName), Date.now());
  if (problem) {
    console.error(problem);
  }
  return problem ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
