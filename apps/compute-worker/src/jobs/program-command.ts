import { join } from 'node:path';
import { parse } from 'yaml';
import { RunFailure } from './run-failure';
import { readUntrustedFile, UnsafeFileError } from './safe-read';

const METADATA_MAX_BYTES = 64 * 1024;
const METADATA_FILES = ['metadata.yaml', 'metadata'];

/**
 * Legacy CodaLab `$var` names in a scoring command and their paths in the container (Codabench
 * `replace_legacy_metadata_command`, scoring step). `$input_data` is listed because Codabench's plain string
 * replace turns it into /app/input_data too.
 */
export const LEGACY_SCORING_PATHS: Record<string, string> = {
  input: '/app/input',
  input_data: '/app/input_data',
  output: '/app/output',
  program: '/app/program',
  hidden: '/app/input/ref',
  shared: '/app/shared',
  tmp: '/app/output',
  predictions: '/app/input/res',
  submission_program: '/app/ingested_program',
};

/**
 * The same names in the prediction step (ingestion program, or a code submission run on its own): `$input` is the
 * input data there, and predictions are written to the step's output. Reference data is not mounted in this step.
 */
export const LEGACY_PREDICTION_PATHS: Record<string, string> = {
  input: '/app/input_data',
  input_data: '/app/input_data',
  output: '/app/output',
  program: '/app/program',
  ingestion_program: '/app/program',
  shared: '/app/shared',
  tmp: '/app/output',
  predictions: '/app/output',
  submission_program: '/app/ingested_program',
};

/** Replaces whole `$name` variables only; unknown ones stay for the shell. */
export function substituteLegacyVariables(
  command: string,
  paths: Record<string, string> = LEGACY_SCORING_PATHS,
): string {
  return command.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) =>
    Object.hasOwn(paths, name) ? paths[name] : whole,
  );
}

/** The `command` of the program's metadata.yaml (or `metadata`), legacy variables already substituted. */
export async function readProgramCommand(programDir: string): Promise<string> {
  const command = await readCommand(programDir, 'scoring program', LEGACY_SCORING_PATHS);
  if (command === null) {
    throw new RunFailure('bad_bundle', 'the scoring program has no metadata.yaml with a command');
  }
  return command;
}

/**
 * The `command` of a folder's metadata.yaml (or `metadata`) with the step's legacy variables substituted, or null
 * when there is none: a submission without one is a results submission (Codabench).
 */
export async function readCommand(
  dir: string,
  label: string,
  paths: Record<string, string>,
  options: MetadataOptions = {},
): Promise<string | null> {
  return (await readMetadata(dir, label, paths, options))?.command ?? null;
}

export interface MetadataOptions {
  /**
   * A metadata file that is not YAML counts as one without a command (Codabench reads a submission's so), instead of
   * failing the run: participants' results zips sometimes carry a free-text `metadata`.
   */
  lenient?: boolean;
}

/**
 * A folder's metadata.yaml (or `metadata`): which file it is and its `command` (legacy variables substituted), null
 * when the file has none; null when the folder has no metadata file at all. On Codabench a submission without one
 * is a results submission, and one without a command is code for the ingestion program to consume.
 */
export async function readMetadata(
  dir: string,
  label: string,
  paths: Record<string, string>,
  options: MetadataOptions = {},
): Promise<{ file: string; command: string | null } | null> {
  for (const file of METADATA_FILES) {
    let text: Buffer | null;
    try {
      text = await readUntrustedFile(join(dir, file), METADATA_MAX_BYTES, `${label} ${file}`);
    } catch (e) {
      if (e instanceof UnsafeFileError) {
        throw new RunFailure('bad_bundle', e.message);
      }
      throw e;
    }
    if (text === null) {
      continue;
    }
    let doc: unknown;
    try {
      doc = parse(text.toString('utf8'), { maxAliasCount: 100 });
    } catch (e) {
      if (options.lenient) {
        return { file, command: null };
      }
      throw new RunFailure('bad_bundle', `${label} ${file} is not valid YAML: ${(e as Error).message}`);
    }
    const command = doc && typeof doc === 'object' ? (doc as { command?: unknown }).command : undefined;
    if (typeof command !== 'string' || command.trim() === '') {
      return { file, command: null };
    }
    return { file, command: substituteLegacyVariables(command.trim(), paths) };
  }
  return null;
}
