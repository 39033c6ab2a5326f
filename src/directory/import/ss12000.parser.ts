import {
  GROUP_TYPES,
  SECURITY_MARKINGS,
  type GroupType,
  type SchoolForm,
  type SecurityMarking,
} from '../directory.types';
import { normaliseCivicNumber } from './civic-number';
import type {
  DutyItem,
  EnrolmentItem,
  GroupItem,
  GuardianshipItem,
  ImportDocument,
  ImportStream,
  ImportStreamReader,
  ImportStreamRest,
  MunicipalityItem,
  PersonItem,
  RejectedItem,
  SchoolUnitItem,
} from './import-document';
import {
  checkOptionalDate,
  checkPeriod,
  checkSchoolYear,
  ImportFileError,
  isEmailAddress,
  isSchoolUnitCode,
  ItemBudget,
  prepareContent,
  quote,
  type Checked,
} from './import-errors';
import { NOT_JSON, NotAnObject, scanJsonLists } from './json-lists';
import type { ByteSource, ListShape } from './json-lists';

/*
 * SS 12000 v2.1 JSON → ImportDocument.
 *
 * The file is an object with the lists the SS 12000 API serves:
 * `organisations`, `persons`, `groups`, `duties` (at least one of them), and
 * optionally `activities` and `syllabuses` (for teachers, see below). Each list
 * is either a plain array or the API's page object `{ "data": [...] }`. Field
 * names are those of the v2.1 OpenAPI (SIS TK 450): Organisation
 * (organisationType, schoolUnitCode, displayName), Person (civicNo.value,
 * securityMarking, emails, enrolments, responsibles), Group (groupType,
 * organisation, groupMemberships), Duty (person, dutyAt, dutyRole,
 * assignmentRole[].assignmentRoleType / group), Activity (groups,
 * teachers[].duty, syllabus), Syllabus (subjectName).
 *
 * Decisions, item by item (every refusal is a `rejected` entry with its place
 * in the file; nothing here throws except for an unreadable file):
 * - Organisation: `Skolenhet` becomes a school unit; other types (Huvudman,
 *   Skola, …) are read only so that references to them are not "unknown".
 *   A schoolUnitCode that is present must be eight digits, else the school
 *   unit is refused: the code is what identifies it to Skolverket.
 * - Person: refused without id, names, or a valid Swedish civic number
 *   (nationality, when given, must be SE: logins are linked by it), with an
 *   unknown securityMarking (absent means Ingen), or when the id or the civic
 *   number was already used by an earlier person (the first one stays).
 * - Enrolment: cancelled ones never happened and are dropped; school types
 *   outside this service (GY, FS, FTH, …) are dropped silently; the rest need
 *   a known school unit (enroledAt) and a startDate. A bad enrolment is
 *   refused on its own; the person stays.
 * - responsibles: only relationType `Vårdnadshavare` gives custody; other
 *   relation types (Annan ansvarig, God man, …) are left out silently. A
 *   guardian who is not an accepted person is refused on its own.
 * - Group: `Klass` and `Mentor` are imported; other group types (teaching
 *   groups and the like) are skipped silently: they are ordinary SS 12000
 *   data this service has no use for, and listing them as refused would bury
 *   the real problems. A group must belong to a known school unit. Members
 *   naming an unknown or refused person are refused one by one; the group
 *   stays. Membership dates are checked but not kept (ImportDocument has no
 *   per-member period): the file is taken as the current state.
 * - Duty: needs an accepted person and a known dutyAt. `Rektor` gives a
 *   principal duty at its school unit. Each assignmentRole of type `Mentor`
 *   gives a mentor duty for its group; other assignment types are skipped.
 *   Other duty roles give nothing by themselves (but may still teach, below).
 * - Teachers: SS 12000 does not express teaching as an assignment ("Lärares
 *   undervisning ska inte uttryckas som en arbetsuppgift"); an Activity links
 *   duties (teachers[].duty) to groups. Each teaching activity (activityType
 *   Undervisning, or none given) gives a teacher duty per teacher and
 *   imported group; the subject is the Syllabus's subjectName (from the
 *   `syllabuses` list) or else the syllabus reference's displayName.
 * - The Sektor Lärande roles (reviewer, archivist, administrator) do not
 *   exist in SS 12000 and never come from this parser.
 *
 * Ids are kept as keys. Lookups use Maps and own properties only, so keys
 * such as `__proto__` in the file are inert data.
 */
/** Reads a whole SS 12000 file held as text (tests, small files). */
export function parseSs12000(content: string): Promise<ImportDocument> {
  const text = prepareContent(content);
  return parseSs12000Stream(() => [Buffer.from(text)]);
}

