package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/model"
)

func init() {
	commands["extract"] = command{summary: "find the named entities in German text files (or stdin)", run: runExtract}
}

// extractStdin is the input of "namen extract" without files; tests
// replace it.
var extractStdin io.Reader = os.Stdin

// largeInput is the input size from which extract shows progress on a
// terminal even for a single file.
const largeInput = 4 << 20

// streamFrom is the input size from which extract streams the input
// paragraph by paragraph (extract.Paragraphs) instead of extracting it
// whole, in every format: memory stays bounded, but the document-level
// steps (label consistency, propagation, base-name support) then see
// only the paragraphs before, and no groups are built. Tests lower it.
var streamFrom = 2 << 20

func runExtract(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: jsonl (one entity per line), json (a document per file), text (a table), conll (token<TAB>tag); inputs of 2 MiB or more are streamed, without groups")
	modelPath := fs.String("model", "default", modelFlag)
	minScore := fs.Float64("min-score", 0, "drop entities scoring below this (0-1)")
	labels := fs.String("labels", "", "keep only these labels, comma-separated (e.g. PER,LOC)")
	namesPath := fs.String("names", "", "`FILE` of user names applied over the model, one name<TAB>label[<TAB>kind[<TAB>base]] a line, # comments")
	offsets := fs.String("offsets", "bytes", "unit of the start and end offsets: bytes (UTF-8), runes (code points, as Python indexes) or utf16 (as JavaScript indexes)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "taggers that work on one input at once (its sentences, or the paragraphs of a streamed input)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen extract [-format jsonl|json|text|conll] [-labels L,...] [-min-score S] [-names FILE] [-model NAME|PATH] [-offsets bytes|runes|utf16] [-workers N] [FILE...]")
		fmt.Fprintln(stderr, "Reads standard input when no FILE is given. With several files, -format json writes a JSON array.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	usageErr := func(format string, args ...any) error {
		fmt.Fprintf(stderr, "namen extract: "+format+"\n", args...)
		fs.Usage()
		return errUsage
	}
	switch *format {
	case "jsonl", "json", "text", "conll":
	default:
		return usageErr("unknown format %q", *format)
	}
	unit, err := extract.ParseUnit(*offsets)
	if err != nil {
		return usageErr("-offsets: %v", err)
	}
	if !(*minScore >= 0 && *minScore <= 1) {
		return usageErr("-min-score %v: want a value in [0,1]", *minScore)
	}
	if *workers < 1 {
		return usageErr("-workers %d: want at least 1", *workers)
	}
	opts := []extract.Option{extract.WithMinScore(*minScore), extract.WithWorkers(*workers)}
	if *format != "conll" {
		opts = append(opts, extract.WithoutTokens()) // only conll prints tokens
	}
	if *labels != "" {
		var ls []extract.Label
		for _, s := range strings.Split(*labels, ",") {
			l, err := extract.ParseLabel(strings.TrimSpace(s))
			if err != nil {
				return usageErr("-labels: %v", err)
			}
			ls = append(ls, l)
		}
		opts = append(opts, extract.WithLabels(ls...))
	}
	if *namesPath != "" {
		names, err := readNames(*namesPath)
		if err != nil {
			return err
		}
		opts = append(opts, extract.WithNames(names...))
	}
	if *modelPath != "" {
		m, err := loadModel(*modelPath)
		if err != nil {
			return err
		}
		opts = append(opts, extract.WithModel(m))
	}
	x, err := extract.New(opts...)
	if err != nil {
		return err
	}

	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	out := bufio.NewWriter(stdout)
	prog := newProgress(stderr, files)
	array := *format == "json" && len(files) > 1
	if array {
		fmt.Fprint(out, "[")
	}
	written, failed := 0, 0
	for i, name := range files {
		prog.file(i)
		r, closeFile, err := openInput(name)
		if err != nil {
			// A file that cannot be opened is reported and skipped.
			prog.done()
			fmt.Fprintf(stderr, "namen extract: %v\n", err)
			failed++
			continue
		}
		if array && written > 0 {
			fmt.Fprint(out, ",")
		}
		err = extractFile(x, name, prog.reader(r), *format, unit, len(files) > 1, out)
		closeFile()
		if err != nil {
			prog.done()
			out.Flush()
			return err
		}
		written++
	}
	if array {
		fmt.Fprintln(out, "]")
	}
	prog.done()
	if err := out.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs could not be read", failed, len(files))
	}
	return nil
}

