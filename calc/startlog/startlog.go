// Package startlog reads the memory figures out of a vLLM or vllm-ascend
// startup log: V0 and V1 formats of every version the catalog knows, with or
// without process prefixes and timestamps, whole or as excerpts.
//
// Units follow vLLM's own arithmetic: "GB" in "Loading model weights took X
// GB" is bytes / 2^30 (vllm/worker/model_runner.py), as is every "GiB".
package startlog

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	"vram/calc"
	"vram/calc/cmdline"
	"vram/calc/finding"
)

// Figures are the measured numbers of one startup. Per-rank figures list
// one value per rank line found, in log order.
type Figures struct {
	Total       *calc.Bytes // device total: total_gpu_memory, total memory, total capacity
	Free        *calc.Bytes // free memory at startup (the free-memory check's message)
	Budget      *calc.Bytes // total × gpu_memory_utilization
	Weights     *calc.Bytes
	NonTorch    []calc.Bytes
	Activation  *calc.Bytes  // PyTorch activation peak
	PeakTorch   *calc.Bytes  // vLLM 0.6: peak_torch_memory, weights included
	KV          []calc.Bytes // KV cache memory per rank; negative when the budget is overspent
	KVNeeded    *calc.Bytes  // "X GiB KV cache is needed" (V1 max-len check)
	Blocks      *int         // "# cuda/npu/GPU blocks"
	Tokens      *int         // "GPU KV cache size: N tokens" or "...stored in KV cache (N)"
	Concurrency *float64
	Graphs      *calc.Bytes // "Graph capturing finished ... took X GiB"
	Others      *calc.Bytes // other processes in a CUDA OOM message

	// SuggestFit and SuggestFull are the two --kv-cache-memory values of the
	// ledger line ("to fit into requested memory", "to fully utilize").
	SuggestFit, SuggestFull *calc.Bytes
	AutoFrom                *int // "Auto-fit max_model_len: reduced from N to …"

	// MMIPC is the GiB --mm-ipc-gpu-memory-gb took from the KV cache
	// ("Reserving X GiB of GPU memory for frontend multimodal decoding"); KV
	// then holds what the cache kept ("KV cache memory reduced to Y GiB").
	MMIPC *calc.Bytes
	// AttnBlock and MambaPad are a hybrid decoder's block sizing ("Setting
	// attention block size to N tokens", "Padding mamba page size by X%").
	AttnBlock *int
	MambaPad  *float64

	EncoderBudget   *int   // "Encoder cache will be initialized with a budget of N tokens"
	EncoderItems    *int   // "... profiled with N image items"
	EncoderModality string // "image" or "video"
}

// Log is what a startup log says.
type Log struct {
	Version  string        // "0.8.3", "0.7.4.dev51+g5a2ba16f"; "" when not printed
	Engine   string        // "V0" or "V1" when the log says
	Platform calc.Platform // calc.CUDA or calc.Ascend when the log says; "" when not
	Model    string
	// Launch holds the options the log shows: the engine config line and
	// "non-default args".
	Launch      cmdline.Command
	Utilization *float64
	MaxModelLen *int // max_seq_len of the config line, or the one a message names
	Figures     Figures
	Error       string // the line that stopped the launch
	OutOfMemory bool   // a CUDA / NPU out-of-memory error
	Findings    finding.List
}

// ErrNoFigures is returned for text with nothing a startup log prints.
var ErrNoFigures = errors.New("no vLLM startup figures found: expected lines such as \"model weights take …GiB\", \"Available KV cache memory: … GiB\" or \"# cuda blocks: …\"")

// Parse reads a startup log. It never panics; ErrNoFigures means the text
// holds nothing a startup prints. Time is linear in the text: only the
// lines that can hold a figure are searched (relevant).
func Parse(text string) (Log, error) {
	var l Log
	if len(text) > 8<<20 {
		return l, errors.New("log too long (over 8 MiB); paste the startup part")
	}
	p := &parser{l: &l, rx: compiled(), text: relevant(text)}
	p.who()
	p.launch()
	p.budget()
	p.cache()
	ledgerLine(&l, p.rx, p.text, p.bp, p.ip)
	p.failures()
	f := &l.Figures
	if f.Weights != nil && f.PeakTorch != nil && f.Activation == nil {
		a := *f.PeakTorch - *f.Weights
		f.Activation = &a
		l.Findings.Add("activation", "", finding.Assumed, "peak_torch_memory minus the weights (vLLM 0.6 logs the peak with the weights in it)")
	}
	if p.found == 0 {
		return l, ErrNoFigures
	}
	for _, b := range []*calc.Bytes{f.Total, f.Budget, f.Weights, f.Activation, f.Graphs} {
		if b != nil && (math.Abs(float64(*b)) > 1<<50) {
			return l, errors.New("a figure is beyond any device (over 1 PiB)")
		}
	}
	return l, nil
}

