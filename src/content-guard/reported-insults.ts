/**
 * Insults told rather than made, and swearing at no one: the guard's rules for words said,
 * written or called (checkText uses them). "kallade henne X" reports an insult and states nothing
 * about her; a judgement quoted from an insult is not the writer's judgement; "fan vad kallt"
 * swears at no one. Kept apart from checkText so that its order of steps stays readable.
 */
import { CATEGORIES, Category, Finding, GuardContext } from './categories';
import { LexiconHit } from './lexicon-match';
import { Token } from './word-forms';

const SAYING_VERB =
  /^(?:sa|sade|säger|sagt|skrek|skriker|skrikit|ropade|ropar|ropat|vrålade|väste|viskade|skrev|skriver|skrivit|klottrat|klottrade|kallade|kallar|hånade|hånar|retade|retar|messade|smsade|sms:ade|kommenterade|svarade)$/;
/** Telling what someone was mocked for states it ("retad för att hon är flata"); saying a slur does not. */
const MOCKING_VERB = /^(?:hånade|hånar|retade|retar|retad|retas|retats)$/;
const QUOTED_WORDS = /["“”„«»'’]\s*([\p{L}-]+(?:\s+[\p{L}-]+)?)\s*["“”„«»'’]/gu;

const SAID_TO = new Set([
  'honom',
  'henne',
  'hen',
  'dem',
  'mig',
  'dig',
  'oss',
  'för',
  'åt',
  'till',
  'högt',
]);

/** One or two words in quotes after a verb of saying: "skrek 'autist' efter honom". */
export function shouted(text: string, tokens: readonly Token[]): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const match of text.matchAll(QUOTED_WORDS)) {
    const start = match.index + match[0].indexOf(match[1]);
    const first = tokens.findIndex((token) => token.start >= start);
    if (first < 0) continue;
    const sentence = tokens[first].sentence;
    const said = tokens
      .slice(0, first)
      .some((token) => token.sentence === sentence && SAYING_VERB.test(token.word));
    // Right after the verb or whom it was said to, not "har 'diabetes'".
    const before = tokens[first - 1];
    const shout =
      before?.sentence === sentence && (SAYING_VERB.test(before.word) || SAID_TO.has(before.word));
    if (said && shout) spans.push({ start, end: start + match[1].length });
  }
  return spans;
}

/** "kallade honom för X", "blev kallad X": the word X, wherever it comes, is the insult. */
export interface Calling {
  /** The calling verb. */
  readonly verb: number;
  /** The words given as the name: articles and swearing before the head word, and the head. */
  readonly first: number;
  readonly last: number;
}

const CALLING_VERB = /^kall(?:a|ar|ade|at|ad|as|ades|ats)$/;
const PASSIVE_CALLING = /^kall(?:ad|as|ades|ats)$/;
/** "kalla på hjälp", "kallad till möte", "kallar sig aktivist": a summons or a self-description. */
const NOT_A_NAMING = new Set([
  'på',
  'till',
  'in',
  'hem',
  'upp',
  'ihop',
  'samman',
  'fram',
  'tillbaka',
  'ut',
  'sig',
]);
/** The person called: a pronoun (or a name, or a noun phrase before "för"). */
const CALLED_PERSON = new Set([
  'mig',
  'dig',
  'honom',
  'henne',
  'hen',
  'oss',
  'er',
  'dem',
  'dom',
  'varandra',
  'andra',
  'alla',
  'någon',
  'några',
  'folk',
]);
/** Words for people, as the object of "kallade … för": "en elev", "matsalspersonalen", "samer". */
const PERSON_NOUN =
  /elev|kompis|kamrat|kille|killar|tjej|pojk|flick|lärar|vikarie|rektor|mentor|mamm|papp|bror|broder|syster|systr|personal|folk|barn|grupp|gäng|klass|sköterska|kurator|människ|tant|gubb|kusin|mormor|farmor|morfar|farfar|grann|tränar|ledar|chef|bästis|invandrar|flykting|somali|muslim|jude|judar|ungdom|unge|ungar|förälder|föräldr|vårdnadshavar|(?:are|arna|aren|erska|erskan|ist|isten|isterna)$|^(?:samer|romer|vän|vännen|vänner|vännerna)$/;

/** A thing as the subject of a passive calling: "det kallas", "vilket kallas". */
const THING_NAMED = /^(?:det|detta|den|denna|vilket|vad)$/;

/** Objects that are no person: "vi kallar det för fotosyntes". */
const CALLED_THING = new Set([
  'det',
  'detta',
  'den',
  'denna',
  'dessa',
  'sådant',
  'något',
  'allt',
  'vad',
  'som',
  'vilket',
  'metoden',
  'sättet',
]);
/** Before the head word of a name: "för en jävla subba", "för sin lilla". */
const BEFORE_THE_NAME = new Set(['en', 'ett', 'din', 'ditt', 'dina', 'typ', 'bara', 'så']);
/** The article that opens a name given without "för": "kallade henne en skam för familjen". */
const NAME_ARTICLES = new Set(['en', 'ett', 'din', 'ditt', 'dina']);
/** Words for what was said, not the words themselves: "fula saker", "elaka namn". */
const SAYING_NOUNS = [
  'saker',
  'sak',
  'ord',
  'orden',
  'namn',
  'namnet',
  'glåpord',
  'öknamn',
  'smeknamn',
  'skällsord',
  'könsord',
  'svordomar',
];

