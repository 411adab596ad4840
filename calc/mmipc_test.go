package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
)

// TestMMIPCReserve works reserve_mm_ipc_gpu_memory's arithmetic by hand
// (calc/README.md "The budget"): 128 MiB = 134,217,728 B a
// decoder, int(1.8 × 1024 × MiB) = 1,932,735,283 B of CUDA context an API
// server.
func TestMMIPCReserve(t *testing.T) {
	i, f := func(v int) *int { return &v }, func(v float64) *float64 { return &v }
	const dec, ctx = 134217728, 1932735283
	cases := []struct {
		name, release string
		o             calc.Options
		dp            int
		raw, decoder  calc.Bytes
	}{
		// No --mm-ipc-gpu-memory-gb and no GPU video backend before 0.25.0.
		{"0.24.0", "vllm-0.24.0", calc.Options{MMIPCGPUMemoryGB: f(2), VideoBackend: "pynvvideocodec"}, 1, 0, 0},
		// 2 GiB of raw frames, CPU decoding: 2 × 1,073,741,824.
		{"frames only", "vllm-0.25.0", calc.Options{MMIPCGPUMemoryGB: f(2)}, 1, 2147483648, 0},
		// One retained decoder whatever hw_decoders says: 134,217,728 + 1,932,735,283.
		{"0.25.0 decoder", "vllm-0.25.0", calc.Options{VideoBackend: "pynvvideocodec", HWDecoders: i(4)}, 1, 0, dec + ctx},
		// hw_decoders defaults to 2: 268,435,456 + 1,932,735,283 = 2,201,170,739.
		{"0.28.0 default", "vllm-0.28.0", calc.Options{VideoBackend: "pynvvideocodec"}, 1, 0, 2*dec + ctx},
		// 4 GiB of frames once, and two servers of three decoders:
		// 2 × (402,653,184 + 1,932,735,283) = 4,670,776,934.
		{"two servers", "vllm-0.28.0", calc.Options{VideoBackend: "pynvvideocodec", HWDecoders: i(3), APIServerCount: i(2), MMIPCGPUMemoryGB: f(4)}, 1, 4294967296, 4670776934},
		// Two data-parallel replicas start two API servers: 2 × 2,201,170,739.
		{"dp 2", "vllm-0.28.0", calc.Options{VideoBackend: "pynvvideocodec"}, 2, 0, 4402341478},
		// A text-only model has no MultiModalConfig: nothing is reserved.
		{"text model", "vllm-0.28.0", calc.Options{VideoBackend: "pynvvideocodec", MMIPCGPUMemoryGB: f(2)}, 1, 0, 0},
		// vllm-ascend's worker reserves nothing.
		{"ascend", "ascend-0.13.0", calc.Options{VideoBackend: "pynvvideocodec", MMIPCGPUMemoryGB: f(2)}, 1, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := a100(40)
			if strings.HasPrefix(c.release, "ascend") {
				d = ascend910B4()
			}
			c.o.MaxModelLen = i(16384)
			m := qwen3VL2B()
			if c.name == "text model" {
				m.Vision, m.Image = nil, nil
			}
			s := calc.Scenario{Model: m, Device: d, DataParallel: c.dp, Engine: engine(t, c.release), Options: c.o}
			r, err := calc.Resolve(s)
			if err != nil {
				t.Fatal(err)
			}
			if r.MMIPCRaw != c.raw || r.MMIPCDecoder != c.decoder || r.MMIPC != c.raw+c.decoder {
				t.Errorf("reserve %d = %d raw + %d decoders, want %d + %d", r.MMIPC, r.MMIPCRaw, r.MMIPCDecoder, c.raw, c.decoder)
			}
			// The KV cache loses exactly the reserve.
			bare := s
			bare.Options = calc.Options{MaxModelLen: i(16384)}
			with, err1 := calc.Compute(s)
			without, err2 := calc.Compute(bare)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if got := without.Ranks[0].KV - with.Ranks[0].KV; got != c.raw+c.decoder {
				t.Errorf("KV falls by %d, want %d", got, c.raw+c.decoder)
			}
		})
	}
}

// TestMMIPCLines checks the worker's reserve line and the error when the
// reserve leaves nothing, in vLLM's words.
func TestMMIPCLines(t *testing.T) {
	i := func(v int) *int { return &v }
	s := calc.Scenario{Model: qwen3VL2B(), Device: a100(40), Engine: engine(t, "vllm-0.28.0"),
		Options: calc.Options{MaxModelLen: i(16384), VideoBackend: "pynvvideocodec", APIServerCount: i(2)}}
	e, err := calc.Compute(s)
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range e.Log {
		if strings.HasPrefix(l.Text, "Reserving ") {
			line = l.Text
		}
	}
	// 2 × 2,201,170,739 B = 4.10 GiB; 2.05 GiB a server.
	if want := "Reserving 4.10 GiB of GPU memory for frontend multimodal decoding (0.00 GiB raw-frame semaphore budget, 4.10 GiB decoder+CUDA-context across 2 API server(s) @ 2.05 GiB/server); KV cache memory reduced to "; !strings.HasPrefix(line, want) {
		t.Errorf("reserve line %q, want prefix %q", line, want)
	}
	s.Options.APIServerCount = i(64) // 64 × 2.05 GiB: more than the card
	if e, err = calc.Compute(s); err != nil {
		t.Fatal(err)
	}
	if e.Failure == nil || !strings.Contains(e.Failure.Message, "0.00 GiB raw-frame budget, 131.20 GiB decoder cache budget") ||
		!strings.Contains(e.Failure.Message, "Reduce mm_ipc_gpu_memory_gb or hw_decoders") {
		t.Errorf("failure %+v", e.Failure)
	}
	// The explanation names the reserve and its parts, not the budget.
	if w := e.Failure.Why; w.Key != calc.WhyNoKVReserve || w.Args["reserve"] != "131.20" || w.Args["decoders"] != "131.20" || w.Args["servers"] != "64" {
		t.Errorf("why %+v", w)
	}
}
