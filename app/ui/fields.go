package ui

import (
	"fmt"
	"strconv"
	"strings"

	"vram/app/urlstate"
	"vram/calc"
)

// field wires one launch option: how to read the user's override from the
// state, how to write it back, and the value vLLM resolves it to.
type field struct {
	flag     string   // vLLM's flag name, also the input's id and the i18n key
	kind     string   // "number", "select"
	choices  []string // for "select"; "" first means "default"
	step     string
	advanced bool
	platform calc.Platform // shown only on this platform; "" on every one
	// spelled is how vLLM takes the setting where it is not a flag of its
	// own (max_pixels lives in --mm-processor-kwargs); "" for --flag.
	spelled string
	get     func(st *urlstate.State) string          // "" when not set
	set     func(st *urlstate.State, v string) error // "" clears the override
	used    func(r calc.Resolved) string             // the value in use
}

func intPtr(dst **int, v string, min int) error {
	if v == "" {
		*dst = nil
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("a whole number, got %q", v)
	}
	if n < min {
		return fmt.Errorf("at least %d, got %d", min, n)
	}
	*dst = &n
	return nil
}

func floatPtr(dst **float64, v string, min, max float64) error {
	if v == "" {
		*dst = nil
		return nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f != f {
		return fmt.Errorf("a number, got %q", v)
	}
	if f <= min || f > max {
		return fmt.Errorf("in (%g, %g], got %g", min, max, f)
	}
	*dst = &f
	return nil
}

func boolPtr(dst **bool, v string) error {
	switch v {
	case "":
		*dst = nil
	case "true", "false":
		b := v == "true"
		*dst = &b
	default:
		return fmt.Errorf("true or false, got %q", v)
	}
	return nil
}

func showInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func showFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func showBool(p *bool) string {
	if p == nil {
		return ""
	}
	return strconv.FormatBool(*p)
}

func itoa(n int) string { return strconv.Itoa(n) }

// optionFields are the launch options the page shows, in the order vLLM's
// docs list them; rarely used ones fold under "Advanced".
var optionFields = []field{
	{flag: "gpu-memory-utilization", kind: "number", step: "0.01",
		get:  func(st *urlstate.State) string { return showFloat(st.Options.GPUMemoryUtilization) },
		set:  func(st *urlstate.State, v string) error { return floatPtr(&st.Options.GPUMemoryUtilization, v, 0, 1) },
		used: func(r calc.Resolved) string { return strconv.FormatFloat(r.Utilization, 'f', -1, 64) }},
	{flag: "max-model-len", kind: "number", step: "1024",
		get:  func(st *urlstate.State) string { return showInt(st.Options.MaxModelLen) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.MaxModelLen, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.MaxModelLen) }},
	{flag: "max-num-seqs", kind: "number", step: "1",
		get:  func(st *urlstate.State) string { return showInt(st.Options.MaxNumSeqs) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.MaxNumSeqs, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.MaxNumSeqs) }},
	{flag: "max-num-batched-tokens", kind: "number", step: "1024",
		get:  func(st *urlstate.State) string { return showInt(st.Options.MaxNumBatchedTokens) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.MaxNumBatchedTokens, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.MaxNumBatchedTokens) }},
	{flag: "max-pixels", kind: "number", step: "1", spelled: `--mm-processor-kwargs '{"max_pixels": …}'`,
		get:  func(st *urlstate.State) string { return showInt(st.Options.MaxPixels) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.MaxPixels, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.MaxPixels) }},
	{flag: "max-dynamic-patch", kind: "number", step: "1", spelled: `--mm-processor-kwargs '{"max_dynamic_patch": …}'`,
		get:  func(st *urlstate.State) string { return showInt(st.Options.MaxDynamicPatch) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.MaxDynamicPatch, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.MaxDynamicPatch) }},
	{flag: "limit-mm-per-prompt-video", kind: "number", step: "1", spelled: `--limit-mm-per-prompt '{"video": …}'`,
		get:  func(st *urlstate.State) string { return showInt(st.Options.LimitVideos) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.LimitVideos, v, 0) },
		used: func(r calc.Resolved) string { return itoa(r.LimitVideos) }},
	{flag: "limit-mm-per-prompt-image", kind: "number", step: "1", spelled: `--limit-mm-per-prompt '{"image": …}'`,
		get:  func(st *urlstate.State) string { return showInt(st.Options.LimitImages) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.LimitImages, v, 0) },
		used: func(r calc.Resolved) string { return itoa(r.LimitImages) }},
	{flag: "kv-cache-dtype", kind: "select", choices: append([]string{""}, calc.KVCacheDtypes...),
		get: func(st *urlstate.State) string { return st.Options.KVCacheDtype },
		set: func(st *urlstate.State, v string) error { st.Options.KVCacheDtype = v; return nil },
		used: func(r calc.Resolved) string {
			if r.KVBytes == 1 {
				return "fp8"
			}
			return "auto"
		}},
	{flag: "enforce-eager", kind: "select", choices: []string{"", "false", "true"},
		get:  func(st *urlstate.State) string { return showBool(st.Options.EnforceEager) },
		set:  func(st *urlstate.State, v string) error { return boolPtr(&st.Options.EnforceEager, v) },
		used: func(r calc.Resolved) string { return strconv.FormatBool(r.EnforceEager) }},
	{flag: "min-pixels", kind: "number", step: "1", advanced: true, spelled: `--mm-processor-kwargs '{"min_pixels": …}'`,
		get:  func(st *urlstate.State) string { return showInt(st.Options.MinPixels) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.MinPixels, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.MinPixels) }},
	{flag: "block-size", kind: "select", choices: []string{"", "8", "16", "32", "64", "128"}, advanced: true,
		get:  func(st *urlstate.State) string { return showInt(st.Options.BlockSize) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.BlockSize, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.BlockSize) }},
	{flag: "quantization", kind: "select", choices: calc.OnlineQuantizations, advanced: true,
		get: func(st *urlstate.State) string { return st.Options.Quantization },
		set: func(st *urlstate.State, v string) error { st.Options.Quantization = v; return nil },
		used: func(r calc.Resolved) string {
			if q := r.Model.Quant; q != nil {
				return q.Method
			}
			return "none"
		}},
	{flag: "dtype", kind: "select", choices: append([]string{""}, calc.Dtypes...), advanced: true,
		get:  func(st *urlstate.State) string { return st.Options.Dtype },
		set:  func(st *urlstate.State, v string) error { st.Options.Dtype = v; return nil },
		used: func(r calc.Resolved) string { return r.Dtype }},
	{flag: "skip-mm-profiling", kind: "select", choices: []string{"", "false", "true"}, advanced: true,
		get:  func(st *urlstate.State) string { return showBool(st.Options.SkipMMProfiling) },
		set:  func(st *urlstate.State, v string) error { return boolPtr(&st.Options.SkipMMProfiling, v) },
		used: func(r calc.Resolved) string { return strconv.FormatBool(r.SkipMMProfiling) }},
	{flag: "kv-cache-memory-bytes", kind: "number", step: "1", advanced: true,
		get: func(st *urlstate.State) string {
			if st.Options.KVCacheMemoryBytes == nil {
				return ""
			}
			return strconv.FormatInt(int64(*st.Options.KVCacheMemoryBytes), 10)
		},
		set: func(st *urlstate.State, v string) error {
			var n *int
			if err := intPtr(&n, v, 1); err != nil {
				return err
			}
			if n == nil {
				st.Options.KVCacheMemoryBytes = nil
			} else {
				b := calc.Bytes(*n)
				st.Options.KVCacheMemoryBytes = &b
			}
			return nil
		},
		used: func(r calc.Resolved) string {
			if r.Options.KVCacheMemoryBytes == nil {
				return ""
			}
			return strconv.FormatInt(int64(*r.Options.KVCacheMemoryBytes), 10)
		}},
	{flag: "mm-ipc-gpu-memory-gb", kind: "number", step: "0.5", advanced: true, platform: calc.CUDA,
		get: func(st *urlstate.State) string { return showFloat(st.Options.MMIPCGPUMemoryGB) },
		set: func(st *urlstate.State, v string) error {
			if strings.TrimSpace(v) == "0" {
				v = "" // 0 is the default: nothing reserved
			}
			return floatPtr(&st.Options.MMIPCGPUMemoryGB, v, 0, 1<<20)
		},
		used: func(r calc.Resolved) string {
			if r.MMIPC == 0 {
				return "0"
			}
			return strconv.FormatFloat(r.MMIPC.GiB(), 'g', -1, 64)
		}},
	{flag: "video-backend", kind: "select", choices: calc.VideoBackends, advanced: true, platform: calc.CUDA,
		spelled: `--media-io-kwargs '{"video": {"video_backend": …}}'`,
		get:     func(st *urlstate.State) string { return st.Options.VideoBackend },
		set:     func(st *urlstate.State, v string) error { st.Options.VideoBackend = v; return nil },
		used: func(r calc.Resolved) string {
			if r.HWDecoders > 0 {
				return r.Options.VideoBackend
			}
			return "cpu"
		}},
	{flag: "hw-decoders", kind: "number", step: "1", advanced: true, platform: calc.CUDA,
		spelled: `--media-io-kwargs '{"video": {"hw_decoders": …}}'`,
		get:     func(st *urlstate.State) string { return showInt(st.Options.HWDecoders) },
		set:     func(st *urlstate.State, v string) error { return intPtr(&st.Options.HWDecoders, v, 1) },
		used:    func(r calc.Resolved) string { return itoa(r.HWDecoders) }},
	{flag: "api-server-count", kind: "number", step: "1", advanced: true, platform: calc.CUDA,
		get:  func(st *urlstate.State) string { return showInt(st.Options.APIServerCount) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.APIServerCount, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.APIServers) }},
	{flag: "cudagraph-mm-encoder", kind: "select", choices: []string{"", "false", "true"}, advanced: true, platform: calc.CUDA,
		spelled: `--compilation-config '{"cudagraph_mm_encoder": …}'`,
		get:     func(st *urlstate.State) string { return showBool(st.Options.EncoderGraphs) },
		set:     func(st *urlstate.State, v string) error { return boolPtr(&st.Options.EncoderGraphs, v) },
		used:    func(r calc.Resolved) string { return strconv.FormatBool(r.EncoderGraphs()) }},
	{flag: "encoder-cudagraph-token-budgets", kind: "number", advanced: true, platform: calc.CUDA,
		spelled: `--compilation-config '{"encoder_cudagraph_token_budgets": […]}'`,
		get:     func(st *urlstate.State) string { return joinInts(st.Options.EncoderGraphBudgets) },
		set: func(st *urlstate.State, v string) error {
			return intList(&st.Options.EncoderGraphBudgets, v)
		},
		used: func(r calc.Resolved) string {
			b, _ := r.EncoderGraphBudgets()
			return joinInts(b)
		}},
	{flag: "encoder-cudagraph-max-items", kind: "number", step: "1", advanced: true, platform: calc.CUDA,
		spelled: `--compilation-config '{"encoder_cudagraph_max_vision_items_per_batch": …}'`,
		get:     func(st *urlstate.State) string { return showInt(st.Options.EncoderGraphItems) },
		set:     func(st *urlstate.State, v string) error { return intPtr(&st.Options.EncoderGraphItems, v, 1) },
		used: func(r calc.Resolved) string {
			_, n := r.EncoderGraphBudgets()
			return itoa(n)
		}},
	{flag: "offline", kind: "select", choices: []string{"", "false", "true"}, advanced: true, spelled: "LLM(...) instead of vllm serve",
		get: func(st *urlstate.State) string {
			if st.Options.Offline {
				return "true"
			}
			return ""
		},
		set:  func(st *urlstate.State, v string) error { st.Options.Offline = v == "true"; return nil },
		used: func(r calc.Resolved) string { return strconv.FormatBool(r.Options.Offline) }},
	{flag: "enable-expert-parallel", kind: "select", choices: []string{"", "false", "true"}, advanced: true,
		get: func(st *urlstate.State) string { return showBool(st.Options.ExpertParallel) },
		set: func(st *urlstate.State, v string) error { return boolPtr(&st.Options.ExpertParallel, v) },
		used: func(r calc.Resolved) string {
			return strconv.FormatBool(r.Options.ExpertParallel != nil && *r.Options.ExpertParallel)
		}},
	{flag: "hccl-op-expansion-mode", kind: "select", choices: append([]string{""}, calc.HCCLOpExpansionModes...), advanced: true,
		platform: calc.Ascend, spelled: "HCCL_OP_EXPANSION_MODE=…",
		get: func(st *urlstate.State) string { return st.Options.HCCLOpExpansion },
		set: func(st *urlstate.State, v string) error {
			if v != "" && !calc.IsOneOf(v, calc.HCCLOpExpansionModes) {
				return fmt.Errorf("one of %s, got %q", strings.Join(calc.HCCLOpExpansionModes, ", "), v)
			}
			st.Options.HCCLOpExpansion = v
			return nil
		},
		used: func(r calc.Resolved) string { return r.Options.HCCLOpExpansion }},
	{flag: "flashinfer-sampler", kind: "select", choices: []string{"", "false", "true"}, advanced: true,
		platform: calc.CUDA, spelled: "VLLM_USE_FLASHINFER_SAMPLER=…",
		get:  func(st *urlstate.State) string { return showBool(st.Options.FlashInferSampler) },
		set:  func(st *urlstate.State, v string) error { return boolPtr(&st.Options.FlashInferSampler, v) },
		used: func(r calc.Resolved) string { return strconv.FormatBool(r.FlashInferSampler) }},
	{flag: "enable-lora", kind: "select", choices: []string{"", "false", "true"}, advanced: true,
		get:  func(st *urlstate.State) string { return showBool(st.Options.EnableLoRA) },
		set:  func(st *urlstate.State, v string) error { return boolPtr(&st.Options.EnableLoRA, v) },
		used: func(r calc.Resolved) string { return strconv.FormatBool(r.LoRA) }},
	{flag: "max-loras", kind: "number", step: "1", advanced: true,
		get:  func(st *urlstate.State) string { return showInt(st.Options.MaxLoRAs) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.MaxLoRAs, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.MaxLoRAs) }},
	{flag: "max-lora-rank", kind: "number", step: "8", advanced: true,
		get:  func(st *urlstate.State) string { return showInt(st.Options.MaxLoRARank) },
		set:  func(st *urlstate.State, v string) error { return intPtr(&st.Options.MaxLoRARank, v, 1) },
		used: func(r calc.Resolved) string { return itoa(r.MaxLoRARank) }},
}

// joinInts writes a list as people type it: "512, 1024".
func joinInts(v []int) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// intList reads the encoder graph budgets as the link does; "" clears them.
func intList(dst *[]int, v string) error {
	if strings.TrimSpace(v) == "" {
		*dst = nil
		return nil
	}
	out, err := urlstate.ParseIntList(v, calc.MaxEncoderGraphBudgets, calc.MaxEncoderGraphBudget)
	if err == nil {
		*dst = out
	}
	return err
}
