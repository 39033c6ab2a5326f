import type { GuardContext } from './categories';
import type { Token } from './word-forms';

/**
 * Names that are also ordinary Swedish words ("varje dag", "en saga", "under
 * en ek", "två gånger per vecka", "han ville inte"). Written in lower case
 * they are the word; capitalised at the start of a sentence they are taken
 * for a name only when the classmate's family name follows.
 */
const ORDINARY_WORDS = new Set([
  'dag',
  'falk',
  'holme',
  'ebb',
  'saga',
  'ek',
  'sten',
  'björn',
  'rut',
  'ros',
  'siv',
  'bo',
  'tor',
  'liv',
  'vilja',
  'my',
  'axel',
  'linnea',
  'viola',
  'iris',
  'sol',
  'storm',
  'vide',
  'ask',
  'lind',
  'alm',
  'berg',
  'holm',
  'strand',
  'dahl',
  'sjö',
  'lund',
  'ström',
  'bäck',
  'hav',
  'malm',
  'kvist',
  'blom',
  'nord',
  'frost',
  'vinter',
  'sommar',
  'höst',
  'vår',
  'april',
  'maj',
  'juni',
  'august',
  'mark',
  'max',
  'sam',
  'tim',
  'kim',
  'love',
  'noel',
  'lo',
  'klara',
  'lova',
  'bror',
  'gun',
  'per',
  'jan',
  'ville',
  'lina',
  'ester',
  'nova',
  'stig',
  'rosa',
  'flora',
  'fred',
  'minna',
  'dan',
  'frank',
  'glad',
  'ljung',
  'björk',
  'gran',
  'tall',
  'lönn',
  'rönn',
  'hassel',
  'sälg',
  'asp',
  'lilja',
  'viol',
  'vallmo',
  'klöver',
  'flinta',
  'snö',
  'vind',
  'bris',
  'våg',
  'bro',
  'fjäll',
  'äng',
  'hed',
  'mo',
  'kärr',
  'mosse',
  'myr',
  'varg',
  'räv',
  'ulv',
  'örn',
  'hök',
  'svan',
  'trana',
  'duva',
  'sparv',
  'lärka',
  'fink',
  'hjort',
  'lamm',
  'eld',
  'regn',
  'moln',
  'sky',
  'stjärna',
  'måne',
  'tuva',
  'kaj',
  'siri',
  'alexa',
  'gull',
  'mod',
  'milan',
  'tilde',
  'sand',
  'skog',
  'fors',
  'vik',
  'dal',
  'borg',
  'hall',
  'palm',
  'mina',
  'stål',
  'mård',
  'järn',
  'guld',
  'silver',
  'koppar',
  'lodjur',
  // Words that are family names: "ovanligt mild", "vilda djur", "på lagret", "en lax", "en gren".
  'mild',
  'vilda',
  'lager',
  'lax',
  'gren',
  'vall',
  // Adjectives and nature words that are also names: "i rask takt", "en vass kniv", "stormen".
  'rask',
  'vass',
  'storm',
  'nord',
  'malm',
  'vinter',
  'hägg',
  'fors',
  'kvist',
  // Adjectives that are family names: "Wilma var glad och stolt", "en frisk inställning".
  'stolt',
  'frisk',
  'snäll',
  'säll',
  'ung',
  'fri',
  'lång',
  'kort',
  'modig',
  'fager',
  'blid',
  'stark',
  'rik',
  'vild',
  'lugn',
  'tyst',
  'ljus',
  'svart',
  'vit',
  'grön',
  'brun',
  'grå',
  'kall',
  'varm',
  'from',
  'klok',
  'hård',
  'snabb',
  'säker',
  'trygg',
  'nöjd',
  'fin',
  'söt',
  'stor',
  'lycklig',
  'ärlig',
  'rolig',
  'dyr',
  'bred',
  'rak',
  'vän',
  // "Mörk choklad", "Kraft och energi", "Skarp kniv": more adjectives and nouns that are family names.
  'mörk',
  'kraft',
  'kvick',
  'rapp',
  'djärv',
  'skarp',
  // Nouns that are names: "en ring", "ett lejon", "frid och arbetsro".
  'ring',
  'lejon',
  'frid',
  'hopp',
  'lycka',
  'ära',
  'fisk',
  'lax',
  'hamn',
  'näs',
  'vall',
  'kulle',
  'ås',
  'lid',
  'blad',
  'löv',
  'gren',
  'rot',
  'kvarn',
  'torn',
  'mur',
  'flod',
  'källa',
  'krona',
  'kron',
  'pärla',
  'ängel',
  'kung',
  'prins',
  'björnbär',
  'bär',
  'hjärta',
  'ekorre',
  'uggla',
  'korp',
  // Verbs that are names: "ett ljus som kan glimma".
  'glimma',
  'klinga',
  // Nouns that are names: "vinden från söder", "över sundet", "en svala", "med fröjd".
  'söder',
  'norr',
  'väst',
  'öst',
  'sund',
  'fröjd',
  'sköld',
  'brink',
  'kull',
  'svala',
  'heder',
  'kråka',
  'skata',
  'häger',
  'stare',
]);

/**
 * Words that place the noun after them as a thing: "ett lejon", "en ring", "någon storm",
 * "varje vinter", "en annan Noor".
 */
const DETERMINERS = new Set([
  'en',
  'ett',
  'någon',
  'något',
  'ingen',
  'inget',
  'varje',
  'varenda',
  'vilken',
  'vilket',
  'sin',
  'sitt',
  'ditt',
  'mitt',
  'vårt',
  'ert',
  'denna',
  'detta',
  'samma',
  'annan',
  'annat',
  'hela',
  'stor',
  'stora',
  'liten',
  'lilla',
  'fin',
  'fina',
]);

/** After a copula or a degree adverb a word is an adjective: "var glad", "så glad", "e stolt". */
const BEFORE_AN_ADJECTIVE = new Set([
  'var',
  'va',
  'är',
  'e',
  'blev',
  'blir',
  'vara',
  'varit',
  'bli',
  'känner',
  'kände',
  'så',
  'mycket',
  'jätte',
  'väldigt',
  'ganska',
  'lite',
  'sjukt',
  'riktigt',
  'extra',
  'mer',
  'mest',
  'för',
  'inte',
  'helt',
  'alltid',
  'lika',
  'ovanligt',
  'otroligt',
  'extremt',
  'onormalt',
  'förvånansvärt',
  'rätt',
  'hur',
  'väl',
  'tämligen',
  'relativt',
  'särskilt',
  'speciellt',
]);

/** Pronouns a verb of command takes: "Ring mig", "Ring oss" (the verb, not Ring the pupil). */
const OBJECT_PRONOUNS = new Set(['mig', 'mej', 'oss', 'dig', 'dej', 'honom', 'henne', 'dem', 'er']);

/**
 * Particles inside another person's name: "Vincent van Gogh", "Leonardo da Vinci",
 * "Osama bin Laden"; before a capitalised word they make the name someone else's.
 */
const NAME_PARTICLES = new Set([
  'van',
  'von',
  'de',
  'da',
  'di',
  'del',
  'der',
  'den',
  'le',
  'la',
  'al',
  'el',
  'bin',
  'ibn',
  'af',
  'du',
  'mac',
  'mc',
  "o'",
]);

/** English words beside a capitalised name: a title or a phrase ("Love and Friendship"). */
const ENGLISH_WORDS = new Set([
  'and',
  'of',
  'the',
  'is',
  'my',
  'you',
  'me',
  'to',
  'in',
  'for',
  'with',
]);

/**
 * A frame of fiction, scripture, history, art or sport in the sentence: a name in it may be a
 * character's or a famous person's ("oliver twist filmen", "ture sventon e min favoritdetektiv",
 * "zlatan ibrahimović e min idol", "Ebba spelade Nora ... i dramaform").
 */
const FICTION_FRAME =
  /^(?:film\p{L}*|serie\p{L}*|tv-serie\p{L}*|avsnitt\p{L}*|bok|boken|böcker\p{L}*|roman\p{L}*|novell\p{L}*|dikt\p{L}*|pjäs\p{L}*|drama\p{L}*|teater\p{L}*|\p{L}*spelet|julspel\p{L}*|musikal\p{L}*|föreställning\p{L}*|framförande\p{L}*|roll|rollen|huvudperson\p{L}*|karaktär\p{L}*|figur\p{L}*|berättelse\p{L}*|sagan|sagor\p{L}*|detektiv\p{L}*|favorit\p{L}*|idol\p{L}*|förebild\p{L}*|hjälte\p{L}*|superhjälte\p{L}*|bibel\p{L}*|bibeln|religion\p{L}*|testament\p{L}*|mytologi\p{L}*|konstnär\p{L}*|målning\p{L}*|tavl\p{L}*|staty\p{L}*|skulptur\p{L}*|läste|läser|läst|läsa|tittade|kollade|spelaren|landslag\p{L}*|proffs\p{L}*|författar\p{L}*|analys\p{L}*|analyser\p{L}*|historia|historien|historisk\p{L}*)$/u;

