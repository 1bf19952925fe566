import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** axe-core's browser build, read once; evaluated in the page (through the DevTools protocol, so CSP allows it). */
let axeSource: string | undefined;
function source(): string {
  axeSource ??= readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  /** The first few offending elements, as CSS selectors with a bit of their HTML. */
  nodes: string[];
}

// Runs in the page (a string: this project's tsconfig has no DOM types). WCAG 2.x A and AA rules plus axe's best
// practices; only serious and critical findings are returned.
const RUN_AXE = `(async () => {
  const r = await window.axe.run(document, {
    resultTypes: ['violations'],
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  });
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.html.slice(0, 160)),
    }));
})()`;

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) {
    await page.evaluate(source());
  }
  return (await page.evaluate(RUN_AXE)) as A11yViolation[];
}

/** Fails with the list of serious and critical violations (rule, help, elements), `label` naming the page. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${label}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}
