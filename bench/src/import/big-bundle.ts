import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { writeZip, type ZipWriterEntry } from '@arena/safe-zip';
import { EXAMPLE } from '../raw-docker';

const MB = 1_000_000;
const BLOCK = 4 * 1024 * 1024;
const BLOCKS = 2;
let csvMemo: Blocks | undefined;

export interface BigBundleSizes {
  /** Compressible CSV, deflated: two thirds train.csv, a sixth test.csv (input data), a sixth test labels (reference). */
  csvMb: number;
  /** Incompressible binary, stored: the starting kit's pre-trained model. */
  binMb: number;
}

export interface BigBundle {
  path: string;
  /** Size of the zip. */
  bytes: number;
  /** Sum of the files' sizes once unpacked. */
  contentBytes: number;
}

const YAML = (bad: boolean) => `version: 2
title: Import benchmark (${bad ? 'refused' : 'big data'})
description: The example competition with gigabytes of data and a pre-trained model.
image: logo.png
terms: pages/terms.md
docker_image: codalab/codalab-legacy:py37
pages:
  - title: Overview
    file: pages/overview.md
  - title: Evaluation
    file: pages/evaluation.md
tasks:
  - index: 0
    name: Labels
    scoring_program: scoring_program
    input_data: input_data
    reference_data: reference_data
phases:
  - index: 0
    name: Development
    start: 2025-01-01
    tasks: [0]
    starting_kit: starting_kit
leaderboards:
  - title: Results
    key: main
    submission_rule: Force_Last
    columns:
      - { title: Accuracy, key: accuracy, index: 0, sorting: desc }
${bad ? '  - title: [unclosed\n' : ''}`;

/**
 * A bundle of `csvMb` of CSV (deflated) and `binMb` of random bytes (stored), written in seconds rather than the
 * minutes `zip` takes: 2 distinct 4 MiB blocks of random CSV rows are deflated once (level 6, each ended by a full
 * flush so that deflate streams concatenate) and repeated; deflate looks back 32 KiB only, so the repetition gives it
 * nothing (the CSV deflates to about 39%) and inflating costs what it costs for any CSV. `refused`: competition.yaml comes last and does not parse.
 */
export async function writeBigBundle(path: string, sizes: BigBundleSizes, refused = false): Promise<BigBundle> {
  const csv = (csvMemo ??= csvBlocks());
  const noise = Array.from({ length: BLOCKS }, () => randomBytes(BLOCK));
  const small = await exampleFiles();
  const csvFile = (name: string, bytes: number) => repeated(name, csv, bytes, true);
  const entries: ZipWriterEntry[] = [
    ...(refused ? [] : [textEntry('competition.yaml', Buffer.from(YAML(false)))]),
    ...small.map(([name, content]) => textEntry(name, content)),
    csvFile('input_data/train.csv', Math.round((sizes.csvMb * MB * 2) / 3)),
    csvFile('input_data/test.csv', Math.round((sizes.csvMb * MB) / 6)),
    csvFile('reference_data/test_labels.csv', Math.round((sizes.csvMb * MB) / 6)),
    textEntry('starting_kit/README.md', Buffer.from('Load model/weights.bin, predict, zip predictions.csv.\n')),
    repeated('starting_kit/model/weights.bin', { plain: noise, deflated: null }, sizes.binMb * MB, false),
    ...(refused ? [textEntry('competition.yaml', Buffer.from(YAML(true)))] : []),
  ];
  await pipeline(writeZip(entries, { mtime: new Date(2026, 0, 1) }), createWriteStream(path));
  const contentBytes =
    entries.reduce((n, e) => n + (e.kind === 'raw' ? e.size : 0), 0) + small.reduce((n, [, c]) => n + c.length, 0);
  return { path, bytes: (await stat(path)).size, contentBytes };
}

interface Blocks {
  plain: Buffer[];
  /** Each plain block deflated on its own, ending on a byte boundary without a final block; null: stored. */
  deflated: Buffer[] | null;
}

function csvBlocks(): Blocks {
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const plain: Buffer[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const rows: string[] = [];
    let size = 0;
    for (let i = 0; size < BLOCK; i++) {
      const row = `${b * 1e7 + i},${(next() * 100).toFixed(6)},${next().toFixed(8)},${Math.floor(next() * 1e6)},cat_${Math.floor(next() * 50)},${next() < 0.5 ? 'yes' : 'no'}\n`;
      rows.push(row);
      size += row.length;
    }
    plain.push(Buffer.from(rows.join('')).subarray(0, BLOCK));
  }
  return { plain, deflated: plain.map((p) => deflateRawSync(p, { level: 6, finishFlush: constants.Z_FULL_FLUSH })) };
}

/** `bytes` made of the blocks in turn (the last one cut), as a raw entry whose CRC-32 and sizes are computed first. */
function repeated(name: string, blocks: Blocks, bytes: number, deflate: boolean): ZipWriterEntry {
  const pieces: { plain: Buffer; deflated: Buffer | null }[] = [];
  let crc = 0;
  for (let n = 0, i = 0; n < bytes; i++) {
    const whole = blocks.plain[i % blocks.plain.length];
    const plain = bytes - n >= whole.length ? whole : whole.subarray(0, bytes - n);
    const deflated = !deflate
      ? null
      : plain === whole
        ? blocks.deflated![i % blocks.plain.length]
        : deflateRawSync(plain, { level: 6, finishFlush: constants.Z_FULL_FLUSH });
    crc = crc32(plain, crc);
    pieces.push({ plain, deflated });
    n += plain.length;
  }
  const end = deflateRawSync(Buffer.alloc(0)); // the final (empty) block
  const body = deflate ? [...pieces.map((p) => p.deflated!), end] : pieces.map((p) => p.plain);
  const compressedSize = body.reduce((n, b) => n + b.length, 0);
  return {
    kind: 'raw',
    name,
    method: deflate ? 8 : 0,
    crc32: crc,
    compressedSize,
    size: bytes,
    open: () => Readable.from(body),
  };
}

function textEntry(name: string, content: Buffer): ZipWriterEntry {
  return { kind: 'stream', name, compress: true, open: () => Readable.from([content]) };
}

/** The example bundle's pages, logo, scoring program and reference labels. */
async function exampleFiles(): Promise<[string, Buffer][]> {
  const root = join(EXAMPLE, 'bundle');
  const out: [string, Buffer][] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        await walk(path);
      } else if (path !== 'competition.yaml') {
        out.push([path, await readFile(join(root, path))]);
      }
    }
  };
  await walk('');
  return out.sort(([a], [b]) => a.localeCompare(b));
}
