// Package calc models how vLLM and vllm-ascend size device memory at startup.
//
// A Scenario describes a deployment (model, device, engine version, launch
// options); Estimate turns it into an Estimate: weights, the profile-run peak,
// the KV cache, the startup gates in vLLM's order, ranked fixes and the log
// lines that version prints. Every figure follows a mechanism of vLLM that the
// comments name (file and version), as written up in calc/README.md, which
// the comments cite by section.
//
// The package is pure Go: it imports nothing of the UI and does no I/O.
package calc
