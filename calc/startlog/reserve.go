package startlog

// This file reads the worker's mm-ipc reserve line (vLLM 0.25+).

import (
	"math"
	"strconv"

	"vram/calc"
)

// reserves reads the --mm-ipc-gpu-memory-gb lines: the reserve, the KV
// cache left after it (which replaces "Available KV cache memory", the
// figure before the reserve) and, when the launch does not show the
// option, its value (the raw-frame semaphore budget).
func (p *parser) reserves() {
	l, f := p.l, &p.l.Figures
	ms := p.all(p.rx.reReserve)
	if len(ms) == 0 {
		return
	}
	f.MMIPC = p.bp(gibOf(ms[0][1]))
	f.KV = f.KV[:0]
	for _, m := range ms {
		f.KV = append(f.KV, gibOf(m[6]))
	}
	o := &l.Launch.Options
	if o.MMIPCGPUMemoryGB == nil {
		if g, err := strconv.ParseFloat(ms[0][2], 64); err == nil && g > 0 && g < 1<<20 {
			o.MMIPCGPUMemoryGB = &g
		}
	}
	p.decoders(o, ms[0])
}

// decoders reads the GPU video decoder's share of the reserve: when there
// is one, the launch decodes video with PyNvVideoCodec, on the logged
// number of API servers, each of 128 MiB a decoder plus 1.8 GiB.
func (p *parser) decoders(o *calc.Options, m []string) {
	dec, _ := strconv.ParseFloat(m[3], 64)
	servers, err := strconv.Atoi(m[4])
	per, _ := strconv.ParseFloat(m[5], 64)
	if dec <= 0 || err != nil || servers < 1 || servers > 1024 {
		return
	}
	if o.VideoBackend == "" {
		o.VideoBackend = calc.VideoBackends[1] // the GPU decoder, PyNvVideoCodec
	}
	if o.APIServerCount == nil {
		o.APIServerCount = &servers
	}
	n := int(math.Round((calc.FromGiB(per) - calc.PyNvContextBytes).GiB() / calc.PyNvDecoderBytes.GiB()))
	if o.HWDecoders == nil && n >= 1 && n <= 64 {
		o.HWDecoders = &n
	}
}
