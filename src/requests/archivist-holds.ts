import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The archivist's holds on records, as the record search shows them ("Hålls från gallring av
 * arkivarien"). Retention owns the holds and sits above requests, so requests names what it
 * needs here and retention provides it (`RetentionHoldsQueriesModule`).
 */
export abstract class ArchivistHolds {
  /** The ids among `recordIds` with a hold not lifted. */
  abstract heldByArchivist(em: EntityManager, recordIds: readonly string[]): Promise<Set<string>>;
}
