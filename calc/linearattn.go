package calc

// Hybrid decoders with gated DeltaNet layers (calc/README.md
// "Linear-attention layers"): Qwen3-Next keeps a fixed state per sequence in its
// "linear_attention" layers instead of a KV cache, and full attention on
// every full_attention_interval-th layer.
//
// The state of one layer on one rank (MambaStateShapeCalculator.gated_delta_net_state_shape,
// vllm/model_executor/layers/mamba/mamba_utils.py), in the model dtype:
//
//	conv_dim = key_dim · 2 + value_dim   (key_dim = Hk · dk, value_dim = Hv · dv)
//	conv     = (K − 1) · conv_dim / tp
//	ssm      = Hv / tp · dk · dv
//
// vLLM makes the attention page at least the state ("Setting attention block
// size to N tokens"): the block is B tokens, a multiple of the alignment a,
//
//	B = a · ceil(state / (a · attention bytes per token))
//
// and pads the state's page to B tokens of attention ("Padding mamba page size
// by X%"). From vllm-ascend 0.16.0rc1 (#6887) the NPU instead aligns the ssm
// part to the K half of a block and adds the conv part to both pages.

// LinearAttention is the gated DeltaNet of a hybrid decoder (config.json
// linear_num_key_heads, linear_num_value_heads, linear_key_head_dim,
// linear_value_head_dim, linear_conv_kernel_dim).
type LinearAttention struct {
	KeyHeads     int `json:"num_key_heads"`
	ValueHeads   int `json:"num_value_heads"`
	KeyHeadDim   int `json:"key_head_dim"`
	ValueHeadDim int `json:"value_head_dim"`
	ConvKernel   int `json:"conv_kernel_dim"`
}

// LinearLayer is config.json's layer type of a gated DeltaNet layer.
const LinearLayer = "linear_attention"

// Linear reports whether decoder layer i is a gated DeltaNet layer.
func (t TextConfig) Linear(i int) bool {
	return t.LinearAttention != nil && i >= 0 && i < len(t.LayerTypes) && t.LayerTypes[i] == LinearLayer
}

// convDim is the gated DeltaNet's conv1d width (q, k and v).
func (l LinearAttention) convDim() int {
	return l.KeyHeadDim*l.KeyHeads*2 + l.ValueHeadDim*l.ValueHeads
}

// stateBytes is one layer's conv and ssm state on one rank.
func (l LinearAttention) stateBytes(tp, dtype int) (conv, ssm Bytes) {
	tp = max(tp, 1)
	conv = Bytes(max(l.ConvKernel-1, 0) * (l.convDim() / tp) * dtype)
	ssm = Bytes(l.ValueHeads / tp * l.KeyHeadDim * l.ValueHeadDim * dtype)
	return conv, ssm
}

// linearLinears lists one gated DeltaNet layer's parameters on one rank:
// in_proj_qkvz and in_proj_ba (column parallel), conv1d, dt_bias and A_log
// (split by heads), the gated RMSNorm (head width) and out_proj (row
// parallel) (vllm/model_executor/models/qwen3_next.py Qwen3NextGatedDeltaNet).
func linearLinears(m *Model, s rankSplit) []linearShape {
	l := *m.Text.LinearAttention
	tp := int64(max(s.tp, 1))
	h := int64(m.Text.Hidden)
	key, value := int64(l.KeyHeads*l.KeyHeadDim), int64(l.ValueHeads*l.ValueHeadDim)
	hv := int64(l.ValueHeads) / tp
	return []linearShape{
		{in: h, out: (2*key + 2*value) / tp},                    // in_proj_qkvz
		{in: h, out: 2 * hv},                                    // in_proj_ba
		{in: int64(l.ConvKernel), out: int64(l.convDim()) / tp}, // conv1d
		{in: 1, out: 2*hv + int64(l.ValueHeadDim)},              // dt_bias, A_log, norm
		{in: value / tp, out: h},                                // out_proj
	}
}

// alignMamba sets the attention block size and the padded page of a hybrid
// decoder (Engine.KV.MambaAlign; calc/README.md "Linear-attention layers"),
// or says why the release cannot run it.
func (r *Resolved) alignMamba() error {
	t := r.Model.Text
	if t.LinearAttention == nil {
		return nil
	}
	rule := r.Engine.KV.MambaAlign
	if rule == "" || !r.V1 {
		return refuse("engine: %s cannot run %s's gated DeltaNet layers (Qwen3-Next needs vLLM 0.10.2 or vllm-ascend 0.10.2rc1, the V1 engine)", r.Engine.Name, r.Model.ID)
	}
	conv, ssm := t.LinearAttention.stateBytes(r.TP, dtypeBytes(r.Dtype))
	state := conv + ssm
	tok := tokenLayerBytes(r)
	a := Bytes(16)
	switch rule {
	case "16-sm100":
		if r.Device.ComputeCapability >= 10 && r.Device.ComputeCapability < 11 && t.HeadSize() == 256 {
			a = 32 // flashinfer#1993: head 256 on SM100
		}
	case "backend":
		a = Bytes(max(16, r.BlockSize))
	case "ascend-64":
		a = 64
	case "ascend-128", "ascend-ssm":
		a = 128
	}
	b := a * Bytes(divCeil64(int64(state), int64(a*tok)))
	if rule == "ascend-ssm" {
		// The ssm part fills the K half of B tokens exactly.
		b = a * Bytes(divCeil64(int64(ssm), int64(a*tok/2)))
	}
	if Bytes(r.BlockSize) < b {
		r.MambaBlockSet = int(b)
		r.BlockSize = int(b)
	}
	page := Bytes(r.BlockSize) * tok
	r.MambaState = state
	switch {
	case rule == "ascend-ssm":
		r.PagePadded = page + conv
	case page > state:
		r.PagePadded = 0 // the state's page is padded to the attention page
	}
	return nil
}

// mambaLines are the config-time lines of a hybrid decoder's block sizing
// (HybridAttentionMambaModelConfig.verify_and_update_config; vllm-ascend's
// patch_mamba_config.py).
func mambaLines(r *Resolved, add func(src, f string, a ...any)) {
	t := r.Model.Text
	if t.LinearAttention == nil || r.MambaState <= 0 {
		return
	}
	src := "vllm/model_executor/models/config.py"
	if r.Engine.Project == "vllm-ascend" {
		src = "vllm_ascend/patch/platform/patch_common/patch_mamba_config.py"
	}
	if r.MambaBlockSet > 0 {
		add(src, "Setting attention block size to %d tokens to ensure that attention page size is >= mamba page size.", r.MambaBlockSet)
	}
	if pct := MambaPadPercent(r); pct > 0 {
		add(src, "Padding mamba page size by %.2f%% to ensure that mamba page size and attention page size are exactly equal.", pct)
	}
}

// MambaPadPercent is how much a hybrid decoder pads the linear-attention
// state's page to the attention page (0: no padding, or no hybrid
// decoder): the page over the state, or with vllm-ascend's padded pages
// the conv state over the padded page.
func MambaPadPercent(r *Resolved) float64 {
	t := r.Model.Text
	if t.LinearAttention == nil || r.MambaState <= 0 {
		return 0
	}
	page := Bytes(r.BlockSize) * tokenLayerBytes(r)
	switch {
	case r.PagePadded > 0:
		conv, _ := t.LinearAttention.stateBytes(r.TP, dtypeBytes(r.Dtype))
		return 100 * float64(conv) / float64(r.PagePadded)
	case page > r.MambaState:
		return 100 * float64(page-r.MambaState) / float64(r.MambaState)
	}
	return 0
}
