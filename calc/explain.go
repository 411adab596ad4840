package calc

import "strconv"

// Reason is a generated explanation: which rule decided a gate and the
// figures of this scenario that fill it. The words live with the page's
// translations (one template per key and language); the numbers come from
// the same estimate the chart draws.
type Reason struct {
	Key  string            // one of ReasonKeys
	Args map[string]string // named figures: GiB with two decimals, integers with commas
}

// Reason keys, by gate.
const (
	WhyFreeNone         = "free.none"              // the release has no startup check
	WhyFreeNoneGlobal   = "free.none-global"       // no check, but others count inside the budget
	WhyFreeOK           = "free.ok"                // enough is free for u·T
	WhyFreeShort        = "free.short"             // others and the context leave less than u·T free
	WhyWeightsOK        = "weights.ok"             // the weights fit
	WhyWeightsShort     = "weights.short"          // the weights alone do not fit
	WhyProfileOK        = "profile.ok"             // the profile peak fits physically
	WhyProfileShort     = "profile.short"          // the profile run itself runs out of memory
	WhyNoKVOK           = "nokv.ok"                // the budget leaves room for the KV cache
	WhyNoKVGlobal       = "nokv.global-short"      // others counted in the budget leave nothing
	WhyNoKVShort        = "nokv.short"             // weights, peak and non-torch exceed the budget
	WhyNoKVOverride     = "nokv.override"          // --kv-cache-memory-bytes sets the cache
	WhyNoKVReserveOK    = "nokv.ok-mm-ipc"         // the GPU media-decoding reserve leaves part of the cache
	WhyNoKVReserve      = "nokv.mm-ipc"            // the GPU media-decoding reserve leaves no cache
	WhyMaxLenOK         = "maxlen.ok"              // one request fits
	WhyMaxLenShort      = "maxlen.short"           // one request does not fit
	WhyMaxLenAuto       = "maxlen.auto"            // --max-model-len auto fitted it
	WhyKVInitOK         = "kv-init.ok"             // the 310P's NZ copy fits beside the KV cache
	WhyKVInitShort      = "kv-init.short"          // the NZ copy does not fit: the KV allocation fails
	WhyKVInitHybridOK   = "kv-init.hybrid-ok"      // vllm-ascend's extra hybrid buffers fit
	WhyKVInitHybrid     = "kv-init.hybrid-short"   // vllm-ascend's extra hybrid buffers do not fit
	WhyGraphsNone       = "graphs.none"            // nothing captured (eager), only the warm-up
	WhyGraphsOK         = "graphs.ok"              // capture fits outside the budget
	WhyGraphsBorrow     = "graphs.borrow"          // capture fits only inside the activation reserve
	WhyGraphsInBudget   = "graphs.in-budget"       // the estimate was subtracted from the budget
	WhyGraphsMRv2       = "graphs.mrv2"            // model runner V2 estimates the graphs at 0
	WhyGraphsShort      = "graphs.short"           // capture or the warm-up runs out of memory
	WhyNotReached       = "not-reached"            // an earlier check stopped the launch
	WhyReserveBeyond    = "reserve.lacking"        // part of the activation reserve is not on the device
	WhyCoreFallback     = "core.fallback"          // V1 fell back to V0 on this device
	WhyEncoderDropped   = "encoder.dropped"        // V0 profiled a text-only dummy
	WhyEncoderSkipped   = "encoder.skipped"        // the release does not profile the encoder
	WhyEncoderBatched   = "encoder.batched"        // the dummy video is built for the batch length
	WhyEncoderResized   = "encoder.resized"        // Qwen3-Omni's processor shrinks the dummy video's frames
	WhyEncoderProfiled  = "encoder.profiled"       // the largest item is profiled
	WhyEncoderTwo       = "encoder.profiled-two"   // V0: an image and a video in each dummy sequence
	WhyV0Masks          = "decoder.masks"          // Gemma 3 on V0: two L × L masks per dummy sequence
	WhyLoRASlots        = "weights.lora"           // --enable-lora: the slots are part of the weights
	WhySamplerSort      = "sampler.sort"           // the V1 dummy sampler is the peak, sized on PyTorch's sort path
	WhySamplerFI        = "sampler.flashinfer"     // the V1 dummy sampler is the peak, in FlashInfer
	WhySamplerSortOnly  = "sampler.sort-only"      // the V1 dummy sampler is the peak; the release always sorts
	WhyEncoderGraphsIn  = "graphs.encoder-in"      // cudagraph_mm_encoder: its graphs are in the estimate
	WhyEncoderGraphsOut = "graphs.encoder-out"     // cudagraph_mm_encoder: its graphs, a pool each, come after the KV cache
	WhyEncoderGraphsOne = "graphs.encoder-pooled"  // cudagraph_mm_encoder: one pool, but no estimate subtracted
	WhyEncoderGraphsRel = "graphs.encoder-release" // cudagraph_mm_encoder set: the release has no encoder graphs
	WhyEncoderGraphsEag = "graphs.encoder-eager"   // cudagraph_mm_encoder set: enforce_eager captures none
	WhyEncoderGraphsMod = "graphs.encoder-model"   // cudagraph_mm_encoder set: the tower's graphs are not modelled
)

