import { Readable, type Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { type CompetitionModel, type ExportMode, writeCompetitionBundle } from '@arena/bundle';
import type { AuthUser } from '@api/common/auth.decorators';
import { notFound } from '@api/common/domain.error';
import { OrganizersService } from '@api/organizers/organizers.service';
import { BlobStore } from '@api/storage/blob-store';
import { CompetitionsRepository } from './competitions.repository';
import { type CompetitionRows, currentModel } from './stored-model';

/**
 * A competition as a v2 bundle, streamed: competition.yaml, pages, terms and logo, and each part either as the
 * stored dataset zip itself (full) or as its key (light).
 */
@Injectable()
export class BundleExportService {
  constructor(
    private readonly repo: CompetitionsRepository,
    private readonly organizers: OrganizersService,
    private readonly store: BlobStore,
  ) {}

  /** Organizers only (creator, collaborators, admins); anybody else gets the 404 of a missing competition. */
  async rowsFor(id: string, user: AuthUser): Promise<CompetitionRows> {
    const competition = await this.repo.findCompetition(id);
    if (!competition || !(await this.organizers.isOrganizer(competition, user))) {
      throw notFound(`competition ${id}`);
    }
    const [pages, tasks, phases, leaderboards] = await Promise.all([
      this.repo.pages(id),
      this.repo.tasks(id),
      this.repo.phases(id),
      this.repo.leaderboards(id),
    ]);
    return { competition, pages, tasks, phases, leaderboards };
  }

  /** Checks access and gathers everything before the first byte is sent, so errors are still proper HTTP errors. */
  async prepare(id: string, user: AuthUser, mode: ExportMode): Promise<(out: Writable) => Promise<void>> {
    const rows = await this.rowsFor(id, user);
    const model = currentModel(rows);
    const storageKeys = new Map((await this.repo.findDatasets(partKeys(model))).map((d) => [d.id, d.storageKey]));
    if (mode === 'full') {
      // Once bytes flow, a missing object can only cut the download short: check before sending anything.
      for (const [id, key] of storageKeys) {
        if ((await this.store.size(key)) === null) {
          throw new Error(`dataset ${id}: object ${key} is missing from storage`);
        }
      }
    }
    const files = new Map<string, string>(model.pages.map((p, i) => [p.file, rows.pages[i].content]));
    if (model.terms && rows.competition.terms !== null) {
      files.set(model.terms, rows.competition.terms);
    }
    const logoKey = rows.competition.logoKey;
    return (out) =>
      writeCompetitionBundle(
        model,
        mode,
        {
          file: (path) => {
            if (path === model.image && logoKey) {
              return this.store.get(logoKey);
            }
            return Readable.from([Buffer.from(files.get(path) ?? '', 'utf8')]);
          },
          part: (key) => {
            const storageKey = storageKeys.get(key);
            if (!storageKey) {
              throw new Error(`dataset ${key} is not stored`);
            }
            return this.store.get(storageKey);
          },
        },
        out,
      );
  }
}

export function partKeys(model: CompetitionModel): string[] {
  const keys = new Set<string>();
  const add = (ref: { key: string } | { path: string } | { workerLocal: string } | undefined): void => {
    if (ref && 'key' in ref) {
      keys.add(ref.key);
    }
  };
  for (const t of model.tasks) {
    [t.scoringProgram, t.ingestionProgram, t.inputData, t.referenceData].forEach(add);
  }
  for (const p of model.phases) {
    [p.startingKit, p.publicData].forEach(add);
  }
  for (const s of model.solutions) {
    add(s.solution);
  }
  return [...keys];
}
