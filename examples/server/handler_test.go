package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/namen-nlp/namen/extract"
)

// fakeExtractor adapts a function to the extractor interface.
type fakeExtractor func(ctx context.Context, text string) (*extract.Document, error)

func (f fakeExtractor) Extract(ctx context.Context, text string) (*extract.Document, error) {
	return f(ctx, text)
}

// label parses a label name with the extract package's own text decoding.
func label(t *testing.T, name string) extract.Label {
	t.Helper()
	var l extract.Label
	if err := l.UnmarshalText([]byte(name)); err != nil {
		t.Fatal(err)
	}
	return l
}

// wordFinder returns a fake that reports every occurrence of word as a PER
// entity, all in one group.
func wordFinder(t *testing.T, word string) fakeExtractor {
	per := label(t, "PER")
	return func(ctx context.Context, text string) (*extract.Document, error) {
		doc := &extract.Document{Text: text}
		for off := 0; ; {
			i := strings.Index(text[off:], word)
			if i < 0 {
				break
			}
			start := off + i
			off = start + len(word)
			if len(doc.Groups) == 0 {
				doc.Groups = append(doc.Groups, extract.Group{Name: word, Label: per})
			}
			doc.Groups[0].Mentions = append(doc.Groups[0].Mentions, len(doc.Entities))
			doc.Entities = append(doc.Entities, extract.Entity{Text: word, Start: start, End: off, Label: per, Base: word, Score: 0.9})
		}
		return doc, nil
	}
}

var testOptions = handlerOptions{MaxBody: 1 << 10, Timeout: time.Second}

// do sends one request through h and returns the status, the headers and
// the body.
func do(t *testing.T, h http.Handler, method, path string, body io.Reader) (int, http.Header, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header(), rec.Body.Bytes()
}

func TestExtractOK(t *testing.T) {
	h := newHandler(wordFinder(t, "Putin"), testOptions)
	text := "Putin traf Rutte. Putins Sprecher schwieg."
	status, hdr, body := do(t, h, "POST", "/v1/extract", strings.NewReader(`{"text": `+quote(text)+`}`))
	if status != http.StatusOK {
		t.Fatalf("status %d, body %s", status, body)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var got response
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	doc, _ := wordFinder(t, "Putin")(context.Background(), text)
	want := response{Entities: doc.Entities, Groups: doc.Groups}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
	for _, e := range got.Entities {
		if text[e.Start:e.End] != e.Text {
			t.Errorf("offsets %d:%d give %q, entity says %q", e.Start, e.End, text[e.Start:e.End], e.Text)
		}
	}
}

// An empty text is valid and gives empty lists, never null.
func TestExtractEmptyText(t *testing.T) {
	h := newHandler(wordFinder(t, "Putin"), testOptions)
	status, _, body := do(t, h, "POST", "/v1/extract", strings.NewReader(`{"text": ""}`))
	if status != http.StatusOK {
		t.Fatalf("status %d, body %s", status, body)
	}
	if got, want := strings.TrimSpace(string(body)), `{"offsets":"bytes","entities":[],"groups":[]}`; got != want {
		t.Errorf("body %s, want %s", got, want)
	}
}

func TestErrors(t *testing.T) {
	big := `{"text": "` + strings.Repeat("a", 2<<10) + `"}`
	tests := []struct {
		name, method, path string
		body               io.Reader
		status             int
		errContains        string
	}{
		{"malformed JSON", "POST", "/v1/extract", strings.NewReader(`{"text": "a`), 400, "malformed JSON"},
		{"not an object", "POST", "/v1/extract", strings.NewReader(`"Putin"`), 400, "malformed JSON"},
		{"text not a string", "POST", "/v1/extract", strings.NewReader(`{"text": 42}`), 400, "malformed JSON"},
		{"empty body", "POST", "/v1/extract", strings.NewReader(``), 400, "malformed JSON"},
		{"missing text", "POST", "/v1/extract", strings.NewReader(`{}`), 400, `missing field "text"`},
		{"null text", "POST", "/v1/extract", strings.NewReader(`{"text": null}`), 400, `missing field "text"`},
		{"unknown field", "POST", "/v1/extract", strings.NewReader(`{"text": "x", "lang": "de"}`), 400, `unknown field "lang"`},
		{"two objects", "POST", "/v1/extract", strings.NewReader(`{"text": "x"} {"text": "y"}`), 400, "after the JSON object"},
		{"trailing garbage", "POST", "/v1/extract", strings.NewReader(`{"text": "x"} ]`), 400, "malformed JSON"},
		// httptest.NewRequest sets Content-Length for a strings.Reader: refused before reading.
		{"oversized with length", "POST", "/v1/extract", strings.NewReader(big), 413, "limit is 1024"},
		// An io.Reader of unknown length is sent chunked: refused once the limit is crossed.
		{"oversized chunked", "POST", "/v1/extract", io.MultiReader(strings.NewReader(big)), 413, "exceeds the limit of 1024"},
		{"GET extract", "GET", "/v1/extract", nil, 405, "use POST"},
		{"PUT extract", "PUT", "/v1/extract", strings.NewReader(`{"text": "x"}`), 405, "use POST"},
		{"POST healthz", "POST", "/healthz", nil, 405, "use GET"},
		{"unknown path", "GET", "/v2/extract", nil, 404, "no such endpoint"},
	}
	h := newHandler(wordFinder(t, "Putin"), testOptions)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, hdr, body := do(t, h, tt.method, tt.path, tt.body)
			if status != tt.status {
				t.Errorf("status %d, want %d (body %s)", status, tt.status, body)
			}
			checkErrorBody(t, hdr, body, tt.errContains)
			if status == 405 && hdr.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
		})
	}
}

