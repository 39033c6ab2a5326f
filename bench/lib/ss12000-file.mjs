// A synthetic SS 12000 v2.1 file at municipal or national scale, deterministic:
// `pupils` pupils with two guardians each drawn from `guardians`, `staff` staff
// with a teaching duty each (the first `groups` of them mentors of a class),
// `groups` classes spread over `units` school units. `changed` (0..1) changes
// that share of the persons' family names and moves that share of the pupils
// to the next class, as a nightly file does after a day's changes.
const GIVEN = [
  'Alva',
  'Maja',
  'Elsa',
  'Astrid',
  'Wilma',
  'Noah',
  'Hugo',
  'Liam',
  'William',
  'Lucas',
  'Oscar',
  'Elias',
  'Ali',
  'Amira',
  'Leila',
  'Omar',
  'Saga',
  'Vera',
  'Nils',
  'Åsa',
];
const FAMILY = [
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
  'Hassan',
  'Ahmed',
  'Öberg',
  'Lind',
  'Åberg',
  'Mohammed',
];

const uuid = (prefix, n) => `${prefix}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function luhn(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    const product = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid 12-digit civic number: a day from `from` on, and a serial; unique per (n, from, serial base). */
function civicNo(from, n, serialBase) {
  const day = new Date(Date.UTC(from, 0, 1) + (n % 5000) * 86_400_000);
  const iso = day.toISOString();
  const serial = String(serialBase + Math.floor(n / 5000)).padStart(3, '0');
  const nine = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${serial}`;
  return `${iso.slice(0, 2)}${nine}${luhn(nine)}`;
}

export function buildSs12000({
  pupils = 100_000,
  guardians = 180_000,
  staff = 8_000,
  groups = 4_000,
  units = 250,
  changed = 0,
} = {}) {
  const isChanged = (n) => changed > 0 && n % Math.round(1 / changed) === 0;
  const meta = { created: '2026-08-01T06:00:00+02:00', modified: '2026-08-15T06:00:00+02:00' };
  const organisations = [
    {
      id: uuid('a', 0),
      meta,
      displayName: 'Exempelby kommun',
      organisationType: 'Huvudman',
      organisationNumber: '212000-9999',
    },
    ...Array.from({ length: units }, (_, u) => ({
      id: uuid('a', u + 1),
      meta,
      displayName: `Skola ${u + 1}`,
      organisationType: 'Skolenhet',
      schoolUnitCode: String(80_000_000 + u),
      schoolTypes: ['GR'],
      parentOrganisation: { id: uuid('a', 0) },
    })),
  ];
  const name = (n, salt) => ({
    givenName: GIVEN[(n * 7 + salt) % GIVEN.length],
    familyName: `${FAMILY[(n * 13 + salt) % FAMILY.length]}${isChanged(n + salt) ? '-Berg' : ''}`,
  });
  const persons = [];
  for (let p = 0; p < pupils; p += 1) {
    const schoolYear = 1 + (p % 9);
    persons.push({
      id: uuid('b', p),
      meta,
      ...name(p, 0),
      civicNo: { value: civicNo(2011, p, 100), nationality: 'SE' },
      securityMarking: 'Ingen',
      enrolments: [
        {
          enroledAt: { id: uuid('a', 1 + (p % units)) },
          schoolType: 'GR',
          schoolYear,
          startDate: '2019-08-19',
        },
      ],
      responsibles: [0, 1].map((k) => ({
        person: { id: uuid('c', (2 * p + k) % guardians) },
        relationType: 'Vårdnadshavare',
      })),
    });
  }
  for (let g = 0; g < guardians; g += 1) {
    persons.push({
      id: uuid('c', g),
      meta,
      ...name(g, 1),
      civicNo: { value: civicNo(1975, g, 100), nationality: 'SE' },
      securityMarking: 'Ingen',
    });
  }
  for (let s = 0; s < staff; s += 1) {
    persons.push({
      id: uuid('d', s),
      meta,
      ...name(s, 2),
      civicNo: { value: civicNo(1960, s, 500), nationality: 'SE' },
      securityMarking: 'Ingen',
      emails: [{ value: `personal${s}@exempelby.se`, type: 'Skola personal' }],
    });
  }
  // Pupil p is in class p % groups (at its own unit, as groups is a multiple of units); a changed
  // pupil has moved to the next class of the same unit.
  const members = Array.from({ length: groups }, () => []);
  for (let p = 0; p < pupils; p += 1) {
    const group = isChanged(p + 3) ? (p + units) % groups : p % groups;
    members[group].push({ person: { id: uuid('b', p) }, startDate: '2026-08-17' });
  }
  const groupList = members.map((groupMembers, g) => ({
    id: uuid('e', g),
    meta,
    displayName: `${1 + (g % 9)}${String.fromCharCode(65 + (Math.floor(g / units) % 26))}${Math.floor(g / (units * 26)) || ''}`,
    groupType: 'Klass',
    schoolType: 'GR',
    organisation: { id: uuid('a', 1 + (g % units)) },
    startDate: '2026-08-17',
    endDate: '2027-06-11',
    groupMemberships: groupMembers,
  }));
  const duties = Array.from({ length: staff }, (_, s) => ({
    id: uuid('f', s),
    meta,
    person: { id: uuid('d', s) },
    dutyAt: { id: uuid('a', 1 + (s % units)) },
    dutyRole: s % units === s ? 'Rektor' : 'Lärare',
    startDate: '2015-08-01',
    ...(s < groups
      ? {
          assignmentRole: [
            { group: { id: uuid('e', s) }, assignmentRoleType: 'Mentor', startDate: '2026-08-17' },
          ],
        }
      : {}),
  }));
  return JSON.stringify({
    organisations: { data: organisations },
    persons: { data: persons },
    groups: { data: groupList },
    duties: { data: duties },
  });
}
