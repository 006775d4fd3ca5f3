//go:build !amd64 || purego

package swar

const fast = false

func sumAVX(acc *[MaxGroups]Group, rows *Group, offs *uint32, n int, wide bool) {
	panic("swar: no assembly")
}