/** Reads a whole SS 12000 file into one ImportDocument (tests, and files small enough to hold). */
export async function parseSs12000Stream(source: ByteSource): Promise<ImportDocument> {
  const rejected: RejectedItem[] = [];
  const municipalities: MunicipalityItem[] = [];
  const schoolUnits: SchoolUnitItem[] = [];
  const persons: PersonItem[] = [];
  const { rest, guardiansByChild } = await readSs12000(source, {
    rejected: (item) => void rejected.push(item),
    organisations: (municipalityItems, unitItems) => {
      municipalities.push(...municipalityItems);
      schoolUnits.push(...unitItems);
      return Promise.resolve();
    },
    person: (item) => {
      persons.push({ ...item, guardianOf: [] });
      return Promise.resolve();
    },
  });
  const byKey = new Map(persons.map((person) => [person.key, person]));
  for (const [childKey, guardianKeys] of guardiansByChild) {
    for (const guardianKey of guardianKeys) {
      (byKey.get(guardianKey)?.guardianOf as string[] | undefined)?.push(childKey);
    }
  }
  return {
    format: 'ss12000',
    municipalities,
    schoolUnits,
    persons,
    groups: rest.groups,
    duties: rest.duties,
    rejected,
  };
}

/**
 * An SS 12000 file read from its bytes without holding it whole: one pass checks the JSON and
 * keeps every list but persons (a few per cent of a municipality's file); a second pass hands the
 * persons to the reader one at a time, as they are read. Of each person only its id and
 * enrolments stay (groups and duties refer to persons, a class's school year comes from its
 * members' enrolments), and of custody the pairs.
 */
export function readSs12000Stream(source: ByteSource): ImportStream {
  return {
    format: 'ss12000',
    read: async (reader) => (await readSs12000(source, reader)).rest,
  };
}

async function readSs12000(
  source: ByteSource,
  reader: ImportStreamReader,
): Promise<{ rest: ImportStreamRest; guardiansByChild: ReadonlyMap<string, readonly string[]> }> {
  const kept = new Map<string, unknown[]>();
  let shapes: Map<string, ListShape>;
  try {
    shapes = await scanJsonLists(
      source,
      (list) => list !== 'persons' && (ALL_LISTS as readonly string[]).includes(list),
      (list, element) => {
        const elements = kept.get(list) ?? [];
        elements.push(element);
        kept.set(list, elements);
      },
    );
  } catch (error) {
    if (error instanceof NotAnObject) {
      throw new ImportFileError(await classifyNotAnObject(source));
    }
    throw error;
  }
  if (!TOP_LEVEL_LISTS.some((name) => shapes.has(name))) {
    throw new ImportFileError(
      'Filen innehåller ingen av SS 12000-listorna organisations, persons, groups eller duties.',
    );
  }
  for (const name of ALL_LISTS) {
    checkListShape(name, shapes.get(name));
  }
  const persons: AsyncIterable<unknown> = {
    async *[Symbol.asyncIterator]() {
      if ((shapes.get('persons')?.count ?? 0) === 0) {
        return;
      }
      // The second pass: the persons, handed on one at a time through a small queue.
      const queue: unknown[] = [];
      let done = false;
      let failure: unknown;
      let wake: (() => void) | undefined;
      let resume: (() => void) | undefined;
      const scanning = scanJsonLists(
        source,
        (list) => list === 'persons',
        async (_list, element) => {
          queue.push(element);
          wake?.();
          if (queue.length >= 256) {
            await new Promise<void>((resolve) => (resume = resolve));
          }
        },
      ).then(
        () => {
          done = true;
          wake?.();
        },
        (error: unknown) => {
          failure = error;
          done = true;
          wake?.();
        },
      );
      while (true) {
        if (queue.length > 0) {
          yield* queue.splice(0, queue.length);
          resume?.();
          resume = undefined;
          continue;
        }
        if (done) {
          break;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      await scanning;
      if (failure !== undefined) {
        throw failure instanceof Error ? failure : new Error('The persons could not be read');
      }
    },
  };
  const count = (name: string): number => shapes.get(name)?.count ?? 0;
  return new Ss12000Reader(
    {
      organisations: kept.get('organisations') ?? [],
      persons,
      groups: kept.get('groups') ?? [],
      duties: kept.get('duties') ?? [],
      syllabuses: kept.get('syllabuses') ?? [],
      activities: kept.get('activities') ?? [],
      total: ALL_LISTS.reduce((sum, name) => sum + count(name), 0),
    },
    reader,
  ).read();
}

/** A file whose root is not an object: wrong shape if it is JSON, else not JSON at all. */
async function classifyNotAnObject(source: ByteSource): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source()) {
    chunks.push(chunk);
  }
  try {
    JSON.parse(Buffer.concat(chunks).toString());
  } catch {
    return NOT_JSON;
  }
  return WRONG_ROOT;
}

type JsonObject = Record<string, unknown>;

/**
 * Code_SchoolType values this service covers. GRS is grundsärskola, called
 * anpassad grundskola since 2023; ANSGR is accepted too, for producers that
 * already use a code named after the new school form.
 */
const SCHOOL_FORMS_BY_SCHOOL_TYPE: ReadonlyMap<string, SchoolForm> = new Map([
  ['FKLASS', 'förskoleklass'],
  ['GR', 'grundskola'],
  ['GRS', 'anpassad grundskola'],
  ['ANSGR', 'anpassad grundskola'],
]);

const IMPORTED_GROUP_TYPES: ReadonlySet<string> = new Set(GROUP_TYPES);

/** Which of a person's e-mail addresses the directory keeps (Code_EmailType), best first. */
const EMAIL_TYPE_PREFERENCE = ['Skola personal', 'Skola elev', 'Arbete övrigt', 'Privat'];

