package calc

// MXFP4 experts (calc/README.md "MXFP4 experts"): gpt-oss ships its experts
// as 4-bit e2m1 values, two to a byte, with one e8m0 scale byte per 32, and
// every other weight in bfloat16. vLLM keeps them in that form but pads the
// experts' widths to what its MoE kernel takes, and the kernel depends on
// the GPU (vllm/model_executor/layers/quantization/mxfp4.py
// Mxfp4MoEMethod.create_weights, get_mxfp4_backend):
//
//	backend  GPUs                         I'             H'     biases
//	marlin   SM80–89, SM12x               ⌈I/tp⌉₁₂₈      ⌈H⌉₂₅₆ bf16
//	triton   SM90 (triton_kernels)        ⌈I/tp⌉₆₄       H      fp32, + a swizzled copy of the scales
//	trtllm   SM100 (FlashInfer TRT-LLM)   ⌈I/tp⌉₂₅₆      ⌈H⌉₂₅₆ fp32
//
// One expert then holds 2I'·H'/2 + H'·I'/2 weight bytes, 2I'·H'/32 +
// H'·I'/32 scale bytes and 2I' + H' biases. The Hopper copy of the scales
// (process_weights_after_loading keeps the originals beside the swizzled
// ones) adds ⌈2I'⌉₂₅₆·H'/32 + ⌈H'⌉₂₅₆·⌈I'/32⌉₂.

// mxfp4Backend is the MoE kernel vLLM picks for MXFP4 on device d, or why
// it refuses (Mxfp4Config.get_min_capability is 80).
func mxfp4Backend(d Device, hopper string) (string, error) {
	cc := d.ComputeCapability
	switch {
	case d.Platform != CUDA:
		return "", refuse("model: MXFP4 experts on %s are not modelled", d.Name)
	case cc > 0 && cc < 8:
		return "", refuse("model: MXFP4 needs compute capability 8.0 (Mxfp4Config.get_min_capability); %s has %.1f", d.Name, cc)
	case cc >= 9 && cc < 10 && hopper != "marlin":
		return "triton", nil
	case cc >= 10 && cc < 11:
		return "trtllm", nil
	}
	return "marlin", nil
}

// mxfp4ExpertBytes is one layer's experts on one rank.
func mxfp4ExpertBytes(m *Model, s rankSplit, backend string) Bytes {
	t := m.Text
	e, i := int64(t.Experts), int64(divCeil(t.MoEIntermediate, max(s.moe, 1)))
	if s.ep {
		e, i = divCeil64(e, int64(s.moe)), int64(t.MoEIntermediate)
	}
	h := int64(t.Hidden)
	ip, hp, bias := roundUp64(i, 128), roundUp64(h, 256), int64(2)
	switch backend {
	case "triton":
		ip, hp, bias = roundUp64(i, 64), h, 4
	case "trtllm":
		ip, hp, bias = roundUp64(i, 256), roundUp64(h, 256), 4
	}
	per := 2*ip*hp/2 + hp*ip/2 + 2*ip*hp/32 + hp*ip/32 + bias*(2*ip+hp)
	if backend == "triton" {
		per += roundUp64(2*ip, 256)*(hp/32) + roundUp64(hp, 256)*roundUp64(ip/32, 2)
	}
	return Bytes(e * per)
}

// mxfp4Params is stageParams for a checkpoint with MXFP4 experts: the
// attention (with its biases and sinks), norms and router in the model
// dtype, the experts as the backend stores them.
func mxfp4Params(r *Resolved, m *Model, db int, s rankSplit, pp, stage int) Weights {
	t := m.Text
	backend, _ := mxfp4Backend(r.Device, r.Engine.MXFP4Hopper) // validate refuses the others
	tp := int64(max(s.tp, 1))
	h, d := int64(t.Hidden), int64(t.HeadSize())
	q, kv := int64(t.Heads)/tp, int64(t.KVHeadsPerRank(s.tp))
	qkv := (q + 2*kv) * d
	per := (qkv*h + qkv + h*q*d + h) * int64(db) // qkv with bias, o_proj with its (replicated) bias
	per += q * int64(db)                         // attention sinks, one per head
	per += 2 * h * int64(db)                     // input and post-attention RMSNorm
	per += (int64(t.Experts)*h + int64(t.Experts)) * int64(db)
	_, n := ppLayers(t.Layers, stage, pp)
	var w Weights
	w.Text = Bytes(n) * (Bytes(per) + mxfp4ExpertBytes(m, s, backend))
	table := Bytes(divCeil64(roundUp64(int64(t.Vocab), vocabPadding), tp) * h * int64(db))
	last := stage == pp-1
	if stage == 0 || t.TieEmbeddings && last {
		w.Embedding = table
	}
	if last {
		w.Text += Bytes(h * int64(db))
		if !t.TieEmbeddings {
			w.LMHead = table
		}
	}
	if n > 0 && t.MaxPositions > 0 {
		// YaRN's cos/sin cache is float32: the half ComputeWeights does
		// not add for the model dtype.
		w.Text += Bytes(int64(t.MaxPositions) * d * int64(4-db))
	}
	w.Total = w.Text + w.Embedding + w.LMHead
	return w
}
