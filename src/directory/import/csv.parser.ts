import { CsvError, parse } from 'csv-parse/sync';

import type { DutyRole, SchoolForm, SecurityMarking } from '../directory.types';
import { normaliseCivicNumber } from './civic-number';
import type {
  DutyItem,
  EnrolmentItem,
  GroupItem,
  ImportDocument,
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
} from './import-errors';

/*
 * The directory as a spreadsheet: one row per person in one role.
 *
 *   roll;personnummer;fornamn;efternamn;skyddad_identitet;skolenhetskod;skolenhet;
 *   klass;arskurs;skolform;startdatum;slutdatum;vardnadshavare_for;amne;epost
 *
 * Semicolon-separated (comma if the header has no semicolon), UTF-8 with or
 * without BOM, quotes as in RFC 4180. Headers are matched without regard to
 * case, å/ä/ö, spaces, `-` and `_` (so "Förnamn" and "fornamn" are the same
 * column); roll, personnummer, fornamn and efternamn must be there, the
 * others may be left out; unknown columns are ignored. `rad N` is the line in
 * the file (the header is rad 1).
 *
 * Roles (roll, case and å/ä/ö ignored): elev, vardnadshavare, mentor, larare,
 * rektor, handlaggare (→ reviewer), arkivarie (→ archivist), administrator.
 *
 * Decisions (a refused row is a `rejected` entry with its line; nothing here
 * throws except for an unreadable file):
 * - Every row needs a valid personnummer and both names. The same person may
 *   have many rows (a teacher who is also a guardian): they become one person,
 *   named by the first row; a later row with the same personnummer and
 *   another name is refused. The strictest skyddad_identitet of a person's
 *   rows wins (protecting by mistake is the safer error); the first e-mail
 *   wins. An invalid e-mail is reported and left out; the row stays.
 * - elev: needs skolenhetskod, skolform (grundskola, förskoleklass, anpassad
 *   grundskola, or the SS 12000 codes GR, FKLASS, GRS, ANSGR; another school
 *   form is refused here, as the file is made for this service) and
 *   startdatum. It gives an enrolment and, with klass, a class membership.
 *   School units are implied by elev and rektor rows, classes by elev rows
 *   only: a mentor or larare row naming a class no pupil is in is refused, as
 *   that is almost always a misspelt class.
 * - vardnadshavare: vardnadshavare_for lists the children's personnummer
 *   (separated by comma, semicolon inside quotes, or space). Each child must
 *   be a pupil (an accepted elev row) of the file; others are reported one by
 *   one. A row with no valid child gives nothing.
 * - mentor (klass), larare (klass and amne, one subject per row), rektor
 *   (skolenhetskod) give a duty scoped to that class or school unit;
 *   handlaggare, arkivarie and administrator a duty without scope.
 *
 * Keys are made from the natural keys, so the same file always gives the same
 * keys: `skolenhet:<kod>`, `klass:<kod>:<klass>`, `person:<personnummer>`,
 * and per duty the role, the personnummer and its scope. Free text in a key
 * (class, subject) is lower-cased and URI-encoded, so "7A" and "7a" are the
 * same class and no class name can imitate another key.
 */
