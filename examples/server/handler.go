package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/namen-nlp/namen/extract"
)

// extractor is the part of *extract.Extractor the handler uses; tests
// substitute fakes. Implementations must be safe for concurrent use.
type extractor interface {
	Extract(ctx context.Context, text string) (*extract.Document, error)
}

// handlerOptions configure newHandler.
type handlerOptions struct {
	// MaxBody is the largest accepted request body in bytes; larger bodies
	// get 413.
	MaxBody int64
	// Timeout bounds one extraction (0 = no bound beyond the request's
	// context); an extraction that runs out of time gets 503.
	Timeout time.Duration
	// Workers bounds the extractions that run at once; 0 means
	// GOMAXPROCS.
	Workers int
	// Queue bounds the requests that wait for a worker, their bodies
	// read; a request beyond Workers+Queue in flight gets 503 with a
	// Retry-After header at once, before its body is read. A queued request
	// waits at most Timeout (when set) for a worker.
	Queue int
	// Log receives panics and server-side errors; nil discards them.
	Log *slog.Logger
}

// retryAfter is the Retry-After of a 503 for a full server, in seconds.
const retryAfter = "1"

// releaseFrom is the text size in bytes from which the handler gives the
// memory an extraction used back to the operating system soon after it
// (see handler.release): Go would otherwise keep the peak heap of a large
// request (about 140 MB for 1 MB of text in one sentence) for minutes.
const releaseFrom = 256 << 10

// request is the body of POST /v1/extract. Unknown fields are rejected
// (400) so that a misspelt field name does not silently extract nothing.
type request struct {
	Text    *string      `json:"text"`
	Offsets extract.Unit `json:"offsets"` // unit of the entities' start and end: bytes (default), runes or utf16
}

// response is the body of a successful POST /v1/extract. Both lists are
// always present (empty, never null).
type response struct {
	Offsets  extract.Unit     `json:"offsets"` // the unit of start and end
	Entities []extract.Entity `json:"entities"`
	Groups   []extract.Group  `json:"groups"`
}

// errorBody is the body of every error response.
type errorBody struct {
	Error string `json:"error"`
}

// newHandler returns the service's HTTP handler:
//
//	POST /v1/extract  {"text": "..."} → {"entities": [...], "groups": [...]}
//	GET  /healthz     {"status": "ok"}
//
// Every error is a JSON object {"error": "..."} with a 4xx or 5xx status. A
// panic in a handler is recovered and answered with 500; the server goes on.
// The handler is safe for concurrent use if x is.
func newHandler(x extractor, opts handlerOptions) http.Handler {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	opts.Queue = max(opts.Queue, 0)
	h := &handler{x: x, opts: opts, log: log,
		inFlight: make(chan struct{}, opts.Workers+opts.Queue), workers: make(chan struct{}, opts.Workers)}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/extract", h.extract)
	mux.HandleFunc("/healthz", h.health)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
	})
	return recoverPanics(mux, log)
}

type handler struct {
	x         extractor
	opts      handlerOptions
	log       *slog.Logger
	inFlight  chan struct{} // a token per admitted request
	workers   chan struct{} // a token per running extraction
	releasing atomic.Bool   // a release is scheduled
}

// release returns free memory to the operating system a second from now,
// unless a release is already scheduled: at most one forced garbage
// collection a second, however many large requests come.
func (h *handler) release() {
	if h.releasing.CompareAndSwap(false, true) {
		time.AfterFunc(time.Second, func() {
			h.releasing.Store(false)
			debug.FreeOSMemory()
		})
	}
}

// busy answers 503 with a Retry-After header and logs why.
func (h *handler) busy(w http.ResponseWriter, r *http.Request, why string) {
	h.log.Warn("request refused", "remote", r.RemoteAddr, "reason", why)
	w.Header().Set("Retry-After", retryAfter)
	writeError(w, http.StatusServiceUnavailable, "server busy: "+why+"; retry later")
}

