package cmdline

import (
	"errors"
	"fmt"
	"math"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	json "github.com/goccy/go-json"

	"vram/calc"
	"vram/calc/finding"
)

// Command is what a pasted command line says about a deployment.
type Command struct {
	Model string // the model argument as written: a Hugging Face id or a local path
	// Form is how vLLM was started: "serve" (vllm serve), "api_server"
	// (python -m vllm.entrypoints.openai.api_server), "docker" (the
	// vllm/vllm-openai image) or "llm" (the offline LLM(...) class).
	Form string
	// Project and Version come from a docker image tag or a pip pin in the
	// text ("vllm" 0.8.3, "vllm-ascend" 0.9.1rc1); empty when it does not say.
	Project, Version string
	TensorParallel   int // 0: not given
	PipelineParallel int // 0: not given
	Options          calc.Options
	// Suggested is Options with each value vLLM would reject replaced by
	// what the user evidently meant (1920*1080 -> 2073600); equal to Options
	// when nothing was rejected.
	Suggested calc.Options
	// Rejected holds, in argparse's words, each argument vLLM's parser
	// would refuse ("argument --mm-processor-kwargs: invalid loads value:
	// …"): with any, vLLM exits before it loads anything.
	Rejected []string
	Findings finding.List
}

// ErrNoCommand is returned for text with no vLLM launch in it.
var ErrNoCommand = errors.New("no vLLM launch found: expected `vllm serve MODEL ...`, `python -m vllm.entrypoints.openai.api_server --model MODEL ...`, a vllm/vllm-openai docker run, or `LLM(model=...)`")

// Compiled on first use, so the page pays for them only when someone pastes.
var (
	pipPin = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(vllm|vllm-ascend|vllm_ascend)==v?([0-9][0-9A-Za-z.+-]*)`)
	})
	imageTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|/)(vllm-openai|vllm-ascend)(?::v?([0-9][0-9A-Za-z.+-]*))?$`)
	})
)

// Parse reads a vLLM launch from shell text or Python. It never panics; the
// error is ErrNoCommand when there is nothing to read.
func Parse(text string) (Command, error) {
	var c Command
	if len(text) > 1<<20 {
		return c, errors.New("text too long for a command line (over 1 MiB)")
	}
	if m := pipPin().FindStringSubmatch(text); m != nil {
		c.Project, c.Version = strings.ReplaceAll(m[1], "_", "-"), m[2]
	}
	if i := strings.Index(text, "LLM("); i >= 0 && !strings.Contains(text[:i], "vllm serve") {
		c.Form = "llm"
		c.Options.Offline = true
		c.parseEnvLines(text[:i])
		c.parseCall(text[i+len("LLM("):])
		c.finish()
		return c, nil
	}
	stmts, unterminated := statements(text)
	if unterminated {
		c.Findings.Add("quotes", "", finding.Invalid, "a quote is not closed; the shell would wait for more input")
	}
	found := false
	for _, words := range stmts {
		if c.statement(words) {
			found = true
			break
		}
	}
	if !found {
		return c, ErrNoCommand
	}
	c.finish()
	return c, nil
}

// parseEnvLines reads `export K=V` and `os.environ["K"] = "V"` lines before
// an LLM(...) call.
func (c *Command) parseEnvLines(text string) {
	env := regexp.MustCompile(`(?m)(?:^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(\S*))|os\.environ\[["']([A-Z0-9_]+)["']\]\s*=\s*["']([^"']*)["']`)
	for _, m := range env.FindAllStringSubmatch(text, 100) {
		if m[1] != "" {
			c.env(m[1], strings.Trim(m[2], `"'`))
		} else {
			c.env(m[3], m[4])
		}
	}
}

