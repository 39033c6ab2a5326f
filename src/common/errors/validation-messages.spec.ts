import { IsEmail, IsInt, IsString, MaxLength, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';

import { toFieldProblems } from './validation-messages';

class Contact {
  @IsEmail()
  email!: string;
}

class Form {
  @IsString()
  @MaxLength(5, { message: 'Namnet får vara högst 5 tecken.' })
  name!: string;

  @IsInt()
  pages!: number;

  @ValidateNested()
  @Type(() => Contact)
  contact!: Contact;
}

describe('toFieldProblems', () => {
  it('gives Swedish messages per field, keeps a DTO’s own message, and follows nesting', () => {
    const form = plainToInstance(Form, {
      name: 'Alldeles för långt',
      pages: 'två',
      contact: { email: 'nej' },
    });

    const problems = toFieldProblems(validateSync(form));

    expect(problems).toEqual([
      { field: 'name', problems: ['Namnet får vara högst 5 tecken.'] },
      { field: 'pages', problems: ['måste vara ett heltal'] },
      { field: 'contact.email', problems: ['måste vara en giltig e-postadress'] },
    ]);
  });

  it('says an unknown field is not allowed', () => {
    const form = plainToInstance(Form, {
      name: 'Ada',
      pages: 1,
      contact: { email: 'a@b.se' },
      admin: true,
    });

    const problems = toFieldProblems(
      validateSync(form, { whitelist: true, forbidNonWhitelisted: true }),
    );

    expect(problems).toEqual([{ field: 'admin', problems: ['är inte ett tillåtet fält'] }]);
  });
});
