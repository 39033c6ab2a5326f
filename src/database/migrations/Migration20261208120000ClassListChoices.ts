import { Migration } from '@mikro-orm/migrations';

/**
 * A guardian chooses, field by field, what of their own contact details the class list
 * shows, and whether their photo is shown (issue 24). The default shows only the name: the
 * columns are added as false, so every guardian who had entered details is set to that
 * default (their class lists showed everything until now; they choose again on Min profil).
 */
export class Migration20261208120000ClassListChoices extends Migration {
  override up(): void {
    this.addSql(
      `alter table self_contact
         add column shows_address boolean not null default false,
         add column shows_phone boolean not null default false,
         add column shows_mobile boolean not null default false,
         add column shows_email boolean not null default false,
         add column shows_photo boolean not null default false`,
    );
  }

  override down(): void {
    this.addSql(
      `alter table self_contact
         drop column shows_photo,
         drop column shows_email,
         drop column shows_mobile,
         drop column shows_phone,
         drop column shows_address`,
    );
  }
}
