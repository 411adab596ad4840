//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// shots are the pages TestScreenshots writes: name, query, viewport.
var shots = []struct {
	name, query string
	w, h        int64
}{
	{"910b4-shared-desktop", "?p=qwen3-vl-2b-910b4-shared", 1280, 1600},
	{"910b4-shared-036-desktop", "?p=qwen3-vl-2b-910b4-shared-036", 1280, 1600},
	{"a100-v083-desktop", "?p=qwen2.5-vl-7b-a100-v083", 1280, 1600},
	{"2080ti-v083-desktop", "?p=qwen2.5-vl-7b-2080ti-v083", 1280, 2000},
	{"3090-v083-zh-desktop", "?p=qwen2.5-vl-7b-3090-v083&lang=zh", 1280, 1800},
	{"a100-fixed-phone", "?p=qwen2.5-vl-7b-a100-fixed", 360, 2000},
	{"910b4-zh-phone", "?p=qwen3-vl-2b-910b4&lang=zh", 360, 2000},
	{"embed", "?p=qwen3-vl-2b-910b4-shared&embed=1", 720, 480},
	{"accuracy-desktop", "?view=accuracy", 1280, 2400},
	{"accuracy-zh-phone", "?view=accuracy&lang=zh", 360, 2000},
	{"card-desktop", cardLink("ascend-0.11.0rc1"), 1280, 1400},
	{"card-zh-phone", cardLink("ascend-0.18.0rc1") + "&lang=zh", 360, 1600},
	// Qwen3-Next on an A3 at 0.85: vllm-ascend 0.12's extra hybrid buffers stop the KV init.
	{"next-a3-kvinit-desktop", "?m=Qwen/Qwen3-Next-80B-A3B-Instruct&d=ascend-910c&e=ascend-0.12.0rc1&tp=4&u=0.85&len=4096", 1280, 1800},
	{"gptoss-h100-zh-phone", "?m=openai/gpt-oss-20b&d=h100-80gb&e=vllm-0.11.0&len=16000&lang=zh", 360, 2000},
	// Gemma 3 27B on 4 × A100-40G at vLLM 0.8.0, V0, 50 images a prompt (vllm #16378).
	{"gemma3-a100-v0-desktop", "?m=google/gemma-3-27b-it&d=a100-40gb&e=vllm-0.8.2&v1=0&tp=4&n=4&len=65536&seqs=64&mnbt=16384&img=50", 1280, 1800},
	// Qwen3.6-35B-A3B (gated DeltaNet decoder, Qwen3-VL tower) on one H100 at the newest release.
	{"qwen36-h100-desktop", "?m=Qwen/Qwen3.6-35B-A3B&d=h100-80gb&own=1", 1280, 2000},
	// Mistral-Nemo with --quantization fp8 on two L4s, one stage each (vllm #7878).
	{"nemo-fp8-l4-desktop", "?m=mistralai/Mistral-Nemo-Instruct-2407&d=l4&e=vllm-0.5.5&pp=2&n=2&len=128000&u=0.9&quant=fp8", 1280, 2600},
	// Llama 3.2 Vision at vLLM 0.6.3's defaults on one A100-80G: the profile's 256 dummy images do not fit.
	{"mllama-a100-zh-phone", "?m=meta-llama/Llama-3.2-11B-Vision-Instruct&d=a100-80gb&e=vllm-0.6.3&len=1024&seqs=256&lang=zh", 360, 2200},
	// InternVL3-78B on 8 × L40S at 0.6.6.post1 with 16 images a prompt: 208 tiles in one ViT pass.
	{"internvl-l40s-desktop", "?m=OpenGVLab/InternVL3-78B&d=l40s&e=vllm-0.6.6.post1&tp=8&n=8&len=8192&u=0.92&img=16", 1280, 2000},
	// Qwen3-VL on a release before it existed: the refusal says from which release.
	{"qwen3vl-v0102-refused-desktop", "?m=Qwen/Qwen3-VL-8B-Instruct&d=a100-80gb&e=vllm-0.10.2", 1280, 1200},
	{"qwen3vl-v0102-refused-zh-phone", "?m=Qwen/Qwen3-VL-8B-Instruct&d=a100-80gb&e=vllm-0.10.2&lang=zh", 360, 1400},
	// Qwen2.5-7B on an L4 with four LoRA slots of rank 64: 1.2 GiB of slots in the weights.
	{"lora-l4-desktop", "?m=Qwen/Qwen2.5-7B-Instruct&d=l4&lora=1&loras=4&rank=64&len=8192", 1280, 1800},
	// The sampler's note and the FlashInfer field: 1,024 rows on an H100.
	// InternVL3 at the latest release: its video is refused beside the video field.
	{"internvl-video-refused-desktop", "?m=OpenGVLab/InternVL3-8B&d=a100-80gb", 1280, 1600},
	{"flashinfer-fix-zh-phone", "?m=Qwen/Qwen3-32B&d=h100-80gb&e=vllm-0.11.0&len=32768&seqs=1024&lang=zh", 360, 2600},
	{"flashinfer-h100-desktop", "?m=Qwen/Qwen3-8B&d=h100-80gb&e=vllm-0.11.0&seqs=1024&fis=1", 1280, 3200},
	// Mistral Small 3.2 (Pixtral tower) as llm-d ran it on one H100 at 0.11.0.
	{"mistral32-h100-desktop", "?m=mistralai/Mistral-Small-3.2-24B-Instruct-2506&d=h100-80gb&e=vllm-0.11.0&u=0.95&len=16000&mnbt=8192&bs=128", 1280, 2200},
	// Llama-3.3-Nemotron-Super-49B (31 of 80 layers without attention) at TP 2, in Chinese.
	{"nemotron49b-h100-zh-phone", "?m=nvidia/Llama-3_3-Nemotron-Super-49B-v1&d=h100-80gb&tp=2&n=2&len=32768&lang=zh", 360, 2200},
	// Qwen2-VL-7B at 0.6.5: the capped 1225-token dummy image in 13 sequences.
	{"qwen2vl-065-zh-phone", "?m=Qwen/Qwen2-VL-7B-Instruct&d=a100-80gb&e=vllm-0.6.5&lang=zh", 360, 2200},
	// Qwen3-VL-8B at 0.28.0, two API servers decoding video with PyNvVideoCodec: 4.10 GiB off the KV cache.
	// Qwen3-VL-8B with the vision encoder in CUDA graphs: outside the estimate at 0.22.0, inside it at 0.23.0 (Chinese, phone).
	{"qwen3vl-vitcg-desktop", "?m=Qwen/Qwen3-VL-8B-Instruct&d=h100-80gb&e=vllm-0.22.0&len=32768&vitcg=1", 1280, 3300},
	{"qwen3vl-vitcg-zh-phone", "?m=Qwen/Qwen3-VL-8B-Instruct&d=h100-80gb&e=vllm-0.23.0&len=32768&vitcg=1&lang=zh", 360, 2400},
	// Sixteen API servers' video decoders leave no KV cache: the CPU-decoding fix.
	{"qwen3vl-nvdec16-fail-phone", "?m=Qwen/Qwen3-VL-2B-Instruct&d=a100-40gb&e=vllm-0.28.0&len=16384&vbe=pynvvideocodec&apis=16", 360, 2400},
	// MiniCPM-V 2.6: 16-frame dummy videos through the resampler.
	{"minicpmv-4090-desktop", "?m=openbmb/MiniCPM-V-2_6&d=rtx-4090&e=vllm-0.11.0&len=8192", 1280, 2400},
	// GLM-4.1V: the 600-frame dummy video at 0.11.0; the 1-frame refusal at 8,192 tokens before #30285.
	{"glm41v-a100-desktop", "?m=zai-org/GLM-4.1V-9B-Thinking&d=a100-80gb&e=vllm-0.11.0", 1280, 2400},
	{"glm41v-8k-refused-zh-phone", "?m=zai-org/GLM-4.1V-9B-Thinking&d=a100-80gb&e=vllm-0.11.0&len=8192&lang=zh", 360, 1400},
	// LLaVA-OneVision 7B: the anyres dummy image of 13 tiles; refused before 0.7.0.
	{"llava-ov-l40s-desktop", "?m=llava-hf/llava-onevision-qwen2-7b-ov-hf&d=l40s&e=vllm-0.11.0&len=32768", 1280, 2400},
	{"llava-ov-v066-refused-zh-phone", "?m=llava-hf/llava-onevision-qwen2-7b-ov-hf&d=l40s&e=vllm-0.6.6.post1&lang=zh", 360, 1400},
	// Qwen3-Omni's thinker at TP 2: the audio tower in the weights, the resized dummy video.
	{"omni-a100-desktop", "?m=Qwen/Qwen3-Omni-30B-A3B-Instruct&d=a100-80gb&e=vllm-0.13.0&tp=2&n=2&len=65536", 1280, 2400},
	{"omni-a100-zh-phone", "?m=Qwen/Qwen3-Omni-30B-A3B-Instruct&d=a100-80gb&e=vllm-0.13.0&tp=2&n=2&len=65536&lang=zh", 360, 2400},
	{"qwen3vl-nvdec-desktop", "?m=Qwen/Qwen3-VL-8B-Instruct&d=h100-80gb&e=vllm-0.28.0&len=32768&vbe=pynvvideocodec&apis=2&mmipc=2", 1280, 3200},
}

