package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/namen-nlp/namen/extract"
	"github.com/namen-nlp/namen/internal/benchtext"
	"github.com/namen-nlp/namen/lang"
)

func init() {
	commands["bench"] = command{summary: "measure pipeline throughput, memory and model load (optionally against prose v2)", run: runBench}
}

// minDocBytes is the size from which paragraphs of an -in file make a
// document of their own.
const minDocBytes = 4 << 10

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	baseline := fs.String("baseline", "", "also run this baseline on the same text: prose (github.com/jdkato/prose/v2)")
	in := fs.String("in", "", "input file, split at blank lines into documents of at least 4 kB (default: the seed article and the GermEval dev sentences)")
	rounds := fs.Int("rounds", 5, "measured rounds; the pipelines alternate within each round")
	workersFlag := fs.String("workers", "1", "comma-separated goroutine counts for our pipeline, each run with GOMAXPROCS set to it (e.g. 1,2)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file; our pipeline runs under the pprof label pipeline=namen")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen bench [-baseline prose] [-in FILE] [-rounds N] [-workers 1,2] [-cpuprofile FILE]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	workers, err := parseWorkers(*workersFlag)
	if err != nil || *rounds < 1 || fs.NArg() > 0 || (*baseline != "" && *baseline != "prose") {
		if err != nil {
			fmt.Fprintf(stderr, "namen bench: %v\n", err)
		}
		fs.Usage()
		return errUsage
	}

	var c *benchtext.Corpus
	if *in != "" {
		b, err := os.ReadFile(*in)
		if err != nil {
			return err
		}
		c = &benchtext.Corpus{Docs: splitDocs(string(b)), Source: *in}
	} else if c, err = benchtext.Default(); err != nil {
		return err
	}
	if len(c.Docs) == 0 {
		return fmt.Errorf("%s: no text", c.Source)
	}
	size, tokens := 0, 0
	for _, d := range c.Docs {
		size += len(d)
		tokens += len(lang.Tokenize(d))
	}
	fmt.Fprintf(stdout, "machine: %s, %d CPUs, %s %s/%s\n", cpuModel(), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "input:   %s\n         %d documents, %d bytes, %d tokens (lang.Tokenize; every tokens/s figure below divides this count)\n", c.Source, len(c.Docs), size, tokens)

	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	// Model load: the first extract.New decodes the embedded model.
	start := time.Now()
	x, err := extract.New()
	if err != nil {
		return err
	}
	loadOurs := time.Since(start)
	// Warm-up with the most workers, so that the peak RSS below includes
	// every Tagger the rounds will use; it also counts the output.
	entities, err := runOurs(x, c.Docs, slices.Max(workers))
	if err != nil {
		return err
	}
	rssOurs := maxRSS()
	fmt.Fprintf(stdout, "namen:   model load %s (first extract.New, default model); %d entities\n", loadOurs.Round(time.Millisecond), entities)

	var pr *proseRunner
	if *baseline == "prose" {
		start := time.Now()
		pr = newProseRunner()
		fmt.Fprintf(stdout, "prose:   model load %s (first prose.NewDocument; one shared model, full pipeline: segmentation, tokenization, POS tagging, NER; GOMAXPROCS 1)\n", time.Since(start).Round(time.Millisecond))
	}

	ours := make([]rates, len(workers)) // by worker index
	var theirs rates
	var proseTokens int
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	fmt.Fprintln(stdout, "\ntokens/s by wall clock (in brackets: per CPU-second of the process, getrusage)")
	for r := 1; r <= *rounds; r++ {
		fmt.Fprintf(stdout, "round %d:", r)
		for i, w := range workers {
			runtime.GOMAXPROCS(w)
			err := ours[i].measure(tokens, func() error {
				_, err := runOurs(x, c.Docs, w)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "  namen×%d %s", w, ours[i].last())
		}
		if pr != nil {
			runtime.GOMAXPROCS(1)
			err := theirs.measure(tokens, func() error {
				n, err := pr.run(c.Docs)
				proseTokens = n
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "  prose %s", theirs.last())
		}
		fmt.Fprintln(stdout)
	}

	fmt.Fprintf(stdout, "\nmedians of %d rounds (tokens/s; GOMAXPROCS = workers):\n", *rounds)
	for i, w := range workers {
		fmt.Fprintf(stdout, "  namen, %d worker(s): %s", w, ours[i].median())
		if i > 0 {
			fmt.Fprintf(stdout, "  scaling %.2f× of %d worker(s) (wall clock)", median(ours[i].wall)/median(ours[0].wall), workers[0])
		}
		fmt.Fprintln(stdout)
	}
	if pr != nil {
		fmt.Fprintf(stdout, "  prose v2, 1 goroutine: %s  (prose's own tokenizer made %d tokens)\n", theirs.median(), proseTokens)
		fmt.Fprintf(stdout, "  ratio namen/prose (1 worker each): %.1f× wall clock, %.1f× CPU time\n",
			median(ours[0].wall)/median(theirs.wall), median(ours[0].cpu)/median(theirs.cpu))
	}
	fmt.Fprintf(stdout, "allocations (runtime.MemStats as in -benchmem, median over the rounds): namen %.0f B and %.2f allocs per token", median(ours[0].bytes)/float64(tokens), median(ours[0].objects)/float64(tokens))
	if pr != nil {
		fmt.Fprintf(stdout, ", prose %.0f B and %.2f allocs per token", median(theirs.bytes)/float64(tokens), median(theirs.objects)/float64(tokens))
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "peak RSS (getrusage ru_maxrss): namen alone %s", mfmt(rssOurs))
	if pr != nil {
		fmt.Fprintf(stdout, ", whole process with prose loaded %s", mfmt(maxRSS()))
	}
	fmt.Fprintln(stdout)
	return nil
}

// runOurs extracts every document with workers goroutines sharing x, the
// way a service processes many documents at once, and returns the number
// of entities found.
func runOurs(x *extract.Extractor, docs []string, workers int) (int, error) {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		entities int
	)
	next := make(chan string)
	pprof.Do(context.Background(), pprof.Labels("pipeline", "namen"), func(ctx context.Context) {
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n := 0
				var err error
				for d := range next {
					var doc *extract.Document
					if doc, err = x.Extract(ctx, d); err != nil {
						break
					}
					n += len(doc.Entities)
				}
				mu.Lock()
				entities += n
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				for range next { // drain after an error
				}
			}()
		}
		for _, d := range docs {
			next <- d
		}
		close(next)
		wg.Wait()
	})
	return entities, firstErr
}

