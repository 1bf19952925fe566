import { PHASE_KEYS as V1_PHASE } from './v1/phases-v1.parser';
import { TOP_KEYS as V1_TOP } from './v1/competition-v1.parser';
import {
  BOARD_KEYS as V1_BOARD,
  COLUMN_KEYS as V1_COLUMN,
  COMPUTED_KEYS as V1_COMPUTED,
  TOP_KEYS as V1_LEADERBOARD,
} from './v1/leaderboard-v1.parser';
import { QUESTION_KEYS } from './v2/fact-sheet-v2.parser';
import { PAGE_KEYS, TOP_KEYS as V2_TOP } from './v2/competition-v2.parser';
import { COLUMN_KEYS as V2_COLUMN, LEADERBOARD_KEYS } from './v2/leaderboards-v2.parser';
import { PHASE_KEYS as V2_PHASE } from './v2/phases-v2.parser';
import { SOLUTION_KEYS, TASK_KEYS } from './v2/tasks-v2.parser';

/**
 * Every key the parser knows, by format and by the map it sits in (YAML-path-like names): the list that says what
 * Arena reads. Each one either changes what the platform does or is reported as having no effect where it asks for
 * something the platform does not do (the API's bundle-keys test holds every key to that).
 */
export const BUNDLE_KEYS = {
  v1: {
    '': V1_TOP,
    'phases.*': V1_PHASE,
    leaderboard: V1_LEADERBOARD,
    'leaderboard.leaderboards.*': V1_BOARD,
    'leaderboard.columns.*': V1_COLUMN,
    'leaderboard.columns.*.computed': V1_COMPUTED,
  },
  v2: {
    '': V2_TOP,
    'pages[]': PAGE_KEYS,
    'tasks[]': TASK_KEYS,
    'solutions[]': SOLUTION_KEYS,
    'phases[]': V2_PHASE,
    'leaderboards[]': LEADERBOARD_KEYS,
    'leaderboards[].columns[]': V2_COLUMN,
    'fact_sheet.*': QUESTION_KEYS,
  },
} as const satisfies Record<'v1' | 'v2', Record<string, readonly string[]>>;