// ReasonKeys lists every reason key calc writes.
var ReasonKeys = []string{WhyFreeNone, WhyFreeNoneGlobal, WhyFreeOK, WhyFreeShort, WhyWeightsOK, WhyWeightsShort,
	WhyProfileOK, WhyProfileShort, WhyNoKVOK, WhyNoKVGlobal, WhyNoKVShort, WhyNoKVOverride, WhyNoKVReserveOK, WhyNoKVReserve, WhyMaxLenOK,
	WhyMaxLenShort, WhyMaxLenAuto, WhyKVInitOK, WhyKVInitShort, WhyKVInitHybridOK, WhyKVInitHybrid, WhyGraphsNone, WhyGraphsOK, WhyGraphsBorrow, WhyGraphsInBudget, WhyGraphsMRv2, WhyGraphsShort,
	WhyNotReached, WhyReserveBeyond, WhyCoreFallback, WhyEncoderDropped, WhyEncoderSkipped, WhyEncoderBatched, WhyEncoderResized,
	WhyEncoderProfiled, WhyEncoderTwo, WhyV0Masks, WhyLoRASlots, WhySamplerSort, WhySamplerFI, WhySamplerSortOnly,
	WhyEncoderGraphsIn, WhyEncoderGraphsOut, WhyEncoderGraphsOne, WhyEncoderGraphsRel, WhyEncoderGraphsEag, WhyEncoderGraphsMod}

// rule names the releases a behaviour holds for: "vllm-ascend 0.9.0rc1 – 0.17.0rc1".
func rule(r *Resolved, behaviour string) string {
	h := r.Engine.Holds[behaviour]
	if h == "" {
		return r.Engine.Name
	}
	return r.Engine.Project + " " + h
}

