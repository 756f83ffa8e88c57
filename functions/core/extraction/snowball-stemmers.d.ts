/** Types for `snowball-stemmers` (a JS port of the Snowball stemmers; the package ships none). */
declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  const snowballFactory: {
    newStemmer(language: string): Stemmer;
    algorithms(): string[];
  };
  export default snowballFactory;
}
