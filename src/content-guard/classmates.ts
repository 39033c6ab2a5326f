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
]);

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
  return { own, familyNames, parts, fullNames };
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
]);

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
  return adjacent(after) && !FOLLOWS_A_NAME.has(after.word) && !BEFORE_A_NAME.has(after.word);
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
  /^(?:mamma|mamman|mammas|pappa|pappan|pappas|mor|far|mormor|morfar|farmor|farfar|mostern?|moster|faster|fastern|morbror|farbror|kusin|kusinen|syster|systern|lillasyster|lillasystern|storasyster|storasystern|bror|brodern|brorsan|lillebror|lillebrodern|storebror|storebrodern|syskon|syskonet|halvsyster|halvbror|bonussyster|bonusbror|bonusmamma|bonuspappa|styvmamma|styvpappa|gammelmormor|gammelfarmor|hund|hunden|katt|katten|kanin|kaninen|häst|hästen|marsvin|marsvinet|hamster|hamstern|valp|valpen|kattunge|kattungen|dotter|dottern|son|sonen|bebis|bebisen)$/;

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
  const inSentence = (at: number, of: number): Token | undefined =>
    tokens[at]?.sentence === tokens[of].sentence ? tokens[at] : undefined;
  /** "jag och björn", "med sten och lo", "leker med dag": a pupil's company, so a name. */
  const isCompany = (at: number): boolean => {
    const previous = inSentence(at - 1, at)?.word;
    const beforeThat = inSentence(at - 2, at);
    const next = inSentence(at + 1, at)?.word;
    const afterThat = inSentence(at + 2, at);
    if (AND.has(previous ?? '') && beforeThat) {
      if (PUPIL_WORDS.has(beforeThat.word) || named.has(at - 2)) return true;
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
      if (other !== null && !ORDINARY_WORDS.has(other)) return true;
    }
    return false;
  };
  for (let at = 0; at < tokens.length; at += 1) {
    const token = tokens[at];
    const name = nameOf(token, index);
    if (name === null) continue;
    if (addresses.some((address) => address.start <= token.start && token.end <= address.end)) {
      continue;
    }
    // "SoL", "LoL": an abbreviation with a capital inside is no name.
    if (/\p{Ll}\p{Lu}/u.test(token.written)) continue;
    const next = tokens[at + 1];
    const nextName = next && next.sentence === token.sentence ? nameOf(next, index) : null;
    const isFullName =
      nextName !== null &&
      index.fullNames.has(`${name} ${nextName}`) &&
      /^\p{Lu}/u.test(next.written);
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
    // "Ruts bok i Gamla testamentet", "Idas sommarvisa": a book of scripture or a song by its title.
    const isNamedWork =
      isGenitive &&
      isCapitalised &&
      sameSentenceNext !== null &&
      ((sameSentenceNext.word === 'bok' &&
        tokens.some(
          (other) =>
            other.sentence === token.sentence &&
            /^(?:testament\p{L}*|religion\p{L}*|bibel\p{L}*|bibeln|profet\p{L}*|psalm\p{L}*)$/u.test(
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
      !isCompany(at);
    if (isFullName) {
      hits.push({ start: token.start, end: next.end });
      named.add(at).add(at + 1);
      at += 1;
    } else if (
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
        (next !== undefined && next.sentence === token.sentence && FOLLOWS_A_NAME.has(next.word)))
    ) {
      hits.push({ start: token.start, end: token.end });
      named.add(at);
    } else if (
      !isCapitalised &&
      ((!isOrdinary && name.length >= 3) ||
        isCompany(at) ||
        // "minas mamma", "dags bror": a lower-case genitive before a relative is someone's.
        (isGenitive &&
          sameSentenceNext !== null &&
          RELATIVES_AND_PETS.test(sameSentenceNext.word)) ||
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
