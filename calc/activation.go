package calc

// This file sizes the activation peak A of the profile run on one rank:
// the increase of torch's allocated peak across profile_run (calc/README.md "The budget",
// "The profile run", "Multimodal dummy items"). The parts are modelled from the tensors vLLM keeps alive at the
// worst moment of each phase, at the model dtype's element size unless
// stated; every per-token factor below names those tensors.
//
// Validation against "PyTorch activation peak memory" in dev.jsonl (see
// activation_test.go): Meta-Llama-3-8B V0 1.26 GiB (sampler-bound),
// Qwen2.5-7B V0 1.42 GiB (sampler-bound), Qwen2.5-VL-7B-AWQ V0 4.93 GiB
// (decoder over the unclipped multimodal dummy sequence).

// Sampler workspace bytes per [rows × vocab] element, by ProfileRules.Sampler.
const (
	// samplerFull is the V1 dummy sampler (vllm/v1/sample/sampler.py,
	// ops/topk_topp_sampler.py apply_top_k_top_p @v0.8.3) at its worst
	// moment, inside top-p: bf16 logits (2, held by the runner) + float32
	// logits (4) + sorted values (4) + int64 sort indices (8) + top-k mask
	// (1) + softmax of the sorted values (4) + their cumsum (4) + top-p mask
	// (1) + the scattered float32 logits (4) = 32 B.
	samplerFull = 32
	// samplerV0 is V0's Sampler._apply_top_k_top_p
	// (vllm/model_executor/layers/sampler.py): the same tensors plus the
	// int64 inverse index (scatter of arange) and the gathered float32
	// logits instead of the scatter: 2 + 4 + 4 + 8 + 1 + 4 + 4 + 1 + 8 + 4 = 40 B.
	samplerV0 = 40
	// samplerLogits is compute_logits only (vllm-ascend runners): bf16 logits.
	samplerLogits = 2
	// samplerFlashInfer is V1's dummy sampler with top-k/top-p in FlashInfer
	// (topk_topp_sampler.py flashinfer_sample →
	// flashinfer.sampling.top_k_top_p_sampling_from_logits, "top_k_first"):
	// bf16 logits (2) + float32 logits (4) + top_k_mask_logits' empty_like
	// output (4) + its softmax (4) = 14 B; the sampling writes int32 ids.
	samplerFlashInfer = 14
)

// sortPeak is the bytes per [rows × vocab] element while torch.sort sorts
// the float32 logits on CUDA, which the sort-based samplers ("sort", "v0")
// reach before top-k and top-p do: the bf16 logits (2), their float32 copy
// (4), the sorted values (4) and int64 indices (8) torch.sort allocates,
// and the workspace of launch_stable_sort_kernel
// (aten/src/ATen/native/cuda/SortStable.cu), where cub's non-DoubleBuffer
// radix sorts keep alternate keys (4) and values (8) in their temporary
// storage:
//
//   - one row (segmented_sort_large_segments): int64 indices (8) + cub's
//     alternates (12): 38 B;
//   - 2 to 127 rows (segmented_sort_pairs_by_full_sort): two int2
//     index-and-segment arrays (16), the keys output it allocates (4) and
//     cub's alternates (12): 50 B;
//   - 128 rows or more (segmented_sort_pairs): int64 reverse indices (8) +
//     cub's alternates (12): 38 B.
//
// The vLLM 0.10.2 and 0.11.0 logs of sampler-bound profiles (1,024 and
// 256 rows, vocabularies of 128K to 201K) need 38.4 to 38.9 B.
func sortPeak(rows int) int64 {
	if rows >= 2 && rows < 128 {
		return 50
	}
	return 38
}

// fusedMoEChunk is VLLM_FUSED_MOE_CHUNK_SIZE: fused_moe processes at most
// this many tokens at a time (vllm/model_executor/layers/fused_moe/fused_moe.py).
const fusedMoEChunk = 32768

