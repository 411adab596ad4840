package calc

// This file is the seam between the budget (resolve, kvcache, budget, checks,
// fixes, logs) and the costs it budgets for (weights, activation, multimodal,
// graphs). The cost files implement these types and functions.

// Weights is the weight memory one rank holds after load_model ("Model
// loading took X GiB").
type Weights struct {
	Text      Bytes `json:"text"`      // decoder layers (attention, MLP or experts, norms) on this rank
	Vision    Bytes `json:"vision"`    // vision tower and merger(s) on this rank
	Embedding Bytes `json:"embedding"` // token embedding shard (first PP stage)
	LMHead    Bytes `json:"lm_head"`   // LM head shard (last PP stage); 0 when tied to the embedding
	LoRA      Bytes `json:"lora"`      // LoRA slots preallocated by --enable-lora (lora.go)
	Total     Bytes `json:"total"`     // sum of the above
	Params    int64 `json:"params"`    // parameters of the whole model (not per rank)
	// FromFiles: the parameter bytes are the checkpoint's files'
	// (Model.CheckpointBytes), not derived from the dimensions.
	FromFiles bool `json:"from_files,omitempty"`
}

// MMItem is the multimodal dummy input the profile run encodes.
type MMItem struct {
	Modality string `json:"modality"` // "image" or "video"; "" when nothing is profiled
	Count    int    `json:"count"`    // number of items encoded
	Tokens   int    `json:"tokens"`   // LLM tokens per encoded item (after spatial merge)
	Patches  int    `json:"patches"`  // ViT sequence length per encoded item (before merge)
	// MaxTokens is the per-item maximum at max_model_len, which picks the
	// modality and sizes the budget and the count; a dummy video built for
	// the batch length (ProfileRules.EncoderDummy "batched") has fewer Tokens.
	MaxTokens int `json:"max_tokens"`
	// Seqs is V0's number of dummy sequences; Dropped says V0 profiled a
	// text-only dummy because the multimodal prompt did not fit (≤0.8.2).
	Seqs    int  `json:"seqs,omitempty"`
	Dropped bool `json:"dropped,omitempty"`
	Width   int  `json:"width"` // pixels of the dummy image/frame
	Height  int  `json:"height"`
	Frames  int  `json:"frames"` // video frames (1 for an image)
	Budget  int  `json:"budget"` // encoder cache budget in tokens ("Encoder cache will be initialized with a budget of N tokens")
	// Also is the other modality V0's dummy sequences carry alongside
	// (each sequence holds limit items of every modality); nil in V1.
	Also *MMItem `json:"also,omitempty"`
}

// Peak is the activation peak A the profile run measures on one rank:
// torch allocated peak above the weights.
type Peak struct {
	Decoder  Bytes `json:"decoder"`  // dummy forward of max_num_batched_tokens through the decoder
	Sampler  Bytes `json:"sampler"`  // logits and the dummy sampler run
	Encoder  Bytes `json:"encoder"`  // vision encoder pass on the dummy item(s)
	Retained Bytes `json:"retained"` // encoder outputs kept in the encoder cache during the decoder pass
	// Masks is Gemma 3's V0 attention masks, two L × L per dummy sequence,
	// held through the decoder pass (part of Decoder; siglip.go).
	Masks    Bytes  `json:"masks,omitempty"`
	Total    Bytes  `json:"total"`    // the peak: not the sum, the largest simultaneous set
	Dominant string `json:"dominant"` // "decoder", "sampler" or "encoder"
	Item     MMItem `json:"item"`
}

// Graphs is the CUDA/ACL graph memory captured after the KV cache is allocated.
type Graphs struct {
	Count int   `json:"count"` // graphs captured (all modes)
	Sizes []int `json:"sizes"` // capture batch sizes
	Bytes Bytes `json:"bytes"` // memory the capture takes ("Graph capturing finished ... took X GiB")
	// Encoder is the vision encoder's graphs within Bytes (vitgraphs.go),
	// one per token budget in EncoderBudgets.
	Encoder        Bytes `json:"encoder,omitempty"`
	EncoderBudgets []int `json:"encoder_budgets,omitempty"`
	// Estimated is what profile_cudagraph_memory counts of Bytes: all of
	// it, or without the encoder graphs before #41714.
	Estimated Bytes `json:"estimated"`
}
