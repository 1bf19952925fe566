import type { FactSheetQuestion } from '@arena/bundle';
import { DomainError } from '@api/common/domain.error';

export type FactSheetAnswers = Record<string, boolean | string>;

const MAX_TEXT = 5000;

/**
 * Checks answers against the competition's fact sheet: checkbox answers are booleans, text answers strings, select
 * answers one of the question's values; required questions must be answered (a required checkbox may be false,
 * a required text not blank). Throws a 400 naming the first bad key.
 */
export function validateFactSheet(
  questions: FactSheetQuestion[] | null,
  raw: string | undefined,
): FactSheetAnswers | null {
  if (raw === undefined || raw === '') {
    if (!questions?.length) {
      return null;
    }
    return check(questions, {});
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw bad('factSheet', 'must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw bad('factSheet', 'must be a JSON object');
  }
  if (!questions?.length) {
    const [first] = Object.keys(parsed);
    if (first === undefined) {
      return null;
    }
    throw bad(first, 'is not a question: this competition has no fact sheet');
  }
  return check(questions, parsed as Record<string, unknown>);
}

function check(questions: FactSheetQuestion[], answers: Record<string, unknown>): FactSheetAnswers {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(answers)) {
    if (!byKey.has(key)) {
      throw bad(key, 'is not a question of the fact sheet');
    }
  }
  const out: FactSheetAnswers = {};
  for (const q of questions) {
    const v = answers[q.key];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '' && q.type !== 'checkbox')) {
      if (q.isRequired) {
        throw bad(q.key, `is required ("${q.title}")`);
      }
      continue;
    }
    switch (q.type) {
      case 'checkbox':
        if (typeof v !== 'boolean') {
          throw bad(q.key, 'must be true or false');
        }
        break;
      case 'text':
        if (typeof v !== 'string') {
          throw bad(q.key, 'must be a string');
        }
        if (v.length > MAX_TEXT) {
          throw bad(q.key, `must be at most ${MAX_TEXT} characters`);
        }
        break;
      case 'select':
        if (typeof v !== 'string' || !q.selection.includes(v)) {
          throw bad(q.key, `must be one of ${q.selection.map((s) => `"${s}"`).join(', ')}`);
        }
        break;
    }
    out[q.key] = v as boolean | string;
  }
  return out;
}

function bad(key: string, why: string): DomainError {
  return new DomainError('bad_request', `fact sheet answer "${key}" ${why}`, { key });
}
