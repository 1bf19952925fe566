import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as yazl from 'yazl';

/** The bundle that shared/checks/contract.sh builds: the smallest valid Codabench v2 bundle. */
export const CONTRACT_YAML = `version: 2
title: Contract check
image: logo.png
terms: pages/terms.md
pages:
  - title: Overview
    file: pages/overview.md
tasks:
  - index: 0
    name: Only task
    scoring_program: scoring_program
    reference_data: reference_data
phases:
  - index: 0
    name: Only phase
    start: 2026-01-01
    tasks: [0]
leaderboards:
  - title: Results
    key: main
    columns:
      - title: Score
        key: score
        index: 0
        sorting: desc
`;

export function contractFiles(yaml = CONTRACT_YAML): Record<string, string | Buffer> {
  return {
    'competition.yaml': yaml,
    'pages/terms.md': 'Terms.\n',
    'pages/overview.md': 'Overview.\n',
    'logo.png': Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
    'scoring_program/metadata.yaml': 'command: python3 $program/score.py $input $output\n',
    'scoring_program/score.py': 'import json,sys\njson.dump({"score": 1.0}, open(sys.argv[2] + "/scores.json", "w"))\n',
    'reference_data/truth.txt': '1\n',
  };
}

export async function writeFolder(root: string, files: Record<string, string | Buffer>): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), content);
  }
  return root;
}

export async function writeZipFile(path: string, files: Record<string, string | Buffer>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.from(content), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) {
    chunks.push(chunk as Buffer);
  }
  await writeFile(path, Buffer.concat(chunks));
  return path;
}
