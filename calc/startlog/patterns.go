package startlog

import (
	"regexp"
	"sync"
)

const num = `(-?[0-9]+(?:\.[0-9]+)?)`

// patterns are the log lines Parse looks for, compiled on first use: the
// page pays for them only when someone pastes a log.
type patterns struct {
	reVersion    *regexp.Regexp
	reEngine     *regexp.Regexp
	rePlatform   *regexp.Regexp
	reModelCfg   *regexp.Regexp
	reCfgInt     *regexp.Regexp
	reCfgStr     *regexp.Regexp
	reNonDefault *regexp.Regexp
	reTotal      *regexp.Regexp
	reUtil       *regexp.Regexp
	reBudget     *regexp.Regexp
	reWeightsTk  *regexp.Regexp
	reWeights    *regexp.Regexp
	reNonTorch   *regexp.Regexp
	reActivation *regexp.Regexp
	rePeakTorch  *regexp.Regexp
	reKVRest     *regexp.Regexp
	reKVAvail    *regexp.Regexp
	reAscendMem  *regexp.Regexp
	reBlocks     *regexp.Regexp
	reTokens     *regexp.Regexp
	reConc       *regexp.Regexp
	reGraphs     *regexp.Regexp
	reEncoder    *regexp.Regexp
	reFree       *regexp.Regexp
	reLedger     *regexp.Regexp
	reLedgerUse  *regexp.Regexp
	reSuggest    *regexp.Regexp
	reAutoFit    *regexp.Regexp
	reMaxLenV0   *regexp.Regexp
	reMaxLenV1   *regexp.Regexp
	reOOM        *regexp.Regexp
	reProcess    *regexp.Regexp
	reErrorLine  *regexp.Regexp
	reReserve    *regexp.Regexp
	reAttnBlock  *regexp.Regexp
	reSampler    *regexp.Regexp
	reMambaPad   *regexp.Regexp
}

var compiled = sync.OnceValue(func() *patterns {
	r := &patterns{}
	r.reVersion = regexp.MustCompile(`(?:Initializing an? (V[01]) LLM engine \(v?|vLLM API server version |vllm version:?\s*v?|vLLM版本:\s*v?)([0-9][0-9A-Za-z.+-]*)`)
	r.reEngine = regexp.MustCompile(`Initializing an? (V[01]) LLM engine|(V1) LLM engine|(VLLM_USE_V1=[01])`)
	r.rePlatform = regexp.MustCompile(`Automatically detected platform (cuda|npu|rocm)|device_config=(cuda|npu)|# (npu|cuda) blocks`)
	r.reModelCfg = regexp.MustCompile(`with config: model='([^']+)'`)
	r.reCfgInt = regexp.MustCompile(`\b(max_seq_len|tensor_parallel_size|pipeline_parallel_size|data_parallel_size)=([0-9]+)`)
	r.reCfgStr = regexp.MustCompile(`\b(enforce_eager|kv_cache_dtype|quantization)=([A-Za-z0-9_]+)`)
	r.reNonDefault = regexp.MustCompile(`non-default args: (\{)`)
	r.reTotal = regexp.MustCompile(`total_gpu_memory[ =(]*` + num + `\s*GiB`)
	r.reUtil = regexp.MustCompile(`gpu_memory_utilization[ =(]*` + num + `\)?`)
	r.reBudget = regexp.MustCompile(`gpu_memory_utilization \([0-9.]+\) = ` + num + `\s*GiB|instance can use ` + num + `\s*GiB`)
	r.reWeightsTk = regexp.MustCompile(`(?:Loading model weights took|Model loading took) ` + num + ` ?(GiB|GB)`)
	r.reWeights = regexp.MustCompile(`model weights take ` + num + `\s*GiB`)
	r.reNonTorch = regexp.MustCompile(`non_torch_memory(?: takes|=| ) ?` + num + `\s*Gi`)
	r.reActivation = regexp.MustCompile(`PyTorch activation peak memory(?: takes)? ` + num + `\s*GiB`)
	r.rePeakTorch = regexp.MustCompile(`peak_torch_memory=` + num + `\s*GiB`)
	r.reKVRest = regexp.MustCompile(`(?:KV Cache is|kv_cache_size=|available_kv_cache_memory) ?` + num + `\s*GiB`)
	r.reKVAvail = regexp.MustCompile(`Available KV cache memory: ` + num + ` GiB`)
	r.reAscendMem = regexp.MustCompile(`Available memory: (-?[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)[,| ]*total memory: ([0-9]+)`)
	r.reBlocks = regexp.MustCompile(`(?:cuda|npu|GPU) blocks: ([0-9]+)`)
	r.reTokens = regexp.MustCompile(`GPU KV cache size: ([0-9,]+) tokens`)
	r.reConc = regexp.MustCompile(`Maximum concurrency for ([0-9,]+) tokens per request: ` + num + `x`)
	r.reGraphs = regexp.MustCompile(`Graph capturing finished in [^,]*, took ` + num + ` GiB`)
	r.reEncoder = regexp.MustCompile(`Encoder cache will be initialized with a budget of ([0-9]+) tokens, and profiled with ([0-9]+) (\w+) items`)
	r.reFree = regexp.MustCompile(`Free memory on device (?:[a-z]+:[0-9]+ )?\(` + num + `/` + num + ` GiB\) on startup is less than desired GPU memory utilization \(` + num)
	// The ledger line (v0.10.2 INFO, v0.26+ INFO, vllm-ascend 0.19.1rc1+).
	r.reLedger = regexp.MustCompile(`Free memory on device (?:[a-z]+:[0-9]+ )?\(` + num + `/` + num + ` GiB\) on startup\. Desired GPU memory utilization is \(` + num + `, ` + num + ` GiB\)`)
	r.reLedgerUse = regexp.MustCompile(`Actual usage(?: is|:) ` + num + ` GiB for (weights?|consumed memory \(weights \+ non-torch\)), ` + num + ` GiB for peak activation,(?: ` + num + ` GiB for non-torch memory,)? (?:and )?` + num + ` GiB for (?:CUDAGraph|NPU graph) memory`)
	r.reSuggest = regexp.MustCompile("--kv-cache-memory=(-?[0-9]+)`[^`]*to fit into requested memory, or `--kv-cache-memory=(-?[0-9]+)`")
	r.reAutoFit = regexp.MustCompile(`Auto-fit max_model_len: (?:reduced from ([0-9]+) to ([0-9]+) to fit in available GPU memory \(` + num + ` GiB available for KV cache\)|full model context length ([0-9]+) fits)`)
	r.reMaxLenV0 = regexp.MustCompile(`The model's max seq len \(([0-9]+)\) is larger than the maximum number of tokens that can be stored in KV cache \(([0-9]+)\)`)
	r.reMaxLenV1 = regexp.MustCompile(`max seq len \(([0-9]+)\), \(?` + num + ` GiB KV cache is needed, which is larger than the available KV cache memory \(` + num + ` GiB\)`)
	r.reOOM = regexp.MustCompile(`(?:CUDA|NPU) out of memory\. Tried to allocate ` + num + ` (MiB|GiB)\. (?:GPU|NPU) [0-9]+ has a total capac(?:i|)ty of ` + num + ` GiB of which ` + num + ` (MiB|GiB) is free`)
	r.reProcess = regexp.MustCompile(`Process [0-9]+ has ` + num + ` (MiB|GiB) memory in use`)
	// reErrorLine finds the message that stopped a launch: vLLM's own
	// memory errors first (with or without the exception's name), then any
	// exception line.
	r.reErrorLine = regexp.MustCompile(`(?:Free memory on device (?:[a-z]+:[0-9]+ )?\([^)]*\) on startup is less|To serve at least one request with the|The model's max seq len \(|CUDA out of memory occurred when warming up|No available memory for the cache blocks|(?:CUDA|NPU) out of memory\. Tried)[^\n|]*|(?:ValueError|RuntimeError|torch\.OutOfMemoryError|AssertionError): [^\n|]*|EngineCore failed to start[^\n|]*`)
	r.reReserve = regexp.MustCompile(`Reserving ` + num + ` GiB of GPU memory for frontend multimodal decoding \(` + num + ` GiB raw-frame semaphore budget(?:, ` + num +
		` GiB decoder\+CUDA-context across ([0-9]+) API server\(s\) @ ` + num + ` GiB/server)?[^;]*; KV cache memory reduced to ` + num + ` GiB`)
	r.reSampler = regexp.MustCompile(`Using FlashInfer for top-p & top-k sampling|(Falling back to the PyTorch-native implementation of top-p & top-k sampling|FlashInfer is available, but it is not enabled)`)
	r.reAttnBlock = regexp.MustCompile(`Setting attention block size to ([0-9]+) tokens to ensure that attention page size is >= mamba page size`)
	r.reMambaPad = regexp.MustCompile(`Padding mamba page size by ` + num + `% to ensure that mamba page size and attention page size are exactly equal`)
	return r
})