// anchors are the words some line a startup figure, option or failure
// sits on holds: relevant keeps the lines with one (and every line of a
// short paste), so a pasted terminal of request logs costs one pass.
var anchors = []string{
	"LLM engine", "version", "vLLM版本", "VLLM_USE_V1", "platform", "device_config", "blocks", "config:",
	"non-default args", "total_gpu_memory", "gpu_memory_utilization", "instance can use", "weights took",
	"loading took", "weights take", "non_torch_memory", "activation peak", "peak_torch_memory", "KV Cache is",
	"kv_cache_size", "kv_cache_memory", "KV cache memory", "Available memory", "KV cache size", "concurrency",
	"Graph capturing", "Encoder cache", "Free memory", "Actual usage", "kv-cache-memory", "Auto-fit",
	"max seq len", "out of memory", "OutOfMemory", "has ", "Error", "error", "EngineCore", "vllm_ascend",
	"worker_v1.py", "torch.npu", "vllm serve", "vllm.entrypoints", "LLM(", "--", "docker", "pip", "VLLM_",
	"ASCEND_", "CUDA_", "export ", "Reserving ", "attention block size", "mamba page size",
}

// relevant is text without the lines no pattern can match.
func relevant(text string) string {
	if len(text) <= 64<<10 {
		return text
	}
	var b strings.Builder
	for rest := text; rest != ""; {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = ""
		}
		for _, a := range anchors {
			if strings.Contains(line, a) {
				b.WriteString(line)
				break
			}
		}
	}
	return b.String()
}

// parser holds one Parse: the log being filled, the patterns, the text
// searched and how many figures were found.
type parser struct {
	l     *Log
	rx    *patterns
	text  string
	found int
}

func gibOf(s string) calc.Bytes { v, _ := strconv.ParseFloat(s, 64); return calc.FromGiB(v) }

func (p *parser) one(re *regexp.Regexp) []string   { return re.FindStringSubmatch(p.text) }
func (p *parser) all(re *regexp.Regexp) [][]string { return re.FindAllStringSubmatch(p.text, 64) }
func (p *parser) bp(b calc.Bytes) *calc.Bytes      { p.found++; return &b }

func (p *parser) ip(s string) *int {
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		return nil
	}
	p.found++
	return &n
}

// who reads the version, the engine core, the platform and the model.
func (p *parser) who() {
	l, rx, text := p.l, p.rx, p.text
	if m := p.one(rx.reVersion); m != nil {
		l.Version = m[2]
		if m[1] != "" {
			l.Engine = m[1]
		}
	}
	if m := p.one(rx.reEngine); m != nil && l.Engine == "" {
		switch {
		case m[1] != "":
			l.Engine = m[1]
		case m[2] != "":
			l.Engine = "V1"
		case m[3] == "VLLM_USE_V1=0":
			l.Engine = "V0"
		default:
			l.Engine = "V1"
		}
	}
	if m := p.one(rx.rePlatform); m != nil {
		pl := m[1] + m[2] + m[3]
		l.Platform = map[string]calc.Platform{"cuda": calc.CUDA, "rocm": calc.CUDA, "npu": calc.Ascend}[pl]
	}
	if strings.Contains(text, "vllm_ascend") || strings.Contains(text, "worker_v1.py") || strings.Contains(text, "torch.npu") {
		l.Platform = calc.Ascend
	}
	if m := p.one(rx.reModelCfg); m != nil {
		l.Model = m[1]
	}
}

