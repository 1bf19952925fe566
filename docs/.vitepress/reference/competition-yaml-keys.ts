/**
 * What each competition.yaml key is and does here: its type, its default, and what the platform does with it. The
 * reference page lists the keys of `BUNDLE_KEYS` (libs/bundle) in the parser's order and takes each description from
 * here; docs/test/competition-yaml-reference.spec.ts fails when a key the parser knows has no entry, or an entry
 * names a key the parser no longer knows. "Arena" marks a key neither CodaLab nor Codabench reads in that format.
 */
export interface KeyDoc {
  type: string;
  default: string;
  effect: string;
  arena?: true;
}

type KeyDocs = Record<string, KeyDoc>;

const k = (type: string, def: string, effect: string, arena?: true): KeyDoc => ({
  type,
  default: def,
  effect,
  ...(arena ? { arena } : {}),
});

const NO_FORUM = 'Kept, with a warning when set to true: Arena has no forum yet.';

/** Keys every format shares in meaning (the v1 names that version 2 reads too, as Arena keys). */
const OPTIONS: KeyDocs = {
  enable_teams: k(
    'bool',
    'v1 false, v2 true',
    'Participants may form teams, invite members and submit as a team; otherwise creating a team is refused.',
  ),
  require_team_approval: k(
    'bool',
    'v1 true, v2 false',
    'A new team is `pending` and cannot submit as a team until an organizer approves it (Teams tab, `POST /api/teams/{id}/approve`).',
  ),
  enable_per_submission_metadata: k(
    'bool',
    'false',
    'The submit form and `arena submit` ask for the method name, method description, code URL and paper URL; refused where not asked for.',
  ),
  show_submission_metadata_on_leaderboard: k(
    'bool',
    'false',
    "Boards and their CSV show each row's submission metadata. Only with `enable_per_submission_metadata` (a warning otherwise).",
    true,
  ),
  disallow_leaderboard_modifying: k(
    'bool',
    'false',
    'Participants cannot add or remove their own board entries (403). Warned about under an `Add*` submission rule, where no submission would then reach the board.',
  ),
  hide_top_three: k('bool', 'false', 'The competition page shows no top three of the current phase.'),
  hide_chart: k('bool', 'false', 'The competition page shows no chart of the best score over time.'),
  url_redirect: k(
    'http(s) URL',
    'none',
    'The competition page shows a prominent link to where the competition really runs (no automatic redirect).',
  ),
};

