package presets

import (
	"fmt"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"vram/calc"
)

// probes are the scenarios every behaviour is tried on: vision-language
// and text models, alone and on shared devices, with the options that
// switch the rarer mechanisms on.
func probes(t *testing.T, project string) []calc.Scenario {
	t.Helper()
	model := func(id string) calc.Model {
		m, ok := ModelByID(id)
		if !ok {
			t.Fatalf("no model %s", id)
		}
		return m
	}
	dev := func(id string) calc.Device {
		d, ok := DeviceByID(id)
		if !ok {
			t.Fatalf("no device %s", id)
		}
		return d
	}
	i, f, tr := func(v int) *int { return &v }, func(v float64) *float64 { return &v }, func(v bool) *bool { return &v }
	kv := 8 * calc.GiB
	vl7, vl2, txt := model("Qwen/Qwen2.5-VL-7B-Instruct"), model("Qwen/Qwen3-VL-2B-Instruct"), model("Qwen/Qwen2.5-7B-Instruct")
	big, small, shared, turing := dev("a100-80gb"), dev("a100-40gb"), dev("h100-80gb"), dev("rtx-2080-ti-22gb")
	if project == Ascend {
		big, small, shared, turing = dev("ascend-910b3"), dev("ascend-910b4"), dev("ascend-910b3"), dev("ascend-910b4")
	}
	var out []calc.Scenario
	add := func(m calc.Model, d calc.Device, tp int, others calc.Bytes, o calc.Options) {
		out = append(out, calc.Scenario{Model: m, Device: d, TensorParallel: tp, OtherProcesses: others, Options: o})
	}
	add(vl7, big, 1, 0, calc.Options{})
	add(vl7, big, 1, 0, calc.Options{MaxModelLen: i(16384)})
	add(vl7, big, 1, 0, calc.Options{MaxPixels: i(2073600), MaxNumBatchedTokens: i(8192)})
	add(vl7, big, 1, 0, calc.Options{MaxPixels: i(2073600), MaxNumBatchedTokens: i(8192), LimitVideos: i(0)})
	add(vl7, big, 1, 0, calc.Options{MaxModelLen: i(32768), LimitImages: i(2)})
	add(vl7, big, 1, 0, calc.Options{MaxModelLen: i(32768), LimitImages: i(0), LimitVideos: i(0)})
	add(vl7, small, 1, 12*calc.GiB, calc.Options{MaxModelLen: i(8192)})
	add(vl7, small, 1, 12*calc.GiB, calc.Options{MaxModelLen: i(8192), GPUMemoryUtilization: f(0.5)})
	add(vl2, small, 1, 0, calc.Options{})
	add(vl2, small, 1, 0, calc.Options{MaxModelLen: i(calc.MaxModelLenAuto)})
	add(vl2, small, 1, 0, calc.Options{MaxModelLen: i(16384), KVCacheMemoryBytes: &kv})
	add(vl2, small, 1, 0, calc.Options{MaxModelLen: i(16384), SkipMMProfiling: tr(true)})
	add(vl2, small, 1, 0, calc.Options{MaxModelLen: i(16384), EstimateCUDAGraphs: tr(true)})
	add(vl2, small, 1, 0, calc.Options{MaxModelLen: i(16384), GPUMemoryUtilization: f(0.98)})
	add(vl2, small, 1, 0, calc.Options{MaxModelLen: i(16384), MMIPCGPUMemoryGB: f(2)})
	// The vision encoder's CUDA graphs: a pool each (0.19.0), then one pool inside the estimate (0.23.0).
	add(vl2, small, 1, 0, calc.Options{MaxModelLen: i(16384), EncoderGraphs: tr(true)})
	add(vl7, big, 1, 0, calc.Options{MaxModelLen: i(16384), EncoderGraphs: tr(true)}) // Qwen2.5-VL's from 0.22.0
	// A GPU video decoder: one retained (0.25.0), then hw_decoders, 2 by default (0.28.0).
	add(vl2, small, 1, 0, calc.Options{MaxModelLen: i(16384), VideoBackend: "pynvvideocodec"})
	add(txt, shared, 2, 0, calc.Options{})
	// Other programs on the card: counted by vLLM 0.3.0's device-wide peak.
	add(txt, small, 1, 8*calc.GiB, calc.Options{MaxModelLen: i(8192)})
	add(txt, shared, 1, 0, calc.Options{MaxNumSeqs: i(600)})
	add(vl7, turing, 1, 0, calc.Options{MaxModelLen: i(16384)})
	// MultiModalBudget's per-request cap (max_model_len // item tokens)
	// under the item limit: 3 items by floor, 1 by budget.
	add(vl7, big, 1, 0, calc.Options{MaxPixels: i(2073600), MaxNumBatchedTokens: i(8192), MaxModelLen: i(4096), MaxNumSeqs: i(1), LimitImages: i(3)})
	// Two pipeline stages: V0's max_model_len check per stage from 0.8.0 (#13873).
	out = append(out, calc.Scenario{Model: txt, Device: small, PipelineParallel: 2, Options: calc.Options{MaxModelLen: i(32768)}})
	// --quantization fp8 on an A100: none before 0.4.2, capability 8.9 until 0.5.1.
	add(txt, big, 1, 0, calc.Options{Quantization: "fp8"})
	// Graph sizes up to 2 × max_num_seqs (#20628).
	add(txt, big, 1, 0, calc.Options{MaxNumSeqs: i(64)})
	out = append(out, modelProbes(t, project, model, dev, big, shared, txt, vl7)...)
	var withCores []calc.Scenario
	for _, s := range out {
		for _, v1 := range []*bool{nil, tr(false), tr(true)} {
			s := s
			s.Options.UseV1 = v1
			withCores = append(withCores, s)
		}
	}
	return withCores
}