// launch reads the options the log shows: the engine config line,
// "non-default args", and a command quoted with the log.
func (p *parser) launch() {
	l, rx, text := p.l, p.rx, p.text
	for _, m := range p.all(rx.reCfgInt) {
		n, _ := strconv.Atoi(m[2])
		switch m[1] {
		case "max_seq_len":
			l.MaxModelLen = &n
		case "tensor_parallel_size":
			l.Launch.TensorParallel = n
		case "pipeline_parallel_size":
			l.Launch.PipelineParallel = n
		case "data_parallel_size":
			l.Launch.DataParallel = n
		}
	}
	for _, m := range p.all(rx.reCfgStr) {
		switch m[1] {
		case "enforce_eager":
			b := m[2] == "True"
			l.Launch.Options.EnforceEager = &b
		case "kv_cache_dtype":
			l.Launch.Options.KVCacheDtype = m[2]
		case "quantization":
			// fp8 is the one method that can be online; on an FP8
			// checkpoint it is its own method and changes nothing.
			if m[2] == "fp8" {
				l.Launch.Options.Quantization = m[2]
			}
		}
	}
	if loc := rx.reNonDefault.FindStringSubmatchIndex(text); loc != nil {
		if c, err := cmdline.FromArgs(text[loc[2]:]); err == nil {
			if c.Model != "" {
				l.Model = c.Model
			}
			l.Launch.Options = l.Launch.Options.With(c.Options)
			if c.TensorParallel > 0 {
				l.Launch.TensorParallel = c.TensorParallel
			}
			if c.PipelineParallel > 0 {
				l.Launch.PipelineParallel = c.PipelineParallel
			}
			if c.DataParallel > 0 {
				l.Launch.DataParallel = c.DataParallel
			}
			l.Launch.Findings = append(l.Launch.Findings, c.Findings...)
		}
	}
	// A log pasted with its command (as issue threads quote them): the
	// command's options count where the log itself does not show them.
	if c, err := cmdline.Parse(text); err == nil {
		l.Launch.Options = c.Options.With(l.Launch.Options)
		if l.Launch.TensorParallel == 0 {
			l.Launch.TensorParallel = c.TensorParallel
		}
		if l.Launch.PipelineParallel == 0 {
			l.Launch.PipelineParallel = c.PipelineParallel
		}
		if l.Launch.DataParallel == 0 {
			l.Launch.DataParallel = c.DataParallel
		}
		if l.Model == "" {
			l.Model = c.Model
		}
		l.Launch.Findings = append(l.Launch.Findings, c.Findings...)
	}
	// Which top-k/top-p sampler the install runs (topk_topp_sampler.py
	// logs it once): FlashInfer's, or PyTorch's sort.
	if m := p.one(rx.reSampler); m != nil {
		fi := m[1] == ""
		l.Launch.Options.FlashInferSampler = &fi
	}
	l.Launch.Model = l.Model
}

// budget reads the budget line (V0 worker, V1 debug, 0.6 "Memory profiling
// results") and the profile's figures.
func (p *parser) budget() {
	l, rx := p.l, p.rx
	f := &l.Figures
	if m := p.one(rx.reTotal); m != nil {
		f.Total = p.bp(gibOf(m[1]))
	}
	if m := p.one(rx.reUtil); m != nil {
		if u, err := strconv.ParseFloat(m[1], 64); err == nil && u > 0 && u <= 1 {
			l.Utilization = &u
		}
	}
	if m := p.one(rx.reBudget); m != nil {
		f.Budget = p.bp(gibOf(m[1] + m[2]))
	}
	if m := p.one(rx.reWeightsTk); m != nil {
		f.Weights = p.bp(gibOf(m[1]))
	} else if m := p.one(rx.reWeights); m != nil {
		f.Weights = p.bp(gibOf(m[1]))
	}
	for _, m := range p.all(rx.reNonTorch) {
		f.NonTorch = append(f.NonTorch, gibOf(m[1]))
		p.found++
	}
	if m := p.one(rx.reActivation); m != nil {
		f.Activation = p.bp(gibOf(m[1]))
	}
	if m := p.one(rx.rePeakTorch); m != nil {
		f.PeakTorch = p.bp(gibOf(m[1]))
	}
}

// cache reads the KV cache's size (bytes, blocks, tokens, concurrency), the
// graphs and the encoder budget.
func (p *parser) cache() {
	l, rx := p.l, p.rx
	f := &l.Figures
	for _, m := range p.all(rx.reKVRest) {
		f.KV = append(f.KV, gibOf(m[1]))
		p.found++
	}
	for _, m := range p.all(rx.reKVAvail) {
		f.KV = append(f.KV, gibOf(m[1]))
		p.found++
	}
	for _, m := range p.all(rx.reAscendMem) {
		avail, _ := strconv.ParseFloat(m[1], 64) // an int, or the unclamped float of 0.7.3rc2–0.8.5rc1
		total, _ := strconv.ParseInt(m[2], 10, 64)
		f.KV = append(f.KV, calc.Bytes(avail))
		if f.Total == nil && total > 0 {
			f.Total = p.bp(calc.Bytes(total))
		}
		p.found++
	}
	if m := p.one(rx.reBlocks); m != nil {
		f.Blocks = p.ip(m[1])
	}
	if m := p.one(rx.reTokens); m != nil {
		f.Tokens = p.ip(m[1])
	}
	if m := p.one(rx.reConc); m != nil {
		if c, err := strconv.ParseFloat(m[2], 64); err == nil {
			f.Concurrency = &c
			p.found++
		}
		if l.MaxModelLen == nil {
			l.MaxModelLen = p.ip(m[1])
		}
	}
	if m := p.one(rx.reGraphs); m != nil {
		f.Graphs = p.bp(gibOf(m[1]))
	}
	if m := p.one(rx.reEncoder); m != nil {
		f.EncoderBudget, f.EncoderItems, f.EncoderModality = p.ip(m[1]), p.ip(m[2]), m[3]
	}
	p.reserves()
	if m := p.one(rx.reAttnBlock); m != nil {
		f.AttnBlock = p.ip(m[1])
	}
	if m := p.one(rx.reMambaPad); m != nil {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			f.MambaPad = &v
			p.found++
		}
	}
}