// statement reads one shell command; it reports whether it was a vLLM launch.
// Environment assignments before it (export, K=V prefixes) are read either way.
func (c *Command) statement(w []string) bool {
	if len(w) > 0 && (w[0] == "export" || w[0] == "set") {
		for _, kv := range w[1:] {
			if k, v, ok := strings.Cut(kv, "="); ok {
				c.env(k, v)
			}
		}
		return false
	}
	i := 0
	for i < len(w) && isAssignment(w[i]) {
		k, v, _ := strings.Cut(w[i], "=")
		c.env(k, v)
		i++
	}
	w = w[i:]
	for j := 0; j < len(w); j++ {
		base := path.Base(w[j])
		switch {
		case base == "vllm" && j+1 < len(w) && w[j+1] == "serve":
			c.Form = "serve"
			c.dockerEnv(w[:j])
			args := w[j+2:]
			if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
				c.Model = args[0]
				c.Findings.Add("model", args[0], finding.Read, "")
				args = args[1:]
			}
			c.flags(args)
			return true
		case strings.HasPrefix(w[j], "vllm.entrypoints."):
			c.Form = "api_server"
			c.dockerEnv(w[:j])
			c.flags(w[j+1:])
			return true
		case imageTag().MatchString(w[j]) && j > 0:
			m := imageTag().FindStringSubmatch(w[j])
			c.Project = map[string]string{"vllm-openai": "vllm", "vllm-ascend": "vllm-ascend"}[m[1]]
			if m[2] != "" {
				c.Version = m[2]
			}
			c.dockerEnv(w[:j])
			rest := w[j+1:]
			if c.statement(rest) { // vllm serve ... after the image
				return true
			}
			if m[1] == "vllm-openai" { // the image's entrypoint is the API server
				c.Form = "docker"
				c.flags(rest)
				return true
			}
			return false
		}
	}
	return false
}

func isAssignment(w string) bool {
	k, _, ok := strings.Cut(w, "=")
	if !ok || k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// dockerEnv reads `-e K=V` / `--env K=V` / `--env=K=V` in the words before
// the launch (a docker run line).
func (c *Command) dockerEnv(w []string) {
	for i := 0; i < len(w); i++ {
		v := ""
		switch {
		case (w[i] == "-e" || w[i] == "--env") && i+1 < len(w):
			i++
			v = w[i]
		case strings.HasPrefix(w[i], "--env="):
			v = strings.TrimPrefix(w[i], "--env=")
		default:
			continue
		}
		if k, val, ok := strings.Cut(v, "="); ok {
			c.env(k, val)
		}
	}
}

// env reads one environment variable.
func (c *Command) env(k, v string) {
	field := k
	switch k {
	case "VLLM_USE_V1", "VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS":
		b, ok := parseBool(v)
		if !ok {
			c.Findings.Add(field, v, finding.Invalid, "expected 0 or 1")
			return
		}
		if k == "VLLM_USE_V1" {
			c.Options.UseV1 = &b
		} else {
			c.Options.EstimateCUDAGraphs = &b
		}
		c.Findings.Add(field, v, finding.Read, "")
	case "PYTORCH_CUDA_ALLOC_CONF", "PYTORCH_NPU_ALLOC_CONF":
		c.Findings.Add(field, v, finding.Unmodelled, "allocator settings change fragmentation, not vLLM's budget arithmetic")
	case "CUDA_VISIBLE_DEVICES", "ASCEND_RT_VISIBLE_DEVICES", "ASCEND_VISIBLE_DEVICES":
		c.Findings.Add(field, v, finding.Ignored, "chooses which devices; the device count comes from the parallel sizes")
	default:
		if strings.HasPrefix(k, "VLLM_") || strings.HasPrefix(k, "HF_") || strings.HasPrefix(k, "NCCL_") || strings.HasPrefix(k, "HCCL_") {
			c.Findings.Add(field, v, finding.Ignored, "does not change how vLLM sizes memory")
		}
	}
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.Trim(v, `"'`)) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}

// flag kinds: how a flag takes its value and what it does to memory.
type flagKind int

