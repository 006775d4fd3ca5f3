// Package inflate decompresses DEFLATE data of a declared size in memory
// bounded by that size, for the model and word-table decoders.
package inflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
)

// Exact decompresses comp, a DEFLATE stream that must hold exactly size
// bytes; anything else is an error. Its buffer doubles with the data
// actually there, up to size and never beyond: at most 1.5 × size bytes
// are in use at once and 2 × size allocated in all, whatever comp holds.
// The caller bounds size.
func Exact(comp []byte, size uint64) ([]byte, error) {
	fr := flate.NewReader(bytes.NewReader(comp))
	buf := make([]byte, 0, min(size, 16*uint64(len(comp))+512))
	for {
		if len(buf) == cap(buf) {
			if uint64(len(buf)) == size {
				if n, _ := fr.Read(make([]byte, 1)); n > 0 {
					return nil, fmt.Errorf("data decompresses to more than the %d bytes declared", size)
				}
				return buf, nil
			}
			next := 2 * uint64(cap(buf))
			if 2*next > size {
				next = size // rather than one more doubling just short of it
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf = grown
		}
		n, err := fr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			if uint64(len(buf)) != size {
				return nil, fmt.Errorf("data decompresses to %d bytes, %d declared", len(buf), size)
			}
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("decompressing: %w", err)
		}
	}
}