// decoderBytes is the decoder pass over T tokens on one rank: the larger of
// the attention and MLP live sets of one layer (intermediates are freed
// layer by layer).
//
//   - MLP: residual, normed input and down_proj output (3·H) + gate_up
//     output (2·I/tp) + activation output (I/tp); a plain MLP (OPT,
//     StarCoder2: plainmlp.go) fc1 output and activation output (2·I/tp).
//   - Attention: residual, normed input, o_proj output (3·H) + qkv output
//     ((q+2kv)·d per rank) + attention output (q·d per rank).
//   - MoE: 3·H + fused_moe's intermediate caches per token and top-k:
//     w13 output (2·N/tp), activation (N/tp), w2 output (H), over at most
//     fusedMoEChunk tokens; plus the shared expert as an MLP.
//   - heldEmbeds adds one [T, H] tensor: V0 multimodal models pass
//     inputs_embeds down, and the caller holds it during every layer.
func decoderBytes(r *Resolved, tokens int, heldEmbeds bool) Bytes {
	t := r.Model.Text
	tp := max(r.TP, 1)
	db := int64(dtypeBytes(r.Dtype))
	h := int64(t.Hidden)
	d := int64(t.HeadSize())
	q := int64(divCeil(max(t.Heads, 0), tp))
	kv := int64(t.KVHeadsPerRank(tp))
	T := int64(max(tokens, 0))
	attn := T * (3*h + (q+2*kv)*d + q*d)
	var mlp int64
	if t.Experts > 0 && t.ExpertsPerToken > 0 {
		n := int64(divCeil(t.MoEIntermediate, tp))
		k := int64(t.ExpertsPerToken)
		chunk := min(T, fusedMoEChunk)
		mlp = T*3*h + chunk*k*(3*n+h)
		if t.SharedExpertSize > 0 {
			mlp += T * 3 * int64(divCeil(t.SharedExpertSize, tp))
		}
	} else if plainMLP(&r.Model) {
		mlp = T * (3*h + 2*int64(divCeil(max(t.mlpWidth(), 0), tp))) // fc1 output and its activation
	} else {
		mlp = T * (3*h + 3*int64(divCeil(max(t.mlpWidth(), 0), tp)))
	}
	b := max(attn, mlp)
	if heldEmbeds {
		b += T * h
	}
	return Bytes(b * db)
}

// samplerBytes is logits plus the dummy sampler over `rows` requests, with
// the padded vocabulary. V1 all-gathers the logits, so every rank samples;
// V0 gathers them to the driver (rank 0), which this sizes: V0's other TP
// ranks hold only [rows, vocab/tp] bf16 logits.
func samplerBytes(r *Resolved, rows int) Bytes {
	return Bytes(int64(max(rows, 0)) * paddedVocab(r) * samplerPerLogit(r, rows))
}

// samplerPerLogit is the sampler's bytes per [rows × vocab] element on the
// path the release and the install run.
func samplerPerLogit(r *Resolved, rows int) int64 {
	switch r.Engine.Profile.Sampler {
	case "sort", "full":
		if r.FlashInferSampler { // resolveGraphs sets it only where the path exists
			return samplerFlashInfer
		}
		if r.Engine.Profile.Sampler == "sort" {
			return max(samplerFull, sortPeak(rows))
		}
		return samplerFull
	case "v0":
		return max(samplerV0, sortPeak(rows))
	case "logits":
		return samplerLogits
	case "none":
		return 0 // vllm-ascend 0.13.x computes nothing in its dummy sampler run
	}
	return samplerFull
}

// samplerRows is the logits' rows in V1's profile run: one per dummy
// request, max_num_seqs, at most max_num_batched_tokens (_dummy_sampler_run
// on the _dummy_run's requests).
func samplerRows(r *Resolved) int {
	return min(max(r.MaxNumSeqs, 1), max(r.MaxNumBatchedTokens, 1))
}

