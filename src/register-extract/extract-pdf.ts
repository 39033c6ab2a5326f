import { stockholmClock, stockholmToday } from '../common/stockholm';
import { openPdfLayout, writeContent } from '../plans/plan-pdf';
import type { ExtractDocument } from './extract-document';

const PHOTO_SIZE = 96;

/** "2026-12-07 10:15", Swedish time. */
export function swedishTime(iso: string): string {
  const instant = new Date(iso);
  return `${stockholmToday(instant)} ${stockholmClock(instant)}`;
}

const orDash = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '–' : String(value);

const DUTY_NAMES: Readonly<Record<string, string>> = {
  mentor: 'Mentor',
  teacher: 'Lärare',
  principal: 'Rektor',
  reviewer: 'Handläggare, Sektor Lärande',
  archivist: 'Arkivarie',
  administrator: 'Administratör',
};

function period(start: string | null, end: string | null): string {
  return `${orDash(start)} – ${end ?? 'tills vidare'}`;
}

/**
 * The register extract as a PDF for the person: the same layout as the plan PDF (fonts,
 * margins, headings, "sida N av M"), each category under its own heading, the plans drawn
 * by the plan PDF's own writer. Built from scratch, fonts as subsets, no metadata.
 */
export async function renderExtractPdf(
  document: ExtractDocument,
  photo: Buffer | null,
): Promise<Uint8Array> {
  const layout = await openPdfLayout();
  const { write } = layout;
  const fact = (label: string, value: string | number | null | undefined): void =>
    write.paragraph(`${label}: ${orDash(value)}`);
  const none = (text: string): void => write.paragraph(text);

  layout.title(document.controller, 11);
  layout.title('Registerutdrag', 18);
  write.space(6);
  write.paragraph(`För: ${document.person.name}`);
  write.paragraph(`Framtaget: ${swedishTime(document.producedAt)}`);
  write.space(6);
  write.paragraph(
    'Det här är de personuppgifter om dig som finns i kommunens tjänst för individuella utvecklingsplaner (IUP), enligt artikel 15 i dataskyddsförordningen. Samma uppgifter finns också i en JSON-fil som du kan hämta tillsammans med det här dokumentet.',
  );
  write.paragraph(
    'Uppgifterna från skolans register (namn, personnummer, inskrivningar, klasser och vårdnad) rättas i skolans register: kontakta skolan eller Sektor Lärande. Dina egna kontaktuppgifter och din bild ändrar du själv under Min profil.',
  );

  write.heading('Uppgifter från skolans register');
  fact('Namn', document.person.name);
  fact('Personnummer', document.person.civicNo);
  fact('Sekretessmarkering', document.person.securityMarking);
  fact('E-post från registret', document.person.importedEmail);
  fact('Registrerad', swedishTime(document.person.registeredAt));
  fact('Senast ändrad', swedishTime(document.person.updatedAt));

  write.subheading('Inskrivningar');
  if (document.enrolments.length === 0) none('Inga inskrivningar.');
  for (const enrolment of document.enrolments) {
    write.paragraph(
      `${enrolment.schoolUnit}, ${enrolment.schoolForm}${enrolment.schoolYear !== null ? `, årskurs ${enrolment.schoolYear}` : ''}: ${period(enrolment.startDate, enrolment.endDate)}`,
    );
  }
  write.subheading('Klasser och grupper');
  if (document.groups.length === 0) none('Inga klasser eller grupper.');
  for (const group of document.groups) {
    write.paragraph(
      `${group.name} (${group.groupType === 'Klass' ? 'klass' : 'mentorsgrupp'}), ${group.schoolUnit}: ${period(group.startDate, group.endDate)}`,
    );
  }
  write.subheading('Barn som du är vårdnadshavare för');
  if (document.children.length === 0) none('Inga.');
  for (const child of document.children) write.paragraph(child.name);
  write.subheading('Vårdnadshavare');
  if (document.guardians.length === 0) none('Inga.');
  for (const guardian of document.guardians) write.paragraph(guardian.name);
  if (document.duties.length > 0) {
    write.subheading('Uppdrag i skolan');
    for (const duty of document.duties) {
      const where = [duty.schoolUnit, duty.group, duty.subject].filter(Boolean).join(', ');
      write.paragraph(
        `${DUTY_NAMES[duty.role] ?? duty.role}${where ? `, ${where}` : ''}: ${period(duty.startDate, duty.endDate)}`,
      );
    }
  }

  write.heading('Konto');
  if (!document.account) {
    none('Du har inget konto.');
  } else {
    fact('Användarnamn', document.account.username);
    fact('Skapat', swedishTime(document.account.createdAt));
    fact(
      'Senaste inloggning',
      document.account.lastLoginAt ? swedishTime(document.account.lastLoginAt) : null,
    );
    fact('Lösenord', document.account.hasPassword ? 'Satt (sparas bara krypterat)' : 'Inget');
    fact('Kontot är', document.account.isDisabled ? 'Avstängt' : 'Aktivt');
  }

  write.heading('Kontaktuppgifter och bild som du har lämnat');
  const contact = document.contactDetails;
  if (!contact) {
    none('Du har inte lämnat några kontaktuppgifter.');
  } else {
    fact('Gatuadress', contact.streetAddress);
    fact('Postnummer', contact.postalCode);
    fact('Ort', contact.city);
    fact('Telefon', contact.phone);
    fact('Mobil', contact.mobile);
    fact('E-post', contact.email);
  }
  if (photo) {
    const image = await layout.pdf.embedJpg(photo);
    const scale = PHOTO_SIZE / Math.max(image.width, image.height);
    layout.image('Din bild:', image, image.width * scale, image.height * scale);
  } else {
    none('Du har ingen bild.');
  }
  if (document.shownInClassList.length > 0) {
    fact('Visas i klasslistan', document.shownInClassList.join(', '));
  }

  write.heading('Aviseringar via e-post som du har valt');
  if (document.notifications.length === 0) {
    none('Du har inte valt några aviseringar via e-post.');
  } else {
    fact('E-postadress', document.notifications[0].email);
    for (const choice of document.notifications) {
      fact(choice.what, `vald ${swedishTime(choice.chosenAt)}`);
    }
  }

  write.heading('Utvecklingsplaner');
  if (document.plans.length === 0) none('Det finns inga utvecklingsplaner som du kan se.');
  for (const plan of document.plans) {
    write.heading(`${plan.pupil}: plan för ${plan.period}`);
    for (const version of plan.versions) {
      write.subheading(
        `Version ${version.version}, fastställd efter utvecklingssamtalet ${version.talkDate} (diarienummer ${version.registrationNumber})`,
      );
      writeContent(write, version.template, version.content);
    }
    if (plan.draft) {
      write.subheading('Utkast inför utvecklingssamtalet (arbetsmaterial, inte allmän handling)');
      writeContent(write, plan.template, plan.draft);
    }
  }

  write.heading('Begäran om allmänna handlingar som du har gjort');
  if (document.requests.length === 0) {
    none('Du har inte gjort någon begäran under ditt eget namn.');
  }
  for (const request of document.requests) {
    write.subheading(`Diarienummer ${request.registrationNumber}`);
    fact('Inkom', request.receivedOn);
    fact('Hur', request.channel);
    fact('Gäller', request.pupilName);
    fact('Beskrivning', request.description);
    fact('Sätt att ta del', request.delivery);
    fact('Namn', request.contactName);
    fact('E-post', request.contactEmail);
    fact('Telefon', request.contactPhone);
    fact('Postadress', request.postalAddress);
    fact('Status', request.status);
  }

  write.heading('Bokade utvecklingssamtal');
  if (document.talkBookings.length === 0) none('Inga utvecklingssamtal är bokade.');
  for (const booking of document.talkBookings) {
    write.subheading(`${booking.pupil}: ${booking.when}`);
    fact('Plats', booking.place);
    fact('Bokat', swedishTime(booking.bookedAt));
    fact('Bokat av', booking.bookedByYou ? 'dig' : 'en annan vårdnadshavare');
  }
  for (const other of document.talkHousehold) {
    write.paragraph(
      other.saidByYou && other.saidByOther
        ? `Du och ${other.name} bokar utvecklingssamtal tillsammans (ni har båda sagt det).`
        : other.saidByYou
          ? `Du har sagt att du bokar utvecklingssamtal tillsammans med ${other.name}.`
          : `${other.name} har sagt att ni bokar utvecklingssamtal tillsammans.`,
    );
  }

  write.heading('Vilka som har läst planerna');
  write.paragraph(
    'Varje gång någon läser en utvecklingsplan loggas det. Här står vilken roll den som läste hade och när, inte vem det var.',
  );
  if (document.planReads.length === 0) none('Ingen har läst planerna.');
  for (const read of document.planReads) {
    write.paragraph(
      `${swedishTime(read.occurredAt)}  ${read.roles.join(', ') || 'Okänd roll'}: ${read.what.toLowerCase()} (${read.pupil})`,
    );
  }

  return layout.finish();
}
