//go:build !unix

package cli

import "time"

// maxRSS returns -1: peak RSS is not measured on this system.
func maxRSS() int64 { return -1 }

// cpuTime returns 0: CPU time is not measured on this system.
func cpuTime() time.Duration { return 0 }
