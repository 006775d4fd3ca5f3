//go:build amd64 && !purego

package swar

import "golang.org/x/sys/cpu"

// fast reports whether the assembly kernel runs.
var fast = cpu.X86.HasAVX2

// addRowsAVX adds the rows of 4 groups (8 when wide) at rows+32·offs[i],
// for the n offsets, to acc and takes n·Bias off each lane. It reports
// false, having added nothing to acc, when an offset is limit or more.
//
//go:noescape
func addRowsAVX(acc *[8 * MaxGroups]int32, rows *Group, offs *uint32, n int, wide bool, limit uint32) bool
