package extract

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// reflectedJSON is the JSON that encoding/json writes for e by
// reflection, which AppendJSON must equal.
func reflectedJSON(e Entity) ([]byte, error) {
	return json.Marshal(entityJSON{plainEntity(e), e.Type(), math.Round(e.Score*1000) / 1000})
}

func checkEntityJSON(t *testing.T, e Entity) {
	t.Helper()
	want, werr := reflectedJSON(e)
	got, gerr := e.AppendJSON([]byte("prefix"))
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%+v: error %v, encoding/json %v", e, gerr, werr)
	}
	if werr != nil {
		if string(got) != "prefix" {
			t.Fatalf("%+v: %q appended with an error", e, got)
		}
		return
	}
	if !bytes.Equal(got, append([]byte("prefix"), want...)) {
		t.Fatalf("%+v:\n got %s\nwant prefix%s", e, got, want)
	}
}

// TestAppendJSONMatchesReflection checks AppendJSON against encoding/json
// on every byte, the characters it escapes specially, invalid UTF-8 and
// scores of every magnitude.
func TestAppendJSONMatchesReflection(t *testing.T) {
	var all strings.Builder
	for c := range 256 {
		all.WriteByte(byte(c))
		checkEntityJSON(t, Entity{Text: string([]byte{byte(c)}), Label: LOC, Score: 0.5})
	}
	for _, s := range []string{all.String(), "Putins\u2028\u2029 <b>&amp;</b>", "\xe2\x80", "ü\xffé", "\"\\\u007f\U0001F600"} {
		checkEntityJSON(t, Entity{Text: s, Base: s, Stem: s, Label: PER, Kind: Derived, Score: 1})
	}
	for _, score := range []float64{0, 1, 0.9995, 0.0004, 0.0005, -0.001, 1e-7, 5e-324, 1e21, 123456789, math.Copysign(0, -1), math.NaN(), math.Inf(1)} {
		checkEntityJSON(t, Entity{Text: "NATO", Start: -1, End: math.MaxInt, Label: ORG, Kind: Part, Score: score})
	}
	checkEntityJSON(t, Entity{Text: "x", Label: 0})            // invalid label
	checkEntityJSON(t, Entity{Text: "x", Label: PER, Kind: 7}) // invalid kind
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("Wladimir Putin", "Putin", "putin", 0, 14, uint8(1), uint8(0), 0.961)
	f.Add("\x00<\u2028\xff", "", "", -5, 3, uint8(9), uint8(2), 1e-9)
	f.Fuzz(func(t *testing.T, text, base, stem string, start, end int, label, kind uint8, score float64) {
		checkEntityJSON(t, Entity{Text: text, Base: base, Stem: stem, Start: start, End: end, From: start / 2, To: end / 2, Sentence: start % 7, Label: Label(label % 6), Kind: Kind(kind % 4), Score: score})
	})
}