// checkErrorBody checks that body is a JSON error object whose message
// contains want.
func checkErrorBody(t *testing.T, hdr http.Header, body []byte, want string) {
	t.Helper()
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var e map[string]any
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %q is not JSON: %v", body, err)
	}
	msg, ok := e["error"].(string)
	if !ok || len(e) != 1 {
		t.Fatalf("error body %s, want exactly {\"error\": string}", body)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("error %q does not contain %q", msg, want)
	}
}

func TestHealth(t *testing.T) {
	h := newHandler(wordFinder(t, "Putin"), testOptions)
	for _, method := range []string{"GET", "HEAD"} {
		status, _, body := do(t, h, method, "/healthz", nil)
		if status != http.StatusOK {
			t.Errorf("%s /healthz: status %d, body %s", method, status, body)
		}
	}
}

func TestExtractorFailure(t *testing.T) {
	fail := fakeExtractor(func(ctx context.Context, text string) (*extract.Document, error) {
		return nil, errors.New("model exploded")
	})
	status, hdr, body := do(t, newHandler(fail, testOptions), "POST", "/v1/extract", strings.NewReader(`{"text": "x"}`))
	if status != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", status)
	}
	checkErrorBody(t, hdr, body, "model exploded")
}

// An extraction that outlives Timeout is cut off by the context the handler
// passes in and answered with 503.
func TestExtractTimeout(t *testing.T) {
	slow := fakeExtractor(func(ctx context.Context, text string) (*extract.Document, error) {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Second):
			return nil, errors.New("context was never canceled")
		}
	})
	opts := testOptions
	opts.Timeout = 50 * time.Millisecond
	start := time.Now()
	status, hdr, body := do(t, newHandler(slow, opts), "POST", "/v1/extract", strings.NewReader(`{"text": "x"}`))
	if status != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", status)
	}
	checkErrorBody(t, hdr, body, "did not finish within 50ms")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// The request's context reaches Extract: a client that hangs up cancels the
