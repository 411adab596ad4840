package presets

import (
	"testing"

	"vram/calc"
)

func TestMatchModel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Qwen/Qwen2.5-VL-7B-Instruct", "Qwen/Qwen2.5-VL-7B-Instruct"},
		{"qwen/qwen2.5-vl-7b-instruct", "Qwen/Qwen2.5-VL-7B-Instruct"},
		{"/data/models/Qwen2.5-VL-7B-Instruct/", "Qwen/Qwen2.5-VL-7B-Instruct"},
		{"Qwen2.5-VL-7B-Instruct-AWQ", "Qwen/Qwen2.5-VL-7B-Instruct-AWQ"},
		// A build of a catalog model, never the 16-bit model itself.
		{"Qwen/Qwen2.5-VL-3B-Instruct-AWQ", "Qwen/Qwen2.5-VL-3B-Instruct-AWQ"},
		{"/models/Qwen1.5-7B-Chat-GPTQ-Int4", "/models/Qwen1.5-7B-Chat-GPTQ-Int4"},
		{"Qwen3-VL-30B-A3B-FP8", "Qwen3-VL-30B-A3B-FP8"},
		{"SomeOrg/NotAModel-AWQ", ""},
		{"Qwen/Qwen3-VL-30B-A3B", "Qwen/Qwen3-VL-30B-A3B-Instruct"},
		// A name short of two checkpoints of one architecture (Instruct
		// and Thinking) is either; short of several architectures, none.
		{"Qwen3-Next-80B", "Qwen/Qwen3-Next-80B-A3B-Instruct"},
		{"Qwen3-VL", ""},
		{"Qwen2.5", ""},
		{"", ""},
	} {
		m, ok := MatchModel(c.in)
		if got := map[bool]string{true: m.ID}[ok]; got != c.want {
			t.Errorf("MatchModel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMatchDevice(t *testing.T) {
	g := func(x float64) calc.Bytes { return calc.FromGiB(x) }
	for _, c := range []struct {
		name  string
		total calc.Bytes
		plat  calc.Platform
		want  string
	}{
		{"NVIDIA A100-SXM4-80GB", 0, "", "a100-80gb"},
		// A laptop part is not the desktop card of its number.
		{"NVIDIA GeForce RTX 5090 Laptop GPU", 0, "", ""},
		{"NVIDIA Jetson Thor (L4T 38.2)", 0, "", ""},
		{"NVIDIA A100-PCIE-40GB", g(39.38), "", "a100-40gb"},
		{"NVIDIA A100-SXM4-40GB", 0, "", "a100-40gb-sxm"},
		{"NVIDIA GeForce RTX 4090", g(23.58), "", "rtx-4090"},
		{"RTX 4090 24GB", 0, "", "rtx-4090"},
		{"NVIDIA H200", 0, "", "h200"},
		{"Ascend910B3", 0, "", "ascend-910b3"},
		{"910B4", 0, calc.Ascend, "ascend-910b4"},
		{"", 31662800896, calc.Ascend, "ascend-910b4"},
		{"", g(79.25), calc.CUDA, "a100-80gb"},
		{"NVIDIA L4", 0, "", "l4"},
		{"Tesla V100-SXM2-32GB", 0, "", "v100-32gb"},
		{"Ascend 910B (64 GB)", 0, "", "ascend-910b1"},
		{"Ascend NPU 64 GB", 0, "", "ascend-910b1"},
		{"a potato", 0, "", ""},
		// A word that only contains a device token is not that device.
		{"NVIDIA GPU on OCP cluster 'pokprod' (model not stated)", 0, "", ""},
		{"NVIDIA RTX PRO 6000 Blackwell", 0, "", "rtx-pro-6000-blackwell"},
		// "a10" glued inside "a100" is not the A10: a bare "A100" is the
		// catalog's first A100, the A10 and A10G keep their names.
		{"NVIDIA A100", 0, "", "a100-40gb"},
		{"NVIDIA A10", 0, "", "a10"},
		{"GPU 0: NVIDIA A10G", 0, "", "a10g"},
		{"rtx4090", 0, "", "rtx-4090"},
	} {
		d, ok := MatchDevice(c.name, c.total, c.plat)
		if got := map[bool]string{true: d.ID}[ok]; got != c.want {
			t.Errorf("MatchDevice(%q, %v, %q) = %q, want %q", c.name, c.total, c.plat, got, c.want)
		}
	}
}

// A renamed repository and an unnamed device with a logged total.
func TestMatchRenamedAndTotal(t *testing.T) {
	if m, ok := MatchModel("meta-llama/Meta-Llama-3.1-8B-Instruct"); !ok || m.ID != "meta-llama/Llama-3.1-8B-Instruct" {
		t.Errorf("renamed Llama 3.1: %q %v", m.ID, ok)
	}
	if d, ok := MatchDevice("24GB NVIDIA GPU (model not named)", calc.FromGiB(79.25), calc.CUDA); !ok || d.Total != calc.FromGiB(79.25) && !near(d.Total, calc.FromGiB(79.25), 0.01) {
		t.Errorf("unnamed device by its total: %q %v", d.ID, ok)
	}
}

// An alias names the part as its series does: "Atlas A3" is the 910C
// (vllm-ascend's a3 images).
func TestMatchDeviceAlias(t *testing.T) {
	if d, ok := MatchDevice("Ascend Atlas A3", 0, ""); !ok || d.ID != "ascend-910c" {
		t.Errorf("Atlas A3: %q %v, want ascend-910c", d.ID, ok)
	}
	if _, ok := MatchDevice("Atlas A30", 0, calc.Ascend); ok {
		t.Error("Atlas A30 matched")
	}
}

// Under WSL2 or Windows a CUDA part reports its whole framebuffer, so the
// match takes the nameplate; the same name on Linux keeps the Linux total.
func TestMatchDeviceWSL(t *testing.T) {
	lin, ok := MatchDevice("NVIDIA GeForce RTX 4080", 0, calc.CUDA)
	if !ok {
		t.Fatal("RTX 4080 not matched")
	}
	wsl, ok := MatchDevice("NVIDIA GeForce RTX 4080 (WSL2)", 0, calc.CUDA)
	if !ok || wsl.ID != lin.ID {
		t.Fatalf("WSL2 RTX 4080: %q %v, want %q", wsl.ID, ok, lin.ID)
	}
	// 16 GiB nameplate = 17,179,869,184 B; the Linux figure is below it.
	if wsl.Total != lin.Nameplate || lin.Total >= lin.Nameplate {
		t.Errorf("WSL2 total %v, Linux total %v, nameplate %v", wsl.Total, lin.Total, lin.Nameplate)
	}
}