// openInput opens a named input ("-" is standard input) and returns a
// function that closes it.
func openInput(name string) (io.Reader, func(), error) {
	if name == "-" {
		return extractStdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// extractFile extracts the entities of one input and writes them.
func extractFile(x *extract.Extractor, name string, r io.Reader, format string, unit extract.Unit, several bool, out *bufio.Writer) error {
	ctx := context.Background()
	data, err := io.ReadAll(io.LimitReader(r, int64(streamFrom)))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var pieces iter.Seq2[extract.Paragraph, error]
	streamed := len(data) == streamFrom
	if streamed {
		// A large input: streamed paragraph by paragraph in bounded memory.
		pieces = x.Paragraphs(ctx, io.MultiReader(bytes.NewReader(data), r))
	} else {
		doc, err := x.Extract(ctx, string(data))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		pieces = func(yield func(extract.Paragraph, error) bool) { yield(extract.Paragraph{Doc: doc}, nil) }
	}
	if unit != extract.Bytes {
		pieces = inUnit(pieces, unit)
	}
	switch format {
	case "jsonl":
		err = writeJSONL(out, name, pieces)
	case "json":
		err = writeJSON(out, name, streamed, several, pieces)
	case "conll":
		err = writeCoNLL(out, name, several, pieces)
	default:
		err = writeTable(out, name, streamed, pieces)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// readNames reads a user name list: one entry per line,
// name<TAB>label[<TAB>kind[<TAB>base]]; blank lines and # comments are
// skipped.
func readNames(path string) ([]extract.NameEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var names []extract.NameEntry
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(f) > 4 {
			return nil, fmt.Errorf("%s:%d: want name<TAB>label[<TAB>kind[<TAB>base]], got %q", path, n+1, line)
		}
		e := extract.NameEntry{Text: f[0]}
		if e.Label, err = extract.ParseLabel(f[1]); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
		}
		if len(f) > 2 && f[2] != "" {
			if e.Kind, err = extract.ParseKind(f[2]); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
			}
		}
		if len(f) > 3 {
			e.Base = f[3]
		}
		names = append(names, e)
	}
	return names, nil
}

// inUnit gives the pieces with their entities' offsets, and their own
// offsets in the stream, in unit u instead of bytes.
func inUnit(pieces iter.Seq2[extract.Paragraph, error], u extract.Unit) iter.Seq2[extract.Paragraph, error] {
	return func(yield func(extract.Paragraph, error) bool) {
		base := 0
		for p, err := range pieces {
			if err != nil {
				yield(p, err)
				return
			}
			o := extract.NewOffsets(p.Doc.Text, u)
			for i, e := range p.Doc.Entities {
				p.Doc.Entities[i] = o.Entity(e)
			}
			p.Offset = base
			base += o.At(len(p.Doc.Text))
			if !yield(p, nil) {
				return
			}
		}
	}
}

// writeJSONL writes entities as JSON lines (-format jsonl), each the
// entity's JSON object with the file name as its first field, stopping at
// the first error.
func writeJSONL(w io.Writer, name string, pieces iter.Seq2[extract.Paragraph, error]) error {
	file, err := json.Marshal(name)
	if err != nil {
		return err
	}
	head := append(append([]byte(`{"file":`), file...), ',')
	var line []byte
	for p, err := range pieces {
		if err != nil {
			return err
		}
		for e := range p.Entities() {
			// The entity's object after `{"file":NAME`, its opening brace
			// turned into the comma.
			line, err = e.AppendJSON(append(line[:0], head[:len(head)-1]...))
			if err != nil {
				return err
			}
			line[len(head)-1] = ','
			if _, err := w.Write(append(line, '\n')); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeJSON writes one object per input (-format json): the file name,
// its entities and, unless the input is streamed, its groups. Entities
// are written as they come, so a streamed input needs no more memory
// than a piece of it.
func writeJSON(w io.Writer, name string, streamed, several bool, pieces iter.Seq2[extract.Paragraph, error]) error {
	file, err := json.Marshal(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "{\n  \"file\": %s,\n  \"entities\": [", file)
	n := 0
	var groups []extract.Group
	for p, err := range pieces {
		if err != nil {
			return err
		}
		if !streamed {
			groups = p.Doc.Groups
		}
		for e := range p.Entities() {
			if err := writeIndented(w, &n, e); err != nil {
				return err
			}
		}
	}
	closeList(w, n)
	fmt.Fprint(w, ",\n  \"groups\": [")
	n = 0
	for _, g := range groups {
		if err := writeIndented(w, &n, g); err != nil {
			return err
		}
	}
	closeList(w, n)
	end := "\n}\n"
	if several {
		end = "\n}" // inside the array runExtract writes
	}
	_, err = fmt.Fprint(w, end)
	return err
}

// writeIndented writes v as the next element of a JSON list at depth 2.
func writeIndented(w io.Writer, n *int, v any) error {
	b, err := json.MarshalIndent(v, "    ", "  ")
	if err != nil {
		return err
	}
	if *n > 0 {
		fmt.Fprint(w, ",")
	}
	*n++
	fmt.Fprint(w, "\n    ")
	_, err = w.Write(b)
	return err
}

// closeList ends a JSON list of n elements.
func closeList(w io.Writer, n int) {
	if n > 0 {
		fmt.Fprint(w, "\n  ")
	}
	fmt.Fprint(w, "]")
}

// oneLine replaces runs of white space by one space, for table cells.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// writeTable writes a table of the entities and one of the groups
// (-format text). A streamed input is written piece by piece, with the
// columns aligned within each piece and no groups.
func writeTable(w io.Writer, name string, streamed bool, pieces iter.Seq2[extract.Paragraph, error]) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var doc *extract.Document
	for p, err := range pieces {
		if err != nil {
			return err
		}
		doc = p.Doc
		switch {
		case streamed && p.Offset == 0:
			fmt.Fprintf(tw, "# %s: streamed, no groups\n", safe(name))
		case !streamed:
			fmt.Fprintf(tw, "# %s: %d entities, %d groups\n", safe(name), len(doc.Entities), len(doc.Groups))
		}
		if p.Offset == 0 {
			fmt.Fprintln(tw, "START\tEND\tTYPE\tSCORE\tTEXT\tBASE")
		}
		for e := range p.Entities() {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%.2f\t%s\t%s\n", e.Start, e.End, e.Type(), e.Score, safe(oneLine(e.Text)), safe(e.Base))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if streamed || doc == nil {
		return nil
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "GROUP\tLABEL\tMENTIONS")
	for _, g := range doc.Groups {
		seen := map[string]bool{}
		var forms []string
		for _, m := range g.Mentions {
			if t := safe(oneLine(doc.Entities[m].Text)); !seen[t] {
				seen[t] = true
				forms = append(forms, t)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", safe(g.Name), g.Label, len(g.Mentions), strings.Join(forms, ", "))
	}
	return tw.Flush()
}

// writeCoNLL writes token<TAB>tag lines, a blank line after each sentence.
// Tokens never contain white space, so the columns are unambiguous.
func writeCoNLL(w io.Writer, name string, several bool, pieces iter.Seq2[extract.Paragraph, error]) error {
	if several {
		fmt.Fprintf(w, "# file = %s\n", safe(name))
	}
	for p, err := range pieces {
		if err != nil {
			return err
		}
		doc := p.Doc
		tags := make([]model.Tag, len(doc.Tokens))
		k := 0
		for _, e := range doc.Entities {
			for k < len(doc.Tokens) && doc.Tokens[k].End <= e.Start {
				k++
			}
			for j := k; j < len(doc.Tokens) && doc.Tokens[j].Start < e.End; j++ {
				if j == k {
					tags[j] = model.Begin(e.Type())
				} else {
					tags[j] = model.Inside(e.Type())
				}
			}
		}
		for _, s := range doc.Sentences {
			for i := s.From; i < s.To; i++ {
				if _, err := fmt.Fprintf(w, "%s\t%s\n", safe(doc.Tokens[i].Text), tags[i]); err != nil {
					return err
				}
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

// safe makes s safe to print on a terminal: control characters (C0, DEL
// and C1) and the bidirectional formatting characters (U+202A–U+202E,
// U+2066–U+2069) are written as \uXXXX, and bytes that are not valid
// UTF-8 as \xXX. Everything else, a backslash included, is written as it
// is, so the result is for reading, not for parsing back.
func safe(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case unsafeRune(r) && r != utf8.RuneError:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether r is a control or bidirectional formatting
// character, or U+FFFD (which an invalid byte decodes to).
func unsafeRune(r rune) bool {
	return r < 0x20 || 0x7f <= r && r < 0xa0 || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 || r == utf8.RuneError
}

// progress shows on stderr which file is processed and how many bytes
// were read, when stderr is a terminal and the work is worth it (several
// files or a large one). Otherwise it does nothing.
type progress struct {
	w     io.Writer // nil when disabled
	files []string
	cur   int
	read  int64
	last  time.Time
	shown bool
}

func newProgress(stderr io.Writer, files []string) *progress {
	p := &progress{files: files}
	if !isTerminal(stderr) {
		return p
	}
	large := len(files) > 1
	for _, f := range files {
		if f == "-" {
			if st, ok := extractStdin.(interface{ Stat() (os.FileInfo, error) }); ok {
				if fi, err := st.Stat(); err == nil && fi.Size() >= largeInput {
					large = true
				}
			}
		} else if fi, err := os.Stat(f); err == nil && fi.Size() >= largeInput {
			large = true
		}
	}
	if large {
		p.w = stderr
	}
	return p
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) file(i int) {
	p.cur = i
	p.show(true)
}

func (p *progress) show(force bool) {
	if p.w == nil || (!force && time.Since(p.last) < 200*time.Millisecond) {
		return
	}
	p.last = time.Now()
	p.shown = true
	name := p.files[p.cur]
	if name == "-" {
		name = "stdin"
	}
	fmt.Fprintf(p.w, "\r\033[Kextract: file %d/%d %s, %.1f MiB read", p.cur+1, len(p.files), name, float64(p.read)/(1<<20))
}

// done clears the progress line.
func (p *progress) done() {
	if p.w != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// reader counts the bytes read from r for the progress line.
func (p *progress) reader(r io.Reader) io.Reader {
	if p.w == nil {
		return r
	}
	return readerFunc(func(b []byte) (int, error) {
		n, err := r.Read(b)
		p.read += int64(n)
		p.show(false)
		return n, err
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }
