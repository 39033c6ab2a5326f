import type {
  DutyItem,
  GroupItem,
  ImportDocument,
  PersonItem,
  SchoolUnitItem,
} from '../directory/import/import-document';
import type { SecurityMarking } from '../directory/directory.types';

/**
 * The demo municipality: two school units, one class in each of years 1–9,
 * about 60 pupils with guardians (some with protected identity, one guardian
 * with children in both schools), mentors, teachers, principals, two
 * reviewers, an archivist and an administrator. Deterministic: the same
 * document every time, so the demo is the same for everyone.
 *
 * The persons behind the demo accounts are named in DEMO_ACCOUNTS.
 */

export const DEMO_ACCOUNTS = {
  granskare: 'demo:person:reviewer-1',
  teamledare: 'demo:person:reviewer-2',
  mentor: 'demo:person:mentor-4',
  larare: 'demo:person:teacher-1',
  rektor: 'demo:person:principal-north',
  vardnadshavare: 'demo:person:guardian-shared',
  elev: 'demo:person:pupil-4-1',
  arkivarie: 'demo:person:archivist',
  admin: 'demo:person:administrator',
} as const;

export type DemoUsername = keyof typeof DEMO_ACCOUNTS;

const GIVEN_NAMES = [
  'Alice',
  'Elsa',
  'Maja',
  'Wilma',
  'Ebba',
  'Saga',
  'Astrid',
  'Alma',
  'Vera',
  'Stella',
  'Noah',
  'William',
  'Hugo',
  'Lucas',
  'Liam',
  'Oscar',
  'Elias',
  'Adam',
  'Vincent',
  'Alexander',
  'Ali',
  'Leila',
  'Yusuf',
  'Amira',
  'Mikael',
  'Siri',
  'Nils',
  'Ines',
  'Otto',
  'Selma',
];
const FAMILY_NAMES = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
  'Lindberg',
  'Lindqvist',
  'Berg',
  'Åberg',
  'Hassan',
  'Mohammed',
  'Öberg',
  'Ek',
  'Holm',
  'Sandberg',
  'Forsberg',
  'Wallin',
];
const ADULT_GIVEN_NAMES = [
  'Anna',
  'Eva',
  'Maria',
  'Karin',
  'Sara',
  'Lena',
  'Emma',
  'Johanna',
  'Fatima',
  'Linda',
  'Erik',
  'Lars',
  'Anders',
  'Johan',
  'Per',
  'Karl',
  'Peter',
  'Mohammad',
  'Fredrik',
  'Daniel',
];

const NORTH: SchoolUnitItem = {
  source: 'demo',
  key: 'demo:unit:bjorkangsskolan',
  municipalityKey: null,
  name: 'Björkängsskolan',
  schoolUnitCode: '41876523',
};
const SOUTH: SchoolUnitItem = {
  source: 'demo',
  key: 'demo:unit:solbackaskolan',
  municipalityKey: null,
  name: 'Solbackaskolan',
  schoolUnitCode: '41876524',
};