const TOP_LEVEL_LISTS = ['organisations', 'persons', 'groups', 'duties'] as const;
const ALL_LISTS = [...TOP_LEVEL_LISTS, 'syllabuses', 'activities'] as const;
const MAX_ID_LENGTH = 200;
const MAX_TEXT_LENGTH = 200;

const WRONG_ROOT =
  'Filen har fel form: den ska vara ett JSON-objekt med listorna organisations, persons, groups och duties.';

/** A top-level list must be an array, or the API's page `{ data: [...], pageToken }` (or absent or null). */
function checkListShape(name: string, shape: ListShape | undefined): void {
  if (shape === undefined || shape.kind === 'null' || shape.kind === 'array') {
    return;
  }
  if (shape.kind === 'page') {
    // A page token means the API had more to give: importing one page would
    // make everyone on the other pages look as if they had left.
    if (typeof shape.pageToken === 'string' && shape.pageToken !== '') {
      throw new ImportFileError(
        `Listan "${name}" är bara en sida av flera (pageToken är satt). Hämta alla sidor och lägg dem i en lista.`,
      );
    }
    return;
  }
  throw new ImportFileError(
    `Listan "${name}" har fel form: den ska vara en lista eller ett objekt med listan i "data".`,
  );
}

/** The lists of a file: persons as they are read, the rest already parsed (they are small). */
interface Ss12000Lists {
  readonly organisations: readonly unknown[];
  readonly persons: AsyncIterable<unknown>;
  readonly groups: readonly unknown[];
  readonly duties: readonly unknown[];
  readonly syllabuses: readonly unknown[];
  readonly activities: readonly unknown[];
  /** Items in all lists, for the file's item budget. */
  readonly total: number;
}

interface PersonDraft extends PersonItem {
  readonly enrolments: EnrolmentItem[];
}

/** A person's responsibles as read with the person: each a guardian's id, why it is refused, or null (not custody). */
interface PendingCustody {
  readonly childKey: string;
  /** The child's place in the persons list. */
  readonly index: number;
  readonly responsibles: readonly (string | { readonly reason: string } | null)[];
}

/** What is kept of a person who is not a pupil: no enrolments (one shared empty list). */
const NO_ENROLMENTS: readonly EnrolmentItem[] = [];

interface GroupDraft extends GroupItem {
  readonly memberKeys: string[];
}

interface AcceptedDuty {
  readonly personKey: string;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

/** The ids of one kind of item: who came first, and which were refused (and where). */
class IdRegister {
  private readonly seen = new Set<string>();
  readonly refused = new Map<string, string>();

  /** False for an id already used by an earlier item of the same kind. */
  claim(id: string): boolean {
    if (this.seen.has(id)) {
      return false;
    }
    this.seen.add(id);
    return true;
  }

  /** Why a reference to `id` leads nowhere, for the administrator. */
  describeMissing(what: string, id: string): string {
    const source = this.refused.get(id);
    return source === undefined
      ? `${what} ${quote(id)} finns inte i filen.`
      : `${what} ${quote(id)} avvisades (${source}).`;
  }
}

class Ss12000Reader {
  private readonly budget = new ItemBudget();

  private readonly organisationIds = new IdRegister();
  /** Accepted organisations of every type, so a reference to a Huvudman is not "unknown". */
  private readonly organisations = new Set<string>();
  private readonly schoolUnits = new Map<string, SchoolUnitItem>();
  private readonly municipalities = new Map<string, MunicipalityItem>();
  private readonly schoolUnitCodes = new Map<string, string>();

  private readonly personIds = new IdRegister();
  /** Accepted persons (by id) with their enrolments: all that is kept of a person once handed on. */
  private readonly persons = new Map<string, readonly EnrolmentItem[]>();
  /**
   * Civic number (as a number: twelve digits are exact, and a number takes half a string's
   * memory, at 300,000 persons) → the place (index in persons) of the person who has it.
   */
  private readonly civicNumbers = new Map<number, number>();
  /** Each date of the file once: an enrolment's dates are kept for every pupil. */
  private readonly dates = new Map<string, string>();

  private readonly groupIds = new IdRegister();
  private readonly groups = new Map<string, GroupDraft>();
  /** Groups of types this service does not import: references to them are ignored, not refused. */
  private readonly skippedGroups = new Set<string>();

  private readonly dutyIds = new IdRegister();
  private readonly acceptedDuties = new Map<string, AcceptedDuty>();
  private readonly duties = new Map<string, DutyItem>();

  private readonly activityIds = new IdRegister();
  private readonly syllabusIds = new IdRegister();
  private readonly subjects = new Map<string, string>();

  constructor(
    private readonly lists: Ss12000Lists,
    private readonly reader: ImportStreamReader,
  ) {}