/** Playing a part: "spelade Nora", "gestaltade Melker". */
const PLAYED_A_PART = /^(?:spelade|spelar|spela|spelat|gestaltade|gestaltar|porträtterade|var)$/;
/** A word for a drama, where "spelade X" is a part: "julspelet", "pjäsen", "i dramaform". */
const DRAMA =
  /^(?:\p{L}*spel(?:et)?|pjäs\p{L}*|drama\p{L}*|dramaform|teater\p{L}*|roll\p{L}*|föreställning\p{L}*|framförande\p{L}*|musikal\p{L}*|film\p{L}*|scen\p{L}*|rollspel\p{L}*)$/u;
/** A work by its author: "en dikt av", "romanen av". */
const AUTHORED =
  /^(?:dikt\p{L}*|roman\p{L}*|novell\p{L}*|bok|boken|böcker\p{L}*|pjäs\p{L}*|sång\p{L}*|låt|låten|visa|visan|saga|sagan|sagor\p{L}*|bilderbok\p{L}*|serie\p{L}*|skrivna?|skriven|författad\p{L}*)$/u;
/** Names that are feasts of the calendar: "firade Lucia", "firar Valborg". */
const FEAST_NAMES = /^(?:lucia|valborg|mårten|staffan|olof|kristina)$/u;
/** Verbs of having a thing from someone: "lånade en bok av", "fick en dikt av". */
const RECEIVING =
  /^(?:lånade|lånat|lånar|låna|fick|fått|får|köpte|köpt|ärvde|ärvt|tog|tagit|hämtade|stal|snodde|gav|fåt)$/u;
/** What is named after a person, after the person's name in the genitive: "Viktor Rydbergs gymnasium". */
const NAMED_AFTER_A_PERSON =
  /^(?:gymnasium|gymnasiet|gata|gatan|väg|vägen|plats|platsen|torg|torget|park|parken|museum|museet|pris|priset|stipendium|stipendiet|stiftelse\p{L}*|värld|sällskapet|minnesfond\p{L}*|böcker|sagor|romaner|dikter|låtar|filmer|verk|berättelser|författarskap)$/u;
/** Scripture and works a figure is "in": "josef i bibeln", "Ronja i boken". */
const IN_A_WORK =
  /^(?:bibeln|koranen|toran|talmud|evangeliet|evangelierna|testamentet|sagan|sagorna|boken|böckerna|filmen|filmerna|serien|pjäsen|romanen|novellen|dikten|berättelsen|berättelserna|myten|myterna|legenden|mytologin|eposet|spelet)$/u;
/** A sign, a letter or a word by its name: "tecknet hamza", "bokstaven alif", "ordet saga". */
const SIGN_WORDS = new Set([
  'tecknet',
  'bokstaven',
  'ordet',
  'symbolen',
  'stjärnbilden',
  'planeten',
  'ovädret',
  'stormen',
  'orkanen',
  'båten',
  'skeppet',
  'hästen',
  'hunden',
  'katten',
  // An animal or a figure of a story in apposition: "lejonet Aslan", "björnen Bamse".
  'lejonet',
  'björnen',
  'vargen',
  'räven',
  'draken',
  'kaninen',
  'grisen',
  'musen',
  'ankan',
  'ugglan',
  'tigern',
  'apan',
  'elefanten',
  'roboten',
  'dockan',
  'nallen',
  'trollet',
  'tomten',
  'häxan',
  'figuren',
  'karaktären',
  'huvudpersonen',
]);
/** Characters by a word for one: "huvudpersonen heter Saga", "karaktären hette Melker". */
const CHARACTER_WORDS =
  /^(?:huvudperson\p{L}*|karaktär\p{L}*|figur\p{L}*|hjälte\p{L}*|hjältinna\p{L}*|person\p{L}*|flickan|pojken|prinsessan|prinsen|draken|hunden|katten)$/u;
/** Towns and the country: "Lund är en av Sveriges äldsta städer", "städer som Lund och Falun". */
const GEOGRAPHY =
  /^(?:stad|staden|städer|städerna|\p{L}*stad|kommun\p{L}*|ort|orten|orter|landskap\p{L}*|län|länet|sveriges|skånes|karta\p{L}*|kartan|domkyrk\p{L}*|universitet\p{L}*|invånare|medeltid\p{L}*|grundad\p{L}*|hamnstad)$/u;
/** Thing-words a seasonal or nature noun is said to be: "Vinter är min favoritårstid". */
const THING_PREDICATE =
  /^(?:\p{L}*årstid\p{L}*|\p{L}*månad\p{L}*|\p{L}*färg\p{L}*|\p{L}*väder\p{L}*|djur\p{L}*|\p{L}*djur|\p{L}*träd\p{L}*|fåg\p{L}*|blomm\p{L}*|\p{L}*blomma|metall\p{L}*|bergart\p{L}*|mineral\p{L}*|planet\p{L}*|stjärn\p{L}*|känsla|känslor|egenskap\p{L}*|ord|ordet|stad|städer|land|träslag\p{L}*|material\p{L}*|virke\p{L}*|trä|träd)$/u;
/** "kär i Saga": a person after "i"; otherwise "i X" is a place, a club or a union ("medlem i Livs"). */
const FEELINGS_FOR = new Set([
  'kär',
  'förälskad',
  'förtjust',
  'tänd',
  'intresserad',
  'olycklig',
  // "en fin vän i Ronja", "ett stöd i Hugo": someone found in a person.
  'vän',
  'kompis',
  'bästis',
  'kamrat',
  'stöd',
  'förebild',
  'hjälp',
  'trygghet',
  'sällskap',
  'partner',
  'fadder',
  'mentor',
]);
/** Compounds of those: "läsfadder i Ronja", "bänkkompis i Hugo". */
const FOUND_IN_A_PERSON = /(?:fadder|kompis|vän|kamrat|stöd|partner|förebild|sällskap)$/u;
/** Languages a word is named in: "Leo på engelska", "som det heter på latin". */
const LANGUAGES =
  /^(?:engelska|latin|latinska|svenska|tyska|franska|spanska|italienska|grekiska|arabiska|finska|norska|danska|persiska|turkiska|somaliska|kurdiska|polska|ryska|esperanto|engelskan|latinet)$/u;
/** Verbs of going to or staying at someone's: "ska till juni på lördag", "sover hos dag". */
const GOING_TO =
  /^(?:ska|skall|åker|åka|åkte|går|gå|gick|cyklar|cyklade|kommer|kom|sover|sov|sova|var|är|följer|följde|springer|sprang)$/u;
/** Verbs whose object is a person: "kallade love för en idiot", "jag saknar sten". */
const PERSON_OBJECT_VERBS = new Set([
  'kallade',
  'kallar',
  'kalla',
  'retade',
  'retar',
  'reta',
  'mobbade',
  'mobbar',
  'knuffade',
  'knuffar',
  'puttade',
  'saknar',
  'saknade',
  'hatar',
  'hatade',
  // Teaching, helping and meeting someone: "jag har lärt siri att räkna", "hjälpte sten med".
  'lärt',
  'lärde',
  'hjälpte',
  'hjälper',
  'hjälpt',
  'träffade',
  'träffar',
  'träffat',
  'bjöd',
  'bjuder',
  'ringde',
  'väckte',
]);
/** Things a person has, after a lower-case genitive: "sagas personnummer", "livs mobil". */
const PERSONS_THINGS =
  /^(?:personn\p{L}*|pnr|nummer|numret|mobil\p{L}*|telefon\p{L}*|adress\p{L}*|födelsedag\p{L}*|kalas\p{L}*|rum|rummet|bänk\p{L}*|plats|platsen|skåp\p{L}*|väska\p{L}*|jacka\p{L}*|kompis\p{L}*|bästis\p{L}*|pojkvän\p{L}*|flickvän\p{L}*|papper|hus|huset|lägenhet\p{L}*|instagram|snap|tiktok)$/u;
/** Short verbs a pupil's lower-case name stands before as the subject: "sten sa", "juni går". */
const PERSON_VERBS = new Set([
  'sa',
  'sade',
  'säger',
  'skrek',
  'ropade',
  'frågade',
  'tycker',
  'tyckte',
  'går',
  'gick',
  'kallade',
  'kallar',
  'retade',
  'retar',
  'slog',
  'sparkade',
  'knuffade',
  'hotade',
  'mobbar',
  'mobbade',
  'ljög',
  'ljuger',
  'grät',
  'gråter',
  'skrattade',
  'skrattar',
]);
/** Pronouns a name is taken up by later in the sentence: "... o hon försökte frälsa mig". */
const PERSONAL_PRONOUNS = new Set(['han', 'hon', 'hen', 'honom', 'henne']);

/** Possessives that are also names ("mina kompisar", "Mina mål"): before a word, the possessive. */
const POSSESSIVES = new Set(['mina']);

/**
 * A title after the word for the work: "filmen Frost", "boken Ronja Rövardotter", "låten Sol".
 */
const WORKS = new Set([
  'filmen',
  'film',
  'filmerna',
  'boken',
  'bok',
  'böckerna',
  'låten',
  'sången',
  'serien',
  'tv-serien',
  'spelet',
  'pjäsen',
  'musikalen',
  'operan',
  'sagan',
  'romanen',
  'novellen',
  'dikten',
  'albumet',
  'skivan',
  'tidningen',
  'programmet',
  'podden',
  'appen',
  'karaktären',
  'figuren',
  'guden',
  'gudinnan',
  'asaguden',
  'jätten',
  'sångerskan',
  'sångaren',
  'artisten',
  'skidåkaren',
  'slalomåkaren',
  'idrottaren',
  'fotbollsspelaren',
  'boxaren',
]);

