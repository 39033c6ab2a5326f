import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

const found = (text: string): string[] => [
  ...new Set(lexiconHits(tokenize(text)).map((hit) => hit.category)),
];

describe('ethnic_origin terms', () => {
  it.each([
    // A people named in the first person, whatever lesson word the sentence also holds.
    'Pappa skriver: som lulesamer har vi alltid fått förklara oss.',
    'Pappa: Vi är norrmän, vilket förklarar luckorna i svensk historia.',
    'jag e somalier o pratar svenska med kompisarna',
    // Nationals' plural parents.
    'De är de enda i klassen med tyska mammor.',
    'Han har polska pappor i släkten.',
    // An origin a person carries.
    'Ebba har en samisk identitet och bär kolt vid högtidliga tillfällen.',
    'Hon är stolt över sin kurdiska bakgrund.',
    // A relative's activism in the home country.
    'Aminas morbror är politisk aktivist i Iran och familjen följer nyheterna.',
    // A seat in the Sami Parliament.
    'Frejas morfar sitter i Sametinget för Jakt- och Fiskesamerna.',
    // Round nine: the origin pointed back to after a country is named.
    'Han pratar mycket om Somalia eftersom mamma kommer därifrån.',
    // Active in a movement in the family's country.
    'Farmor var aktiv i kvinnorörelsen i Irak.',
    // Registered in the family's country.
    'Mamma är fortfarande folkbokförd i Eritrea.',
    // A guardian's unnamed home country in the first person.
    'Pappa skriver: I mitt land jag var lärare.',
    // A people after an infinitive, in the pupil's own words or a feeling.
    'ibland e de jobbigt att va kurd i skolan',
    'Jag är stolt över att vara same.',
    // The Tornedalians' own name.
    'Morfar kallar sig lantalainen.',
    // The arrival as a noun.
    'Hon var bara fyra år vid ankomsten till Sverige.',
    // A Sami party.
    'Moster är medlem i Samelandspartiet.',
    // The Sami dress worn, reindeer herding in a compound.
    'Elle bar sin kolt på skolavslutningen.',
    'Han kommer från en renskötarfamilj.',
    // Half or a quarter of a people as one word.
    'jag e ju halvirakier',
    'han e halvkurd',
    'jag e kvartsfinsk',
    // Roots abroad, coming here from a camp.
    'Familjen har rötter i Gambia.',
    'De kom hit från ett flyktingläger.',
  ])('finds %s', (text) => {
    expect(found(text)).toContain('ethnic_origin');
  });

  it.each([
    // A people's cause or past, not a person's origin.
    'Linnea har skrivit ett mycket bra arbete om samernas rättigheter.',
    'Eleven har deltagit i en manifestation för samiska rättigheter utanför Sametinget i Kiruna.',
    // A penalty in any sport.
    'Linnea spelade ishockey och fick utvisning två minuter för hakning.',
    // Originally.
    'Ordet tönt betydde ursprungligen en klumpig person.',
    // A church named after a people.
    'Amina har berättat att hon går i söndagsskola i Assyriska kyrkan.',
    // For or against a nation as a cause.
    'Ebba var en av arrangörerna bakom en pro-palestinsk demonstration.',
    // A people's party or movement.
    'Amina har uttryckt sympati för kurdiska PKK-anhängare i en diskussion.',
    // Immigrants as a group in a debate.
    'ja e vänster typ o hatar när folk säger att invandrare e problemet',
    // A role in a story.
    'Huvudpersonen i boken har en samisk identitet.',
    // Round nine: counting in a language in a language week.
    'Vi lärde oss räkna till tio på arabiska under språkveckan.',
    'Klassen räknade till tjugo på nordsamiska.',
    // The school's offer to every pupil entitled to it.
    'Skolan erbjuder modersmålsundervisning i somaliska till alla elever som har rätt till det.',
    // A nation's adjective on a thing.
    'Han köpte en begagnad cykel av den polska firman.',
    // A novel read together.
    'Vi läste Utvandrarna och Kristina längtade hem till hemlandet.',
    // Sweden as my country.
    'Sverige är mitt land och här vill jag bo.',
    // A country in a lesson, and a Swedish town.
    'På lektionen om Kenya lärde vi oss att kaffet kommer därifrån.',
    'Hon är folkbokförd i Umeå.',
    // The Sami dress tried on at a museum.
    'Klassen fick prova en kolt på museet.',
    // "halv" before a word that only begins like a people.
    'Vi läste halvromanen i svenskan.',
    'Vi vann kvartsfinalen.',
    // A land in a game.
    'jag bor i mitt land i minecraft haha',
    // Roots in or coming from a Swedish province or city.
    'Han har rötter i Norrland.',
    'De kom hit från Malmö förra året.',
    // A nation's dish or thing, a parent's workplace.
    'Klassen fick smaka på eritreansk injera.',
    'Han har en turkisk kebab i matlådan.',
    'Pappa jobbar på Migrationsverket.',
  ])('leaves %s alone', (text) => {
    expect(found(text)).not.toContain('ethnic_origin');
  });
});