// TestScreenshots writes PNGs of the main presets (desktop, phone, embed)
// into $VRAM_SCREENSHOTS (`make screenshots`); skipped otherwise.
func TestScreenshots(t *testing.T) {
	out := os.Getenv("VRAM_SCREENSHOTS")
	if out == "" {
		t.Skip("VRAM_SCREENSHOTS not set")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	s := serveDist(t, nil)
	for _, sh := range shots {
		if f := os.Getenv("VRAM_SHOT"); f != "" && !strings.Contains(sh.name, f) {
			continue
		}
		b := newBrowser(t)
		b.do(t, chromedp.EmulateViewport(sh.w, sh.h), chromedp.Navigate(s.URL+prefix+sh.query))
		if strings.Contains(sh.query, "view=card") {
			b.waitWasm(t)
			if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`!!document.getElementById('card-summary')`)); err != nil {
				t.Fatal(err)
			}
		} else if strings.Contains(sh.query, "view=accuracy") {
			b.waitWasm(t)
			if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`!!document.getElementById('acc-cases')`)); err != nil {
				t.Fatal(err)
			}
		} else {
			b.waitResult(t)
		}
		png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, sh.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	pasteShots(t, s.URL, out)
	formShots(t, s.URL, out)
}

// pasteShots writes the paste box: the seed's command (findings and the
// fix), a startup log against the prediction, and the command in Chinese.
func pasteShots(t *testing.T, url, out string) {
	// The paste box with the seed's command in it: findings and the fix.
	seed, err := os.ReadFile("../../calc/cmdline/testdata/seed-command.sh")
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(1280, 1600), chromedp.Navigate(url+prefix))
	b.waitResult(t)
	b.eval(t, `(() => { document.getElementById('paste').open = true; return "" })()`)
	b.setField(t, "paste-input", string(seed))
	png, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.ID("paste")))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "paste-command.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}

	// A startup log against the prediction.
	b.setField(t, "paste-input", startupLog)
	b.click(t, "paste-apply")
	png, err = chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.ID("paste")))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "paste-log.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}

	// The seed's command again, in Chinese.
	b.click(t, "lang-zh")
	b.setField(t, "paste-input", string(seed))
	png, err = chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.ID("paste")))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "paste-command-zh.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}

}

