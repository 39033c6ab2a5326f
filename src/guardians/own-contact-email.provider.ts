import { Global, Injectable, Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { PersonRegisterQueries } from '../directory/person-register.queries';
import { OwnContactEmail } from '../notifications/own-contact-email';
import { GuardianQueriesModule } from './guardians.module';
import { GuardiansQueries } from './guardians.queries';

/** The address offered on the preference page: the profile's e-mail, else the imported one. */
@Injectable()
export class GuardianContactEmail implements OwnContactEmail {
  constructor(
    private readonly contacts: GuardiansQueries,
    private readonly persons: PersonRegisterQueries,
  ) {}

  async findOwnEmail(personId: string): Promise<string | null> {
    const [profile, register] = await Promise.all([
      this.contacts.findOwnProfile(personId),
      this.persons.findPersonRegister(personId),
    ]);
    return profile?.email || register?.importedEmail || null;
  }
}

/** Notifications' `OwnContactEmail` (global: notifications sits below guardians). */
@Global()
@Module({
  imports: [GuardianQueriesModule, DirectoryModule],
  providers: [
    GuardianContactEmail,
    { provide: OwnContactEmail, useExisting: GuardianContactEmail },
  ],
  exports: [OwnContactEmail],
})
export class OwnContactEmailModule {}
