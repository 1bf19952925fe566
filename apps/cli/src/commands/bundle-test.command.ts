import type { Command } from 'commander';
import type { CliEnv } from '../api/cli-config';
import { type BundleTestOptions, testBundle, type BundleTestReport } from '../bundle-test/bundle-test';
import { ExitCode, type CliIo } from '../cli-io';
import { formatTable } from '../format/table';
import { LogLines } from '../submit/live-logs';
import { runReporting } from './command-runner';

export interface BundleTestCommandOptions extends BundleTestOptions {
  json?: boolean;
}

/**
 * `arena bundle test <bundle> <submission>`: the submission through the bundle's programs on the local Docker engine,
 * as a worker runs it; the programs' output live, then the verdict and the board rows. 0 finished, 10 failed.
 */
export async function bundleTest(
  bundle: string,
  submission: string,
  options: BundleTestCommandOptions,
  io: CliIo,
  env: CliEnv,
): Promise<number> {
  return runReporting('arena bundle test', io, async () => {
    const lines = new LogLines((line, stream) => (stream === 'stdout' ? io.out(line) : io.err(line)));
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    let report: BundleTestReport;
    try {
      report = await testBundle(
        bundle,
        submission,
        options,
        env,
        (task, stream, text) => {
          if (!options.json) {
            lines.push({ runId: `task-${task}`, stream, text: text.toString('utf8') });
          }
        },
        abort.signal,
        (n, of, name) => {
          lines.flush();
          if (!options.json) {
            io.err(`== task "${name}" (${n + 1} of ${of}) ==`);
          }
        },
      );
    } finally {
      process.off('SIGINT', stop);
      lines.flush();
    }
    if (options.json) {
      io.out(JSON.stringify(report, null, 2));
    } else {
      printReport(report, io);
    }
    return report.status === 'finished' ? ExitCode.ok : ExitCode.runFailed;
  });
}

function printReport(report: BundleTestReport, io: CliIo): void {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  for (const run of report.runs) {
    const steps = Object.entries(run.result.stepsMs ?? {}).map(([step, ms]) => `${step} ${seconds(ms ?? 0)}`);
    io.out(`task "${run.task}": ${run.result.status}${steps.length ? ` (${steps.join(', ')})` : ''}`);
  }
  if (report.failure) {
    io.out(`${report.phase}: failed: ${report.failure.code}: ${report.failure.message}`);
    if (report.failure.code === 'local_data_unavailable') {
      io.out('here, name the folder with --local-data name=/abs/path');
    }
    if (report.failure.code === 'image_unavailable') {
      io.out('here, map the image to a local one with --image-map pattern=image');
    }
    return;
  }
  io.out(`${report.phase}: finished; the board${report.boards.length > 1 ? 's' : ''} would show:`);
  for (const board of report.boards) {
    io.out(`${board.title} (${board.key})`);
    for (const line of formatTable(
      board.columns.map((c) => ({ title: c.title, align: 'right' as const })),
      [board.columns.map((c) => c.value)],
    )) {
      io.out(`  ${line}`);
    }
  }
}

export function registerBundleTest(bundle: Command, io: CliIo, setExit: (code: number) => void, env: CliEnv): void {
  bundle
    .command('test')
    .description(
      "run a submission through a bundle's own programs on the local Docker engine, as a worker would, and print the scores as the board shows them",
    )
    .argument('<bundle>', 'bundle folder or zip')
    .argument('<submission>', 'submission folder or zip')
    .option('--phase <phase>', 'the phase, by name or number (default: the first)')
    .option(
      '--image-map <rules>',
      'WORKER_IMAGE_MAP for this run, e.g. codalab/codalab-legacy:*=arena/codalab-legacy:py3 (default: $WORKER_IMAGE_MAP)',
    )
    .option('--local-data <pairs>', 'folders of worker:// data: name=/abs/path,... (default: $WORKER_LOCAL_DATA)')
    .option('--gpus <gpus>', 'GPUs to hand the containers: all, or ids like 0,1 (default: $WORKER_GPUS, none)')
    .option('-o, --output <zip>', 'keep the scoring output zip there')
    .option('--json', 'print one JSON object: verdict, scores, each run with its logs, board rows')
    .action(async (bundlePath: string, submission: string, options: BundleTestCommandOptions) =>
      setExit(await bundleTest(bundlePath, submission, options, io, env)),
    );
}