// paddedVocab is the logits' width: the vocabulary padded to 64.
func paddedVocab(r *Resolved) int64 {
	return roundUp64(int64(max(r.Model.Text.Vocab, 0)), vocabPadding)
}

// encoderBytes is the vision encoder's peak on `patches` ViT positions (all
// profiled items batched into one call), assuming flash-attention-style
// memory linear in patches:
//
//   - the pixel batch from the processor as float32 on the device plus its
//     cast to the tower's dtype: patches × C·t·p² × (4 + 2) B;
//   - rotary cos/sin in float32: patches × head_dim × 4 B;
//   - the larger per-block live set, × dtype bytes:
//     attention (Qwen2_5_VisionAttention): residual and normed input (2·E),
//     the qkv output (3E/tp), contiguous q, k, v (3E/tp), and during the
//     rotary of k its float32 copy and output (4E/tp) = 2E + 10E/tp;
//     MLP: residual, normed input, output (3·E) + fc1 and activation
//     (2·I/tp), or for the gated Qwen2.5-VL MLP gate-act, up and product
//     (3·I/tp);
//   - Qwen3-VL deepstack features kept until the end: levels × tokens ×
//     out_hidden.
//
// If the backend falls back to non-flash SDPA, full-attention layers
// materialize heads × patches² scores instead (not modelled; calc/README.md "Multimodal dummy items").
//
// image says the patches are images' (LLaVA-OneVision's anyres merge and
// MiniCPM-V's position-cache rebuild follow an image only).
func encoderBytes(r *Resolved, patches int, image bool) Bytes {
	v := r.Model.Vision
	if v == nil || patches <= 0 || v.Hidden <= 0 {
		return 0
	}
	if t := towers[visionKind(&r.Model)]; t.encoder != nil {
		return t.encoder(r, patches, image)
	}
	pix := int64(patches) * patchElems(v) * 6
	return Bytes(pix) + qwenEncoderPass(r, patches)
}

// patchElems is one ViT patch's pixel values: C · t · p².
func patchElems(v *VisionConfig) int64 {
	return inChannels(v) * int64(max(v.TemporalPatchSize, 1)) * int64(v.PatchSize) * int64(v.PatchSize)
}

// qwenEncoderPass is a Qwen-style tower's own pass over P patches, its
// input already in the tower's dtype: rotary cos/sin, the larger
// per-block live set and the deepstack features (encoderBytes).
func qwenEncoderPass(r *Resolved, patches int) Bytes {
	v := r.Model.Vision
	tp := int64(max(r.TP, 1))
	db := int64(dtypeBytes(r.Dtype))
	P := int64(patches)
	e := int64(v.Hidden)
	i := visionMLP(v)
	hd := int64(0)
	if v.Heads > 0 {
		hd = e / int64(v.Heads)
	}
	rot := P * hd * 4
	a := visionHeadWidth(&r.Model, r.Engine.Profile.PadVisionHeads) // q, k, v and the attention output at the padded width
	attn := 2*e + 10*a/tp
	mlp := 3*e + 2*i/tp
	if k := visionKind(&r.Model); k == vitQwen25 || k == vitPixtral {
		mlp = 3*e + 3*i/tp // gated: gate-act, up and product
	}
	block := P * max(attn, mlp) * db
	m := int64(max(v.SpatialMerge, 1))
	deep := int64(len(v.Deepstack)) * (P / (m * m)) * int64(v.OutHidden) * db
	return Bytes(rot + block + deep)
}

// embedWidth is the width of one encoder output token kept in the encoder
// cache: out_hidden, times (1 + deepstack levels) for Qwen3-VL, whose
// output concatenates the deepstack features.
func embedWidth(m *Model) int64 {
	if m.Vision == nil {
		return 0
	}
	w := int64(m.Vision.OutHidden)
	if w <= 0 {
		w = int64(m.Text.Hidden)
	}
	return w * int64(1+len(m.Vision.Deepstack))
}

