import { startTestApp, TestApp } from '../support/test-app';

/**
 * The information page (GDPR art. 13) says what is kept and for how long from the same settings
 * the nightly disposal applies, names the data protection officer, and says where imported
 * data are corrected.
 */
describe('the information page: each category of personal data, from the disposal settings', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      env: {
        RETENTION_YEARS: '5',
        REQUEST_RETENTION_YEARS: '12',
        GUARDIAN_CONTACT_GRACE_DAYS: '45',
        STAFF_ACCOUNT_DELETE_DAYS: '120',
        REGISTER_EXTRACT_KEEP_DAYS: '21',
        TALK_KEEP_DAYS: '14',
        DATA_PROTECTION_OFFICER: 'Dataskyddsombudet i Provkommun, dso@prov.example',
      },
    });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('lists every category with why, where from, who sees it and how long, in the settings’ words', async () => {
    const page = (await testApp.http().get('/information').expect(200)).text;

    for (const category of [
      'Elevens namn, personnummer, skola, klass och vårdnadshavare',
      'Individuell utvecklingsplan (IUP)',
      'Vårdnadshavares namn och personnummer',
      'Kontaktuppgifter och bild som du själv lägger in',
      'Aviseringar via e-post som du väljer',
      'Bokade utvecklingssamtal',
      'Personalens namn, personnummer och uppdrag',
      'Konto och inloggning',
      'Begäran om allmän handling',
      'Registerutdrag',
      'Loggen över läsningar och ändringar',
    ]) {
      expect(page).toContain(`<h3 class="card__title">${category}</h3>`);
    }
    expect(page.match(/<dt>Varför<\/dt>/g)).toHaveLength(11);
    expect(page.match(/<dt>Varifrån<\/dt>/g)).toHaveLength(11);
    expect(page.match(/<dt>Vem ser dem<\/dt>/g)).toHaveLength(11);
    expect(page.match(/<dt>Hur länge de sparas<\/dt>/g)).toHaveLength(11);

    // The periods are the settings the disposal uses.
    expect(page).toContain('sparas i 5 år efter att eleven har lämnat grundskolan');
    expect(page).toContain('5 år efter att eleven lämnat grundskolan, sedan gallras den.');
    expect(page).toContain('45 dagar efter att ditt sista barn slutat tas de bort');
    expect(page).toContain('eller 45 dagar efter att eleven eller ditt sista barn slutat');
    expect(page).toContain('stängs kontot direkt och tas bort efter 120 dagar');
    expect(page).toContain('12 år efter att ärendet avslutats');
    expect(page).toContain('Filerna tas bort 21 dagar efter att utdraget skickats');
    expect(page).toContain('14 dagar efter samtalet; sedan tas tiden och bokningen bort');
    expect(page).not.toContain('30 dagar');
    expect(page).not.toContain('90 dagar');

    // Where imported data are corrected, and how to ask; the data protection officer.
    expect(page).toContain(
      'Namn, personnummer, skola, klass och vårdnadshavare hämtas från skolans register och rättas där',
    );
    expect(page).toContain(
      'kontakta ditt barns skola eller Sektor Lärande (telefon 0302-52 10 00)',
    );
    expect(page).toContain(
      'Kommunens dataskyddsombud: Dataskyddsombudet i Provkommun, dso@prov.example.',
    );
  });
});
