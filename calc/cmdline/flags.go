package cmdline

// This file reads the flags of a launch and sets the options they name.

import (
	"fmt"
	"strconv"
	"strings"

	"vram/calc"
	"vram/calc/finding"
)

// flag kinds: how a flag takes its value and what it does to memory.
type flagKind int

// otherFlags are the flags that do not set a modelled option, by their
// underscore names.
var otherFlags = map[string]flagKind{
	"host": ignoredValue, "port": ignoredValue, "served_model_name": ignoredValue, "api_key": ignoredValue,
	"tokenizer": ignoredValue, "tokenizer_mode": ignoredValue, "revision": ignoredValue, "code_revision": ignoredValue,
	"tokenizer_revision": ignoredValue, "download_dir": ignoredValue, "load_format": ignoredValue, "config_format": ignoredValue,
	"chat_template": ignoredValue, "chat_template_content_format": ignoredValue, "tool_call_parser": ignoredValue,
	"reasoning_parser": ignoredValue, "uvicorn_log_level": ignoredValue, "allowed_local_media_path": ignoredValue,
	"seed": ignoredValue, "max_log_len": ignoredValue, "root_path": ignoredValue, "response_role": ignoredValue,
	"generation_config": ignoredValue, "distributed_executor_backend": ignoredValue, "ssl_keyfile": ignoredValue,
	"ssl_certfile": ignoredValue, "allowed_origins": ignoredValue, "lora_modules": ignoredValue, "task": ignoredValue,
	"runner": ignoredValue, "convert": ignoredValue, "guided_decoding_backend": ignoredValue,
	"log_config_file": ignoredValue, "model_impl": ignoredValue, "hf_token": ignoredValue,
	"override_generation_config": ignoredValue, "scheduling_policy": ignoredValue, "max_parallel_loading_workers": ignoredValue,
	"worker_cls": ignoredValue, "otlp_traces_endpoint": ignoredValue, "tool_parser_plugin": ignoredValue,
	"max_logprobs": ignoredValue, "structured_outputs_config": ignoredValue, "middleware": ignoredValue,
	"swap_space":        ignoredValue, // host memory for swapped blocks, not device memory
	"trust_remote_code": ignoredSwitch, "disable_log_requests": ignoredSwitch, "disable_log_stats": ignoredSwitch,
	"enable_log_requests": ignoredSwitch, "enable_auto_tool_choice": ignoredSwitch, "enable_reasoning": ignoredSwitch,
	"enable_prefix_caching": ignoredSwitch, "no_enable_prefix_caching": ignoredSwitch, "disable_fastapi_docs": ignoredSwitch,
	"disable_frontend_multiprocessing": ignoredSwitch, "enable_server_load_tracking": ignoredSwitch, "headless": ignoredSwitch,
	"return_tokens_as_token_ids": ignoredSwitch, "enable_request_id_headers": ignoredSwitch, "disable_uvicorn_access_log": ignoredSwitch,
	"async_scheduling": ignoredSwitch, "disable_async_output_proc": ignoredSwitch, "enable_prompt_tokens_details": ignoredSwitch,
	"cpu_offload_gb": unmodelledVal, "num_gpu_blocks_override": unmodelledVal, "max_seq_len_to_capture": unmodelledVal,
	"O": unmodelledVal, "cuda_graph_sizes": unmodelledVal, "speculative_config": unmodelledVal,
	"max_cpu_loras": ignoredValue,
	"hf_overrides":  unmodelledVal, "rope_scaling": unmodelledVal, "rope_theta": unmodelledVal,
	"mm_processor_cache_gb": unmodelledVal, "mm_encoder_tp_mode": unmodelledVal, "kv_transfer_config": unmodelledVal,
	"additional_config": unmodelledVal, "max_num_partial_prefills": unmodelledVal,
	"enable_chunked_prefill": unmodelledSwitch, "no_enable_chunked_prefill": unmodelledSwitch,
	"disable_mm_preprocessor_cache": unmodelledSwitch,
	"disable_custom_all_reduce":     unmodelledSwitch, "enable_sleep_mode": unmodelledSwitch, "enable_eplb": unmodelledSwitch,
}

