import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import {
  type BundleProblem,
  type BundleSource,
  type CompetitionModel,
  formatProblem,
  type PartRef,
  type PartZipResult,
  readBundle,
  writePartZip,
} from '@arena/bundle';
import { ZipSafetyError } from '@arena/safe-zip';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { ApiConfig } from '@api/config/api-config';
import { resultsHiddenAtImport } from '@api/leaderboards/results-visibility';
import { BlobStore } from '@api/storage/blob-store';
import { CompetitionsRepository, type NewCompetitionRows } from './competitions.repository';
import type { TaskEntity } from './entities/task.entity';
import type { Visibility } from './entities/competition.entity';
import { PartRefsService, partUses } from './part-refs.service';
import { leaderboardRow, phaseRow } from './model-rows';
import { extensionOf, localOf, logoFile, pageFile, termsFile } from './stored-model';

const MAX_PAGE_BYTES = 1024 * 1024;
const MAX_LOGO_BYTES = 2 * 1024 * 1024;

/**
 * Turns an uploaded bundle into stored datasets and database rows. competition.yaml and what it names are checked
 * before anything is written (a bad one is refused after reading the zip's central directory and the YAML, however
 * large the zip). Every file is then read through against its zip header (sizes, CRC-32) while the parts are copied
 * into their dataset zips as the bundle stores them (one pass over the data, no inflating and deflating again), and
 * the bundle itself is kept by a hard link (local storage) or a server-side copy (an upload already on S3). If the
 * check, a copy or the insert fails, every object written is deleted, so a refused bundle leaves nothing behind.
 */
@Injectable()
export class BundleImportService {
  private readonly logger = new Logger(BundleImportService.name);

  constructor(
    private readonly repo: CompetitionsRepository,
    private readonly store: BlobStore,
    private readonly refs: PartRefsService,
    private readonly config: ApiConfig,
  ) {}

  /**
   * Returns the new competition's id and the bundle's warnings (the parser's, and organizers it names but lacks).
   * `storedAs`: the bundle's key in the store where it is stored already (a resumable upload), copied from there.
   */
  async import(
    user: AuthUser,
    bundlePath: string,
    uploadName: string,
    storedAs?: string,
  ): Promise<{ id: string; warnings: BundleProblem[] }> {
    const { model, problems, source } = await this.read(bundlePath, uploadName);
    const written: string[] = [];
    const stop = new AbortController();
    try {
      const refused = await this.refs.check(model, user);
      if (refused.length) {
        throw bundleRefused(uploadName, refused);
      }
      const competitionId = randomUUID();
      const bundleKey = `competitions/${competitionId}/bundle.zip`;
      written.push(bundleKey);
      // The three run side by side; a failed check stops the copies, and nothing is cleaned before all have settled.
      const t0 = performance.now();
      const took: Record<string, string> = {};
      const timed = <T>(name: string, p: Promise<T>): Promise<T> =>
        p.finally(() => (took[name] = ((performance.now() - t0) / 1000).toFixed(1)));
      const verified = timed('check', source.verified()).catch((e: unknown) => {
        stop.abort();
        throw e instanceof ZipSafetyError ? unsafeBundle(uploadName, e) : e;
      });
      const kept = timed(
        'bundle kept',
        storedAs ? this.store.copy(storedAs, bundleKey) : this.store.putFile(bundleKey, bundlePath, 'application/zip'),
      );
      const built = timed('parts stored', this.buildRows(competitionId, user.id, model, source, written, stop.signal));
      const [check, copy, rowsResult] = await Promise.allSettled([verified, kept, built]);
      this.logger.log(
        `bundle ${uploadName} (competition ${competitionId}): ${Object.entries(took)
          .map(([k, v]) => `${k} after ${v} s`)
          .join(', ')}`,
      );
      for (const r of [check, copy, rowsResult]) {
        if (r.status === 'rejected') {
          throw r.reason;
        }
      }
      const rows = (rowsResult as PromiseFulfilledResult<NewCompetitionRows>).value;
      const admins = await this.adminsOf(model, user);
      rows.collaboratorIds = admins.ids;
      rows.storageQuotaMb = storageQuotaOf(model);
      problems.push(...admins.problems);
      if (model.queue) {
        rows.queueId = await this.repo.usableQueue(model.queue, user);
        if (!rows.queueId) {
          problems.push(queueNotUsable(model.queue));
        }
      }
      rows.competition.bundleKey = bundleKey;
      await this.repo.insertImported(rows);
      const warnings = problems.filter((p) => p.severity === 'warning');
      if (warnings.length) {
        this.logger.log(`competition ${competitionId} imported with ${warnings.length} warning(s)`);
      }
      return { id: competitionId, warnings };
    } catch (e) {
      await this.store.delete(written).catch((err: unknown) => this.logger.error(`cleanup failed: ${String(err)}`));
      throw e;
    } finally {
      source.close();
    }
  }

