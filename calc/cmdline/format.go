// Package cmdline reads and writes vLLM command lines: `vllm serve`, the
// API server module, a vllm/vllm-openai docker run, and the offline LLM(...)
// class.
package cmdline

import (
	"fmt"
	"strconv"
	"strings"

	"vram/calc"
)

// arg is one launch option: its underscore name and its value as Python and
// JSON both spell it ("" for a switch that is on).
type arg struct{ name, value string }

// Format is the launch of a scenario: `vllm serve` for a server, LLM(...) for
// the offline class. Only the options the scenario sets are written (unset
// options are vLLM's defaults), and the environment variables it sets come
// first. Parse reads the result back to the same scenario.
func Format(s calc.Scenario) string {
	o := s.Options
	var env []arg
	if o.UseV1 != nil {
		env = append(env, arg{"VLLM_USE_V1", boolDigit(*o.UseV1)})
	}
	if o.ModelRunnerV2 != nil {
		env = append(env, arg{"VLLM_USE_V2_MODEL_RUNNER", boolDigit(*o.ModelRunnerV2)})
	}
	if o.EstimateCUDAGraphs != nil {
		env = append(env, arg{"VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS", boolDigit(*o.EstimateCUDAGraphs)})
	}
	if o.FlashInferSampler != nil {
		env = append(env, arg{"VLLM_USE_FLASHINFER_SAMPLER", boolDigit(*o.FlashInferSampler)})
	}
	if o.HCCLOpExpansion != "" {
		env = append(env, arg{"HCCL_OP_EXPANSION_MODE", o.HCCLOpExpansion})
	}
	args := launchArgs(s)
	if o.Offline {
		return formatPython(s.Model.ID, env, args)
	}
	var b strings.Builder
	for _, e := range env {
		b.WriteString(e.name + "=" + e.value + " ")
	}
	b.WriteString("vllm serve " + shellQuote(s.Model.ID))
	for _, a := range args {
		flag := "--" + strings.ReplaceAll(a.name, "_", "-")
		switch {
		case a.value == "true":
			fmt.Fprintf(&b, " \\\n  %s", flag)
		case strings.HasPrefix(a.value, "{"):
			fmt.Fprintf(&b, " \\\n  %s '%s'", flag, a.value)
		default:
			fmt.Fprintf(&b, " \\\n  %s %s", flag, a.value)
		}
	}
	return b.String()
}

func formatPython(model string, env, args []arg) string {
	var b strings.Builder
	if len(env) > 0 {
		b.WriteString("import os\n")
		for _, e := range env {
			fmt.Fprintf(&b, "os.environ[%q] = %q\n", e.name, e.value)
		}
	}
	b.WriteString("from vllm import LLM\n\nllm = LLM(\n    model=" + strconv.Quote(model) + ",\n")
	for _, a := range args {
		v := a.value
		switch v {
		case "true":
			v = "True"
		case "false":
			v = "False"
		}
		if a.name == "dtype" || a.name == "kv_cache_dtype" {
			v = strconv.Quote(v)
		}
		fmt.Fprintf(&b, "    %s=%s,\n", a.name, v)
	}
	b.WriteString(")")
	return b.String()
}

