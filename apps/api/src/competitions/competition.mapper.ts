import type { CompetitionsService } from './competitions.service';
import { phaseState } from './competitions.service';
import { toAccessDto } from './competition-lifecycle.service';
import type { ColumnModel, CompetitionModel } from '@arena/bundle';
import type {
  CompetitionDto,
  CompetitionSummaryDto,
  LeaderboardColumnDto,
  OrganizerSettingsDto,
} from './dto/competition.dto';
import type { CompetitionEntity } from './entities/competition.entity';

export function toSummary(c: CompetitionEntity): CompetitionSummaryDto {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    format: c.format,
    createdAt: c.createdAt,
    visibility: c.visibility,
    archivedAt: c.archivedAt,
  };
}

export function toCompetitionDto(d: Awaited<ReturnType<CompetitionsService['detail']>>): CompetitionDto {
  const now = new Date();
  return {
    ...toSummary(d.competition),
    dockerImage: d.competition.dockerImage,
    terms: d.competition.terms,
    registrationAutoApprove: d.competition.model.registrationAutoApprove,
    anonymousLeaderboard: d.competition.model.anonymousLeaderboard === true,
    isOrganizer: d.isOrganizer,
    competitionType: d.competition.model.competitionType,
    reward: d.competition.model.reward,
    contactEmail: d.competition.model.contactEmail,
    logoUrl: d.competition.logoKey ? `/api/competitions/${d.competition.id}/logo` : null,
    ...competitionDates(d.competition.model, d.phases),
    options: { ...d.competition.model.options },
    factSheet: d.competition.model.factSheet ?? null,
    pages: d.pages.map((p) => ({ title: p.title, content: p.content })),
    phases: d.phases.map((p) => ({
      id: p.id,
      index: p.index,
      name: p.name,
      description: p.description,
      startAt: p.startAt,
      endAt: p.endAt,
      state: phaseState(p, now),
      executionTimeLimitSec: p.executionTimeLimitSec,
      maxSubmissionsPerDay: p.maxSubmissionsPerDay,
      maxSubmissions: p.maxSubmissions,
      resultsHidden: p.resultsHidden,
      requiresGpu: p.requiresGpu,
      ...phaseOptions(d.competition.model, p.index, d.maxSubmissionBytes),
      tasks: p.taskIds.flatMap((id) => {
        const t = d.tasks.find((x) => x.id === id);
        return t ? [{ id: t.id, name: t.name, description: t.description }] : [];
      }),
    })),
    leaderboards: d.leaderboards.map((l) => ({
      key: l.key,
      title: l.title,
      ...(l.hidden ? { hidden: true } : {}),
      columns: l.columns.filter((c) => d.isOrganizer || !c.hidden).map(toColumnDto),
    })),
    ...(d.isOrganizer ? { organizerSettings: organizerSettings(d.competition.model, d.queueId) } : {}),
    joinRules: { emailDomains: d.competition.joinEmailDomains, idpGroups: d.competition.joinIdpGroups },
    ...(d.isOrganizer ? { access: toAccessDto(d.competition) } : {}),
  };
}

/** CodaLab's competition start_date where a v1 import kept it, else the first phase's start; the last phase's end. */
function competitionDates(m: CompetitionModel, phases: { startAt: Date; endAt: Date | null }[]) {
  const kept = (m.extra?.codalab as { competition?: { start_date?: unknown } } | undefined)?.competition?.start_date;
  const first = phases.reduce<Date | null>((min, p) => (min === null || p.startAt < min ? p.startAt : min), null);
  const startAt = typeof kept === 'string' && !Number.isNaN(Date.parse(kept)) ? new Date(kept) : (first ?? new Date(0));
  const last = phases.at(-1);
  return { startAt, endAt: last ? last.endAt : null };
}

function phaseOptions(m: CompetitionModel, index: number, platformMaxBytes: number) {
  const p = m.phases.find((x) => x.index === index);
  const platformMb = Math.floor(platformMaxBytes / (1024 * 1024));
  return {
    autoMigrateToThisPhase: p?.autoMigrateToThisPhase === true,
    hideOutput: p?.hideOutput === true,
    hidePredictionOutput: p?.hidePredictionOutput === true,
    hideScoreOutput: p?.hideScoreOutput === true,
    scoringOnly: p?.scoringOnly === true,
    color: p?.color ?? null,
    maxSubmissionSizeMb:
      p?.maxSubmissionSizeMb !== undefined ? Math.min(p.maxSubmissionSizeMb, platformMb) : platformMb,
  };
}

function organizerSettings(m: CompetitionModel, queueId: string | null): OrganizerSettingsDto {
  return {
    enableDetailedResults: m.enableDetailedResults,
    showDetailedResultsInSubmissionPanel: m.showDetailedResultsInSubmissionPanel,
    showDetailedResultsInLeaderboard: m.showDetailedResultsInLeaderboard,
    autoRunSubmissions: m.autoRunSubmissions,
    canParticipantsMakeSubmissionsPublic: m.canParticipantsMakeSubmissionsPublic,
    anonymousLeaderboard: m.anonymousLeaderboard === true,
    makeProgramsAvailable: m.makeProgramsAvailable,
    makeInputDataAvailable: m.makeInputDataAvailable,
    competitionType: m.competitionType,
    reward: m.reward,
    contactEmail: m.contactEmail,
    forumEnabled: m.forumEnabled,
    filesPublic: m.filesPublic === true,
    queueId,
  };
}

/** A column as clients show it; `hidden` only ever reaches organizers (others do not receive hidden columns). */
export function toColumnDto(c: ColumnModel): LeaderboardColumnDto {
  return {
    key: c.key,
    title: c.title,
    index: c.index,
    sorting: c.sorting,
    precision: c.precision,
    ...(c.group ? { group: c.group } : {}),
    ...(c.hidden ? { hidden: true } : {}),
    ...(c.computation ? { computation: c.computation, computationIndexes: c.computationIndexes } : {}),
    ...(c.rankAggregate ? { rankAggregate: c.rankAggregate } : {}),
  };
}
