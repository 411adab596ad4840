package calc

// Model is a model architecture as its Hugging Face config.json states it,
// reduced to the fields that size memory. JSON names follow config.json.
type Model struct {
	ID     string        `json:"id"`               // Hugging Face id, e.g. "Qwen/Qwen3-VL-2B-Instruct"
	Family string        `json:"family,omitempty"` // "qwen2_vl", "qwen2_5_vl", "qwen3_vl", "qwen3_vl_moe", "qwen2", "qwen3", "llama"
	Text   TextConfig    `json:"text_config"`
	Vision *VisionConfig `json:"vision_config,omitempty"` // nil for text-only models
	Audio  *AudioConfig  `json:"audio_config,omitempty"`  // Qwen3-Omni's audio tower; nil without one
	Image  *ImageConfig  `json:"preprocessor,omitempty"`  // image/video processor bounds; nil for text-only models
	Quant  *Quantization `json:"quantization_config,omitempty"`
	Dtype  string        `json:"torch_dtype,omitempty"` // checkpoint dtype: "bfloat16", "float16", "float32"
	// CheckpointBytes is the size of the checkpoint's tensors as its files
	// state it (model.safetensors.index.json metadata.total_size, or a
	// single file's header); 0 when unknown. Set, it replaces the
	// parameter bytes derived from the dimensions (calc/README.md "Weights").
	CheckpointBytes int `json:"checkpoint_bytes,omitempty"`
}

// TextConfig is the language decoder (config.json "text_config", or the top
// level for text-only models).
type TextConfig struct {
	Hidden       int `json:"hidden_size"`
	Layers       int `json:"num_hidden_layers"`
	Heads        int `json:"num_attention_heads"`
	KVHeads      int `json:"num_key_value_heads"`
	HeadDim      int `json:"head_dim,omitempty"` // 0: hidden_size / num_attention_heads (ModelConfig.get_head_size)
	Intermediate int `json:"intermediate_size"`
	// PartialRotary is partial_rotary_factor: the share of head_dim the
	// rotary embedding turns (Qwen3-Next, Qwen3.5: 0.25; Phi-4-mini: 0.75);
	// 0 for the whole head.
	PartialRotary float64 `json:"partial_rotary_factor,omitempty"`
	// Blocks are a heterogeneous decoder's layers, one per layer (nas.go:
	// Nemotron-NAS block_configs); nil for a uniform decoder.
	Blocks           []Block      `json:"blocks,omitempty"`
	Experts          int          `json:"num_experts,omitempty"`         // routed experts; 0 for dense models
	ExpertsPerToken  int          `json:"num_experts_per_tok,omitempty"` // top-k
	MoEIntermediate  int          `json:"moe_intermediate_size,omitempty"`
	SharedExpertSize int          `json:"shared_expert_intermediate_size,omitempty"`
	Vocab            int          `json:"vocab_size"`
	TieEmbeddings    bool         `json:"tie_word_embeddings"`
	MaxPositions     int          `json:"max_position_embeddings"`
	RopeScaling      *RopeScaling `json:"rope_scaling,omitempty"`
	AttentionBias    bool         `json:"attention_bias,omitempty"` // q/k/v biases (Qwen2/2.5 have them)
	SlidingWindow    int          `json:"sliding_window,omitempty"` // 0: none in use
	// LayerTypes is config.json "layer_types": per decoder layer,
	// "sliding_attention" or "full_attention" (hfconfig derives it for
	// Gemma 2 and 3 from their fixed patterns, as vLLM's model files do).
	// Empty: every layer is alike, sliding when SlidingWindow is set.
	LayerTypes []string `json:"layer_types,omitempty"`
	// LinearAttention is the gated DeltaNet of the "linear_attention"
	// layers (Qwen3-Next); nil when every layer attends.
	LinearAttention *LinearAttention `json:"linear_attention,omitempty"`
	// OutputGate: the full-attention q_proj also yields a gate as wide as
	// the heads (Qwen3-Next attn_output_gate, default true).
	OutputGate bool `json:"attn_output_gate,omitempty"`
	// MLA is multi-head latent attention (DeepSeek-V2/V3, Kimi K2); nil:
	// K and V per head.
	MLA *MLA `json:"mla,omitempty"`
	// DenseLayers is DeepSeek's first_k_dense_replace: the first layers of
	// an MoE decoder keep a dense MLP of intermediate_size.
	DenseLayers int `json:"first_k_dense_replace,omitempty"`
}

