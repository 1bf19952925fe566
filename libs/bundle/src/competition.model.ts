/**
 * The one normalized, typed competition that both bundle formats (CodaLab v1/1.5/1.8, Codabench v2) are read
 * into, and that the platform stores and exports. Files are referenced by their path inside the bundle
 * (`{ path }`) or, in a "light" bundle, by the key of a dataset already on the platform (`{ key }`). A task's
 * reference or input data may instead be held on the workers' own disks (`worker://<name>`, `{ workerLocal }`):
 * it is never uploaded, and only the workers of a queue that hold it can run the task.
 */
export type PartRef = { path: string } | { key: string } | { workerLocal: string };

export type BundleFormat = 'v1' | 'v2';
export type Sorting = 'asc' | 'desc';
export type ScoreComputation = 'avg' | 'sum' | 'min' | 'max';
/**
 * Aggregations over the *ranks* of other columns (CodaLab v1 `computed: Avg|MRR`, Codabench `avg_rank`), which
 * a score computation cannot express: `avgRank` = mean rank, `weightedRank` = sum of rank × weight (v1 Avg with
 * weights, not divided), `mrr` = mean of 1/rank.
 */
export type RankAggregation = 'avgRank' | 'weightedRank' | 'mrr';
export type SubmissionRule =
  'Add' | 'Add_And_Delete' | 'Add_And_Delete_Multiple' | 'Force_Last' | 'Force_Latest_Multiple' | 'Force_Best';

export interface PageModel {
  title: string;
  /** Bundle path of a Markdown or HTML file. */
  file: string;
}

export interface TaskModel {
  index: number;
  /** Key of an existing task on the platform; when set, the other fields are ignored (Codabench). */
  key?: string;
  name: string;
  description: string;
  scoringProgram?: PartRef;
  ingestionProgram?: PartRef;
  inputData?: PartRef;
  referenceData?: PartRef;
  ingestionOnlyDuringScoring: boolean;
}

export interface SolutionModel {
  index: number;
  name: string;
  description: string;
  taskIndexes: number[];
  solution: PartRef;
}

export interface PhaseModel {
  index: number;
  name: string;
  description: string;
  /** ISO 8601 with offset (UTC when the YAML gave none). */
  start: string;
  end: string | null;
  taskIndexes: number[];
  /** null: unlimited. */
  maxSubmissionsPerDay: number | null;
  maxSubmissions: number | null;
  executionTimeLimitSec: number;
  autoMigrateToThisPhase: boolean;
  hideOutput: boolean;
  hidePredictionOutput: boolean;
  hideScoreOutput: boolean;
  /** Arena: the phase's runs need GPU workers (v2 `requires_gpu`); present only when true. */
  requiresGpu?: true;
  startingKit?: PartRef;
  publicData?: PartRef;
  /**
   * No prediction step: every submission is scored as results; neither an ingestion program nor a submission's own
   * command runs (CodaLab v1 `is_scoring_only`, its default; v2 `accepts_only_result_submissions`, which Codabench
   * documents but never implemented). Present only when true.
   */
  scoringOnly?: true;
  /**
   * The solutions (by index) that belong to this phase (Codabench's dumps list them; its importer ignored them): the
   * example submissions organizers are offered for it. Absent: those whose tasks the phase runs.
   */
  solutionIndexes?: number[];
  /** Tab colour of the phase (CodaLab v1 `color`; an Arena key in v2). */
  color?: PhaseColor;
  /** Largest submission accepted in this phase, in MB (CodaLab v1 `max_submission_size`; an Arena key in v2). */
  maxSubmissionSizeMb?: number;
}