  /**
   * CodaLab's `admin_names` ("alice, bob"): CodaLab dropped them (its code for them is commented out); here each user
   * that exists becomes a collaborator, and each name that matches nobody is a warning naming it.
   */
  private async adminsOf(
    model: CompetitionModel,
    user: AuthUser,
  ): Promise<{ ids: string[]; problems: BundleProblem[] }> {
    const raw = (model.extra?.codalab as { competition?: { admin_names?: unknown } } | undefined)?.competition
      ?.admin_names;
    const names =
      typeof raw === 'string'
        ? [
            ...new Set(
              raw
                .split(',')
                .map((n) => n.trim())
                .filter(Boolean),
            ),
          ]
        : [];
    const found = await this.repo.usersByName(names);
    const missing = names.filter((n) => !found.has(n.toLowerCase()));
    const ids = [...new Set(found.values())].filter((id) => id !== user.id);
    const problems: BundleProblem[] = missing.length
      ? [
          {
            severity: 'warning',
            file: 'competition.yaml',
            path: 'admin_names',
            message: `admin_names: no user ${missing.join(', ')} on this platform; the others are collaborators (add the missing ones once they sign up)`,
          },
        ]
      : [];
    return { ids, problems };
  }

  private async read(
    bundlePath: string,
    uploadName: string,
  ): Promise<{ model: CompetitionModel; problems: BundleProblem[]; source: BundleSource }> {
    let result: Awaited<ReturnType<typeof readBundle>>;
    try {
      // Problems name the file as the client sent it, never the temporary file it was written to.
      // The read-through of every file waits for import(): a bad competition.yaml is refused without it.
      result = await readBundle(bundlePath, {}, uploadName, 'deferred');
    } catch (e) {
      throw new DomainError('invalid_bundle', `${uploadName}: ${(e as Error).message}`);
    }
    const errors = result.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0 || !result.model || !result.source) {
      result.source?.close();
      throw bundleRefused(
        uploadName,
        errors,
        result.problems.filter((p) => p.severity === 'warning'),
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
    signal: AbortSignal,
  ): Promise<NewCompetitionRows> {
    const datasets: NewCompetitionRows['datasets'] = [];
    const storedByPath = new Map<string, string>();
    // Parts are stored as datasets and the stored model names them by key, so that exports and edits can reuse them.
    const stored = structuredClone(model);
    // Parts still going up to a remote store while the next one is written (storePart): all settle before this
    // returns or throws, so that the caller's cleanup finds every object that was written.
    const sending: Promise<void>[] = [];
    let failure: { reason: unknown } | null = null;
    try {
      for (const use of partUses(stored)) {
        // Keys name stored datasets already; worker-local data stays on the workers and is never uploaded.
        if (!('path' in use.ref)) {
          continue;
        }
        const { path } = use.ref;
        let id = storedByPath.get(`${use.kind}\0${path}`);
        if (!id) {
          id = randomUUID();
          const storageKey = `datasets/${id}.zip`;
          written.push(storageKey);
          signal.throwIfAborted();
          const zipped = await this.storePart(storageKey, source, path, signal, sending);
          const name = `${use.name} (${path})`;
          datasets.push({ id, ownerId, kind: use.kind, name, storageKey, size: zipped.bytes, sha256: zipped.sha256 });
          storedByPath.set(`${use.kind}\0${path}`, id);
        }
        use.set({ key: id });
      }
    } catch (e) {
      failure = { reason: e };
    }
    const unsent = (await Promise.allSettled(sending)).find((r) => r.status === 'rejected');
    failure ??= unsent ? { reason: unsent.reason } : null;
    if (failure) {
      throw failure.reason;
    }
    const keyOf = (ref: PartRef | undefined): string | null => (ref && 'key' in ref ? ref.key : null);

    const tasks: TaskEntity[] = stored.tasks.map((t) => ({
      id: randomUUID(),
      competitionId,
      index: t.index,
      name: t.name,
      description: t.description,
      scoringProgramId: keyOf(t.scoringProgram),
      ingestionProgramId: keyOf(t.ingestionProgram),
      inputDataId: keyOf(t.inputData),
      referenceDataId: keyOf(t.referenceData),
      referenceDataLocal: localOf(t.referenceData),
      inputDataLocal: localOf(t.inputData),
      ingestionOnlyDuringScoring: t.ingestionOnlyDuringScoring,
    }));
    const taskIdByIndex = new Map(tasks.map((t) => [t.index, t.id]));

    const pages: NewCompetitionRows['pages'] = [];
    for (const [index, page] of model.pages.entries()) {
      const content = withoutNul(await source.readText(page.file, MAX_PAGE_BYTES), page.file);
      pages.push({ competitionId, index, title: page.title, content });
      stored.pages[index] = { title: page.title, file: pageFile(index, page.file) };
    }
    if (model.terms) {
      stored.terms = termsFile(model.terms);
    }
    const terms = model.terms ? withoutNul(await source.readText(model.terms, MAX_PAGE_BYTES), model.terms) : null;
    let logoKey: string | null = null;
    if (model.image) {
      logoKey = `competitions/${competitionId}/logo${extensionOf(model.image)}`;
      written.push(logoKey);
      const logo = await readCapped(await source.openRead(model.image), MAX_LOGO_BYTES, model.image);
      await this.store.put(logoKey, Readable.from([logo]));
      stored.image = logoFile(logoKey);
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
        model: stored,
        visibility: visibilityAtImport(model),
      },
      datasets,
      pages,
      tasks,
      phases: model.phases.map((p) => ({
        ...phaseRow(p, competitionId, taskIdByIndex),
        resultsHidden: resultsHiddenAtImport(model, p.index),
      })),
      leaderboards: model.leaderboards.map((l) => leaderboardRow(l, competitionId)),
    };
  }

