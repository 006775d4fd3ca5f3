// Package lang is namen's German text layer: it cuts text into tokens and
// sentences, normalises words and stems them. It holds no model; the word
// lists it needs live in data/*.txt (embedded, parsed once on first use).
//
// Tokenize cuts text the way the GermEval 2014 NER corpus is tokenized, so
// that the tagger sees words as it saw them in training: hyphenated
// compounds (NATO-Generalsekretär) and suspended hyphens (Ost-) stay whole,
// abbreviations (z.B., Dr.), initials, Roman numerals and ordinals
// (am 3. Oktober) keep their period, dates, times and numbers stay whole,
// punctuation, quotes and symbols are tokens of their own, and URLs, e-mail
// addresses, @handles and #hashtags are single tokens. Every token carries
// byte offsets into the caller's string; the tokens plus the gaps between
// them rebuild the input byte for byte, for any input, including invalid
// UTF-8.
//
// Sentences groups tokens into sentences by rules (sentence-final
// punctuation before a capital, paragraph breaks), Normalize maps a token
// to the form the tagger is fed (NFC, without soft hyphens and zero-width
// characters), and Stem returns its Snowball German stem. Demonym maps a
// place adjective to its place (russischen → Russland), and NounAcronym
// tells acronyms of common nouns (KI, EDV) from names.
//
// All functions are safe for concurrent use. Returned tokens and strings
// share memory with the input text and must not be assumed to be copies.
package lang
