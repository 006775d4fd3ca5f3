package bounded

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestRead(t *testing.T) {
	data := bytes.Repeat([]byte("abcdefgh"), 300_000) // 2.4 MB: more than startCap
	for _, tc := range []struct {
		name string
		r    func() io.Reader
		n    int64
		want []byte
	}{
		{"sized, all", func() io.Reader { return bytes.NewReader(data) }, int64(len(data)) + 1, data},
		{"sized, fewer", func() io.Reader { return bytes.NewReader(data) }, 10, data[:10]},
		{"unsized, all", func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) }, int64(len(data)) + 1, data},
		{"unsized, fewer", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) }, 3, data[:3]},
		{"nothing wanted", func() io.Reader { return bytes.NewReader(data) }, 0, nil},
		{"empty", func() io.Reader { return bytes.NewReader(nil) }, 5, nil},
	} {
		got, err := Read(tc.r(), tc.n)
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("%s: got %d bytes, %v; want %d bytes", tc.name, len(got), err, len(tc.want))
		}
		if int64(cap(got)) > max(tc.n, 1) {
			t.Errorf("%s: capacity %d beyond the %d bytes asked for", tc.name, cap(got), tc.n)
		}
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	got, err := Read(io.MultiReader(bytes.NewReader([]byte("abc")), iotest.ErrReader(boom)), 100)
	if !errors.Is(err, boom) || string(got) != "abc" {
		t.Errorf("got %q, %v; want \"abc\", boom", got, err)
	}
}

// A reader that knows its length is read with one allocation.
func TestReadSizedAllocatesOnce(t *testing.T) {
	data := make([]byte, 5<<20)
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := Read(bytes.NewReader(data), int64(len(data))+1); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 { // the buffer and the bytes.Reader
		t.Errorf("%v allocations, want at most 2", allocs)
	}
}

// A huge declared size with a short input allocates no more than the input.
func TestReadHugeClaim(t *testing.T) {
	got, err := Read(iotest.HalfReader(bytes.NewReader([]byte("short"))), 1<<40)
	if err != nil || string(got) != "short" || cap(got) > startCap {
		t.Errorf("got %q (cap %d), %v", got, cap(got), err)
	}
}

// From a Reader, Read takes the bytes in place; the Reader also reads
// like any other.
func TestReader(t *testing.T) {
	data := []byte("header:payload")
	r := NewReader(data)
	head := make([]byte, 7)
	if _, err := io.ReadFull(r, head); err != nil || string(head) != "header:" || r.Len() != 7 {
		t.Fatalf("ReadFull: %q, %v, Len %d", head, err, r.Len())
	}
	got, err := Read(r, 100)
	if err != nil || string(got) != "payload" || &got[0] != &data[7] || cap(got) != len(got) {
		t.Errorf("Read from a Reader: %q, %v (in place: %t)", got, err, len(got) > 0 && &got[0] == &data[7])
	}
	if got, err := Read(r, 1); err != nil || len(got) != 0 {
		t.Errorf("Read at the end: %q, %v", got, err)
	}
	if n, err := r.Read(head); n != 0 || err != io.EOF {
		t.Errorf("Reader.Read at the end: %d, %v", n, err)
	}
	allocs := testing.AllocsPerRun(10, func() { Read(NewReader(data), 5) })
	if allocs > 1 { // the Reader
		t.Errorf("%v allocations", allocs)
	}
}
