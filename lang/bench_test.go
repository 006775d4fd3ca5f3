package lang_test

import (
	"os"
	"strings"
	"testing"

	"github.com/namen-nlp/namen/internal/corpus"
	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/lang"
)

// benchTexts returns realistic German prose: the seed article and, when
// the shared data is present, the GermEval dev sentences detokenized and
// joined into one text (a sentence per line).
func benchTexts(b *testing.B) map[string]string {
	b.Helper()
	article, err := os.ReadFile("../testdata/seed/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	texts := map[string]string{"article": string(article)}
	if p, err := shared.Path("germeval2014", "NER-de-dev.tsv"); err == nil {
		if sents, err := corpus.ReadFile(p); err == nil {
			var sb strings.Builder
			for _, s := range sents {
				text, _ := detokenize(s.Words)
				sb.WriteString(text)
				sb.WriteByte('\n')
			}
			texts["germeval-dev"] = sb.String()
		}
	}
	return texts
}

func BenchmarkTokenize(b *testing.B) {
	for _, name := range []string{"article", "germeval-dev"} {
		text, ok := benchTexts(b)[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			var toks []lang.Token
			for b.Loop() {
				toks = lang.AppendTokens(toks[:0], text)
			}
		})
		b.Run(name+"/alloc", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				lang.Tokenize(text)
			}
		})
	}
}

func BenchmarkSentences(b *testing.B) {
	text := benchTexts(b)["article"]
	toks := lang.Tokenize(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		lang.Sentences(text, toks)
	}
}

// stemWords returns the words of running text in text order as they come
// from the tokenizer (mixed case, umlauts): the GermEval dev sentences
// (41,653 tokens) when the shared data is present, else the seed article.
func stemWords(b *testing.B) []string {
	texts := benchTexts(b)
	text, ok := texts["germeval-dev"]
	if !ok {
		text = texts["article"]
	}
	var words []string
	for _, tok := range lang.Tokenize(text) {
		if tok.Kind == lang.Word {
			words = append(words, tok.Text)
		}
	}
	return words
}

// BenchmarkStem stems running text word by word and reports ns per word;
// words/s = 1e9 / (ns/op).
func BenchmarkStem(b *testing.B) {
	words := stemWords(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		lang.Stem(words[i%len(words)])
	}
}

func BenchmarkNormalize(b *testing.B) {
	words := stemWords(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		lang.Normalize(words[i%len(words)])
	}
}

// BenchmarkStemVocabulary stems the 35,033 distinct words of the Snowball
// German vocabulary in turn (lowercase, longer than running text's words).
func BenchmarkStemVocabulary(b *testing.B) {
	data, err := os.ReadFile(shared.ForTest(b, "snowball-german", "voc.txt"))
	if err != nil {
		b.Fatal(err)
	}
	words := strings.Fields(string(data))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		lang.Stem(words[i%len(words)])
	}
}