const (
	ignoredValue     flagKind = iota // takes a value, no memory effect
	ignoredSwitch                    // takes no value, no memory effect
	unmodelledVal                    // takes a value, changes memory, not modelled
	unmodelledSwitch                 // takes no value, changes memory, not modelled
)

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
	"runner": ignoredValue, "guided_decoding_backend": ignoredValue, "api_server_count": ignoredValue,
	"media_io_kwargs": ignoredValue, "log_config_file": ignoredValue, "model_impl": ignoredValue, "hf_token": ignoredValue,
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
	"compilation_config": unmodelledVal, "O": unmodelledVal, "cuda_graph_sizes": unmodelledVal, "speculative_config": unmodelledVal,
	"max_loras": unmodelledVal, "max_lora_rank": unmodelledVal, "max_cpu_loras": unmodelledVal, "data_parallel_size": unmodelledVal,
	"dp": unmodelledVal, "hf_overrides": unmodelledVal, "rope_scaling": unmodelledVal, "rope_theta": unmodelledVal,
	"mm_processor_cache_gb": unmodelledVal, "mm_encoder_tp_mode": unmodelledVal, "kv_transfer_config": unmodelledVal,
	"additional_config": unmodelledVal, "max_num_partial_prefills": unmodelledVal, "quantization": unmodelledVal, "q": unmodelledVal,
	"enable_chunked_prefill": unmodelledSwitch, "no_enable_chunked_prefill": unmodelledSwitch, "enable_lora": unmodelledSwitch,
	"enable_expert_parallel": unmodelledSwitch, "disable_mm_preprocessor_cache": unmodelledSwitch,
	"disable_custom_all_reduce": unmodelledSwitch, "enable_sleep_mode": unmodelledSwitch, "enable_eplb": unmodelledSwitch,
}

// switches are the modelled flags that take no value.
var switches = map[string]bool{"enforce_eager": true, "no_enforce_eager": true, "skip_mm_profiling": true, "no_skip_mm_profiling": true}

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
	"tp": "tensor_parallel_size", "pp": "pipeline_parallel_size",
	"kv_cache_memory":           "kv_cache_memory_bytes",
	"limit_mm_per_prompt_image": "limit_mm_per_prompt",
}

