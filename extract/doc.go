// Package extract finds named entities in German text and returns them
// as typed records: who, where, which organisation, exactly where in the
// text, and which name each mention refers to.
//
//	x, err := extract.New()
//	doc, err := x.Extract(ctx, text)
//	for _, e := range doc.Entities { … e.Text, e.Start, e.End, e.Label, e.Kind, e.Base … }
//
// An Extractor tokenizes the text (lang.Tokenize), splits it into
// sentences (lang.Sentences), tags each sentence with the model
// (model.Default unless WithModel is given) on the token texts after
// lang.Normalize (tokens that are not valid UTF-8 or longer than 256 bytes
// are left out and never part of an entity; a sentence of more than 1,000
// tokens is tagged in blocks of 1,000), and turns the BIO tags into
// entities. Offsets are
// byte offsets into the caller's string; text[e.Start:e.End] == e.Text
// always; entities are ordered and never overlap.
//
// Two rules correct the tagger in every sentence. A name right before a
// trademark sign (® or ™) is a brand: the word before the sign, with the
// words in capitals before it when it is in capitals itself (ACME SOFT®;
// at most 4 words; Die Marke Nivea® gives Nivea), labelled ORG unless
// the tagger calls it OTH, with a score of at least 0.95. And acronyms
// that stand for common nouns (lang.NounAcronym: KI, IT, EDV, Lkw) are no
// names: the tagger's span is dropped when it consists of such acronyms,
// is a list of them and ordinary nouns joined by &, und, oder, / or a
// comma (KI & Robotik), or is a compound whose first part is one and whose
// other parts are no names (KI-News); brands and the user's names stay
// (IT SOLUTIONS®).
//
// The tagger decides sentence by sentence; the Extractor adds consistency
// over the document. A name tagged with a score of at least 0.9 is also an
// entity where the same words occur untagged elsewhere in the document,
// and so are the last word of a person's full name (Mark Rutte … Rutte
// unterstrich; not after an article: der Koch) and the genitive in -s of a
// one-word name or a last name (Putin … Putins Berater); such a mention
// gets its source's score. Forms tagged with two labels are not
// propagated. Then the user's names (WithNames) are applied.
//
// # Labels and kinds
//
// Label is the GermEval 2014 class: PER, LOC, ORG or OTH. Kind says how
// the mention relates to the name: the name itself (Name: Putin, Putins),
// a word derived from it (Derived: russischen), or a compound containing
// it (Part: NATO-Generalsekretär). Label and Kind together are the
// GermEval type (Entity.Type: "LOCderiv", "ORGpart").
//
// # Base names
//
// Entity.Base is the name a mention refers to:
//
//   - Name: a genitive or declension ending (-s, -es, -'s, -', -n) comes off
//     only when the shorter form is supported and the full form is not a
//     known name itself. Supported means: found as a name by the tagger or
//     the user's list elsewhere in the same document (as a whole span or a
//     word of one), a place of the lexicon lang/data/demonyms.txt, or an
//     entry of WithNames. Putins → Putin when Putin is named in the
//     document; Russlands → Russland (a lexicon place); Hans stays Hans.
//     A name in capitals takes the case of the same name written normally
//     in the document (a headline's BELEK → Belek). Sentence punctuation
//     at the edges of a span is not part of the base.
//   - Derived: the place behind a place adjective through the lexicon
//     (russischen, Russische → Russland; Münchner → München; see
//     lang.Demonym), else the longest name of the document the word
//     starts with (goethesche → Goethe), else the Snowball stem.
//   - Part: for a hyphenated compound, the longest run of parts that is a
//     supported name or a place adjective (Ost-Berlin → Berlin,
//     Ukraine-Verhandlungen → Ukraine), else the first part in capitals
//     that is not an acronym of a common noun (EU-Kommission → EU,
//     SPIEGEL-Bestsellerautor → SPIEGEL, IT-BOLTEX → BOLTEX), else the
//     first capitalised part (Google-Suchmaschine → Google); without a
//     hyphen, the longest supported name the word starts with
//     (Russlandpolitik → Russland); else the text itself.
//
// Labels are made consistent over the document (one sense per
// discourse): a mention takes the label of the highest-scoring name
// mention with the same base, so a headline's BELEK follows Belek in the
// text. A derived or part mention takes the class of the name it
// contains, as GermEval defines these types: Ukraine-Verhandlungen is
// LOCpart when the document names the Ukraine as a place (or the Ukraine
// is a place of the lexicon), whatever class the tagger guessed.
//
// # Groups
//
// Document.Groups merges the mentions of one entity: same label and same
// base ignoring case, or, for persons, a one-word base equal to the last
// word of a fuller name (Rutte → Mark Rutte). Derived and part mentions
// join the group of their base (russischen → Russland). A group is named
// by its fullest form (Wladimir Putin for Putin, Putins, Wladimir Putin).
//
// # Scores
//
// Entity.Score is the minimum, over the span's tokens, of the tagger's
// confidence in the token's tag (a marginal probability calibrated on the
// GermEval development set), so a span scores no better than its weakest
// token. WithMinScore filters on it. Names matched by WithNames score 1,
// brands (before ® or ™) at least 0.95.
//
// # Concurrency and streaming
//
// An Extractor is safe for concurrent use; it keeps a pool of taggers.
// Extract holds the whole text; Stream reads an io.Reader paragraph by
// paragraph in bounded memory and yields entities with offsets into the
// whole stream.
package extract