  async read(): Promise<{
    rest: ImportStreamRest;
    guardiansByChild: ReadonlyMap<string, readonly string[]>;
  }> {
    const lists = this.lists;
    this.budget.take(lists.total);

    lists.organisations.forEach((raw, index) =>
      this.readOrganisation(raw, `organisations[${index}]`),
    );
    await this.reader.organisations(
      [...this.municipalities.values()],
      // A parent that is not a Huvudman in this file (or none) leaves the unit to the service's own municipality.
      [...this.schoolUnits.values()].map((unit) => ({
        ...unit,
        municipalityKey:
          unit.municipalityKey !== null && this.municipalities.has(unit.municipalityKey)
            ? unit.municipalityKey
            : null,
      })),
      lists.total,
    );
    const pending: PendingCustody[] = [];
    /** Pupils (persons with an enrolment): their id and place in the persons list. */
    const pupils: { key: string; index: number }[] = [];
    let index = 0;
    for await (const raw of lists.persons) {
      const source = `persons[${index}]`;
      const person = this.readPerson(raw, source, index);
      if (person && isObject(raw)) {
        const list = this.readList(raw, 'responsibles', source);
        if (list.length > 0) {
          pending.push({
            childKey: person.key,
            index,
            responsibles: list.map((responsible) => readResponsible(responsible, person.key)),
          });
        }
        if (person.enrolments.length > 0) {
          pupils.push({ key: person.key, index });
        }
        await this.reader.person(person);
      }
      index += 1;
    }
    // Guardians may come after their children in the file, so custody is
    // checked once every person is known.
    const guardiansByChild = new Map<string, string[]>();
    for (const { childKey, index, responsibles } of pending) {
      responsibles.forEach((found, at) => {
        const source = `persons[${index}].responsibles[${at}]`;
        if (found === null) {
          return;
        }
        if (typeof found !== 'string') {
          return this.reject(source, found.reason);
        }
        if (!this.persons.has(found)) {
          return this.reject(source, this.personIds.describeMissing('Vårdnadshavaren', found));
        }
        const guardians = guardiansByChild.get(childKey) ?? [];
        if (!guardians.includes(found)) {
          guardians.push(found);
          guardiansByChild.set(childKey, guardians);
        }
      });
    }
    pending.length = 0;
    lists.groups.forEach((raw, index) => this.readGroup(raw, `groups[${index}]`));
    lists.duties.forEach((raw, index) => this.readDuty(raw, `duties[${index}]`));
    lists.syllabuses.forEach((raw, index) => this.readSyllabus(raw, `syllabuses[${index}]`));
    lists.activities.forEach((raw, index) => this.readActivity(raw, `activities[${index}]`));

    const guardianships: GuardianshipItem[] = pupils.map(({ key, index }) => ({
      source: `persons[${index}]`,
      pupilKey: key,
      guardianKeys: guardiansByChild.get(key) ?? [],
    }));
    return {
      rest: {
        groups: [...this.groups.values()],
        duties: [...this.duties.values()],
        guardianships,
      },
      guardiansByChild,
    };
  }

  private readOrganisation(raw: unknown, source: string): void {
    const id = this.readItemId(raw, source, this.organisationIds);
    if (id === null || !isObject(raw)) {
      return;
    }
    const refuse = (reason: string): void => {
      this.organisationIds.refused.set(id, source);
      this.reject(source, reason);
    };
    const organisationType = own(raw, 'organisationType');
    if (typeof organisationType !== 'string' || organisationType.trim() === '') {
      return refuse('Organisationstyp (organisationType) saknas.');
    }
    if (organisationType === 'Huvudman') {
      const municipalityName = readText(raw, 'displayName', 'Namn (displayName)');
      if (!municipalityName.ok) {
        return refuse(municipalityName.reason);
      }
      const number = own(raw, 'organisationNumber');
      this.organisations.add(id);
      this.municipalities.set(id, {
        source,
        key: id,
        name: municipalityName.value,
        organisationNumber:
          typeof number === 'string' && number.trim() !== '' ? number.trim() : null,
      });
      return;
    }
    if (organisationType !== 'Skolenhet') {
      this.organisations.add(id);
      return;
    }
    const name = readText(raw, 'displayName', 'Namn (displayName)');
    if (!name.ok) {
      return refuse(name.reason);
    }
    const code = own(raw, 'schoolUnitCode');
    let schoolUnitCode: string | null = null;
    if (code !== undefined && code !== null && code !== '') {
      if (typeof code !== 'string' || !isSchoolUnitCode(code.trim())) {
        return refuse(
          `Skolenhetskoden (schoolUnitCode) måste vara åtta siffror (fick ${quote(code)}).`,
        );
      }
      schoolUnitCode = code.trim();
      const earlier = this.schoolUnitCodes.get(schoolUnitCode);
      if (earlier !== undefined) {
        return refuse(`Skolenhetskoden ${schoolUnitCode} finns redan (${earlier}).`);
      }
      this.schoolUnitCodes.set(schoolUnitCode, source);
    }
    this.organisations.add(id);
    const parent = own(raw, 'parentOrganisation');
    const parentId = isObject(parent) ? own(parent, 'id') : undefined;
    this.schoolUnits.set(id, {
      source,
      key: id,
      // Resolved to a Huvudman once every organisation is read (see parse()).
      municipalityKey: typeof parentId === 'string' ? parentId : null,
      name: name.value,
      schoolUnitCode,
    });
  }

