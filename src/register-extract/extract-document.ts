import { PLAN_READ_NAMES, type PlanRead } from '../audit/plan-reads.queries';
import type { AccountSummary } from '../auth/account.queries';
import { roleNameSv } from '../auth/me.view';
import type { PersonRegister } from '../directory/person-register.queries';
import { CLASS_LIST_CHOICE_NAMES, CLASS_LIST_CHOICES } from '../guardians/class-list-choices';
import type { OwnProfile } from '../guardians/guardians.queries';
import { KIND_TEXTS } from '../notifications/notification-kinds';
import type { NotificationKind } from '../notifications/notifications.entities';
import type { PlanAsSeen } from '../plans/plan-extract.queries';
import type { RequestFiledBy } from '../requests/requester-requests.queries';
import type { TalkBookingAbout } from '../talks/talk-extract.queries';

/** The JSON file's format, so a reader knows what it holds. */
export const EXTRACT_FORMAT = 'iup-records/registerutdrag/1';

const SECURITY_MARKING_TEXT: Readonly<Record<string, string>> = {
  Ingen: 'Ingen',
  Sekretessmarkering: 'Sekretessmarkering',
  'Skyddad folkbokföring': 'Skyddad folkbokföring',
};

/** Everything gathered about the person, as the job collects it from each module. */
export interface ExtractSources {
  readonly producedAt: Date;
  readonly municipalityName: string;
  readonly register: PersonRegister;
  readonly account: AccountSummary | null;
  readonly contact: OwnProfile | null;
  readonly photo: Buffer | null;
  /** The e-mail notices the person chose, with the address (none: nothing chosen). */
  readonly notifications: readonly {
    readonly kind: NotificationKind;
    readonly email: string;
    readonly updatedAt: string;
  }[];
  readonly plans: readonly PlanAsSeen[];
  readonly requests: readonly RequestFiledBy[];
  readonly planReads: readonly PlanRead[];
  /** Development talks the person booked, or that were booked for them. */
  readonly talkBookings: readonly TalkBookingAbout[];
  /** Guardians the person said they book talks together with, or who said so of them. */
  readonly talkHousehold: readonly TalkHouseholdEntry[];
}

/** The register extract as the JSON file holds it (and the PDF shows it). */
export interface ExtractDocument {
  readonly format: typeof EXTRACT_FORMAT;
  readonly beskrivning: string;
  readonly producedAt: string;
  readonly controller: string;
  readonly person: {
    readonly name: string;
    readonly givenName: string;
    readonly familyName: string;
    readonly civicNo: string;
    readonly securityMarking: string;
    readonly importedEmail: string | null;
    readonly registeredAt: string;
    readonly updatedAt: string;
  };
  readonly enrolments: PersonRegister['enrolments'];
  readonly groups: PersonRegister['groups'];
  readonly children: readonly { readonly name: string }[];
  readonly guardians: readonly { readonly name: string }[];
  readonly duties: PersonRegister['duties'];
  readonly account: AccountSummary | null;
  readonly contactDetails: {
    readonly streetAddress: string | null;
    readonly postalCode: string | null;
    readonly city: string | null;
    readonly phone: string | null;
    readonly mobile: string | null;
    readonly email: string | null;
  } | null;
  readonly photo: { readonly contentType: 'image/jpeg'; readonly base64: string } | null;
  /**
   * What the class lists of the person's children show of them, as they chose on Min profil
   * ("Namn" and the chosen details); empty for a person with protected identity (in no list)
   * or no guardian.
   */
  readonly shownInClassList: readonly string[];
  readonly notifications: readonly {
    readonly what: string;
    readonly email: string;
    readonly chosenAt: string;
  }[];
  readonly plans: readonly {
    readonly pupil: string;
    readonly period: string;
    readonly state: string;
    readonly draft: PlanAsSeen['draft'];
    readonly versions: PlanAsSeen['versions'];
    /** The template the draft is laid out by (each version carries its own). */
    readonly template: PlanAsSeen['template'];
  }[];
  readonly requests: readonly Omit<RequestFiledBy, 'concerningPupilId'>[];
  readonly planReads: readonly {
    readonly pupil: string;
    readonly what: string;
    readonly roles: readonly string[];
    readonly occurredAt: string;
  }[];
  readonly talkBookings: readonly {
    readonly pupil: string;
    readonly when: string;
    readonly place: string;
    readonly bookedAt: string;
    readonly bookedByYou: boolean;
  }[];
  readonly talkHousehold: readonly TalkHouseholdEntry[];
}

