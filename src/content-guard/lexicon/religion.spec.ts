import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

const found = (text: string): string[] => [
  ...new Set(lexiconHits(tokenize(text)).map((hit) => hit.category)),
];

describe('religion terms', () => {
  it.each([
    // A religion named by a compound, believed in.
    'Linnea har uttryckt att hon tror på en samisk naturreligion.',
    // Prayer as a habit.
    'Ebba ber regelbundet under skoldagen och har fått ett tyst rum.',
    'jag ber dagligen och det hjälper mig',
    // A feast kept by a person.
    'Hon fastar under ramadan.',
    'Pappa: vi firar diwali med släkten.',
    'emir va ledig för eid o jag fick baklava',
    // Round nine: grace at a meal.
    'Hon tycker att det är viktigt att be innan maten.',
    'Familjen ber alltid före måltiden.',
    // Fasting in the first person, beside a lesson's name.
    'vi fastar inför påsk, de e tufft på hemkunskapen',
    // EFS as pupils write it.
    'ja e med i efs o åker på läger',
    // A national church of a person, and "högtidlig" is no feast excusing it.
    'Familjen går i den eritreansk-ortodoxa kyrkan.',
    'Han går till moskén vid högtidliga tillfällen.',
    // Going to church as a habit stays a faith.
    'vi går till kyrkan på söndagar',
  ])('finds %s', (text) => {
    expect(found(text)).toContain('religion');
  });

  it.each([
    // A feast as a date in the school's calendar, or a school event.
    'Ramadan infaller i mars i år, och skolan har informerat alla vårdnadshavare om lunchen.',
    'Under ramadan har skolan flyttat sportdagen till efter påsklovet.',
    // Asking, not praying.
    'Eleven ber regelbundet om hjälp under lektionerna.',
    // The content of a ceremony.
    'Skolavslutningen äger rum i kyrkan men utan religiösa inslag.',
    // The humanities.
    'Ebba söker till Humanistiska programmet på gymnasiet.',
    // A faith written about in a test.
    'jag skrev om buddhismen på provet o fick A, det va den religionen jag tyckte va intressantast',
    // A revival movement as a lesson.
    'I svenska läste vi Jerusalem och diskuterade väckelserörelsen i Dalarna.',
    // Partial descent: an origin.
    'Amina beskriver sig själv som halvt judisk.',
    // Round nine: a feast excuses a place of worship named beside it.
    'Under högtiden var moskén full.',
    // A free-church town, a church building moved, a priest in a story.
    'Jönköping kallas ibland en frikyrkostad.',
    'Klassen följde när kyrkan flyttades till det nya centrum.',
    'Hon skrev en berättelse om en präst och en varg.',
    // A national church's monasteries as history, freedom of religion as civics.
    'Eleven skrev i historieuppgiften om de syrisk-ortodoxa klostren.',
    'Religionsfriheten är skyddad i regeringsformen.',
    // Chaldeans as a people.
    'Den kaldeiska folkgruppen bor i norra Irak.',
    // Asking before a meal.
    'Han bad om lov innan maten.',
    // A place of worship as a landmark, its age, the class at an Advent service.
    'Vi gick förbi moskén på vägen till simhallen.',
    'Vi såg kyrkan från bussen.',
    'Kyrkan i byn är från 1200-talet.',
    'Klassen var i kyrkan på adventsgudstjänst.',
    // A game, a podcast.
    'vi spelade ett spel om kristna riddare',
    'ja lyssnade på en podd om islam',
    'ja vill bli präst i minecraft haha',
  ])('leaves %s alone', (text) => {
    expect(found(text)).not.toContain('religion');
  });
});
