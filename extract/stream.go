package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"unicode/utf8"
)

// maxParagraph caps the bytes Stream extracts from at once; a longer
// paragraph is cut at a line end, else at white space, else at a UTF-8
// character boundary.
const maxParagraph = 64 << 10

// Stream extracts the entities of the text read from r, paragraph by
// paragraph (paragraphs are separated by blank lines), in memory bounded
// by the paragraph size cap (64 KiB) rather than by the input. Entity
// offsets and sentence indices count over the whole stream, so they are
// what Extract would give on the whole input when no sentence spans a
// paragraph break, except for the document-level steps (see the package
// documentation): base names and propagation use what the current and
// the earlier paragraphs show (up to 10,000 names and forms), label
// consistency the current paragraph only; so a base, a label, a
// propagated mention or its score may differ from Extract's when the
// evidence comes later in the text. No groups are built.
//
// Stream yields a non-nil error once, as its last value, when reading
// fails or ctx is done; the Entity that comes with it is zero.
func (x *Extractor) Stream(ctx context.Context, r io.Reader) iter.Seq2[Entity, error] {
	return func(yield func(Entity, error) bool) {
		p := paragraphs{r: r, max: maxParagraph}
		offset, sentences := 0, 0
		mem := memory{names: map[string]bool{}, forms: newSources(maxMemory)}
		for {
			if err := ctx.Err(); err != nil {
				yield(Entity{}, fmt.Errorf("extract: %w", err))
				return
			}
			chunk, err := p.next()
			if len(chunk) > 0 {
				doc, xerr := x.extract(ctx, chunk, &mem)
				if xerr != nil {
					yield(Entity{}, xerr)
					return
				}
				for _, e := range doc.Entities {
					e.Start += offset
					e.End += offset
					e.Sentence += sentences
					if !yield(e, nil) {
						return
					}
				}
				offset += len(chunk)
				sentences += len(doc.Sentences)
			}
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(Entity{}, fmt.Errorf("extract: reading at byte %d: %w", offset, err))
				return
			}
		}
	}
}

// paragraphs cuts a reader into consecutive chunks that together are the
// whole input: each chunk ends after a blank line or is cut at max bytes.
type paragraphs struct {
	r       io.Reader
	max     int
	buf     []byte
	scanned int // bytes of buf already searched for a paragraph break
	err     error
}

// next returns the next chunk, and io.EOF (or the read error) once the
// input is exhausted.
func (p *paragraphs) next() (string, error) {
	for {
		if end := p.paragraphEnd(); end > 0 {
			return p.take(end), nil
		}
		if len(p.buf) >= p.max {
			return p.take(cutPoint(p.buf[:p.max])), nil
		}
		if p.err != nil {
			chunk := p.take(len(p.buf))
			return chunk, p.err
		}
		if cap(p.buf)-len(p.buf) < 4096 {
			nb := make([]byte, len(p.buf), max(2*cap(p.buf), 8192, len(p.buf)+4096))
			copy(nb, p.buf)
			p.buf = nb
		}
		n, err := p.r.Read(p.buf[len(p.buf):min(cap(p.buf), len(p.buf)+p.max)])
		p.buf = p.buf[:len(p.buf)+n]
		if err != nil {
			p.err = err
		}
	}
}

// take removes the first n bytes of buf and returns them.
func (p *paragraphs) take(n int) string {
	chunk := string(p.buf[:n])
	p.buf = append(p.buf[:0], p.buf[n:]...)
	p.scanned = 0
	return chunk
}

// paragraphEnd returns the end of the first paragraph in buf (just after
// the blank line ending it, including further blank lines), or 0.
func (p *paragraphs) paragraphEnd() int {
	b := p.buf
	for i := p.scanned; i < len(b); i++ {
		if b[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r') {
			j++
		}
		if j == len(b) {
			// Cannot tell yet whether a blank line follows.
			p.scanned = i
			return 0
		}
		if b[j] == '\n' {
			// Swallow the run of blank lines.
			end := j + 1
			for k := end; k < len(b); k++ {
				if b[k] == '\n' {
					end = k + 1
				} else if b[k] != ' ' && b[k] != '\t' && b[k] != '\r' {
					return end
				}
			}
			if p.err != nil {
				return len(b)
			}
			p.scanned = i
			return 0
		}
	}
	p.scanned = len(b)
	return 0
}

// cutPoint returns where to cut an over-long chunk b: after its last line
// end, else after its last white space, else at its last UTF-8 character
// boundary (never 0 for a non-empty b).
func cutPoint(b []byte) int {
	if i := bytes.LastIndexByte(b, '\n'); i > 0 {
		return i + 1
	}
	if i := bytes.LastIndexAny(b, " \t\r"); i > 0 {
		return i + 1
	}
	i := len(b) - 1
	for i > 0 && !utf8.RuneStart(b[i]) && len(b)-i < utf8.UTFMax {
		i--
	}
	if i > 0 && !utf8.FullRune(b[i:]) {
		return i // do not split the last, incomplete character
	}
	return len(b)
}
