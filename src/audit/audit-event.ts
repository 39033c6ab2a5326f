/**
 * One value in an audit entry's details: ids, counts, codes and flags.
 *
 * The audit log is kept longer than much of what it mentions (it outlives a
 * disposed record) and is read by people who may not see the record itself,
 * so entries hold no free text from plans, no names, no personal identity
 * numbers and no other personal data beyond ids. Put a count or an id here,
 * never the content that changed.
 */
export type AuditDetailValue = string | number | boolean | null | readonly (string | number)[];

export type AuditDetails = Readonly<Record<string, AuditDetailValue>>;

/** Who did it. Both ids are null for an anonymous caller (e.g. a failed login of an unknown name). */
export interface AuditActor {
  readonly accountId: string | null;
  readonly personId: string | null;
  /** Role codes the actor acted with (code constants, not display names). */
  readonly roles?: readonly string[];
}

/**
 * What a service hands to `AuditService.record()`: who did what to which
 * pupil's data, and when. Ids only; see `AuditDetailValue` for why. The
 * correlation id (to join the entry with the logs) is not given here:
 * `AuditService` takes it from the request context.
 */
export interface AuditEvent {
  /** Dotted, lower case, verb last: 'auth.login.succeeded', 'pupil.profile.read', 'directory.import.completed'. */
  readonly action: string;
  readonly actor: AuditActor;
  /** The pupil whose data was read or changed, so "who saw this pupil's data" is one query. */
  readonly pupilId?: string | null;
  /** The kind of thing acted on ('plan', 'records_request', ...) and its id. */
  readonly targetType?: string | null;
  readonly targetId?: string | null;
  readonly details?: AuditDetails;
  /** Defaults to the time of recording. */
  readonly occurredAt?: Date;
}
