import { diffWords } from 'diff';

import { freeTexts, PlanContent } from './plan-content';

export interface DiffPart {
  readonly text: string;
  readonly change: 'added' | 'removed' | 'same';
}

export interface FieldDiff {
  /** Where in the plan, in Swedish: "Matematik, omdöme", "Mål 1", … */
  readonly label: string;
  readonly parts: readonly DiffPart[];
}

/**
 * What changed between two versions of a plan, field by field and word by
 * word, for people to read. Unchanged fields are left out.
 */
export function diffVersions(previous: PlanContent, next: PlanContent): FieldDiff[] {
  const before = textsByLabel(previous);
  const after = textsByLabel(next);
  const labels = [...new Set([...before.keys(), ...after.keys()])];
  return labels
    .filter((label) => (before.get(label) ?? '') !== (after.get(label) ?? ''))
    .map((label) => ({ label, parts: diffText(before.get(label) ?? '', after.get(label) ?? '') }));
}

/** Word by word for prose; a single value (a date, a scale step) is replaced whole. */
function diffText(before: string, after: string): DiffPart[] {
  if (!/\s/.test(before) && !/\s/.test(after)) {
    return [
      ...(before ? [{ text: before, change: 'removed' as const }] : []),
      ...(after ? [{ text: after, change: 'added' as const }] : []),
    ];
  }
  return diffWords(before, after).map((part) => ({
    text: part.value,
    change: part.added ? 'added' : part.removed ? 'removed' : 'same',
  }));
}

function textsByLabel(content: PlanContent): Map<string, string> {
  const labels = new Map<string, string>();
  for (const assessment of content.assessments) {
    if (assessment.scaleValue) {
      labels.set(`${assessment.subject}, kunskapsnivå`, assessment.scaleValue);
    }
  }
  for (const { path, text } of freeTexts(content)) {
    labels.set(describePath(path, content), text);
  }
  if (content.talk.date) {
    labels.set('Utvecklingssamtal, datum', content.talk.date);
  }
  return labels;
}

function describePath(path: string, content: PlanContent): string {
  const [section, index, ...rest] = path.split('.');
  const position = Number(index);
  switch (section) {
    case 'assessments':
      return `${content.assessments[position]?.subject ?? 'Ämne'}, omdöme`;
    case 'goals': {
      const field = rest.join('.');
      const names: Record<string, string> = {
        text: 'mål',
        'actions.school': 'skolans insatser',
        'actions.pupil': 'elevens insatser',
        'actions.guardian': 'vårdnadshavares insatser',
        followUp: 'uppföljning',
      };
      return `Mål ${position + 1}, ${names[field] ?? field}`;
    }
    case 'selfAssessment':
      return index === 'text'
        ? 'Självskattning, egna ord'
        : `Självskattning, fråga ${position + 1}`;
    case 'guardianComments':
      return rest[0] === 'answer'
        ? `Kommentar ${position + 1}, mentorns svar`
        : `Kommentar ${position + 1}`;
    case 'otherDevelopment':
      return 'Utveckling i övrigt';
    case 'talk':
      return 'Utvecklingssamtal, överenskommelser';
    default:
      return path;
  }
}