/** A small deterministic generator (mulberry32), so the demo is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid personnummer (Luhn) for a birth date and a serial of three digits. */
export function demoCivicNumber(birthDate: string, serial: number): string {
  const [year, month, day] = birthDate.split('-');
  const digits = `${year.slice(2)}${month}${day}${String(serial % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let value = Number(digits[index]) * (index % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  return `${year}${month}${day}${String(serial % 1000).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

export function buildDemoDirectory(): ImportDocument {
  const next = random(20261128);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  let serial = 100;
  const persons: PersonItem[] = [];
  const groups: GroupItem[] = [];
  const duties: DutyItem[] = [];
  const guardianOf = new Map<string, string[]>();

  const addPerson = (
    key: string,
    givenName: string,
    familyName: string,
    birthDate: string,
    options: { marking?: SecurityMarking; enrolments?: PersonItem['enrolments'] } = {},
  ): void => {
    serial += 7;
    persons.push({
      source: 'demo',
      key,
      civicNo: demoCivicNumber(birthDate, serial),
      givenName,
      familyName,
      securityMarking: options.marking ?? 'Ingen',
      email: null,
      enrolments: options.enrolments ?? [],
      guardianOf: [],
    });
  };
  const adultBirthDate = (): string =>
    `${1972 + Math.floor(next() * 18)}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(
      1 + Math.floor(next() * 28),
    ).padStart(2, '0')}`;

  for (let year = 1; year <= 9; year += 1) {
    const unit = year <= 5 ? NORTH : SOUTH;
    const classKey = `demo:group:${year}a`;
    const memberKeys: string[] = [];
    const pupilsInClass = year === 4 ? 8 : 7;
    for (let index = 1; index <= pupilsInClass; index += 1) {
      const key = `demo:person:pupil-${year}-${index}`;
      const familyName = pick(FAMILY_NAMES);
      const birthYear = 2026 - 6 - year;
      const birthDate = `${birthYear}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(
        1 + Math.floor(next() * 28),
      ).padStart(2, '0')}`;
      const marking: SecurityMarking =
        key === 'demo:person:pupil-3-5'
          ? 'Skyddad folkbokföring'
          : key === 'demo:person:pupil-7-2'
            ? 'Sekretessmarkering'
            : 'Ingen';
      addPerson(key, pick(GIVEN_NAMES), familyName, birthDate, {
        marking,
        enrolments: [
          {
            schoolUnitKey: unit.key,
            schoolForm: key === 'demo:person:pupil-6-7' ? 'anpassad grundskola' : 'grundskola',
            schoolYear: year,
            startDate: `${2026 - year + 1}-08-17`,
            endDate: null,
          },
        ],
      });
      memberKeys.push(key);

      // One or two guardians, sharing the child's family name most of the time.
      const guardians = next() < 0.75 ? 2 : 1;
      const givenNames: string[] = [];
      for (let g = 1; g <= guardians; g += 1) {
        let givenName = pick(ADULT_GIVEN_NAMES);
        while (givenNames.includes(givenName)) {
          givenName = pick(ADULT_GIVEN_NAMES);
        }
        givenNames.push(givenName);
        const guardianKey = `demo:person:guardian-${year}-${index}-${g}`;
        const guardianMarking: SecurityMarking =
          guardianKey === 'demo:person:guardian-5-3-1' ? 'Sekretessmarkering' : 'Ingen';
        addPerson(
          guardianKey,
          givenName,
          next() < 0.8 ? familyName : pick(FAMILY_NAMES),
          adultBirthDate(),
          {
            marking: guardianMarking,
          },
        );
        guardianOf.set(guardianKey, [key]);
      }
    }
    groups.push({
      source: 'demo',
      key: classKey,
      schoolUnitKey: unit.key,
      name: `${year}A`,
      groupType: 'Klass',
      schoolYear: year,
      startDate: '2026-08-17',
      endDate: '2027-06-11',
      memberKeys,
    });

    const mentorKey = `demo:person:mentor-${year}`;
    addPerson(mentorKey, pick(ADULT_GIVEN_NAMES), pick(FAMILY_NAMES), adultBirthDate());
    duties.push({
      source: 'demo',
      key: `demo:duty:mentor-${year}`,
      personKey: mentorKey,
      role: 'mentor',
      schoolUnitKey: unit.key,
      groupKey: classKey,
      pupilKey: null,
      subject: null,
      startDate: '2026-08-17',
      endDate: null,
    });
  }

  // A guardian with one child in each school (year 4 at Björkängsskolan, year 7 at Solbackaskolan).
  addPerson('demo:person:guardian-shared', 'Karin', 'Lindqvist', '1984-03-12');
  guardianOf.set('demo:person:guardian-shared', ['demo:person:pupil-4-1', 'demo:person:pupil-7-1']);

  addPerson('demo:person:teacher-1', 'Johan', 'Ek', '1979-10-02');
  duties.push(
    teacherDuty(
      'teacher-1-4a-ma',
      'demo:person:teacher-1',
      NORTH.key,
      'demo:group:4a',
      'Matematik',
    ),
    teacherDuty(
      'teacher-1-5a-ma',
      'demo:person:teacher-1',
      NORTH.key,
      'demo:group:5a',
      'Matematik',
    ),
    teacherDuty('teacher-1-6a-sv', 'demo:person:teacher-1', SOUTH.key, 'demo:group:6a', 'Svenska'),
  );
  addPerson('demo:person:principal-north', 'Eva', 'Sandberg', '1971-05-23');
  addPerson('demo:person:principal-south', 'Per', 'Wallin', '1968-12-01');
  duties.push(
    scopedDuty('principal-north', 'demo:person:principal-north', 'principal', NORTH.key),
    scopedDuty('principal-south', 'demo:person:principal-south', 'principal', SOUTH.key),
  );
  addPerson('demo:person:reviewer-1', 'Lena', 'Forsberg', '1976-07-14');
  addPerson('demo:person:reviewer-2', 'Daniel', 'Holm', '1988-01-30');
  addPerson('demo:person:archivist', 'Maria', 'Berg', '1965-09-09');
  addPerson('demo:person:administrator', 'Fredrik', 'Nilsson', '1982-04-18');
  duties.push(
    scopedDuty('reviewer-1', 'demo:person:reviewer-1', 'reviewer', null),
    scopedDuty('reviewer-2', 'demo:person:reviewer-2', 'reviewer', null),
    scopedDuty('archivist', 'demo:person:archivist', 'archivist', null),
    scopedDuty('administrator', 'demo:person:administrator', 'administrator', null),
  );

  return {
    format: 'csv',
    municipalities: [],
    schoolUnits: [NORTH, SOUTH],
    persons: persons.map((person) => ({ ...person, guardianOf: guardianOf.get(person.key) ?? [] })),
    groups,
    duties,
    rejected: [],
  };
}

function teacherDuty(
  id: string,
  personKey: string,
  unitKey: string,
  groupKey: string,
  subject: string,
): DutyItem {
  return {
    source: 'demo',
    key: `demo:duty:${id}`,
    personKey,
    role: 'teacher',
    schoolUnitKey: unitKey,
    groupKey,
    pupilKey: null,
    subject,
    startDate: '2026-08-17',
    endDate: null,
  };
}

function scopedDuty(
  id: string,
  personKey: string,
  role: DutyItem['role'],
  schoolUnitKey: string | null,
): DutyItem {
  return {
    source: 'demo',
    key: `demo:duty:${id}`,
    personKey,
    role,
    schoolUnitKey,
    groupKey: null,
    pupilKey: null,
    subject: null,
    startDate: null,
    endDate: null,
  };
}
