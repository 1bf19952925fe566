import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import type { CompetitionEntity } from '@api/competitions/entities/competition.entity';
import type { PhaseEntity } from '@api/competitions/entities/phase.entity';
import { ParticipantsService } from '@api/participants/participants.service';
import { BlobStore, type PresignedGet } from '@api/storage/blob-store';
import { type DatasetLink, type OfferedFile, offeredFiles, v1DatasetLinks } from './phase-file-catalog';
import { PhaseFilesRepository } from './phase-files.repository';

/** An offered file with the stored dataset behind it. */
export interface PhaseFile extends OfferedFile {
  size: number;
  sha256: string;
  storageKey: string;
}

export interface PhaseFileListing {
  phaseId: string;
  filesPublic: boolean;
  files: PhaseFile[];
  links: (DatasetLink & { fileName?: string })[];
  /** Downloads per file name, for organizers only. */
  counts: Map<string, number> | null;
}

/**
 * The files a phase offers to its participants (CodaLab's and Codabench's "Files" tab). Approved participants and
 * the competition's organizers may list and download them; anybody, signed in or not, once an organizer makes the
 * competition's files public. Reference data is never offered, whatever the settings.
 */
@Injectable()
export class PhaseFilesService {
  constructor(
    private readonly competitions: CompetitionsService,
    private readonly participants: ParticipantsService,
    private readonly repo: PhaseFilesRepository,
    private readonly store: BlobStore,
  ) {}

  async list(phaseId: string, user?: AuthUser): Promise<PhaseFileListing> {
    const { phase, competition, organizer } = await this.access(phaseId, user);
    const files = await this.files(phase, competition, organizer);
    const byDataset = new Map(files.map((f) => [f.datasetId, f.name]));
    const links = v1DatasetLinks(competition.model, phase.index).flatMap((l) => {
      if (l.url) {
        return [l];
      }
      // A `{key}` entry is shown only where it names a file this phase offers anyway: a key must never open
      // another dataset (somebody's reference data) to participants.
      const fileName = l.datasetKey ? byDataset.get(l.datasetKey.toLowerCase()) : undefined;
      return fileName ? [{ ...l, fileName }] : [];
    });
    return {
      phaseId,
      filesPublic: competition.model.filesPublic === true,
      files,
      links,
      counts: organizer ? await this.repo.counts(phaseId) : null,
    };
  }

  async find(phaseId: string, name: string, user?: AuthUser): Promise<PhaseFile> {
    const { phase, competition, organizer } = await this.access(phaseId, user);
    const file = (await this.files(phase, competition, organizer)).find((f) => f.name === name);
    if (!file) {
      throw notFound(`file ${name} of phase ${phaseId}`);
    }
    return file;
  }

  /** Counted once per download that starts from the first byte (a resumed download is not a new one). */
  countDownload(phaseId: string, file: PhaseFile): Promise<void> {
    return this.repo.countDownload(phaseId, file.name);
  }

  /** A presigned storage URL (S3), or null where the API streams the file itself. */
  presign(file: PhaseFile): Promise<PresignedGet | null> {
    return this.store.presignGet(file.storageKey, fileNameOf(file));
  }

  open(file: PhaseFile, range?: { start: number; end: number }): Promise<Readable> {
    return range ? this.store.getRange(file.storageKey, range.start, range.end) : this.store.get(file.storageKey);
  }

  private async access(phaseId: string, user: AuthUser | undefined) {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    const organizer = await this.competitions.isOrganizer(competition, user);
    if (!organizer && competition.model.filesPublic !== true) {
      if (!user) {
        throw new DomainError('unauthenticated', "sign in and register for this competition to get its phases' files");
      }
      await this.participants.requireApproved(competition.id, user.id);
    }
    return { phase, competition, organizer };
  }

  /**
   * The offered files whose datasets exist. A dataset that is the reference data of any task of the competition, or
   * of kind reference_data, or that holds the same bytes as a reference data (the same folder stored twice), is
   * withheld whatever names it: participants never receive reference data.
   */
  private async files(phase: PhaseEntity, competition: CompetitionEntity, organizer: boolean): Promise<PhaseFile[]> {
    const tasks = await this.competitions.tasksOf(competition.id);
    const phaseTasks = phase.taskIds.map((id) => tasks.find((t) => t.id === id)).filter((t) => t !== undefined);
    const offered = offeredFiles(competition.model, phase.index, phaseTasks, organizer);
    const referenceIds = new Set(tasks.map((t) => t.referenceDataId).filter((id): id is string => id !== null));
    const datasets = await this.competitions.findDatasets([
      ...new Set([...offered.map((f) => f.datasetId), ...referenceIds]),
    ]);
    const byId = new Map(datasets.map((d) => [d.id, d]));
    const referenceShas = new Set([...referenceIds].map((id) => byId.get(id)?.sha256).filter((s) => s !== undefined));
    return offered.flatMap((f) => {
      const d = byId.get(f.datasetId);
      if (!d || d.kind === 'reference_data' || referenceIds.has(d.id) || referenceShas.has(d.sha256)) {
        return [];
      }
      return [{ ...f, size: d.size, sha256: d.sha256, storageKey: d.storageKey }];
    });
  }
}

/** The name a download is saved under: the file's stable name (letters, digits, `_`, `-`) and `.zip`. */
export function fileNameOf(file: Pick<OfferedFile, 'name'>): string {
  return `${file.name.replace(/[^A-Za-z0-9_-]/g, '_')}.zip`;
}
