import { formatDateTime } from '../lib/dates';
import type { RefusalDetails } from './problems';

/** The fields of the phase form an error can be about. */
export type PhaseField = 'name' | 'description' | 'start' | 'end' | 'perDay' | 'total' | 'time' | 'size';

/** The phase's YAML keys (v2) as the form's fields: the API checks the edited phase as a competition.yaml would. */
const FIELD_OF_KEY: Record<string, PhaseField> = {
  name: 'name',
  description: 'description',
  start: 'start',
  end: 'end',
  max_submissions_per_day: 'perDay',
  max_submissions: 'total',
  execution_time_limit: 'time',
  max_submission_size: 'size',
};

export interface FormError {
  /** The field it concerns; none: the form as a whole. */
  field?: PhaseField;
  message: string;
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;

/** ISO 8601 instants in a message written as people read them, in the viewer's time zone. */
export function humanDates(message: string, timeZone?: string): string {
  return message.replace(ISO_INSTANT, (iso) => formatDateTime(iso, timeZone));
}

/**
 * A refused phase edit as errors of the form: a problem on this phase (`phases[index]`) goes on the field its YAML
 * key names (phases[0].end: the end field), any other on the form; dates written for people. The YAML file and line
 * mean nothing in this form, so they are left out.
 */
export function phaseFormErrors(refusal: RefusalDetails, phaseIndex: number, timeZone?: string): FormError[] {
  return refusal.problems.map((p) => {
    const own = new RegExp(`^phases\\[${phaseIndex}\\]\\.([a-z_]+)$`).exec(p.path);
    const field = own ? FIELD_OF_KEY[own[1]] : undefined;
    return { field, message: humanDates(p.message, timeZone) };
  });
}

/** Checked before sending: an end at or before the start, named with both dates as the viewer reads them. */
export function phaseDatesError(
  startIso: string | null,
  endIso: string | null,
  timeZone?: string,
): FormError | undefined {
  if (!startIso || !endIso || new Date(endIso).getTime() > new Date(startIso).getTime()) {
    return undefined;
  }
  return {
    field: 'end',
    message: `The phase ends (${formatDateTime(endIso, timeZone)}) before it starts (${formatDateTime(startIso, timeZone)}): choose a later end.`,
  };
}
