//go:build amd64 && !purego

package swar

import "golang.org/x/sys/cpu"

// fast reports whether the assembly kernel runs.
var fast = cpu.X86.HasAVX2

// sumAVX adds the row of 4 groups (8 when wide) at rows+32·offs[i] to acc
// for each of the n offsets.
//
//go:noescape
func sumAVX(acc *[MaxGroups]Group, rows *Group, offs *uint32, n int, wide bool)