  private readPerson(raw: unknown, source: string, index: number): PersonDraft | null {
    const id = this.readItemId(raw, source, this.personIds);
    if (id === null || !isObject(raw)) {
      return null;
    }
    const refuse = (reason: string): null => {
      this.personIds.refused.set(id, source);
      this.reject(source, reason);
      return null;
    };
    const givenName = readText(raw, 'givenName', 'Förnamn (givenName)');
    if (!givenName.ok) {
      return refuse(givenName.reason);
    }
    const familyName = readText(raw, 'familyName', 'Efternamn (familyName)');
    if (!familyName.ok) {
      return refuse(familyName.reason);
    }
    const civicNo = own(raw, 'civicNo');
    const civicValue = isObject(civicNo) ? own(civicNo, 'value') : undefined;
    if (typeof civicValue !== 'string' || civicValue.trim() === '') {
      return refuse('Personnummer (civicNo.value) saknas.');
    }
    const nationality = isObject(civicNo) ? own(civicNo, 'nationality') : undefined;
    if (nationality !== undefined && nationality !== null && nationality !== 'SE') {
      return refuse(
        `Endast svenska personnummer kan tas emot (civicNo.nationality är ${quote(nationality)}).`,
      );
    }
    const civic = normaliseCivicNumber(civicValue);
    if (!civic.ok) {
      return refuse(civic.reason);
    }
    const holder = this.civicNumbers.get(Number(civic.civicNo));
    if (holder !== undefined) {
      return refuse(`Personnumret finns redan hos en annan person (persons[${holder}]).`);
    }
    const marking = readSecurityMarking(own(raw, 'securityMarking'));
    if (marking === null) {
      return refuse(
        `Okänd skyddsmarkering (securityMarking) ${quote(own(raw, 'securityMarking'))}. ` +
          `Tillåtna värden: ${SECURITY_MARKINGS.join(', ')}.`,
      );
    }

    this.civicNumbers.set(Number(civic.civicNo), index);
    const person: PersonDraft = {
      source,
      key: id,
      civicNo: civic.civicNo,
      givenName: givenName.value,
      familyName: familyName.value,
      securityMarking: marking,
      email: this.readEmail(raw, source),
      enrolments: [],
      guardianOf: [],
    };
    this.readList(raw, 'enrolments', source).forEach((enrolment, index) => {
      const item = this.readEnrolment(enrolment, `${source}.enrolments[${index}]`);
      if (item) {
        person.enrolments.push(item);
      }
    });
    this.persons.set(id, person.enrolments.length > 0 ? person.enrolments : NO_ENROLMENTS);
    return person;
  }

  /** The best-typed valid address; invalid ones are reported and left out, the person stays. */
  private readEmail(raw: JsonObject, source: string): string | null {
    const candidates: { value: string; rank: number }[] = [];
    this.readList(raw, 'emails', source).forEach((email, index) => {
      const value = isObject(email) ? own(email, 'value') : undefined;
      if (!isObject(email) || typeof value !== 'string' || !isEmailAddress(value.trim())) {
        this.reject(
          `${source}.emails[${index}]`,
          typeof value === 'string'
            ? `E-postadressen ${quote(value)} är ogiltig och tas inte med.`
            : 'E-postadress (value) saknas.',
        );
        return;
      }
      const type = own(email, 'type');
      const rank = EMAIL_TYPE_PREFERENCE.indexOf(typeof type === 'string' ? type : '');
      candidates.push({
        value: value.trim(),
        rank: rank === -1 ? EMAIL_TYPE_PREFERENCE.length : rank,
      });
    });
    // Stable sort: among equals the file's order decides.
    candidates.sort((a, b) => a.rank - b.rank);
    return candidates[0]?.value ?? null;
  }

  private readEnrolment(raw: unknown, source: string): EnrolmentItem | null {
    if (!isObject(raw)) {
      return this.rejectNull(source, 'Inskrivningen är inte ett objekt.');
    }
    if (own(raw, 'cancelled') === true) {
      return null;
    }
    const schoolType = own(raw, 'schoolType');
    if (typeof schoolType !== 'string' || schoolType.trim() === '') {
      return this.rejectNull(source, 'Skolform (schoolType) saknas.');
    }
    const schoolForm = SCHOOL_FORMS_BY_SCHOOL_TYPE.get(schoolType.trim());
    if (schoolForm === undefined) {
      return null;
    }
    const unitId = readReference(raw, 'enroledAt');
    if (unitId === null) {
      return this.rejectNull(source, 'Skolenhet (enroledAt) saknas.');
    }
    const unit = this.findSchoolUnit(unitId);
    if (!unit.ok) {
      return this.rejectNull(source, unit.reason);
    }
    const schoolYear = checkSchoolYear(own(raw, 'schoolYear'), 'Årskurs (schoolYear)');
    if (!schoolYear.ok) {
      return this.rejectNull(source, schoolYear.reason);
    }
    const period = readPeriod(raw);
    if (!period.ok) {
      return this.rejectNull(source, period.reason);
    }
    if (period.value.startDate === null) {
      return this.rejectNull(source, 'Startdatum (startDate) saknas.');
    }
    return {
      schoolUnitKey: unit.value,
      schoolForm,
      schoolYear: schoolYear.value,
      startDate: this.date(period.value.startDate),
      endDate: period.value.endDate === null ? null : this.date(period.value.endDate),
    };
  }

