import type { FieldCarryOver, FieldSourceDecision } from '../carry-over';

/** One row of the item page's "Beslut i andra handlingar": one field, one other record's decision on it. */
export interface CarryOverRowView {
  readonly fieldId: string;
  readonly place: string;
  readonly fromItemId: string;
  readonly registrationNumber: string;
  /** "samma begäran" or the other request's registration number. */
  readonly where: string;
  /** What the other record decided on the field, in Swedish. */
  readonly outcome: string;
  readonly unchanged: boolean;
  /** The button is offered: the text is unchanged, the decisions differ, and nothing refused. */
  readonly canCarry: boolean;
}

/** An other record with at least one unchanged field decided otherwise: "För över alla oförändrade". */
export interface CarryOverSourceView {
  readonly fromItemId: string;
  readonly registrationNumber: string;
  readonly where: string;
  readonly fields: number;
}

export interface CarryOverView {
  readonly rows: readonly CarryOverRowView[];
  readonly sources: readonly CarryOverSourceView[];
  /** Fields decided alike in another record (left out of the rows). */
  readonly alike: number;
}

/**
 * The other decisions as the item page lists them: only where they differ
 * from this record's (or the other record was refused), each with whether
 * the text is unchanged and so can be carried over.
 */
export function toCarryOverView(
  fields: readonly FieldCarryOver[],
  isRefused: boolean,
): CarryOverView {
  const rows: CarryOverRowView[] = [];
  const sources = new Map<string, CarryOverSourceView>();
  let alike = 0;
  for (const field of fields) {
    for (const source of field.sources) {
      if (!source.differs && source.outcome !== 'refused') {
        alike += 1;
        continue;
      }
      const canCarry = !isRefused && source.differs && source.unchanged;
      const where = source.sameRequest
        ? 'samma begäran'
        : `begäran ${source.requestRegistrationNumber}`;
      rows.push({
        fieldId: field.fieldId,
        place: field.place,
        fromItemId: source.itemId,
        registrationNumber: source.registrationNumber,
        where,
        outcome: outcomeLabel(source),
        unchanged: source.unchanged,
        canCarry,
      });
      if (canCarry) {
        const known = sources.get(source.itemId);
        sources.set(source.itemId, {
          fromItemId: source.itemId,
          registrationNumber: source.registrationNumber,
          where,
          fields: (known?.fields ?? 0) + 1,
        });
      }
    }
  }
  return { rows, sources: [...sources.values()], alike };
}

function outcomeLabel(source: FieldSourceDecision): string {
  switch (source.outcome) {
    case 'refused':
      return 'Hela handlingen lämnades inte ut';
    case 'released':
      return 'Lämnades ut';
    case 'struck':
      return `Maskerad${source.struckCount > 1 ? ` på ${source.struckCount} ställen` : ''} (${source.grounds.join(', ')})`;
  }
}