// Sliding layer types (config.json "layer_types").
const (
	SlidingAttention = "sliding_attention"
	FullAttention    = "full_attention"
)

// Sliding reports whether decoder layer i attends over a sliding window
// (its Attention gets per_layer_sliding_window, else the cache config's
// sliding_window: vllm/attention/layer.py).
func (t TextConfig) Sliding(i int) bool {
	if t.SlidingWindow <= 0 {
		return false
	}
	if len(t.LayerTypes) == 0 {
		return true
	}
	return i >= 0 && i < len(t.LayerTypes) && t.LayerTypes[i] == SlidingAttention
}

// RopeScaling is config.json "rope_scaling"; only the fields that change the
// default max_model_len (vllm/config ModelConfig._get_and_verify_max_len).
type RopeScaling struct {
	Type                          string  `json:"rope_type,omitempty"`
	Factor                        float64 `json:"factor,omitempty"`
	OriginalMaxPositionEmbeddings int     `json:"original_max_position_embeddings,omitempty"`
}

// VisionConfig is the vision tower (config.json "vision_config").
type VisionConfig struct {
	Depth             int   `json:"depth"`
	Hidden            int   `json:"hidden_size"`       // ViT width (Qwen2-VL: embed_dim)
	Intermediate      int   `json:"intermediate_size"` // ViT MLP width
	Heads             int   `json:"num_heads"`
	PatchSize         int   `json:"patch_size"`
	TemporalPatchSize int   `json:"temporal_patch_size"`
	SpatialMerge      int   `json:"spatial_merge_size"`
	OutHidden         int   `json:"out_hidden_size"` // merger output width (= text hidden size)
	InChannels        int   `json:"in_channels,omitempty"`
	Deepstack         []int `json:"deepstack_visual_indexes,omitempty"` // Qwen3-VL: layers feeding extra mergers
	PositionEmbedding int   `json:"num_position_embeddings,omitempty"`  // Qwen3-VL learned position table
	GatedMLP          bool  `json:"gated_mlp,omitempty"`                // Qwen2.5-VL SwiGLU MLP (gate, up, down)
	// MLPRatio is Qwen2-VL's mlp_ratio (4): its MLP width is MLPRatio ×
	// Hidden (embed_dim) when intermediate_size is absent.
	MLPRatio float64 `json:"mlp_ratio,omitempty"`
	// ImageSize is a fixed-size tower's input side in pixels (SigLIP:
	// vision_config.image_size, 896 for Gemma 3); 0 for the Qwen towers,
	// whose items are sized by the processor's pixel bounds.
	ImageSize int `json:"image_size,omitempty"`
	// TokensPerImage is the embeddings one image becomes after pooling
	// (Gemma 3's config.json mm_tokens_per_image, 256).
	TokensPerImage int `json:"mm_tokens_per_image,omitempty"`
	// Mllama's tiled ViT (Llama 3.2 Vision): num_global_layers gated
	// layers after the Depth local ones, up to max_num_tiles tiles an
	// image, the count of supported_aspect_ratios, vision_output_dim (the
	// last state and the intermediate_layers_indices states concatenated)
	// and how many intermediate states it keeps.
	GlobalLayers       int `json:"num_global_layers,omitempty"`
	MaxTiles           int `json:"max_num_tiles,omitempty"`
	AspectRatios       int `json:"aspect_ratios,omitempty"`
	OutputDim          int `json:"vision_output_dim,omitempty"`
	IntermediateLayers int `json:"intermediate_layers,omitempty"`
	// ProjectorBias is Mistral 3's and LLaVA-OneVision's
	// multimodal_projector_bias: the projector's two linears have biases.
	ProjectorBias bool `json:"projector_bias,omitempty"`
	// LLaVA-OneVision: the anyres_max_N cap of vision_aspect_ratio (9: the
	// unpadded grid is pooled down to about N tiles' features) and a video
	// frame's spatial_pool_stride (2).
	AnyresMax  int `json:"anyres_max,omitempty"`
	PoolStride int `json:"spatial_pool_stride,omitempty"`
	// InternViT (InternVL): config.json's downsample_ratio (the pixel
	// shuffle, 0.5), max_dynamic_patch (tiles of the largest image, 12),
	// use_thumbnail, select_layer (-1: every layer), and the tower's
	// norm_type rms_norm, qk_normalization and qkv_bias.
	DownsampleRatio float64 `json:"downsample_ratio,omitempty"`
	MaxDynamicPatch int     `json:"max_dynamic_patch,omitempty"`
	UseThumbnail    bool    `json:"use_thumbnail,omitempty"`
	SelectLayer     int     `json:"select_layer,omitempty"`
	RMSNorm         bool    `json:"rms_norm,omitempty"`
	QKNorm          bool    `json:"qk_normalization,omitempty"`
	QKVBias         bool    `json:"qkv_bias,omitempty"`
	// VideoLLM: InternVL's decoder has a video token (a qwen2, qwen3,
	// qwen3_moe or gpt_oss llm_config; internvl.py get_video_token), so
	// vLLM takes videos from #18499 on.
	VideoLLM bool `json:"video_llm,omitempty"`
}

