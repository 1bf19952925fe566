import { Injectable } from '@nestjs/common';
import type { BundleProblem, CompetitionModel, PartRef } from '@arena/bundle';
import type { AuthUser } from '@api/common/auth.decorators';
import type { DatasetKind } from '@api/datasets/entities/dataset.entity';
import { CompetitionsRepository } from './competitions.repository';

export interface PartUse {
  ref: PartRef;
  kind: DatasetKind;
  /** YAML path of the value, e.g. `tasks[0].scoring_program`. */
  path: string;
  /** What the part is for, in names the organizer wrote (dataset names). */
  name: string;
  set: (ref: PartRef) => void;
}

/** Every part a model names, with the YAML path it is written at and a setter to replace it. */
export function partUses(model: CompetitionModel): PartUse[] {
  const uses: PartUse[] = [];
  const add = (ref: PartRef | undefined, kind: DatasetKind, path: string, name: string, set: PartUse['set']): void => {
    if (ref) {
      uses.push({ ref, kind, path, name, set });
    }
  };
  model.tasks.forEach((t, i) => {
    const name = t.name || `task ${t.index}`;
    add(t.scoringProgram, 'scoring_program', `tasks[${i}].scoring_program`, `${name} scoring program`, (r) => {
      t.scoringProgram = r;
    });
    add(t.ingestionProgram, 'ingestion_program', `tasks[${i}].ingestion_program`, `${name} ingestion program`, (r) => {
      t.ingestionProgram = r;
    });
    add(t.inputData, 'input_data', `tasks[${i}].input_data`, `${name} input data`, (r) => (t.inputData = r));
    add(t.referenceData, 'reference_data', `tasks[${i}].reference_data`, `${name} reference data`, (r) => {
      t.referenceData = r;
    });
  });
  model.phases.forEach((p, i) => {
    const name = p.name || `phase ${p.index}`;
    add(p.startingKit, 'starting_kit', `phases[${i}].starting_kit`, `${name} starting kit`, (r) => (p.startingKit = r));
    add(p.publicData, 'public_data', `phases[${i}].public_data`, `${name} public data`, (r) => (p.publicData = r));
  });
  model.solutions.forEach((s, i) => {
    const path = `solutions[${i}].${'key' in s.solution ? 'key' : 'path'}`;
    add(s.solution, 'solution', path, s.name || `solution ${s.index}`, (r) => (s.solution = r));
  });
  return uses;
}

/**
 * A bundle or an edit may name datasets already on the platform by key instead of carrying files. Only datasets
 * the user owns, or that a competition they organize uses, may be named: a key alone must not give access to
 * somebody else's reference data.
 */
@Injectable()
export class PartRefsService {
  constructor(private readonly repo: CompetitionsRepository) {}

  async check(model: CompetitionModel, user: AuthUser, file = 'competition.yaml'): Promise<BundleProblem[]> {
    const keyed = partUses(model).filter((u): u is PartUse & { ref: { key: string } } => 'key' in u.ref);
    const problems: BundleProblem[] = [];
    const fail = (u: PartUse, message: string): void => {
      problems.push({ severity: 'error', file, path: u.path, message });
    };
    model.tasks.forEach((t, i) => {
      if (t.key === undefined) {
        return;
      }
      const message = 'reusing an existing task by key is not supported; name its datasets instead';
      problems.push({ severity: 'error', file, path: `tasks[${i}].key`, message });
    });
    if (keyed.length === 0) {
      return problems;
    }
    const keys = [...new Set(keyed.map((u) => canonicalKey(u.ref.key)))];
    const found = new Map((await this.repo.findDatasets(keys)).map((d) => [d.id, d]));
    const usable = user.isAdmin ? new Set(found.keys()) : await this.repo.usableDatasetIds(keys, user.id);
    for (const u of keyed) {
      const key = canonicalKey(u.ref.key);
      const d = found.get(key);
      if (!d || !usable.has(key)) {
        fail(u, `dataset ${u.ref.key} does not exist or is not yours to use`);
      } else if (d.kind !== u.kind && !sameFamily(d.kind, u.kind)) {
        fail(u, `dataset ${u.ref.key} is of kind ${d.kind}, where ${u.kind} is expected`);
      } else {
        u.set({ key });
      }
    }
    return problems;
  }
}

/** Data kinds are interchangeable (the same files may be input of one task and public data of a phase). */
function sameFamily(a: DatasetKind, b: DatasetKind): boolean {
  const programs: DatasetKind[] = ['scoring_program', 'ingestion_program'];
  return programs.includes(a) === programs.includes(b) && !programs.includes(a);
}

/** `A0EEBC99…` and `a0eebc99-…` name the same dataset. */
function canonicalKey(key: string): string {
  const hex = key.trim().toLowerCase().replace(/-/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
