import type { MigrationObject } from '@mikro-orm/core';

import { Migration20261128170000QueueProbe } from './Migration20261128170000QueueProbe';
import { Migration20261128180000AuditLog } from './Migration20261128180000AuditLog';
import { Migration20261128190000DirectoryAndAccounts } from './Migration20261128190000DirectoryAndAccounts';
import { Migration20261128200000Municipality } from './Migration20261128200000Municipality';
import { Migration20261128210000SelfContact } from './Migration20261128210000SelfContact';
import { Migration20261128220000PlansAndRecords } from './Migration20261128220000PlansAndRecords';
import { Migration20261128230000RecordsRequests } from './Migration20261128230000RecordsRequests';
import { Migration20261129000000Delivery } from './Migration20261129000000Delivery';
import { Migration20261129010000Appeals } from './Migration20261129010000Appeals';
import { Migration20261129020000EmailOutbox } from './Migration20261129020000EmailOutbox';
import { Migration20261129030000DeadlinesAndDispatch } from './Migration20261129030000DeadlinesAndDispatch';
import { Migration20261129040000Retention } from './Migration20261129040000Retention';
import { Migration20261129050000DisposalIndexes } from './Migration20261129050000DisposalIndexes';
import { Migration20261129050000QueueIndexes } from './Migration20261129050000QueueIndexes';
import { Migration20261129060000NameSearch } from './Migration20261129060000NameSearch';
import { Migration20261129070000AuditAppend } from './Migration20261129070000AuditAppend';
import { Migration20261129080000EmailSendClaim } from './Migration20261129080000EmailSendClaim';
import { Migration20261205010000AppealHold } from './Migration20261205010000AppealHold';
import { Migration20261205020000Withdrawal } from './Migration20261205020000Withdrawal';
import { Migration20261205030000DecisionSeen } from './Migration20261205030000DecisionSeen';
import { Migration20261205040000Closure } from './Migration20261205040000Closure';
import { Migration20261205050000LateAppeal } from './Migration20261205050000LateAppeal';
import { Migration20261205060000Reopen } from './Migration20261205060000Reopen';
import { Migration20261205070000AppealFile } from './Migration20261205070000AppealFile';
import { Migration20261205080000ConfidentialityMarking } from './Migration20261205080000ConfidentialityMarking';
import { Migration20261205090000PartialDeliveryAndClocks } from './Migration20261205090000PartialDeliveryAndClocks';
import { Migration20261205100000GuardianRequests } from './Migration20261205100000GuardianRequests';
import { Migration20261206100000IntakeIdempotency } from './Migration20261206100000IntakeIdempotency';
import { Migration20261206110000DownloadLinksAndLoginLimits } from './Migration20261206110000DownloadLinksAndLoginLimits';
import { Migration20261206120000QueueSearch } from './Migration20261206120000QueueSearch';
import { Migration20261206130000ConsistentDecisions } from './Migration20261206130000ConsistentDecisions';
import { Migration20261206140000FourEyes } from './Migration20261206140000FourEyes';
import { Migration20261206150000DirectoryImportParts } from './Migration20261206150000DirectoryImportParts';
import { Migration20261207110000DirectoryImportReportRows } from './Migration20261207110000DirectoryImportReportRows';
import { Migration20261207140000PeopleDisposal } from './Migration20261207140000PeopleDisposal';
import { Migration20261207145000RegisterExtract } from './Migration20261207145000RegisterExtract';
import { Migration20261207150000ForeignKeyIndexes } from './Migration20261207150000ForeignKeyIndexes';
import { Migration20261208090000CadenceReminder } from './Migration20261208090000CadenceReminder';
import { Migration20261208120000ClassListChoices } from './Migration20261208120000ClassListChoices';
import { Migration20261207150000NotificationPreferences } from './Migration20261207150000NotificationPreferences';
import { Migration20261208100000Talks } from './Migration20261208100000Talks';
import { Migration20261209090000AuditLinking } from './Migration20261209090000AuditLinking';

