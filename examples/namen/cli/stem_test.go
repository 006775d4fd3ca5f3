package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStemArgs(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"stem", "Häuser", "Putins", "russischen"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if diff := cmp.Diff("Häuser\thaus\nPutins\tputin\nrussischen\trussisch\n", out.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
}

func TestStemStdin(t *testing.T) {
	stemStdin = strings.NewReader("Verhandlungen\r\n\n  Häuser \n")
	defer func() { stemStdin = os.Stdin }()
	var out, errb bytes.Buffer
	if code := run([]string{"stem"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if diff := cmp.Diff("Verhandlungen\tverhandl\nHäuser\thaus\n", out.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
}
