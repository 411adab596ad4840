package hfconfig

// This file reads quantization_config (config.json, or a build's
// published block): the weights' storage format.

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"vram/calc"
	"vram/calc/finding"
)

// ReadQuantization reads one quantization_config block on its own (a
// build's published block, presets/builds.json), as Parse reads it inside a
// config.json.
func ReadQuantization(block []byte) (*calc.Quantization, finding.List, error) {
	if len(block) > 1<<20 {
		return nil, nil, errors.New("quantization_config too long (over 1 MiB)")
	}
	objs, err := decodeAll(string(block))
	if err != nil || len(objs) != 1 {
		return nil, nil, errors.New("expected one quantization_config object")
	}
	var r Result
	r.quant(objs[0])
	if r.Model.Quant == nil {
		return nil, r.Findings, errors.New("quantization_config not understood")
	}
	return r.Model.Quant, r.Findings, nil
}

// quant reads quantization_config.
func (r *Result) quant(q obj) {
	if q == nil {
		return
	}
	method := q.str("quant_method")
	out := &calc.Quantization{Method: method}
	bits, _ := q.num("bits")
	group, _ := q.num("group_size")
	switch method {
	case "awq", "gptq", "awq_marlin", "gptq_marlin":
		if bits == 0 {
			bits = 4
			r.Findings.Addf("quantization_config.bits", "4", finding.Assumed, "absent: 4-bit, the %s default", method)
		}
	case "mxfp4":
		// e2m1 experts with e8m0 scales per 32 (calc/mxfp4.go); the rest is bf16.
		bits = 4
	case "fp8", "fbgemm_fp8":
		bits = 8
		if bs := q.ints("weight_block_size"); len(bs) == 2 {
			r.Findings.Add("quantization_config.weight_block_size", fmt.Sprint(bs), finding.Unmodelled, "block scales are small; sized as per-channel scales")
		}
	case "bitsandbytes":
		bits = 8
		b4, _ := q.boolean("load_in_4bit")
		u4, _ := q.boolean("_load_in_4bit") // transformers ≥4.45 writes both
		if b4 || u4 {
			bits = 4
		}
		skip, _ := q["llm_int8_skip_modules"].([]any)
		out.Vision = !namesVision(skip)
	case "compressed-tensors":
		// config_groups.<name>.weights.{num_bits, group_size}: the first group.
		groups := q.sub("config_groups")
		names := make([]string, 0, len(groups))
		for k := range groups {
			names = append(names, k)
		}
		sort.Strings(names)
		if len(names) > 0 {
			w := groups.sub(names[0]).sub("weights")
			bits, _ = w.num("num_bits")
			group, _ = w.num("group_size")
		}
		if bits == 4 {
			out.Method = "gptq" // pack-quantized int4 stores like GPTQ
			r.Findings.Add("quantization_config", "compressed-tensors int4", finding.Assumed, "4-bit pack-quantized weights sized as GPTQ (packed int32, fp16 scales per group)")
		}
		if bits == 0 {
			bits = 8
		}
	case "":
		r.Findings.Add("quantization_config.quant_method", "", finding.Invalid, "quantization_config names no quant_method")
		return
	default:
		r.Findings.Add("quantization_config.quant_method", method, finding.Unmodelled, "weights are sized at the bits given, without this method's scales")
	}
	if bits < 0 || bits > 16 || bits != math.Trunc(bits) {
		r.Findings.Add("quantization_config.bits", fmt.Sprint(bits), finding.Invalid, "expected 4, 8 or 16")
		return
	}
	out.Bits = int(bits)
	if group > 0 && group < 1<<20 {
		out.GroupSize = int(group)
	}
	r.Model.Quant = out
	r.Findings.Add("quantization_config", fmt.Sprintf("%s %d-bit", out.Method, out.Bits), finding.Read, "")
	if l, ok := q["modules_to_not_convert"].([]any); ok && len(l) > 0 {
		r.Findings.Add("quantization_config.modules_to_not_convert", fmt.Sprint(l), finding.Read, "the vision tower stays 16-bit, as the calculator sizes it")
	}
}

// namesVision reports whether a skip list names a vision tower ("visual",
// "vision_tower", "model.vision_model", …).
func namesVision(l []any) bool {
	for _, v := range l {
		if s, ok := v.(string); ok && (strings.Contains(s, "visual") || strings.Contains(s, "vision")) {
			return true
		}
	}
	return false
}