// formShots writes the forms with their advanced options open: Ascend's
// (data parallel, expert parallel, HCCL's unfolding mode) and a CUDA
// release's (--mm-ipc-gpu-memory-gb).
func formShots(t *testing.T, base, out string) {
	t.Helper()
	// The Ascend form with its advanced options open: data parallel,
	// expert parallel and HCCL's unfolding mode.
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(1280, 2000), chromedp.Navigate(base+prefix+"?p=qwen3-vl-2b-910b4-shared&tp=2&dp=2&hccl=AIV"))
	b.waitResult(t)
	b.eval(t, `(() => { document.getElementById('advanced').open = true; return "" })()`)
	png, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.ID("inputs")))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "form-ascend.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	png, err = chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.ID("advanced")))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "form-ascend-advanced.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}

	// A CUDA release's advanced options: --mm-ipc-gpu-memory-gb (0.29+).
	b = newBrowser(t)
	b.do(t, chromedp.EmulateViewport(1280, 2000), chromedp.Navigate(base+prefix+"?p=qwen2.5-vl-7b-a100-v083&e=vllm-0.30.0&mmipc=2"))
	b.waitResult(t)
	b.eval(t, `(() => { document.getElementById('advanced').open = true; return "" })()`)
	png, err = chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.ID("advanced")))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "form-cuda-advanced.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