/**
 * Every migration, oldest first. Listed explicitly (not found by a file glob)
 * so the built service, the tests and the scripts apply exactly the same set.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128170000QueueProbe', class: Migration20261128170000QueueProbe },
  { name: 'Migration20261128180000AuditLog', class: Migration20261128180000AuditLog },
  {
    name: 'Migration20261128190000DirectoryAndAccounts',
    class: Migration20261128190000DirectoryAndAccounts,
  },
  { name: 'Migration20261128200000Municipality', class: Migration20261128200000Municipality },
  { name: 'Migration20261128210000SelfContact', class: Migration20261128210000SelfContact },
  {
    name: 'Migration20261128220000PlansAndRecords',
    class: Migration20261128220000PlansAndRecords,
  },
  {
    name: 'Migration20261128230000RecordsRequests',
    class: Migration20261128230000RecordsRequests,
  },
  { name: 'Migration20261129000000Delivery', class: Migration20261129000000Delivery },
  { name: 'Migration20261129010000Appeals', class: Migration20261129010000Appeals },
  { name: 'Migration20261129020000EmailOutbox', class: Migration20261129020000EmailOutbox },
  {
    name: 'Migration20261129030000DeadlinesAndDispatch',
    class: Migration20261129030000DeadlinesAndDispatch,
  },
  { name: 'Migration20261129040000Retention', class: Migration20261129040000Retention },
  {
    name: 'Migration20261129050000DisposalIndexes',
    class: Migration20261129050000DisposalIndexes,
  },
  { name: 'Migration20261129050000QueueIndexes', class: Migration20261129050000QueueIndexes },
  { name: 'Migration20261129060000NameSearch', class: Migration20261129060000NameSearch },
  { name: 'Migration20261129070000AuditAppend', class: Migration20261129070000AuditAppend },
  { name: 'Migration20261129080000EmailSendClaim', class: Migration20261129080000EmailSendClaim },
  { name: 'Migration20261205010000AppealHold', class: Migration20261205010000AppealHold },
  { name: 'Migration20261205020000Withdrawal', class: Migration20261205020000Withdrawal },
  { name: 'Migration20261205030000DecisionSeen', class: Migration20261205030000DecisionSeen },
  { name: 'Migration20261205040000Closure', class: Migration20261205040000Closure },
  { name: 'Migration20261205050000LateAppeal', class: Migration20261205050000LateAppeal },
  { name: 'Migration20261205060000Reopen', class: Migration20261205060000Reopen },
  { name: 'Migration20261205070000AppealFile', class: Migration20261205070000AppealFile },
  {
    name: 'Migration20261205080000ConfidentialityMarking',
    class: Migration20261205080000ConfidentialityMarking,
  },
  {
    name: 'Migration20261205090000PartialDeliveryAndClocks',
    class: Migration20261205090000PartialDeliveryAndClocks,
  },
  {
    name: 'Migration20261205100000GuardianRequests',
    class: Migration20261205100000GuardianRequests,
  },
  {
    name: 'Migration20261206100000IntakeIdempotency',
    class: Migration20261206100000IntakeIdempotency,
  },
  {
    name: 'Migration20261206110000DownloadLinksAndLoginLimits',
    class: Migration20261206110000DownloadLinksAndLoginLimits,
  },
  {
    name: 'Migration20261206120000QueueSearch',
    class: Migration20261206120000QueueSearch,
  },
  {
    name: 'Migration20261206130000ConsistentDecisions',
    class: Migration20261206130000ConsistentDecisions,
  },
  { name: 'Migration20261206140000FourEyes', class: Migration20261206140000FourEyes },
  {
    name: 'Migration20261206150000DirectoryImportParts',
    class: Migration20261206150000DirectoryImportParts,
  },
  {
    name: 'Migration20261207110000DirectoryImportReportRows',
    class: Migration20261207110000DirectoryImportReportRows,
  },
  {
    name: 'Migration20261207140000PeopleDisposal',
    class: Migration20261207140000PeopleDisposal,
  },
  {
    name: 'Migration20261207145000RegisterExtract',
    class: Migration20261207145000RegisterExtract,
  },
  {
    name: 'Migration20261207150000ForeignKeyIndexes',
    class: Migration20261207150000ForeignKeyIndexes,
  },
  {
    name: 'Migration20261208090000CadenceReminder',
    class: Migration20261208090000CadenceReminder,
  },
  {
    name: 'Migration20261208120000ClassListChoices',
    class: Migration20261208120000ClassListChoices,
  },
  {
    name: 'Migration20261207150000NotificationPreferences',
    class: Migration20261207150000NotificationPreferences,
  },
  { name: 'Migration20261208100000Talks', class: Migration20261208100000Talks },
  {
    name: 'Migration20261209090000AuditLinking',
    class: Migration20261209090000AuditLinking,
  },
];
