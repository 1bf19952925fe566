import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { zipFolder } from './zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification/bundle');

/**
 * A CodaLab v1 bundle as organizers made them: the YAML at the root beside zips of the example's scoring program and
 * reference data (`scoring_program.zip`, `reference_data.zip`), an `ingestion_program.zip`, `input_data.zip`,
 * `starting_kit.zip`, the four html pages and `logo.png`. Returns the path of the zipped bundle.
 */
export async function v1Bundle(tmp: string, yaml: string): Promise<string> {
  const dir = join(tmp, `v1-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  await zipFolder(join(EXAMPLE, 'scoring_program'), join(dir, 'scoring_program.zip'));
  await zipFolder(join(EXAMPLE, 'reference_data'), join(dir, 'reference_data.zip'));
  const part = async (name: string, files: Record<string, string>) => {
    const src = join(dir, `_${name}`);
    await mkdir(src);
    for (const [f, text] of Object.entries(files)) {
      await writeFile(join(src, f), text);
    }
    await zipFolder(src, join(dir, `${name}.zip`));
    await rm(src, { recursive: true, force: true });
  };
  await part('ingestion_program', {
    metadata: 'command: python3 $program/ingest.py\n',
    'ingest.py': 'print("ingest")\n',
  });
  await part('input_data', { 'x.csv': 'x\n1\n' });
  await part('starting_kit', { README: 'Start here.\n' });
  for (const page of ['overview', 'evaluation', 'terms', 'data']) {
    await writeFile(join(dir, `${page}.html`), `<p>${page}</p>`);
  }
  await copyFile(join(EXAMPLE, 'logo.png'), join(dir, 'logo.png'));
  await writeFile(join(dir, 'competition.yaml'), yaml);
  return zipFolder(dir, `${dir}.zip`);
}

/** The smallest v1 YAML these tests start from: one phase, one board with the example's two scores. */
export const V1_BASE = `title: CodaLab v1 competition
version: 1.5
description: Imported from CodaLab
image: logo.png
has_registration: False
html:
  overview: overview.html
  evaluation: evaluation.html
  terms: terms.html
  data: data.html
phases:
  1:
    phasenumber: 1
    label: Development
    start_date: 2025-01-01
    scoring_program: scoring_program.zip
    reference_data: reference_data.zip
leaderboard:
  leaderboards:
    Results: &RESULTS
      label: Results
      rank: 1
  columns:
    accuracy:
      leaderboard: *RESULTS
      label: Accuracy
      rank: 1
    f1:
      leaderboard: *RESULTS
      label: F1
      rank: 2
`;
