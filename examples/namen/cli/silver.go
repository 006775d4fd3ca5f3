package cli

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/namen-nlp/namen/lang"
	"github.com/namen-nlp/namen/model"
)

func init() {
	commands["silver"] = command{summary: "tag unlabelled text with a model and keep the sentences it is sure of (training data)", run: runSilver}
}

// Sentences outside these lengths (in tokens) are not kept as silver data.
const (
	silverMinWords = 5
	silverMaxWords = 80
)

// silverChunk is how many input lines a worker tags at a time; the output
// is written, and can be resumed, chunk by chunk.
const silverChunk = 256

// silverDone starts the line written after each chunk: "-DOCSTART- done
// FILE LINE" says that the output holds everything kept from the input up
// to line LINE of FILE (a base name). Corpus readers skip -DOCSTART- lines.
const silverDone = "-DOCSTART- done "

// silverOptions are the settings of one silver run; the header line of
// the output records them, and -resume requires the same.
type silverOptions struct {
	model       string
	every       int
	minConf     float64
	minEntities int
}

func (o silverOptions) header() string {
	return fmt.Sprintf("-DOCSTART- silver model=%s every=%d min-conf=%g min-entities=%d", filepath.Base(o.model), o.every, o.minConf, o.minEntities)
}

func runSilver(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("silver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o silverOptions
	out := fs.String("out", "", "write the tagged sentences to `PATH` (required): token, confidence and tag per line, a blank line after each sentence")
	in := fs.String("in", "", "corpus files, a comma-separated list of `GLOB`s of text files (.gz allowed), one paragraph or sentence per line (default: unlabelled/*.txt.gz in the shared data)")
	fs.StringVar(&o.model, "model", "accurate", modelFlag)
	fs.IntVar(&o.every, "every", 1, "read every `N`th line of each file, from the first")
	fs.Float64Var(&o.minConf, "min-conf", 0.8, "keep a sentence only if every token's confidence is at least this")
	fs.IntVar(&o.minEntities, "min-entities", 1, "keep a sentence only if it has at least `N` entities")
	tokens := fs.Int("tokens", 0, "stop once the output holds `N` tokens (0: read all input)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "goroutines tagging; the output does not depend on this number")
	resume := fs.Bool("resume", false, "continue the run whose output is -out (the same input and flags)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen silver -out PATH [-model NAME|PATH] [-in GLOB] [-every N] [-tokens N] [-min-conf X] [-min-entities N] [-resume]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 || o.every < 1 || o.minEntities < 0 || *tokens < 0 || *workers < 1 || !(o.minConf >= 0 && o.minConf <= 1) {
		fs.Usage()
		return errUsage
	}
	files, err := corpusFiles(*in)
	if err != nil {
		return err
	}
	m, err := loadModel(o.model)
	if err != nil {
		return err
	}

	s := &silverRun{opts: o, tokenLimit: *tokens, began: time.Now(), stderr: stderr}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *resume {
		if err := s.resumeFrom(*out); err != nil {
			return err
		}
		flags = os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(*out, flags, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s exists: pass -resume to continue it, or remove it", *out)
		}
		return err
	}
	s.w = bufio.NewWriter(f)
	if !*resume {
		s.w.WriteString(o.header() + "\n")
	}
	taggers := make([]model.SentenceTagger, *workers)
	for i := range taggers {
		taggers[i] = m.NewSentenceTagger()
	}
	err = s.run(files, taggers)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// silverPos is a position in the input: a file's base name and a line number.
type silverPos struct {
	file string
	line int
}

type silverRun struct {
	opts       silverOptions
	tokenLimit int
	done       silverPos // input already covered by the output (resume)
	sentences  int       // kept so far, resumed ones included
	tokens     int
	w          *bufio.Writer
	began      time.Time
	stderr     io.Writer
	lastReport time.Time
	// where this run started, for the estimate of the time left
	startRead   int64
	startTokens int
}

// resumeFrom reads a partial output, cuts it after its last complete
// chunk and sets where the input continues.
func (s *silverRun) resumeFrom(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	header, _, _ := bytes.Cut(data, []byte("\n"))
	if string(header) != s.opts.header() {
		return fmt.Errorf("%s: cannot resume: it was written with %q, this run is %q", path, header, s.opts.header())
	}
	end, sentences, tokens := len(header)+1, 0, 0
	for off := end; off < len(data); {
		line, _, found := bytes.Cut(data[off:], []byte("\n"))
		if !found {
			break // a line cut off by the interruption
		}
		off += len(line) + 1
		switch {
		case bytes.HasPrefix(line, []byte(silverDone)):
			file, num, ok := strings.Cut(string(line[len(silverDone):]), " ")
			n, err := strconv.Atoi(num)
			if !ok || err != nil {
				return fmt.Errorf("%s: cannot resume: bad line %q", path, line)
			}
			s.done, end = silverPos{file, n}, off
			s.sentences, s.tokens = sentences, tokens
		case len(line) == 0:
			sentences++
		default:
			tokens++
		}
	}
	if err := os.Truncate(path, int64(end)); err != nil {
		return err
	}
	if s.done.file != "" {
		fmt.Fprintf(s.stderr, "resuming after line %d of %s: %d sentences, %d tokens kept before\n", s.done.line, s.done.file, s.sentences, s.tokens)
	}
	return nil
}

// silverJob is a chunk of input lines and, once tagged, its output.
type silverJob struct {
	lines     []string
	last      silverPos
	out       bytes.Buffer
	sentences int
	tokens    int
}

// run reads the files, tags chunks of lines in parallel and writes them
// in input order.
func (s *silverRun) run(files []string, taggers []model.SentenceTagger) error {
	var total, before int64 // compressed bytes, for the progress line
	sizes := make([]int64, len(files))
	for i, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return err
		}
		sizes[i] = st.Size()
		total += st.Size()
	}
	skipping := s.done.file != ""
	for i, path := range files {
		base := filepath.Base(path)
		skipTo := 0
		if skipping {
			if base != s.done.file {
				before += sizes[i]
				continue
			}
			skipping, skipTo = false, s.done.line
			s.startRead, s.startTokens = before, s.tokens
		}
		if err := s.file(path, skipTo, taggers, func(read int64) { s.progress(before+read, total) }); err != nil {
			return err
		}
		before += sizes[i]
		if s.full() {
			break
		}
	}
	if skipping {
		return fmt.Errorf("cannot resume: no input file is named %s", s.done.file)
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(s.stderr, "done in %s: %d sentences, %d tokens\n", time.Since(s.began).Round(time.Second), s.sentences, s.tokens)
	return nil
}

func (s *silverRun) full() bool { return s.tokenLimit > 0 && s.tokens >= s.tokenLimit }

// file tags the lines of one input file after line skipTo.
func (s *silverRun) file(path string, skipTo int, taggers []model.SentenceTagger, progress func(read int64)) error {
	t, err := openText(path)
	if err != nil {
		return err
	}
	defer t.Close()
	base := filepath.Base(path)
	jobs := make([]*silverJob, 0, len(taggers))
	job := &silverJob{}
	n := 0
	for !s.full() {
		more := t.Scan()
		if more {
			n++
			if n > skipTo && (n-1)%s.opts.every == 0 {
				job.lines = append(job.lines, t.Text())
				job.last = silverPos{base, n}
			}
		}
		if len(job.lines) == silverChunk || (!more && len(job.lines) > 0) {
			jobs = append(jobs, job)
			job = &silverJob{}
		}
		if len(jobs) == len(taggers) || (!more && len(jobs) > 0) {
			if err := s.tag(jobs, taggers); err != nil {
				return err
			}
			jobs = jobs[:0]
			progress(t.BytesRead())
		}
		if !more {
			break
		}
	}
	return t.Err()
}

// tag tags the jobs, one per tagger, and writes them in order; it stops
// writing at the token limit, so the last chunk written may be partial.
func (s *silverRun) tag(jobs []*silverJob, taggers []model.SentenceTagger) error {
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.opts.tagChunk(j, taggers[i])
		}()
	}
	wg.Wait()
	for _, j := range jobs {
		if s.full() {
			break
		}
		s.w.Write(j.out.Bytes())
		fmt.Fprintf(s.w, "%s%s %d\n", silverDone, j.last.file, j.last.line)
		s.sentences += j.sentences
		s.tokens += j.tokens
	}
	return s.w.Flush()
}