/**
 * Words of a lesson or a topic where famous bearers of a name are talked about: myth, scripture,
 * books, film, music and sport ("läste om Tor, Oden och Loke", "lyssnade på Björk", "lika snabb
 * som Stenmark i slalom", "berättelsen om Adam och Eva").
 */
const FAME_CUES =
  /^(?:mytologi\p{L}*|asa\p{L}*|gud|gudar\p{L}*|gudinn\p{L}*|vikinga\p{L}*|vikingar\p{L}*|bibel\p{L}*|bibeln|koran\p{L}*|berättelse\p{L}*|religionskunskap\p{L}*|profet\p{L}*|skapelse\p{L}*|bok|boken|böcker\p{L}*|roman\p{L}*|författar\p{L}*|film\p{L}*|bio|bion|biograf\p{L}*|disney\p{L}*|musik\p{L}*|låt|låten|låtar\p{L}*|sång\p{L}*|artist\p{L}*|album\p{L}*|konsert\p{L}*|melodifestival\p{L}*|eurovision\p{L}*|slalom\p{L}*|skidåk\p{L}*|utför\p{L}*|världscup\p{L}*|världsmästar\p{L}*|os|vm|olympi\p{L}*|boxning\p{L}*|boxare\p{L}*|historia|historien|historian|historisk\p{L}*)$/u;
/** Before a name spoken of, not with: "läste om", "lyssnade på", "lika snabb som", "Tor, Oden och". */
const SPOKEN_OF = new Set([
  'om',
  'på',
  'som',
  'och',
  'o',
  'läste',
  'läser',
  'såg',
  'ser',
  'lyssnade',
  'lyssnar',
  'hörde',
  'av',
]);

interface NameIndex {
  /** The pupil's and the staff's own name parts. */
  readonly own: ReadonlySet<string>;
  /** The classmates' family names (lower case). */
  readonly familyNames: ReadonlySet<string>;
  /** Lower-case name part → the classmates' full names it belongs to. */
  readonly parts: Map<string, Set<string>>;
  readonly fullNames: Set<string>;
  /** The classmates' given names that are no ordinary word, for nicknames and misspellings. */
  readonly givenNames: readonly string[];
}

const MIN_NAME_LENGTH = 2;

function nameParts(name: string): string[] {
  return name
    .split(/\s+/)
    .map((part) => part.toLocaleLowerCase('sv'))
    .filter((part) => part.length >= MIN_NAME_LENGTH);
}

function ownNames(context: GuardContext): Set<string> {
  return new Set(
    [context.pupil, ...(context.staff ?? [])].flatMap((person) => [
      ...nameParts(person?.givenName ?? ''),
      ...nameParts(person?.familyName ?? ''),
    ]),
  );
}

/** A plan's fields are checked one by one with the same context: its names are indexed once. */
const nameIndexes = new WeakMap<GuardContext, NameIndex>();

function indexNames(context: GuardContext): NameIndex {
  const known = nameIndexes.get(context);
  if (known) {
    return known;
  }
  const index = buildNameIndex(context);
  nameIndexes.set(context, index);
  return index;
}

function buildNameIndex(context: GuardContext): NameIndex {
  const own = ownNames(context);
  const parts = new Map<string, Set<string>>();
  const fullNames = new Set<string>();
  for (const classmate of context.classmates ?? []) {
    const full = `${classmate.givenName} ${classmate.familyName}`.toLocaleLowerCase('sv');
    fullNames.add(full);
    for (const part of [...nameParts(classmate.givenName), ...nameParts(classmate.familyName)]) {
      // The pupil's own name (a sibling's shared family name) or the mentor's is never another pupil's.
      if (own.has(part)) continue;
      parts.set(part, (parts.get(part) ?? new Set()).add(full));
    }
  }
  const familyNames = new Set(
    (context.classmates ?? []).flatMap((classmate) => nameParts(classmate.familyName)),
  );
  const givenNames = [
    ...new Set(
      (context.classmates ?? [])
        .flatMap((classmate) => nameParts(classmate.givenName))
        .filter((name) => !ORDINARY_WORDS.has(name) && !own.has(name) && name.length >= 4),
    ),
  ];
  return { own, familyNames, parts, fullNames, givenNames };
}

/** The name a token stands for: as written, or in the genitive (Omars, Elias'). */
function nameOf(token: Token, index: NameIndex): string | null {
  const word = token.word.replace(/['’]$/, '');
  if (index.parts.has(word)) return word;
  if (word.endsWith('s') && index.parts.has(word.slice(0, -1))) return word.slice(0, -1);
  return null;
}

/** After these a name that is also a place is the place ("i Lund", "vid Strand"), except "hem till". */
const PLACE_PREPOSITIONS = new Set(['i', 'till', 'från', 'vid', 'mot', 'genom', 'utanför', 'nära']);
const PLACES = new Set([
  'lund',
  'holm',
  'berg',
  'strand',
  'dahl',
  'vik',
  'borg',
  'sand',
  'skog',
  'fors',
  'dal',
  'hall',
  'ström',
  'sjö',
  'bäck',
  'malm',
  'nord',
  'ek',
]);

/** Words that follow a person's name as the subject of a sentence: "Saga har", "Dag och Elsa". */
const FOLLOWS_A_NAME = new Set([
  'har',
  'hade',
  'är',
  'var',
  'och',
  'kan',
  'ska',
  'skulle',
  'vill',
  'ville',
  'brukar',
  'sa',
  'sade',
  'säger',
  'tycker',
  'gick',
  'kom',
  'fick',
  'blev',
  'hjälper',
  'hjälpte',
  'sitter',
  'satt',
  'leker',
  'lekte',
  'retar',
  'retade',
  'slog',
  'sparkade',
  'skrev',
  'berättade',
  'frågade',
  'gav',
  'tog',
  'o',
  'e',
  'kallar',
  'kallade',
  'skriver',
  'gör',
  'gjorde',
  'pratar',
  'pratade',
  'bråkar',
  'bråkade',
  'mobbar',
  'mobbade',
  'tjatar',
  'fuskar',
  'fuskade',
  'spelar',
  'spelade',
  'tränar',
  'tränade',
  'knuffade',
  'knuffar',
  'hotade',
  'hotar',
  'stal',
  'snodde',
  'lånade',
  // "Vilda bor på Mölleväg 2": where a person lives.
  'bor',
  'bodde',
  'fyller',
  'fyllde',
  // Verbs of a person's speech and mind: "Björn skrek ...", "Sten trodde ..." (not "Björk mår
  // bra av vatten", "Frost verkar komma", "Ros tror jag är vackrast": plants, weather, inversion).
  'skrek',
  'ropade',
  'viskade',
  'trodde',
  'tänkte',
  'visste',
  'gillar',
  'gillade',
  'ljög',
  'ljuger',
  'grät',
  'gråter',
]);
/** Seeming, a person's only with a word for a person after it: "Linnea verkar vara en manipulativ flicka". */
const SEEMING = /^(?:verkar|verkade|verka|verkat|känns|kändes|framstår|framstod)$/u;
const A_PERSON_SAID =
  /^(?:flicka|tjej|kille|pojke|person|människa|elev|kompis|kamrat|vän|unge|typ|själ|ledare)$/u;

/** Titles that hold a name ("Karlsson på taket", "Mio, min Mio"). */
function isInTitle(tokens: readonly Token[], at: number): boolean {
  const next = tokens[at + 1]?.word;
  const after = tokens[at + 2]?.word;
  const before = tokens[at - 1]?.word;
  return (
    (next === 'på' && after === 'taket') || (next === 'min' && after === 'mio') || before === 'min'
  );
}

/** "Dags att gå", "Dags för rast": the word, not Dag's. */
const NOT_AFTER_DAGS = new Set(['att', 'för', 'nu', 'igen', 'då', 'snart', 'redan', 'och', '']);

const AND = new Set(['och', 'o', 'samt']);
const capitalised = (token: Token): boolean => /^\p{Lu}/u.test(token.written);
const PUPIL_WORDS = new Set(['jag', 'ja', 'mig', 'mej', 'vi']);
/** "leker med", "jobbar bäst med": the company of a pupil. */
const COMPANY_VERBS = new Set([
  'jobbar',
  'jobbade',
  'jobba',
  'arbetar',
  'arbetade',
  'arbeta',
  'leker',
  'lekte',
  'leka',
  'sitter',
  'satt',
  'sitta',
  'pratar',
  'pratade',
  'prata',
  'hänger',
  'hängde',
  'umgås',
  'umgicks',
  'bråkar',
  'bråkade',
  'bråkat',
  'bäst',
  'ihop',
  'kompis',
  'kompisar',
  'bästis',
  'bästisar',
  'vän',
  'vänner',
  'ovän',
  'ovänner',
  'osams',
  'sams',
  'pluggar',
  'pluggade',
  'plugga',
  'tränar',
  'tränade',
  'träna',
  'fikar',
  'fikade',
  'fika',
]);

/** Titles before a name that is a figure of the curriculum: "profeten Elias", "kung Oscar". */
const TITLES = new Set([
  'profeten',
  'profet',
  'aposteln',
  'kung',
  'kungen',
  'drottning',
  'drottningen',
  'påven',
  'prins',
  'prinsen',
  'prinsessan',
  'tsar',
  'tsaren',
  'kejsar',
  'kejsaren',
  'helige',
  'sankt',
  's:t',
  'statsminister',
  'statsministern',
  'president',
  'presidenten',
  'författaren',
  'tonsättaren',
  'kompositören',
  'konstnären',
  'målaren',
  'poeten',
  'filosofen',
  'uppfinnaren',
  'forskaren',
  'upptäcktsresanden',
  'kalif',
  'kalifen',
  'sultan',
  'sultanen',
  'farao',
  'faraon',
  'kejsarinnan',
  'hertig',
  'hertigen',
  'greve',
  'greven',
  'generalen',
  'fältherren',
  // Noble names of history: "Carl von Linné".
  'von',
  'af',
]);

/**
 * Capitalised words that may stand before a pupil's name without being a
 * name themselves: greetings, prepositions, conjunctions ("Hej Omar", "Med
 * Hugo", "När Saga kom").
 */
const BEFORE_A_NAME = new Set([
  'hej',
  'hejsan',
  'hallå',
  'kära',
  'käre',
  'bästa',
  'tack',
  'grattis',
  'till',
  'från',
  'med',
  'utan',
  'enligt',
  'mot',
  'efter',
  'bredvid',
  'för',
  'hos',
  'om',
  'av',
  'åt',
  'som',
  'när',
  'eftersom',
  'då',
  'men',
  'och',
  'både',
  'även',
  'också',
  'bara',
  'inte',
  'fast',
  'medan',
  'att',
  'tills',
  'innan',
  'sedan',
  'sen',
  'trots',
  'varken',
  'antingen',
  'om',
  'ja',
  'nej',
  'jo',
  'okej',
  'ok',
  'tyvärr',
  'idag',
  'igår',
  'imorgon',
  'ibland',
  'alltid',
  'ofta',
  'jag',
  'vi',
  'du',
  'mamma',
  'pappa',
  'fröken',
  'mentor',
  'klasskompisen',
  'kompisen',
  'ring',
  'ringa',
  'fråga',
  'hälsa',
  'säg',
  'be',
  'skicka',
  'låt',
  'ge',
  'hämta',
  'kontakta',
  'tacka',
  'hjälp',
  // "Familjen Åberg": the family of a classmate by its name.
  'familjen',
  'familj',
  'fam',
]);

/**
 * A name next to another capitalised word that is no pupil's name is someone
 * else's full name: "Victor Hugos", "Göran Perssons", "Hugo Alfvén".
 */
function isAnotherPersonsName(
  tokens: readonly Token[],
  at: number,
  text: string,
  index: NameIndex,
  own: ReadonlySet<string>,
): boolean {
  const token = tokens[at];
  const adjacent = (other: Token | undefined): boolean =>
    other !== undefined &&
    other.sentence === token.sentence &&
    /^\s+$/.test(text.slice(Math.min(other.end, token.end), Math.max(other.start, token.start))) &&
    /^\p{Lu}/u.test(other.written) &&
    !/^\p{Lu}+$/u.test(other.written) &&
    nameOf(other, index) === null &&
    !own.has(other.word.replace(/['’]?s$/, '')) &&
    !own.has(other.word);
  const before = tokens[at - 1];
  const after = tokens[at + 1];
  if (before && TITLES.has(before.word) && before.sentence === token.sentence) return true;
  // A capitalised word opening the sentence may be a verb ("Ring Sols mamma"); before a family name it is a given name.
  const name = nameOf(token, index) ?? '';
  if (
    adjacent(before) &&
    !BEFORE_A_NAME.has(before.word) &&
    (!startsSentence(tokens, at - 1, text) || index.familyNames.has(name))
  ) {
    return true;
  }
  // "Vincent van Goghs", "Leonardo da Vinci": a particle and a capitalised word after the name.
  const afterThat = tokens[at + 2];
  if (
    after &&
    after.sentence === token.sentence &&
    NAME_PARTICLES.has(after.word) &&
    /^\p{Ll}/u.test(after.written) &&
    afterThat?.sentence === token.sentence &&
    /^\p{Lu}/u.test(afterThat.written)
  ) {
    return true;
  }
  // "Milan P": a classmate's initial after the given name is them; someone else's initial is not.
  if (after && after.sentence === token.sentence && /^\p{Lu}$/u.test(after.written)) {
    return !hasInitial(index, name, after.word);
  }
  return adjacent(after) && !FOLLOWS_A_NAME.has(after.word) && !BEFORE_A_NAME.has(after.word);
}

/** Endings of Swedish nicknames: "Ebbis", "Hugge", "Melle", "Sagge", "Isse", "Alvan". */
const NICKNAME_ENDINGS = /(?:isen|is|an|ge|le|se|ke|pa|ie|y|e|i)$/u;
/** Capitalised words of a sentence that are no name however close: months, days, nationalities. */
const NEVER_A_NAME =
  /^(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|\p{L}*skolan|\p{L}*gatan|\p{L}*vägen)$/u;

/** Within one edit (a letter changed, added, dropped, or two swapped): "Mekler" for Melker. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    return (
      diffs.length === 2 &&
      diffs[1] === diffs[0] + 1 &&
      a[diffs[0]] === b[diffs[1]] &&
      a[diffs[1]] === b[diffs[0]]
    );
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i += 1;
  return short.slice(i) === long.slice(i + 1);
}

/** The classmate's given name a word is a nickname or a misspelling of, or in a compound head of. */
function nearGivenName(word: string, index: NameIndex): string | null {
  const head = word.includes('-') ? word.slice(0, word.indexOf('-')) : null;
  if (head !== null) return index.parts.has(head) && !ORDINARY_WORDS.has(head) ? head : null;
  const bare = word.replace(/['’]?s$/, '');
  const ending = NICKNAME_ENDINGS.exec(bare)?.[0];
  const stem = ending !== undefined ? bare.slice(0, -ending.length) : '';
  for (const given of index.givenNames) {
    // A nickname: the start of the name (its first two letters or more, not all of it) and a
    // nickname's ending: "Ebb-is", "Hug-ge", "Mel-le". Not "Elvan-se" (Elvanse) nor "Noonan".
    if (
      bare.length >= 4 &&
      stem.length >= 2 &&
      stem.length < given.length &&
      given.startsWith(stem)
    ) {
      return given;
    }
    if (given.length >= 5 && (withinOneEdit(bare, given) || withinOneEdit(word, given))) {
      return given;
    }
  }
  return null;
}

/** A capitalised word near a classmate's given name, said of a person where it stands. */
function isNearName(tokens: readonly Token[], at: number, text: string, index: NameIndex): boolean {
  const token = tokens[at];
  if (!/^\p{Lu}\p{Ll}/u.test(token.written) || token.word.length < 4) return false;
  if (NEVER_A_NAME.test(token.word) || index.own.has(token.word)) return false;
  if (index.own.has(token.word.replace(/['’]?s$/, ''))) return false;
  if (SENTENCE_WORDS.has(token.word) || ORDINARY_WORDS.has(token.word)) return false;
  const near = nearGivenName(token.word, index);
  if (near === null) return false;
  const previous = tokens[at - 1];
  const next = tokens[at + 1];
  const sameSentence = (other: Token | undefined): other is Token =>
    other !== undefined && other.sentence === token.sentence;
  // Next to another capitalised word it is someone else's name ("Elise Andersson").
  const capitalisedNeighbour = (other: Token | undefined): boolean =>
    sameSentence(other) &&
    /^\p{Lu}/u.test(other.written) &&
    !BEFORE_A_NAME.has(other.word) &&
    !index.own.has(other.word) &&
    nameOf(other, index) === null;
  if (capitalisedNeighbour(next)) return false;
  // "Victor Hugo": before a classmate's name that is not this classmate's family name, someone else.
  if (
    sameSentence(next) &&
    /^\p{Lu}/u.test(next.written) &&
    /^\s+$/.test(text.slice(token.end, next.start)) &&
    nameOf(next, index) !== null &&
    !index.fullNames.has(`${near} ${nameOf(next, index)}`)
  ) {
    return false;
  }
  if (capitalisedNeighbour(previous) && !startsSentence(tokens, at - 1, text)) return false;
  if (sameSentence(previous) && (TITLES.has(previous.word) || WORKS.has(previous.word)))
    return false;
  // "Linneas lillebror Elis": a relative's name, however near a classmate's.
  if (afterRelative(tokens, at, text)) return false;
  // "en hund som heter Sigge": a relative's or a pet's name, however near a classmate's.
  if (
    sameSentence(previous) &&
    (previous.word === 'heter' || previous.word === 'hette') &&
    tokens
      .slice(Math.max(0, at - 8), at)
      .some((other) => other.sentence === token.sentence && RELATIVES_AND_PETS.test(other.word))
  ) {
    return false;
  }
  if (
    sameSentence(previous) &&
    (PLACE_PREPOSITIONS.has(previous.word) || DETERMINERS.has(previous.word))
  ) {
    return false;
  }
  // At the start of a sentence only before a person's verb: "Ebbis sa", "Hugge har".
  if (startsSentence(tokens, at, text)) {
    return sameSentence(next) && (FOLLOWS_A_NAME.has(next.word) || PERSON_VERBS.has(next.word));
  }
  return true;
}

/** A classmate with this given name whose family name begins with this letter. */
function hasInitial(index: NameIndex, name: string, initial: string): boolean {
  for (const full of index.parts.get(name) ?? []) {
    if (full.startsWith(`${name} ${initial}`)) return true;
  }
  return false;
}

function startsSentence(tokens: readonly Token[], at: number, text: string): boolean {
  if (at === 0 || tokens[at - 1].sentence !== tokens[at].sentence) return true;
  return /[:–—"”]\s*$/.test(text.slice(tokens[at - 1].end, tokens[at].start));
}

/** An e-mail address or a web address: a name inside it is part of the address, found as one. */
const ADDRESS_IN_TEXT =
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}|\b(?:https?:\/\/|www\.)[^\s]+/gu;

function addressSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(ADDRESS_IN_TEXT)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Clubs written with their letters before a name that is also a city: "AC Milan", "FC Barcelona". */
const CLUB_LETTERS = new Set([
  'ac',
  'fc',
  'ifk',
  'aik',
  'bk',
  'if',
  'ik',
  'sk',
  'ff',
  'gif',
  'fk',
  'cf',
  'sc',
  'as',
  'ssc',
  'real',
  'inter',
]);

/** A name given to a relative or a pet ("farmor heter Vera", "hunden heter Sol") is not a classmate's. */
const RELATIVES_AND_PETS =
  /^(?:mamma|mamman|mammas|pappa|pappan|pappas|mor|far|mormor|morfar|farmor|farfar|mostern?|moster|faster|fastern|morbror|farbror|kusin|kusinen|syster|systern|lillasyster|lillasystern|storasyster|storasystern|bror|brodern|brorsan|lillebror|lillebrodern|storebror|storebrodern|syskon|syskonet|halvsyster|halvbror|bonussyster|bonusbror|bonusmamma|bonuspappa|styvmamma|styvpappa|gammelmormor|gammelfarmor|hund|hunden|katt|katten|kanin|kaninen|häst|hästen|marsvin|marsvinet|hamster|hamstern|valp|valpen|kattunge|kattungen|dotter|dottern|son|sonen|bebis|bebisen|föräldrar|föräldrarna|föräldrars|farföräldrar|morföräldrar)$/;

/**
 * Well-known works read and watched in school and their characters: where the work is named in
 * the sentence ("vi såg Frost ... Elsas sånger", "vi på saltkråkan o melker e så rolig", "Ett
 * dockhem där Nora lämnar sin man"), the character's name is the character's. A word of the
 * title (lower case) → the characters' names.
 */
const WORK_CHARACTERS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  (
    [
      ['frost', 'elsa anna olaf kristoffer hans sven'],
      ['saltkråkan', 'melker tjorven pelle malin stina johan niklas teddy freddy båtsman'],
      ['dockhem', 'nora torvald helmer krogstad kristine'],
      ['dockhemmet', 'nora torvald helmer krogstad kristine'],
      ['långstrump', 'pippi tommy annika'],
      ['lönneberga', 'emil ida alfred lina anton alma'],
      ['rövardotter', 'ronja birk mattis lovis borka'],
      ['lejonhjärta', 'jonatan karl skorpan sofia tengil jossi hubert'],
      ['madicken', 'lisabet abbe alva'],
      ['bullerbyn', 'lisa lasse bosse britta anna olle kerstin'],
      ['potter', 'harry ron hermione albus severus draco ginny luna neville'],
      ['hamlet', 'hamlet ofelia horatio gertrud'],
      ['holgersson', 'nils akka mårten'],
      ['pettson', 'findus pettson'],
      ['hungerspelen', 'katniss peeta gale'],
    ] as const
  ).map(([title, names]) => [title, new Set(names.split(' '))]),
);

/** Titles that are ordinary words ("frost på morgonen"): the title only as written, capitalised. */
const TITLES_THAT_ARE_WORDS = new Set(['frost']);

/** The characters of a work by a word of its title, also in the genitive ("Holgerssons"). */
function charactersOf(
  tokens: readonly Token[],
  at: number,
  text: string,
): ReadonlySet<string> | undefined {
  const word = tokens[at].word;
  const title = WORK_CHARACTERS.has(word) ? word : word.replace(/s$/u, '');
  if (
    TITLES_THAT_ARE_WORDS.has(title) &&
    (!/^\p{Lu}/u.test(tokens[at].written) || startsSentence(tokens, at, text))
  ) {
    return undefined;
  }
  return WORK_CHARACTERS.get(title);
}

/** A pupil's verbs about a work, not a character's: "Melker tyckte att Saltkråkan var tråkig". */
const VIEWERS_VERBS =
  /^(?:sa|sade|säger|tycker|tyckte|tror|trodde|gillar|gillade|älskar|älskade|såg|ser|tittade|tittar|läste|läser|lyssnade|valde|väljer|visade|berättade|skrev|skriver|frågade|redovisade|recenserade)$/u;

/** Possessives before a word for a relative: "min kusin", "hennes lillebror". */
const OWNERS = new Set([
  'min',
  'mitt',
  'mina',
  'din',
  'ditt',
  'hans',
  'hennes',
  'hens',
  'sin',
  'sitt',
  'vår',
  'vårt',
  'er',
  'deras',
  'elevens',
]);

/**
 * A name in apposition to a relative or a pet: "Linneas lillebror Elis", "min kusin Saga",
 * "hunden Sol", "kusinen Ebba". The relative's word owned (a possessive or a genitive before it)
 * or definite; not "kallade pappa Ida för ...", where the relative is the subject before its object.
 */
function afterRelative(tokens: readonly Token[], at: number, text: string): boolean {
  const relative = tokens[at - 1];
  if (
    relative === undefined ||
    relative.sentence !== tokens[at].sentence ||
    !RELATIVES_AND_PETS.test(relative.word) ||
    !/^\s+$/.test(text.slice(relative.end, tokens[at].start))
  ) {
    return false;
  }
  if (/(?:en|n|et)$/u.test(relative.word) && !/^(?:mamman|pappan|son)$/u.test(relative.word)) {
    return true;
  }
  const owner = tokens[at - 2];
  return (
    owner !== undefined &&
    owner.sentence === relative.sentence &&
    (OWNERS.has(owner.word) || (/^\p{Lu}/u.test(owner.written) && /s$/u.test(owner.word)))
  );
}

/** "skrev en dikt till Holm", "gav pennan till Berg": the one given to is a person, not a place. */
const GIVING_VERBS =
  /^(?:skrev|skriver|skrivit|skickade|skickar|skickat|gav|ger|gett|givit|sa|sade|säger|sagt|berättade|berättar|viskade|ropade|räckte|lånade|lämnade|lämnar|sms:ade|smsade|messade|pratade|snackade|svarade|visade|visar)$/;

/** Pronouns, people and the pupil after "och": "Sol och hon", "Sten och mamma" keep the name a name. */
const PEOPLE_AFTER_AND = new Set([
  'jag',
  'ja',
  'mig',
  'mej',
  'du',
  'han',
  'hon',
  'hen',
  'vi',
  'de',
  'dom',
  'hans',
  'hennes',
  'hens',
  'min',
  'mina',
  'sin',
  'sina',
  'mamma',
  'pappa',
  'några',
  'alla',
  'resten',
]);

/** Subjunctions that a subject follows: "orättvist att dag får sitta", "när sol kom". */
const BEFORE_A_SUBJECT = new Set(['att', 'när', 'eftersom', 'medan', 'fast', 'innan', 'tills']);
/** Finite verbs a lower-case name may be the subject of after such a word. */
const VERB_AFTER_A_SUBJECT = new Set([
  'får',
  'fick',
  'gör',
  'gjorde',
  'tar',
  'tog',
  'måste',
  'sitter',
  'satt',
  'retar',
  'retade',
  'slog',
  'sparkade',
  'skrev',
  'sa',
  'kom',
  'gick',
  'brukar',
  'vill',
  'ville',
  'ska',
  'skulle',
  'fuskar',
  'fuskade',
  'bråkar',
  'bråkade',
  'pratar',
  'pratade',
  'alltid',
  'aldrig',
]);

/** Words of a sentence a second name is not: "oliver sa", "ture e", "greta har". */
const SENTENCE_WORDS = new Set([
  ...FOLLOWS_A_NAME,
  ...VERB_AFTER_A_SUBJECT,
  ...AND,
  ...BEFORE_A_NAME,
  ...PEOPLE_AFTER_AND,
  ...PLACE_PREPOSITIONS,
  ...SPOKEN_OF,
  ...PERSON_VERBS,
  ...BEFORE_AN_ADJECTIVE,
  ...OBJECT_PRONOUNS,
  ...DETERMINERS,
  'filmen',
  'boken',
  'serien',
  'typ',
  'liksom',
  'ju',
  'nog',
  'också',
  'även',
  'aldrig',
  'alltid',
  'inte',
  'bara',
  'va',
  'vad',
  'hur',
  'min',
  'mitt',
  'mina',
  'din',
  'sin',
  'hans',
  'hennes',
]);

/** A word that may be a second name: no word of a sentence, not a verb's ending. */
function looksLikeFamilyName(word: string): boolean {
  return (
    word.length >= 3 &&
    !SENTENCE_WORDS.has(word) &&
    !/(?:ade|de|te|dde|tt|ar|er|ir|ur|as|es)$/u.test(word) &&
    !/\d/u.test(word)
  );
}

/** A genitive followed by its noun ("i Sagas grupp"), not by a pause or a verb ("i Livs, och"). */
function genitiveBeforeNoun(tokens: readonly Token[], at: number, text: string): boolean {
  const next = tokens[at + 1];
  return (
    next !== undefined &&
    next.sentence === tokens[at].sentence &&
    /^\s+$/.test(text.slice(tokens[at].end, next.start)) &&
    /^\p{Ll}/u.test(next.written) &&
    !SENTENCE_WORDS.has(next.word)
  );
}

/**
 * In a list with names that are no classmate's: "Abraham, Isak och Jakob". The neighbour is
 * capitalised, not opening the sentence, and joined by a comma or "och".
 */
function listedWithOthers(
  tokens: readonly Token[],
  at: number,
  text: string,
  index: NameIndex,
): boolean {
  const token = tokens[at];
  const isOther = (other: Token | undefined, otherAt: number): boolean =>
    other !== undefined &&
    other.sentence === token.sentence &&
    /^\p{Lu}\p{Ll}/u.test(other.written) &&
    nameOf(other, index) === null &&
    // The pupil's own name is no stranger's: "Farah och Hanna", "Ronjas och Alices".
    !index.own.has(other.word) &&
    !index.own.has(other.word.replace(/['’]?s$/, '')) &&
    !startsSentence(tokens, otherAt, text) &&
    !BEFORE_A_NAME.has(other.word);
  const previous = tokens[at - 1];
  if (
    previous &&
    /^\s*,\s*$/.test(text.slice(previous.end, token.start)) &&
    isOther(previous, at - 1)
  ) {
    return true;
  }
  const next = tokens[at + 1];
  if (next && /^\s*,\s*$/.test(text.slice(token.end, next.start)) && isOther(next, at + 1)) {
    return true;
  }
  if (next && AND.has(next.word) && isOther(tokens[at + 2], at + 2)) return true;
  if (previous && AND.has(previous.word) && isOther(tokens[at - 2], at - 2)) return true;
  return false;
}

/**
 * Other pupils' names from the pupil's groups: a given or family name (or
 * both in a row, one finding), capitalised as a name is; in lower case only
 * when it is no ordinary word (a pupil may write "jag och omar").
 */
export function classmateHits(
  text: string,
  tokens: readonly Token[],
  context: GuardContext,
): { start: number; end: number }[] {
  if (!context.classmates || context.classmates.length === 0) {
    return [];
  }
  const index = indexNames(context);
  const addresses = addressSpans(text);
  const hits: { start: number; end: number }[] = [];
  const named = new Set<number>();
  // The tokens of each sentence, found once: a long plan names many pupils, and each name looks
  // at its whole sentence.
  const sentenceStart = new Map<number, number>();
  const sentenceEnd = new Map<number, number>();
  tokens.forEach((token, at) => {
    if (!sentenceStart.has(token.sentence)) sentenceStart.set(token.sentence, at);
    sentenceEnd.set(token.sentence, at + 1);
  });
  const sentenceOf = (at: number): readonly Token[] =>
    tokens.slice(sentenceStart.get(tokens[at].sentence), sentenceEnd.get(tokens[at].sentence));
  /** Whether a sentence is a frame of fiction or fame (or an analysis of a work), once each. */
  const frames = new Map<number, boolean>();
  const isFrame = (at: number): boolean => {
    const sentence = tokens[at].sentence;
    let frame = frames.get(sentence);
    if (frame === undefined) {
      frame = sentenceOf(at).some((other) => FICTION_FRAME.test(other.word));
      frames.set(sentence, frame);
    }
    return frame;
  };
  /** Another word of the sentence, not the name's neighbour ("Elsa Frost" is one person). */
  const inSentenceWith = (
    at: number,
    test: (other: Token, otherAt: number) => boolean,
  ): boolean => {
    const end = sentenceEnd.get(tokens[at].sentence) ?? at;
    for (let otherAt = sentenceStart.get(tokens[at].sentence) ?? at; otherAt < end; otherAt += 1) {
      if (Math.abs(otherAt - at) > 1 && test(tokens[otherAt], otherAt)) return true;
    }
    return false;
  };
  const inSentence = (at: number, of: number): Token | undefined =>
    tokens[at]?.sentence === tokens[of].sentence ? tokens[at] : undefined;
  /** "jag och björn", "med sten och lo", "leker med dag": a pupil's company, so a name. */
  const isCompany = (at: number): boolean => {
    const previous = inSentence(at - 1, at)?.word;
    const beforeThat = inSentence(at - 2, at);
    const next = inSentence(at + 1, at)?.word;
    const afterThat = inSentence(at + 2, at);
    if (AND.has(previous ?? '') && beforeThat) {
      // "Tilde och Sten": with the pupil (by name) or with a classmate named before.
      if (PUPIL_WORDS.has(beforeThat.word) || named.has(at - 2)) return true;
      if (capitalised(beforeThat) && index.own.has(beforeThat.word)) return true;
    }
    // "ska till juni på lördag", "sov hos dag": going to or staying at a person's (not a place's).
    if (
      (previous === 'till' || previous === 'hos') &&
      beforeThat &&
      GOING_TO.test(beforeThat.word) &&
      !PLACES.has(nameOf(tokens[at], index) ?? '')
    ) {
      return true;
    }
    if (
      (previous === 'med' || previous === 'me') &&
      beforeThat &&
      COMPANY_VERBS.has(beforeThat.word)
    ) {
      return true;
    }
    // "sitter bredvid sol", "hemma hos dag": a bare noun there is a person.
    if (previous === 'bredvid' || (previous === 'hos' && beforeThat?.word === 'hemma')) return true;
    if (AND.has(next ?? '') && afterThat) {
      const other = nameOf(afterThat, index);
      if (PUPIL_WORDS.has(afterThat.word)) return true;
      if (capitalised(afterThat) && index.own.has(afterThat.word)) return true;
      if (other !== null && !ORDINARY_WORDS.has(other)) return true;
    }
    return false;
  };
  // "läst Emil i Lönneberga ... när Emil hissade upp Ida": once a name is a work's title in a
  // sentence, the same name later in it is the work's character.
  const titles = new Set<string>();
  for (let at = 0; at < tokens.length; at += 1) {
    const token = tokens[at];
    const name = nameOf(token, index);
    if (name !== null && titles.has(`${token.sentence} ${name}`)) continue;
    if (name === null) {
      // "Ebbis", "Hugge", "Melkers" written "Mekler", "Yilmaz-pojken": a classmate's nickname, a
      // misspelt name, a name in a compound; capitalised mid-sentence or before a person's verb.
      if (isNearName(tokens, at, text, index)) {
        hits.push({ start: token.start, end: token.end });
        named.add(at);
      }
      continue;
    }
    if (addresses.some((address) => address.start <= token.start && token.end <= address.end)) {
      continue;
    }
    // "SoL", "LoL": an abbreviation with a capital inside is no name.
    if (/\p{Ll}\p{Lu}/u.test(token.written)) continue;
    const next = tokens[at + 1];
    const nextName = next && next.sentence === token.sentence ? nameOf(next, index) : null;
    // "Liv Strand", and in a pupil's lower case "liv strand": both parts together are the classmate.
    const isFullName =
      nextName !== null &&
      index.fullNames.has(`${name} ${nextName}`) &&
      (/^\p{Lu}/u.test(next.written) || /^\p{Ll}/u.test(token.written));
    // "Milan P": the given name and the classmate's initial.
    const isInitialled =
      next !== undefined &&
      next.sentence === token.sentence &&
      /^\p{Lu}$/u.test(next.written) &&
      /^\s+$/.test(text.slice(token.end, next.start)) &&
      hasInitial(index, name, next.word);
    const isCapitalised = /^\p{Lu}/u.test(token.written);
    const isOrdinary = ORDINARY_WORDS.has(name);
    const earlierInSentence = tokens
      .slice(Math.max(0, at - 8), at)
      .filter((other) => other.sentence === token.sentence);
    const afterPlacePreposition =
      at > 0 &&
      PLACE_PREPOSITIONS.has(tokens[at - 1].word) &&
      tokens[at - 1].sentence === token.sentence &&
      !(tokens[at - 1].word === 'till' && tokens[at - 2]?.word === 'hem') &&
      !(
        tokens[at - 1].word === 'till' &&
        capitalised(token) &&
        earlierInSentence.some((other) => GIVING_VERBS.test(other.word))
      );
    const previous = at > 0 && tokens[at - 1].sentence === token.sentence ? tokens[at - 1] : null;
    // "AC Milan"; "farmor heter Vera".
    const isClub = previous !== null && CLUB_LETTERS.has(previous.word);
    const isRelativesName =
      (previous?.word === 'heter' || previous?.word === 'hette') &&
      earlierInSentence.some((other) => RELATIVES_AND_PETS.test(other.word));
    // "Sol och regn", "Liv och död": the ordinary word with another ordinary word.
    const afterAnd = tokens[at + 2];
    const isPairOfWords =
      ORDINARY_WORDS.has(name) &&
      next !== undefined &&
      next.sentence === token.sentence &&
      AND.has(next.word) &&
      afterAnd !== undefined &&
      afterAnd.sentence === token.sentence &&
      !capitalised(afterAnd) &&
      !PEOPLE_AFTER_AND.has(afterAnd.word) &&
      nameOf(afterAnd, index) === null;
    const atStart = startsSentence(tokens, at, text);
    const sameSentenceNext = next !== undefined && next.sentence === token.sentence ? next : null;
    // "LO bildades": an abbreviation in capitals, not Lo.
    const isAbbreviation = isOrdinary && /^\p{Lu}{2,3}$/u.test(token.written);
    // "filmen Frost", "boken Ronja Rövardotter": a title.
    const isTitle = previous !== null && WORKS.has(previous.word) && isCapitalised;
    // "mina kompisar", "Mina mål": the possessive before its noun.
    const isPossessive =
      POSSESSIVES.has(token.word) &&
      sameSentenceNext !== null &&
      /^\p{Ll}/u.test(sameSentenceNext.written) &&
      !FOLLOWS_A_NAME.has(sameSentenceNext.word) &&
      !VERB_AFTER_A_SUBJECT.has(sameSentenceNext.word) &&
      !AND.has(sameSentenceNext.word) &&
      !PLACE_PREPOSITIONS.has(sameSentenceNext.word) &&
      !['på', 'med', 'me', 'hos', 'efter', 'om', 'för', 'när', 'som', 'idag', 'igen'].includes(
        sameSentenceNext.word,
      );
    // "läste Alice i Underlandet": a book read, by its title.
    const isBookTitle =
      previous !== null &&
      /^(?:läste|läser|läsa|läst|lyssnade|lyssnar)$/.test(previous.word) &&
      (sameSentenceNext?.word === 'i' || sameSentenceNext?.word === 'på') &&
      tokens[at + 2]?.sentence === token.sentence &&
      /^\p{Lu}/u.test(tokens[at + 2].written) &&
      nameOf(tokens[at + 2], index) === null;
    const isGenitive =
      token.word.replace(/['’]$/, '') !== name &&
      !(token.word === 'dags' && NOT_AFTER_DAGS.has(next?.word ?? ''));
    // "vi såg Frost ... Elsas sånger", "läste Ett dockhem där Nora": a character of a work named
    // in the sentence (a title word is no classmate's own name part), not one of the pupil's company.
    const isCharacterOfWork =
      !isFullName &&
      inSentenceWith(
        at,
        (_other, otherAt) => charactersOf(tokens, otherAt, text)?.has(name) === true,
      ) &&
      !isCompany(at) &&
      !(sameSentenceNext !== null && VIEWERS_VERBS.test(sameSentenceNext.word));
    // "vi såg Frost och Elsa sjöng med": the work's title, an ordinary word, with its character
    // or a word of fiction in the sentence.
    const isTitleOfWork =
      isOrdinary &&
      isCapitalised &&
      !atStart &&
      !isFullName &&
      WORK_CHARACTERS.has(name) &&
      inSentenceWith(at, (other) =>
        WORK_CHARACTERS.get(name)!.has(nameOf(other, index) ?? other.word),
      );
    const isRelativeByName = isCapitalised && !isFullName && afterRelative(tokens, at, text);
    // "Ruts bok i Gamla testamentet", "Idas sommarvisa": a book of scripture or a song by its title.
    const isNamedWork =
      isGenitive &&
      isCapitalised &&
      sameSentenceNext !== null &&
      ((sameSentenceNext.word === 'bok' &&
        tokens.some(
          (other) =>
            other.sentence === token.sentence &&
            /^(?:testament\p{L}*|religion\p{L}*|bibel\p{L}*|bibeln|profet\p{L}*|psalm\p{L}*|berättelse\p{L}*|purim|påsk\p{L}*|högtid\p{L}*|jud\p{L}*|kristen\p{L}*|kristn\p{L}*|islam\p{L}*|muslim\p{L}*)$/u.test(
              other.word,
            ),
        )) ||
        /^(?:sommarvisa|visa|vaggvisa|sång|psalm|evangelium)$/.test(sameSentenceNext.word));
    // "Nord- och Sydamerika": the first part of a compound, its tail left to the next word.
    const isCompoundHead = /^-\s/.test(text.slice(token.end, token.end + 2));
    // "läste om Tor, Oden och Loke", "lyssnade på Björk": a famous bearer, in a lesson about them.
    const isFamous =
      isCapitalised &&
      !isFullName &&
      !isGenitive &&
      previous !== null &&
      SPOKEN_OF.has(previous.word) &&
      tokens.some((other) => other.sentence === token.sentence && FAME_CUES.test(other.word)) &&
      // "läst samma bok som Hägg": a classmate who did the same.
      !(previous.word === 'som' && earlierInSentence.some((other) => other.word === 'samma')) &&
      !isCompany(at);
    const beforePrevious = previous !== null ? (inSentence(at - 2, at) ?? null) : null;
    const inFictionFrame = isFrame(at);
    // "ett lejon", "en ring", "en annan Noor": a noun after its determiner.
    const isThing = previous !== null && DETERMINERS.has(previous.word);
    // "var glad", "så stolt", "e stolt": an adjective after a copula or a degree adverb.
    const isAdjective =
      isOrdinary && !isCapitalised && previous !== null && BEFORE_AN_ADJECTIVE.has(previous.word);
    // "Ring mig": the verb of command.
    const isCommand =
      isOrdinary &&
      atStart &&
      sameSentenceNext !== null &&
      OBJECT_PRONOUNS.has(sameSentenceNext.word);
    // "Love and Friendship": an English title or phrase.
    // Not a name called to: "fuck you Alfons", "love you Saga" (after "you", the one spoken to).
    const isEnglish =
      isCapitalised &&
      ((sameSentenceNext !== null && ENGLISH_WORDS.has(sameSentenceNext.word)) ||
        (previous !== null && ENGLISH_WORDS.has(previous.word) && previous.word !== 'you'));
    // "lejon, Leo på engelska", "Leo som det heter på latin": a word named in a language (not
    // "sa till Leo på engelska", the language spoken to a person).
    const inLanguage = (at2: number): boolean =>
      tokens[at2]?.sentence === token.sentence &&
      tokens[at2].word === 'på' &&
      tokens[at2 + 1]?.sentence === token.sentence &&
      LANGUAGES.test(tokens[at2 + 1].word);
    const namedAsWord = tokens
      .slice(at + 1, at + 5)
      .findIndex(
        (other) =>
          other.sentence === token.sentence &&
          /^(?:heter|hette|kallas|kallades|betyder|översätts)$/u.test(other.word),
      );
    const isWordInLanguage =
      (isCapitalised &&
        ((inLanguage(at + 1) &&
          (previous === null ||
            atStart ||
            /[,:;(–]/u.test(text.slice(previous.end, token.start)))) ||
          (namedAsWord >= 0 &&
            [2, 3].some((offset) => inLanguage(at + 1 + namedAsWord + offset - 1))))) ||
      // "att vasara betyder hammare på finska": a word, in lower case too, and what it means.
      (!isCapitalised &&
        namedAsWord === 0 &&
        /^(?:betyder|översätts)$/u.test(tokens[at + 1].word) &&
        [2, 3, 4].some((offset) => inLanguage(at + offset)));
    // "tecknet hamza", "stjärnbilden Leo".
    const isSign = previous !== null && SIGN_WORDS.has(previous.word);
    // "Ebba spelade Nora ... i dramaform", "Tilde spelade Melker ... i julspelet": a part played.
    const isPart =
      previous !== null &&
      PLAYED_A_PART.test(previous.word) &&
      sentenceOf(at).some((other) => other !== token && DRAMA.test(other.word));
    // "huvudpersonen heter Saga"; "kusin heter också Noor": a character, another of the same name.
    const afterHeter =
      previous !== null && (previous.word === 'heter' || previous.word === 'hette');
    const isOtherOfTheName =
      (afterHeter && earlierInSentence.some((other) => CHARACTER_WORDS.test(other.word))) ||
      (previous !== null &&
        (previous.word === 'också' || previous.word === 'även') &&
        (beforePrevious?.word === 'heter' || beforePrevious?.word === 'hette'));
    // "medlem i Livs", "i Lund": after "i" a place, a club or a union, except "kär i Saga".
    const isInSomething =
      previous !== null &&
      previous.word === 'i' &&
      !FEELINGS_FOR.has(beforePrevious?.word ?? '') &&
      !FOUND_IN_A_PERSON.test(beforePrevious?.word ?? '') &&
      !(isGenitive && genitiveBeforeNoun(tokens, at, text));
    // "Lund är en av Sveriges äldsta städer", "städer, till exempel Lund och Falun".
    const isTown =
      PLACES.has(name) &&
      isCapitalised &&
      sentenceOf(at).some((other) => GEOGRAPHY.test(other.word)) &&
      !isCompany(at);
    // "Vinter är Moas favoritårstid": the word said to be a thing.
    const isThingSaid =
      isOrdinary &&
      sameSentenceNext !== null &&
      /^(?:är|e|var|va|blir)$/.test(sameSentenceNext.word) &&
      tokens
        .slice(at + 2, at + 7)
        .some((other) => other.sentence === token.sentence && THING_PREDICATE.test(other.word));
    // "jag läste om Linné", "lärde sig om Tor": a person read or learnt about.
    const isReadAbout =
      isCapitalised &&
      previous?.word === 'om' &&
      /^(?:läste|läser|läst|läsa|lärde|lär|lärt|lära|forskade|föreläsning\p{L}*|arbetet|arbete|redovisning\p{L}*|föredrag\p{L}*|film\p{L}*|dokumentär\p{L}*)$/u.test(
        beforePrevious?.word ?? '',
      );
    // "oliver twist", "greta thunberg e en förebild", "zlatan ibrahimović e min idol": the name
    // of a famous or fictional person, its second part no word of a sentence, in such a frame.
    const isFamousInLowerCase =
      !isCapitalised &&
      inFictionFrame &&
      sameSentenceNext !== null &&
      /^\p{Ll}/u.test(sameSentenceNext.written) &&
      /^\s+$/.test(text.slice(token.end, sameSentenceNext.start)) &&
      looksLikeFamilyName(sameSentenceNext.word) &&
      nameOf(sameSentenceNext, index) === null &&
      !isCompany(at);
    // "Abraham, Isak och Jakob": listed with other names that are no classmate's, in a lesson.
    const isListedWithOthers =
      isCapitalised && inFictionFrame && listedWithOthers(tokens, at, text, index);
    // "Venus från Milo", "Nora i Ibsens Ett dockhem": a figure's epithet, or a character in a
    // work named by its author or title.
    const stranger = (other: Token | undefined): boolean =>
      other !== undefined &&
      other.sentence === token.sentence &&
      /^\p{Lu}/u.test(other.written) &&
      nameOf(other, index) === null &&
      !index.own.has(other.word) &&
      !index.own.has(other.word.replace(/['’]?s$/, '')) &&
      !BEFORE_A_NAME.has(other.word);
    const isEpithetOrCharacter =
      isCapitalised &&
      !isGenitive &&
      inFictionFrame &&
      ((previous !== null &&
        /^(?:från|av)$/.test(previous.word) &&
        stranger(beforePrevious ?? undefined) &&
        !startsSentence(tokens, at - 2, text)) ||
        (sameSentenceNext?.word === 'i' && stranger(tokens[at + 2])));
    if (isBookTitle || isTitle || isInTitle(tokens, at) || isEpithetOrCharacter) {
      titles.add(`${token.sentence} ${name}`);
    }
    // "Bröderna Lejonhjärta av Astrid Lindgren", "dikten Tomten av Viktor Rydberg": a work's
    // author; "Astrid Lindgrens Värld", "Viktor Rydbergs gymnasium": a place named after a person.
    const isAuthorOrNamesake =
      isFullName &&
      ((previous !== null &&
        previous.word === 'av' &&
        beforePrevious !== null &&
        isFrame(at) &&
        ((capitalised(beforePrevious) &&
          nameOf(beforePrevious, index) === null &&
          !index.own.has(beforePrevious.word) &&
          !startsSentence(tokens, at - 2, text)) ||
          (AUTHORED.test(beforePrevious.word) &&
            // "lånade en bok av Siri Nordin": had from someone, not written by them.
            !earlierInSentence.some((other) => RECEIVING.test(other.word))))) ||
        (next.word !== nextName &&
          tokens[at + 2] !== undefined &&
          tokens[at + 2].sentence === token.sentence &&
          (NAMED_AFTER_A_PERSON.test(tokens[at + 2].word) ||
            (capitalised(tokens[at + 2]) &&
              /^\s+$/.test(text.slice(next.end, tokens[at + 2].start)) &&
              nameOf(tokens[at + 2], index) === null &&
              !index.own.has(tokens[at + 2].word)))));
    // "josef i bibeln o yusuf i koranen", "Saga i filmen": a figure of scripture or of a work.
    const isFigureInWork =
      !isFullName &&
      sameSentenceNext?.word === 'i' &&
      tokens[at + 2]?.sentence === token.sentence &&
      IN_A_WORK.test(tokens[at + 2].word);
    // "såg stjärnorna tindra", "hörde bäckarna porla": a verb after what was seen or heard.
    const isVerbOfThingsPerceived =
      !isCapitalised &&
      previous !== null &&
      /(?:orna|arna|erna)$/u.test(previous.word) &&
      /^(?:såg|ser|se|sett|hörde|hör|höra|hört|kände|känner|lät|låter)$/u.test(
        beforePrevious?.word ?? '',
      );
    // "skolan firade Lucia": the feast of the name.
    const isFeast =
      FEAST_NAMES.test(name) &&
      previous !== null &&
      /^(?:fira|firar|firade|firat|firas|firades)$/u.test(previous.word);
    if (isAuthorOrNamesake) {
      at += 1;
      continue;
    }
    if (isFullName) {
      hits.push({ start: token.start, end: next.end });
      named.add(at).add(at + 1);
      at += 1;
    } else if (isInitialled) {
      hits.push({ start: token.start, end: next.end });
      named.add(at);
      at += 1;
    } else if (
      isCharacterOfWork ||
      isTitleOfWork ||
      isFigureInWork ||
      isFeast ||
      isVerbOfThingsPerceived ||
      isRelativeByName ||
      isThing ||
      isAdjective ||
      isCommand ||
      isEnglish ||
      isWordInLanguage ||
      isSign ||
      isPart ||
      isOtherOfTheName ||
      isInSomething ||
      isTown ||
      isThingSaid ||
      isReadAbout ||
      isFamousInLowerCase ||
      isListedWithOthers ||
      isEpithetOrCharacter ||
      isInTitle(tokens, at) ||
      isNamedWork ||
      isCompoundHead ||
      isAbbreviation ||
      isTitle ||
      isPossessive ||
      isBookTitle ||
      isFamous ||
      isClub ||
      isRelativesName ||
      (isPairOfWords && startsSentence(tokens, at, text)) ||
      (PLACES.has(name) && afterPlacePreposition) ||
      isAnotherPersonsName(tokens, at, text, index, index.own)
    ) {
      continue;
    } else if (
      isCapitalised &&
      (!isOrdinary ||
        !atStart ||
        isGenitive ||
        (next !== undefined &&
          next.sentence === token.sentence &&
          (FOLLOWS_A_NAME.has(next.word) ||
            (SEEMING.test(next.word) &&
              tokens
                .slice(at + 2, at + 7)
                .some(
                  (other) => other.sentence === token.sentence && A_PERSON_SAID.test(other.word),
                )))))
    ) {
      hits.push({ start: token.start, end: token.end });
      named.add(at);
    } else if (
      !isCapitalised &&
      ((!isOrdinary && name.length >= 3) ||
        isCompany(at) ||
        // "minas mamma", "dags bror", "sagas personnummer": a lower-case genitive before a relative
        // or a thing of a person's is someone's.
        (isGenitive &&
          sameSentenceNext !== null &&
          (RELATIVES_AND_PETS.test(sameSentenceNext.word) ||
            PERSONS_THINGS.test(sameSentenceNext.word))) ||
        // "kallade love för en idiot", "jag saknar sten": the object of a verb said of people.
        (!isGenitive && previous !== null && PERSON_OBJECT_VERBS.has(previous.word)) ||
        // "och sten sa att", "juni går i livets ord o hon försökte": a subject of a person's verb.
        (!isGenitive &&
          sameSentenceNext !== null &&
          PERSON_VERBS.has(sameSentenceNext.word) &&
          (atStart ||
            (previous !== null && (AND.has(previous.word) || previous.word === 'men')))) ||
        // "axel är så jävla tjatig ..., han lyssnar aldrig": taken up by a pronoun later.
        (!isGenitive &&
          sameSentenceNext !== null &&
          (FOLLOWS_A_NAME.has(sameSentenceNext.word) || PERSON_VERBS.has(sameSentenceNext.word)) &&
          !AND.has(sameSentenceNext.word) &&
          tokens
            .slice(at + 2, at + 16)
            .some(
              (other) => other.sentence === token.sentence && PERSONAL_PRONOUNS.has(other.word),
            )) ||
        (previous !== null &&
          BEFORE_A_SUBJECT.has(previous.word) &&
          next !== undefined &&
          next.sentence === token.sentence &&
          VERB_AFTER_A_SUBJECT.has(next.word)) ||
        (atStart &&
          next !== undefined &&
          next.sentence === token.sentence &&
          FOLLOWS_A_NAME.has(next.word)))
    ) {
      hits.push({ start: token.start, end: token.end });
      named.add(at);
    }
  }
  return hits;
}
