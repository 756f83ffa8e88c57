/** Types for the Snowball stemmers of nlp.js (`@nlpjs/lang-ru`, `@nlpjs/lang-en-min`; the packages ship none). */
declare module '@nlpjs/lang-ru/src/stemmer-ru.js' {
  export default class StemmerRu {
    stemWord(word: string): string;
  }
}
declare module '@nlpjs/lang-en-min/src/stemmer-en.js' {
  export default class StemmerEn {
    stemWord(word: string): string;
  }
}
