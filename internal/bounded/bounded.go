// Package bounded reads untrusted inputs whose headers declare their
// sizes: memory grows with the bytes actually present, never beyond the
// declared size; one allocation suffices when the reader knows how many
// bytes it holds, and none when it is a Reader of bytes in memory.
package bounded

import "io"

// startCap is the first buffer size when the reader cannot say how many
// bytes it holds.
const startCap = 1 << 20

// Read reads from r until EOF or until it has n bytes, and returns what it
// read (at most n bytes). When r has a Len() int method (bytes.Reader,
// strings.Reader and others), the buffer starts at min(n, Len()) bytes,
// so reading a whole in-memory input allocates once; otherwise it starts
// at 1 MiB and doubles, capped at n. An error other than io.EOF is
// returned with the bytes read so far.
//
// From a *Reader, Read returns the next bytes of its slice itself, not a
// copy: the caller must not keep them beyond the slice's lifetime or
// change them.
func Read(r io.Reader, n int64) ([]byte, error) {
	if n <= 0 {
		return nil, nil
	}
	if m, ok := r.(*Reader); ok {
		return m.next(n), nil
	}
	c := int64(startCap)
	if l, ok := r.(interface{ Len() int }); ok {
		c = int64(l.Len()) + 1 // +1: seeing EOF needs no growth
	}
	buf := make([]byte, 0, max(min(n, c), 1))
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(n, 2*int64(cap(buf))))
			copy(grown, buf)
			buf = grown
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			break
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// Reader reads a byte slice, such as a file embedded in the binary; Read
// of this package takes its bytes without copying them. It is not safe
// for concurrent use.
type Reader struct {
	b   []byte
	off int
}

// NewReader returns a Reader of b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	if r.off >= len(r.b) {
		return 0, io.EOF
	}
	n := copy(p, r.b[r.off:])
	r.off += n
	return n, nil
}

// Len returns the number of bytes not yet read.
func (r *Reader) Len() int { return len(r.b) - r.off }

// next returns the next n bytes, or the rest when fewer are left.
func (r *Reader) next(n int64) []byte {
	end := r.off + int(min(n, int64(r.Len())))
	b := r.b[r.off:end:end]
	r.off = end
	return b
}