  private readGroup(raw: unknown, source: string): void {
    const id = this.readItemId(raw, source, this.groupIds);
    if (id === null || !isObject(raw)) {
      return;
    }
    const refuse = (reason: string): void => {
      this.groupIds.refused.set(id, source);
      this.reject(source, reason);
    };
    const groupType = own(raw, 'groupType');
    if (typeof groupType !== 'string' || groupType.trim() === '') {
      return refuse('Grupptyp (groupType) saknas.');
    }
    if (!IMPORTED_GROUP_TYPES.has(groupType)) {
      this.skippedGroups.add(id);
      return;
    }
    const name = readText(raw, 'displayName', 'Namn (displayName)');
    if (!name.ok) {
      return refuse(name.reason);
    }
    const unitId = readReference(raw, 'organisation');
    if (unitId === null) {
      return refuse('Skolenhet (organisation) saknas.');
    }
    const unit = this.findSchoolUnit(unitId);
    if (!unit.ok) {
      return refuse(unit.reason);
    }
    const period = readPeriod(raw);
    if (!period.ok) {
      return refuse(period.reason);
    }
    const schoolYears = readSchoolYears(own(raw, 'schoolYears'));
    if (!schoolYears.ok) {
      return refuse(schoolYears.reason);
    }

    const memberKeys: string[] = [];
    this.readList(raw, 'groupMemberships', source).forEach((membership, index) => {
      const member = this.readMembership(membership, `${source}.groupMemberships[${index}]`);
      if (member !== null && !memberKeys.includes(member)) {
        memberKeys.push(member);
      }
    });
    const group: GroupDraft = {
      source,
      key: id,
      schoolUnitKey: unit.value,
      name: name.value,
      groupType: groupType as GroupType,
      schoolYear:
        schoolYears.value !== undefined
          ? schoolYears.value
          : groupType === 'Klass'
            ? this.deriveSchoolYear(memberKeys, unit.value)
            : null,
      startDate: period.value.startDate,
      endDate: period.value.endDate,
      memberKeys,
    };
    this.groups.set(id, group);
  }

  private readMembership(raw: unknown, source: string): string | null {
    if (!isObject(raw)) {
      return this.rejectNull(source, 'Medlemskapet är inte ett objekt.');
    }
    const personId = readReference(raw, 'person');
    if (personId === null) {
      return this.rejectNull(source, 'Person (person.id) saknas.');
    }
    if (!this.persons.has(personId)) {
      return this.rejectNull(source, this.personIds.describeMissing('Personen', personId));
    }
    const period = readPeriod(raw);
    if (!period.ok) {
      return this.rejectNull(source, period.reason);
    }
    return personId;
  }

  /**
   * v2.1's Group has no school year of its own. For a class the members'
   * latest enrolment at the class's school unit tells it, when they agree; a
   * mixed-age class gets none rather than a guess.
   */
  private deriveSchoolYear(memberKeys: readonly string[], schoolUnitKey: string): number | null {
    const years = new Set<number>();
    for (const key of memberKeys) {
      const latest = this.persons
        .get(key)
        ?.filter((enrolment) => enrolment.schoolUnitKey === schoolUnitKey)
        .reduce<EnrolmentItem | null>(
          (best, enrolment) =>
            best === null || enrolment.startDate > best.startDate ? enrolment : best,
          null,
        );
      if (latest && latest.schoolYear !== null) {
        years.add(latest.schoolYear);
      }
    }
    return years.size === 1 ? [...years][0] : null;
  }

  private readDuty(raw: unknown, source: string): void {
    const id = this.readItemId(raw, source, this.dutyIds);
    if (id === null || !isObject(raw)) {
      return;
    }
    const refuse = (reason: string): void => {
      this.dutyIds.refused.set(id, source);
      this.reject(source, reason);
    };
    const personId = readReference(raw, 'person');
    if (personId === null) {
      return refuse('Person (person.id) saknas.');
    }
    if (!this.persons.has(personId)) {
      return refuse(this.personIds.describeMissing('Personen', personId));
    }
    const dutyRole = own(raw, 'dutyRole');
    if (typeof dutyRole !== 'string' || dutyRole.trim() === '') {
      return refuse('Befattning (dutyRole) saknas.');
    }
    const dutyAt = readReference(raw, 'dutyAt');
    if (dutyAt === null) {
      return refuse('Arbetsplats (dutyAt) saknas.');
    }
    if (!this.organisations.has(dutyAt)) {
      return refuse(this.organisationIds.describeMissing('Organisationen', dutyAt));
    }
    const period = readPeriod(raw);
    if (!period.ok) {
      return refuse(period.reason);
    }
    const { startDate, endDate } = period.value;
    if (dutyRole === 'Rektor') {
      if (!this.schoolUnits.has(dutyAt)) {
        return refuse('En rektors tjänst (dutyAt) måste vara knuten till en skolenhet.');
      }
      this.addDuty({
        source,
        key: `${id}:principal`,
        personKey: personId,
        role: 'principal',
        schoolUnitKey: dutyAt,
        groupKey: null,
        pupilKey: null,
        subject: null,
        startDate,
        endDate,
      });
    }
    const accepted: AcceptedDuty = { personKey: personId, startDate, endDate };
    this.acceptedDuties.set(id, accepted);
    this.readList(raw, 'assignmentRole', source).forEach((assignment, index) =>
      this.readAssignment(assignment, accepted, id, `${source}.assignmentRole[${index}]`),
    );
  }

