package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/namen-nlp/namen/extract"
)

func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, nil))
}

// startServer serves h with the timeouts of c on a loopback port and
// returns its address; the server is shut down when the test ends.
func startServer(t *testing.T, h http.Handler, c config) string {
	t.Helper()
	c.addr = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, newServer(h, c, newTestLogger(io.Discard)), time.Second, newTestLogger(io.Discard), ready)
	}()
	var addr net.Addr
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return addr.String()
}

func defaultConfig(t *testing.T) config {
	t.Helper()
	c, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A client that sends its body a byte at a time is cut off by ReadTimeout
// (with 408 if the server still gets to answer), long before it would have
// finished sending.
func TestSlowBodyTimesOut(t *testing.T) {
	c := defaultConfig(t)
	c.read = 300 * time.Millisecond
	addr := startServer(t, newHandler(wordFinder(t, "Putin"), handlerOptions{MaxBody: 1 << 20, Timeout: time.Second}), c)

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"text": "` + strings.Repeat("x", 100) + `"}`
	fmt.Fprintf(conn, "POST /v1/extract HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))

	// Trickle the body (it would take 100*50ms = 5s) while reading answers.
	start := time.Now()
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for i := 0; i < len(body); i++ {
			if _, err := conn.Write([]byte{body[i]}); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	elapsed := time.Since(start)
	t.Logf("after %v: response %v, error %v", elapsed.Round(time.Millisecond), resp != nil, err)
	if err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestTimeout {
			t.Errorf("status %d, want 408", resp.StatusCode)
		}
		checkErrorBody(t, resp.Header, body, "not received in time")
	} else if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !strings.Contains(err.Error(), "reset") {
		t.Errorf("want a 408 or a closed connection, got %v", err)
	}
	if elapsed > 3*time.Second {
		t.Errorf("connection lasted %v; ReadTimeout is %v", elapsed, c.read)
	}
	conn.Close()
	<-stopped
}

// A client that never finishes its headers (slowloris) is dropped after
// ReadHeaderTimeout.
func TestSlowHeadersTimeOut(t *testing.T) {
	c := defaultConfig(t)
	c.readHeader = 200 * time.Millisecond
	addr := startServer(t, newHandler(wordFinder(t, "Putin"), testOptions), c)

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	fmt.Fprintf(conn, "POST /v1/extract HTTP/1.1\r\nHost: test\r\n")
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err = io.ReadAll(conn) // the server answers (408 or nothing) and closes
	if err != nil && !strings.Contains(err.Error(), "reset") {
		t.Errorf("reading: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("connection lasted %v; ReadHeaderTimeout is %v", d, c.readHeader)
	}
}

// On shutdown, a request already running finishes with 200, new
// connections are refused, and serve returns nil.
func TestGracefulShutdown(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	x := fakeExtractor(func(ctx context.Context, text string) (*extract.Document, error) {
		started <- struct{}{}
		<-release
		return &extract.Document{Text: text}, nil
	})
	c := defaultConfig(t)
	c.addr = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	srv := newServer(newHandler(x, testOptions), c, newTestLogger(io.Discard))
	go func() { done <- serve(ctx, srv, 5*time.Second, newTestLogger(io.Discard), ready) }()
	url := "http://" + (<-ready).String() + "/v1/extract"

	type result struct {
		status int
		err    error
	}
	inflight := make(chan result, 1)
	go func() {
		resp, err := http.Post(url, "application/json", strings.NewReader(`{"text": "x"}`))
		if err != nil {
			inflight <- result{err: err}
			return
		}
		resp.Body.Close()
		inflight <- result{status: resp.StatusCode}
	}()
	<-started
	cancel() // as SIGTERM does

	// Wait until the listener is closed, then check new requests fail.
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(url, "/v1/extract"), "http://"))
		if err != nil {
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatal("listener still accepting after shutdown began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("serve returned %v while a request was running", err)
	default:
	}
	close(release)
	if r := <-inflight; r.err != nil || r.status != http.StatusOK {
		t.Errorf("in-flight request: status %d, err %v; want 200", r.status, r.err)
	}
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// A request that outlives the shutdown grace period is cut off and serve
// reports it.
func TestShutdownDeadline(t *testing.T) {
	started := make(chan struct{}, 1)
	x := fakeExtractor(func(ctx context.Context, text string) (*extract.Document, error) {
		started <- struct{}{}
		<-ctx.Done() // closing the connection cancels the request
		return nil, ctx.Err()
	})
	c := defaultConfig(t)
	c.addr = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	srv := newServer(newHandler(x, handlerOptions{MaxBody: 1 << 10, Timeout: time.Minute}), c, newTestLogger(io.Discard))
	go func() { done <- serve(ctx, srv, 100*time.Millisecond, newTestLogger(io.Discard), ready) }()
	url := "http://" + (<-ready).String() + "/v1/extract"
	go func() {
		resp, err := http.Post(url, "application/json", strings.NewReader(`{"text": "x"}`))
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("serve: %v, want a shutdown deadline error", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return after the grace period")
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		args  []string
		usage bool // want a usageError
	}{
		{nil, false},
		{[]string{"-addr", "127.0.0.1:0", "-max-body", "10", "-timeout", "1s", "-write-timeout", "2s"}, false},
		{[]string{"-max-body", "0"}, true},
		{[]string{"-timeout", "2m"}, true}, // not below -write-timeout
		{[]string{"-timeout", "0"}, true},
		{[]string{"-timeout", "0", "-write-timeout", "0"}, false}, // no bounds at all, as documented
		{[]string{"-timeout", "-1s"}, true},
		{[]string{"-workers", "0"}, true},
		{[]string{"-queue", "-1"}, true},
		{[]string{"-nosuchflag"}, true},
		{[]string{"extra"}, true},
	}
	for _, tt := range tests {
		_, err := parseFlags(tt.args, io.Discard)
		if got := errors.As(err, new(usageError)); got != tt.usage {
			t.Errorf("parseFlags(%q) = %v; usage error %v, want %v", tt.args, err, got, tt.usage)
		}
	}
	if _, err := parseFlags([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
}

// TestRun starts the real command on a loopback port with the real model,
// checks both endpoints and shuts it down.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	var log strings.Builder
	var mu sync.Mutex
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, lockedWriter{&mu, &log}, ready)
	}()
	var base string
	select {
	case addr := <-ready:
		base = "http://" + addr.String()
	case err := <-done:
		t.Fatalf("run: %v", err)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %d", resp.StatusCode)
	}
	resp, err = http.Post(base+"/v1/extract", "application/json", strings.NewReader(`{"text": "Angela Merkel besuchte Paris."}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/v1/extract: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(log.String(), "stopped") {
		t.Errorf("log lacks the shutdown message:\n%s", log.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
