import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../engine/rule';
import { incompleteRuleId } from '../engine/incomplete';
import { directiveRuleId } from '../engine/suppression';
import { bindResultUnchecked } from './bind-result-unchecked';
import { closeWithoutShutdown } from './close-without-shutdown';
import { dgramOptionBeforeBind } from './dgram-option-before-bind';
import { exclusiveWithReuse } from './exclusiveaddruse-with-reuseaddr';
import { invalidSocketCompare } from './invalid-socket-compare';
import { lingerMisuse } from './linger-misuse';
import { missingExclusiveAddrUse } from './missing-exclusiveaddruse';
import { reuseaddrPortHijack } from './reuseaddr-port-hijack';
import { setsockoptAfterBind } from './setsockopt-after-bind';
import { shutdownWithoutDrain } from './shutdown-without-drain';

/** Every rule, explicitly: the order is the order of the README table. */
export const rules: readonly Rule[] = [
  setsockoptAfterBind,
  missingExclusiveAddrUse,
  lingerMisuse,
  closeWithoutShutdown,
  reuseaddrPortHijack,
  exclusiveWithReuse,
  shutdownWithoutDrain,
  bindResultUnchecked,
  invalidSocketCompare,
  dgramOptionBeforeBind,
];

export const ruleIds: readonly string[] = rules.map((r) => r.meta.id);

let docsDir: string | undefined;

/**
 * The rule's documentation page. The docs ship inside the extension next to the server bundle
 * (`<root>/docs/rules`), so the link works offline and matches the installed version.
 */
export function ruleDocUrl(id: string): string {
  if (docsDir === undefined) {
    docsDir = '';
    for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'docs', 'rules');
      if (fs.existsSync(candidate)) {
        docsDir = candidate;
        break;
      }
    }
    if (!docsDir) docsDir = path.resolve(__dirname, '..', '..', 'docs', 'rules');
  }
  return pathToFileURL(path.join(docsDir, `${id}.md`)).toString();
}

/** Rules link to their page; problems with suppression comments and analysis limits link to their own pages in docs/. */
export function docUrl(ruleId: string): string {
  if (ruleId === directiveRuleId) return new URL('../suppression.md', ruleDocUrl(ruleId)).toString();
  if (ruleId === incompleteRuleId) return new URL('../analysis-limits.md', ruleDocUrl(ruleId)).toString();
  return ruleDocUrl(ruleId);
}
