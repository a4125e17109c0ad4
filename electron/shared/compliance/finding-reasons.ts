import type { PreflightFinding } from '../contract/compliance';

/**
 * The errors among pre-flight findings, a sentence each with the rule and where it was found: the
 * English `reasons` of a refused session start, card pin or deal start (REST clients read the details).
 */
export function findingReasons(findings: readonly PreflightFinding[], max = 5): string {
  const errors = findings.filter((f) => f.severity === 'error');
  const said = errors.slice(0, max).map((f) => `${f.ruleId} (${whereText(f)}): ${f.message}`);
  if (errors.length > max) said.push(`And ${errors.length - max} more.`);
  return said.join(' ');
}

function whereText(f: PreflightFinding): string {
  const w = f.where;
  if (w.kind === 'script') return `script "${w.scriptTitle ?? ''}", ${w.language ?? ''}, line ${f.line}, column ${f.column}`;
  if (w.kind === 'card') return `card ${w.sku ?? ''}, ${w.field ?? ''}, ${w.language ?? ''}`;
  if (w.kind === 'deal') return `deal ${w.dealCode ?? ''}`;
  return `OBS outputs ${w.outputs?.join(', ') || 'unknown'}`;
}
