import {
  DomainError,
  ErrorCode,
  FieldPassage,
  FieldProblem,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { refusedCharacterProblem } from '../common/text-characters';
import type { Finding, GuardContext } from '../content-guard/categories';
import { checkText, explanationOf } from '../content-guard/check-text';
import { freeTexts, PlanContent } from './plan-content';
import { planField } from './plan-fields';
import type { PlanTemplate } from './plan-template';

/** How much of the text around a passage is quoted with it. */
const QUOTE_AROUND = 40;

export const BLOCKED_MESSAGE =
  'Texten innehåller uppgifter som inte får stå i planen. Ändra de markerade ställena och spara igen.';
export const WARNED_MESSAGE =
  'Texten innehåller något som sällan hör hemma i planen. Läs varningen; spara igen och bekräfta om det ska stå kvar.';

/** The passage with a little of the text around it, cut at word boundaries. */
export function quotePassage(text: string, finding: Finding): FieldPassage {
  let before = text.slice(Math.max(0, finding.start - QUOTE_AROUND), finding.start);
  let after = text.slice(finding.end, finding.end + QUOTE_AROUND);
  if (finding.start > QUOTE_AROUND) before = `…${before.replace(/^\S*\s/, '')}`;
  if (finding.end + QUOTE_AROUND < text.length) after = `${after.replace(/\s\S*$/, '')}…`;
  return {
    start: finding.start,
    end: finding.end,
    match: finding.match,
    before,
    after,
    category: finding.category,
    severity: finding.severity,
    message: explanationOf(finding.category),
  };
}

/** Every text of the plan a writer typed: the free texts and the talk's participants. */
function typedTexts(content: PlanContent): { path: string; text: string }[] {
  return [
    ...freeTexts(content),
    ...content.talk.participants.map((text, i) => ({ path: `talk.participants.${i}`, text })),
  ];
}

/**
 * Refuses the characters a plan must not hold in any text this change
 * wrote: NUL, and the invisible direction controls, which can turn or hide
 * a passage (and a copy's reader does not show them). The field is named as
 * the page shows it, the character by its code; texts saved before are left
 * alone (a copy draws them without the controls).
 */
export function refuseHiddenCharacters(
  before: PlanContent,
  after: PlanContent,
  template: PlanTemplate,
): void {
  const previous = new Map(typedTexts(before).map((entry) => [entry.path, entry.text]));
  const problems: FieldProblem[] = [];
  for (const entry of typedTexts(after)) {
    const problem =
      previous.get(entry.path) === entry.text ? null : refusedCharacterProblem(entry.text);
    if (problem) {
      problems.push({
        field: entry.path,
        label: planField(entry.path, after, template).label,
        problems: [problem],
      });
    }
  }
  if (problems.length > 0) {
    throw new ValidationFailedError(problems);
  }
}

/**
 * Every free text this change wrote goes through the content guard, with
 * the pupil's classmates for their names: a `block` finding stops the save;
 * `warn` findings stop it too until the writer says they have read them, and
 * are then returned for the audit log. Each problem names the field as the
 * page shows it and quotes the passage; the path stays for machines.
 */
export function guardFreeText(
  before: PlanContent,
  after: PlanContent,
  template: PlanTemplate,
  context: GuardContext,
  acknowledgeWarnings: boolean,
): string[] {
  const previous = new Map(freeTexts(before).map((entry) => [entry.path, entry.text]));
  const changed = freeTexts(after).filter((entry) => previous.get(entry.path) !== entry.text);
  const problems: FieldProblem[] = [];
  const warnings: string[] = [];
  let blocked = false;
  for (const entry of changed) {
    const shown = checkText(entry.text, context).filter((finding) => {
      if (finding.severity === 'warn') {
        warnings.push(finding.category);
        return !acknowledgeWarnings;
      }
      blocked = true;
      return true;
    });
    if (shown.length === 0) {
      continue;
    }
    const passages = shown.map((finding) => quotePassage(entry.text, finding));
    problems.push({
      field: entry.path,
      label: planField(entry.path, after, template).label,
      problems: passages.map(
        (passage) =>
          `”${passage.match}”: ${passage.message}${passage.severity === 'warn' ? ' (varning)' : ''}`,
      ),
      passages,
    });
  }
  if (problems.length > 0) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      blocked ? BLOCKED_MESSAGE : WARNED_MESSAGE,
      problems,
    );
  }
  return warnings;
}
