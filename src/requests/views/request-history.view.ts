import {
  Channel,
  channelLabel,
  CourtOutcome,
  courtOutcomeLabel,
  Decision,
  decisionLabel,
} from '../request-lifecycle';

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The request's history in Swedish, from the event kinds and their details. */
export function describeEvent(kind: string, details: Readonly<Record<string, unknown>>): string {
  switch (kind) {
    case 'received':
      return `Begäran kom in (${channelLabel(details.channel as Channel)}).`;
    case 'first_steps':
      return `Tidsfrister satta (beslut senast ${String(details.decisionDue)}); ${Number(details.records ?? 0)} handlingar och ${Number(details.drafts ?? 0)} utkast hittades; ${Number(details.reviewersNotified ?? 0)} handläggare aviserades.`;
    case 'claimed':
      return 'Handläggaren tog begäran.';
    case 'assigned':
      return `Begäran tilldelades ${String(details.to)}.`;
    case 'clarification_asked':
      return 'En fråga ställdes till den som begärt handlingarna.';
    case 'clarification_received':
      return `Svar kom efter ${Number(details.waitedWorkingDays ?? 0)} arbetsdagar; beslut senast ${String(details.decisionDue)}.`;
    case 'record_added':
      return `Handlingen ${String(details.registrationNumber)} lades till.`;
    case 'item_decided':
      return `Beslut om ${text(details.registrationNumber) ?? 'utkast'}: ${decisionLabel(details.decision as Decision)}.`;
    case 'items_released':
      return `${Number(details.items)} handlingar beslutades att lämnas ut.`;
    case 'decided':
      return `Begäran är beslutad${details.letter ? `; ${text(details.letter) ?? ''} registrerat` : ''}${details.copies !== undefined ? `, ${Number(details.copies)} kopior` : ''}.`;
    case 'delivered':
      return `Handlingarna är utlämnade${details.payment === 'invoice' ? ' med faktura' : details.payment === 'prepaid' ? ' efter förskottsbetalning' : ''}.`;
    case 'extended':
      return `Den som begärt handlingarna fick besked om att begäran behöver längre tid: beslut senast ${text(details.decisionDue) ?? ''} (i stället för ${text(details.from) ?? ''}).`;
    case 'viewing_booked':
      return `Tid för läsning på plats: ${text(details.date) ?? ''} kl. ${text(details.time) ?? ''}, ${text(details.place) ?? ''}.`;
    case 'reminder_sent':
      return `Påminnelse: beslut ska fattas senast i dag (${text(details.decisionDue) ?? ''}); ${Number(details.notified ?? 0)} aviserades.`;
    case 'escalated':
      return `Försenad: ingen beslut senast ${text(details.decisionDue) ?? ''}; teamledaren aviserades (${Number(details.notified ?? 0)}).`;
    case 'appeal_received':
      return `Ett överklagande kom in ${text(details.receivedOn) ?? ''} (${Number(details.inTime) === 1 ? 'i rätt tid' : 'för sent'}; sista dag ${text(details.deadline) ?? ''}).`;
    case 'appeal_forwarded':
      return `Överklagandet lämnades över till domstolen ${text(details.forwardedOn) ?? ''}.`;
    case 'appeal_decided':
      return `Utfall: ${courtOutcomeLabel(details.outcome as CourtOutcome)} (${text(details.decidedOn) ?? ''}).`;
    default:
      return kind;
  }
}
