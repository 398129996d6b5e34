import { type FileAnalysis, analyzeModelSteps } from './analysis';
import { type Steps, runToEnd } from './steps';
import type { FlowCache } from './flowCache';
import type { Finding, RuleError, Severity } from './findings';
import type { Build, FileModel, SocketEvent } from './ir';
import { type Codegen, type Report, type Rule, type RuleContext, formatMessage } from './rule';
import type { Settings } from './settings';
import { incompleteFindings, incompleteRuleId } from './incomplete';
import { applySuppressions, directiveRuleId } from './suppression';

export interface RunOutput {
  findings: Finding[];
  ruleErrors: RuleError[];
}

function severityOf(rule: Rule, settings: Settings): Severity | undefined {
  const level = settings.rules[rule.meta.id];
  if (level === 'off') return undefined;
  return level ?? rule.meta.defaultSeverity;
}

/**
 * Runs the dataflow once and every enabled rule over it. A rule that throws loses only its own
 * findings; the error is returned so the server can log it with the rule id.
 */
export function runRules(model: FileModel, rules: readonly Rule[], settings: Settings, codegen: Codegen, isCancelled?: () => boolean, flows?: FlowCache): RunOutput {
  return runToEnd(runRulesSteps(model, rules, settings, codegen, isCancelled, flows));
}

/** The same, yielding while the dataflow runs (engine/steps.ts); the rules themselves run in one go. */
export function* runRulesSteps(model: FileModel, rules: readonly Rule[], settings: Settings, codegen: Codegen, isCancelled?: () => boolean, flows?: FlowCache): Steps<RunOutput> {
  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];
  if (!settings.enable) return { findings, ruleErrors };
  const active = rules.filter((r) => severityOf(r, settings) !== undefined);
  const ran: string[] = [];
  const analyses: Array<{ build: Build | undefined; analysis: FileAnalysis }> = [];
  if (active.length) for (const build of buildsOf(model, settings)) analyses.push({ build, analysis: yield* analyzeModelSteps(model, build, isCancelled, flows) });
  for (const rule of active) {
    if (isCancelled?.()) break;
    const severity = severityOf(rule, settings)!;
    const mine: Finding[] = [];
    const seen = new Set<string>();
    const report = (r: Report) => {
      const key = `${r.site.start}:${r.site.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      const message = formatMessage(rule.meta, r.messageId, r.data);
      mine.push({ ruleId: rule.meta.id, messageId: r.messageId, message, severity, start: r.site.start, end: r.site.end, related: r.related ?? [], fixes: r.fixes ?? [] });
    };
    try {
      for (const { build, analysis } of analyses) {
        const isWindows = (ev: SocketEvent) => (build === 'windows' ? ev.region !== 'posix' || settings.platform === 'windows' : build === 'posix' ? false : ev.region !== 'posix');
        const ctx: RuleContext = { analysis, model, text: model.text, codegen, platform: settings.platform, isWindows, report };
        rule.check(ctx);
      }
      for (const f of mine) findings.push(f);
      ran.push(rule.meta.id);
    } catch (e) {
      ruleErrors.push({ ruleId: rule.meta.id, message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  }
  for (const f of incompleteFindings(model, settings)) findings.push(f);
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { findings: suppress(model, rules, settings, findings, [...ran, incompleteRuleId], isCancelled?.() === true), ruleErrors };
}

/**
 * Drops the findings that suppression comments cover and adds the problems of the comments
 * themselves (engine/suppression.ts). Every rule passed in is a known id, so a directive for a rule
 * turned off in settings stays valid; only rules that ran can make a directive unused, and a
 * cancelled run reports no directive problems at all.
 */
function suppress(model: FileModel, rules: readonly Rule[], settings: Settings, findings: Finding[], ran: string[], cancelled: boolean): Finding[] {
  const level = settings.rules[directiveRuleId];
  return applySuppressions(model.text, model.language, findings, {
    knownIds: [...rules.map((r) => r.meta.id), incompleteRuleId],
    ranIds: ran,
    severity: cancelled || level === 'off' ? undefined : (level ?? 'information'),
  });
}

/**
 * Which builds to follow. A portable file is analysed once as the Windows build and once as the
 * POSIX build, because its `#ifdef _WIN32` and `#else` arms never run together; Winsock rules
 * speak only of the Windows build. The platform setting forces one.
 */
export function buildsOf(model: FileModel, settings: Settings): Array<Build | undefined> {
  if (settings.platform === 'windows') return ['windows'];
  if (settings.platform === 'posix') return ['posix'];
  return model.hasBuildArms ? ['windows', 'posix'] : [undefined];
}
