package calc

// This file is the LoRA slots vLLM preallocates with --enable-lora
// (vllm/lora/layers, create_lora_weights; calc/README.md "LoRA slots"),
// read by a helper in the fork that keeps vLLM's history (from #1804,
// 2024-01, to 2026-04).

// LoRA defaults (LoRAConfig): one GPU slot of rank 16.
const (
	defaultMaxLoRAs    = 1
	defaultMaxLoRARank = 16
)

// loraWrapsEmbeddings reports a decoder whose embed_tokens and lm_head
// are wrapped too (its embedding_modules): Llama at every release; Mistral
// while the Llama class served it (until #32780, 2026-01-22, gave it its
// own class with none: Profile.LoRAMistralEmbeddings); Qwen3 from #29816
// (2026-02-06, Profile.LoRAQwen3Embeddings); Qwen2 and Qwen2.5 declare none
// at every release read.
func loraWrapsEmbeddings(r *Resolved) bool {
	switch r.Model.Family {
	case "llama":
		return true
	case "mistral":
		return r.Engine.Profile.LoRAMistralEmbeddings
	case "qwen3":
		return r.Engine.Profile.LoRAQwen3Embeddings
	}
	return false
}

// loraRefusal is why LoRA is not sized for this model, or "".
func loraRefusal(m *Model) string {
	t := m.Text
	switch {
	case t.Experts > 0:
		return "LoRA on MoE experts (FusedMoE with LoRA, #21229) is not modelled"
	case t.LinearAttention != nil || t.MLA != nil:
		return "LoRA on linear-attention and MLA layers is not modelled"
	case plainMLP(m):
		return "LoRA on OPT and StarCoder2 is not modelled"
	}
	return ""
}

// LoRABytes is what one rank of pipeline stage `stage` preallocates for
// max_loras slots of rank max_lora_rank, in the model dtype (lora_dtype
// auto): for each slice of every wrapped linear an A of [R, in] and a B of
// [out, R] per slot (lora_a_stacked (M, 1, R, in), lora_b_stacked (M, 1,
// out, R)). Column-parallel layers (qkv with its q, k, v slices, gate_up
// with two) keep A whole and split B's output over TP; row-parallel ones
// (o_proj, down_proj) split A's input and keep B whole. With
// fully_sharded_loras the column layers split A's rank and the row layers
// B's output too. Where loraWrapsEmbeddings, embed_tokens (A
// [vocab, R], B [H, R]) on the first stage and lm_head (A [R, H], B
// [vocab, R], on every rank) on the last; up to #28545 (0.12.0) they also
// hold lora_extra_vocab_size (256) rows a slot, and the model's own
// embedding and head grow by them (Profile.LoRAExtraVocab). The vision
// tower is not wrapped.
//
// Qwen2.5-7B at TP 1, rank 16, one slot, bf16: per layer qkv 3·3584 +
// 3584 + 2·512 = 15,360, o 3584 + 3584 = 7,168, gate_up 2·3584 + 2·18,944
// = 45,056, down 18,944 + 3584 = 22,528: 90,112 · 16 · 2 B × 28 layers =
// 80,740,352 B (77.0 MiB).
func LoRABytes(r *Resolved, stage int) Bytes {
	if !r.LoRA {
		return 0
	}
	m := &r.Model
	t := m.Text
	tp := int64(max(r.TP, 1))
	h, d := int64(t.Hidden), int64(t.HeadSize())
	q := int64(divCeil(max(t.Heads, 0), int(tp))) * d
	kv := int64(t.KVHeadsPerRank(int(tp))) * d
	i := int64(divCeil(max(t.Intermediate, 0), int(tp)))
	R := int64(r.MaxLoRARank)
	colA, rowB := R, int64(1)
	if r.FullyShardedLoRAs {
		colA, rowB = divCeil64(R, tp), tp
	}
	// A elements are rank × in, B elements out × rank, per slice.
	qkv := 3*colA*h + (q+2*kv)*R
	o := R*q + h*R/rowB
	gateUp := 2*colA*h + 2*i*R
	down := R*i + h*R/rowB
	pp := max(r.PP, 1)
	_, n := ppLayers(t.Layers, stage, pp)
	per := int64(n) * (qkv + o + gateUp + down)
	M, db := int64(max(r.MaxLoRAs, 1)), int64(dtypeBytes(r.Dtype))
	var base int64 // rows the LoRA vocabulary adds to the model's own tables
	if loraWrapsEmbeddings(r) {
		v, x := int64(t.Vocab), int64(r.Engine.Profile.LoRAExtraVocab)
		if stage == 0 {
			// A [vocab + extra, R], B [H, R], and before #28545 the
			// extra rows' embeddings_tensors [extra, H]; the base table
			// grows by extra · max_loras rows (over TP).
			per += (v+x)*R + h*R + x*h
			base += divCeil64(x*M, tp) * h
		}
		if stage == pp-1 {
			// A [R, H], B [vocab + extra padded to 256, R], their
			// [extra, H]; the head pads to lora_vocab_padding_size (256)
			// instead of 64, and its extra rows are padded after the
			// padded original ones (vocab_parallel_embedding.py).
			// A tied head is the embedding table itself (tie_weights),
			// grown by extra · max_loras rows; it is a table of its own
			// only on a last stage that is not the first.
			rows := v
			switch {
			case x > 0 && t.TieEmbeddings:
				rows = roundUp64(v+x, 256)
				if pp > 1 {
					base += divCeil64(x*M, tp) * h
				}
			case x > 0:
				rows = roundUp64(v+x, 256)
				head := roundUp64(roundUp64(v, 256)+x, 256)
				base += (divCeil64(head, tp) - divCeil64(roundUp64(v, vocabPadding), tp)) * h
			}
			per += R*h + rows*R + x*h
		}
	}
	return Bytes((per*M + base) * db)
}

// resolveLoRA reads --enable-lora, --max-loras, --max-lora-rank and
// --fully-sharded-loras.
func (r *Resolved) resolveLoRA() error {
	o := r.Options
	r.LoRA = o.EnableLoRA != nil && *o.EnableLoRA
	r.MaxLoRAs, r.MaxLoRARank = defaultMaxLoRAs, defaultMaxLoRARank
	if o.MaxLoRAs != nil {
		r.MaxLoRAs = *o.MaxLoRAs
	}
	if o.MaxLoRARank != nil {
		r.MaxLoRARank = *o.MaxLoRARank
	}
	r.FullyShardedLoRAs = o.FullyShardedLoRAs != nil && *o.FullyShardedLoRAs
	r.origin("enable-lora", o.EnableLoRA != nil, OriginOff)
	r.origin("max-loras", o.MaxLoRAs != nil, OriginLoRADefault)
	r.origin("max-lora-rank", o.MaxLoRARank != nil, OriginLoRADefault)
	if !r.LoRA {
		return nil
	}
	if why := loraRefusal(&r.Model); why != "" {
		return refuse("enable_lora: %s", why)
	}
	if !r.V1 && r.Engine.Profile.LoRAUncounted {
		return refuse("enable_lora: %s's V0 engine leaves the LoRA slots out of the budget (#10511 to #14469, vllm #14450), which is not modelled; choose the V1 engine or another release", r.Engine.Name)
	}
	return nil
}