/** What follows "kallade honom" that is no insult: "fula saker", "vid namn", a pet name, a pronoun. */
const NOT_AN_INSULT = new Set([
  ...SAYING_NOUNS,
  'något',
  'någonting',
  'nåt',
  'det',
  'detta',
  'sådant',
  'allt',
  'annat',
  'olika',
  'massa',
  'flera',
  'mycket',
  'fel',
  'vid',
  'till',
  'på',
  'in',
  'att',
  'och',
  'eller',
  'när',
  'om',
  'i',
  'efter',
  'av',
  'med',
  'inte',
  'aldrig',
  'ofta',
  'också',
  'hela',
  'massor',
  'ibland',
  'alltid',
  'numera',
  'fortfarande',
  'även',
  'bara',
  'redan',
  'oftast',
  'därför',
  'nu',
  'för',
  'som',
  'så',
  'han',
  'hon',
  'hen',
  'den',
  'de',
  'dem',
  'sig',
  'sitt',
  'sin',
  'sina',
  'gumman',
  'gubben',
  'älskling',
  'älsklingen',
  'hjärtat',
  'vännen',
  'lillan',
  'lillen',
  'prinsessan',
  'sötnos',
  'stjärnan',
  'geni',
  'hjälte',
  'hjälten',
  'föredöme',
  'kompis',
  'bästis',
  'vän',
  'bror',
  'brorsan',
  'syster',
  'systern',
  'brushan',
  'själv',
  // "kallar henne nu för mamma": what a parent is called, a kinship word.
  'mamma',
  'pappa',
  'mor',
  'far',
  'morsan',
  'farsan',
  'mormor',
  'farmor',
  'morfar',
  'farfar',
  // A judgement, no insult: "kallade henne en skam för familjen", "en besvikelse".
  'skam',
  'skammen',
  'besvikelse',
  'besvikelsen',
  'börda',
  'belastning',
  'misslyckande',
  // A status or an origin called, no insult by itself: "blir ändå kallad invandrare", "kallas
  // sunnimuslim" (the origin or the faith is the finding).
  'invandrare',
  'invandraren',
  'utlänning',
  'utlänningen',
  'flykting',
  'flyktingen',
  'nyanländ',
  'svensk',
  'svensken',
  'muslim',
  'sunnimuslim',
  'shiamuslim',
  'kristen',
]);

/** "kallade henne fula saker", "elaka namn": words about what was said, not the words. */
const WORDS_FOR_WORDS = new Set([...SAYING_NOUNS, 'grejer', 'kommentarer']);

/** Swearing and adjectives before the insult itself. */
const INSULT_MODIFIERS = new Set([
  'jävla',
  'djävla',
  'jäkla',
  'fucking',
  'satans',
  'förbannade',
  'fet',
  'feta',
  'ful',
  'fula',
  'äcklig',
  'äckliga',
  'dum',
  'dumma',
  'lilla',
  'stora',
  'smutsig',
  'smutsiga',
  'skitig',
  'skitiga',
  'jävel',
]);

