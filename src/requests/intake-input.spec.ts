import type { FieldProblem } from '../common/errors/domain-error';
import { INTAKE_LIMITS, IntakeInput, validateIntake } from './intake-input';

/** The input when the request is accepted; fails the test with its problems otherwise. */
function accepted(raw: Record<string, unknown>): IntakeInput {
  const result = validateIntake(raw);
  if ('problems' in result) {
    throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  }
  return result.input;
}

/** Each refused field with its problems. */
function refused(raw: Record<string, unknown>): Record<string, readonly string[]> {
  const result = validateIntake(raw);
  if (!('problems' in result)) {
    throw new Error('the request was accepted');
  }
  return Object.fromEntries(
    result.problems.map((each: FieldProblem) => [each.field, each.problems]),
  );
}

describe('a request from the form, the API or staff', () => {
  it('may be anonymous: a description and an electronic delivery is enough', () => {
    expect(accepted({ description: ' Min dotters IUP 2025/26 ', delivery: 'electronic' })).toEqual({
      description: 'Min dotters IUP 2025/26',
      pupilName: null,
      school: null,
      period: null,
      delivery: 'electronic',
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      postalAddress: null,
      invoiceConsent: false,
    });
  });

  it('keeps every field given, trimmed, with a blank field as none', () => {
    const input = accepted({
      description: 'IUP',
      pupilName: ' Elsa Svensson ',
      school: 'Norrskolan',
      period: '2025/26',
      delivery: 'paper',
      contactName: 'Karin Svensson',
      contactEmail: 'karin@example.se',
      contactPhone: '+46 70-123 45 67',
      postalAddress: 'Storgatan 1\n123 45 Staden',
      invoiceConsent: 'ja',
    });
    expect(input).toMatchObject({
      pupilName: 'Elsa Svensson',
      contactPhone: '+46 70-123 45 67',
      postalAddress: 'Storgatan 1\n123 45 Staden',
      invoiceConsent: true,
    });
    expect(accepted({ description: 'IUP', delivery: 'on_site', school: '   ' }).school).toBeNull();
  });

  it('needs a description and a way to receive the records', () => {
    expect(refused({ description: '  ', delivery: 'by_pigeon' })).toEqual({
      description: ['Beskriv vilka handlingar du vill ta del av.'],
      delivery: ['Välj hur du vill ta del av handlingarna.'],
    });
  });

  it('needs a postal address only for paper copies', () => {
    expect(refused({ description: 'IUP', delivery: 'paper' })).toEqual({
      postalAddress: ['Ange en postadress för papperskopiorna.'],
    });
    expect(accepted({ description: 'IUP', delivery: 'on_site' }).postalAddress).toBeNull();
  });

  it('refuses a field that is not text', () => {
    expect(refused({ description: 42, delivery: 'electronic', school: ['Norrskolan'] })).toEqual({
      description: ['måste vara text'],
      school: ['måste vara text'],
    });
  });

  it('counts the limit in characters, not UTF-16 units', () => {
    const emoji = '😀'.repeat(INTAKE_LIMITS.pupilName);
    expect(
      accepted({ description: 'IUP', delivery: 'electronic', pupilName: emoji }).pupilName,
    ).toBe(emoji);
    expect(refused({ description: 'IUP', delivery: 'electronic', pupilName: `${emoji}a` })).toEqual(
      {
        pupilName: [`får vara högst ${INTAKE_LIMITS.pupilName} tecken`],
      },
    );
  });

  it('checks the e-mail address and the phone number when given', () => {
    expect(
      refused({
        description: 'IUP',
        delivery: 'electronic',
        contactEmail: 'karin@exempel',
        contactPhone: '070-ABC',
      }),
    ).toEqual({
      contactEmail: ['är inte en e-postadress'],
      contactPhone: ['är inte ett telefonnummer'],
    });
  });

  describe('consent to an invoice', () => {
    const paper = { description: 'IUP', delivery: 'paper', postalAddress: 'Storgatan 1' };

    it('is a checkbox "ja" or a JSON boolean; absent or empty is no', () => {
      expect(
        accepted({ ...paper, contactName: 'Karin', invoiceConsent: true }).invoiceConsent,
      ).toBe(true);
      expect(accepted({ ...paper, invoiceConsent: '' }).invoiceConsent).toBe(false);
      expect(accepted({ ...paper, invoiceConsent: false }).invoiceConsent).toBe(false);
      expect(refused({ ...paper, invoiceConsent: 'yes' })).toEqual({
        invoiceConsent: ['ska vara true eller false'],
      });
    });

    it('needs a name, since an invoice ends anonymity', () => {
      expect(refused({ ...paper, invoiceConsent: 'ja' })).toEqual({
        contactName: ['Ange ditt namn om du vill ha faktura.'],
      });
    });

    it('applies only to paper copies', () => {
      expect(
        refused({
          description: 'IUP',
          delivery: 'electronic',
          contactName: 'Karin',
          invoiceConsent: true,
        }),
      ).toEqual({
        invoiceConsent: ['Faktura gäller bara papperskopior; de andra sätten är kostnadsfria.'],
      });
    });
  });
});

describe('characters in a request', () => {
  const intake = { description: 'Min dotters plan', delivery: 'electronic' };

  it('writes ligatures as their letters', () => {
    expect(accepted({ ...intake, description: 'Planen för ﬁnska' }).description).toBe(
      'Planen för finska',
    );
  });

  it('refuses a NUL, naming it and where it stands, in the field it was typed in', () => {
    const problems = refused({ ...intake, description: 'Min dotters\u0000 plan' });
    expect(Object.keys(problems)).toEqual(['description']);
    expect(problems.description?.[0]).toMatch(
      /^innehåller ett otillåtet tecken \(NUL, U\+0000\) efter ”Min dotters”/,
    );
  });

  it('refuses a direction control in any text field', () => {
    const problems = refused({ ...intake, pupilName: 'Alva \u202eLindqvist' });
    expect(Object.keys(problems)).toEqual(['pupilName']);
    expect(problems.pupilName?.[0]).toContain('U+202E, höger-till-vänster-åsidosättning');
  });
});