// launchArgs lists the options a scenario sets, in vLLM's help order.
func launchArgs(s calc.Scenario) []arg {
	var a []arg
	add := func(name, v string) { a = append(a, arg{name, v}) }
	if s.TensorParallel > 1 {
		add("tensor_parallel_size", strconv.Itoa(s.TensorParallel))
	}
	if s.PipelineParallel > 1 {
		add("pipeline_parallel_size", strconv.Itoa(s.PipelineParallel))
	}
	if s.DataParallel > 1 {
		add("data_parallel_size", strconv.Itoa(s.DataParallel))
	}
	o := s.Options
	if o.GPUMemoryUtilization != nil {
		add("gpu_memory_utilization", strconv.FormatFloat(*o.GPUMemoryUtilization, 'f', -1, 64))
	}
	for _, i := range []struct {
		name string
		v    *int
	}{{"max_model_len", o.MaxModelLen}, {"max_num_seqs", o.MaxNumSeqs}, {"max_num_batched_tokens", o.MaxNumBatchedTokens}, {"block_size", o.BlockSize},
		{"max_loras", o.MaxLoRAs}, {"max_lora_rank", o.MaxLoRARank}} {
		if i.v != nil {
			add(i.name, strconv.Itoa(*i.v))
		}
	}
	if o.Dtype != "" {
		add("dtype", o.Dtype)
	}
	if o.KVCacheDtype != "" {
		add("kv_cache_dtype", o.KVCacheDtype)
	}
	if o.EnforceEager != nil && *o.EnforceEager {
		add("enforce_eager", "true")
	}
	if o.ExpertParallel != nil && *o.ExpertParallel {
		add("enable_expert_parallel", "true")
	}
	if o.EnableLoRA != nil && *o.EnableLoRA {
		add("enable_lora", "true")
	}
	if o.FullyShardedLoRAs != nil && *o.FullyShardedLoRAs {
		add("fully_sharded_loras", "true")
	}
	var lim []string
	if o.LimitImages != nil {
		lim = append(lim, fmt.Sprintf(`"image": %d`, *o.LimitImages))
	}
	if o.LimitVideos != nil {
		lim = append(lim, fmt.Sprintf(`"video": %d`, *o.LimitVideos))
	}
	if len(lim) > 0 {
		add("limit_mm_per_prompt", "{"+strings.Join(lim, ", ")+"}")
	}
	var px []string
	if o.MaxPixels != nil {
		px = append(px, fmt.Sprintf(`"max_pixels": %d`, *o.MaxPixels))
	}
	if o.MinPixels != nil {
		px = append(px, fmt.Sprintf(`"min_pixels": %d`, *o.MinPixels))
	}
	if o.MaxDynamicPatch != nil {
		px = append(px, fmt.Sprintf(`"max_dynamic_patch": %d`, *o.MaxDynamicPatch))
	}
	if len(px) > 0 {
		add("mm_processor_kwargs", "{"+strings.Join(px, ", ")+"}")
	}
	if o.SkipMMProfiling != nil && *o.SkipMMProfiling {
		add("skip_mm_profiling", "true")
	}
	if o.KVCacheMemoryBytes != nil {
		add("kv_cache_memory_bytes", strconv.FormatInt(int64(*o.KVCacheMemoryBytes), 10))
	}
	if o.MMIPCGPUMemoryGB != nil {
		add("mm_ipc_gpu_memory_gb", strconv.FormatFloat(*o.MMIPCGPUMemoryGB, 'f', -1, 64))
	}
	if o.VideoBackend != "" || o.HWDecoders != nil {
		kw := []string{}
		if o.VideoBackend != "" {
			kw = append(kw, `"video_backend": "`+o.VideoBackend+`"`)
		}
		if o.HWDecoders != nil {
			kw = append(kw, fmt.Sprintf(`"hw_decoders": %d`, *o.HWDecoders))
		}
		add("media_io_kwargs", `{"video": {`+strings.Join(kw, ", ")+`}}`)
	}
	if cc := compilationJSON(o); cc != "" {
		add("compilation_config", cc)
	}
	if o.APIServerCount != nil {
		add("api_server_count", strconv.Itoa(*o.APIServerCount))
	}
	if o.Quantization != "" {
		add("quantization", o.Quantization)
	}
	return a
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@+=") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// compilationJSON is --compilation-config's encoder CUDA graph settings;
// "" when none is set.
func compilationJSON(o calc.Options) string {
	var kw []string
	if o.EncoderGraphs != nil {
		kw = append(kw, `"cudagraph_mm_encoder": `+strconv.FormatBool(*o.EncoderGraphs))
	}
	if len(o.EncoderGraphBudgets) > 0 {
		b := make([]string, len(o.EncoderGraphBudgets))
		for i, v := range o.EncoderGraphBudgets {
			b[i] = strconv.Itoa(v)
		}
		kw = append(kw, `"encoder_cudagraph_token_budgets": [`+strings.Join(b, ", ")+`]`)
	}
	if o.EncoderGraphItems != nil {
		kw = append(kw, fmt.Sprintf(`"encoder_cudagraph_max_vision_items_per_batch": %d`, *o.EncoderGraphItems))
	}
	if len(kw) == 0 {
		return ""
	}
	return "{" + strings.Join(kw, ", ") + "}"
}
