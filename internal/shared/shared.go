// Package shared locates the project's shared data directory (the corpora,
// word lists and Snowball vocabulary that live beside the checkout in
// ../shared/data, never in the repository).
package shared

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that overrides the data directory.
const EnvVar = "NAMEN_DATA"

// DataDir returns the shared data directory: $NAMEN_DATA when set, else
// shared/data beside the module root found by walking up from the working
// directory to the nearest go.mod (the root module's, not examples/beam's).
// It returns an error when the directory does not exist.
func DataDir() (string, error) {
	if dir := os.Getenv(EnvVar); dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return "", fmt.Errorf("shared data: %s=%s: %w", EnvVar, dir, err)
		}
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("shared data: %w", err)
	}
	for dir := wd; ; {
		cand := filepath.Join(dir, "..", "shared", "data")
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if _, err := os.Stat(cand); err == nil {
				return filepath.Clean(cand), nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("shared data: no ../shared/data beside any module root above " + wd + " (set " + EnvVar + ")")
		}
		dir = parent
	}
}

// Path joins elem onto the shared data directory.
func Path(elem ...string) (string, error) {
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(append([]string{dir}, elem...)...), nil
}

// ForTest returns the path of elem inside the shared data directory, or
// skips the test with a clear message when the directory or the file is
// absent.
func ForTest(t testing.TB, elem ...string) string {
	t.Helper()
	p, err := Path(elem...)
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: shared data file missing: %v", err)
	}
	return p
}
