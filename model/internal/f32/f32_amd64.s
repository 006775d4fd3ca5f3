//go:build amd64 && !purego

#include "textflag.h"

// func dotAVX(a, b *float32, n int) float32
TEXT ·dotAVX(SB), NOSPLIT, $0-28
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

loop32:
	CMPQ CX, $32
	JL   loop8
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop32

loop8:
	CMPQ CX, $8
	JL   reduce
	VMOVUPS (SI), Y4
	VFMADD231PS (DI), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop8

reduce:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func axpyAVX(alpha float32, x, y *float32, n int)
TEXT ·axpyAVX(SB), NOSPLIT, $0-32
	VBROADCASTSS alpha+0(FP), Y8
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX

loop32:
	CMPQ CX, $32
	JL   loop8
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS 32(SI), Y8, Y1
	VFMADD231PS 64(SI), Y8, Y2
	VFMADD231PS 96(SI), Y8, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop32

loop8:
	CMPQ CX, $8
	JL   done
	VMOVUPS (DI), Y0
	VFMADD231PS (SI), Y8, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop8

done:
	VZEROUPPER
	RET

// func matVecAVX(y, w, x *float32, rows, cols, stride int)
// y[i] += Σ_{k<cols} w[i*stride+k]·x[k] for i < rows; rows is a multiple
// of 4 and cols of 8.
TEXT ·matVecAVX(SB), NOSPLIT, $0-48
	MOVQ y+0(FP), DX
	MOVQ w+8(FP), SI
	MOVQ x+16(FP), DI
	MOVQ rows+24(FP), BX
	MOVQ cols+32(FP), CX
	SHLQ $2, CX
	MOVQ stride+40(FP), R8
	SHLQ $2, R8

rows4:
	CMPQ BX, $4
	JL   mvdone
	LEAQ (SI)(R8*1), R9
	LEAQ (R9)(R8*1), R10
	LEAQ (R10)(R8*1), R11
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	XORQ AX, AX

cols8:
	CMPQ AX, CX
	JGE  mvreduce
	VMOVUPS (DI)(AX*1), Y4
	VFMADD231PS (SI)(AX*1), Y4, Y0
	VFMADD231PS (R9)(AX*1), Y4, Y1
	VFMADD231PS (R10)(AX*1), Y4, Y2
	VFMADD231PS (R11)(AX*1), Y4, Y3
	ADDQ $32, AX
	JMP  cols8

mvreduce:
	VHADDPS Y1, Y0, Y0
	VHADDPS Y3, Y2, Y2
	VHADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VMOVUPS (DX), X5
	VADDPS X5, X0, X0
	VMOVUPS X0, (DX)
	ADDQ $16, DX
	LEAQ (R11)(R8*1), SI
	SUBQ $4, BX
	JMP  rows4

mvdone:
	VZEROUPPER
	RET

// Constants of the exponential: log2(e), the Taylor coefficients of
// 2^f = e^(f·ln 2) from ln2^6/720 down to ln2, 1, -20, the sign bit.
DATA expc<>+0(SB)/4, $0x3fb8aa3b
DATA expc<>+4(SB)/4, $0x39218489
DATA expc<>+8(SB)/4, $0x3aaec3ff
DATA expc<>+12(SB)/4, $0x3c1d955b
DATA expc<>+16(SB)/4, $0x3d635847
DATA expc<>+20(SB)/4, $0x3e75fdf0
DATA expc<>+24(SB)/4, $0x3f317218
DATA expc<>+28(SB)/4, $0x3f800000
DATA expc<>+32(SB)/4, $0xc1a00000
DATA expc<>+36(SB)/4, $0x80000000
GLOBL expc<>(SB), RODATA|NOPTR, $40

// EXPNEG sets Y0 to e^Y0 for Y0 in [-20, 0]; it uses Y1 and Y2 and
// expects the polynomial's coefficients in Y8–Y13 and 1 in Y14.
#define EXPNEG \
	VMULPS Y15, Y0, Y0; \
	VROUNDPS $1, Y0, Y1; \
	VSUBPS Y1, Y0, Y0; \
	VMOVAPS Y8, Y2; \
	VFMADD213PS Y9, Y0, Y2; \
	VFMADD213PS Y10, Y0, Y2; \
	VFMADD213PS Y11, Y0, Y2; \
	VFMADD213PS Y12, Y0, Y2; \
	VFMADD213PS Y13, Y0, Y2; \
	VFMADD213PS Y14, Y0, Y2; \
	VCVTTPS2DQ Y1, Y1; \
	VPSLLD $23, Y1, Y1; \
	VPADDD Y1, Y2, Y0

#define LOADEXP \
	VBROADCASTSS expc<>+0(SB), Y15; \
	VBROADCASTSS expc<>+4(SB), Y8; \
	VBROADCASTSS expc<>+8(SB), Y9; \
	VBROADCASTSS expc<>+12(SB), Y10; \
	VBROADCASTSS expc<>+16(SB), Y11; \
	VBROADCASTSS expc<>+20(SB), Y12; \
	VBROADCASTSS expc<>+24(SB), Y13; \
	VBROADCASTSS expc<>+28(SB), Y14; \
	VBROADCASTSS expc<>+32(SB), Y7; \
	VBROADCASTSS expc<>+36(SB), Y6

