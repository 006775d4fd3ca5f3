//go:build !amd64 || purego

package swar

const fast = false

func addRowsAVX(acc *[8 * MaxGroups]int32, rows *Group, offs *uint32, n int, wide bool, limit uint32) bool {
	panic("swar: no assembly")
}