export function parseDirectoryCsv(content: string): ImportDocument {
  const records = readRecords(prepareContent(content));
  const header = readHeader(records[0]?.record ?? []);
  const budget = new ItemBudget();
  budget.take(Math.max(records.length - 1, 0));

  const rejected: { line: number; item: RejectedItem }[] = [];
  const reject = (source: string, reason: string): void => {
    rejected.push({ line: Number(source.slice('rad '.length)), item: { source, reason } });
  };

  // 1. Each row on its own.
  const rows: Row[] = [];
  let previousEnd = records[0]?.info.lines ?? 1;
  for (const { record, info } of records.slice(1)) {
    const source = `rad ${previousEnd + 1}`;
    previousEnd = info.lines;
    if (record.every((field) => field.trim() === '')) {
      continue;
    }
    const row = readRow(record, header, source);
    if ('reason' in row) {
      reject(source, row.reason);
      continue;
    }
    rows.push(row);
  }

  // 2. One name per person: the first row decides.
  const firstRows = new Map<string, Row>();
  const named = rows.filter((row) => {
    const first = firstRows.get(row.civicNo);
    if (first === undefined) {
      firstRows.set(row.civicNo, row);
      return true;
    }
    if (sameName(first, row)) {
      return true;
    }
    reject(
      row.source,
      `Personnumret finns redan på ${first.source} med ett annat namn ` +
        `(${first.givenName} ${first.familyName}).`,
    );
    return false;
  });

  // 3. School units and classes, implied by the rows.
  const schoolUnits = new Map<string, SchoolUnitItem>();
  const classes = new Map<string, ClassDraft>();
  const pupils = new Set<string>();
  for (const row of named) {
    if (row.role === 'pupil' || row.role === 'principal') {
      addSchoolUnit(schoolUnits, row);
    }
    if (row.role === 'pupil') {
      pupils.add(row.civicNo);
      if (row.className !== null) {
        addClassMember(classes, row);
      }
    }
  }

  // 4. What each row gives, once every pupil and class is known.
  const persons = new Map<string, PersonDraft>();
  const duties = new Map<string, DutyItem>();
  for (const row of named) {
    const scope = resolveScope(row, classes, pupils, reject);
    if (scope === null) {
      continue;
    }
    if (row.emailProblem !== null) {
      reject(row.source, row.emailProblem);
    }
    const person = mergePerson(persons, row);
    if (row.role === 'pupil') {
      addEnrolment(person, row);
    } else if (row.role === 'guardian') {
      for (const child of scope.children) {
        if (!person.guardianOf.includes(personKey(child))) {
          person.guardianOf.push(personKey(child));
        }
      }
    } else {
      const duty = toDuty(row, scope.groupKey);
      if (!duties.has(duty.key)) {
        duties.set(duty.key, duty);
      }
    }
  }

  return {
    format: 'csv',
    municipalities: [],
    schoolUnits: [...schoolUnits.values()],
    persons: [...persons.values()],
    groups: [...classes.values()].map(toGroup),
    duties: [...duties.values()],
    // In line order, whichever step found the fault: the report reads like the file.
    rejected: rejected.sort((a, b) => a.line - b.line).map(({ item }) => item),
  };
}

type LineRole = 'pupil' | 'guardian' | DutyRole;

/** The CSV role words, by their canonical form (lower case, no å/ä/ö). */
const ROLES: ReadonlyMap<string, LineRole> = new Map([
  ['elev', 'pupil'],
  ['vardnadshavare', 'guardian'],
  ['mentor', 'mentor'],
  ['larare', 'teacher'],
  ['rektor', 'principal'],
  ['handlaggare', 'reviewer'],
  ['arkivarie', 'archivist'],
  ['administrator', 'administrator'],
]);

/** The role words used in duty keys, so the keys read like the file. */
const ROLE_WORDS: Readonly<Record<DutyRole, string>> = {
  mentor: 'mentor',
  teacher: 'larare',
  principal: 'rektor',
  reviewer: 'handlaggare',
  archivist: 'arkivarie',
  administrator: 'administrator',
};

const SCHOOL_FORMS: ReadonlyMap<string, SchoolForm> = new Map([
  ['grundskola', 'grundskola'],
  ['gr', 'grundskola'],
  ['forskoleklass', 'förskoleklass'],
  ['fklass', 'förskoleklass'],
  ['anpassadgrundskola', 'anpassad grundskola'],
  ['grundsarskola', 'anpassad grundskola'],
  ['grs', 'anpassad grundskola'],
  ['ansgr', 'anpassad grundskola'],
]);

const SECURITY_MARKINGS: ReadonlyMap<string, SecurityMarking> = new Map([
  ['', 'Ingen'],
  ['ingen', 'Ingen'],
  ['nej', 'Ingen'],
  ['sekretessmarkering', 'Sekretessmarkering'],
  ['skyddadfolkbokforing', 'Skyddad folkbokföring'],
]);

