// Package cmdline reads and writes vLLM command lines.
package cmdline

import (
	"fmt"
	"strconv"
	"strings"

	"vram/calc"
)

// Format is the `vllm serve` command of a scenario: only the options the
// scenario sets (nil options are vLLM's defaults and are left out).
func Format(s calc.Scenario) string {
	var b strings.Builder
	b.WriteString("vllm serve " + s.Model.ID)
	arg := func(flag, v string) { fmt.Fprintf(&b, " \\\n  --%s %s", flag, v) }
	if s.TensorParallel > 1 {
		arg("tensor-parallel-size", strconv.Itoa(s.TensorParallel))
	}
	if s.PipelineParallel > 1 {
		arg("pipeline-parallel-size", strconv.Itoa(s.PipelineParallel))
	}
	o := s.Options
	if o.GPUMemoryUtilization != nil {
		arg("gpu-memory-utilization", strconv.FormatFloat(*o.GPUMemoryUtilization, 'f', -1, 64))
	}
	ints := []struct {
		flag string
		v    *int
	}{{"max-model-len", o.MaxModelLen}, {"max-num-seqs", o.MaxNumSeqs}, {"max-num-batched-tokens", o.MaxNumBatchedTokens}, {"block-size", o.BlockSize}}
	for _, i := range ints {
		if i.v != nil {
			arg(i.flag, strconv.Itoa(*i.v))
		}
	}
	if o.Dtype != "" {
		arg("dtype", o.Dtype)
	}
	if o.KVCacheDtype != "" {
		arg("kv-cache-dtype", o.KVCacheDtype)
	}
	if o.EnforceEager != nil && *o.EnforceEager {
		b.WriteString(" \\\n  --enforce-eager")
	}
	var lim []string
	if o.LimitImages != nil {
		lim = append(lim, fmt.Sprintf(`"image": %d`, *o.LimitImages))
	}
	if o.LimitVideos != nil {
		lim = append(lim, fmt.Sprintf(`"video": %d`, *o.LimitVideos))
	}
	if len(lim) > 0 {
		arg("limit-mm-per-prompt", "'{"+strings.Join(lim, ", ")+"}'")
	}
	var px []string
	if o.MaxPixels != nil {
		px = append(px, fmt.Sprintf(`"max_pixels": %d`, *o.MaxPixels))
	}
	if o.MinPixels != nil {
		px = append(px, fmt.Sprintf(`"min_pixels": %d`, *o.MinPixels))
	}
	if len(px) > 0 {
		arg("mm-processor-kwargs", "'{"+strings.Join(px, ", ")+"}'")
	}
	if o.SkipMMProfiling != nil && *o.SkipMMProfiling {
		b.WriteString(" \\\n  --skip-mm-profiling")
	}
	if o.KVCacheMemoryBytes != nil {
		arg("kv-cache-memory-bytes", strconv.FormatInt(int64(*o.KVCacheMemoryBytes), 10))
	}
	return b.String()
}
