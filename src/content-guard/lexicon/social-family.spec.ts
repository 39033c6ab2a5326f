import type { Category } from '../categories';
import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

/** The categories the word lists find in a text (the sentence model is trained apart). */
const listed = (text: string): Category[] => {
  const found = new Set(lexiconHits(tokenize(text)).map((hit) => hit.category));
  return [...found].sort();
};

describe('social_family word list: the parents’ separation, stated', () => {
  it.each([
    'Sedan föräldrarnas skilsmässa bor Amina mest hos pappan och åker buss till skolan.',
    'Vi vårdnadshavare vill meddela att vi separerar i samförstånd.',
    'Pappa: Efter bodelningen bor Ebba huvudsakligen hos sin mamma.',
    'båda föräldrarna är skilda, det vet alla',
    'mamma o pappa e skilda nu',
    'Hon har skilda föräldrar och två hem.',
  ])('finds "%s"', (text) => {
    expect(listed(text)).toContain('social_family');
  });

  it.each([
    'I kemin separerade klassen sand och salt genom avdunstning.',
    'I NO har Alva undersökt hur en ek skiljer sig från en lönn.',
    'I svenska läste klassen en roman om en skilsmässa ur ett barns perspektiv.',
    'Hennes pappa lever i en samkönad relation sedan skilsmässan.',
    'Föräldrarna har skilda åsikter om mobilen men är överens om läxorna.',
  ])('leaves "%s" alone', (text) => {
    expect(listed(text)).not.toContain('social_family');
  });
});

describe('social_family word list: parentage', () => {
  it.each([
    'Frejas pappa har begärt ett faderskapstest via familjerätten.',
    'Ett faderskapstest har genomförts på begäran av socialtjänsten.',
    'Eleven bor i familjehem och har umgänge med sin biologiska mamma varannan helg.',
  ])('finds an authority or a foster home in "%s"', (text) => {
    expect(listed(text)).toContain('social_family');
  });

  it.each([
    'vi gjorde ett faderskapstest när jag var liten, mamma berättade det i somras',
    'Mamma: vi har gjort ett DNA-test för att fastställa faderskapet och resultatet är klart.',
    'Ebba söker efter sin biologiska pappa via DNA-databaser.',
    'Enligt vårdnadshavare har ett DNA-test visat en ärftlig hörselnedsättning.',
  ])('leaves a test the family did to genetic data: "%s"', (text) => {
    expect(listed(text)).not.toContain('social_family');
  });
});

describe('social_family word list: not the family’s matter', () => {
  it.each([
    // A union, a strike, a notice.
    'Pappan, som är medlem i Fastighets, företräder kollegorna i en tvist.',
    'pappa strejkar med facket i hamnen så vi har typ inga pengar just nu',
    'pappa e med i facket, han var på möte hela natten när dom varslade',
    'Mamma är medlem i Musikerförbundet, så eleven är ofta ensam hemma på helgerna.',
    'Moas mamma är facklig representant för Akademikerförbundet SSR på socialtjänsten.',
    // Origin alone, staff who did not step in, a medicine's effect.
    'Linnea kom till Sverige som ensamkommande och bor hos en släkting i Umeå.',
    'Hon beter sig helt annorlunda när ingen vuxen ser på.',
    'Alva har gått över till Elvanse och är mindre hungrig vid lunch.',
    // A row at home about politics, faith or a coming out.
    'Ebbas storasyster är aktiv i ett parti och det blir bråk hemma om politik.',
    'Storebror har kommit ut som gay och det har blivit bråk hemma med farföräldrarna.',
    // A sibling's addiction is the sibling's health.
    'min bror e spelberoende o mamma har ringt beroendemottagningen',
  ])('leaves "%s" alone', (text) => {
    expect(listed(text)).not.toContain('social_family');
  });

  it.each([
    'Pappa blev varslad och vi har inte råd med skolresan.',
    'Socialtjänsten har inlett en utredning enligt BBIC.',
    'Eleven har en god man eftersom hon kom hit som ensamkommande.',
    'Mamma har ett spelberoende och har sökt hjälp på beroendemottagningen.',
    'Det är mycket bråk hemma mellan mamma och pappa.',
  ])('still finds "%s"', (text) => {
    expect(listed(text)).toContain('social_family');
  });
});