  /**
   * Writes the part named `path` as its own zip at `storageKey`. Local storage: streamed into the store. A remote
   * store: written to a local file first (at disk speed, hashed on the way), then sent from it several parts at a time
   * (putFile) while the caller writes the next part; `sending` gets that upload, which removes the file when done.
   * Streamed to S3 instead, a part went up 8 MB at a time, each held in memory: 6 MB/s where the gateway takes 15.
   */
  private async storePart(
    storageKey: string,
    source: BundleSource,
    path: string,
    signal: AbortSignal,
    sending: Promise<void>[],
  ): Promise<PartZipResult> {
    if (!this.store.remote) {
      const pass = new PassThrough();
      const [zipped] = await Promise.all([
        writePartZip(source, path, pass, { signal }).catch((e: unknown) => {
          pass.destroy(e as Error);
          throw e;
        }),
        this.store.put(storageKey, pass, 'application/zip'),
      ]);
      return zipped;
    }
    await mkdir(this.config.uploadTmpDir, { recursive: true });
    const file = join(this.config.uploadTmpDir, `part-${randomUUID()}.zip`);
    let zipped: PartZipResult;
    try {
      zipped = await writePartZip(source, path, createWriteStream(file, { highWaterMark: 1024 * 1024 }), { signal });
    } catch (e) {
      await rm(file, { force: true });
      throw e;
    }
    const sent = this.store.putFile(storageKey, file, 'application/zip').finally(() => rm(file, { force: true }));
    // Awaited by the caller (allSettled); until then a failure must not count as unhandled.
    sent.catch(() => undefined);
    sending.push(sent);
    return zipped;
  }
}

/**
 * A new competition is a draft (its organizers only) unless its bundle says otherwise: CodaLab v1 `published: true`
 * makes it public, `published: false` unlisted (CodaLab and Codabench reach an unpublished competition by its secret
 * link).
 */
export function visibilityAtImport(model: CompetitionModel): Visibility {
  if (model.published === true) {
    return 'public';
  }
  if (model.published === false) {
    return 'unlisted';
  }
  return 'draft';
}

/** A file of the bundle that is not what its zip header declares: the 400 an unsafe zip got at open. */
function unsafeBundle(uploadName: string, e: ZipSafetyError): DomainError {
  return bundleRefused(
    uploadName,
    e.problems.map((message) => ({ severity: 'error', file: uploadName, path: '', message })),
  );
}

/** Codabench refused a bundle naming a queue its uploader may not use; here the competition goes to the default queue. */
export function queueNotUsable(ref: string): BundleProblem {
  const message = `queue: no queue ${ref} that you may use (yours, shared with you, or public): jobs go to the platform's queue until you choose one`;
  return { severity: 'warning', file: 'competition.yaml', path: 'queue', message };
}

/** CodaLab's per-phase `participant_max_storage_use` (MB, 0 = none); Arena's quota is per competition: the largest. */
function storageQuotaOf(model: CompetitionModel): number | null {
  const phases =
    (model.extra?.codalab as { phases?: { participant_max_storage_use?: unknown }[] } | undefined)?.phases ?? [];
  const sizes = phases
    .map((p) => p.participant_max_storage_use)
    .filter((n): n is number => typeof n === 'number' && n > 0);
  return sizes.length ? Math.max(...sizes) : null;
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

/** The 400 of a refused bundle or edit: every problem, each with file, YAML path and line, in `details.problems`. */
export function bundleRefused(what: string, errors: BundleProblem[], warnings: BundleProblem[] = []): DomainError {
  const lines = errors.map(formatProblem);
  return new DomainError(
    'invalid_bundle',
    `${what}: ${errors.length} problem(s): ${lines.slice(0, 5).join('; ')}${lines.length > 5 ? '; ...' : ''}`,
    { problems: errors, warnings },
  );
}

/**
 * A page or terms file holding NUL is no text (PostgreSQL refuses it: the import failed with a 500). Other control
 * characters are kept: old CodaLab HTML pages have stray ones, and pages are sanitized before they are shown.
 */
function withoutNul(text: string, file: string): string {
  if (text.includes('\u0000')) {
    throw new DomainError('invalid_bundle', `${file}: holds a NUL character; a page must be text`);
  }
  return text;
}
