// axe-core in a page served by nginx. The site's Content-Security-Policy forbids inline
// scripts, so the contexts that run axe bypass it (the pages themselves are unchanged).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = require('axe-core').source;

/** WCAG 2.0, 2.1 and 2.2 A and AA, plus axe's best practices. Colour contrast is wcag2aa. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export async function runAxe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
    AXE_TAGS,
  );
}

/** One line per failing node: "rule (impact): target — summary". */
export function describeViolations(violations) {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`),
  );
}
