package calc

import "fmt"

// This file is how a checkpoint's linear weights are stored on the device:
// 16-bit, fp8 and int8 with their scales, AWQ/GPTQ's packed groups, and
// bitsandbytes' 4-bit blocks (calc/README.md "Weights").

// weightFormat says how linear weights are stored.
type weightFormat struct {
	name string
	// bits per stored weight element: 16, 8 or 4.
	bits int
	// group is the number of input channels sharing one scale (AWQ/GPTQ
	// group_size); 0 means per output channel (fp8, int8 w8a8).
	group int
	// zeros: packed 4-bit zero points per group (AWQ qzeros, GPTQ qzeros).
	zeros bool
	// gIdx: GPTQ g_idx, one int32 per input channel.
	gIdx bool
	// bnb: bitsandbytes 4-bit with double-quantized absmax.
	bnb bool
}

// formatOf maps the checkpoint's quantization_config to a storage format.
// Sources: vllm/model_executor/layers/quantization/{awq,gptq,fp8,
// bitsandbytes,compressed_tensors}.py create_weights.
func formatOf(q *Quantization, dtypeBytes int) weightFormat {
	if q == nil {
		return weightFormat{name: fmt.Sprintf("%d-bit", 8*dtypeBytes), bits: 8 * dtypeBytes}
	}
	bits := q.Bits
	switch q.Method {
	case "awq", "gptq", "awq_marlin", "gptq_marlin":
		if bits <= 0 {
			bits = 4
		}
		g := q.GroupSize
		if g <= 0 {
			g = 0
		}
		return weightFormat{name: q.Method, bits: bits, group: g, zeros: true, gIdx: q.Method == "gptq" || q.Method == "gptq_marlin"}
	case "bitsandbytes":
		if bits <= 0 {
			bits = 4
		}
		return weightFormat{name: q.Method, bits: bits, bnb: bits == 4}
	case "fp8", "fbgemm_fp8", "w8a8", "compressed-tensors", "int8":
		if bits <= 0 {
			bits = 8
		}
		return weightFormat{name: q.Method, bits: bits}
	}
	if bits <= 0 || bits > 16 {
		bits = 8 * dtypeBytes
	}
	return weightFormat{name: q.Method, bits: bits}
}

// bytes is the device memory of l stored in format f, with dtypeBytes for
// the 16-bit parts (biases, scales of AWQ/GPTQ).
//
//   - 16-bit: 2 B per element.
//   - fp8 / int8 (per-channel): 1 B per weight plus one float32 scale per
//     output channel (Fp8LinearMethod / W8A8 create_weights).
//   - AWQ/GPTQ: bits/8 B per weight (packed int32), one fp16 scale and one
//     packed 4-bit zero per group of `group` input channels and output
//     channel; GPTQ adds g_idx (int32 per input channel).
//   - bitsandbytes 4-bit: 0.5 B per weight, plus the double-quantized absmax
//     (1 B per 64-element block, and one float32 per 256 blocks).
func (f weightFormat) bytes(l linearShape, dtypeBytes int) Bytes {
	w := l.in * l.out
	b := l.bias * int64(dtypeBytes)
	switch {
	case f.bits >= 16:
		return Bytes(l.params() * int64(dtypeBytes))
	case f.bnb:
		return Bytes(w/2 + w/64 + 4*w/(64*256) + b)
	case f.zeros:
		groups := int64(1)
		if f.group > 0 {
			groups = divCeil64(l.in, int64(f.group))
		}
		n := w*int64(f.bits)/8 + groups*l.out*2 + groups*l.out/2 + b
		if f.gIdx {
			n += 4 * l.in
		}
		return Bytes(n)
	default:
		return Bytes(w*int64(f.bits)/8 + 4*l.out + b)
	}
}
