import type { PersonItem } from './import/import-document';

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