/** Is the word a name in the context (the pupil, a classmate, the mentor)? */
function isPersonName(token: Token, context: GuardContext): boolean {
  const names = [context.pupil, ...(context.classmates ?? []), ...(context.staff ?? [])].flatMap(
    (person) =>
      `${person?.givenName ?? ''} ${person?.familyName ?? ''}`.toLocaleLowerCase('sv').split(/\s+/),
  );
  const word = token.word.replace(/['’]?s$/, '');
  return names.includes(token.word) || names.includes(word);
}

/** Verbs of wishing before a passive calling: a self-description, no insult. */
const WISHING = /^(?:vill|ville|önskar|önskade|föredrar|föredrog|ber|bad)$/;

/**
 * Reported insults: the word someone was called ("kallade en elev för
 * luffare", "har blivit kallad flata") is offensive whatever it is, and
 * states nothing about the person it was said to. Not "så kallade", "kallar
 * sig", "kallades till möte", "kallar det för", nor a pet name.
 */
export function reportedInsults(tokens: readonly Token[], context: GuardContext): Calling[] {
  const callings: Calling[] = [];
  tokens.forEach((token, verb) => {
    if (!CALLING_VERB.test(token.word)) return;
    const sentence = token.sentence;
    const at = (index: number): Token | undefined =>
      tokens[index]?.sentence === sentence ? tokens[index] : undefined;
    const before = at(verb - 1)?.word;
    const next = at(verb + 1);
    if (!next || NOT_A_NAMING.has(next.word) || before === 'så' || before === 'som') return;
    // "det kallas umgängesstöd", "det kallas typ övervakat umgänge": what a thing is called.
    if (PASSIVE_CALLING.test(token.word) && THING_NAMED.test(before ?? '')) return;
    // "jag kallar mig vegan": how I call myself.
    const earlier = tokens.slice(0, verb).filter((t) => t.sentence === sentence);
    if (next.word === 'mig' && earlier.some((t) => t.word === 'jag')) return;
    // "de kalla vintrarna": the adjective.
    if (token.word === 'kalla' && ['det', 'den', 'de', 'dom', 'en', 'ett'].includes(before ?? '')) {
      return;
    }
    let first = verb + 1;
    const forAt = [1, 2, 3, 4, 5].find(
      (offset) => at(verb + offset)?.word === 'för' && at(verb + offset + 1)?.word !== 'att',
    );
    const passive =
      PASSIVE_CALLING.test(token.word) ||
      tokens
        .slice(Math.max(0, verb - 2), verb)
        .some((t) => t.sentence === sentence && /^(?:blivit|blev|bli|blir)$/.test(t.word));
    // "vill inte kallas tjej", "föredrar att kallas hen": how one wishes to be called.
    const wish = tokens
      .slice(Math.max(0, verb - 3), verb)
      .some((t) => t.sentence === sentence && WISHING.test(t.word));
    if (passive && wish) return;
    // "är det okej att kalla någon för tönt": whether one may call anyone so, a lesson's question.
    if (token.word === 'kalla' && /^(?:någon|nån|andra|folk|varandra)$/u.test(next.word)) return;
    // "vill att ni kallar mig ánte": the name one asks to be called.
    if (
      next.word === 'mig' &&
      tokens
        .slice(Math.max(0, verb - 4), verb)
        .some((t) => t.sentence === sentence && WISHING.test(t.word))
    ) {
      return;
    }
    if (passive) {
      const subject = earlier.some(
        (t) =>
          /^(?:blivit|blev|bli|blir|jag|du|han|hon|hen|vi|ni|eleven|barnet)$/.test(t.word) ||
          isPersonName(t, context),
      );
      if (!subject) return;
      // "kallades en skam för familjen": the name comes first, "för" is what it is to.
      if (forAt !== undefined && !NAME_ARTICLES.has(next.word)) first = verb + forAt + 1;
    } else if (forAt !== undefined) {
      const called = tokens.slice(verb + 1, verb + forAt);
      if (called.some((t) => CALLED_THING.has(t.word))) return;
      const isPerson = (t: Token): boolean =>
        CALLED_PERSON.has(t.word) || PERSON_NOUN.test(t.word) || isPersonName(t, context);
      const person = called.findIndex(isPerson);
      if (person < 0) return;
      // "kallade Leyla en skam för familjen": the name after the person, before "för".
      const article = called.findIndex((t, i) => i > person && NAME_ARTICLES.has(t.word));
      first = article >= 0 ? verb + 1 + article : verb + forAt + 1;
    } else if (
      CALLED_PERSON.has(next.word) ||
      isPersonName(next, context) ||
      // The pupils' "ja kallade han en idiot": the subject form as the one called.
      (/^(?:han|hon)$/.test(next.word) && NAME_ARTICLES.has(at(verb + 2)?.word ?? ''))
    ) {
      first = verb + 2;
    } else {
      return;
    }
    let head = first;
    while (at(head) && BEFORE_THE_NAME.has(at(head)!.word)) head += 1;
    const headToken = at(head);
    if (!headToken || /^\p{N}/u.test(headToken.word)) return;
    if (NOT_AN_INSULT.has(headToken.word) || WORDS_FOR_WORDS.has(at(head + 1)?.word ?? '')) return;
    // A name given as a name: "vill kallas Alex".
    if (/^\p{Lu}/u.test(headToken.written) || isPersonName(headToken, context)) return;
    // "för en jävla bög", "äcklig flata": the word the swearing leads to.
    let last = head;
    while (
      INSULT_MODIFIERS.has(at(last)?.word ?? '') &&
      at(last + 1) &&
      !NOT_AN_INSULT.has(at(last + 1)!.word)
    ) {
      last += 1;
    }
    callings.push({ verb, first, last });
  });
  // "använt det kränkande ordet mongo mot yngre elever", "sagt ordet hora till henne": a word
  // used at someone is the insult made, though the word is named as a word.
  tokens.forEach((token, at) => {
    if (!WORD_NAMED.test(token.word)) return;
    const sentence = token.sentence;
    const verb = [1, 2, 3, 4]
      .map((offset) => at - offset)
      .find((i) => tokens[i]?.sentence === sentence && USING_A_WORD.test(tokens[i].word));
    const head = tokens[at + 1];
    const towards = tokens[at + 2];
    // A word of insult by its name or its adjective: "skällsordet", "det kränkande ordet".
    const insulting =
      /^(?:skällsordet|glåpordet|öknamnet|könsordet)$/u.test(token.word) ||
      tokens.slice(Math.max(0, at - 3), at).some((t) => PEJORATIVE.test(t.word));
    if (
      !insulting ||
      verb === undefined ||
      head?.sentence !== sentence ||
      towards?.sentence !== sentence ||
      !/^(?:mot|åt|till)$/u.test(towards.word) ||
      callings.some((calling) => calling.first <= at + 1 && at + 1 <= calling.last)
    ) {
      return;
    }
    callings.push({ verb, first: at + 1, last: at + 1 });
  });
  return callings;
}

/** A word named as a word: "ordet", "uttrycket", "skällsordet". */
const WORD_NAMED = /^(?:ordet|uttrycket|skällsordet|glåpordet|öknamnet|könsordet)$/u;
/** Adjectives that say a word insults: "det kränkande ordet", "det fula ordet". */
const PEJORATIVE =
  /^(?:kränkande|fula|fult|nedsättande|elaka|elakt|rasistiska|rasistiskt|grova|grovt|förolämpande|förnedrande|hemska|hemskt|förbjudna)$/u;
/** Verbs of using or saying a word. */
const USING_A_WORD =
  /^(?:använt|använde|använder|använda|sagt|sa|sade|säger|skrek|skriker|ropat|ropade|skrivit|skrev|kallat|kallade)$/u;

/**
 * An insult states nothing about whom it names: "kallade honom bög" is no
 * orientation, "alla muslimer är …" no one's faith. In a sentence with an
 * offensive word, a group named in the plural is not a finding of its own
 * category, and after "kalla(de) … för" neither is a status word.
 */
export function withoutInsultsTakenLiterally(
  all: Finding[],
  tokens: readonly Token[],
  callings: readonly Calling[],
  shouts: readonly { start: number; end: number }[],
): Finding[] {
  const sentenceOf = (offset: number): number =>
    tokens.find((token) => token.start <= offset && offset < token.end)?.sentence ?? -1;
  // A status word shouted in quotes is the insult, not a fact: skrek "autist" efter honom.
  const isShouted = (finding: Finding): boolean =>
    STATUS_TAKEN_AS_INSULT.has(finding.category) &&
    shouts.some((shout) => shout.start <= finding.start && finding.end <= shout.end);
  // "sa att hon var en flata": a slur said of someone is the insult, not their status.
  const saidSlur = (finding: Finding): boolean => {
    if (!STATUS_TAKEN_AS_INSULT.has(finding.category)) return false;
    const sentence = sentenceOf(finding.start);
    const earlier = tokens.filter((t) => t.sentence === sentence && t.end <= finding.start);
    return (
      all.some(
        (other) =>
          other.category === 'offensive' &&
          other.start === finding.start &&
          other.end === finding.end,
      ) &&
      earlier.some((t) => SAYING_VERB.test(t.word)) &&
      !earlier.some((t) => MOCKING_VERB.test(t.word))
    );
  };
  all = all.filter((finding) => !saidSlur(finding));
  const shoutedStatus = all.filter(isShouted);
  if (shoutedStatus.length > 0) {
    all = [
      ...all.filter((finding) => !isShouted(finding)),
      ...shoutedStatus.map((finding) => ({
        ...finding,
        category: 'offensive' as const,
        severity: CATEGORIES.offensive.severity,
      })),
    ];
  }
  // "muslimer är dumma", "invandrare är lata": a group judged is a group degraded.
  const judgedGroups = all.filter(
    (judgement) =>
      judgement.category === 'character_judgement' &&
      all.some(
        (group) =>
          isGroup(group) &&
          group.end <= judgement.start &&
          sentenceOf(group.start) === sentenceOf(judgement.start),
      ),
  );
  all.push(
    ...judgedGroups.map((judgement) => ({
      ...judgement,
      category: 'offensive' as const,
      severity: CATEGORIES.offensive.severity,
    })),
  );
  const insulting = new Set(
    all.filter((f) => f.category === 'offensive').map((f) => sentenceOf(f.start)),
  );
  if (insulting.size === 0) {
    return all;
  }
  // The status word someone was called, and whom: "kallade honom för bög", "kallade resandefolk för tattare".
  const isCalled = (finding: Finding): boolean =>
    callings.some(
      (calling) =>
        finding.start < tokens[calling.last].end && tokens[calling.verb].start < finding.end,
    );
  // "Somalier är dumma": a judgement of a group, an insult rather than a judgement of the pupil.
  const aboutGroups = new Set(
    all
      .filter((f) => isGroup(f) && insulting.has(sentenceOf(f.start)))
      .map((f) => sentenceOf(f.start)),
  );
  return all.filter((finding) => {
    const sentence = sentenceOf(finding.start);
    if (!insulting.has(sentence)) return true;
    if (isCalled(finding) && STATUS_TAKEN_AS_INSULT.has(finding.category)) return false;
    if (finding.category === 'character_judgement' && aboutGroups.has(sentence)) return false;
    return !isGroup(finding);
  });
}

/** "somalier", "muslimerna": a group named in the plural. */
function isGroup(finding: Finding): boolean {
  return (
    (finding.category === 'ethnic_origin' || finding.category === 'religion') &&
    /(?:er|ar|are|na)$/.test(finding.match.toLocaleLowerCase('sv'))
  );
}

const STATUS_TAKEN_AS_INSULT = new Set<Category>([
  'sexual_life',
  'health',
  'ethnic_origin',
  'criminal_offence',
  'religion',
  'political_opinion',
  'social_family',
]);

/**
 * Pure swearing and intensifiers: "fan vad kallt", "jävla mobil", "skitsvårt", "aj för helvete".
 * They say nothing of anyone by themselves; words for a person built on them ("jävel",
 * "skitstövel", "skitunge", "fuckboy") are insults and stay.
 */
const EXPLETIVE =
  /^(?:fan|fanken|fanskap\p{L}*|jävla|jävlar|jävligt|jävlig\p{L}*|jäkla|jäklar|jäkligt|jävvla|jäävla|javla|javligt|jevla|jevligt|djävla|djävlar|djävligt|helvete|helvetet|helvetes|hälvete|satan|satans|skit|skita|skiter|skit[a-zåäö]{3,}|fuck|fucking|fuckin|fucked|shit|wtf|omfg|kurwa|blyat)$/u;
/** Words for a person that start like swearing: they are the insult, wherever they stand. */
const SWORN_PERSON = /^(?:skitstövel|skitunge|skithög|skitgubb|skitkärring)/;
/** "bryr mig inte ett skit": an idiom, no swearing at anyone. */
const SWEARING_IDIOM = /^(?:ett)$/;
/** Swearing written down ("skrev jävla skit på tavlan") or in hatred ("helvete vad ja hatar…"). */
const SWORN_IN_WRITING_OR_HATE =
  /^(?:skrev|skrivit|skriver|klottrade|klottrat|texten|ordet|hatar|hatade|hata|avskyr)$/;
const HATING = /^(?:hatar|hatade|hata|avskyr)$/;
/** The small words of a sworn phrase: "för fan", "fan också", "vad fan", "fan ta". */
const SWEARING_FILLER = new Set(['för', 'också', 'vad', 'va', 'ta', 'i', 'aj', 'så', 'åt', 'helt']);
/** Before the swearing, whom it is aimed at: "din jävla", "han e en jävla", "du är så jävla". */
const AIMED_BEFORE = new Set([
  'du',
  'dig',
  'din',
  'ditt',
  'dina',
  'ni',
  'han',
  'hon',
  'hen',
  'honom',
  'henne',
]);
/** After the swearing, to whom: "fan ta dig", "fuck you", "fan vad du e ful". */
const AIMED_AFTER = new Set(['du', 'dig', 'ni', 'er', 'you', 'u', 'honom', 'henne']);
/** Whom the swearing leads to: "jävla unge", "jävla lärare", "era jävla ungar". */
const PERSON_HEAD = new RegExp(
  `^(?:${PERSON_NOUN.source.split('|(?:are|')[0]}|vän|unge|ungar|son|dotter|döttrar|clown|pajas|diktator|prinsess|rötägg|loser|dramaqueen|lantis|svenne|turk|arab|fjortis|byråkrat|pedofil|bitch|subba|hora|bög|fitta|kärring|luder|slyna|fegis|tönt|nörd|idiot)|(?:are|arna|aren|erska|ist|isten|isterna)$`,
);
/** Whom a copula says the swearing is of: "vikarien e en jävla clown", "hugo e lat som fan". */
const COPULA = /^(?:är|e|va|var|varit|blir|blev)$/;
const SUBJECT_PRONOUN = /^(?:jag|ja|du|han|hon|hen|ni|de|dom)$/;
/** Capitalised after a speaker's tag ("Pappa: Det är för jävligt"), not a name. */
const NOT_A_NAME =
  /^(?:det|den|detta|denna|dessa|de|dom|vi|jag|ja|ni|man|en|ett|vad|när|om|men|och|så)$/;
/** Said as a habit: "säger ofta 'jävla skit'", "säger 'wtf' hela tiden". */
const HABITUAL = /^(?:ofta|jämt|alltid|ständigt)$/;
/** Swearing at someone: "svor åt barnen", "skrek fan ta dig till honom". */
const SWORE_AT = /^(?:svor|svär|svurit|svära|svordomar)$/;

/** A feeling intensified by "skit-": "skitarg", "skiträdd", "skitnervösa", "skitglad". */
const SWORN_FEELING =
  /^skit(?:arg|rädd|glad|ledsen|ledsna|nervös|trött|stolt|kär|sugen|sugna|hungrig|nöjd|lycklig|besviken|besvikna|orolig|stressad|peppad|taggad|sur|förbannad|förbannade|chockad|pinsam)(?:a|e|t)?$/u;
/** Mild insults that say what someone is: "en mes", "en loser". */
const MILD_INSULT = /^(?:mes|loser|looser)$/u;
/** Between the copula and a mild insult: "e en sån mes", "är en riktig loser". */
const BEFORE_A_MILD_INSULT = /^(?:en|sån|sådan|riktig|typ|ba|bara|liten|stor|total)$/u;

/** "josef e en sån mes": after a copula, with no verb of saying or message before it in the sentence. */
function predicatedUnsaid(tokens: readonly Token[], at: number): boolean {
  const sentence = tokens[at].sentence;
  let i = at - 1;
  while (tokens[i]?.sentence === sentence && BEFORE_A_MILD_INSULT.test(tokens[i].word)) i -= 1;
  if (i === at - 1 || tokens[i]?.sentence !== sentence || !COPULA.test(tokens[i].word)) {
    return false;
  }
  // "du e en mes": said to someone's face.
  if (/^(?:du|ni)$/u.test(tokens[i - 1]?.sentence === sentence ? tokens[i - 1].word : '')) {
    return false;
  }
  for (let j = i - 1; j >= 0 && tokens[j].sentence === sentence; j -= 1) {
    if (SAYING_VERB.test(tokens[j].word) || /^(?:höra|hört|hörde)$/u.test(tokens[j].word)) {
      return false;
    }
  }
  return true;
}

/**
 * Swearing is offensive when aimed at a person: next to whom it is said to or of (a
 * pronoun, a name, a word for a person, an insult), or told as said to someone. Swearing
 * about a thing or a situation ("det va ett jävla drag i backen", "skit också") is not.
 */
export function swearingAtNoOne(
  hit: LexiconHit,
  tokens: readonly Token[],
  context: GuardContext,
): boolean {
  if (hit.category !== 'offensive') return false;
  const span = tokens.slice(hit.first, hit.last + 1);
  const first = tokens[hit.first];
  const after = tokens[hit.last + 1]?.sentence === first.sentence ? tokens[hit.last + 1] : null;
  if (hit.first === hit.last) {
    // Idioms of swearing at no one: "vi skiter i de" (not caring); a feeling intensified ("mamma
    // va skitarg", "skiträdd att dom ska ta oss"); "för att jävlas" (to make trouble).
    if (/^(?:skiter|skita|sket|skitit)$/u.test(first.word) && after?.word === 'i') return true;
    if (SWORN_FEELING.test(first.word) || /^(?:jävlas|jävlades|jävlats)$/u.test(first.word)) {
      return true;
    }
    // "josef e en sån mes", "jag e en loser typ": a mild insult said to be what someone is, not
    // told as said to them, is the judgement (most corpora label it so), no insult made.
    if (MILD_INSULT.test(first.word) && predicatedUnsaid(tokens, hit.first)) return true;
  }
  const sworn = (t: Token): boolean => EXPLETIVE.test(t.word) && !SWORN_PERSON.test(t.word);
  if (!span.some(sworn) || !span.every((t) => sworn(t) || SWEARING_FILLER.has(t.word))) {
    return false;
  }
  const sentence = tokens[hit.first].sentence;
  const at = (index: number): Token | undefined =>
    tokens[index]?.sentence === sentence ? tokens[index] : undefined;
  const inSentence = tokens.filter((t) => t.sentence === sentence);
  const habitual =
    inSentence.some((t) => SWORE_AT.test(t.word)) ||
    (inSentence.some((t) => SAYING_VERB.test(t.word)) &&
      inSentence.some(
        (t, i) =>
          HABITUAL.test(t.word) || (t.word === 'hela' && inSentence[i + 1]?.word === 'tiden'),
      ));
  const isName = (t: Token | undefined, index: number): boolean =>
    !!t &&
    (isPersonName(t, context) ||
      (/^\p{Lu}/u.test(t.written) &&
        at(index - 1) !== undefined &&
        !EXPLETIVE.test(t.word) &&
        !NOT_A_NAME.test(t.word)));
  for (let i = hit.first - 3; i < hit.first; i += 1) {
    const t = at(i);
    // "Elias har sagt "fan också"": the one who says it, before the verb of saying, is no target
    // (unless the swearing is a habit: "hon säger 'wtf' hela tiden").
    const speaker =
      !habitual && tokens.slice(i + 1, hit.first).some((u) => SAYING_VERB.test(u.word));
    if (t && !speaker && (AIMED_BEFORE.has(t.word) || isPersonName(t, context))) return false;
  }
  if (tokens[hit.first].word === 'skit' && SWEARING_IDIOM.test(at(hit.first - 1)?.word ?? '')) {
    return true;
  }
  // Swearing told as a habit is the behaviour reported: "svär mycket och säger ofta 'jävla skit'".
  if (habitual) return false;
  // "en inkompetent jävla clown": the person word may follow an adjective.
  for (const offset of [1, 2]) {
    const head = at(hit.last + offset);
    if (head && (PERSON_HEAD.test(head.word) || isName(head, hit.last + offset))) return false;
  }
  // "vikarien e en jävla clown", "ja e så jävla lat", "hugo e lat som fan": said of a person.
  for (let i = hit.first - 1; i >= hit.first - 5; i -= 1) {
    const t = at(i);
    if (!t) break;
    // "min kompis e sunni men vi skiter i de": another clause, another subject.
    if (/^(?:men|fast|eftersom|för)$/u.test(t.word) || /^(?:vi|jag|ja)$/u.test(t.word)) break;
    if (!COPULA.test(t.word)) continue;
    const subject = at(i - 1);
    if (
      subject &&
      (SUBJECT_PRONOUN.test(subject.word) ||
        PERSON_HEAD.test(subject.word) ||
        isName(subject, i - 1) ||
        isPersonName(subject, context))
    ) {
      return false;
    }
  }
  if ([1, 2].some((offset) => AIMED_AFTER.has(at(hit.last + offset)?.word ?? ''))) return false;
  // Said or sworn to someone: "skrek jävla idiot åt honom", "svor åt barnen".
  // Not the writer's tag after the words ("Jävla skoter som aldrig startar, skriver Linnea").
  if (
    inSentence.some(
      (t) =>
        SWORN_IN_WRITING_OR_HATE.test(t.word) &&
        (HATING.test(t.word) || t.start < tokens[hit.first].start),
    )
  ) {
    return false;
  }
  return !inSentence.some((t, i) => {
    if (!SAYING_VERB.test(t.word) && !SWORE_AT.test(t.word)) return false;
    const after = inSentence.slice(i + 1, i + 6).map((u) => u.word);
    return (
      ['honom', 'henne', 'mig', 'dig', 'hen', 'dem'].includes(after[0] ?? '') ||
      after.some(
        (word, j) =>
          (word === 'åt' || word === 'till') &&
          j + 1 < after.length &&
          (/^(?:honom|henne|mig|dig|hen|dem|dom|oss|en|ett|min|mitt|sin|sitt)$/.test(
            after[j + 1],
          ) ||
            PERSON_HEAD.test(after[j + 1])),
      )
    );
  });
}

/** Between the names someone was called: "kallade henne för idiot och knäppgök", "pucko, mupp". */
const BETWEEN_NAMES = new Set([
  'och',
  'o',
  'eller',
  'samt',
  ...BEFORE_THE_NAME,
  ...INSULT_MODIFIERS,
]);

/**
 * The names a person was called, where they are an insult (the offensive list holds a word of
 * them): "kallade Linnea för en jävla idiot", "kallat Hugo för idiot och knäppgök", "kallade
 * Ebba för en värdelös jävel". The insult is reported (offensive), no judgement of the person
 * called; the spent corpora label it so (about 300 lines against 20). A judgement called that is
 * no insult ("kallar Leyla för latmask", "kallar Leo för en odåga") stays a judgement.
 */
function namesCalledInsults(
  tokens: readonly Token[],
  callings: readonly Calling[],
  words: readonly LexiconHit[],
): (index: number) => boolean {
  const insults = words.filter((hit) => hit.category === 'offensive');
  const spans = callings.flatMap((calling) => {
    const sentence = tokens[calling.verb].sentence;
    // Names traded ("kallade varandra för dumhuvud") or given a whole group ("kallade sin grupp
    // för ett gäng losers"): the spent corpora keep the judgement too.
    const called = tokens.slice(calling.verb + 1, calling.first).map((t) => t.word);
    if (called.some((word) => /^(?:varandra|grupp\p{L}*|gäng\p{L}*|klass|klassen)$/u.test(word))) {
      return [];
    }
    let last = calling.last;
    // The further names in a row: "för idiot och knäppgök", "för pucko och mupp".
    for (let i = last + 1; tokens[i]?.sentence === sentence && i <= last + 3; i += 1) {
      if (BETWEEN_NAMES.has(tokens[i].word)) continue;
      if (i > last + 1 && BETWEEN_NAMES.has(tokens[i - 1].word)) last = i;
      else break;
    }
    const insulting = insults.some((hit) => hit.first >= calling.first && hit.last <= last);
    return insulting ? [{ first: calling.first, last }] : [];
  });
  return (index) => spans.some((span) => span.first <= index && index <= span.last);
}

/**
 * Between the verb of saying and "att": who said it ("sa dom att") or where it was written ("skrev
 * i gruppchatten att", "på tiktok").
 */
const SPEAKER_OR_PLACE =
  /^(?:dom|de|han|hon|hen|folk|nån|någon|några|alla|killarna|tjejerna|i|på|en|ett|\p{L}*(?:chatt|chatten|tiktok|insta|instagram|snap|snapchat|story|storyn|gruppen|sms|lapp|lappen))$/u;

/** Quoted words: what was said, written or sent. */
const QUOTED_SPAN = /["“”„«»]([^"“”„«»]{1,80})["“”„«»]/gu;
/** Verbs and nouns of a message: "skickat meddelandet", "i ett sms". */
const MESSAGE =
  /^(?:meddelande\p{L}*|sms\p{L}*|chatt\p{L}*|skickat|skickade|mejl\p{L}*|skrivit|skrev|kallat|kallats)$/u;

/**
 * A judgement told as an insult said to someone ("kallade honom för idiot", skrek "jävla
 * idiot", "sa att jag va en jävla bitch", "dom skriker loser åt mig") is the insult
 * reported: offensive, and no judgement of the person it was said to.
 */
export function withoutJudgementsReported(
  found: Finding[],
  text: string,
  tokens: readonly Token[],
  callings: readonly Calling[],
  words: readonly LexiconHit[] = [],
): Finding[] {
  const all = found.filter(
    (f) =>
      (f.category !== 'character_judgement' && f.category !== 'offensive') ||
      !judgesNoOne(f, found, text, tokens),
  );
  if (!all.some((f) => f.category === 'character_judgement')) return all;
  const tokenAt = (offset: number): number =>
    tokens.findIndex((token) => token.start <= offset && offset < token.end);
  const insultCalled = namesCalledInsults(tokens, callings, words);
  const offensiveIn = new Set(
    all.filter((f) => f.category === 'offensive').map((f) => tokens[tokenAt(f.start)]?.sentence),
  );
  const quotes = [...text.matchAll(QUOTED_SPAN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  const reported = (finding: Finding): boolean => {
    const index = tokenAt(finding.start);
    if (index < 0) return false;
    const sentence = tokens[index].sentence;
    // The names the pupil owns to having given ("jag kallade noah för idiot"), and what follows
    // in the same breath: a confession of the pupil's words, no judgement of the one called.
    const confessed = callings.some(
      (c) =>
        tokens[c.verb].sentence === sentence &&
        c.verb < index &&
        index <= c.last + 4 &&
        tokens
          .slice(0, c.verb)
          .some((t) => t.sentence === sentence && /^(?:jag|ja|vi)$/.test(t.word)),
    );
    if (confessed) return true;
    // The name the pupil is given ("de kallar mig mähä", "pappa kallar mig för värdelösa unge") is
    // the insult reported. What a third person is called stays as the spent corpora label it, a
    // judgement too when the word judges ("kallar Leo för en odåga").
    const named = callings.some(
      (c) =>
        tokens[c.verb].sentence === sentence &&
        c.first <= index &&
        index <= c.last &&
        /^(?:mig|oss)$/.test(tokens[c.verb + 1]?.word ?? ''),
    );
    if (named) return true;
    if (insultCalled(index)) return true;
    if (!offensiveIn.has(sentence)) return false;
    const earlier = tokens.slice(0, index).filter((t) => t.sentence === sentence);
    // What the pupil owns to having said ("jag sa att hon va en fjant", "ja sa till Alice att hon
    // e en idiot", "jag sa idiot till Emil"): the insult confessed, no judgement of the one called
    // (so most spent corpora label it, against a few that add the judgement).
    const owned = earlier.some(
      (t, i) =>
        SAYING_VERB.test(t.word) &&
        !CALLING_VERB.test(t.word) &&
        earlier.slice(Math.max(0, i - 2), i).some((u) => /^(?:jag|ja|vi)$/.test(u.word)) &&
        // "jag skrev … till milo, det var dumt men han e så irriterande": a judgement of one's own.
        !earlier.slice(i + 1).some((u) => u.word === 'men'),
    );
    if (owned) return true;
    // "du e så jävla dum i huvet skrev jag till honom": the pupil's words, with the tag after.
    const ownedAfter = tokens.some(
      (t, i) =>
        t.sentence === sentence &&
        i > index &&
        SAYING_VERB.test(t.word) &&
        /^(?:jag|ja)$/.test(tokens[i + 1]?.word ?? ''),
    );
    if (ownedAfter) return true;
    // "jag fick höra att jag e en dum fjolla", "har fått höra att hon är ful": told of oneself.
    const heard = earlier.some(
      (t, i) =>
        /^(?:höra|hört)$/.test(t.word) &&
        earlier[i + 1]?.word === 'att' &&
        /^(?:jag|ja|hon|han|hen)$/.test(earlier[i + 2]?.word ?? ''),
    );
    if (heard) return true;
    const said = earlier.some((t) => SAYING_VERB.test(t.word) || MESSAGE.test(t.word));
    // Inside the quote, or reaching into it: skrev att Signe är en "bitch". Not a quote that states
    // what a third person is ("Leo är ett as" on his locker): that stays a judgement.
    const statesWhat = (q: { start: number; end: number }): boolean => {
      const inQuote = tokens.filter((t) => q.start <= t.start && t.end <= q.end);
      return inQuote.some(
        (t, i) => i > 0 && COPULA.test(t.word) && !/^(?:du|ni|jag|ja)$/.test(inQuote[i - 1].word),
      );
    };
    if (
      said &&
      quotes.some((q) => q.start < finding.end && finding.end <= q.end && !statesWhat(q))
    ) {
      return true;
    }
    // Said to or of the pupil: "sa att jag va", "skrev du e fet", "skriker loser åt mig".
    const inSentence = tokens.filter((t) => t.sentence === sentence);
    return inSentence.some((t, i) => {
      // Not "pappa säger att jag är en lat jävel": what one is habitually told one is.
      if (
        t.word === 'säger' ||
        (!SAYING_VERB.test(t.word) && !/^(?:skriker|skrek)$/.test(t.word))
      ) {
        return false;
      }
      const after = inSentence.slice(i + 1, i + 9).map((u) => u.word);
      // "sa att jag va", "skrev du e fet"; with the speaker or a place between: "i omklädningsrummet
      // sa dom att jag e …", "skrev i gruppchatten att jag är …".
      const aboutMe =
        /^(?:jag|ja|du)$/.test(after[0] ?? '') ||
        after
          .slice(0, 5)
          .some(
            (word, j) =>
              word === 'att' &&
              /^(?:jag|ja|du)$/.test(after[j + 1] ?? '') &&
              after.slice(0, j).every((w) => SPEAKER_OR_PLACE.test(w)),
          );
      // "skriker loser åt mig", "skrev … din jävla loser till en kille": said to someone.
      const toMe = after.some(
        (w, j) =>
          (w === 'åt' || w === 'till') &&
          /^(?:mig|dig|honom|henne|en|ett)$/.test(after[j + 1] ?? ''),
      );
      return (aboutMe || toMe) && t.start < finding.start;
    });
  };
  return all.filter((f) => f.category !== 'character_judgement' || !reported(f));
}

/**
 * A judgement's or an insult's word that judges no person where it stands: an adjective before
 * the thing it describes ("en dryg timme", "en dum idé"), a title ("Dostojevskijs Idioten"), an
 * animal said to be so ("Vår hund är en riktig latmask").
 */
function judgesNoOne(
  finding: Finding,
  all: readonly Finding[],
  text: string,
  tokens: readonly Token[],
): boolean {
  const tokenAt = (offset: number): number =>
    tokens.findIndex((token) => token.start <= offset && offset < token.end);
  const sentenceTokens = (sentence: number): Token[] =>
    tokens.filter((t) => t.sentence === sentence);
  const index = tokenAt(finding.start);
  if (index < 0) return false;
  const token = tokens[index];
  const at = (i: number): Token | undefined =>
    tokens[i]?.sentence === token.sentence ? tokens[i] : undefined;
  // "Vår hund är en riktig latmask", "Katten är så lat": an animal said to be so.
  for (let i = Math.max(index, tokenAt(finding.end - 1)); i >= index - 4; i -= 1) {
    const t = at(i);
    if (t === undefined) break;
    if (!COPULA.test(t.word)) continue;
    if (ANIMAL.test(at(i - 1)?.word ?? '')) return true;
    break;
  }
  if (tokenAt(finding.end - 1) !== index) return false;
  const before = at(index - 1);
  // "moderater e snåla", "killar som säger emot e töntiga", "alla politiker ljuger": people in
  // general, a kind named in the indefinite plural, an opinion about them and no one's character.
  if (finding.category === 'character_judgement' && saidOfPeopleInGeneral(tokens, index)) {
    return true;
  }
  // "Dostojevskijs Idioten", "läste Latmasken": a title, capitalised inside the sentence.
  if (
    before !== undefined &&
    /^\p{Lu}\p{Ll}/u.test(token.written) &&
    /^\s+$/u.test(text.slice(before.end, token.start)) &&
    sentenceTokens(token.sentence).some((t) => WORK_CUE.test(t.word))
  ) {
    return true;
  }
  // "en dryg timme", "en trög start", "en snål vind", "haft problematisk skolfrånvaro": an
  // adjective before the thing it describes (not "en lat jävla unge", "ett lynnigt temperament").
  if (before !== undefined && ATTRIBUTIVE_AFTER.test(before.word) && ADJECTIVE.test(token.word)) {
    let head: Token | undefined;
    for (let j = index + 1; j <= index + 3; j += 1) {
      const t = at(j);
      if (t === undefined || !/^\s+$/u.test(text.slice(tokens[j - 1].end, t.start))) break;
      if (
        (ADJECTIVE.test(t.word) || INSULT_MODIFIERS.has(t.word)) &&
        !CHARACTER_NOUN.test(t.word) &&
        !PERSON_HEAD.test(t.word)
      ) {
        continue;
      }
      head = t;
      break;
    }
    if (
      head !== undefined &&
      /^\p{Ll}/u.test(head.written) &&
      head.word.length >= 3 &&
      !FUNCTION_WORD.test(head.word) &&
      !PERSON_NOUN.test(head.word) &&
      !PERSON_HEAD.test(head.word) &&
      !CHARACTER_NOUN.test(head.word) &&
      // "en dum fetto": an insult found there is a person's.
      !all.some((f) => f.start < head.end && head.start < f.end)
    ) {
      return true;
    }
  }
  return false;
}

/** A kind of people in the indefinite plural: "moderater", "politiker", "vuxna", "killar". */
const PEOPLE_IN_GENERAL =
  /^(?:\p{Ll}{2,}(?:ar|er|or|are|ister|ianer|na)|politiker|muslimer|kristna|vuxna|unga|gamla|rika|folk|människor)$/u;
/** Where a clause begins, going back from its verb. */
const CLAUSE_START = /^(?:att|och|o|men|för|fast|eftersom|när|då|så)$/u;

/**
 * The subject of the judgement's clause is people in general: "alla som går i kyrkan e dumma",
 * "vuxna e fega", "alla politiker ljuger" (not "killarna e fega", "dom e fega": those named).
 */
function saidOfPeopleInGeneral(tokens: readonly Token[], index: number): boolean {
  const sentence = tokens[index].sentence;
  let verb = index - 1;
  while (
    verb >= index - 3 &&
    tokens[verb]?.sentence === sentence &&
    !COPULA.test(tokens[verb].word) &&
    /^(?:så|jätte|typ|ba|bara|ju|rätt|ganska|väldigt|helt|sjukt|lite)$/u.test(tokens[verb].word)
  ) {
    verb -= 1;
  }
  const copula = tokens[verb]?.sentence === sentence && COPULA.test(tokens[verb].word);
  // A verb said of them ("politiker ljuger") has its subject right before it.
  const last = copula ? verb - 1 : index - 1;
  const inClause = (i: number): boolean => tokens[i]?.sentence === sentence;
  const general = (i: number): boolean =>
    inClause(i) &&
    (tokens[i].word === 'alla' ||
      (/^\p{Ll}/u.test(tokens[i].written) &&
        PEOPLE_IN_GENERAL.test(tokens[i].word) &&
        !/(?:rna|rne)$/u.test(tokens[i].word) &&
        // "min dotter", "Dagens lärare", "mina klasskompisar": someone's, not people in general.
        !(inClause(i - 1) && OWNED_BY.test(tokens[i - 1].word))));
  // Without a copula the judgement is a verb in the present ("politiker ljuger"), its subject before it.
  if (!copula && !/(?:er|ar)$/u.test(tokens[index].word)) return false;
  if (general(last)) return true;
  // "alla som går i kyrkan e dumma", "killar som säger emot e töntiga": the relative clause's head.
  if (!copula) return false;
  for (let i = last; i >= last - 8 && inClause(i); i -= 1) {
    if (CLAUSE_START.test(tokens[i].word) || SUBJECT_PRONOUN.test(tokens[i].word)) return false;
    if (tokens[i].word === 'som') return general(i - 1);
  }
  return false;
}

/** Owners before a noun: a possessive or a genitive ("min dotter", "Dagens lärare"). */
const OWNED_BY =
  /^(?:min|mitt|mina|din|ditt|dina|hans|hennes|hens|sin|sitt|sina|vår|vårt|våra|er|ert|era|deras|\p{L}+s)$/u;

/** Words of a work in the sentence of a capitalised judgement: its title. */
const WORK_CUE =
  /^(?:bok|boken|böcker\p{L}*|roman\p{L}*|novell\p{L}*|pjäs\p{L}*|film\p{L}*|serie\p{L}*|\p{L}*recension\p{L}*|utgåva\p{L}*|läste|läser|läst|läsa|författar\p{L}*|dikt\p{L}*)$/u;
/** Before an adjective that describes the noun after it: an article, a possessive, "har", "med". */
const ATTRIBUTIVE_AFTER =
  /^(?:en|ett|den|det|denna|detta|någon|något|ingen|inget|sin|sitt|hans|hennes|deras|min|mitt|din|ditt|vår|vårt|har|hade|haft|med|av|uppvisat|uppvisar|visar|visat)$/u;
/** Adjectives by their endings, and the short ones of the judgements. */
const ADJECTIVE =
  /(?:ig|iga|igt|ige|lig|liga|sam|samma|isk|iska|ös|ösa|iv|iva|ad|ade|bar|bara|lös|lösa|ande|ende)$|^(?:dryg|dryga|trög|tröga|snål|snåla|lat|lata|dum|dumma|feg|fega|elak|elaka|sur|sura|tjock|tjocka|ful|fula|seg|sega|slö|slöa|stel|stela|kall|kalla|hård|hårda|grym|grymma|kass|kassa|falsk|falska|fet|feta|klen|klena|svag|svaga|vek|veka|blek|bleka|tam|tama|kort|korta|hal|hala|dov|dova|tjurig|sne|snäv|snäva|stram|strama|grov|grova|liten|lilla|stor|stora|ung|unga|gammal|gamla|riktig|riktiga)$/u;
/** Words after an attributive adjective that are no noun it describes: it stands alone. */
const FUNCTION_WORD =
  /^(?:och|men|eller|som|att|när|för|till|från|mot|med|av|på|om|så|då|nu|inte|aldrig|alltid|ofta|också|även|ibland|typ|asså|det|den|de|dom|han|hon|hen|jag|vi|ni|sig|mig|dig|honom|henne|är|var|blir|blev|kan|ska|vill)$/u;
/** Nouns of character, temper and kind: "ett lynnigt temperament", "en dryg typ", "en lat hund". */
const CHARACTER_NOUN =
  /^(?:natur\p{L}*|karaktär\p{L}*|personlighet\p{L}*|läggning\p{L}*|sinnelag\p{L}*|sinne|lynne\p{L}*|humör\p{L}*|temperament\p{L}*|attityd\p{L}*|inställning\p{L}*|sätt|sättet|framtoning\p{L}*|uppförande\p{L}*|beteende\p{L}*|typ|typer|själ|själar|varelse\p{L}*|individ\p{L}*|person\p{L}*|människ\p{L}*|jävel|jäveln|jävlar|sate|satan|fan|djävul|figur|figurer|gestalt|exemplar|sort|stil|hjärta|sida|sidor|drag|egenskap\p{L}*|hund|hundar|gris|grisar|svin|åsna|åsnor|ko|kor|apa|apor|get|råtta|råttor|orm|ormar|padda|kossa|hyena|groda|mes|fegis|latmask\p{L}*|odåga\p{L}*|\p{L}*unge|\p{L}*ungar|påg\p{L}*|grabb\p{L}*|gosse\p{L}*|tös\p{L}*|jänt\p{L}*|dam|damen|herre|herren|gubbe|gubben|kvinna|kvinnan|man|mannen|\p{L}*åring|\p{L}*åringen|\p{L}*åringar|\p{L}*ling|\p{L}*lingen|\p{L}*lingar|förebild\p{L}*|representant\p{L}*|ambassadör\p{L}*|\p{L}*medlem\p{L}*|vuxen|vuxna)$/u;
/** Animals, said to be so: "vår hund är lat", "katten e så feg". */
const ANIMAL =
  /^(?:hund|hunden|hundar|hundarna|katt|katten|katter|katterna|häst|hästen|hästar|hästarna|kanin|kaninen|marsvin|marsvinet|hamster|hamstern|valp|valpen|kattunge|kattungen|ko|kon|kossan|gris|grisen|get|geten|höna|hönan|hönor|tupp|tuppen|fågel|fågeln|papegoja|papegojan|undulat|undulaten|fisk|fisken|orm|ormen|får|fåret|lamm|lammet|ren|renen|renar|renarna)$/u;