export const PHASE_COLORS = ['white', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;
export type PhaseColor = (typeof PHASE_COLORS)[number];

/**
 * Settings that CodaLab v1 bundles carry as competition flags and that version 2 has no key for: Arena reads and
 * writes them under the same names in both formats (see parse/competition-options.ts for defaults).
 */
export interface CompetitionOptions {
  /** Participants may form teams (v1 `enable_teams`). */
  enableTeams: boolean;
  /** A new team submits as a team only once an organizer approves it (v1 `require_team_approval`). */
  requireTeamApproval: boolean;
  /** Submitters describe each submission: method name and description, code and paper links (v1 `enable_per_submission_metadata`). */
  enableSubmissionMetadata: boolean;
  /** Boards show that description beside each row (Arena's `show_submission_metadata_on_leaderboard`). */
  showSubmissionMetadataOnLeaderboard: boolean;
  /** Participants cannot choose which of their submissions a board shows (v1 `disallow_leaderboard_modifying`). */
  disallowLeaderboardModifying: boolean;
  /** The competition page shows no top three of the board (v1 `hide_top_three`). */
  hideTopThree: boolean;
  /** The competition page shows no chart of the board's best score over time (v1 `hide_chart`). */
  hideChart: boolean;
  /** The competition is run elsewhere: its page sends visitors there (v1 `url_redirect`). */
  urlRedirect: string | null;
}

export interface ColumnModel {
  key: string;
  title: string;
  index: number;
  sorting: Sorting;
  /** Display only: ranking uses full values. */
  precision: number;
  hidden: boolean;
  computation?: ScoreComputation;
  /** Column indexes the computation reads (required with `computation`). */
  computationIndexes?: number[];
  /** Set instead of `computation` when the column ranks by an aggregate of other columns' ranks. */
  rankAggregate?: RankAggregateModel;
  /** Header group label (v1 `column_groups`); display only. */
  group?: string;
}

export interface RankAggregateModel {
  method: RankAggregation;
  /** Indexes of the (non-computed) columns of the same leaderboard whose ranks are aggregated. */
  indexes: number[];
  /** One weight per index, only for `weightedRank`. */
  weights?: number[];
}

export interface LeaderboardModel {
  key: string;
  title: string;
  index: number;
  hidden: boolean;
  /** Index (the column's `index`) of the column that ranks the board. */
  primaryIndex: number;
  submissionRule: SubmissionRule;
  columns: ColumnModel[];
}

export interface FactSheetQuestion {
  key: string;
  type: 'checkbox' | 'text' | 'select';
  title: string;
  selection: string[];
  isRequired: boolean;
  isOnLeaderboard: boolean;
}

export interface CompetitionModel {
  format: BundleFormat;
  /** The `version` value as written in the YAML ('2', '1.5', ...), or null when absent. */
  sourceVersion: string | null;
  title: string;
  description: string;
  image?: string;
  terms?: string;
  pages: PageModel[];
  dockerImage: string;
  /** Queue named by the bundle (vhost or queue key), null for the platform's default queue. */
  queue: string | null;
  registrationAutoApprove: boolean;
  enableDetailedResults: boolean;
  showDetailedResultsInSubmissionPanel: boolean;
  showDetailedResultsInLeaderboard: boolean;
  autoRunSubmissions: boolean;
  canParticipantsMakeSubmissionsPublic: boolean;
  makeProgramsAvailable: boolean;
  makeInputDataAvailable: boolean;
  competitionType: 'competition' | 'benchmark';
  factSheet: FactSheetQuestion[] | null;
  reward: string | null;
  contactEmail: string | null;
  forumEnabled: boolean;
  /**
   * Arena: anyone, signed in or not, may list and download what the phases offer (public data, starting kits, and
   * programs or input data where those are made available); v2 `files_public`. Present only when true.
   */
  filesPublic?: true;
  /**
   * Participants see every entrant but themselves as a stable pseudonym ("Participant 17", "Team 4"); organizers see
   * names (CodaLab v1 `anonymous_leaderboard`, an Arena key in v2).
   */
  anonymousLeaderboard: boolean;
  /**
   * CodaLab v1 `published` where the bundle sets it: true makes a new competition public, false unlisted (reachable by
   * its secret link); absent, it starts as a draft. Present only when set.
   */
  published?: boolean;
  options: CompetitionOptions;
  tasks: TaskModel[];
  solutions: SolutionModel[];
  phases: PhaseModel[];
  leaderboards: LeaderboardModel[];
  /** Format-specific settings kept so that nothing the source platform ranks or displays on is lost (v1 extras). */
  extra: Record<string, unknown>;
}

/** A problem found in a bundle: the file, the YAML path and the line where known. */
export interface BundleProblem {
  severity: 'error' | 'warning';
  file: string;
  /** YAML path such as `phases[1].tasks[0]`, or '' for the file as a whole. */
  path: string;
  line?: number;
  message: string;
}

export const DEFAULT_DOCKER_IMAGE = 'codalab/codalab-legacy:py37';
