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
// rank: cuBLAS/cuDNN (or aclnn/ATB) workspaces and compiled kernels. Logs
// bound it: non_torch_memory 0.35 GiB on a single RTX 3090 (vLLM #10517,
// V0, context in the baseline), 0.20 GiB on 3090s with TP, 0.34–0.43 GiB
// on 4×A100 TP4 (#16570, NCCL included). We take 0.30 GiB for the
// workspace alone.
const Workspace = 300 * MiB

// CommBuffer is the NCCL/HCCL memory per communicator group a rank joins
// (a TP group when TP > 1, a PP group when PP > 1). The A100 TP4 ranks of
// #16570 (0.34–0.43 GiB) exceed the single-GPU figure (0.35 GiB) by at
// most ~0.1 GiB, so one group costs about 64 MiB of device memory.
const CommBuffer = 64 * MiB

// commBytes is the communicator memory of one rank.
func commBytes(r *Resolved) Bytes {
	var n Bytes
	if r.TP > 1 {
		n += CommBuffer
	}
	if r.PP > 1 {
		n += CommBuffer
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
	// semantics: V1 #10528 through 0.9.0, vllm-ascend 0.9–0.17).
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
		OthersIn: r.Engine.OthersInBudget, CommIn: r.Engine.CommInBudget, Self: Workspace}
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
