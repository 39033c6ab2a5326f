import { DomainError, ErrorCode, FieldProblem } from '../common/errors/domain-error';
import { checkText, explanationOf } from '../content-guard/check-text';
import { freeTexts, PlanContent } from './plan-content';

/**
 * Every free text this change wrote goes through the content guard: a
 * `block` finding stops the save with the passage and the rule; `warn`
 * findings stop it too until the writer says they have read them, and are
 * then returned for the audit log.
 */
export function guardFreeText(
  before: PlanContent,
  after: PlanContent,
  acknowledgeWarnings: boolean,
): string[] {
  const previous = new Map(freeTexts(before).map((entry) => [entry.path, entry.text]));
  const changed = freeTexts(after).filter((entry) => previous.get(entry.path) !== entry.text);
  const problems: FieldProblem[] = [];
  const warnings: string[] = [];
  let blocked = false;
  for (const entry of changed) {
    for (const finding of checkText(entry.text)) {
      if (finding.severity === 'warn') {
        warnings.push(finding.category);
        if (acknowledgeWarnings) continue;
      } else {
        blocked = true;
      }
      problems.push({
        field: entry.path,
        problems: [
          `”${finding.match}”: ${explanationOf(finding.category)}${finding.severity === 'warn' ? ' (varning)' : ''}`,
        ],
      });
    }
  }
  if (problems.length > 0) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      blocked
        ? 'Texten innehåller uppgifter som inte får stå i planen. Ändra de markerade ställena och spara igen.'
        : 'Texten innehåller något som sällan hör hemma i planen. Läs varningen; spara igen och bekräfta om det ska stå kvar.',
      problems,
    );
  }
  return warnings;
}
