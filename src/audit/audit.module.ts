import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';

import { AUDIT_ENTITIES } from './audit-entry.entity';
import { AuditLinker } from './audit-linker';
import { AuditService } from './audit.service';
import { PlanReadsQueries } from './plan-reads.queries';

/** Global: every module records audit entries, and none should have to import this for it. */
@Global()
@Module({
  imports: [MikroOrmModule.forFeature(AUDIT_ENTITIES)],
  providers: [AuditService, AuditLinker, PlanReadsQueries],
  exports: [AuditService, PlanReadsQueries],
})
export class AuditModule {}