const MARKING_STRICTNESS: Readonly<Record<SecurityMarking, number>> = {
  Ingen: 0,
  Sekretessmarkering: 1,
  'Skyddad folkbokföring': 2,
};

const COLUMNS = [
  'roll',
  'personnummer',
  'fornamn',
  'efternamn',
  'skyddad_identitet',
  'skolenhetskod',
  'skolenhet',
  'klass',
  'arskurs',
  'skolform',
  'startdatum',
  'slutdatum',
  'vardnadshavare_for',
  'amne',
  'epost',
] as const;
type Column = (typeof COLUMNS)[number];

const REQUIRED_COLUMNS: readonly Column[] = ['roll', 'personnummer', 'fornamn', 'efternamn'];

/** What each role's row must fill in besides the person, and what to say when it does not. */
const REQUIRED_BY_ROLE: Readonly<Record<LineRole, readonly (readonly [Column, string])[]>> = {
  pupil: [
    ['skolenhetskod', 'Skolenhetskod saknas för elev.'],
    ['skolform', 'Skolform saknas för elev.'],
    ['startdatum', 'Startdatum saknas för elev.'],
  ],
  guardian: [['vardnadshavare_for', 'vardnadshavare_for saknas: ange barnens personnummer.']],
  mentor: [
    ['skolenhetskod', 'Skolenhetskod saknas för mentor.'],
    ['klass', 'Klass saknas för mentor.'],
  ],
  teacher: [
    ['skolenhetskod', 'Skolenhetskod saknas för lärare.'],
    ['klass', 'Klass saknas för lärare.'],
    ['amne', 'Ämne (amne) saknas för lärare.'],
  ],
  principal: [['skolenhetskod', 'Skolenhetskod saknas för rektor.']],
  reviewer: [],
  archivist: [],
  administrator: [],
};

const MAX_TEXT_LENGTH = 200;

interface Row {
  readonly source: string;
  readonly role: LineRole;
  readonly civicNo: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly securityMarking: SecurityMarking;
  readonly email: string | null;
  readonly emailProblem: string | null;
  readonly schoolUnitCode: string | null;
  readonly schoolUnitName: string | null;
  readonly className: string | null;
  readonly schoolYear: number | null;
  readonly schoolForm: SchoolForm | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly children: readonly string[];
  readonly subject: string | null;
}

interface PersonDraft extends PersonItem {
  readonly enrolments: EnrolmentItem[];
  readonly guardianOf: string[];
  securityMarking: SecurityMarking;
  email: string | null;
}

interface ClassDraft {
  readonly source: string;
  readonly key: string;
  readonly schoolUnitKey: string;
  readonly name: string;
  readonly memberKeys: string[];
  readonly schoolYears: Set<number | null>;
}

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

