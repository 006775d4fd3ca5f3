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
// the earlier paragraphs show (up to 10,000 names and forms of at most
// 256 bytes each), label consistency the current paragraph only; so a
// base, a label, a propagated mention or its score may differ from
// Extract's when the evidence comes later in the text. No groups are
// built.
//
// Stream yields a non-nil error once, as its last value, when reading
// fails or ctx is done; the Entity that comes with it is zero.
func (x *Extractor) Stream(ctx context.Context, r io.Reader) iter.Seq2[Entity, error] {
	return func(yield func(Entity, error) bool) {
		for p, err := range x.Paragraphs(ctx, r) {
			if err != nil {
				yield(Entity{}, err)
				return
			}
			for e := range p.Entities() {
				if !yield(e, nil) {
					return
				}
			}
		}
	}
}

// Paragraph is one piece of a stream read by Paragraphs: the Document of
// its text, whose offsets and indices count from the start of the piece,
// and where the piece starts in the stream.
type Paragraph struct {
	Doc      *Document
	Offset   int // byte offset of Doc.Text in the stream
	Token    int // index in the stream of Doc's first token
	Sentence int // index in the stream of Doc's first sentence
}

// Entities yields the entities of p.Doc with offsets and sentence indices
// over the whole stream, as Stream gives them.
func (p Paragraph) Entities() iter.Seq[Entity] {
	return func(yield func(Entity) bool) {
		for _, e := range p.Doc.Entities {
			e.Start += p.Offset
			e.End += p.Offset
			e.From += p.Token
			e.To += p.Token
			e.Sentence += p.Sentence
			if !yield(e) {
				return
			}
		}
	}
}

// Paragraphs is Stream for callers that want the Document of each piece
// of the stream: its tokens, sentences and entities, and the groups of
// the piece. A piece is a paragraph, or a part of one cut at 64 KiB; the
// pieces together are the whole input, in order. Each Document is
// extracted as Stream describes, with what the earlier pieces showed;
// the caller owns it.
//
// With WithWorkers(n), a goroutine reads ahead and up to n pieces are
// tokenized and tagged at once, while the document-level steps run piece
// by piece in order; the results are those of one worker. Nothing reads r
// after Paragraphs (or Stream) has returned.
//
// Paragraphs yields a non-nil error once, as its last value, when reading
// fails or ctx is done; the Paragraph that comes with it is zero.
func (x *Extractor) Paragraphs(ctx context.Context, r io.Reader) iter.Seq2[Paragraph, error] {
	return func(yield func(Paragraph, error) bool) {
		if err := x.usable(ctx); err != nil {
			yield(Paragraph{}, err)
			return
		}
		offset, tokens, sentences := 0, 0, 0
		mem := memory{names: map[string]bool{}, forms: newSources(maxMemory)}
		for pc := range x.analysed(ctx, r) {
			if pc.err != nil {
				if !errors.Is(pc.err, io.EOF) {
					yield(Paragraph{}, pc.err)
				}
				return
			}
			ntok := len(pc.a.doc.Tokens) // before a lean finish drops them
			doc, err := x.finish(ctx, pc.a, &mem)
			if err != nil {
				yield(Paragraph{}, err)
				return
			}
			if !yield(Paragraph{Doc: doc, Offset: offset, Token: tokens, Sentence: sentences}, nil) {
				return
			}
			offset += len(doc.Text)
			tokens += ntok
			sentences += len(doc.Sentences)
		}
	}
}

// piece is a chunk of a stream, analysed, or the error that ends the
// stream (io.EOF at its end).
type piece struct {
	a   analysis
	err error
}

