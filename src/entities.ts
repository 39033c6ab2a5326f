import { AUDIT_ENTITIES, AUDIT_ROUTINES } from './audit/audit-entry.entity';
import { AUTH_ENTITIES } from './auth/auth.entities';
import { CADENCE_ENTITIES } from './cadence/cadence.entities';
import { DIRECTORY_ENTITIES } from './directory/directory.entities';
import { EMAIL_ENTITIES } from './email/email.entities';
import { GUARDIANS_ENTITIES } from './guardians/guardians.entities';
import { NOTIFICATIONS_ENTITIES } from './notifications/notifications.entities';
import { PLANS_ENTITIES } from './plans/plans.entities';
import { QUEUE_ENTITIES } from './queue/queue-probe.entity';
import { REGISTER_EXTRACT_ENTITIES } from './register-extract/register-extract.entities';
import { RECORDS_ENTITIES } from './records/records.entities';
import { REQUESTS_ENTITIES } from './requests/requests.entities';
import { RETENTION_ENTITIES } from './retention/retention.entities';
import { TALKS_ENTITIES } from './talks/talks.entities';

/**
 * Every table the migrations create, by the module that owns it. The service
 * registers each module's list with its own Nest module (forFeature); this
 * list is for what needs them all at once: the schema diff test and scripts.
 */
export const ALL_ENTITIES = [
  ...QUEUE_ENTITIES,
  ...AUDIT_ENTITIES,
  ...DIRECTORY_ENTITIES,
  ...AUTH_ENTITIES,
  ...GUARDIANS_ENTITIES,
  ...PLANS_ENTITIES,
  ...RECORDS_ENTITIES,
  ...REQUESTS_ENTITIES,
  ...EMAIL_ENTITIES,
  ...RETENTION_ENTITIES,
  ...REGISTER_EXTRACT_ENTITIES,
  ...CADENCE_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
  ...TALKS_ENTITIES,
];

/** The database functions the service calls, declared for the schema diff. */
export const ALL_ROUTINES = [...AUDIT_ROUTINES];
