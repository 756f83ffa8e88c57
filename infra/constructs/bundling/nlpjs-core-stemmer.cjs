'use strict';
/**
 * Stands in for `@nlpjs/core` in the function bundles (esbuild alias, see BUNDLE_SETTINGS). Its only
 * importers there are the two Snowball stemmers (`@nlpjs/lang-ru`, `@nlpjs/lang-en-min`) and the
 * English tokenizer the English stemmer loads, which take `Among`, `BaseStemmer` and `Tokenizer`
 * from it; the package's index also pulls in nlp.js's pipeline machinery (evaluator, dock,
 * context, clonable, ...). These are the package's own modules, unchanged; any other name is
 * missing on purpose, and a bundle that needed it fails at import (test/infra builds every bundle).
 */
const Among = require('../../../node_modules/@nlpjs/core/src/among.js');
const BaseStemmer = require('../../../node_modules/@nlpjs/core/src/base-stemmer.js');
const Tokenizer = require('../../../node_modules/@nlpjs/core/src/tokenizer.js');

module.exports = { Among, BaseStemmer, Tokenizer };
