package calc

// Non-torch memory (spec §1.2 N, §1.5, §10 step 5). These are stated
// assumptions, not measurements of a particular deployment: every figure is
// bounded by public logs, and Scenario.Calibration.NonTorch replaces the
// in-budget part when a log states it.

// Context is the process's own CUDA/ACL context and allocator bookkeeping,
// created at set_device before the baseline snapshot. On CUDA the spec
// infers 0.3–0.6 GiB (§10 step 2); we take the middle, 0.45 GiB. On Ascend
// it is not logged anywhere; §10 suggests 0.5–1 GiB, and we take 1 GiB,
// the conservative end, until a log bounds it.
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

// NonTorch is the split of non-torch memory on one rank.
type NonTorch struct {
	Context   Bytes // own context: baseline or budget per family
	Workspace Bytes // grows during profiling: always in N
	Comm      Bytes // NCCL/HCCL: in N where Engine.CommInBudget
	Others    Bytes // other programs: in N where Engine.OthersInBudget
	InBudget  Bytes // the N the budget subtracts ("non_torch_memory")
	Self      Bytes // this process's own growth inside N (workspace, or the calibrated figure)
}

// nonTorch splits one rank's non-torch memory for this family.
func nonTorch(r *Resolved) NonTorch {
	n := NonTorch{Context: Context(r.Device.Platform), Workspace: Workspace, Comm: commBytes(r), Others: r.OtherProcesses}
	if c := r.Calibration; c != nil && c.NonTorch != nil {
		// A logged non_torch_memory is exactly what the budget subtracted.
		n.InBudget = *c.NonTorch
		n.Self = n.InBudget
		if r.Engine.OthersInBudget {
			n.Self = max(n.Self-n.Others-n.Context, 0)
		}
		return n
	}
	n.Self = n.Workspace
	n.InBudget = n.Workspace
	if r.Engine.CommInBudget {
		n.InBudget += n.Comm
	}
	if r.Engine.OthersInBudget {
		// "global" semantics: used − torch at the end of profiling counts
		// the context and every other program (V1 #10528, vllm-ascend ≤0.14).
		n.InBudget += n.Others + n.Context
	}
	return n
}