// tagChunk tags the lines of j with t and writes the sentences to keep
// into j.out.
func (o silverOptions) tagChunk(j *silverJob, t model.SentenceTagger) {
	var toks []lang.Token
	var norm []string
	for _, line := range j.lines {
		toks = lang.AppendTokens(toks[:0], line)
		for _, sent := range lang.Sentences(line, toks) {
			words := toks[sent.From:sent.To]
			if len(words) < silverMinWords || len(words) > silverMaxWords {
				continue
			}
			norm = norm[:0]
			for _, w := range words {
				norm = append(norm, lang.Normalize(w.Text))
			}
			tags, conf := t.Tag(norm)
			if !o.keep(words, tags, conf) {
				continue
			}
			for i, w := range words {
				fmt.Fprintf(&j.out, "%s\t%.3f\t%s\n", w.Text, conf[i], tags[i])
			}
			j.out.WriteByte('\n')
			j.sentences++
			j.tokens += len(words)
		}
	}
}

// keep reports whether a tagged sentence passes the filters. Sentences
// with a token that a corpus reader would split (one holding a space
// character, which the tokenizer leaves inside some tokens) are dropped.
func (o silverOptions) keep(words []lang.Token, tags []model.Tag, conf []float32) bool {
	entities := 0
	for i, w := range words {
		if float64(conf[i]) < o.minConf || strings.IndexFunc(w.Text, unicode.IsSpace) >= 0 {
			return false
		}
		if tags[i].IsBegin() {
			entities++
		}
	}
	return entities >= o.minEntities
}

// progress writes a progress line with an estimate of the time left at
// most every 10 seconds.
func (s *silverRun) progress(read, total int64) {
	now := time.Now()
	if now.Sub(s.lastReport) < 10*time.Second {
		return
	}
	s.lastReport = now
	elapsed := now.Sub(s.began)
	frac := float64(read-s.startRead) / float64(total-s.startRead)
	if s.tokenLimit > 0 {
		frac = max(frac, float64(s.tokens-s.startTokens)/float64(s.tokenLimit-s.startTokens))
	}
	eta := "unknown"
	if frac > 0 {
		eta = (time.Duration(float64(elapsed)*(1-frac)/frac) + time.Second/2).Round(time.Second).String()
	}
	fmt.Fprintf(s.stderr, "[%s] read %.0f of %.0f MB: %d sentences, %d tokens kept; about %s left\n",
		elapsed.Round(time.Second), float64(read)/1e6, float64(total)/1e6, s.sentences, s.tokens, eta)
}
