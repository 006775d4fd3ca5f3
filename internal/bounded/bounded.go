// Package bounded reads untrusted inputs whose headers declare their
// sizes: memory grows with the bytes actually present, never beyond the
// declared size, and one allocation suffices when the reader knows how
// many bytes it holds.
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
func Read(r io.Reader, n int64) ([]byte, error) {
	if n <= 0 {
		return nil, nil
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