  private readAssignment(raw: unknown, duty: AcceptedDuty, dutyId: string, source: string): void {
    if (!isObject(raw)) {
      return this.reject(source, 'Uppdraget är inte ett objekt.');
    }
    const type = own(raw, 'assignmentRoleType');
    if (typeof type !== 'string' || type.trim() === '') {
      return this.reject(source, 'Uppdragstyp (assignmentRoleType) saknas.');
    }
    if (type !== 'Mentor') {
      return;
    }
    const groupId = readReference(raw, 'group');
    if (groupId === null) {
      return this.reject(source, 'Grupp (group.id) saknas.');
    }
    if (this.skippedGroups.has(groupId)) {
      return;
    }
    if (!this.groups.has(groupId)) {
      return this.reject(source, this.groupIds.describeMissing('Gruppen', groupId));
    }
    const period = readPeriod(raw);
    if (!period.ok) {
      return this.reject(source, period.reason);
    }
    this.addDuty({
      source,
      key: `${dutyId}:mentor:${groupId}`,
      personKey: duty.personKey,
      role: 'mentor',
      schoolUnitKey: null,
      groupKey: groupId,
      pupilKey: null,
      subject: null,
      startDate: period.value.startDate ?? duty.startDate,
      endDate: period.value.endDate ?? duty.endDate,
    });
  }

  private readSyllabus(raw: unknown, source: string): void {
    const id = this.readItemId(raw, source, this.syllabusIds);
    if (id === null || !isObject(raw)) {
      return;
    }
    const subjectName = readText(raw, 'subjectName', 'Ämnesnamn (subjectName)');
    if (subjectName.ok) {
      this.subjects.set(id, subjectName.value);
    }
  }

  private readActivity(raw: unknown, source: string): void {
    const id = this.readItemId(raw, source, this.activityIds);
    if (id === null || !isObject(raw)) {
      return;
    }
    const activityType = own(raw, 'activityType');
    if (typeof activityType === 'string' && activityType !== 'Undervisning') {
      return;
    }
    const period = readPeriod(raw);
    if (!period.ok) {
      this.activityIds.refused.set(id, source);
      return this.reject(source, period.reason);
    }
    const groupKeys: string[] = [];
    this.readList(raw, 'groups', source).forEach((reference, index) => {
      const groupId = isObject(reference) ? readOwnId(reference) : null;
      if (groupId === null) {
        return this.reject(`${source}.groups[${index}]`, 'Gruppens id saknas.');
      }
      if (this.skippedGroups.has(groupId)) {
        return;
      }
      if (!this.groups.has(groupId)) {
        return this.reject(
          `${source}.groups[${index}]`,
          this.groupIds.describeMissing('Gruppen', groupId),
        );
      }
      if (!groupKeys.includes(groupId)) {
        groupKeys.push(groupId);
      }
    });
    const subject = this.readSubject(raw);
    this.readList(raw, 'teachers', source).forEach((teacher, index) => {
      const teacherSource = `${source}.teachers[${index}]`;
      if (!isObject(teacher)) {
        return this.reject(teacherSource, 'Läraren är inte ett objekt.');
      }
      const dutyId = readReference(teacher, 'duty');
      if (dutyId === null) {
        return this.reject(teacherSource, 'Tjänst (duty.id) saknas.');
      }
      const duty = this.acceptedDuties.get(dutyId);
      if (!duty) {
        return this.reject(teacherSource, this.dutyIds.describeMissing('Tjänsten', dutyId));
      }
      const teaching = readPeriod(teacher);
      if (!teaching.ok) {
        return this.reject(teacherSource, teaching.reason);
      }
      for (const groupKey of groupKeys) {
        this.addDuty({
          source: teacherSource,
          key: `${dutyId}:teacher:${groupKey}:${id}`,
          personKey: duty.personKey,
          role: 'teacher',
          schoolUnitKey: null,
          groupKey,
          pupilKey: null,
          subject,
          startDate: teaching.value.startDate ?? period.value.startDate ?? duty.startDate,
          endDate: teaching.value.endDate ?? period.value.endDate ?? duty.endDate,
        });
      }
    });
  }

  /** The subject an activity teaches: the Syllabus's subjectName, else the reference's displayName. */
  private readSubject(activity: JsonObject): string | null {
    const syllabus = own(activity, 'syllabus');
    if (!isObject(syllabus)) {
      return null;
    }
    const syllabusId = readOwnId(syllabus);
    const named = syllabusId === null ? undefined : this.subjects.get(syllabusId);
    if (named !== undefined) {
      return named;
    }
    const displayName = readText(syllabus, 'displayName', 'displayName');
    return displayName.ok ? displayName.value : null;
  }

  private addDuty(duty: DutyItem): void {
    if (!this.duties.has(duty.key)) {
      this.duties.set(duty.key, duty);
    }
  }

  /**
   * Where a school-unit reference leads: the unit's own key (not the reference's copy of it:
   * enrolments keep it for every pupil), or why it leads nowhere.
   */
  private findSchoolUnit(id: string): Checked<string> {
    const unit = this.schoolUnits.get(id);
    if (unit) {
      return { ok: true, value: unit.key };
    }
    if (this.organisations.has(id)) {
      return { ok: false, reason: `Organisationen ${quote(id)} är ingen skolenhet.` };
    }
    return { ok: false, reason: this.organisationIds.describeMissing('Skolenheten', id) };
  }

