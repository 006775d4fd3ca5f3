//go:build amd64 && !purego

#include "textflag.h"

// func addRowsAVX(acc *[64]int32, rows *[4]uint64, offs *uint32, n int, wide bool, limit uint32) bool
TEXT ·addRowsAVX(SB), NOSPLIT, $0-41
	MOVQ    acc+0(FP), DI
	MOVQ    rows+8(FP), SI
	MOVQ    offs+16(FP), BX
	MOVQ    n+24(FP), CX
	MOVBLZX wide+32(FP), DX
	MOVL    limit+36(FP), R8
	MOVQ    CX, R9           // n, for the bias
	VPXOR   Y0, Y0, Y0
	VPXOR   Y1, Y1, Y1
	VPXOR   Y2, Y2, Y2
	VPXOR   Y3, Y3, Y3
	VPXOR   Y4, Y4, Y4
	VPXOR   Y5, Y5, Y5
	VPXOR   Y6, Y6, Y6
	VPXOR   Y7, Y7, Y7
	TESTQ   DX, DX
	JNZ     wideloop

narrow:
	MOVL   (BX), AX
	CMPL   AX, R8
	JAE    bad
	SHLQ   $5, AX
	VPADDD 0(SI)(AX*1), Y0, Y0
	VPADDD 32(SI)(AX*1), Y1, Y1
	VPADDD 64(SI)(AX*1), Y2, Y2
	VPADDD 96(SI)(AX*1), Y3, Y3
	ADDQ   $4, BX
	DECQ   CX
	JNZ    narrow
	JMP    done

wideloop:
	MOVL   (BX), AX
	CMPL   AX, R8
	JAE    bad
	SHLQ   $5, AX
	VPADDD 0(SI)(AX*1), Y0, Y0
	VPADDD 32(SI)(AX*1), Y1, Y1
	VPADDD 64(SI)(AX*1), Y2, Y2
	VPADDD 96(SI)(AX*1), Y3, Y3
	VPADDD 128(SI)(AX*1), Y4, Y4
	VPADDD 160(SI)(AX*1), Y5, Y5
	VPADDD 192(SI)(AX*1), Y6, Y6
	VPADDD 224(SI)(AX*1), Y7, Y7
	ADDQ   $4, BX
	DECQ   CX
	JNZ    wideloop

done:
	// Take n·Bias off each lane and add the sums to acc.
	SHLQ         $15, R9
	MOVQ         R9, X8
	VPBROADCASTD X8, Y8
	VPSUBD       Y8, Y0, Y0
	VPADDD       0(DI), Y0, Y0
	VMOVDQU      Y0, 0(DI)
	VPSUBD       Y8, Y1, Y1
	VPADDD       32(DI), Y1, Y1
	VMOVDQU      Y1, 32(DI)
	VPSUBD       Y8, Y2, Y2
	VPADDD       64(DI), Y2, Y2
	VMOVDQU      Y2, 64(DI)
	VPSUBD       Y8, Y3, Y3
	VPADDD       96(DI), Y3, Y3
	VMOVDQU      Y3, 96(DI)
	TESTQ        DX, DX
	JZ           ok
	VPSUBD       Y8, Y4, Y4
	VPADDD       128(DI), Y4, Y4
	VMOVDQU      Y4, 128(DI)
	VPSUBD       Y8, Y5, Y5
	VPADDD       160(DI), Y5, Y5
	VMOVDQU      Y5, 160(DI)
	VPSUBD       Y8, Y6, Y6
	VPADDD       192(DI), Y6, Y6
	VMOVDQU      Y6, 192(DI)
	VPSUBD       Y8, Y7, Y7
	VPADDD       224(DI), Y7, Y7
	VMOVDQU      Y7, 224(DI)

ok:
	VZEROUPPER
	MOVB $1, ret+40(FP)
	RET

bad:
	VZEROUPPER
	MOVB $0, ret+40(FP)
	RET