func args(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func whyFree(r *Resolved, k *RankEstimate, g Gate) Reason {
	a := args("free", gib(k.Free), "total", gib(k.Total), "u", pyFloat(r.Utilization), "requested", gib(k.Budget),
		"others", gib(k.Others), "context", gib(k.Context), "release", r.Engine.Name, "rule", rule(r, "startup_free_check"))
	switch {
	case !g.Applies && r.Engine.OthersInBudget && k.Others > 0:
		a["rule"] = rule(r, "others_in_budget")
		return Reason{WhyFreeNoneGlobal, a}
	case !g.Applies:
		return Reason{WhyFreeNone, a}
	case g.Pass:
		return Reason{WhyFreeOK, a}
	}
	a["short"] = gib(-g.Margin)
	return Reason{WhyFreeShort, a}
}

func whyWeights(r *Resolved, k *RankEstimate, g Gate) Reason {
	a := args("weights", gib(k.Weights.Total), "physical", gib(k.Physical), "total", gib(k.Total),
		"others", gib(k.Others), "context", gib(k.Context+k.Comm))
	if g.Pass {
		return Reason{WhyWeightsOK, a}
	}
	a["short"] = gib(-g.Margin)
	return Reason{WhyWeightsShort, a}
}

func whyProfile(r *Resolved, k *RankEstimate, g Gate) Reason {
	dom := k.Peak.Encoder
	switch k.Peak.Dominant {
	case "decoder":
		dom = k.Peak.Decoder
	case "sampler":
		dom = k.Peak.Sampler
	}
	a := args("weights", gib(k.Weights.Total), "activation", gib(k.Activation), "nontorch", gib(k.Ledger.Part(PartNonTorch)),
		"need", gib(k.Weights.Total+k.Activation+k.Ledger.Part(PartNonTorch)), "physical", gib(k.Physical),
		"dominant", k.Peak.Dominant, "dominant_gib", gib(dom))
	if g.Pass {
		return Reason{WhyProfileOK, a}
	}
	a["short"] = gib(-g.Margin)
	return Reason{WhyProfileShort, a}
}

func whyNoKV(r *Resolved, k *RankEstimate, g Gate, override bool) Reason {
	l := &k.Ledger
	a := args("budget", gib(k.Budget), "u", pyFloat(r.Utilization), "total", gib(k.Total),
		"weights", gib(k.Weights.Total), "activation", gib(k.Activation), "nontorch", gib(k.NonTorch),
		"consumed", gib(l.Consumed), "kv", gib(max(k.KV, 0)), "kv_raw", gib(l.KVRaw),
		"others", gib(k.Others), "context", gib(k.Context), "rule", rule(r, "others_in_budget"))
	before := k.KV + r.MMIPC // "Available KV cache memory", before reserve_mm_ipc_gpu_memory
	switch {
	case r.MMIPC > 0 && before > 0:
		a["before"], a["reserve"], a["raw"], a["decoders"], a["servers"] = gib(before), gib(r.MMIPC), gib(r.MMIPCRaw), gib(r.MMIPCDecoder), strconv.Itoa(r.APIServers)
		if g.Pass {
			return Reason{WhyNoKVReserveOK, a}
		}
		return Reason{WhyNoKVReserve, a}
	case override:
		return Reason{WhyNoKVOverride, a}
	case g.Pass:
		return Reason{WhyNoKVOK, a}
	case r.Engine.OthersInBudget && k.Others > 0:
		a["own"] = gib(l.Consumed - k.Others - k.Context)
		return Reason{WhyNoKVGlobal, a}
	}
	a["over"] = gib(l.Consumed - k.Budget)
	return Reason{WhyNoKVShort, a}
}

func whyMaxLen(r *Resolved, k *RankEstimate, g Gate) Reason {
	a := args("len", Commas(r.MaxModelLen), "need", gib(k.RequestBytes), "kv", gib(max(k.KV, 0)),
		"per_token", strconv.FormatFloat(float64(k.BytesPerToken)/float64(KiB), 'f', 0, 64), "est", Commas(k.MaxLen),
		"tokens", Commas(k.Tokens))
	switch {
	case r.AutoMaxModelLen && g.Pass:
		a["from"] = Commas(r.AutoFrom)
		return Reason{WhyMaxLenAuto, a}
	case g.Pass:
		return Reason{WhyMaxLenOK, a}
	}
	return Reason{WhyMaxLenShort, a}
}

func whyKVInit(r *Resolved, k *RankEstimate, g Gate) Reason {
	a := args("extra", gib(kvInitExtra(r, k)), "left", gib(max(captureMargin(k), 0)), "rule", rule(r, "kv_init_copy"))
	ok, short := WhyKVInitOK, WhyKVInitShort
	if n := r.Engine.KV.HybridInitCopies; n > 0 && r.Model.Text.LinearAttention != nil {
		ok, short = WhyKVInitHybridOK, WhyKVInitHybrid
		a["rule"], a["copies"] = rule(r, "kv.hybrid_init_copies"), strconv.Itoa(n)
	}
	if !g.Pass {
		a["short"] = gib(-g.Margin)
		return Reason{short, a}
	}
	return Reason{ok, a}
}

func whyGraphs(r *Resolved, k *RankEstimate, g Gate) Reason {
	l := &k.Ledger
	a := args("graphs", gib(k.Graphs.Bytes), "count", strconv.Itoa(k.Graphs.Count), "warmup", gib(k.Warmup),
		"need", gib(k.Graphs.Bytes+k.Warmup), "left", gib(k.Left), "borrowed", gib(l.Part(PartGraphsInRes)),
		"outside", gib(max(k.Total-l.BudgetStart-k.Budget, 0)))
	switch {
	case !g.Pass:
		a["short"] = gib(-g.Margin)
		return Reason{WhyGraphsShort, a}
	case k.Graphs.Bytes == 0:
		return Reason{WhyGraphsNone, a}
	case r.GraphsInBudget && !r.EnforceEager:
		a["graphs"] = gib(appliedGraphEstimate(r, k.Graphs)) // without encoder graphs the estimate leaves out
		return Reason{WhyGraphsInBudget, a}
	case r.MRv2NoEstimate && !r.EnforceEager:
		a["rule"] = rule(r, "graphs.mrv2")
		return Reason{WhyGraphsMRv2, a}
	case l.Part(PartGraphsInRes) > 0:
		return Reason{WhyGraphsBorrow, a}
	}
	return Reason{WhyGraphsOK, a}
}

// Notes are the reasons that explain the estimate beyond its gates: the
// engine core that runs, what the profile run encodes, and a reserve the
// device lacks. In the order the page shows them.
func notes(r *Resolved, e *Estimate) []Reason {
	var out []Reason
	if r.CoreFallback {
		out = append(out, Reason{WhyCoreFallback, args("release", r.Engine.Name,
			"need", strconv.FormatFloat(r.Engine.V1MinCapability, 'f', 1, 64),
			"cc", strconv.FormatFloat(r.Device.ComputeCapability, 'f', 1, 64))})
	}
	if len(e.Ranks) > 0 && e.Ranks[0].Weights.LoRA > 0 {
		out = append(out, Reason{WhyLoRASlots, args("lora", gib(e.Ranks[0].Weights.LoRA), "slots", strconv.Itoa(r.MaxLoRAs),
			"rank", strconv.Itoa(r.MaxLoRARank), "weights", gib(e.Ranks[0].Weights.Total))})
	}
	if len(e.Ranks) > 0 {
		out = append(out, samplerNote(r, &e.Ranks[0])...)
		out = append(out, encoderGraphsNote(r, &e.Ranks[0])...)
	}
	if len(e.Ranks) == 0 || r.Model.Vision == nil {
		return out
	}
	k := e.Ranks[0]
	it := k.Peak.Item
	a := args("modality", plural(it.Modality, it.Count), "count", strconv.Itoa(it.Count), "tokens", Commas(it.Tokens),
		"max_tokens", Commas(it.MaxTokens), "patches", Commas(it.Patches), "frames", strconv.Itoa(it.Frames),
		"encoder", gib(k.Peak.Encoder), "batched", Commas(r.MaxNumBatchedTokens), "release", r.Engine.Name,
		"rule", rule(r, "profile.encoder_profiled"), "max_len", Commas(r.MaxModelLen))
	switch {
	case it.Dropped:
		a["rule"] = rule(r, "profile.v0_oversize")
		out = append(out, Reason{WhyEncoderDropped, a})
	case it.Count == 0:
		out = append(out, Reason{WhyEncoderSkipped, a})
	case it.Tokens < it.MaxTokens && r.Model.Family == omniFamily:
		a["side"], a["cap"] = strconv.Itoa(it.Width), strconv.Itoa(omniVideoMaxTokens)
		out = append(out, Reason{WhyEncoderResized, a})
	case it.Tokens < it.MaxTokens:
		a["rule"] = rule(r, "profile.encoder_dummy")
		out = append(out, Reason{WhyEncoderBatched, a})
	case it.Also != nil:
		a["also_count"], a["also_modality"], a["also_tokens"] = strconv.Itoa(it.Also.Count), plural(it.Also.Modality, it.Also.Count), Commas(it.Also.Tokens)
		out = append(out, Reason{WhyEncoderTwo, a})
	default:
		out = append(out, Reason{WhyEncoderProfiled, a})
	}
	if k.Peak.Masks > 0 && it.Seqs > 0 {
		out = append(out, Reason{WhyV0Masks, args("masks", gib(k.Peak.Masks), "seqs", strconv.Itoa(it.Seqs),
			"len", Commas(max(r.MaxNumBatchedTokens, it.Count*it.Tokens)/it.Seqs), "decoder", gib(k.Peak.Decoder))})
	}
	if k.Ledger.Lacking > 0 {
		out = append(out, Reason{WhyReserveBeyond, args("lacking", gib(k.Ledger.Lacking), "activation", gib(k.Activation))})
	}
	return out
}

// plural is a modality's word for n items: "image", "images".
func plural(modality string, n int) string {
	if n == 1 || modality == "" {
		return modality
	}
	return modality + "s"
}

// samplerNote explains a peak that V1's dummy sampler sets: its rows, its
// bytes a logit on the path it runs, and, where the release has
// FlashInfer's path, what the other path would need (activation.go
// samplerBytes).
func samplerNote(r *Resolved, k *RankEstimate) []Reason {
	if k.Peak.Dominant != "sampler" || r.Device.Platform != CUDA || !v1Sampler(r) {
		return nil
	}
	rows := samplerRows(r)
	other := *r
	other.FlashInferSampler = !r.FlashInferSampler
	hidden := k.Peak.Sampler - samplerBytes(r, rows)
	a := args("rows", Commas(rows), "vocab", Commas(int(paddedVocab(r))),
		"bytes", strconv.FormatInt(samplerPerLogit(r, rows), 10), "sampler", gib(k.Peak.Sampler), "activation", gib(k.Activation),
		"other", gib(hidden+samplerBytes(&other, rows)), "other_bytes", strconv.FormatInt(samplerPerLogit(&other, rows), 10),
		"release", r.Engine.Name)
	switch {
	case r.FlashInferSampler:
		return []Reason{{WhySamplerFI, a}}
	case !flashInferPossible(r):
		return []Reason{{WhySamplerSortOnly, a}}
	}
	return []Reason{{WhySamplerSort, a}}
}