// failures reads what stopped a launch: the startup check, the length
// checks, an out-of-memory error and the line that ended it.
func (p *parser) failures() {
	l, rx, text := p.l, p.rx, p.text
	f := &l.Figures
	if m := p.one(rx.reFree); m != nil {
		f.Free, f.Total = p.bp(gibOf(m[1])), p.bp(gibOf(m[2]))
		if u, err := strconv.ParseFloat(m[3], 64); err == nil && u > 0 && u <= 1 {
			l.Utilization = &u
		}
	}
	if m := p.one(rx.reMaxLenV0); m != nil {
		l.MaxModelLen, f.Tokens = p.ip(m[1]), p.ip(m[2])
	}
	if m := p.one(rx.reMaxLenV1); m != nil {
		l.MaxModelLen = p.ip(m[1])
		f.KVNeeded = p.bp(gibOf(m[2]))
		if len(f.KV) == 0 {
			f.KV = append(f.KV, gibOf(m[3]))
		}
	}
	if m := p.one(rx.reOOM); m != nil {
		l.OutOfMemory = true
		f.Total = p.bp(gibOf(m[3]))
		var others calc.Bytes
		for _, pr := range p.all(rx.reProcess) {
			v, _ := strconv.ParseFloat(pr[1], 64)
			if pr[2] == "MiB" {
				v /= 1024
			}
			others += calc.FromGiB(v)
		}
		if others > 0 {
			f.Others = p.bp(others)
			l.Findings.Add("others", "", finding.Assumed, "the processes the OOM message lists besides the one that failed")
		}
	}
	if strings.Contains(text, "out of memory") || strings.Contains(text, "OutOfMemoryError") {
		l.OutOfMemory = true
	}
	if m := p.one(rx.reErrorLine); m != nil {
		l.Error = strings.TrimSpace(m[0])
		p.found++
	}
}

// Max is the largest of per-rank figures (the rank that runs out first);
// nil for none.
func Max(v []calc.Bytes) *calc.Bytes {
	if len(v) == 0 {
		return nil
	}
	m := v[0]
	for _, b := range v[1:] {
		m = max(m, b)
	}
	return &m
}

// Min is the smallest of per-rank figures; nil for none.
func Min(v []calc.Bytes) *calc.Bytes {
	if len(v) == 0 {
		return nil
	}
	m := v[0]
	for _, b := range v[1:] {
		m = min(m, b)
	}
	return &m
}

// ledgerLine reads the one-line ledger and the auto-fit line.
func ledgerLine(l *Log, rx *patterns, text string, bp func(calc.Bytes) *calc.Bytes, ip func(string) *int) {
	f := &l.Figures
	gib := func(s string) calc.Bytes { v, _ := strconv.ParseFloat(s, 64); return calc.FromGiB(v) }
	if m := rx.reLedger.FindStringSubmatch(text); m != nil {
		f.Free, f.Total, f.Budget = bp(gib(m[1])), bp(gib(m[2])), bp(gib(m[4]))
		if u, err := strconv.ParseFloat(m[3], 64); err == nil && u > 0 && u <= 1 {
			l.Utilization = &u
		}
	}
	if m := rx.reLedgerUse.FindStringSubmatch(text); m != nil {
		if strings.HasPrefix(m[2], "consumed") {
			l.Findings.Add("ledger", "", finding.Read, "weights + non-torch as one figure (the ledger of vLLM #49208)")
		} else {
			f.Weights = bp(gib(m[1]))
		}
		f.Activation = bp(gib(m[3]))
		if m[4] != "" {
			f.NonTorch = append(f.NonTorch, gib(m[4]))
		}
		f.Graphs = bp(gib(m[5]))
	}
	if m := rx.reSuggest.FindStringSubmatch(text); m != nil {
		a, _ := strconv.ParseInt(m[1], 10, 64)
		b, _ := strconv.ParseInt(m[2], 10, 64)
		f.SuggestFit, f.SuggestFull = bp(calc.Bytes(a)), bp(calc.Bytes(b))
	}
	if m := rx.reAutoFit.FindStringSubmatch(text); m != nil {
		if m[1] != "" {
			f.AutoFrom, l.MaxModelLen = ip(m[1]), ip(m[2])
			f.KV = append(f.KV, gib(m[3]))
		} else {
			l.MaxModelLen = ip(m[4])
		}
	}
}
