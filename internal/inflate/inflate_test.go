package inflate

import (
	"bytes"
	"compress/flate"
	"strings"
	"testing"
)

func TestExact(t *testing.T) {
	data := bytes.Repeat([]byte("Berlin Bonn "), 10_000)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(data)
	fw.Close()
	got, err := Exact(comp.Bytes(), uint64(len(data)))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Exact of the declared size: %d bytes, %v", len(got), err)
	}
	if cap(got) != len(data) {
		t.Errorf("buffer capacity %d for %d bytes", cap(got), len(data))
	}
	for _, tc := range []struct {
		name string
		comp []byte
		size uint64
		want string
	}{
		{"fewer than declared", comp.Bytes(), uint64(len(data)) + 1, "decompresses to"},
		{"more than declared", comp.Bytes(), uint64(len(data)) - 1, "more than"},
		{"truncated stream", comp.Bytes()[:comp.Len()/2], uint64(len(data)), "decompressing"},
		{"not DEFLATE", []byte{0xff, 0xff, 0xff}, 10, "decompressing"},
	} {
		if _, err := Exact(tc.comp, tc.size); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