// switches are the modelled flags that take no value.
var switches = map[string]bool{"enforce_eager": true, "no_enforce_eager": true, "skip_mm_profiling": true, "no_skip_mm_profiling": true,
	"enable_expert_parallel": true, "no_enable_expert_parallel": true, "enable_lora": true, "no_enable_lora": true,
	"fully_sharded_loras": true, "no_fully_sharded_loras": true}

// flags reads the argument list of a vllm serve / api_server launch.
func (c *Command) flags(args []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "" {
			continue
		}
		if strings.HasPrefix(a, ">") || strings.HasPrefix(a, "<") || strings.HasPrefix(a, "2>") || strings.HasPrefix(a, "1>") {
			if len(a) <= 2 {
				i++ // the redirection's file
			}
			continue
		}
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			if c.Model == "" && c.Form != "api_server" {
				c.Model = a
				c.Findings.Add("model", a, finding.Read, "")
			} else {
				c.Findings.Add(a, "", finding.Unknown, "a stray word; vLLM would reject it as an unrecognised argument")
			}
			continue
		}
		shown := a
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if hasVal {
			shown = a[:strings.IndexByte(a, '=')]
		}
		name = strings.ReplaceAll(name, "-", "_")
		if n, ok := aliases[name]; ok {
			name = n
		}
		kind, other := otherFlags[name]
		takesValue := !switches[name] && (!other || kind == ignoredValue || kind == unmodelledVal)
		if !hasVal && (switches[name] || other && (kind == ignoredSwitch || kind == unmodelledSwitch)) {
			// A switch may still be given an explicit true/false (nargs='?').
			if i+1 < len(args) {
				if _, ok := parseBool(args[i+1]); ok {
					i++
					val, hasVal = args[i], true
				}
			}
		} else if !hasVal && takesValue {
			if i+1 < len(args) && (!strings.HasPrefix(args[i+1], "-") || isNumber(args[i+1])) {
				i++
				val, hasVal = args[i], true
			} else if !other && !known(name) {
				c.Findings.Add(shown, "", finding.Unknown, "not a flag this calculator knows; ignored")
				continue
			} else {
				c.Findings.Add(shown, "", finding.Invalid, "expected one argument")
				continue
			}
		}
		c.set(shown, name, val, hasVal, nil, false)
	}
}

var aliases = map[string]string{
	"tp": "tensor_parallel_size", "pp": "pipeline_parallel_size", "dp": "data_parallel_size",
	"ep":                        "enable_expert_parallel",
	"kv_cache_memory":           "kv_cache_memory_bytes",
	"limit_mm_per_prompt_image": "limit_mm_per_prompt",
	"q":                         "quantization",
	"cc":                        "compilation_config",
}