func known(name string) bool {
	switch name {
	case "model", "tensor_parallel_size", "pipeline_parallel_size", "gpu_memory_utilization", "max_model_len",
		"max_num_seqs", "max_num_batched_tokens", "block_size", "dtype", "kv_cache_dtype", "limit_mm_per_prompt",
		"mm_processor_kwargs", "kv_cache_memory_bytes", "enforce_eager", "skip_mm_profiling":
		return true
	}
	return false
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

// set applies one option. From the command line raw holds the text and lit
// is nil; from Python, lit holds the evaluated literal (py is true).
func (c *Command) set(shown, name, raw string, hasVal bool, lit any, py bool) {
	if py {
		raw = literalText(lit)
		if str, ok := lit.(string); ok {
			raw = str
		}
	}
	read := func() { c.Findings.Add(shown, raw, finding.Read, "") }
	bad := func(detail string) {
		c.Findings.Add(shown, raw, finding.Invalid, detail)
		if !py && strings.HasPrefix(shown, "-") {
			c.Rejected = append(c.Rejected, "argument "+shown+": "+detail)
		}
	}
	switch name {
	case "model":
		if py {
			s, ok := lit.(string)
			if !ok {
				bad("the model must be a string")
				return
			}
			raw = s
		}
		c.Model = raw
		read()
	case "tensor_parallel_size", "pipeline_parallel_size", "max_model_len", "max_num_seqs", "max_num_batched_tokens", "block_size":
		n, err := intValue(name, raw, lit, py)
		if err != nil {
			bad(err.Error())
			return
		}
		switch name {
		case "tensor_parallel_size":
			c.TensorParallel = n
		case "pipeline_parallel_size":
			c.PipelineParallel = n
		case "max_model_len":
			c.Options.MaxModelLen = &n
		case "max_num_seqs":
			c.Options.MaxNumSeqs = &n
		case "max_num_batched_tokens":
			c.Options.MaxNumBatchedTokens = &n
		case "block_size":
			c.Options.BlockSize = &n
		}
		read()
	case "gpu_memory_utilization":
		f, err := floatValue(raw, lit, py)
		if err != nil {
			bad(err.Error())
			return
		}
		if f <= 0 || f > 1 {
			// vllm/config CacheConfig._verify_args
			bad(fmt.Sprintf("GPU memory utilization must be less than 1.0. Got %v.", f))
			return
		}
		c.Options.GPUMemoryUtilization = &f
		read()
	case "kv_cache_memory_bytes":
		f, err := floatValue(raw, lit, py)
		if err != nil || f <= 0 || f > 1<<50 {
			bad("expected a positive number of bytes")
			return
		}
		b := calc.Bytes(f)
		c.Options.KVCacheMemoryBytes = &b
		read()
	case "enforce_eager", "no_enforce_eager", "skip_mm_profiling", "no_skip_mm_profiling":
		on := true
		if hasVal {
			var ok bool
			if py {
				on, ok = lit.(bool)
			} else {
				on, ok = parseBool(raw)
			}
			if !ok {
				bad("expected true or false")
				return
			}
		}
		if strings.HasPrefix(name, "no_") {
			on, name = !on, strings.TrimPrefix(name, "no_")
		}
		if name == "enforce_eager" {
			c.Options.EnforceEager = &on
		} else {
			c.Options.SkipMMProfiling = &on
		}
		read()
	case "dtype":
		s := strings.ToLower(raw)
		switch s {
		case "half", "float16":
			s = "float16"
		case "auto", "bfloat16":
		case "float", "float32":
			c.Findings.Add(shown, raw, finding.Unmodelled, "float32 weights are not modelled")
			return
		default:
			bad(fmt.Sprintf("invalid choice: '%s' (choose from 'auto', 'half', 'float16', 'bfloat16', 'float', 'float32')", raw))
			return
		}
		c.Options.Dtype = s
		read()
	case "kv_cache_dtype":
		if s := strings.ToLower(raw); calc.IsOneOf(s, calc.KVCacheDtypes) {
			c.Options.KVCacheDtype = s
			read()
		} else {
			bad(fmt.Sprintf("invalid choice: '%s' (choose from '%s')", raw, strings.Join(calc.KVCacheDtypes, "', '")))
		}
	case "limit_mm_per_prompt":
		c.limits(shown, raw, lit, py)
	case "mm_processor_kwargs":
		c.processorKwargs(shown, raw, lit, py)
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

// unmodelledWhy says what an unmodelled flag changes.
var unmodelledWhy = map[string]string{
	"quantization":            "online quantization changes the weights; the calculator takes quantization from the checkpoint's config.json",
	"q":                       "online quantization changes the weights; the calculator takes quantization from the checkpoint's config.json",
	"enable_chunked_prefill":  "in the V0 engine chunked prefill changes the default max_num_batched_tokens; set that option instead",
	"cpu_offload_gb":          "moves part of the weights to host memory",
	"num_gpu_blocks_override": "replaces the number of KV cache blocks vLLM computed",
	"speculative_config":      "a draft model adds its own weights and KV cache",
	"enable_lora":             "LoRA adapters add weights and activation memory",
	"compilation_config":      "changes the CUDA graph capture sizes",
	"O":                       "changes the CUDA graph capture sizes",
	"cuda_graph_sizes":        "changes the CUDA graph capture sizes",
	"data_parallel_size":      "data parallel replicas each size memory alone; model one replica",
	"dp":                      "data parallel replicas each size memory alone; model one replica",
	"mm_processor_cache_gb":   "the processor cache lives in host memory, but its size changes the encoder budget in some versions",
}

// literalText writes a parsed value as JSON, the way a person would type it
// back: integers without a fraction, maps with sorted keys, and a value the
// parser could not evaluate as it was written.
func literalText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case string:
		return strconv.Quote(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case nonLiteral:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = literalText(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := sortedKeys(x)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ": " + literalText(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// intValue reads an integer option. vLLM 0.10 and later accept suffixes on
// max_model_len ("32k", "1M"); older versions reject them, so they are read
// with a note.
func intValue(name, raw string, lit any, py bool) (int, error) {
	var f float64
	if py {
		v, ok := lit.(float64)
		if !ok {
			return 0, fmt.Errorf("expected an integer")
		}
		f = v
	} else {
		s := strings.TrimSpace(raw)
		mult := 1.0
		if name == "max_model_len" && len(s) > 1 {
			switch s[len(s)-1] {
			case 'k':
				mult, s = 1000, s[:len(s)-1]
			case 'K':
				mult, s = 1024, s[:len(s)-1]
			case 'm':
				mult, s = 1e6, s[:len(s)-1]
			case 'M':
				mult, s = 1<<20, s[:len(s)-1]
			}
		}
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || (mult == 1 && strings.ContainsAny(s, ".eE")) {
			return 0, fmt.Errorf("invalid int value: '%s'", raw)
		}
		f = n * mult
	}
	if f != math.Trunc(f) || f < 1 || f > 1<<30 {
		return 0, fmt.Errorf("expected a positive integer, got %s", raw)
	}
	return int(f), nil
}

func floatValue(raw string, lit any, py bool) (float64, error) {
	if py {
		if f, ok := lit.(float64); ok {
			return f, nil
		}
		return 0, errors.New("expected a number")
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("invalid float value: '%s'", raw)
	}
	return f, nil
}

// jsonArg decodes a JSON-valued flag as vLLM does (json.loads). When that
// fails but the text is a Python expression, the evaluated value is returned
// as the suggestion with the error.
func jsonArg(raw string) (v map[string]any, suggestion map[string]any, err error) {
	if e := json.Unmarshal([]byte(raw), &v); e == nil && v != nil {
		return v, nil, nil
	}
	err = fmt.Errorf("invalid loads value: '%s' (not valid JSON)", raw)
	if lit, e := pyLiteral(raw); e == nil {
		if m, ok := lit.(map[string]any); ok {
			return nil, m, err
		}
	}
	return nil, nil, err
}

// limits reads --limit-mm-per-prompt: JSON ({"image": 2, "video": 0}) in
// vLLM 0.8.5 and later, the older key=value form (image=2,video=0) before.
func (c *Command) limits(shown, raw string, lit any, py bool) {
	var m map[string]any
	switch {
	case py:
		m, _ = lit.(map[string]any)
	case strings.HasPrefix(strings.TrimSpace(raw), "{"):
		var sugg map[string]any
		var err error
		m, sugg, err = jsonArg(raw)
		if err != nil {
			c.invalidJSON(shown, raw, err, sugg)
			c.applyLimits(&c.Suggested, sugg)
			return
		}
	default:
		m = map[string]any{}
		for _, kv := range strings.Split(raw, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if !ok || err != nil {
				c.Findings.Add(shown, raw, finding.Invalid, "expected JSON such as '{\"image\": 2}' or the older form image=2,video=0")
				return
			}
			m[strings.TrimSpace(k)] = float64(n)
		}
		c.Findings.Addf(shown, raw, finding.Read, "the key=value form is vLLM 0.8.4 and earlier; later versions want JSON: '%s'", literalText(m))
		c.applyLimits(&c.Options, m)
		return
	}
	if m == nil {
		c.Findings.Add(shown, raw, finding.Invalid, "expected a mapping such as {\"image\": 2, \"video\": 0}")
		return
	}
	c.Findings.Add(shown, raw, finding.Read, "")
	c.applyLimits(&c.Options, m)
}

func (c *Command) applyLimits(o *calc.Options, m map[string]any) {
	for _, k := range sortedKeys(m) {
		f, ok := m[k].(float64)
		if !ok {
			if sub, isMap := m[k].(map[string]any); isMap { // {"video": {"count": 1, ...}} in 0.11+
				f, ok = sub["count"].(float64)
			}
		}
		n := int(f)
		if !ok || f != math.Trunc(f) || f < 0 || f > 1<<20 {
			c.Findings.Add("limit_mm_per_prompt."+k, literalText(m[k]), finding.Invalid, "expected a count of 0 or more")
			continue
		}
		switch k {
		case "image":
			o.LimitImages = &n
		case "video":
			o.LimitVideos = &n
		default:
			c.Findings.Add("limit_mm_per_prompt."+k, literalText(m[k]), finding.Ignored, "this modality is not modelled")
		}
	}
}

// processorKwargs reads --mm-processor-kwargs: max_pixels and min_pixels (Qwen2-VL
// and Qwen2.5-VL), and size.longest_edge / shortest_edge (the Qwen3-VL
// processor's names for the same bounds).
func (c *Command) processorKwargs(shown, raw string, lit any, py bool) {
	var m map[string]any
	if py {
		m, _ = lit.(map[string]any)
	} else {
		var sugg map[string]any
		var err error
		if m, sugg, err = jsonArg(raw); err != nil {
			c.invalidJSON(shown, raw, err, sugg)
			c.applyPixels(&c.Suggested, sugg)
			return
		}
	}
	if m == nil {
		c.Findings.Add(shown, raw, finding.Invalid, "expected a JSON object")
		return
	}
	c.Findings.Add(shown, raw, finding.Read, "")
	c.applyPixels(&c.Options, m)
}

func (c *Command) applyPixels(o *calc.Options, m map[string]any) {
	set := func(key string, v any, dst **int) {
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) || f < 1 || f > 1<<30 {
			c.Findings.Add("mm_processor_kwargs."+key, literalText(v), finding.Invalid, "expected a positive whole number of pixels")
			return
		}
		n := int(f)
		*dst = &n
	}
	for _, k := range sortedKeys(m) {
		switch k {
		case "max_pixels":
			set(k, m[k], &o.MaxPixels)
		case "min_pixels":
			set(k, m[k], &o.MinPixels)
		case "size":
			sz, _ := m[k].(map[string]any)
			if v, ok := sz["longest_edge"]; ok {
				set("size.longest_edge", v, &o.MaxPixels)
			}
			if v, ok := sz["shortest_edge"]; ok {
				set("size.shortest_edge", v, &o.MinPixels)
			}
		default:
			c.Findings.Add("mm_processor_kwargs."+k, literalText(m[k]), finding.Unmodelled, "only the pixel bounds are modelled")
		}
	}
}

// invalidJSON reports a JSON argument vLLM would reject (in its own words)
// and, where the value could be repaired, the repair.
func (c *Command) invalidJSON(shown, raw string, err error, sugg map[string]any) {
	if strings.HasPrefix(shown, "-") {
		c.Rejected = append(c.Rejected, "argument "+shown+": "+strings.TrimSuffix(err.Error(), " (not valid JSON)"))
	}
	if sugg == nil {
		c.Findings.Add(shown, raw, finding.Invalid, err.Error())
		return
	}
	c.Findings.Addf(shown, raw, finding.Invalid, "%s; did you mean '%s'?", err.Error(), literalText(sugg))
}

func sortedKeys(m map[string]any) []string {
	k := make([]string, 0, len(m))
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	return k
}

// parseCall reads the arguments of LLM( ... ).
func (c *Command) parseCall(text string) {
	p := &pyParser{r: []rune(text)}
	args, closed := p.call()
	if !closed {
		c.Findings.Add("LLM(", "", finding.Invalid, "the call's closing parenthesis is missing")
	}
	for i, a := range args {
		name := a.Name
		if name == "" {
			if i == 0 {
				name = "model"
			} else {
				c.Findings.Add(a.Raw, "", finding.Unknown, "a positional argument after the model")
				continue
			}
		}
		if a.Err != nil {
			c.Findings.Add(name, a.Raw, finding.Unknown, "not a literal value (a variable or a call); set it on the page")
			continue
		}
		if name == "model" && i == 0 && a.Name == "" {
			c.set("model", "model", "", true, a.Val, true)
			continue
		}
		n := name
		if al, ok := aliases[n]; ok {
			n = al
		}
		c.set(name, n, "", true, a.Val, true)
	}
}

// FromArgs reads the Python dict vLLM logs as "non-default args: {...}"
// (vLLM 0.10 and later): the options given on the command line, by their
// EngineArgs names.
func FromArgs(dict string) (Command, error) {
	c := Command{Form: "args"}
	p := &pyParser{r: []rune(dict), lenient: true}
	if p.peek() != '{' {
		return c, errors.New("expected a {...} dict")
	}
	p.i++
	v, err := p.dict()
	if err != nil {
		return c, err
	}
	m, _ := v.(map[string]any)
	for _, k := range sortedKeys(m) {
		if raw, ok := m[k].(nonLiteral); ok {
			kind, known := otherFlags[k]
			switch {
			case known && (kind == unmodelledVal || kind == unmodelledSwitch):
				c.Findings.Add(k, string(raw), finding.Unmodelled, unmodelledWhy[k])
			default:
				c.Findings.Add(k, string(raw), finding.Ignored, "")
			}
			continue
		}
		n := k
		if al, ok := aliases[n]; ok {
			n = al
		}
		c.set(k, n, "", true, m[k], true)
	}
	c.Suggested = c.Options
	return c, nil
}

// finish fills Suggested from Options where no suggestion was made.
func (c *Command) finish() {
	c.Suggested = c.Options.With(c.Suggested)
	if c.Model == "" {
		c.Findings.Add("model", "", finding.Missing, "the launch names no model")
	}
}