describe('social_family word list: violence at home', () => {
  it.each([
    'pappa slår mamma när han har druckit o då gömmer jag mig',
    'Eleven bor i ett jourhem sedan han blivit slagen av sin styvpappa.',
    'Mamma och eleven bor på ett skyddat boende efter hot från pappan.',
  ])('finds "%s"', (text) => {
    expect(listed(text)).toContain('social_family');
  });

  it.each([
    'Eleven slog bollen över staketet i brännbollen.',
    'Pappa skriver att eleven slog sitt eget rekord i längdhopp.',
    'sten slog mig i ansiktet på skolgården o mamma har polisanmält honom',
  ])('leaves "%s" alone', (text) => {
    expect(listed(text)).not.toContain('social_family');
  });
});

describe('social_family word list: fetching, bills, housing, separation ahead', () => {
  it.each([
    'Mamma: pappan har ett kontaktförbud och får inte hämta honom på skolan.',
    'Pappa har ensam vårdnad och mamma inte får hämta Wilma.',
    'vi har ingen el ibland för räkningen inte e betald',
    'Nu lever vi på a-kassa och hyran för mars är obetald.',
    'Familjen saknar fast bostad sedan i höstas.',
    'hennes föräldrar ska skilja sig o hon kanske måste flytta',
    'mamma o pappa bråkar hela tiden o jag e rädd',
    'selma bor inte med sin mamma',
    'min pappa super varje helg o e typ alkis',
    'Ebba kom med blåmärken och berättade att mamma har slagit henne.',
    'Pappa: jag har suttit inne tidigare men nu har jag ett vanligt jobb.',
    'Mamma har varit skyddsombud för Kommunal, och familjen har fått försörjningsstöd under hösten.',
    'Pappa har suttit i fängelse för bedrägeri, det vet hon.',
    'Pappa har fotboja under våren efter en dom för rattfylleri.',
    'Mamma har fått kontaktförbud mot sin tidigare sambo.',
    'Emir har berättat att hans pappa har lämnat mamma för en annan man.',
    'Mamma skriver: Jag och hans pappa bor inte ihop längre.',
    'Familjen är trångbodd, sju personer i en tvårumslägenhet.',
    'Vi bor i andra hand och måste flytta igen i juni.',
    'Ansökan om gemensam vårdnad har avslagits av tingsrätten.',
    'mamma har lånat pengar av kompisar för att vi ska ha mat',
    'Mamma har utsatts för våld av sin nya sambo.',
    'Hon berättar att hon inte vågar gå hem eftersom styvpappa skriker.',
    'Familjen har bett att adressen inte står i planen eftersom den är hemlig för pappan.',
    'Familjen är fattiga och har inte råd med mat.',
  ])('finds "%s"', (text) => {
    expect(listed(text)).toContain('social_family');
  });

  it.each([
    'Pappa får inte hämta ut paketet utan legitimation.',
    'Pappa har fått hjälp av facket med sin obetalda lön.',
    'Vid föräldramötet fick vårdnadshavarna höra om skolans rutiner för orosanmälan, som gäller alla skolor.',
    'mamma jobbar på socialkontoret o bestämmer om bidrag',
    'Eleven höll en redovisning om familjehemmens historia i Sverige.',
    'Eleven har svårt att känna empati för kamrater som far illa.',
    'Eleven har enskild placering vid prov och hörselkåpor.',
    'Pappa: vi strejkade med facket i våras så vi hade inte råd med resan.',
    'pappa o mamma bråkar fortfarande om vem som ska diska lol',
    'vi e fattiga på robux haha mamma vägrar köpa mer',
    'Hon bor inte hos sin pappa i helgen eftersom han jobbar.',
    'min bror super varje helg o e typ alkis, mamma gråter hela tiden',
    'Hans farbror har suttit i fängelse, berättar han.',
    'Mamma lämnade pappa på stationen och kom sedan till mötet.',
    'Vi har gemensam vårdnad och båda vill ha information.',
    'jag lånade pengar av mamma till godis i kiosken',
    'mamma o pappa bråkar om vem som ska diska varje kväll lol',
  ])('leaves "%s" alone', (text) => {
    expect(listed(text)).not.toContain('social_family');
  });
});