function readRecords(content: string): CsvRecord[] {
  if (content.trim() === '') {
    throw new ImportFileError('Filen är tom.');
  }
  const headerLine = content.slice(0, content.search(/\r?\n|$/));
  const delimiter = count(headerLine, ';') >= count(headerLine, ',') ? ';' : ',';
  try {
    return parse(content, {
      delimiter,
      relax_column_count: true,
      // A quote inside an unquoted value (Anna "Annie" Ek) is kept as text, as
      // spreadsheets write it, rather than failing the whole file.
      relax_quotes: true,
      // Blank lines are kept (and skipped below) so that every line belongs to
      // a record and `rad N` can be counted from the records' end lines.
      skip_empty_lines: false,
      info: true,
      max_record_size: 64 * 1024,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? ` (nära rad ${error.lines})` : '';
      throw new ImportFileError(
        `CSV-filen kunde inte läsas${line}: kontrollera citattecken och avgränsare.`,
      );
    }
    throw error;
  }
}

interface Header {
  /** Index of each known column that the file has. */
  readonly columns: ReadonlyMap<Column, number>;
  /** How many fields the header row has, known or not. */
  readonly width: number;
}

/** Refuses a header without the required columns, or with a column twice. */
function readHeader(fields: readonly string[]): Header {
  const known = new Map(COLUMNS.map((column) => [canonical(column), column]));
  const header = new Map<Column, number>();
  fields.forEach((field, index) => {
    const column = known.get(canonical(field));
    if (column === undefined) {
      return;
    }
    if (header.has(column)) {
      throw new ImportFileError(`Kolumnen ${column} finns två gånger i rubrikraden.`);
    }
    header.set(column, index);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !header.has(column));
  if (missing.length > 0) {
    throw new ImportFileError(
      `CSV-filen saknar kolumnerna ${missing.join(', ')} i rubrikraden. ` +
        `Första raden ska vara rubriker, till exempel roll;personnummer;fornamn;efternamn;…`,
    );
  }
  return { columns: header, width: fields.length };
}

function readRow(
  record: readonly string[],
  header: Header,
  source: string,
): Row | { reason: string } {
  if (record.slice(header.width).some((field) => field.trim() !== '')) {
    // More filled fields than the header has columns: a delimiter or a quote
    // gone wrong, so any value may be in the wrong column.
    return {
      reason:
        `Raden har fler fält (${record.length}) än rubrikraden (${header.width}). ` +
        'Kontrollera avgränsare och citattecken.',
    };
  }
  const field = (column: Column): string => {
    const index = header.columns.get(column);
    return index === undefined ? '' : (record[index] ?? '').trim().replace(/\s+/g, ' ');
  };

  const role = ROLES.get(canonical(field('roll')));
  if (role === undefined) {
    return field('roll') === ''
      ? { reason: 'Roll saknas.' }
      : {
          reason: `Okänd roll ${quote(field('roll'))}. Tillåtna: ${[...ROLES.keys()].join(', ')}.`,
        };
  }
  const civic = normaliseCivicNumber(field('personnummer'));
  if (!civic.ok) {
    return { reason: civic.reason };
  }
  const givenName = readText(field('fornamn'), 'Förnamn (fornamn)');
  if ('reason' in givenName) {
    return givenName;
  }
  const familyName = readText(field('efternamn'), 'Efternamn (efternamn)');
  if ('reason' in familyName) {
    return familyName;
  }
  const securityMarking = SECURITY_MARKINGS.get(canonical(field('skyddad_identitet')));
  if (securityMarking === undefined) {
    return {
      reason:
        `Okänt värde i skyddad_identitet: ${quote(field('skyddad_identitet'))}. ` +
        'Ange Ingen, Sekretessmarkering eller Skyddad folkbokföring.',
    };
  }
  const start = checkOptionalDate(field('startdatum'), 'Startdatum (startdatum)');
  if (!start.ok) {
    return start;
  }
  const end = checkOptionalDate(field('slutdatum'), 'Slutdatum (slutdatum)');
  if (!end.ok) {
    return end;
  }
  const period = checkPeriod(start.value, end.value);
  if (!period.ok) {
    return period;
  }

  const code = field('skolenhetskod');
  if (code !== '' && !isSchoolUnitCode(code)) {
    return { reason: `Skolenhetskoden måste vara åtta siffror (fick ${quote(code)}).` };
  }
  const schoolYearText = field('arskurs');
  const schoolYear = checkSchoolYear(
    /^\d{1,2}$/.test(schoolYearText) ? Number(schoolYearText) : schoolYearText,
    'Årskurs (arskurs)',
  );
  if (!schoolYear.ok) {
    return schoolYear;
  }
  const schoolFormText = field('skolform');
  const schoolForm = SCHOOL_FORMS.get(canonical(schoolFormText)) ?? null;
  const className = field('klass');
  const subject = field('amne');
  const children = field('vardnadshavare_for')
    .split(/[\s,;]+/)
    .filter((child) => child !== '');

  const missing = REQUIRED_BY_ROLE[role].find(([column]) => field(column) === '');
  if (missing !== undefined) {
    return { reason: missing[1] };
  }
  if (role === 'pupil' && schoolForm === null) {
    return {
      reason:
        `Okänd skolform ${quote(schoolFormText)}. ` +
        'Tillåtna: grundskola, förskoleklass, anpassad grundskola.',
    };
  }
  for (const [text, label] of [
    [className, 'Klass'],
    [subject, 'Ämne'],
    [field('skolenhet'), 'Skolenhetens namn'],
  ] as const) {
    if (text.length > MAX_TEXT_LENGTH) {
      return { reason: `${label} är för långt (högst ${MAX_TEXT_LENGTH} tecken).` };
    }
  }

  const emailText = field('epost');
  const emailValid = emailText === '' || isEmailAddress(emailText);
  return {
    source,
    role,
    civicNo: civic.civicNo,
    givenName: givenName.value,
    familyName: familyName.value,
    securityMarking,
    email: emailText !== '' && emailValid ? emailText : null,
    emailProblem: emailValid
      ? null
      : `E-postadressen ${quote(emailText)} är ogiltig och tas inte med.`,
    schoolUnitCode: code === '' ? null : code,
    schoolUnitName: field('skolenhet') === '' ? null : field('skolenhet'),
    className: className === '' ? null : className,
    schoolYear: schoolYear.value,
    schoolForm,
    startDate: period.value.startDate,
    endDate: period.value.endDate,
    children,
    subject: subject === '' ? null : subject,
  };
}

/**
 * What a row's references lead to, or null (and a rejection) when they lead
 * nowhere: a mentor's or teacher's class, a guardian's children.
 */
function resolveScope(
  row: Row,
  classes: ReadonlyMap<string, ClassDraft>,
  pupils: ReadonlySet<string>,
  reject: (source: string, reason: string) => void,
): { groupKey: string | null; children: readonly string[] } | null {
  if (row.role === 'mentor' || row.role === 'teacher') {
    const key = classKey(row.schoolUnitCode!, row.className!);
    if (!classes.has(key)) {
      reject(
        row.source,
        `Klassen ${quote(row.className)} på skolenhet ${row.schoolUnitCode} har inga elever i filen ` +
          '(kontrollera stavningen).',
      );
      return null;
    }
    return { groupKey: key, children: [] };
  }
  if (row.role === 'guardian') {
    const children: string[] = [];
    for (const child of row.children) {
      const civic = normaliseCivicNumber(child);
      if (!civic.ok) {
        reject(row.source, `Barnets personnummer ${quote(child)} är ogiltigt: ${civic.reason}`);
      } else if (civic.civicNo === row.civicNo) {
        reject(row.source, 'En person kan inte vara sin egen vårdnadshavare.');
      } else if (!pupils.has(civic.civicNo)) {
        reject(row.source, `Barnet med personnummer ${child} finns inte som elev i filen.`);
      } else if (!children.includes(civic.civicNo)) {
        children.push(civic.civicNo);
      }
    }
    return children.length === 0 ? null : { groupKey: null, children };
  }
  return { groupKey: null, children: [] };
}

function mergePerson(persons: Map<string, PersonDraft>, row: Row): PersonDraft {
  const existing = persons.get(row.civicNo);
  if (existing) {
    if (MARKING_STRICTNESS[row.securityMarking] > MARKING_STRICTNESS[existing.securityMarking]) {
      existing.securityMarking = row.securityMarking;
    }
    existing.email ??= row.email;
    return existing;
  }
  const person: PersonDraft = {
    source: row.source,
    key: personKey(row.civicNo),
    civicNo: row.civicNo,
    givenName: row.givenName,
    familyName: row.familyName,
    securityMarking: row.securityMarking,
    email: row.email,
    enrolments: [],
    guardianOf: [],
  };
  persons.set(row.civicNo, person);
  return person;
}

function addEnrolment(person: PersonDraft, row: Row): void {
  const enrolment: EnrolmentItem = {
    schoolUnitKey: schoolUnitKey(row.schoolUnitCode!),
    schoolForm: row.schoolForm!,
    schoolYear: row.schoolYear,
    startDate: row.startDate!,
    endDate: row.endDate,
  };
  const same = (other: EnrolmentItem): boolean =>
    other.schoolUnitKey === enrolment.schoolUnitKey &&
    other.schoolForm === enrolment.schoolForm &&
    other.schoolYear === enrolment.schoolYear &&
    other.startDate === enrolment.startDate &&
    other.endDate === enrolment.endDate;
  if (!person.enrolments.some(same)) {
    person.enrolments.push(enrolment);
  }
}

/** The first row naming a school unit names it; without any name the code stands in. */
function addSchoolUnit(schoolUnits: Map<string, SchoolUnitItem>, row: Row): void {
  const code = row.schoolUnitCode!;
  const key = schoolUnitKey(code);
  const existing = schoolUnits.get(key);
  if (existing === undefined) {
    schoolUnits.set(key, {
      source: row.source,
      key,
      municipalityKey: null,
      name: row.schoolUnitName ?? `Skolenhet ${code}`,
      schoolUnitCode: code,
    });
  } else if (existing.name === `Skolenhet ${code}` && row.schoolUnitName !== null) {
    schoolUnits.set(key, { ...existing, name: row.schoolUnitName });
  }
}

function addClassMember(classes: Map<string, ClassDraft>, row: Row): void {
  const key = classKey(row.schoolUnitCode!, row.className!);
  let draft = classes.get(key);
  if (draft === undefined) {
    draft = {
      source: row.source,
      key,
      schoolUnitKey: schoolUnitKey(row.schoolUnitCode!),
      name: row.className!,
      memberKeys: [],
      schoolYears: new Set(),
    };
    classes.set(key, draft);
  }
  if (!draft.memberKeys.includes(personKey(row.civicNo))) {
    draft.memberKeys.push(personKey(row.civicNo));
  }
  draft.schoolYears.add(row.schoolYear);
}

/** A class's school year is its pupils' årskurs when they all agree, else none. */
function toGroup(draft: ClassDraft): GroupItem {
  const years = [...draft.schoolYears];
  return {
    source: draft.source,
    key: draft.key,
    schoolUnitKey: draft.schoolUnitKey,
    name: draft.name,
    groupType: 'Klass',
    schoolYear: years.length === 1 ? years[0] : null,
    startDate: null,
    endDate: null,
    memberKeys: draft.memberKeys,
  };
}

function toDuty(row: Row, groupKey: string | null): DutyItem {
  const role = row.role as DutyRole;
  const scope =
    role === 'principal'
      ? [row.schoolUnitCode!]
      : role === 'mentor'
        ? [row.schoolUnitCode!, keyPart(row.className!)]
        : role === 'teacher'
          ? [row.schoolUnitCode!, keyPart(row.className!), keyPart(row.subject!)]
          : [];
  return {
    source: row.source,
    key: [ROLE_WORDS[role], row.civicNo, ...scope].join(':'),
    personKey: personKey(row.civicNo),
    role,
    schoolUnitKey: role === 'principal' ? schoolUnitKey(row.schoolUnitCode!) : null,
    groupKey,
    pupilKey: null,
    subject: role === 'teacher' ? row.subject : null,
    startDate: row.startDate,
    endDate: row.endDate,
  };
}

function personKey(civicNo: string): string {
  return `person:${civicNo}`;
}

function schoolUnitKey(code: string): string {
  return `skolenhet:${code}`;
}

function classKey(code: string, className: string): string {
  return `klass:${code}:${keyPart(className)}`;
}

function keyPart(text: string): string {
  return encodeURIComponent(text.toLowerCase());
}

function sameName(a: Row, b: Row): boolean {
  return (
    a.givenName.toLowerCase() === b.givenName.toLowerCase() &&
    a.familyName.toLowerCase() === b.familyName.toLowerCase()
  );
}

function readText(value: string, label: string): { value: string } | { reason: string } {
  if (value === '') {
    return { reason: `${label} saknas.` };
  }
  if (value.length > MAX_TEXT_LENGTH) {
    return { reason: `${label} är för långt (högst ${MAX_TEXT_LENGTH} tecken).` };
  }
  return { value };
}

/** Lower case, no diacritics, letters and digits only: "Vårdnadshavare för" → "vardnadshavarefor". */
function canonical(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}