// splitDocs cuts text at blank lines into documents of at least
// minDocBytes (the last may be shorter).
func splitDocs(text string) []string {
	var docs []string
	start := 0
	for start < len(text) {
		end := len(text)
		if from := start + minDocBytes; from < len(text) {
			if i := strings.Index(text[from:], "\n\n"); i >= 0 {
				end = from + i + 2
			}
		}
		if strings.TrimSpace(text[start:end]) != "" {
			docs = append(docs, text[start:end])
		}
		start = end
	}
	return docs
}

func parseWorkers(s string) ([]int, error) {
	var ws []int
	for _, f := range strings.Split(s, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || w < 1 {
			return nil, fmt.Errorf("-workers: %q is not a positive number", f)
		}
		ws = append(ws, w)
	}
	return ws, nil
}

// rates collects the throughput of one pipeline over the rounds.
type rates struct {
	wall, cpu      []float64 // tokens per second of wall clock and of process CPU time
	bytes, objects []float64 // heap allocation per run
}

// measure runs f after a garbage collection and records its throughput
// on tokens tokens.
func (r *rates) measure(tokens int, f func() error) error {
	runtime.GC()
	a, cpu, start := readAllocs(), cpuTime(), time.Now()
	if err := f(); err != nil {
		return err
	}
	r.wall = append(r.wall, float64(tokens)/time.Since(start).Seconds())
	r.cpu = append(r.cpu, float64(tokens)/(cpuTime()-cpu).Seconds())
	b := readAllocs()
	r.bytes = append(r.bytes, float64(b.bytes-a.bytes))
	r.objects = append(r.objects, float64(b.objects-a.objects))
	return nil
}

func (r *rates) last() string {
	return fmt.Sprintf("%s (%s)", kfmt(r.wall[len(r.wall)-1]), kfmt(r.cpu[len(r.cpu)-1]))
}

func (r *rates) median() string {
	return fmt.Sprintf("%s (%s)", kfmt(median(r.wall)), kfmt(median(r.cpu)))
}

type allocs struct{ bytes, objects uint64 }

// readAllocs returns the heap allocation totals as go test -benchmem
// counts them (runtime.MemStats TotalAlloc and Mallocs).
func readAllocs() allocs {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return allocs{m.TotalAlloc, m.Mallocs}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// kfmt formats a rate in thousands.
func kfmt(v float64) string { return fmt.Sprintf("%.1fk", v/1000) }

// mfmt formats a byte count in MiB, or "n/a" when unknown (negative).
func mfmt(b int64) string {
	if b < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// cpuModel returns the CPU model name from /proc/cpuinfo, or GOARCH.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