// func sigmoidAVX(x *float32, n int)
TEXT ·sigmoidAVX(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	LOADEXP

sigloop:
	CMPQ CX, $8
	JL   sigdone
	VMOVUPS (SI), Y5
	VORPS Y6, Y5, Y0
	VMAXPS Y7, Y0, Y0
	EXPNEG
	VADDPS Y14, Y0, Y1
	VDIVPS Y1, Y14, Y2
	VMULPS Y2, Y0, Y3
	VBLENDVPS Y5, Y3, Y2, Y4
	VMOVUPS Y4, (SI)
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  sigloop

sigdone:
	VZEROUPPER
	RET

// func tanhAVX(x *float32, n int)
TEXT ·tanhAVX(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	LOADEXP

tanhloop:
	CMPQ CX, $8
	JL   tanhdone
	VMOVUPS (SI), Y5
	VORPS Y6, Y5, Y0
	VADDPS Y0, Y0, Y0
	VMAXPS Y7, Y0, Y0
	EXPNEG
	VSUBPS Y0, Y14, Y1
	VADDPS Y14, Y0, Y2
	VDIVPS Y2, Y1, Y3
	VANDPS Y6, Y5, Y4
	VORPS Y4, Y3, Y3
	VMOVUPS Y3, (SI)
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  tanhloop

tanhdone:
	VZEROUPPER
	RET

DATA expcut<>+0(SB)/4, $0xc1600000 // -14
GLOBL expcut<>(SB), RODATA|NOPTR, $4

// func expShiftAVX(dst, src *float32, n int, c, mx float32)
TEXT ·expShiftAVX(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	LOADEXP
	VBROADCASTSS c+24(FP), Y4
	VBROADCASTSS mx+28(FP), Y5
	VBROADCASTSS expcut<>+0(SB), Y6

shiftloop:
	CMPQ CX, $8
	JL   shiftdone
	VMOVUPS (SI), Y0
	VSUBPS Y5, Y0, Y0
	VMULPS Y4, Y0, Y0
	VCMPPS $0x1e, Y6, Y0, Y3
	VMAXPS Y7, Y0, Y0
	EXPNEG
	VANDPS Y3, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  shiftloop

shiftdone:
	VZEROUPPER
	RET

// func mulAddRowsAboveAVX(acc *[64]float32, rows, w *float32, n int, thr float32)
TEXT ·mulAddRowsAboveAVX(SB), NOSPLIT, $0-36
	MOVQ         acc+0(FP), DI
	MOVQ         rows+8(FP), SI
	MOVQ         w+16(FP), DX
	MOVQ         n+24(FP), CX
	VBROADCASTSS thr+32(FP), Y8
	MOVSS        thr+32(FP), X10

	// R10: a bit for each p with w[p] > thr; 8 weights at a time, then
	// one at a time.
	XORQ R10, R10
	XORQ R11, R11 // p

maskloop8:
	LEAQ      8(R11), AX
	CMPQ      AX, CX
	JA        masktail
	VMOVUPS   (DX)(R11*4), Y9
	VCMPPS    $0x1e, Y8, Y9, Y9 // w > thr, ordered
	VMOVMSKPS Y9, AX
	MOVQ      R11, R12
	MOVQ      CX, R13 // keep n; CL is the shift count
	MOVQ      R12, CX
	SHLQ      CX, AX
	MOVQ      R13, CX
	ORQ       AX, R10
	ADDQ      $8, R11
	JMP       maskloop8

masktail:
	CMPQ    R11, CX
	JAE     masked
	MOVSS   (DX)(R11*4), X9
	UCOMISS X10, X9 // w > thr: CF=0 and ZF=0 (not when unordered)
	JBE     tailnext
	BTSQ    R11, R10

tailnext:
	INCQ R11
	JMP  masktail

masked:
	VMOVUPS 0(DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VMOVUPS 128(DI), Y4
	VMOVUPS 160(DI), Y5
	VMOVUPS 192(DI), Y6
	VMOVUPS 224(DI), Y7

bitloop:
	TESTQ        R10, R10
	JZ           bitsdone
	BSFQ         R10, AX
	LEAQ         -1(R10), R12
	ANDQ         R12, R10
	VBROADCASTSS (DX)(AX*4), Y8
	SHLQ         $8, AX
	ADDQ         SI, AX
	VMULPS       0(AX), Y8, Y9
	VADDPS       Y9, Y0, Y0
	VMULPS       32(AX), Y8, Y9
	VADDPS       Y9, Y1, Y1
	VMULPS       64(AX), Y8, Y9
	VADDPS       Y9, Y2, Y2
	VMULPS       96(AX), Y8, Y9
	VADDPS       Y9, Y3, Y3
	VMULPS       128(AX), Y8, Y9
	VADDPS       Y9, Y4, Y4
	VMULPS       160(AX), Y8, Y9
	VADDPS       Y9, Y5, Y5
	VMULPS       192(AX), Y8, Y9
	VADDPS       Y9, Y6, Y6
	VMULPS       224(AX), Y8, Y9
	VADDPS       Y9, Y7, Y7
	JMP          bitloop

bitsdone:
	VMOVUPS Y0, 0(DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	VZEROUPPER
	RET

// func mulAdd4x8AVX(w *float32, ldw int, a *float32, ar, ak int, b *float32, ldb, t int)
// w[i*ldw+j] += Σ_{k<t} a[i*ar+k*ak]·b[k*ldb+j] for i < 4, j < 8.
TEXT ·mulAdd4x8AVX(SB), NOSPLIT, $0-64
	MOVQ w+0(FP), DI
	MOVQ ldw+8(FP), R8
	SHLQ $2, R8
	MOVQ a+16(FP), SI
	MOVQ ar+24(FP), R9
	SHLQ $2, R9
	MOVQ ak+32(FP), R10
	SHLQ $2, R10
	MOVQ b+40(FP), DX
	MOVQ ldb+48(FP), R11
	SHLQ $2, R11
	MOVQ t+56(FP), CX
	LEAQ (DI)(R8*1), R13
	VMOVUPS (DI), Y0
	VMOVUPS (R13), Y1
	ADDQ R8, R13
	VMOVUPS (R13), Y2
	ADDQ R8, R13
	VMOVUPS (R13), Y3
	LEAQ (SI)(R9*1), AX
	LEAQ (AX)(R9*1), BX
	LEAQ (BX)(R9*1), R12

maloop:
	TESTQ CX, CX
	JZ    madone
	VMOVUPS (DX), Y4
	VBROADCASTSS (SI), Y5
	VFMADD231PS Y4, Y5, Y0
	VBROADCASTSS (AX), Y6
	VFMADD231PS Y4, Y6, Y1
	VBROADCASTSS (BX), Y7
	VFMADD231PS Y4, Y7, Y2
	VBROADCASTSS (R12), Y8
	VFMADD231PS Y4, Y8, Y3
	ADDQ R10, SI
	ADDQ R10, AX
	ADDQ R10, BX
	ADDQ R10, R12
	ADDQ R11, DX
	DECQ CX
	JMP  maloop

madone:
	LEAQ (DI)(R8*1), R13
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, (R13)
	ADDQ R8, R13
	VMOVUPS Y2, (R13)
	ADDQ R8, R13
	VMOVUPS Y3, (R13)
	VZEROUPPER
	RET

// func mulAdd4x16AVX(w *float32, ldw int, a *float32, ar, ak int, b *float32, ldb, t int)
// w[i*ldw+j] += Σ_{k<t} a[i*ar+k*ak]·b[k*ldb+j] for i < 4, j < 16: eight
// independent sums hide the latency of the multiply-adds.
TEXT ·mulAdd4x16AVX(SB), NOSPLIT, $0-64
	MOVQ w+0(FP), DI
	MOVQ ldw+8(FP), R8
	SHLQ $2, R8
	MOVQ a+16(FP), SI
	MOVQ ar+24(FP), R9
	SHLQ $2, R9
	MOVQ ak+32(FP), R10
	SHLQ $2, R10
	MOVQ b+40(FP), DX
	MOVQ ldb+48(FP), R11
	SHLQ $2, R11
	MOVQ t+56(FP), CX
	LEAQ (DI)(R8*1), R13
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS (R13), Y2
	VMOVUPS 32(R13), Y3
	ADDQ R8, R13
	VMOVUPS (R13), Y4
	VMOVUPS 32(R13), Y5
	ADDQ R8, R13
	VMOVUPS (R13), Y6
	VMOVUPS 32(R13), Y7
	LEAQ (SI)(R9*1), AX
	LEAQ (AX)(R9*1), BX
	LEAQ (BX)(R9*1), R12

m16loop:
	TESTQ CX, CX
	JZ    m16done
	VMOVUPS (DX), Y8
	VMOVUPS 32(DX), Y9
	VBROADCASTSS (SI), Y10
	VFMADD231PS Y8, Y10, Y0
	VFMADD231PS Y9, Y10, Y1
	VBROADCASTSS (AX), Y11
	VFMADD231PS Y8, Y11, Y2
	VFMADD231PS Y9, Y11, Y3
	VBROADCASTSS (BX), Y12
	VFMADD231PS Y8, Y12, Y4
	VFMADD231PS Y9, Y12, Y5
	VBROADCASTSS (R12), Y13
	VFMADD231PS Y8, Y13, Y6
	VFMADD231PS Y9, Y13, Y7
	ADDQ R10, SI
	ADDQ R10, AX
	ADDQ R10, BX
	ADDQ R10, R12
	ADDQ R11, DX
	DECQ CX
	JMP  m16loop

m16done:
	LEAQ (DI)(R8*1), R13
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, (R13)
	VMOVUPS Y3, 32(R13)
	ADDQ R8, R13
	VMOVUPS Y4, (R13)
	VMOVUPS Y5, 32(R13)
	ADDQ R8, R13
	VMOVUPS Y6, (R13)
	VMOVUPS Y7, 32(R13)
	VZEROUPPER
	RET