export const KEY_DOCS: Record<'v1' | 'v2', Record<string, KeyDocs>> = {
  v2: {
    '': {
      version: k(
        '2',
        'none (absent means v1)',
        'Selects the Codabench format. A file without `version` is read as CodaLab v1, as Codabench does.',
      ),
      title: k('string ≤ 256', 'required', "The competition's name everywhere."),
      description: k('string', '""', 'The short description under the title and in the competition list.'),
      image: k(
        'bundle path (png, jpg, gif, svg, webp)',
        'none',
        'The logo. Missing: a warning and no logo (Codabench refuses the bundle).',
      ),
      terms: k(
        'bundle path (Markdown or HTML)',
        'none',
        'The terms participants accept when they register. Missing: a warning (Codabench refuses the bundle).',
      ),
      pages: k(
        'list of `pages[]`',
        '[]',
        "The competition's pages, in order (Markdown, or HTML sanitized before display).",
      ),
      docker_image: k(
        'string ≤ 128',
        '`codalab/codalab-legacy:py37`',
        'The image every step of every run uses. Workers map it to a local image with `WORKER_IMAGE_MAP`: see [Scoring images](/organizers/images).',
      ),
      queue: k(
        'queue id or Codabench vhost',
        "the platform's queue",
        "Sends the competition's jobs to that [organizer queue](/organizers/workers) when the uploader may use it (theirs, shared with them, public); otherwise a warning and the platform's queue (Codabench refused the bundle).",
      ),
      registration_auto_approve: k(
        'bool',
        'false',
        'Registrations are approved at once; otherwise they wait for an organizer.',
      ),
      enable_detailed_results: k(
        'bool',
        'false',
        "The scoring program's `detailed_results.html` (or first `*.html` in its output) is kept and shown from the submission and the board.",
      ),
      show_detailed_results_in_submission_panel: k(
        'bool',
        'true',
        'Submitters may open their detailed results. Where neither this nor `show_detailed_results_in_leaderboard` is on, only organizers may.',
      ),
      show_detailed_results_in_leaderboard: k(
        'bool',
        'true',
        'Board rows link to their detailed results for everyone who may read the board.',
      ),
      auto_run_submissions: k(
        'bool',
        'true',
        'false: submissions wait (`runs[].held`) until an organizer runs them (`POST /api/submissions/{id}/run`, or every waiting one of a phase with `POST /api/phases/{id}/run-held`).',
      ),
      can_participants_make_submissions_public: k(
        'bool',
        'true',
        'Participants may make their submissions public (`PATCH /api/submissions/{id}/visibility`).',
      ),
      make_programs_available: k(
        'bool',
        'false',
        "The tasks' scoring and ingestion programs are offered among the [phase files](/participants/#phase-files) (so participants can test locally).",
      ),
      make_input_data_available: k(
        'bool',
        'false',
        "The tasks' input data is offered among the phase files. Reference data never is.",
      ),
      competition_type: k(
        '`competition` or `benchmark`',
        '`competition`',
        'Shown on the competition page and in the list.',
      ),
      fact_sheet: k(
        'map of questions (`fact_sheet.*`)',
        'none',
        'Questions each submission answers (`arena submit --fact-sheet`); answers marked `is_on_leaderboard` become board columns.',
      ),
      reward: k('string ≤ 256', 'none', 'Shown on the competition page.'),
      contact_email: k('e-mail address', 'none', 'A mailto link on the competition page.'),
      forum_enabled: k('bool', 'true', NO_FORUM),
      files_public: k(
        'bool',
        'false',
        'Anyone, signed in or not, may list and download the [phase files](/participants/#phase-files); otherwise approved participants and organizers only.',
        true,
      ),
      anonymous_leaderboard: k(
        'bool',
        'false',
        'Everyone but the organizers sees each entrant as a pseudonym ("Participant 417", "Team 82"), the same on every board, export and public submission.',
        true,
      ),
      tasks: k('list of `tasks[]`', 'required, ≥ 1', 'What gets run: programs and data. Phases name tasks by index.'),
      solutions: k(
        'list of `solutions[]`',
        '[]',
        'Example submissions offered to organizers (and participants, per phase) among the phase files.',
      ),
      phases: k(
        'list of `phases[]`',
        'required, ≥ 1',
        "The competition's phases, sorted by `index`. See [Phases](/organizers/phases).",
      ),
      leaderboards: k(
        'list of `leaderboards[]`',
        'required, ≥ 1',
        'Every board applies to every phase (Codabench attached only the first). See [Leaderboards](/organizers/leaderboards).',
      ),
      ...Object.fromEntries(Object.entries(OPTIONS).map(([key, doc]) => [key, { ...doc, arena: true as const }])),
    },
    'pages[]': {
      title: k('string ≤ 255', 'the file name without extension (with a warning)', "The page's tab title."),
      file: k('bundle path', 'required', 'Markdown, or HTML (sanitized before display).'),
    },
    'tasks[]': {
      index: k('int', 'required, unique', 'How phases and solutions name the task.'),
      key: k(
        'uuid',
        'none',
        "Reuses an existing task of the platform by its key; the task's other keys are then ignored (with a warning).",
      ),
      name: k('string', '""', 'Shown with the phase.'),
      description: k('string', '""', 'Shown with the phase.'),
      scoring_program: k(
        'bundle folder or zip, or dataset key',
        'required (unless `key`)',
        'Its `metadata.yaml` (or `metadata`) `command` runs in the scoring step and writes `scores.json` (or `scores.txt`). See [Submitting](/participants/submitting#what-runs).',
      ),
      ingestion_program: k(
        'bundle folder or zip, or dataset key',
        'none',
        'Runs in the prediction step with the submission at `/app/ingested_program` and the input data at `/app/input_data`; never sees the reference data.',
      ),
      input_data: k(
        'bundle folder or zip, dataset key, or `worker://name`',
        'none',
        'Mounted read-only at `/app/input_data` in both steps. `worker://name`: data that stays on the workers ([confidential data](/organizers/workers#confidential-data)).',
      ),
      reference_data: k(
        'bundle folder or zip, dataset key, or `worker://name`',
        'none',
        'Mounted read-only at `/app/input/ref` in the scoring step only; never offered for download, whatever the settings.',
      ),
      ingestion_only_during_scoring: k(
        'bool',
        'false',
        'The ingestion program runs beside the scoring program (sharing `/app/shared`) instead of before it.',
      ),
      is_public: k(
        'bool',
        'false',
        "Kept, with a warning when true: tasks are not shared with other organizers here; name a task's datasets by key instead.",
      ),
    },
    'solutions[]': {
      index: k('int', 'required, unique', 'How phases name the solution in their `solutions`.'),
      tasks: k('list of task indexes', 'required', 'The tasks the solution solves.'),
      path: k('bundle folder or zip', 'required unless `key`', 'The example submission.'),
      key: k('uuid', 'none', 'An existing solution of the platform, instead of `path`.'),
      name: k('string', '""', 'Shown in the phase files.'),
      description: k('string', '""', 'Shown in the phase files.'),
    },
    'phases[]': {
      index: k('int', 'position', 'Phases are sorted by it (stably) and renumbered from 0, as on Codabench.'),
      name: k('string', '""', "The phase's name; `arena submit` and `arena phases` accept it in place of the id."),
      description: k('string', '""', 'Shown with the phase.'),
      start: k('date or date-time (UTC unless it says otherwise)', 'required', 'Submissions are accepted from then.'),
      end: k(
        'date or date-time',
        'none (the phase never ends)',
        'Submissions are refused from then. Every phase but the last needs one, and the next phase must start after it.',
      ),
      tasks: k(
        'list of task indexes',
        'required, ≥ 1',
        'The tasks each submission runs: one run per task, scores merged (see [several tasks](/organizers/phases#several-tasks-in-one-phase)).',
      ),
      max_submissions_per_day: k(
        'int (0: unlimited)',
        '5',
        'Per participant (or team) and UTC day; refused with 429 and the reset time.',
      ),
      max_submissions: k('int (0: unlimited)', '100', 'Per participant (or team) in the phase; refused with 429.'),
      auto_migrate_to_this_phase: k(
        'bool',
        'false',
        "When the phase opens, each entrant's latest finished submission of the phase before is re-run in it, once. Ignored on the first phase (warning). See [auto-migration](/organizers/phases#auto-migration).",
      ),
      execution_time_limit: k(
        'int seconds (0: the default)',
        '600',
        'One limit for the whole run (prediction and scoring steps); past it the run fails with `time_limit_exceeded`.',
      ),
      hide_output: k(
        'bool',
        'false',
        "Participants get neither their runs' output zip nor their logs (organizers always do).",
      ),
      hide_prediction_output: k(
        'bool',
        'false',
        "Participants do not get the run's output zip, where a code submission's predictions end up.",
      ),
      hide_score_output: k('bool', 'false', "Participants do not get the logs (the scoring program's output)."),
      starting_kit: k(
        'bundle folder or zip, or dataset key',
        'none',
        'Offered as `starting_kit` among the phase files.',
      ),
      public_data: k('bundle folder or zip, or dataset key', 'none', 'Offered as `public_data` among the phase files.'),
      requires_gpu: k(
        'bool',
        'false',
        "The phase's jobs need a GPU worker; a worker without `WORKER_GPUS` fails them with `gpu_unavailable` rather than run them on CPU.",
        true,
      ),
      color: k(
        'white, orange, yellow, green, blue, purple',
        'none',
        "The phase's colour on the competition page (a CodaLab v1 key).",
        true,
      ),
      max_submission_size: k(
        'int MB',
        'none (`MAX_SUBMISSION_MB`)',
        'Larger submissions are refused with 413 (a CodaLab v1 key).',
        true,
      ),
      solutions: k(
        'list of solution indexes',
        "every solution of the phase's tasks",
        "Which solutions organizers are offered among this phase's files (Codabench wrote it and ignored it).",
      ),
      accepts_only_result_submissions: k(
        'bool',
        'false',
        "No prediction step runs: neither the ingestion program nor a submission's own command; submissions are scored as results (documented by Codabench, never implemented there).",
      ),
      max_submissions_per_person: k(
        'int',
        'none',
        "Read as `max_submissions` when that is absent, with a warning (Codabench's dumps write it and its importer ignores it).",
      ),
    },
    'leaderboards[]': {
      title: k('string ≤ 64', 'required', "The board's title."),
      key: k('string ≤ 36', 'required, unique', 'How the API and `arena leaderboard --board` name the board.'),
      columns: k('list of `columns[]`', 'required, ≥ 1', "The board's columns."),
      submission_rule: k(
        '`Add`, `Add_And_Delete`, `Add_And_Delete_Multiple`, `Force_Last`, `Force_Latest_Multiple`, `Force_Best`',
        '`Add`',
        'Which submissions of each entrant are on the board. See [submission rules](/organizers/leaderboards#submission-rules).',
      ),
      hidden: k('bool', 'false', 'Only organizers see the board.'),
      primary_index: k(
        'int',
        '0',
        'The `index` of the column that ranks the board; the other columns break ties in index order.',
      ),
      index: k(
        'int',
        'position',
        "Boards are shown in its order (Codabench's dumps write it; its importer ignored it).",
      ),
    },
    'leaderboards[].columns[]': {
      title: k('string ≤ 36', 'required', 'The column header.'),
      key: k(
        'string ≤ 36',
        'required, unique in the board',
        'The score key in `scores.json` that fills the column (for a computed column, just its name).',
      ),
      index: k(
        'int',
        'position (with a warning)',
        'Orders the columns; `primary_index` and `computation_indexes` refer to it.',
      ),
      sorting: k(
        '`desc` or `asc`',
        '`desc`',
        'Whether higher (`desc`) or lower (`asc`) is better. Ignored by rank aggregates, whose direction is fixed.',
      ),
      computation: k(
        '`avg`, `sum`, `min`, `max`, `avg_rank`, `weighted_rank`, `mrr`',
        'none',
        'A computed column: an aggregate of the scores (`avg`…`max`) or of the per-column ranks (`avg_rank`, `weighted_rank`, `mrr`) of the columns in `computation_indexes`. See [computed columns](/organizers/leaderboards#computed-columns).',
      ),
      computation_indexes: k(
        'list of column indexes (or "1,2")',
        'required with `computation`',
        'The input columns; they may not be computed themselves.',
      ),
      computation_weights: k(
        'list of numbers, one per index',
        'required with `weighted_rank`',
        "The weights of a `weighted_rank` (Arena: carries CodaLab v1's weighted averages).",
        true,
      ),
      precision: k('int', '2', 'Decimals shown (ranking always uses the full value).'),
      hidden: k(
        'bool',
        'false',
        "Only organizers see the column (and, where a phase has one, participants' scoring logs and extra output are withheld).",
      ),
      group: k(
        'string ≤ 64',
        'none',
        "A header over adjacent columns (Arena: carries CodaLab v1's `column_groups`).",
        true,
      ),
    },
    'fact_sheet.*': {
      key: k('string', "required, equal to the question's name", "The answer's key."),
      type: k('`checkbox`, `text` or `select`', 'required', 'How the question is asked and checked.'),
      title: k('string', 'required', "The question, and the board column's title."),
      selection: k('list of choices', 'required (may be empty)', 'The choices of a `select` question.'),
      is_required: k('bool (or "true")', 'required', 'A submission without an answer is refused (400).'),
      is_on_leaderboard: k('bool (or "true")', 'required', 'The answer is a column of the boards.'),
    },
  },
  v1: {
    '': {
      version: k('1, 1.5, 1.8 or absent', 'absent', 'Any version other than 2 reads the file as CodaLab v1.'),
      title: k('string ≤ 100', 'required', "The competition's name."),
      description: k('string', '""', 'The short description.'),
      image: k('bundle path', 'none', 'The logo.'),
      has_registration: k(
        'bool',
        'false',
        "true: registrations wait for an organizer's approval (v2's `registration_auto_approve: false`).",
      ),
      start_date: k('date', 'none', "The competition's start date, shown on its page."),
      end_date: k(
        'date',
        'none',
        "The last phase ends then (unless it has `phase_never_ends`); it must come after the last phase's start.",
      ),
      competition_docker_image: k(
        'string ≤ 128',
        '`codalab/codalab-legacy:py37`',
        "The image of every run (v2's `docker_image`).",
      ),
      force_submission_to_leaderboard: k(
        'bool',
        'false',
        "Every finished submission replaces the entrant's entry on the boards: submission rule `Force_Last`.",
      ),
      disallow_leaderboard_modifying: OPTIONS.disallow_leaderboard_modifying,
      enable_detailed_results: k('bool', 'false', "The scoring program's `detailed_results.html` is kept and shown."),
      enable_medical_image_viewer: k('bool', 'false', 'Kept, with a warning when true: Arena has no image viewer.'),
      show_datasets_from_yaml: k(
        'bool',
        'true',
        "The phases' `datasets` links are listed among the phase files while on.",
      ),
      reward: k('number or string', 'none', 'Shown on the competition page.'),
      allow_teams: k(
        'bool',
        'false',
        "Kept, with a warning when true: CodaLab's free-text team name on profiles; use `enable_teams`.",
      ),
      enable_teams: OPTIONS.enable_teams,
      require_team_approval: OPTIONS.require_team_approval,
      allow_organizer_teams: k(
        'bool',
        'false',
        'Kept, with a warning when true: organizers take part in no team here; they see every team.',
      ),
      enable_per_submission_metadata: OPTIONS.enable_per_submission_metadata,
      allow_public_submissions: k(
        'bool',
        'false',
        "Participants may make their submissions public (v2's `can_participants_make_submissions_public`).",
      ),
      enable_forum: k('bool', 'false', NO_FORUM),
      anonymous_leaderboard: k('bool', 'false', 'Everyone but the organizers sees entrants as pseudonyms.'),
      hide_top_three: OPTIONS.hide_top_three,
      hide_chart: OPTIONS.hide_chart,
      upper_bound_max_submission_size: k('int MB', 'none', "Caps every phase's `max_submission_size`."),
      url_redirect: OPTIONS.url_redirect,
      published: k(
        'bool',
        'absent: a draft',
        'true: the upload is public at once; false: unlisted (reachable with its access key, never listed). Without the key a new competition is a draft only its organizers see until they publish it. See [visibility](/organizers/first-competition#publish-it).',
      ),
      admin_names: k(
        'string "user1,user2"',
        'none',
        "Each named user becomes a collaborator (organizer rights); the warning names those without an account. CodaLab's importer dropped it.",
      ),
      html: k(
        'map page name → bundle file',
        'required',
        '`terms` becomes the terms; every other entry a page titled by its name. A warning when `overview`, `evaluation`, `terms` or `data` is missing (CodaLab required them).',
      ),
      phases: k('map of `phases.*`', 'required, ≥ 1', 'The phases, ordered by `phasenumber`; each becomes one task.'),
      leaderboard: k('map', 'none (with a warning: no score shown)', 'The boards and their columns.'),
      queue: k('queue id', "the platform's queue", "As v2's `queue` (Codabench's v1 importer reads it)."),
      show_detailed_results_in_submission_panel: k('bool', 'true', 'As in version 2.'),
      show_detailed_results_in_leaderboard: k('bool', 'true', 'As in version 2.'),
      auto_run_submissions: k('bool', 'true', 'As in version 2: false holds submissions until an organizer runs them.'),
      make_programs_available: k('bool', 'false', 'As in version 2.'),
      make_input_data_available: k('bool', 'false', 'As in version 2.'),
      show_submission_metadata_on_leaderboard: OPTIONS.show_submission_metadata_on_leaderboard,
    },
    'phases.*': {
      phasenumber: k('int', 'required, unique', 'Orders the phases.'),
      label: k('string ≤ 50', '""', "The phase's name."),
      description: k('string', '""', 'Shown with the phase.'),
      start_date: k(
        'date or date-time',
        'required',
        'The phase opens then and ends when the next one starts (end-exclusive).',
      ),
      max_submissions: k('int (0: unlimited)', '100', 'Per participant in the phase.'),
      max_submissions_per_day: k(
        'int (0: unlimited)',
        '999',
        "Per participant and UTC day (CodaLab's default; Codabench used 5).",
      ),
      is_scoring_only: k(
        'bool',
        'true',
        'true: submissions are results, scored as submitted; no ingestion program or submission command runs (warned about when the phase has an ingestion program).',
      ),
      scoring_program: k(
        'zip or folder in the bundle, or dataset key',
        'required',
        "As a v2 task's `scoring_program`.",
      ),
      reference_data: k('zip or folder, or dataset key', 'none (warning)', "As a v2 task's `reference_data`."),
      input_data: k('zip or folder, or dataset key', 'none', "As a v2 task's `input_data`."),
      ingestion_program: k(
        'zip or folder, or dataset key',
        'none',
        "As a v2 task's; runs only with `is_scoring_only: false`.",
      ),
      starting_kit: k('zip or folder, or dataset key', 'none', 'Offered among the phase files.'),
      public_data: k('zip or folder, or dataset key', 'none', 'Offered among the phase files.'),
      datasets: k(
        'map → `{name, url, description}`',
        'none',
        'External links listed among the phase files while `show_datasets_from_yaml` is on.',
      ),
      leaderboard_management_mode: k(
        '`default` or `hide_results`',
        '`default`',
        '`hide_results`: participants see no score of the phase until an organizer reveals them; the last submission counts (`Force_Last`).',
      ),
      force_best_submission_to_leaderboard: k(
        'bool',
        'false',
        'Submission rule `Force_Best` (the whole board; a warning when only some phases set it).',
      ),
      auto_migration: k('bool', 'false', "As v2's `auto_migrate_to_this_phase`; ignored on the first phase."),
      execution_time_limit: k('int seconds', '300', "The run's time limit."),
      color: k('white, orange, yellow, green, blue, purple', 'none', "The phase's colour."),
      max_submission_size: k(
        'int MB',
        'none',
        'Larger submissions are refused (413), capped by `upper_bound_max_submission_size`.',
      ),
      participant_max_storage_use: k(
        'int MB',
        'none (`QUOTA_MB`)',
        'The per-participant storage quota (the largest phase value: quotas are per competition here).',
      ),
      delete_submissions_except_best_and_last: k(
        'bool',
        'false',
        "Kept, with a warning when true: every submission's files are kept; organizers delete submissions themselves.",
      ),
      phase_never_ends: k('bool', 'false', 'The last phase stays open past `end_date`.'),
      scoring_program_docker_image: k(
        'string',
        '""',
        'Kept, with a warning when set: every step runs in `competition_docker_image`.',
      ),
      default_docker_image: k(
        'string',
        '""',
        'Kept, with a warning when set: every step runs in `competition_docker_image`.',
      ),
      ingestion_program_docker_image: k(
        'string',
        '""',
        'Kept, with a warning when set: every step runs in `competition_docker_image`.',
      ),
      disable_custom_docker_image: k(
        'bool',
        'true',
        'Kept, with a warning when false: participants cannot choose their image here.',
      ),
      is_parallel_parent: k(
        'bool',
        'false',
        "v1.8 (AutoDL): the phase's children (`parent_phasenumber`) become its tasks; its own program does not run.",
      ),
      parent_phasenumber: k('int', 'none', 'v1.8: this phase is a task of that parallel parent.'),
      hidden_columns: k('string "a, b"', 'none', 'v1.8: those columns are hidden from participants on every phase.'),
      ingestion_program_only_during_scoring: k('bool', 'false', "v1.8: as v2's `ingestion_only_during_scoring`."),
      hide_output: k('bool', 'false', "As in version 2 (Codabench's v1 importer reads it)."),
      hide_prediction_output: k('bool', 'false', 'As in version 2.'),
      hide_score_output: k('bool', 'false', 'As in version 2.'),
    },
    leaderboard: {
      leaderboards: k('map name → `{label, rank}`', 'required', 'The boards (YAML anchors let columns name them).'),
      column_groups: k(
        'map name → `{label, rank}`',
        'none',
        'Header groups over columns (kept: Codabench dropped them).',
      ),
      columns: k(
        'map score key → column',
        'required',
        'The columns; each key is the score key the scoring program writes.',
      ),
    },
    'leaderboard.leaderboards.*': {
      label: k('string', 'the map key', "The board's title; columns attach to it by label."),
      rank: k('int', 'position', 'Orders the boards.'),
    },
    'leaderboard.columns.*': {
      leaderboard: k('a board (usually a YAML alias)', 'required', 'The board the column is on.'),
      label: k('string', 'the map key', 'The column header.'),
      rank: k('int', 'position', 'Orders the columns (renumbered per board).'),
      sort: k('`asc` or `desc`', '`desc`', 'Which direction is better.'),
      numeric_format: k('int', '2', 'Decimals shown.'),
      selection_default: k(
        'int',
        '0',
        'The column with the highest value ranks the board (Codabench ranked by the first column instead).',
      ),
      column_group: k('a group (alias)', 'none', 'The header group over the column.'),
      computed: k(
        'map (`leaderboard.columns.*.computed`)',
        'none',
        'Makes the column a rank aggregate of other columns.',
      ),
      hidden: k('bool', 'false', 'Only organizers see the column.'),
      show_rank: k(
        'bool',
        'true (false for computed)',
        'Kept, with a warning when true: scores are shown without a rank of their own.',
      ),
      description: k('string', 'none', 'Kept, with a warning: column descriptions are not shown here.'),
    },
    'leaderboard.columns.*.computed': {
      operation: k(
        '`Avg`, `MRR` or `Max`',
        '`Avg`',
        "`Avg`: the mean of the input columns' ranks (lower is better); `MRR`: the mean reciprocal rank (higher is better); `Max`, never implemented by CodaLab, keeps a plain column (with a warning).",
      ),
      fields: k('string "a, b"', 'required', 'The input columns (not computed ones).'),
      weights: k('string "0.5, 0.5"', 'none', 'Turns `Avg` into a weighted sum of ranks (v2 `weighted_rank`).'),
    },
  },
};
