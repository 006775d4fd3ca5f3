package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/namen-nlp/namen/extract"
)

var (
	loadRequests    = flag.Int("load.requests", 2000, "requests sent by TestLoad (NAMEN_LOADTEST=full: 20000)")
	loadConcurrency = flag.Int("load.concurrency", 32, "concurrent clients in TestLoad")
)

// TestLoad sends a bounded number of requests from concurrent clients to a
// server on 127.0.0.1 with the real model and checks that every one gets
// exactly the answer a direct call gives: nothing lost, nothing mixed up.
// It logs throughput and latency percentiles (go test -v -run TestLoad).
// The full run is go test -run TestLoad -v -load.requests=20000 (or
// NAMEN_LOADTEST=full).
func TestLoad(t *testing.T) {
	n, conc := *loadRequests, *loadConcurrency
	if os.Getenv("NAMEN_LOADTEST") == "full" {
		n = 20000
	}
	if testing.Short() {
		n = min(n, 200)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	article, err := os.ReadFile("../../testdata/seed/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	// Requests cycle through the article's paragraphs; the expected answer
	// for each is the handler's answer to a direct call.
	var texts []string
	for _, p := range strings.Split(string(article), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			texts = append(texts, p)
		}
	}
	h := newHandler(x, handlerOptions{MaxBody: 1 << 20, Timeout: 20 * time.Second, Queue: conc})
	bodies := make([]string, len(texts))
	want := make([][]byte, len(texts))
	for i, text := range texts {
		bodies[i] = `{"text": ` + quote(text) + `}`
		status, _, body := do(t, h, "POST", "/v1/extract", strings.NewReader(bodies[i]))
		if status != http.StatusOK {
			t.Fatalf("direct request: %d %s", status, body)
		}
		want[i] = body
	}

	addr := startServer(t, h, defaultConfig(t))
	url := "http://" + addr + "/v1/extract"
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc},
	}
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	latency := make([]time.Duration, n)
	var next, failed atomic.Int64
	var firstErr sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				k := i % len(texts)
				t0 := time.Now()
				err := post(ctx, client, url, bodies[k], want[k])
				latency[i] = time.Since(t0)
				if err != nil {
					failed.Add(1)
					firstErr.Do(func() { t.Errorf("request %d: %v", i, err) })
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sent := min(int(next.Load()), n)
	if sent < n {
		t.Errorf("time bound hit: only %d of %d requests sent", sent, n)
	}
	lat := slices.Clone(latency[:sent])
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(10 * time.Microsecond) }
	t.Logf("%d requests, %d concurrent clients, %d failed or wrong, %v, %.0f req/s; latency p50 %v p90 %v p99 %v max %v",
		sent, conc, failed.Load(), elapsed.Round(time.Millisecond), float64(sent)/elapsed.Seconds(), pct(0.50), pct(0.90), pct(0.99), pct(1))
	if failed.Load() != 0 {
		t.Errorf("%d of %d requests failed or got a wrong answer", failed.Load(), sent)
	}
}

// post sends body and checks that the answer is 200 with exactly want.
func post(ctx context.Context, client *http.Client, url, body string, want []byte) error {
	req, err := http.NewRequestWithContext(ctx, "POST", url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, got)
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("answer differs from a direct call:\n got %s\nwant %s", got, want)
	}
	return nil
}