func known(name string) bool {
	switch name {
	case "model", "tensor_parallel_size", "pipeline_parallel_size", "data_parallel_size", "gpu_memory_utilization", "max_model_len",
		"max_num_seqs", "max_num_batched_tokens", "block_size", "dtype", "kv_cache_dtype", "limit_mm_per_prompt",
		"mm_processor_kwargs", "kv_cache_memory_bytes", "enforce_eager", "skip_mm_profiling", "enable_expert_parallel",
		"mm_ipc_gpu_memory_gb", "quantization", "enable_lora", "max_loras", "max_lora_rank", "fully_sharded_loras",
		"api_server_count", "media_io_kwargs", "compilation_config":
		return true
	}
	return false
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

// option is one option as written: shown as in the text ("--max-model-len"),
// its canonical name, the raw text or (from Python, py) the evaluated
// literal.
type option struct {
	shown, name, raw string
	hasVal, py       bool
	lit              any
}

func (c *Command) read(a option) { c.Findings.Add(a.shown, a.raw, finding.Read, "") }

// bad records a value vLLM would reject; from a command line its argument
// parser exits on it (Rejected).
func (c *Command) bad(a option, detail string) {
	c.Findings.Add(a.shown, a.raw, finding.Invalid, detail)
	if !a.py && strings.HasPrefix(a.shown, "-") {
		c.Rejected = append(c.Rejected, "argument "+a.shown+": "+detail)
	}
}

// set applies one option. From the command line raw holds the text and lit
// is nil; from Python, lit holds the evaluated literal (py is true).
func (c *Command) set(shown, name, raw string, hasVal bool, lit any, py bool) {
	if py {
		raw = literalText(lit)
		if str, ok := lit.(string); ok {
			raw = str
		}
	}
	a := option{shown: shown, name: name, raw: raw, hasVal: hasVal, py: py, lit: lit}
	switch name {
	case "model":
		if py {
			s, ok := lit.(string)
			if !ok {
				c.bad(a, "the model must be a string")
				return
			}
			a.raw = s
		}
		c.Model = a.raw
		c.read(a)
	case "api_server_count":
		if strings.TrimSpace(a.raw) == "0" {
			c.Findings.Add(shown, raw, finding.Ignored, "0 starts no API server (headless); the engine still reserves video decoders for one (max(1, api_process_count))")
			return
		}
		c.setInt(a)
	case "tensor_parallel_size", "pipeline_parallel_size", "data_parallel_size", "max_model_len", "max_num_seqs", "max_num_batched_tokens", "block_size",
		"max_loras", "max_lora_rank":
		c.setInt(a)
	case "gpu_memory_utilization", "kv_cache_memory_bytes", "mm_ipc_gpu_memory_gb":
		c.setFloat(a)
	case "enforce_eager", "no_enforce_eager", "skip_mm_profiling", "no_skip_mm_profiling", "enable_expert_parallel", "no_enable_expert_parallel",
		"enable_lora", "no_enable_lora", "fully_sharded_loras", "no_fully_sharded_loras":
		c.setSwitch(a)
	case "dtype", "kv_cache_dtype":
		c.setDtype(a)
	case "quantization":
		c.setQuantization(a)
	case "limit_mm_per_prompt":
		c.limits(shown, raw, lit, py)
	case "mm_processor_kwargs":
		c.processorKwargs(shown, raw, lit, py)
	case "media_io_kwargs":
		c.mediaIO(shown, raw, lit, py)
	case "compilation_config":
		c.compilation(shown, raw, lit, py)
	case "task", "runner", "convert":
		if pooling(name, raw) {
			c.Findings.Add(shown, raw, finding.Unmodelled, "a pooling model: its profile run pools the hidden states instead of computing logits and sampling, which is not modelled; the estimate sizes the generate runner")
		} else {
			c.Findings.Add(shown, raw, finding.Ignored, "")
		}
	default:
		kind, ok := otherFlags[name]
		switch {
		case !ok:
			c.Findings.Add(shown, raw, finding.Unknown, "not a flag this calculator knows; ignored")
		case kind == unmodelledVal || kind == unmodelledSwitch:
			c.Findings.Add(shown, raw, finding.Unmodelled, unmodelledWhy[name])
		default:
			c.Findings.Add(shown, raw, finding.Ignored, "")
		}
	}
}

// setInt sets a whole-number option.
func (c *Command) setInt(a option) {
	n, err := intValue(a.name, a.raw, a.lit, a.py)
	if err != nil {
		c.bad(a, err.Error())
		return
	}
	switch a.name {
	case "tensor_parallel_size":
		c.TensorParallel = n
	case "pipeline_parallel_size":
		c.PipelineParallel = n
	case "data_parallel_size":
		c.DataParallel = n
	case "max_model_len":
		c.Options.MaxModelLen = &n
	case "max_num_seqs":
		c.Options.MaxNumSeqs = &n
	case "max_num_batched_tokens":
		c.Options.MaxNumBatchedTokens = &n
	case "block_size":
		c.Options.BlockSize = &n
	case "max_loras":
		c.Options.MaxLoRAs = &n
	case "max_lora_rank":
		c.Options.MaxLoRARank = &n
	case "api_server_count":
		c.Options.APIServerCount = &n
	}
	c.read(a)
}

// setFloat sets the utilization or the KV cache's bytes.
func (c *Command) setFloat(a option) {
	f, err := floatValue(a.raw, a.lit, a.py)
	switch {
	case a.name == "kv_cache_memory_bytes":
		if err != nil || f <= 0 || f > 1<<50 {
			c.bad(a, "expected a positive number of bytes")
			return
		}
		b := calc.Bytes(f)
		c.Options.KVCacheMemoryBytes = &b
	case a.name == "mm_ipc_gpu_memory_gb":
		if err != nil || f < 0 || f > 1<<20 {
			c.bad(a, "expected a number of GiB, 0 or more")
			return
		}
		c.Options.MMIPCGPUMemoryGB = &f
	case err != nil:
		c.bad(a, err.Error())
		return
	case f <= 0 || f > 1:
		// vllm/config CacheConfig._verify_args
		c.bad(a, fmt.Sprintf("GPU memory utilization must be less than 1.0. Got %v.", f))
		return
	default:
		c.Options.GPUMemoryUtilization = &f
	}
	c.read(a)
}

// setSwitch sets --enforce-eager, --skip-mm-profiling or
// --enable-expert-parallel (and --no-…).
func (c *Command) setSwitch(a option) {
	on, name := true, a.name
	if a.hasVal {
		var ok bool
		if a.py {
			on, ok = a.lit.(bool)
		} else {
			on, ok = parseBool(a.raw)
		}
		if !ok {
			c.bad(a, "expected true or false")
			return
		}
	}
	if strings.HasPrefix(name, "no_") {
		on, name = !on, strings.TrimPrefix(name, "no_")
	}
	switch name {
	case "enforce_eager":
		c.Options.EnforceEager = &on
	case "enable_expert_parallel":
		c.Options.ExpertParallel = &on
	case "enable_lora":
		c.Options.EnableLoRA = &on
	case "fully_sharded_loras":
		c.Options.FullyShardedLoRAs = &on
	default:
		c.Options.SkipMMProfiling = &on
	}
	c.read(a)
}

// setDtype sets --dtype (vLLM's aliases read as calc.Dtypes) or
// --kv-cache-dtype.
func (c *Command) setDtype(a option) {
	s := strings.ToLower(a.raw)
	if a.name == "kv_cache_dtype" {
		if calc.IsOneOf(s, calc.KVCacheDtypes) {
			c.Options.KVCacheDtype = s
			c.read(a)
		} else {
			c.bad(a, fmt.Sprintf("invalid choice: '%s' (choose from '%s')", a.raw, strings.Join(calc.KVCacheDtypes, "', '")))
		}
		return
	}
	switch s {
	case "half", "float16":
		s = "float16"
	case "auto", "bfloat16":
	case "float", "float32":
		c.Findings.Add(a.shown, a.raw, finding.Unmodelled, "float32 weights are not modelled")
		return
	default:
		c.bad(a, fmt.Sprintf("invalid choice: '%s' (choose from 'auto', 'half', 'float16', 'bfloat16', 'float', 'float32')", a.raw))
		return
	}
	c.Options.Dtype = s
	c.read(a)
}

// unmodelledWhy says what an unmodelled flag changes.
var unmodelledWhy = map[string]string{
	"enable_chunked_prefill":  "in the V0 engine chunked prefill changes the default max_num_batched_tokens; set that option instead",
	"cpu_offload_gb":          "moves part of the weights to host memory",
	"num_gpu_blocks_override": "replaces the number of KV cache blocks vLLM computed",
	"speculative_config":      "a draft model adds its own weights and KV cache",
	"compilation_config":      "changes the CUDA graph capture sizes",
	"O":                       "changes the CUDA graph capture sizes",
	"cuda_graph_sizes":        "changes the CUDA graph capture sizes",
	"mm_processor_cache_gb":   "the processor cache lives in host memory, but its size changes the encoder budget in some versions",
}

// pooling reports whether --task, --runner or --convert asks for a pooling
// model (--task embed|embedding|classify|score|reward before 0.10.1,
// --runner pooling and --convert embed|classify|reward from it).
func pooling(name, value string) bool {
	v := strings.ToLower(strings.Trim(strings.TrimSpace(value), `"'`))
	switch name {
	case "runner":
		return v == "pooling"
	case "convert":
		return v != "" && v != "auto" && v != "none"
	}
	return v == "embed" || v == "embedding" || v == "classify" || v == "score" || v == "reward"
}

// setQuantization sets --quantization: online fp8 is sized (the
// checkpoint's linear weights quantized at load); another method is
// reported and the checkpoint's own quantization kept.
func (c *Command) setQuantization(a option) {
	s := strings.ToLower(strings.TrimSpace(a.raw))
	if s == "fp8" {
		c.Options.Quantization = s
		c.read(a)
		return
	}
	c.Findings.Addf(a.shown, a.raw, finding.Unmodelled, "online quantization %q is not modelled; the calculator sizes fp8 and the checkpoint's own quantization", a.raw)
}
