import { importBench } from './import.bench';
import { ingest } from './ingest.bench';
import { leaderboard } from './leaderboard.bench';
import { logs } from './logs.bench';
import { overhead } from './overhead.bench';
import { throughput } from './throughput.bench';

/**
 * `npm run bench -- <name>` from the repository root, against the running platform (README command 1).
 * Every benchmark prints its figures and ends with one line:
 *   RESULT <name> value=<number><unit> baseline=<number><unit> ratio=<number>
 */
const benches: Record<string, () => Promise<void>> = {
  overhead,
  throughput,
  leaderboard,
  ingest,
  logs,
  import: importBench,
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const bench = name ? benches[name] : undefined;
  if (!bench) {
    console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
    process.exit(2);
  }
  await bench();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
