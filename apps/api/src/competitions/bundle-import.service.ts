import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import {
  type BundleProblem,
  type BundleSource,
  type CompetitionModel,
  formatProblem,
  type PartRef,
  readBundle,
  writePartZip,
} from '@arena/bundle';
import { DomainError } from '@api/common/domain.error';
import type { DatasetEntity, DatasetKind } from '@api/datasets/entities/dataset.entity';
import { BlobStore } from '@api/storage/blob-store';
import { CompetitionsRepository, type NewCompetitionRows } from './competitions.repository';
import type { TaskEntity } from './entities/task.entity';

const MAX_PAGE_BYTES = 1024 * 1024;
const MAX_LOGO_BYTES = 2 * 1024 * 1024;

/**
 * Turns an uploaded bundle into stored datasets and database rows. Everything is checked before anything is
 * written; if storing or inserting fails half-way, the objects already written are deleted, so a refused
 * bundle leaves nothing behind.
 */
@Injectable()
export class BundleImportService {
  private readonly logger = new Logger(BundleImportService.name);

  constructor(
    private readonly repo: CompetitionsRepository,
    private readonly store: BlobStore,
  ) {}

  async import(ownerId: string, bundlePath: string, uploadName: string): Promise<string> {
    const { model, problems, source } = await this.read(bundlePath, uploadName);
    const written: string[] = [];
    try {
      const competitionId = randomUUID();
      const rows = await this.buildRows(competitionId, ownerId, model, source, written);
      const bundleKey = `competitions/${competitionId}/bundle.zip`;
      written.push(bundleKey);
      await this.store.put(bundleKey, createReadStream(bundlePath), 'application/zip');
      rows.competition.bundleKey = bundleKey;
      await this.repo.insertImported(rows);
      const warnings = problems.filter((p) => p.severity === 'warning');
      if (warnings.length) this.logger.log(`competition ${competitionId} imported with ${warnings.length} warning(s)`);
      return competitionId;
    } catch (e) {
      await this.store.delete(written).catch((err: unknown) => this.logger.error(`cleanup failed: ${String(err)}`));
      throw e;
    } finally {
      source.close();
    }
  }

  private async read(bundlePath: string, uploadName: string): Promise<{ model: CompetitionModel; problems: BundleProblem[]; source: BundleSource }> {
    let result: Awaited<ReturnType<typeof readBundle>>;
    try {
      result = await readBundle(bundlePath);
    } catch (e) {
      throw new DomainError('invalid_bundle', `${uploadName}: ${(e as Error).message}`);
    }
    const errors = result.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0 || !result.model || !result.source) {
      result.source?.close();
      const lines = errors.map(formatProblem);
      throw new DomainError(
        'invalid_bundle',
        `${uploadName}: ${errors.length} problem(s): ${lines.slice(0, 5).join('; ')}${lines.length > 5 ? '; ...' : ''}`,
        { problems: errors, warnings: result.problems.filter((p) => p.severity === 'warning') },
      );
    }
    return { model: result.model, problems: result.problems, source: result.source };
  }

  private async buildRows(
    competitionId: string,
    ownerId: string,
    model: CompetitionModel,
    source: BundleSource,
    written: string[],
  ): Promise<NewCompetitionRows> {
    const datasets: NewCompetitionRows['datasets'] = [];
    const storePart = async (ref: PartRef | undefined, kind: DatasetKind, name: string): Promise<string | null> => {
      if (!ref) return null;
      if ('key' in ref) return this.existingDataset(ref.key, kind, name);
      const id = randomUUID();
      const storageKey = `datasets/${id}.zip`;
      written.push(storageKey);
      const pass = new PassThrough();
      const [zipped] = await Promise.all([
        writePartZip(source, ref.path, pass).catch((e: unknown) => {
          pass.destroy(e as Error);
          throw e;
        }),
        this.store.put(storageKey, pass, 'application/zip'),
      ]);
      datasets.push({ id, ownerId, kind, name: `${name} (${ref.path})`, storageKey, size: zipped.bytes, sha256: zipped.sha256 });
      return id;
    };

    const tasks: TaskEntity[] = [];
    for (const t of model.tasks) {
      if (t.key) throw new DomainError('invalid_bundle', `competition.yaml: tasks[${t.index}].key: reusing existing tasks by key is not supported yet`);
      tasks.push({
        id: randomUUID(),
        competitionId,
        index: t.index,
        name: t.name,
        description: t.description,
        scoringProgramId: await storePart(t.scoringProgram, 'scoring_program', `${t.name} scoring program`),
        ingestionProgramId: await storePart(t.ingestionProgram, 'ingestion_program', `${t.name} ingestion program`),
        inputDataId: await storePart(t.inputData, 'input_data', `${t.name} input data`),
        referenceDataId: await storePart(t.referenceData, 'reference_data', `${t.name} reference data`),
        ingestionOnlyDuringScoring: t.ingestionOnlyDuringScoring,
      });
    }
    const taskIdByIndex = new Map(tasks.map((t) => [t.index, t.id]));

    const pages: NewCompetitionRows['pages'] = [];
    for (const [index, page] of model.pages.entries()) {
      pages.push({ competitionId, index, title: page.title, content: await source.readText(page.file, MAX_PAGE_BYTES) });
    }
    const terms = model.terms ? await source.readText(model.terms, MAX_PAGE_BYTES) : null;
    let logoKey: string | null = null;
    if (model.image) {
      logoKey = `competitions/${competitionId}/logo${extensionOf(model.image)}`;
      written.push(logoKey);
      const logo = await readCapped(await source.openRead(model.image), MAX_LOGO_BYTES, model.image);
      await this.store.put(logoKey, Readable.from([logo]));
    }

    return {
      competition: {
        id: competitionId,
        ownerId,
        title: model.title,
        description: model.description,
        dockerImage: model.dockerImage,
        format: model.format,
        bundleKey: null,
        logoKey,
        terms,
        model,
      },
      datasets,
      pages,
      tasks,
      phases: model.phases.map((p) => ({
        competitionId,
        index: p.index,
        name: p.name,
        description: p.description,
        startAt: new Date(p.start),
        endAt: p.end ? new Date(p.end) : null,
        executionTimeLimitSec: p.executionTimeLimitSec,
        maxSubmissionsPerDay: p.maxSubmissionsPerDay,
        maxSubmissions: p.maxSubmissions,
        taskIds: p.taskIndexes.map((i) => taskIdByIndex.get(i)!),
      })),
      leaderboards: model.leaderboards.map((l) => ({
        competitionId,
        key: l.key,
        title: l.title,
        index: l.index,
        hidden: l.hidden,
        primaryIndex: l.primaryIndex,
        submissionRule: l.submissionRule,
        columns: l.columns,
      })),
    };
  }

  private async existingDataset(key: string, kind: DatasetKind, name: string): Promise<string> {
    const found: DatasetEntity | null = await this.repo.findDataset(key);
    if (!found) throw new DomainError('invalid_bundle', `competition.yaml: ${name}: no dataset with key ${key} on this platform`);
    if (found.kind !== kind) {
      throw new DomainError('invalid_bundle', `competition.yaml: ${name}: dataset ${key} is a ${found.kind}, not a ${kind}`);
    }
    return found.id;
  }
}

function extensionOf(path: string): string {
  const m = /\.[A-Za-z0-9]{1,8}$/.exec(path);
  return m ? m[0].toLowerCase() : '';
}

async function readCapped(stream: Readable, max: number, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stream.destroy();
      throw new DomainError('invalid_bundle', `${name}: larger than ${max} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
