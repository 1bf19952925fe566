import { describe, expect, it } from 'vitest';
import { pickChoices } from './picks';

describe('pickChoices', () => {
  it.each([
    ['Add', { add: true, remove: false }],
    ['Add_And_Delete', { add: true, remove: true }],
    ['Add_And_Delete_Multiple', { add: true, remove: true }],
    ['Force_Last', { add: false, remove: false }],
    ['Force_Best', { add: false, remove: false }],
    ['Something_New', { add: false, remove: false }],
  ])('%s offers %o', (rule, choices) => expect(pickChoices(rule, false)).toEqual(choices));

  it('offers nothing where the organizers lock the boards', () => {
    expect(pickChoices('Add_And_Delete', true)).toEqual({ add: false, remove: false });
  });
});
