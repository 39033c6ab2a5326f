import type { Category } from '../categories';

/**
 * Swedish (and a few English) terms per category, written as patterns
 * (word-forms.ts): `bråkig` finds its inflections, `utred*` every word it
 * starts, `*diagnos` also the compounds it ends, `*medicin*` any word that
 * holds it, `BUP` only in capitals. Several words in a row are a phrase.
 * The stemmer gives the inflections, so a term is written once, in one form.
 *
 * `except`: words that hold a pattern but mean something harmless at school.
 * `unlessNear`: left alone in a sentence that also holds one of these — the
 * words of teaching about a subject (religion, history, civics) or of a class
 * visit, which keep curriculum text clean.
 * `onlyNear`: found only in a sentence that also holds one of these.
 */
export interface LexiconEntry {
  readonly category: Category;
  readonly terms: readonly string[];
  readonly except?: readonly string[];
  readonly unlessNear?: readonly string[];
  readonly onlyNear?: readonly string[];
  /**
   * Adjectives about a person: the neuter form describes a thing or a
   * situation ("det är jobbigt", "stökigt i klassrummet"), so it is left alone.
   */
  readonly personOnly?: boolean;
  /**
   * The `unlessNear` cues excuse a sentence about the family too: "mamma
   * arbetar på vårdcentralen" is a workplace. Otherwise a family word keeps
   * the term (a relative's illness is not excused by a lesson).
   */
  readonly unlessNearInFamily?: boolean;
  /** Further categories the same passage belongs to (a genetic syndrome is health too). */
  readonly also?: readonly Category[];
}