// modelProbes are the probes of the model-specific mechanisms: legacy
// Qwen2-VL, InternVL's tiles, LoRA, the FlashInfer sampler, Gemma, Mistral 3, Nemotron-NAS, Mllama,
// sliding windows, MLA, MXFP4, model runner V2, hybrid decoders and the
// Ascend-only workers.
func modelProbes(t *testing.T, project string, model func(string) calc.Model, dev func(string) calc.Device, big, shared calc.Device, txt, vl7 calc.Model) []calc.Scenario {
	t.Helper()
	i, f, tr := func(v int) *int { return &v }, func(v float64) *float64 { return &v }, func(v bool) *bool { return &v }
	small := dev("a100-40gb")
	if project == Ascend {
		small = dev("ascend-910b4")
	}
	var out []calc.Scenario
	add := func(m calc.Model, d calc.Device, tp int, others calc.Bytes, o calc.Options) {
		out = append(out, calc.Scenario{Model: m, Device: d, TensorParallel: tp, OtherProcesses: others, Options: o})
	}
	// Qwen2-VL's dummy before 0.7.0 (qwen2vl_legacy.go): the capped image
	// up to 0.6.5, the processor's from 0.6.6; at 8192 tokens its 16384
	// image outgrows the sequence (0.6.6 keeps it, 0.7.0 drops it), and
	// five images do not fit a 5120-token dummy (0.6.5 stops).
	vl2q := model("Qwen/Qwen2-VL-7B-Instruct")
	add(vl2q, big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	add(vl2q, big, 1, 0, calc.Options{MaxModelLen: i(4096), LimitImages: i(5)})
	add(vl2q, big, 1, 0, calc.Options{MaxModelLen: i(16384), EncoderGraphs: tr(true)}) // Qwen2-VL's encoder graphs from 0.23.0
	add(vl7, big, 1, 0, calc.Options{MaxModelLen: i(16384), SkipMMProfiling: tr(true)})
	// InternVL's tiles (internvit.go): the input pipeline's dummy from
	// 0.6.4, which keeps three 3328-token images in an 8192-token sequence
	// that 0.7.2's processor drops under V0.
	add(model("OpenGVLab/InternVL3-8B"), big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	add(model("OpenGVLab/InternVL3-8B"), big, 1, 0, calc.Options{MaxModelLen: i(8192), LimitImages: i(3)})
	// LoRA slots (lora.go): V0 leaves them out of the budget from 0.6.5 to 0.7.3.
	add(txt, big, 1, 0, calc.Options{EnableLoRA: tr(true), MaxLoRARank: i(64)})
	add(model("Qwen/Qwen3-8B"), big, 1, 0, calc.Options{EnableLoRA: tr(true)})
	add(model("mistralai/Mistral-7B-Instruct-v0.3"), big, 1, 0, calc.Options{EnableLoRA: tr(true)})
	// FlashInfer's top-k/top-p (#18608, 0.9.1) where the install runs it:
	// 1,024 sampler rows on an H100.
	add(txt, shared, 1, 0, calc.Options{FlashInferSampler: tr(true)})
	// Llama's 256 extra LoRA vocabulary rows a slot, until #28545 (0.12.0).
	add(model("meta-llama/Llama-3.1-8B-Instruct"), big, 1, 0, calc.Options{EnableLoRA: tr(true), MaxLoRAs: i(4)})
	// Gemma 3's SigLIP tower (siglip.go), served from vLLM 0.8.0.
	add(model("google/gemma-3-4b-it"), big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	// Nemotron-NAS's heterogeneous layers (nas.go), served from vLLM 0.8.3.
	add(model("nvidia/Llama-3_3-Nemotron-Super-49B-v1"), shared, 2, 0, calc.Options{MaxModelLen: i(8192)})
	// Mistral Small 3.1's Pixtral tower (pixtral.go), served from vLLM 0.9.0.
	add(model("mistralai/Mistral-Small-3.1-24B-Instruct-2503"), big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	// MiniCPM-V 2.6 (minicpmv.go), modelled from vLLM 0.8.5's V1 profile.
	add(model("openbmb/MiniCPM-V-2_6"), big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	// GLM-4.1V (glm4v.go) from 0.9.2; a 1-frame dummy video stops it before #30285.
	add(model("zai-org/GLM-4.1V-9B-Thinking"), big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	// and at 65,536 tokens, where the dummy video is 600 frames, or 11 from #48729.
	add(model("zai-org/GLM-4.1V-9B-Thinking"), big, 1, 0, calc.Options{MaxModelLen: i(65536)})
	// LLaVA-OneVision (llavaov.go), modelled from vLLM 0.7.0's dummy image.
	add(model("llava-hf/llava-onevision-qwen2-7b-ov-hf"), big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	// Qwen3-Omni's thinker (omni.go) from 0.11.1, its audio tower split by TP from 0.15.0.
	add(model("Qwen/Qwen3-Omni-30B-A3B-Instruct"), big, 2, 0, calc.Options{MaxModelLen: i(8192)})
	// At TP 8 the audio tower's 20 heads do not divide: refused from 0.15.0, whole from 0.28.0 (#50858).
	add(model("Qwen/Qwen3-Omni-30B-A3B-Instruct"), big, 8, 0, calc.Options{MaxModelLen: i(8192)})
	// Qwen3.6's gated DeltaNet decoder and Qwen3-VL tower, from 0.17.
	add(model("Qwen/Qwen3.6-35B-A3B"), big, 2, 0, calc.Options{MaxModelLen: i(8192)})
	// Llama 3.2 Vision on V0's encoder–decoder runner (mllama.go), 0.6.2–0.10.2.
	add(model("meta-llama/Llama-3.2-11B-Vision-Instruct"), big, 1, 0, calc.Options{MaxModelLen: i(8192), MaxNumSeqs: i(16)})
	// Sliding-window layers (calc/kvlayout.go): Gemma 2's half-and-half
	// groups, and Gemma 3's padded groups with a KV cache between the
	// per-layer need and the per-group one (1 full + 6 sliding groups of 4
	// layers at 32768 tokens and 2048 batched: 192.2 vs 197.5 MB on CUDA,
	// 194.8 vs 200.3 MB with Ascend's 128-token blocks).
	add(model("google/gemma-2-9b-it"), big, 1, 0, calc.Options{})
	// MLA's latent cache (DeepSeek-V2-Lite).
	add(model("deepseek-ai/DeepSeek-V2-Lite"), big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	// MXFP4 experts load from 0.10.1 (gpt-oss).
	add(model("openai/gpt-oss-20b"), big, 1, 0, calc.Options{MaxModelLen: i(8192)})
	add(model("openai/gpt-oss-20b"), shared, 1, 0, calc.Options{MaxModelLen: i(8192)})
	// Model runner V2's defaults reach Qwen3 dense, then Llama and Mistral.
	add(model("Qwen/Qwen3-8B"), big, 1, 0, calc.Options{})
	add(model("meta-llama/Llama-3.1-8B-Instruct"), big, 1, 0, calc.Options{})
	kvG := calc.Bytes(197_000_000)
	add(model("google/gemma-3-1b-it"), small, 1, 0, calc.Options{MaxModelLen: i(32768), MaxNumBatchedTokens: i(2048), KVCacheMemoryBytes: &kvG})
	// A hybrid decoder (linearattn.go): Qwen3-Next at TP 4 with a short
	// context, at the utilization where vllm-ascend's extra buffers decide.
	next := model("Qwen/Qwen3-Next-80B-A3B-Instruct")
	if project == Ascend {
		big4 := dev("ascend-910b3")
		add(next, big4, 4, 0, calc.Options{MaxModelLen: i(4096), GPUMemoryUtilization: f(0.85)})
		add(next, big4, 4, 0, calc.Options{MaxModelLen: i(4096), GPUMemoryUtilization: f(0.75)})
	} else {
		add(next, dev("b200"), 4, 0, calc.Options{MaxModelLen: i(4096)})
		add(next, big, 4, 0, calc.Options{MaxModelLen: i(4096), BlockSize: i(64)})
	}
	if project == Ascend {
		// The 310P worker (vllm_ascend/_310p) runs on this device alone.
		add(txt, dev("ascend-310p"), 1, 4*calc.GiB, calc.Options{MaxModelLen: i(8192)})
		// HCCL's AIV unfolding changes the ACL graph cap (utils.py
		// update_aclgraph_sizes): a dense model at TP 2, an MoE model at DP 2.
		add(txt, shared, 2, 0, calc.Options{HCCLOpExpansion: "AIV"})
		out = append(out, calc.Scenario{Model: model("Qwen/Qwen3-30B-A3B"), Device: big, DataParallel: 2,
			Options: calc.Options{HCCLOpExpansion: "AIV", MaxModelLen: i(8192)}})
	}
	return out
}

// fingerprint is everything an estimate shows: figures, gates, messages,
// log lines, or the error.
func fingerprint(s calc.Scenario) string {
	e, err := calc.Evaluate(s)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	r := e.Resolved
	fmt.Fprintf(&b, "%s %v %d %d %d %d %v|", r.Engine.Core, r.Utilization, r.MaxModelLen, r.MaxNumSeqs, r.MaxNumBatchedTokens, r.BlockSize, r.GraphsInBudget)
	for _, k := range e.Ranks {
		// The peak by value: %+v of its Item.Also pointer would print an
		// address, which differs between any two estimates.
		pk, also := k.Peak, k.Peak.Item.Also
		pk.Item.Also = nil
		fmt.Fprintf(&b, "%d %d %d %d %d %+v", k.Budget, k.KV, k.Activation, k.NonTorch, k.Graphs.Bytes, pk)
		if also != nil {
			fmt.Fprintf(&b, " also %+v", *also)
		}
		fmt.Fprintf(&b, " %d %d %.6f|", k.Graphs.Count, k.Blocks, k.Concurrency)
	}
	for _, g := range e.Gates {
		fmt.Fprintf(&b, "%s %v %v %d %s %s %v|", g.ID, g.Applies, g.Pass, g.Margin, g.Message, g.Why.Key, g.Why.Args)
	}
	for _, l := range e.Log {
		b.WriteString(l.Text + "|")
	}
	return b.String()
}

// Every behaviour matters where the table says it changes: switching that
// one behaviour, and nothing else, from the last release before a
// boundary to the value of the first release with it changes what some
// probe shows.
func TestEveryBoundaryIsObservable(t *testing.T) {
	tb := mustTable()
	byID := map[string]Release{}
	for _, r := range tb.Releases {
		byID[r.ID()] = r
	}
	probeSets := map[string][]calc.Scenario{VLLM: probes(t, VLLM), Ascend: probes(t, Ascend)}
	n := 0
	for _, b := range tb.Behaviours {
		if b.Name == "v1" || b.Name == "alt_core" {
			continue // which cores exist: TestEngineFacts
		}
		for key, list := range b.Values {
			project, core, _ := strings.Cut(key, "/")
			for i := 1; i < len(list); i++ {
				if string(list[i].Value) == string(list[i-1].Value) {
					continue // the same value under a new mechanism: its source says why
				}
				prev := releaseBefore(tb, project, list[i].From)
				r, ok := byID[Release{Project: project, Version: prev}.ID()]
				if !ok {
					t.Errorf("%s %s: no release before %s", b.Name, key, list[i].From)
					continue
				}
				first := byID[Release{Project: project, Version: list[i].From}.ID()]
				// Switch the behaviour alone at the last release before the
				// boundary, and back at the first release with it: one of the
				// two must show (a behaviour can be masked by another at one side).
				seen := false
				for _, side := range []struct {
					r Release
					v json.RawMessage
				}{{r, list[i].Value}, {first, list[i-1].Value}} {
					base, err := buildEngine(tb, side.r)
					if err != nil {
						t.Fatal(err)
					}
					switched, err := withBehaviour(tb, side.r, core, b.Name, side.v)
					if err != nil {
						t.Fatal(err)
					}
					seen = seen || differs(probeSets[project], base, switched)
				}
				n++
				if !seen {
					t.Errorf("%s (%s) from %s: switching it alone at %s changes nothing a probe shows", b.Name, key, list[i].From, prev)
				}
			}
		}
	}
	t.Logf("%d boundaries", n)
}

// withBehaviour is r's engine with behaviour name set to v on core ("" for both).
func withBehaviour(tb releaseTable, r Release, core, name string, v json.RawMessage) (calc.Engine, error) {
	e, err := buildEngine(tb, r)
	if err != nil {
		return e, err
	}
	over := map[string]json.RawMessage{name: v}
	set := func(x *calc.Engine) error {
		if core != "" && x.Core != core {
			return nil
		}
		y, err := buildCoreWith(tb, r, x.Core, over)
		if err != nil {
			return err
		}
		y.Name, y.V1, y.Versions = x.Name, x.V1, x.Versions
		*x = y
		return nil
	}
	alt := e.Alt
	if err := set(&e); err != nil {
		return e, err
	}
	if alt != nil {
		a := *alt
		if err := set(&a); err != nil {
			return e, err
		}
		e.Alt = &a
	}
	return e, nil
}

func differs(ps []calc.Scenario, a, b calc.Engine) bool {
	for _, s := range ps {
		sa, sb := s, s
		sa.Engine, sb.Engine = a, b
		if fingerprint(sa) != fingerprint(sb) {
			return true
		}
	}
	return false
}