// ComputePeak sizes the activation peak of the profile run on one rank of
// pipeline stage `stage` (calc/README.md "The profile run"):
//
//	V1: A = max(encoder, retained + decoder, retained + T·H + sampler)
//	V0: A = max(encoder calls (earlier modality's output retained),
//	            decoder over max(T, seqs × multimodal tokens), T·H + sampler)
//
// The encoder runs on the first stage only; logits and the sampler on the
// last. V0 keeps multimodal dummy sequences whole even when they exceed
// max_num_batched_tokens / max_num_seqs (vllm/multimodal/profiling.py
// get_decoder_dummy_data pads short ones and never truncates).
func ComputePeak(r *Resolved, stage int) Peak {
	var p Peak
	if r == nil || r.Model.Text.Hidden <= 0 || r.Model.Text.Layers <= 0 {
		p.Dominant = "decoder"
		return p
	}
	pp := max(r.PP, 1)
	first, last := stage <= 0, stage >= pp-1
	rules := r.Engine.Profile
	db := int64(dtypeBytes(r.Dtype))
	h := int64(r.Model.Text.Hidden)
	T := max(r.MaxNumBatchedTokens, 1)

	profiled := rules.EncoderProfiled && !r.SkipMMProfiling && r.Model.Vision != nil
	if r.Model.Vision != nil {
		p.Item = ProfiledItem(r)
		if !profiled {
			// Nothing is encoded: no items, no encoder cache log line.
			p.Item.Count, p.Item.Budget = 0, 0
		}
	}
	v0 := rules.ItemCount == "v0"
	rows := samplerRows(r)
	if v0 && p.Item.Seqs > 0 {
		// V0 logits are the last token of each dummy sequence.
		rows = p.Item.Seqs
	}
	held := false

	if profiled && p.Item.Modality != "" && first {
		it := p.Item
		width := embedWidth(&r.Model)
		if v0 && it.Also != nil {
			// Two encoder calls (images, then videos; _process_image_input,
			// _process_video_input); the first call's output is held.
			a, b := it.Also, &it
			if a.Modality != "image" {
				a, b = b, a
			}
			ea := encoderBytes(r, a.Count*a.Patches, a.Modality == "image")
			eb := encoderBytes(r, b.Count*b.Patches, b.Modality == "image") + Bytes(int64(a.Count*a.Tokens)*width*db)
			p.Encoder = max(ea, eb)
		} else {
			p.Encoder = encoderBytes(r, it.Count*it.Patches, it.Modality == "image")
		}
		mmTokens := it.Count * it.Tokens
		if it.Also != nil {
			mmTokens += it.Also.Count * it.Also.Tokens
		}
		p.Retained = Bytes(int64(mmTokens) * width * db)
		switch {
		case visionKind(&r.Model) == vitMllama:
			// The encoder tokens feed the cross-attention layers: the
			// cross_attention_states ([images × 6404, H]) are held through
			// the decoder pass, which runs over the text tokens only.
			p.Retained = Bytes(int64(mmTokens) * h * db)
		case v0:
			// Dummy sequences keep every item whole (0.8.3+): T grows to
			// fit them.
			T = max(T, mmTokens)
			held = true
			// V0 merges the embeddings into inputs_embeds; the separate
			// outputs are freed before the decoder runs.
			p.Retained = 0
		}
	}
	p.Decoder = decoderBytes(r, T, held)
	if v0 && held && p.Item.Count > 0 && visionKind(&r.Model) == vitSiglip {
		p.Masks = v0AttnMasks(r, p.Item.Seqs, T)
		p.Decoder += p.Masks
	}
	if last {
		p.Sampler = Bytes(int64(T)*h*db) + samplerBytes(r, rows)
	}

	dec := p.Retained + p.Decoder
	smp := p.Retained + p.Sampler
	p.Total, p.Dominant = dec, "decoder"
	if smp > p.Total {
		p.Total, p.Dominant = smp, "sampler"
	}
	if p.Encoder > p.Total {
		p.Total, p.Dominant = p.Encoder, "encoder"
	}
	return p
}
