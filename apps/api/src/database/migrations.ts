import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';
import { LeaderboardEntries1763820000000 } from './migrations/1763820000000-leaderboard-entries';
import { AccountsRolesLimits1763830000000 } from './migrations/1763830000000-accounts-roles-limits';
import { SubmissionsNotifiedBackfill1763831000000 } from './migrations/1763831000000-submissions-notified-backfill';
import { OrganizerQueues1763840000000 } from './migrations/1763840000000-organizer-queues';
import { RunLeases1763850000000 } from './migrations/1763850000000-run-leases';
import { RunStepTimes1763860000000 } from './migrations/1763860000000-run-step-times';
import { LiveLogs1763890000000 } from './migrations/1763890000000-live-logs';
import { SubmissionTools1763870000000 } from './migrations/1763870000000-submission-tools';
import { SubmissionFactSheets1763871000000 } from './migrations/1763871000000-submission-fact-sheets';
import { StorageQuota1763872000000 } from './migrations/1763872000000-storage-quota';
import { PhaseMigrations1763873000000 } from './migrations/1763873000000-phase-migrations';
import { WorkerCapabilities1763880000000 } from './migrations/1763880000000-worker-capabilities';
import { GpuReporting1763900000000 } from './migrations/1763900000000-gpu-reporting';
import { JobTokensHashedOnly1763920000000 } from './migrations/1763920000000-job-tokens-hashed-only';

import { ResumableUploads1763910000000 } from './migrations/1763910000000-resumable-uploads';
import { LeaderboardHistoryIndex1763940000000 } from './migrations/1763940000000-leaderboard-history-index';
import { LeaderboardTeamEntrants1763941000000 } from './migrations/1763941000000-leaderboard-team-entrants';
import { ChangeNotifications1763950000000 } from './migrations/1763950000000-change-notifications';
import { PhaseFileDownloads1763960000000 } from './migrations/1763960000000-phase-file-downloads';
import { EntrantPseudonyms1763970000000 } from './migrations/1763970000000-entrant-pseudonyms';
import { EntrantPseudonymsBackfill1763970000001 } from './migrations/1763970000001-entrant-pseudonyms-backfill';
import { EntrantPseudonymsPerStatement1763970000002 } from './migrations/1763970000002-entrant-pseudonyms-per-statement';
import { CompetitionOptionsBackfill1763990000000 } from './migrations/1763990000000-competition-options-backfill';
import { BundleOptionEffects1763990001000 } from './migrations/1763990001000-bundle-option-effects';
import { RunExtraScores1764000000000 } from './migrations/1764000000000-run-extra-scores';
import { LeaderboardArrivals1764020000000 } from './migrations/1764020000000-leaderboard-arrivals';
import { RateLimitHits1764010000000 } from './migrations/1764010000000-rate-limit-hits';
import { CompetitionVisibility1764040000000 } from './migrations/1764040000000-competition-visibility';
import { CompetitionInvitations1764041000000 } from './migrations/1764041000000-competition-invitations';
import { CompanySignIn1764042000000 } from './migrations/1764042000000-company-sign-in';
import { StorageDeletions1764043000000 } from './migrations/1764043000000-storage-deletions';
import { BenchmarkTaskRuns1764054000000 } from './migrations/1764054000000-benchmark-task-runs';
import { InsightStatusForum1764055000000 } from './migrations/1764055000000-insight-status-forum';
/** Listed explicitly so that the bundled build carries them (no glob at run time). */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  LeaderboardEntries1763820000000,
  AccountsRolesLimits1763830000000,
  SubmissionsNotifiedBackfill1763831000000,
  OrganizerQueues1763840000000,
  RunLeases1763850000000,
  RunStepTimes1763860000000,
  SubmissionTools1763870000000,
  SubmissionFactSheets1763871000000,
  StorageQuota1763872000000,
  PhaseMigrations1763873000000,
  WorkerCapabilities1763880000000,
  LiveLogs1763890000000,
  GpuReporting1763900000000,
  ResumableUploads1763910000000,
  JobTokensHashedOnly1763920000000,
  LeaderboardHistoryIndex1763940000000,
  LeaderboardTeamEntrants1763941000000,
  ChangeNotifications1763950000000,
  PhaseFileDownloads1763960000000,
  EntrantPseudonyms1763970000000,
  EntrantPseudonymsBackfill1763970000001,
  EntrantPseudonymsPerStatement1763970000002,
  CompetitionOptionsBackfill1763990000000,
  BundleOptionEffects1763990001000,
  RunExtraScores1764000000000,
  RateLimitHits1764010000000,
  LeaderboardArrivals1764020000000,
  CompetitionVisibility1764040000000,
  CompetitionInvitations1764041000000,
  CompanySignIn1764042000000,
  StorageDeletions1764043000000,
  BenchmarkTaskRuns1764054000000,
  InsightStatusForum1764055000000,
];
