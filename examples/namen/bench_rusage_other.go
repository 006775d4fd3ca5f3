//go:build !unix

package main

// maxRSS returns -1: peak RSS is not measured on this system.
func maxRSS() int64 { return -1 }