// extraction.
func TestClientCancelReachesExtractor(t *testing.T) {
	started := make(chan struct{})
	canceled := make(chan error, 1)
	x := fakeExtractor(func(ctx context.Context, text string) (*extract.Document, error) {
		close(started)
		select {
		case <-ctx.Done():
			canceled <- ctx.Err()
			return nil, ctx.Err()
		case <-time.After(10 * time.Second):
			canceled <- nil
			return nil, errors.New("context was never canceled")
		}
	})
	ts := httptest.NewServer(newHandler(x, handlerOptions{MaxBody: 1 << 10, Timeout: time.Minute}))
	defer ts.Close()

	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/v1/extract", strings.NewReader(`{"text": "x"}`))
	go func() {
		<-started
		cancel()
	}()
	if _, err := ts.Client().Do(req); err == nil {
		t.Fatal("request succeeded after cancel")
	}
	select {
	case err := <-canceled:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("extractor saw %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("extractor was not canceled")
	}
}

// A panic in the extractor gives 500 and the server keeps serving.
func TestPanicRecovered(t *testing.T) {
	x := fakeExtractor(func(ctx context.Context, text string) (*extract.Document, error) {
		if text == "boom" {
			var found []string
			_ = found[len(text)] // index out of range: a real runtime panic
		}
		return wordFinder(t, "Putin")(ctx, text)
	})
	var logged bytes.Buffer
	opts := testOptions
	opts.Log = newTestLogger(&logged)
	ts := httptest.NewServer(newHandler(x, opts))
	defer ts.Close()

	post := func(text string) (int, http.Header, []byte) {
		resp, err := ts.Client().Post(ts.URL+"/v1/extract", "application/json", strings.NewReader(`{"text": `+quote(text)+`}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header, body
	}
	for i := 0; i < 3; i++ {
		status, hdr, body := post("boom")
		if status != http.StatusInternalServerError {
			t.Fatalf("panicking request: status %d, want 500", status)
		}
		checkErrorBody(t, hdr, body, "internal error")
		if status, _, body := post("Putin"); status != http.StatusOK || !strings.Contains(string(body), `"Putin"`) {
			t.Fatalf("request after a panic: status %d, body %s", status, body)
		}
	}
	if !strings.Contains(logged.String(), "index out of range") {
		t.Errorf("panic not logged; log:\n%s", logged.String())
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestOverload sends 500 requests at once to a handler whose extractions
// take 200 ms, with 2 workers and a queue of 4: 6 are admitted, the rest
// get 503 with a Retry-After header at once; the queued ones that find no
// worker within Timeout get 503 when it expires; every request has a
// status within Timeout plus a margin, and the refusals are logged.
func TestOverload(t *testing.T) {
	release := make(chan struct{})
	slow := fakeExtractor(func(ctx context.Context, text string) (*extract.Document, error) {
		select {
		case <-release:
			return &extract.Document{Text: text}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	var logged syncBuffer
	opts := handlerOptions{MaxBody: 1 << 20, Timeout: 300 * time.Millisecond, Workers: 2, Queue: 4, Log: newTestLogger(&logged)}
	h := newHandler(slow, opts)
	body := `{"text": ` + quote(strings.Repeat("Angela Merkel besuchte Berlin. ", 100<<10/31)) + `}`
	const n = 500
	type result struct {
		status int
		retry  string
		took   time.Duration
	}
	results := make(chan result, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/extract", strings.NewReader(body)))
			results <- result{rec.Code, rec.Header().Get("Retry-After"), time.Since(start)}
		}()
	}
	time.AfterFunc(100*time.Millisecond, func() { close(release) })
	wg.Wait()
	close(results)
	counts := map[int]int{}
	for r := range results {
		counts[r.status]++
		if r.status == http.StatusServiceUnavailable && r.retry == "" {
			t.Errorf("503 without Retry-After")
		}
		if r.took > opts.Timeout+2*time.Second {
			t.Errorf("a request took %v for status %d, more than the timeout %v plus 2 s", r.took, r.status, opts.Timeout)
		}
	}
	if counts[http.StatusOK] < opts.Workers || counts[http.StatusOK] > opts.Workers+opts.Queue ||
		counts[http.StatusOK]+counts[http.StatusServiceUnavailable] != n {
		t.Errorf("statuses %v: want between %d and %d 200s, the rest 503", counts, opts.Workers, opts.Workers+opts.Queue)
	}
	if !strings.Contains(logged.String(), "request refused") {
		t.Error("refusals not logged")
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLargeRequestReleasesMemory sends one 1 MB text of a single sentence
// through the real model and checks that the heap memory it used is given
// back to the operating system within seconds (free heap pages still
// held by the process drop below 64 MB).
func TestLargeRequestReleasesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("tags 520,000 words; skipped with -short")
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(x, handlerOptions{MaxBody: 2 << 20, Timeout: time.Minute})
	body := `{"text": "` + strings.Repeat("a ", 520_000) + `"}`
	if status, _, resp := do(t, h, "POST", "/v1/extract", strings.NewReader(body)); status != http.StatusOK {
		t.Fatalf("status %d: %s", status, resp)
	}
	held := func() uint64 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapIdle - m.HeapReleased
	}
	deadline := time.Now().Add(10 * time.Second)
	for held() > 64<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the request the process still holds %d MB of free heap", held()>>20)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestOffsetsForClients asks for rune and UTF-16 offsets of a non-ASCII
// text and lets Python slice its own string with them, as a client would:
// code points for "runes", UTF-16 code units for "utf16" (as JavaScript
// indexes). Every slice must be the entity's text.
func TestOffsetsForClients(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(x, handlerOptions{MaxBody: 1 << 20, Timeout: time.Minute})
	text := "🎉 In München traf Wladimir Putin den Bürgermeister von Köln. Ünal Özdemir sprach in Düsseldorf."
	for _, unit := range []string{"runes", "utf16"} {
		body := `{"text": ` + quote(text) + `, "offsets": "` + unit + `"}`
		status, _, resp := do(t, h, "POST", "/v1/extract", strings.NewReader(body))
		if status != http.StatusOK {
			t.Fatalf("%s: status %d: %s", unit, status, resp)
		}
		script := `
import json, sys
text, unit, resp = sys.argv[1], sys.argv[2], json.loads(sys.stdin.read())
assert resp["offsets"] == unit, resp["offsets"]
n = 0
for e in resp["entities"]:
    if unit == "runes":
        got = text[e["start"]:e["end"]]
    else:
        b = text.encode("utf-16-le")
        got = b[2*e["start"]:2*e["end"]].decode("utf-16-le")
    assert got == e["text"], (got, e["text"])
    n += 1
print(n)
`
		cmd := exec.Command(python, "-c", script, text, unit)
		cmd.Stdin = bytes.NewReader(resp)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: python: %v\n%s", unit, err, out)
		}
		if n := strings.TrimSpace(string(out)); n == "0" {
			t.Errorf("%s: no entities to check", unit)
		}
	}
}

// TestContentTypeHint: a body that is not JSON, sent as text/plain, gets
// a 400 whose message says what to send.
func TestContentTypeHint(t *testing.T) {
	h := newHandler(wordFinder(t, "Putin"), testOptions)
	req := httptest.NewRequest("POST", "/v1/extract", strings.NewReader("Putin kam."))
	req.Header.Set("Content-Type", "text/plain")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `send a JSON object`) {
		t.Errorf("status %d, body %s", rec.Code, rec.Body)
	}
}