func (h *handler) health(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		methodNotAllowed(w, "GET, HEAD")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (h *handler) extract(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		methodNotAllowed(w, "POST")
		return
	}
	select {
	case h.inFlight <- struct{}{}:
		defer func() { <-h.inFlight }()
	default:
		h.busy(w, r, fmt.Sprintf("%d requests in flight", cap(h.inFlight)))
		return
	}
	if r.ContentLength > h.opts.MaxBody {
		// Refuse before reading anything; the server closes the connection
		// rather than draining a large body.
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is %d bytes; the limit is %d", r.ContentLength, h.opts.MaxBody))
		return
	}
	req, status, err := decodeRequest(http.MaxBytesReader(w, r.Body, h.opts.MaxBody))
	switch status {
	case 0:
	case http.StatusRequestEntityTooLarge:
		writeError(w, status, fmt.Sprintf("request body exceeds the limit of %d bytes", h.opts.MaxBody))
		return
	case http.StatusRequestTimeout:
		writeError(w, status, "request body not received in time")
		return
	default:
		msg := err.Error()
		if ct := r.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "json") {
			msg += fmt.Sprintf(" (the body was sent as %q; send a JSON object {\"text\": \"…\"} as application/json)", ct)
		}
		writeError(w, status, msg)
		return
	}

	text := *req.Text
	ctx := r.Context()
	if h.opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.opts.Timeout)
		defer cancel()
	}
	select {
	case h.workers <- struct{}{}:
		defer func() { <-h.workers }()
	case <-ctx.Done():
		if r.Context().Err() != nil {
			h.log.Info("request abandoned by client", "remote", r.RemoteAddr, "bytes", len(text))
			writeError(w, http.StatusServiceUnavailable, "request canceled")
			return
		}
		h.busy(w, r, fmt.Sprintf("no worker free within %v", h.opts.Timeout))
		return
	}
	doc, err := h.x.Extract(ctx, text)
	if len(text) >= releaseFrom {
		defer h.release()
	}
	switch {
	case err == nil:
	case r.Context().Err() != nil:
		// The client went away; nobody reads an answer.
		h.log.Info("request abandoned by client", "remote", r.RemoteAddr, "bytes", len(text))
		writeError(w, http.StatusServiceUnavailable, "request canceled")
		return
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("extraction did not finish within %v", h.opts.Timeout))
		return
	default:
		h.log.Error("extract failed", "remote", r.RemoteAddr, "bytes", len(text), "err", err)
		writeError(w, http.StatusInternalServerError, "extraction failed: "+err.Error())
		return
	}
	resp := response{Offsets: req.Offsets, Entities: doc.Entities, Groups: doc.Groups}
	if resp.Entities == nil {
		resp.Entities = []extract.Entity{}
	}
	if resp.Groups == nil {
		resp.Groups = []extract.Group{}
	}
	if req.Offsets != extract.Bytes {
		o := extract.NewOffsets(text, req.Offsets)
		for i, e := range resp.Entities {
			resp.Entities[i] = o.Entity(e)
		}
	}
	writeJSON(w, http.StatusOK, resp)
}

// decodeRequest reads one request object from body (its Text is then
// set), or returns an HTTP status and an error to report.
func decodeRequest(body io.Reader) (request, int, error) {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	var req request
	if err := dec.Decode(&req); err != nil {
		return request{}, decodeStatus(err), fmt.Errorf("malformed JSON request: %w", err)
	}
	// Exactly one JSON value: anything but white space after it is an error.
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the JSON object")
		}
		return request{}, decodeStatus(err), fmt.Errorf("malformed JSON request: %w", err)
	}
	if req.Text == nil {
		return request{}, http.StatusBadRequest, errors.New(`missing field "text"`)
	}
	return req, 0, nil
}

// decodeStatus maps an error from reading the body to a status code.
func decodeStatus(err error) int {
	var tooLarge *http.MaxBytesError
	var netErr net.Error
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &netErr) && netErr.Timeout():
		// ReadTimeout expired while the client was still sending.
		return http.StatusRequestTimeout
	}
	return http.StatusBadRequest
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, http.StatusMethodNotAllowed, "method not allowed; use "+allow)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only possible for values that JSON cannot represent (e.g. NaN).
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{Error: "encoding the response: " + err.Error()})
	}
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
}

// recoverPanics answers a panic in next with 500 (if nothing was written
// yet) and logs it with its stack, so one bad request cannot take the
// process down. http.ErrAbortHandler is passed on: it is how a handler asks
// the server to drop the connection.
func recoverPanics(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &trackingWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.Error("panic in handler", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", strings.TrimSpace(string(debug.Stack())))
			if !rw.wrote {
				writeError(w, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(rw, r)
	})
}

// trackingWriter records whether the header has been written.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (t *trackingWriter) WriteHeader(code int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(code)
}

func (t *trackingWriter) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (t *trackingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }
