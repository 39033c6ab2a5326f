import type { JsonObject, JsonValue } from '../../database/kysely';
import {
  CHANNELS,
  channelLabel,
  COURT_OUTCOMES,
  courtOutcomeLabel,
  DECISIONS,
  decisionLabel,
  LATE_APPEAL_EXCEPTIONS,
  lateAppealExceptionLabel,
  REOPEN_REASONS,
  reopenReasonLabel,
} from '../request-lifecycle';

/*
 * The details are the event's jsonb as stored: each value is narrowed here, never cast. A
 * detail that is missing or of another type than the event writes (an old row, a hand edit)
 * leaves its place empty instead of breaking the page.
 */

/** A detail as text: a non-empty string, or a number as written; null for anything else. */
function text(value: JsonValue | undefined): string | null {
  if (typeof value === 'number') {
    return String(value);
  }
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A detail that counts something; null unless it is a number. */
function count(value: JsonValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** The code among `codes` the detail names, or null. */
function codeOf<T extends string>(codes: readonly T[], value: JsonValue | undefined): T | null {
  return codes.find((code) => code === value) ?? null;
}

/** A code's label, or the detail as it is when it is not a code we know. */
function labelOf<T extends string>(
  codes: readonly T[],
  label: (code: T) => string,
  value: JsonValue | undefined,
): string {
  const code = codeOf(codes, value);
  return code === null ? (text(value) ?? '') : label(code);
}

/** The request's history in Swedish, from the event kinds and their jsonb details. */
export function describeEvent(kind: string, details: JsonObject): string {
  switch (kind) {
    case 'received':
      return `Begäran kom in (${labelOf(CHANNELS, channelLabel, details.channel)}).`;
    case 'first_steps':
      return `Tidsfrister satta (beslut senast ${text(details.decisionDue) ?? ''}); ${count(details.records) ?? 0} handlingar och ${count(details.drafts) ?? 0} utkast hittades; ${count(details.reviewersNotified) ?? 0} handläggare aviserades.`;
    case 'claimed':
      return 'Handläggaren tog begäran.';
    case 'assigned':
      return `Begäran tilldelades ${text(details.to) ?? ''}.`;
    case 'clarification_asked':
      return 'En fråga ställdes till den som begärt handlingarna.';
    case 'clarification_received':
      return `Svar kom${text(details.channel) === 'status_page' ? ' via statussidan' : ''} efter ${count(details.waitedWorkingDays) ?? 0} arbetsdagar; beslut senast ${text(details.decisionDue) ?? ''}.`;
    case 'record_added':
      return `Handlingen ${text(details.registrationNumber) ?? ''} lades till.`;
    case 'item_decided':
      return `Beslut om ${text(details.registrationNumber) ?? 'utkast'}: ${labelOf(DECISIONS, decisionLabel, details.decision)}.`;
    case 'item_approved':
      return `Beslutet om ${text(details.registrationNumber) ?? 'utkast'} (${labelOf(DECISIONS, decisionLabel, details.decision).toLowerCase()}) godkändes av en andra handläggare.`;
    case 'items_approved':
      return `${count(details.items) ?? 0} beslut om avslag eller maskering godkändes av en andra handläggare (${text(details.registrationNumbers) ?? ''}).`;
    case 'items_released':
      return `${count(details.items) ?? 0} handlingar beslutades att lämnas ut.`;
    case 'decided': {
      const letter = text(details.letter);
      const copies = count(details.copies);
      const reason = text(details.consistencyReason);
      const approvals = text(details.approvals);
      return `Begäran är beslutad${letter ? `; ${letter} registrerat` : ''}${copies !== null ? `, ${copies} kopior` : ''}.${reason ? ` Samma text maskeras i en handling och lämnas ut i en annan; handläggarens skäl: ${reason}` : ''}${approvals ? ` Godkänt av en andra handläggare: ${approvals}.` : ''}`;
    }
    case 'delivered':
      return `Handlingarna är utlämnade${details.payment === 'invoice' ? ' med faktura' : details.payment === 'prepaid' ? ' efter förskottsbetalning' : ''}.`;
    case 'delivered_part': {
      const copies = count(details.copies) ?? 0;
      return `Utlämnat före beslutet, i sin helhet: ${copies} ${copies === 1 ? 'handling' : 'handlingar'} (${text(details.registrationNumbers) ?? ''}).`;
    }
    case 'closed_no_record':
      return `Begäran avslutades: handlingen finns inte hos Sektor Lärande (beslut ${text(details.letter) ?? ''}, kan överklagas).`;
    case 'forwarded_elsewhere':
      return `Begäran lämnades över till ${text(details.forwardedTo) ?? 'en annan myndighet'} och avslutades (brev ${text(details.letter) ?? ''}).`;
    case 'reopened':
      return `Begäran öppnades för ett nytt beslut: ${labelOf(REOPEN_REASONS, reopenReasonLabel, details.reason)}.`;
    case 'withdrawn':
      return 'Den som begärt handlingarna återkallade begäran på statussidan; den är avslutad.';
    case 'extended':
      return `Den som begärt handlingarna fick besked om att begäran behöver längre tid: beslut senast ${text(details.decisionDue) ?? ''} (i stället för ${text(details.from) ?? ''}).`;
    case 'viewing_booked':
      return `Tid för läsning på plats: ${text(details.date) ?? ''} kl. ${text(details.time) ?? ''}, ${text(details.place) ?? ''}.`;
    case 'reminder_sent':
      return `Påminnelse: beslut ska fattas senast i dag (${text(details.decisionDue) ?? ''}); ${count(details.notified) ?? 0} aviserades.`;
    case 'escalated':
      return `Försenad: ingen beslut senast ${text(details.decisionDue) ?? ''}; teamledaren aviserades (${count(details.notified) ?? 0}).`;
    case 'first_action_reminder_sent':
      return `Påminnelse: ingen har ännu tagit sig an begäran, som ska påbörjas i dag (${text(details.due) ?? ''}); ${count(details.notified) ?? 0} aviserades.`;
    case 'first_action_escalated':
      return `Försenad: ingen åtgärd senast ${text(details.due) ?? ''}; teamledaren aviserades (${count(details.notified) ?? 0}).`;
    case 'forwarding_reminder_sent':
      return `Påminnelse: överklagandet ska lämnas över till domstolen senast i dag (${text(details.due) ?? ''}); ${count(details.notified) ?? 0} aviserades.`;
    case 'forwarding_escalated':
      return `Försenat: överklagandet var inte överlämnat till domstolen ${text(details.due) ?? ''}; teamledaren aviserades (${count(details.notified) ?? 0}).`;
    case 'appeal_received':
      // Written as 1 or 0; true reads as in time too.
      return `Ett överklagande kom in${details.channel === 'status_page' ? ' via statussidan' : ''} ${text(details.receivedOn) ?? ''} (${details.inTime === 1 || details.inTime === true ? 'i rätt tid' : 'för sent'}; sista dag ${text(details.deadline) ?? ''}).`;
    case 'appeal_forwarded':
      return `Överklagandet lämnades över till domstolen ${text(details.forwardedOn) ?? ''}.`;
    case 'appeal_late_allowed':
      return `Överklagandet kom in för sent men prövas ändå (förvaltningslagen 45 §): ${labelOf(LATE_APPEAL_EXCEPTIONS, lateAppealExceptionLabel, details.exception)}.`;
    case 'appeal_decided': {
      const letter = text(details.letter);
      return letter
        ? `Överklagandet avvisades av Sektor Lärande för att det kom in för sent (${text(details.decidedOn) ?? ''}; beslut ${letter}, kan överklagas).`
        : `Utfall: ${labelOf(COURT_OUTCOMES, courtOutcomeLabel, details.outcome)} (${text(details.decidedOn) ?? ''}).`;
    }
    default:
      return kind;
  }
}
