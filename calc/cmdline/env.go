package cmdline

// This file reads the environment a launch sets: export lines, K=V
// prefixes and docker -e flags (VLLM_USE_V1 and the like).

import (
	"regexp"
	"strings"

	"vram/calc"
	"vram/calc/finding"
)

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
	case "VLLM_USE_V1", "VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS", "VLLM_USE_V2_MODEL_RUNNER", "VLLM_USE_FLASHINFER_SAMPLER":
		b, ok := parseBool(v)
		if !ok {
			c.Findings.Add(field, v, finding.Invalid, "expected 0 or 1")
			return
		}
		switch k {
		case "VLLM_USE_V1":
			c.Options.UseV1 = &b
		case "VLLM_USE_V2_MODEL_RUNNER":
			c.Options.ModelRunnerV2 = &b
		case "VLLM_USE_FLASHINFER_SAMPLER":
			c.Options.FlashInferSampler = &b
		default:
			c.Options.EstimateCUDAGraphs = &b
		}
		c.Findings.Add(field, v, finding.Read, "")
	case "HCCL_OP_EXPANSION_MODE":
		// vllm-ascend's ACL graph cap reads it (utils.py update_aclgraph_sizes).
		m := strings.Trim(v, `"'`)
		if !calc.IsOneOf(m, calc.HCCLOpExpansionModes) {
			c.Findings.Addf(field, v, finding.Ignored, "not a mode CANN takes (%s); HCCL keeps its default", strings.Join(calc.HCCLOpExpansionModes, ", "))
			return
		}
		c.Options.HCCLOpExpansion = m
		c.Findings.Add(field, v, finding.Read, "")
	case "VLLM_VIDEO_LOADER_BACKEND":
		// media_io_kwargs video.video_backend takes precedence (gpu_ipc_memory.py).
		if c.Options.VideoBackend == "" {
			c.videoBackend(&c.Options, field, strings.Trim(v, `"'`))
		}
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