// AudioConfig is Qwen3-Omni's audio tower (thinker_config.audio_config,
// Qwen3OmniMoeAudioEncoder; audio.go).
type AudioConfig struct {
	Hidden     int `json:"d_model"`                 // transformer width
	Layers     int `json:"encoder_layers"`          // transformer layers
	Heads      int `json:"encoder_attention_heads"` // attention heads
	FFN        int `json:"encoder_ffn_dim"`         // MLP width
	MelBins    int `json:"num_mel_bins"`            // input mel bins (128)
	ConvHidden int `json:"downsample_hidden_size"`  // channels of the three stride-2 convs (480)
	OutputDim  int `json:"output_dim"`              // projector output (the decoder's hidden_size)
	Positions  int `json:"max_source_positions"`    // rows of the sinusoid position table (1500)
}

// ImageConfig holds the image and video processor bounds
// (preprocessor_config.json, video_preprocessor_config.json).
type ImageConfig struct {
	MinPixels      int `json:"min_pixels"`
	MaxPixels      int `json:"max_pixels"`
	VideoMinPixels int `json:"video_min_pixels,omitempty"` // Qwen3-VL video size.shortest_edge
	VideoMaxPixels int `json:"video_max_pixels,omitempty"` // Qwen3-VL video size.longest_edge (includes the temporal factor)
}

// Quantization is the checkpoint's quantization_config.
type Quantization struct {
	Method    string `json:"quant_method"`         // "awq", "gptq", "fp8", "w8a8", "bitsandbytes", "compressed-tensors"
	Bits      int    `json:"bits,omitempty"`       // weight bits: 4 or 8
	GroupSize int    `json:"group_size,omitempty"` // scales per group of input channels; 0 or -1: per channel
	// Vision: the vision tower's linears are quantized too (a
	// bitsandbytes checkpoint whose llm_int8_skip_modules does not name
	// the tower); the Qwen towers are then sized so (weights.go).
	Vision bool `json:"vision,omitempty"`
}
