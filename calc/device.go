package calc

// Platform is the accelerator stack vLLM runs on.
type Platform string

// Platforms.
const (
	CUDA   Platform = "cuda"
	Ascend Platform = "ascend"
)

// Device is one accelerator as the runtime sees it.
type Device struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Platform  Platform `json:"platform"`
	Nameplate Bytes    `json:"nameplate_bytes"` // marketed capacity (e.g. 32 GB = 32 GiB of HBM)
	// Total is what torch.cuda.mem_get_info()[1] / torch.npu.mem_get_info()[1]
	// report: the T that gpu_memory_utilization multiplies. It is smaller than
	// the nameplate (ECC, firmware reservations).
	Total       Bytes  `json:"total_bytes"`
	TotalSource string `json:"total_source"` // where Total comes from: a log, or a stated assumption
	BF16        bool   `json:"bf16"`
	// ComputeCapability is the CUDA compute capability (8.0 for A100, 7.5
	// for Turing); 0 for Ascend or when not stated.
	ComputeCapability float64 `json:"compute_capability,omitempty"`
	// SoC names the chip family where the runtime picks a worker by it:
	// "310P" selects vllm-ascend's NPUWorker310 (vllm_ascend/_310p).
	SoC string `json:"soc,omitempty"`
	// NoNVMLMemory: NVML's nvmlDeviceGetMemoryInfo returns NotSupported
	// (GB10's unified memory), so vLLM's get_device_total_memory raises and
	// its batch defaults take the small row (arg_utils.py: "except
	// Exception: device_memory = 0").
	NoNVMLMemory bool `json:"nvml_memory_unsupported,omitempty"`
}

// Budget is u·T: the memory gpu_memory_utilization grants, a fraction of the
// total the runtime reports (not of the nameplate).
func (d Device) Budget(u float64) Bytes { return Bytes(float64(d.Total) * u) }
