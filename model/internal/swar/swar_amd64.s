//go:build amd64 && !purego

#include "textflag.h"

// func sumAVX(acc *[8][4]uint64, rows *[4]uint64, offs *uint32, n int, wide bool)
TEXT ·sumAVX(SB), NOSPLIT, $0-33
	MOVQ    acc+0(FP), DI
	MOVQ    rows+8(FP), SI
	MOVQ    offs+16(FP), BX
	MOVQ    n+24(FP), CX
	MOVBLZX wide+32(FP), DX
	VMOVDQU 0(DI), Y0
	VMOVDQU 32(DI), Y1
	VMOVDQU 64(DI), Y2
	VMOVDQU 96(DI), Y3
	TESTQ   DX, DX
	JNZ     wide

narrow:
	MOVL   (BX), AX
	SHLQ   $5, AX
	VPADDQ 0(SI)(AX*1), Y0, Y0
	VPADDQ 32(SI)(AX*1), Y1, Y1
	VPADDQ 64(SI)(AX*1), Y2, Y2
	VPADDQ 96(SI)(AX*1), Y3, Y3
	ADDQ   $4, BX
	DECQ   CX
	JNZ    narrow
	JMP    store4

wide:
	VMOVDQU 128(DI), Y4
	VMOVDQU 160(DI), Y5
	VMOVDQU 192(DI), Y6
	VMOVDQU 224(DI), Y7

wideloop:
	MOVL   (BX), AX
	SHLQ   $5, AX
	VPADDQ 0(SI)(AX*1), Y0, Y0
	VPADDQ 32(SI)(AX*1), Y1, Y1
	VPADDQ 64(SI)(AX*1), Y2, Y2
	VPADDQ 96(SI)(AX*1), Y3, Y3
	VPADDQ 128(SI)(AX*1), Y4, Y4
	VPADDQ 160(SI)(AX*1), Y5, Y5
	VPADDQ 192(SI)(AX*1), Y6, Y6
	VPADDQ 224(SI)(AX*1), Y7, Y7
	ADDQ   $4, BX
	DECQ   CX
	JNZ    wideloop
	VMOVDQU Y4, 128(DI)
	VMOVDQU Y5, 160(DI)
	VMOVDQU Y6, 192(DI)
	VMOVDQU Y7, 224(DI)

store4:
	VMOVDQU Y0, 0(DI)
	VMOVDQU Y1, 32(DI)
	VMOVDQU Y2, 64(DI)
	VMOVDQU Y3, 96(DI)
	VZEROUPPER
	RET