  /** The date as the file's first mention of it (the same text, held once). */
  private date(value: string): string {
    const known = this.dates.get(value);
    if (known !== undefined) {
      return known;
    }
    this.dates.set(value, value);
    return value;
  }

  /** An item's own id, refusing the item when it is missing or already used. */
  private readItemId(raw: unknown, source: string, register: IdRegister): string | null {
    if (!isObject(raw)) {
      return this.rejectNull(source, 'Posten är inte ett objekt.');
    }
    const id = readOwnId(raw);
    if (id === null) {
      return this.rejectNull(source, 'Id saknas.');
    }
    if (!register.claim(id)) {
      return this.rejectNull(source, `Id ${quote(id)} finns redan på en tidigare post (dubblett).`);
    }
    return id;
  }

  /** A nested list; one that is there but is no list is reported and read as empty. */
  private readList(raw: JsonObject, key: string, source: string): unknown[] {
    const value = own(raw, key);
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.reject(`${source}.${key}`, `${key} måste vara en lista.`);
      return [];
    }
    this.budget.take(value.length);
    return value;
  }

  private reject(source: string, reason: string): void {
    this.reader.rejected({ source, reason });
  }

  private rejectNull(source: string, reason: string): null {
    this.reject(source, reason);
    return null;
  }
}

/**
 * A responsible as read with its person: the guardian's id, why the relation is refused, or null
 * for a relation that is not custody (Annan ansvarig, God man, …). Whether the guardian is an
 * accepted person is known only once every person is read.
 */
function readResponsible(raw: unknown, childKey: string): string | { reason: string } | null {
  if (!isObject(raw)) {
    return { reason: 'Relationen är inte ett objekt.' };
  }
  const relationType = own(raw, 'relationType');
  if (typeof relationType !== 'string' || relationType.trim() === '') {
    return {
      reason:
        'Relationstyp (relationType) saknas, så det framgår inte om personen är vårdnadshavare.',
    };
  }
  if (relationType !== 'Vårdnadshavare') {
    return null;
  }
  const guardianId = readReference(raw, 'person');
  if (guardianId === null) {
    return { reason: 'Vårdnadshavare (person.id) saknas.' };
  }
  if (guardianId === childKey) {
    return { reason: 'En person kan inte vara sin egen vårdnadshavare.' };
  }
  return guardianId;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only the item's own fields: never anything inherited from Object.prototype. */
function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function readOwnId(object: JsonObject): string | null {
  const id = own(object, 'id');
  if (typeof id !== 'string') {
    return null;
  }
  const trimmed = id.trim();
  return trimmed === '' || trimmed.length > MAX_ID_LENGTH ? null : trimmed;
}

/** The id of an ObjectReference field (`{ "id": … }`), or null. */
function readReference(object: JsonObject, key: string): string | null {
  const reference = own(object, key);
  return isObject(reference) ? readOwnId(reference) : null;
}

function readText(object: JsonObject, key: string, label: string): Checked<string> {
  const value = own(object, key);
  if (typeof value !== 'string' || value.trim() === '') {
    return { ok: false, reason: `${label} saknas.` };
  }
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (trimmed.length > MAX_TEXT_LENGTH) {
    return { ok: false, reason: `${label} är för långt (högst ${MAX_TEXT_LENGTH} tecken).` };
  }
  return { ok: true, value: trimmed };
}

function readPeriod(
  object: JsonObject,
): Checked<{ startDate: string | null; endDate: string | null }> {
  const start = checkOptionalDate(own(object, 'startDate'), 'Startdatum (startDate)');
  if (!start.ok) {
    return start;
  }
  const end = checkOptionalDate(own(object, 'endDate'), 'Slutdatum (endDate)');
  if (!end.ok) {
    return end;
  }
  return checkPeriod(start.value, end.value);
}

/** Absent means Ingen (the standard's own default reading); anything unknown is refused. */
function readSecurityMarking(value: unknown): SecurityMarking | null {
  if (value === undefined || value === null) {
    return 'Ingen';
  }
  return SECURITY_MARKINGS.find((marking) => marking === value) ?? null;
}

/**
 * `schoolYears` on a group (not in every v2.1 producer, so optional): one
 * year gives the group's school year, several (a mixed-age group) give none.
 * `undefined` when absent, so a class's year can be derived instead.
 */
function readSchoolYears(value: unknown): Checked<number | null | undefined> {
  if (value === undefined || value === null) {
    return { ok: true, value: undefined };
  }
  const reason = `Årskurser (schoolYears) måste vara en lista med heltal 0–10 (fick ${quote(value)}).`;
  if (!Array.isArray(value)) {
    return { ok: false, reason };
  }
  const years = new Set<number>();
  for (const year of value) {
    const checked = checkSchoolYear(year, 'Årskurs');
    if (!checked.ok || checked.value === null) {
      return { ok: false, reason };
    }
    years.add(checked.value);
  }
  return { ok: true, value: years.size === 1 ? [...years][0] : null };
}
