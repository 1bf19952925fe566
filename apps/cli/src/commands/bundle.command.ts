import type { Command } from 'commander';
import type { CliEnv } from '../api/cli-config';
import type { CliIo } from '../cli-io';
import { registerBundleTest } from './bundle-test.command';
import { registerBundleValidate } from './bundle-validate.command';

/** `arena bundle …`: commands on competition bundles. */
export function registerBundleCommands(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  env: CliEnv = process.env,
): void {
  const bundle = program.command('bundle').description('work with competition bundles (competition.yaml + files)');
  registerBundleValidate(bundle, io, setExit, env);
  registerBundleTest(bundle, io, setExit, env);
}
