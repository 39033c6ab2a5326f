import type {
  GuardianshipItem,
  ImportDocument,
  ImportStream,
  PersonItem,
} from './import/import-document';

/* Guardianships as the import file has them: each guardian lists the pupils, the writes want each pupil's guardians. */

export function collectGuardians(persons: readonly PersonItem[]): Map<string, string[]> {
  const byPupil = new Map<string, string[]>();
  for (const guardian of persons) {
    for (const pupilKey of guardian.guardianOf) {
      byPupil.set(pupilKey, [...(byPupil.get(pupilKey) ?? []), guardian.key]);
    }
  }
  return byPupil;
}

/** Every pupil (a person with an enrolment) with their guardians, in the file's order. */
export function guardianshipsOf(persons: readonly PersonItem[]): GuardianshipItem[] {
  const guardiansByPupil = collectGuardians(persons);
  return persons
    .filter((person) => person.enrolments.length > 0)
    .map((pupil) => ({
      source: pupil.source,
      pupilKey: pupil.key,
      guardianKeys: guardiansByPupil.get(pupil.key) ?? [],
    }));
}

/** A document already held whole (a CSV file, a test's) told as a stream. */
export function streamOf(document: ImportDocument): ImportStream {
  return {
    format: document.format,
    async read(reader) {
      for (const rejected of document.rejected) {
        reader.rejected(rejected);
      }
      const pupils = document.persons.filter((person) => person.enrolments.length > 0);
      await reader.organisations(
        document.municipalities,
        document.schoolUnits,
        document.rejected.length +
          document.municipalities.length +
          document.schoolUnits.length +
          document.persons.length +
          document.groups.length +
          document.duties.length +
          pupils.length,
      );
      for (const person of document.persons) {
        await reader.person(person);
      }
      return {
        groups: document.groups,
        duties: document.duties,
        guardianships: guardianshipsOf(document.persons),
      };
    },
  };
}
