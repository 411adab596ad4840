package calc

// Non-torch memory (calc/README.md "Non-torch memory"). These are stated
// assumptions, not measurements of a particular deployment: every figure is
// bounded by public logs, and Scenario.Calibration.NonTorch replaces the
// in-budget part when a log states it.

// Context is the process's own CUDA/ACL context and allocator bookkeeping,
// created at set_device before the baseline snapshot. On CUDA public logs
// put it at 0.3–0.6 GiB; we take the middle, 0.45 GiB. On Ascend no log
// isolates it; we take 1 GiB, the conservative end of 0.5–1 GiB, until a
// log bounds it.
func Context(p Platform) Bytes {
	if p == Ascend {
		return 1 * GiB
	}
	return 450 * MiB
}

// Workspace is the non-torch memory that grows during profiling on every
// rank: cuBLAS/cuDNN (or aclnn/ATB) workspaces and compiled kernels.
//
// CUDA (fitted): 0.13 GiB, the median non_torch_memory of the seven
// distinct single-GPU NVIDIA setups of calc/testdata (0.03 on an RTX 4060
// under WSL, 0.06 on an A10G and an RTX A6000, 0.135 on H100 under V1,
// 0.22 on an H200, 0.33 and 0.35 on 24 GB cards under 0.6.x; vLLM #13882,
// #15360, #16141, llm-d's memory study, #15394, #11899, #10517).
// Ascend: 0.3 GiB, unfitted: no public log isolates it.
func Workspace(p Platform) Bytes {
	if p == Ascend {
		return 300 * MiB
	}
	return 133 * MiB
}

// CommBuffer is the NCCL/HCCL memory per communicator group a rank joins
// (a TP group when TP > 1, a PP group when PP > 1).
//
// CUDA (fitted): 0.34 GiB, the median rise of non_torch_memory over the
// single-GPU workspace in the three tensor-parallel NVIDIA setups of
// calc/testdata (0.25 on 4×A100 TP 4, vLLM #16570; 0.34 on 4×A100 TP 4,
// #16378; 0.41 on 2×H100 TP 2, llm-d's study): NCCL's channel buffers and
// vLLM's custom all-reduce buffers.
// Ascend (documented): each HCCL communication domain holds
// 2 × HCCL_BUFFSIZE, 2 × 200 MB by default (CANN, "HCCL_BUFFSIZE").
func CommBuffer(p Platform) Bytes {
	if p == Ascend {
		return 2 * 200 * 1000 * 1000
	}
	return 348 * MiB
}

// commBytes is the communicator memory of one rank.
func commBytes(r *Resolved) Bytes {
	var n Bytes
	per := CommBuffer(r.Device.Platform)
	if r.TP > 1 {
		n += per
	}
	if r.PP > 1 {
		n += per
	}
	return n
}

// NonTorch is the split of one rank's non-torch memory, and which pieces
// the release counts in the non_torch_memory its budget subtracts.
type NonTorch struct {
	Context Bytes // own context, created before the baseline snapshot
	Comm    Bytes // NCCL/HCCL buffers
	Others  Bytes // other programs on the device
	Self    Bytes // this process's own growth during profiling (workspaces), or the calibrated remainder
	// OthersIn: other programs and the own context land in N ("global"
	// semantics: V1 #10528 through 0.9.0, vllm-ascend 0.9–0.17, and the
	// 310P worker's "non-torch memory cleared by empty_cache" from 0.18).
	// CommIn: the communicators are created after the baseline snapshot.
	OthersIn, CommIn bool
	InBudget         Bytes // N as the budget subtracts it ("non_torch_memory")
}

// nonTorch splits one rank's non-torch memory for this release. A logged
// non_torch_memory is what the budget subtracted; the pieces the release
// folds into it (others, context, comm) are kept at their own figures and
// the log's remainder becomes Self, so the pieces always add up to InBudget.
func nonTorch(r *Resolved) NonTorch {
	n := NonTorch{Context: Context(r.Device.Platform), Comm: commBytes(r), Others: r.OtherProcesses,
		OthersIn: r.Engine.OthersInBudget || r.HalveKV, CommIn: r.Engine.CommInBudget, Self: Workspace(r.Device.Platform)}
	folded := Bytes(0)
	if n.OthersIn {
		folded += n.Others + n.Context
	}
	if n.CommIn {
		folded += n.Comm
	}
	if c := r.Calibration; c != nil && c.NonTorch != nil {
		n.Self = max(*c.NonTorch-folded, 0)
	}
	n.InBudget = folded + n.Self
	return n
}
