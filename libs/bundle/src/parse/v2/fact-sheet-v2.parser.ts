import type { FactSheetQuestion } from '../../competition.model';
import { MapReader } from '../map-reader';
import type { ParseContext } from '../parse-context';
import { readBool } from '../value-readers';

export const QUESTION_KEYS = ['key', 'type', 'title', 'selection', 'is_required', 'is_on_leaderboard'];

/** `fact_sheet`: a map KEY → question with exactly Codabench's six keys; `"true"` strings count as booleans. */
export function parseFactSheetV2(ctx: ParseContext, value: Record<string, unknown>): FactSheetQuestion[] {
  const questions: FactSheetQuestion[] = [];
  for (const [mapKey, item] of Object.entries(value)) {
    const r = MapReader.of(ctx, item, ['fact_sheet', mapKey], QUESTION_KEYS);
    if (!r) {
      continue;
    }
    r.warnUnknown();
    for (const k of QUESTION_KEYS) {
      if (!(k in r.obj)) {
        ctx.error(r.at(k), `${k} is required in a fact sheet question`);
      }
    }
    const key = r.string('key');
    if (key !== undefined && key !== mapKey) {
      ctx.error(r.at('key'), `must equal the question's name, ${mapKey}`);
    }
    const type = r.oneOf('type', ['checkbox', 'text', 'select'] as const, 'text');
    const selection = readSelection(ctx, r);
    if (type === 'select' && selection.filter((s) => s !== '').length === 0) {
      ctx.error(r.at('selection'), 'a select question needs a list of choices');
    }
    questions.push({
      key: mapKey,
      type,
      title: r.text('title', mapKey),
      selection,
      isRequired: flag(ctx, r, 'is_required'),
      isOnLeaderboard: flag(ctx, r, 'is_on_leaderboard'),
    });
  }
  return questions;
}

function readSelection(ctx: ParseContext, r: MapReader): string[] {
  const v = r.raw('selection');
  if (v === undefined || v === null || v === '') {
    return [];
  }
  if (Array.isArray(v)) {
    return v.map((x) => (x === null || x === undefined ? '' : String(x)));
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    return [String(v)];
  }
  ctx.error(r.at('selection'), 'must be a list of choices');
  return [];
}

function flag(ctx: ParseContext, r: MapReader, key: string): boolean {
  const v = r.raw(key);
  if (v === undefined || v === null) {
    return false;
  }
  return readBool(ctx, v, r.at(key)) ?? false;
}
