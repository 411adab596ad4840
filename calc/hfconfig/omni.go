package hfconfig

// This file reads Qwen3-Omni's config.json: vLLM serves its thinker
// (Qwen3OmniMoeThinkerForConditionalGeneration), whose text_config,
// vision_config and audio_config sit under thinker_config; the talker and
// code2wav weights are skipped (load_weights skip_prefixes).

import (
	"fmt"
	"math"

	"vram/calc"
	"vram/calc/finding"
)

// omniFamily is Qwen3-Omni's model_type; omniThinkerType its thinker's,
// saved alone.
const (
	omniFamily      = "qwen3_omni_moe"
	omniThinkerType = "qwen3_omni_moe_thinker"
)

// omniThinker returns the thinker's config as the one to read, with the
// top level's model_type, architectures, name and dtype; cfg itself when
// it is not a Qwen3-Omni config with a thinker_config.
func (r *Result) omniThinker(cfg obj) obj {
	if cfg.str("model_type") == omniThinkerType {
		// A thinker saved alone (Qwen3OmniMoeThinkerConfig) is read as the
		// whole model's thinker_config.
		out := obj{}
		for k, v := range cfg {
			out[k] = v
		}
		out["model_type"] = omniFamily
		r.Findings.Add("model_type", omniThinkerType, finding.Read, "a Qwen3-Omni thinker saved alone")
		return out
	}
	th := cfg.sub("thinker_config")
	if cfg.str("model_type") != omniFamily || th == nil {
		return cfg
	}
	out := obj{}
	for k, v := range th {
		out[k] = v
	}
	out["model_type"] = omniFamily
	for _, k := range []string{"architectures", "_name_or_path", "torch_dtype", "dtype", "quantization_config"} {
		if v, ok := cfg[k]; ok {
			out[k] = v
		}
	}
	r.Findings.Add("thinker_config", th.sub("text_config").str("model_type"), finding.Read, "vLLM serves the thinker: its decoder, vision and audio towers")
	for _, k := range []string{"talker_config", "code2wav_config"} {
		if cfg.has(k) {
			r.Findings.Add(k, "", finding.Ignored, "vLLM does not load the talker or code2wav (their weights are skipped); vllm-omni serves them")
		}
	}
	return out
}

// omniVision completes the Qwen3-VL-style tower Qwen3-Omni states: its
// position table is (image_size / patch_size)² rows
// (Qwen3Omni_VisionTransformer num_grid_per_side²), not a
// num_position_embeddings key.
func (r *Result) omniVision(v obj) {
	vc := r.Model.Vision
	if vc == nil || vc.PositionEmbedding > 0 || vc.PatchSize <= 0 {
		return
	}
	side, ok := v.num("image_size")
	if !ok || side <= 0 || side > 1<<16 || side != math.Trunc(side) {
		r.Findings.Add("vision_config.image_size", "", finding.Missing, "needed for the position table's (image_size / patch_size)² rows")
		return
	}
	n := int(side) / vc.PatchSize
	vc.PositionEmbedding = n * n
	r.Findings.Addf("vision_config.image_size", fmt.Sprint(int(side)), finding.Read, "a position table of %d² rows", n)
}

// audio reads thinker_config.audio_config, Qwen3OmniMoeAudioEncoderConfig.
func (r *Result) audio(a obj) {
	if a == nil {
		r.Findings.Add("audio_config", "", finding.Missing, "a Qwen3-Omni thinker needs its audio_config")
		return
	}
	ac := &calc.AudioConfig{}
	for _, f := range []struct {
		key string
		dst *int
	}{{"d_model", &ac.Hidden}, {"encoder_layers", &ac.Layers}, {"encoder_attention_heads", &ac.Heads},
		{"encoder_ffn_dim", &ac.FFN}, {"num_mel_bins", &ac.MelBins}, {"downsample_hidden_size", &ac.ConvHidden},
		{"output_dim", &ac.OutputDim}, {"max_source_positions", &ac.Positions}} {
		v, ok := a.num(f.key)
		if !ok || v <= 0 || v != math.Trunc(v) || v > 1<<20 {
			r.Findings.Add("audio_config."+f.key, "", finding.Missing, "needed to size the audio tower")
			continue
		}
		*f.dst = int(v)
	}
	if t := r.Model.Text.Hidden; ac.OutputDim != t && t > 0 && ac.OutputDim > 0 {
		r.Findings.Addf("audio_config.output_dim", fmt.Sprint(ac.OutputDim), finding.Invalid,
			"the audio projector's output (%d) must match the decoder's hidden_size (%d)", ac.OutputDim, t)
	}
	r.Model.Audio = ac
	r.Findings.Add("audio_config", fmt.Sprintf("%d layers, width %d", ac.Layers, ac.Hidden), finding.Read, "")
}