/** Another guardian and who has said that the two book development talks together. */
export interface TalkHouseholdEntry {
  readonly name: string;
  readonly saidByYou: boolean;
  readonly saidByOther: boolean;
}

/**
 * The extract from what each module holds: ids are left out (they mean nothing to the
 * person), names stand in for them; the plan reads say which roles and when, never who.
 */
export function buildExtractDocument(sources: ExtractSources): ExtractDocument {
  const { register } = sources;
  const pupilNames = new Map<string, string>([
    [register.id, `${register.givenName} ${register.familyName}`],
    ...register.children.map((child) => [child.id, child.name] as const),
  ]);
  const nameOf = (pupilId: string | null): string =>
    (pupilId !== null ? pupilNames.get(pupilId) : undefined) ?? 'Eleven';
  const contact = sources.contact;
  const hasContact =
    contact !== null &&
    [
      contact.streetAddress,
      contact.postalCode,
      contact.city,
      contact.phone,
      contact.mobile,
      contact.email,
    ].some((value) => value !== null && value !== '');
  return {
    format: EXTRACT_FORMAT,
    beskrivning:
      'Registerutdrag enligt artikel 15 i dataskyddsförordningen: de personuppgifter om dig som finns i tjänsten för individuella utvecklingsplaner.',
    producedAt: sources.producedAt.toISOString(),
    controller: sources.municipalityName,
    person: {
      name: `${register.givenName} ${register.familyName}`,
      givenName: register.givenName,
      familyName: register.familyName,
      civicNo: register.civicNo,
      securityMarking: SECURITY_MARKING_TEXT[register.securityMarking] ?? register.securityMarking,
      importedEmail: register.importedEmail,
      registeredAt: register.createdAt,
      updatedAt: register.updatedAt,
    },
    enrolments: register.enrolments,
    groups: register.groups,
    children: register.children.map((child) => ({ name: child.name })),
    guardians: register.guardians.map((guardian) => ({ name: guardian.name })),
    duties: register.duties,
    account: sources.account,
    contactDetails:
      contact && hasContact
        ? {
            streetAddress: contact.streetAddress,
            postalCode: contact.postalCode,
            city: contact.city,
            phone: contact.phone,
            mobile: contact.mobile,
            email: contact.email,
          }
        : null,
    photo: sources.photo
      ? { contentType: 'image/jpeg', base64: sources.photo.toString('base64') }
      : null,
    shownInClassList:
      contact && !contact.hasProtectedIdentity && register.children.length > 0
        ? [
            'Namn',
            ...CLASS_LIST_CHOICES.filter((choice) => contact.classListChoices[choice]).map(
              (choice) => CLASS_LIST_CHOICE_NAMES[choice],
            ),
          ]
        : [],
    notifications: sources.notifications.map((choice) => ({
      what: KIND_TEXTS[choice.kind].label,
      email: choice.email,
      chosenAt: choice.updatedAt,
    })),
    plans: sources.plans.map((plan) => ({
      pupil: nameOf(plan.pupilId),
      period: plan.period,
      state: plan.state === 'established' ? 'Fastställd' : 'Utkast',
      draft: plan.draft,
      versions: plan.versions,
      template: plan.template,
    })),
    requests: sources.requests.map(({ concerningPupilId, ...request }) => ({
      ...request,
      pupilName: request.pupilName ?? (concerningPupilId ? nameOf(concerningPupilId) : null),
    })),
    planReads: sources.planReads.map((read) => ({
      pupil: nameOf(read.pupilId),
      what: planReadWhat(read),
      roles: read.roles.map(roleNameSv),
      occurredAt: read.occurredAt,
    })),
    talkBookings: sources.talkBookings.map((booking) => ({
      pupil: nameOf(booking.pupilId),
      when: booking.when,
      place: booking.place,
      bookedAt: booking.bookedAt,
      bookedByYou: booking.bookedByThem,
    })),
    talkHousehold: sources.talkHousehold,
  };
}

/** What was read, in Swedish ("Planen (bara Matematik)" for a teacher's subjects-only read). */
export function planReadWhat(read: Pick<PlanRead, 'action' | 'subjects'>): string {
  const name = PLAN_READ_NAMES[read.action];
  return read.subjects && read.subjects.length > 0
    ? `${name} (bara ${read.subjects.join(', ')})`
    : name;
}

/** The JSON file: UTF-8, indented, so it can be read as it is. */
export function extractJson(document: ExtractDocument): Buffer {
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}
