// Command server is an HTTP service that finds named entities in German
// text with the namen library.
//
// Usage:
//
//	server [-addr 127.0.0.1:8080] [-max-body 1048576] [-timeout 30s] ...
//
// Endpoints:
//
//	POST /v1/extract   {"text": "..."} → {"entities": [...], "groups": [...]}
//	GET  /healthz      {"status": "ok"} once the model is loaded
//
// The request body is one JSON object with the field "text" (a string)
// and, optionally, "offsets": the unit of the entities' start and end,
// "bytes" (the default: byte offsets into the UTF-8 encoding of text),
// "runes" (code points, as Python indexes strings) or "utf16" (UTF-16 code
// units, as JavaScript, Java and C# do). Unknown fields, a missing "text",
// malformed JSON or data after the object are rejected with 400 (with a
// hint when the Content-Type is not JSON); an empty text is valid and
// yields empty lists. Invalid UTF-8 in the JSON string is replaced by
// U+FFFD before extraction, as encoding/json does: rune and UTF-16 offsets
// count it as one character, as the client's own decoder does for a lone
// surrogate. Entities and groups are the records of package extract; the
// response names the unit ("offsets").
//
// Errors are JSON objects {"error": "..."}: 400 malformed request, 404
// unknown path, 405 wrong method (with an Allow header), 408 body not
// received within -read-timeout, 413 body larger than -max-body, 500
// extraction failed or a handler panicked (the server keeps running), 503
// extraction did not finish within -timeout, or the server is full (with a
// Retry-After header): at most -workers extractions run at once and at
// most -queue more requests wait for one, each no longer than -timeout.
//
// On SIGINT or SIGTERM the server stops accepting connections, lets running
// requests finish for up to -shutdown-timeout, then exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/namen-nlp/namen/extract"
)

// config holds the command-line settings.
type config struct {
	addr            string
	maxBody         int64
	timeout         time.Duration
	readHeader      time.Duration
	read            time.Duration
	write           time.Duration
	idle            time.Duration
	shutdownTimeout time.Duration
	workers         int
	queue           int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stderr, nil)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// usageError reports a bad command line.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// parseFlags parses the command line into a config.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen `address` (host:port; \":8080\" for all interfaces)")
	fs.Int64Var(&c.maxBody, "max-body", 1<<20, "largest accepted request body in `bytes`")
	fs.DurationVar(&c.timeout, "timeout", 20*time.Second, "bound on one extraction, waiting for a worker included; must be below -write-timeout (0 = none, only with -write-timeout 0)")
	fs.DurationVar(&c.readHeader, "read-header-timeout", 5*time.Second, "time allowed to read request headers")
	fs.DurationVar(&c.read, "read-timeout", 30*time.Second, "time allowed to read a whole request, body included")
	fs.DurationVar(&c.write, "write-timeout", 60*time.Second, "time from the end of the request headers to the end of the response")
	fs.DurationVar(&c.idle, "idle-timeout", 120*time.Second, "how long an idle keep-alive connection stays open")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 25*time.Second, "how long running requests may take to finish after SIGINT/SIGTERM")
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "extractions that run at once")
	fs.IntVar(&c.queue, "queue", 4*runtime.GOMAXPROCS(0), "requests that may wait for a worker; beyond workers+queue in flight a request gets 503 with Retry-After")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, usageError{err}
	}
	if fs.NArg() > 0 {
		return c, usageError{fmt.Errorf("unexpected arguments: %q", fs.Args())}
	}
	if c.workers < 1 || c.queue < 0 {
		return c, usageError{fmt.Errorf("-workers must be positive and -queue not negative, got %d and %d", c.workers, c.queue)}
	}
	if c.maxBody <= 0 {
		return c, usageError{fmt.Errorf("-max-body must be positive, got %d", c.maxBody)}
	}
	if c.timeout < 0 || c.write < 0 {
		return c, usageError{fmt.Errorf("-timeout (%v) and -write-timeout (%v) must not be negative", c.timeout, c.write)}
	}
	if c.write > 0 && (c.timeout == 0 || c.timeout >= c.write) {
		// Otherwise an extraction may outlive the connection's write
		// deadline and its answer would be lost without a status.
		return c, usageError{fmt.Errorf("-timeout (%v) must be positive and below -write-timeout (%v); -timeout 0 (none) needs -write-timeout 0", c.timeout, c.write)}
	}
	return c, nil
}

// newServer returns an http.Server with the configured timeouts.
func newServer(h http.Handler, c config, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              c.addr,
		Handler:           h,
		ReadHeaderTimeout: c.readHeader,
		ReadTimeout:       c.read,
		WriteTimeout:      c.write,
		IdleTimeout:       c.idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// run loads the model, serves until ctx is canceled, then shuts down
// gracefully. If ready is not nil, it receives the listening address once
// the server accepts connections (tests listen on port 0).
func run(ctx context.Context, args []string, stderr io.Writer, ready chan<- net.Addr) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	start := time.Now()
	x, err := extract.New()
	if err != nil {
		return fmt.Errorf("loading the model: %w", err)
	}
	log.Info("model loaded", "elapsed", time.Since(start).Round(time.Millisecond))

	h := newHandler(x, handlerOptions{MaxBody: c.maxBody, Timeout: c.timeout, Workers: c.workers, Queue: c.queue, Log: log})
	return serve(ctx, newServer(h, c, log), c.shutdownTimeout, log, ready)
}

// serve listens on srv.Addr and serves until ctx is done, then calls
// Shutdown with a deadline of grace; connections still busy after it are
// closed.
func serve(ctx context.Context, srv *http.Server, grace time.Duration, log *slog.Logger, ready chan<- net.Addr) error {
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String())
	if ready != nil {
		ready <- ln.Addr()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err = srv.Shutdown(sctx)
	if err != nil {
		// Requests still running past the deadline: cut them off.
		srv.Close()
		err = fmt.Errorf("shutdown: %w", err)
	}
	<-errc // http.ErrServerClosed
	log.Info("stopped")
	return err
}
