package calc

// This file is the API server's GPU media-decoding reserve: what
// reserve_mm_ipc_gpu_memory (vllm/multimodal/gpu_ipc_memory.py; a Worker
// method in gpu_worker.py at first, #44465, vLLM 0.25.0) takes from the KV
// cache after profiling. See calc/README.md "The budget".

import "fmt"

// PyNvDecoderBytes and PyNvContextBytes are PyNvVideoCodec's footprint in
// each API server process (vllm/multimodal/video.py at 0.25.0,
// video_decoders/pynvvideocodec.py later): a fixed upper bound per
// retained decoder's surfaces and the process's own CUDA context,
// "measured with PyNvVideoCodec 2.0.4 on H100".
const (
	PyNvDecoderBytes = 128 * MiB         // PYNVVIDEOCODEC_DECODER_GPU_MEMORY_BYTES
	PyNvContextBytes = Bytes(1932735283) // PYNVVIDEOCODEC_CUDA_CONTEXT_BYTES = int(1.8 * 1024 * MiB_bytes)
	nvcDefaultHW     = 2                 // PYNVVIDEOCODEC_DEFAULT_HW_DECODERS (#49753)
	videoBackendNVC  = "pynvvideocodec"  // PYNVVIDEOCODEC_VIDEO_BACKEND
)

// VideoBackends are the API server's video loaders the calculator tells
// apart (media_io_kwargs video.video_backend, or VLLM_VIDEO_LOADER_BACKEND):
// "" is any loader that decodes on the CPU (opencv, the default).
var VideoBackends = []string{"", videoBackendNVC}

// Video decoder reserves (Engine.VideoDecoders).
const (
	VideoDecodersNone = ""            // no GPU video backend in the release
	VideoDecodersOne  = "one"         // one retained decoder per API server (PYNVVIDEOCODEC_MAX_RETAINED_DECODERS = 1)
	VideoDecodersHW   = "hw_decoders" // media_io_kwargs video.hw_decoders slots, default 2
)

// resolveMMIPC is the reserve: the raw-frame budget int(mm_ipc_gpu_memory_gb
// × GiB), once (the API servers split it between them), plus, where the
// API server decodes video on the GPU, A × (128 MiB × D + 1.8 GiB) for A
// API servers of D decoders each. A is --api-server-count, else the
// data-parallel size (vllm/entrypoints/cli/serve.py: the internal load
// balancer starts one API server per replica). The decoder term holds even
// when the raw-frame budget is 0.
//
// Two API servers of two decoders and 4 GiB of frames: 4 GiB + 2 × (256 MiB
// + 1843.2 MiB) = 4096 + 4198.4 MiB ≈ 8.10 GiB.
func (r *Resolved) resolveMMIPC() {
	o, e := r.Options, r.Engine
	mm := r.Model.Vision != nil // reserve_mm_ipc_gpu_memory returns at once without a MultiModalConfig
	if g := o.MMIPCGPUMemoryGB; g != nil && e.MMIPCGPUMemory && mm {
		r.MMIPCRaw = Bytes(*g * float64(GiB)) // int(mm_ipc_gpu_memory_gb * GiB_bytes)
	}
	r.origin("mm-ipc-gpu-memory-gb", o.MMIPCGPUMemoryGB != nil && e.MMIPCGPUMemory, OriginOff)
	r.APIServers = r.DP
	if o.APIServerCount != nil {
		r.APIServers = max(*o.APIServerCount, 1) // max(1, api_process_count)
	}
	r.origin("api-server-count", o.APIServerCount != nil, OriginAPIServers)
	gpuVideo := mm && o.VideoBackend == videoBackendNVC && e.VideoDecoders != VideoDecodersNone
	r.origin("video-backend", o.VideoBackend != "", OriginOff)
	switch {
	case !gpuVideo:
	case e.VideoDecoders == VideoDecodersOne:
		r.HWDecoders = 1
	case o.HWDecoders != nil:
		r.HWDecoders = *o.HWDecoders
	default:
		r.HWDecoders = nvcDefaultHW
	}
	if gpuVideo {
		r.origin("hw-decoders", o.HWDecoders != nil && e.VideoDecoders == VideoDecodersHW, OriginRelease, "release", r.release())
	} else {
		r.origin("hw-decoders", false, OriginOff)
	}
	if r.HWDecoders > 0 {
		r.MMIPCDecoder = Bytes(r.APIServers) * r.decoderPerServer()
	}
	r.MMIPC = r.MMIPCRaw + r.MMIPCDecoder
}

// decoderPerServer is one API server's decoder surfaces and CUDA context;
// the line states it with one decoder when none runs on the GPU.
func (r *Resolved) decoderPerServer() Bytes {
	return PyNvDecoderBytes*Bytes(max(r.HWDecoders, 1)) + PyNvContextBytes
}

// reserveLine is the worker's INFO line for the reserve (gpu_ipc_memory.py
// reserve_mm_ipc_gpu_memory), with the KV cache left after it.
func (r *Resolved) reserveLine(kv Bytes) string {
	return fmt.Sprintf("Reserving %s GiB of GPU memory for frontend multimodal decoding (%s GiB raw-frame semaphore budget, %s GiB decoder+CUDA-context across %d API server(s) @ %s GiB/server); KV cache memory reduced to %s GiB.",
		gib(r.MMIPC), gib(r.MMIPCRaw), gib(r.MMIPCDecoder), r.APIServers, gib(r.decoderPerServer()), gib(kv))
}