// analysed yields the analyses of the chunks of r in order, then a piece
// with the error that ends the stream. With more than one worker
// (WithWorkers), a goroutine reads ahead and up to that many chunks are
// analysed at once, so at most twice that many chunks are held; when the
// caller stops early, analysed returns once that goroutine's last read
// has returned, so nothing reads r after it.
func (x *Extractor) analysed(ctx context.Context, r io.Reader) iter.Seq[piece] {
	read := func(ctx context.Context, emit func(chunk string) bool, fail func(error)) {
		p := paragraphs{r: r, max: maxParagraph}
		offset := 0
		for {
			if err := ctx.Err(); err != nil {
				fail(fmt.Errorf("extract: %w", err))
				return
			}
			chunk, err := p.next()
			if len(chunk) > 0 && !emit(chunk) {
				return
			}
			offset += len(chunk)
			switch {
			case errors.Is(err, io.EOF):
				fail(io.EOF)
				return
			case err != nil:
				fail(fmt.Errorf("extract: reading at byte %d: %w", offset, err))
				return
			}
		}
	}
	if x.workers <= 1 {
		return func(yield func(piece) bool) {
			// read calls fail only while every emit went on.
			read(ctx, func(chunk string) bool {
				a, err := x.analyse(ctx, chunk)
				return yield(piece{a, err}) && err == nil
			}, func(err error) { yield(piece{err: err}) })
		}
	}
	return func(yield func(piece) bool) {
		ctx, cancel := context.WithCancel(ctx)
		order := make(chan chan piece, x.workers) // results, in the order of the input
		go func() {
			defer close(order)
			busy := make(chan struct{}, x.workers)
			send := func(res chan piece) bool {
				select {
				case order <- res:
					return true
				case <-ctx.Done():
					return false
				}
			}
			read(ctx, func(chunk string) bool {
				select {
				case busy <- struct{}{}:
				case <-ctx.Done():
					return false
				}
				res := make(chan piece, 1)
				go func() {
					defer func() { <-busy }()
					a, err := x.analyse(ctx, chunk)
					res <- piece{a, err}
				}()
				return send(res)
			}, func(err error) {
				res := make(chan piece, 1)
				res <- piece{err: err}
				send(res)
			})
		}()
		defer func() {
			cancel()
			for range order { // until the reader goroutine is done with r
			}
		}()
		for res := range order {
			pc := <-res
			if !yield(pc) || pc.err != nil {
				return
			}
		}
	}
}

// paragraphs cuts a reader into consecutive chunks that together are the
// whole input: each chunk ends after a blank line or is cut at max bytes.
// Every byte read is searched once for a blank line (once more after a
// cut) and moved at most a few times, so the work is linear in the input
// whatever the sizes of the reads.
type paragraphs struct {
	r     io.Reader
	max   int
	buf   []byte
	start int       // buf[start:] is not returned yet
	scan  int       // buf[start:scan] has been searched
	state scanState // of the search at scan
	end   int       // in state inBlank: the offset after its last line end
	err   error
	work  int // bytes searched and moved so far (tests check it is linear)
}

type scanState uint8

const (
	inText       scanState = iota
	afterNewline           // a line end, then only spaces, tabs or CRs
	inBlank                // a blank line seen, then only white space
)

// next returns the next chunk, and io.EOF (or the read error) once the
// input is exhausted.
func (p *paragraphs) next() (string, error) {
	for {
		if end := p.paragraphEnd(); end > 0 {
			return p.take(end), nil
		}
		if len(p.buf)-p.start >= p.max {
			return p.take(p.start + cutPoint(p.buf[p.start:p.start+p.max])), nil
		}
		if p.err != nil {
			return p.take(len(p.buf)), p.err
		}
		p.fill()
	}
}

// fill reads once, after making room: the unreturned bytes move to the
// front of the buffer, which keeps at least max bytes free behind them.
func (p *paragraphs) fill() {
	if cap(p.buf)-len(p.buf) < 4096 {
		n := copy(p.buf, p.buf[p.start:])
		p.work += n
		p.buf, p.scan, p.end, p.start = p.buf[:n], p.scan-p.start, p.end-p.start, 0
		if cap(p.buf)-n < p.max {
			grown := make([]byte, n, n+p.max)
			copy(grown, p.buf)
			p.buf = grown
		}
	}
	n, err := p.r.Read(p.buf[len(p.buf):min(cap(p.buf), len(p.buf)+p.max)])
	p.buf = p.buf[:len(p.buf)+n]
	if err != nil {
		p.err = err
	}
}

// take returns the bytes up to offset n and starts a new search there.
func (p *paragraphs) take(n int) string {
	chunk := string(p.buf[p.start:n])
	p.start, p.scan, p.state = n, n, inText
	return chunk
}

// paragraphEnd searches the bytes not searched yet and returns the end
// of the first paragraph (just after the blank line ending it, including
// further blank lines), or 0 when there is none yet.
func (p *paragraphs) paragraphEnd() int {
	b := p.buf
	from := p.scan
	defer func() { p.work += p.scan - from }()
	for ; p.scan < len(b); p.scan++ {
		c := b[p.scan]
		blank := c == ' ' || c == '\t' || c == '\r'
		switch p.state {
		case inText:
			if c == '\n' {
				p.state = afterNewline
			}
		case afterNewline:
			switch {
			case c == '\n':
				p.state, p.end = inBlank, p.scan+1
			case !blank:
				p.state = inText
			}
		case inBlank:
			switch {
			case c == '\n':
				p.end = p.scan + 1
			case !blank:
				return p.end
			}
		}
	}
	if p.state == inBlank && p.err != nil {
		return len(b)
	}
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
