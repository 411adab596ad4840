package calc

// visionBytes is the vision tower and merger(s) on one rank: 16-bit, or,
// where the checkpoint quantized the tower too (Quantization.Vision: a
// bitsandbytes build with no skip list for it, which vLLM loads through
// the tower's quantized linears, since _maybe_ignore_quant_config drops only
// GPTQ's), a Qwen tower's linears in format f and the rest (patch
// embedding, position table, norms, biases) 16-bit.
func visionBytes(m *Model, f weightFormat, db, tp int, padHeads bool) Bytes {
	all := visionParams(m, tp)
	if padHeads {
		all += paddedHeadParams(m, tp)
	}
	k := visionKind(m)
	if m.Quant == nil || !m.Quant.Vision || !(k == vitQwen2 || k == vitQwen25 || k == vitQwen3) {
		return Bytes(all * int64(db))
	}
	var b Bytes
	for _, l := range qwenVisionLinears(m, tp) {
		b += f.bytes(l, db)
		all -= l.params() // f.bytes holds the bias at 16 bits
	}
	return b + Bytes(all*int64(db))
}

// qwenVisionLinears lists the Qwen towers' linears on one of tp ranks, as
// visionParams counts them: per block qkv and proj, the MLP (gated in
// Qwen2.5-VL), then the merger(s).
func qwenVisionLinears(m *Model, tp int) []linearShape {
	v := m.Vision
	e, i, t := int64(v.Hidden), visionMLP(v), int64(max(tp, 1))
	merged := e * int64(max(v.SpatialMerge, 1)) * int64(max(v.SpatialMerge, 1))
	out := int64(v.OutHidden)
	if out <= 0 {
		out = int64(m.Text.Hidden)
	}
	block := []linearShape{{in: e, out: 3 * e / t, bias: 3 * e / t}, {in: e / t, out: e, bias: e}}
	if visionKind(m) == vitQwen25 {
		block = append(block, linearShape{in: e, out: 2 * i / t, bias: 2 * i / t}, linearShape{in: i / t, out: e, bias: e})
	} else {
		block = append(block, linearShape{in: e, out: i / t, bias: i / t}, linearShape{in: i / t, out: e, bias: e})
	}
	var ls []linearShape
	for range v.Depth {
		ls = append(ls, block...)
	}
	merger := []linearShape{{in: merged, out: merged / t, bias: merged / t}, {in: merged / t, out: out, bias: out}}
	for range 1 + len(v.Deepstack) {
		ls = append(ls, merger...)
	}
	return ls
}

// padHeadDim is the width vllm-ascend's own Qwen2-VL and Qwen2.5-VL vision
// attention pads a head to (vllm_ascend/models/qwen2_5_vl.py, qwen2_vl.py:
// MAX_PAD_SIZE), when the head is wider than MIN_PAD_SIZE (64) and
// narrower than that: 80 → 128 for the 1280-wide towers.
const padHeadDim = 128

// visionHeadWidth is a Qwen2/2.5-VL tower's attention width on a release
// that pads its heads in the weights (ProfileRules.PadVisionHeads): heads
// × 128 where 64 < head_dim < 128, else the tower's width.
func visionHeadWidth(m *Model, pad bool) int64 {
	v := m.Vision
	e := int64(v.Hidden)
	k := visionKind(m)
	if !pad || v.Heads <= 0 || !(k == vitQwen2 || k == vitQwen25) {
		return e
	}
	if hd := e / int64(v.Heads); hd > 64 && hd < padHeadDim {
		return int64(v.Heads) * padHeadDim
	}
	return e
}

// paddedHeadParams is what padding adds to the tower on one of tp ranks:
// qkv grows from 3E to 3·A outputs (its bias too, pad_qkv_bias) and proj
// from E to A inputs, A the padded width, in every block.
func paddedHeadParams(m *Model, tp int) int64 {
	e, t := int64(m.Vision.Hidden), int64(max(tp, 1))
	a := visionHeadWidth(m, true)
	if a == e {
		return 0
	}
	per := (3*(a-e)*e+3*(a-e))/t + (a-e)*e/t
	return int64(m.Vision.Depth) * per
}
