import type { PupilSummary } from '../directory/directory.queries';
import type { Actor, ActorRole } from './actor';

export interface MeView {
  readonly accountId: string;
  readonly personId: string;
  readonly username: string;
  readonly name: string;
  readonly roles: ActorRole[];
  readonly pupils: readonly PupilSummary[];
}

export function meView(actor: Actor, pupils: readonly PupilSummary[]): MeView {
  return {
    accountId: actor.accountId,
    personId: actor.personId,
    username: actor.username,
    name: actor.displayName,
    roles: [...actor.roles].sort(),
    pupils,
  };
}

export const ROLE_NAMES_SV: Readonly<Record<ActorRole, string>> = {
  pupil: 'Elev',
  guardian: 'Vårdnadshavare',
  mentor: 'Mentor',
  teacher: 'Lärare',
  principal: 'Rektor',
  reviewer: 'Handläggare, Sektor Lärande',
  archivist: 'Arkivarie',
  administrator: 'Administratör',
};

/** A role code as the audit chain stores it, in Swedish (an unknown code as it is). */
export function roleNameSv(role: string): string {
  return ROLE_NAMES_SV[role as ActorRole] ?? role;
}
