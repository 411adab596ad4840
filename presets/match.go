package presets

import (
	"math"
	"path"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"vram/calc"
)

// The matcher: from what people and logs write to catalog entries. The
// paste box, the log import and the replay use it alike.

// MatchModel finds the catalog model a name means: a Hugging Face id in
// any case ("qwen/qwen2.5-vl-7b-instruct"), a local path whose last part
// names it ("/models/Qwen2.5-VL-7B-Instruct/"), or that last part alone.
// A name with a quantization suffix ("…-AWQ", "…-GPTQ-Int4") is that build
// of the model the rest names (presets/builds.json), never the unquantized
// model: its weights differ.
func MatchModel(name string) (ModelEntry, bool) {
	if m, ok := matchModel(name); ok {
		return m, true
	}
	return buildOf(strings.TrimRight(strings.TrimSpace(name), "/"), matchModel)
}

// renamed are repositories published under another name first: Meta
// renamed its Llama 3.1 repositories from Meta-Llama-3.1-* to Llama-3.1-*
// in 2024 (the old names redirect on huggingface.co).
var renamed = []struct{ old, now string }{{"meta-llama-3.1-", "llama-3.1-"}}

func matchModel(name string) (ModelEntry, bool) {
	for _, r := range renamed {
		if low := strings.ToLower(name); strings.Contains(low, r.old) {
			i := strings.Index(low, r.old)
			if m, ok := matchModel(name[:i] + r.now + name[i+len(r.old):]); ok {
				return m, true
			}
		}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return ModelEntry{}, false
	}
	base := strings.ToLower(path.Base(strings.TrimRight(name, "/")))
	var byBase *ModelEntry
	for _, m := range Models() {
		if strings.EqualFold(m.ID, name) {
			return m, true
		}
		if strings.ToLower(path.Base(m.ID)) == base && byBase == nil {
			m := m
			byBase = &m
		}
	}
	if byBase != nil {
		return *byBase, true
	}
	// "Qwen/Qwen3-VL-30B-A3B", "Gemma-3-27b": the release its chat build
	// names (Qwen's and Llama's -Instruct, Gemma's -it), whose config the
	// base model shares.
	if !strings.HasSuffix(base, "-instruct") && !strings.Contains(base, "-thinking") && !strings.HasSuffix(base, "-it") {
		for _, chat := range []string{"-Instruct", "-it"} {
			if m, ok := matchModel(strings.TrimRight(name, "/") + chat); ok {
				return m, true
			}
		}
	}
	return siblingOf(base)
}

// siblingOf matches a name that stops short of every catalog name it
// begins ("Qwen3-Next-80B" for Qwen3-Next-80B-A3B-Instruct and -Thinking)
// when those checkpoints share one architecture, so that which of them
// ran does not change a figure; a name that begins checkpoints of several
// architectures ("Qwen3-VL") matches none.
func siblingOf(base string) (ModelEntry, bool) {
	var first *ModelEntry
	for _, m := range Models() {
		if !strings.HasPrefix(strings.ToLower(path.Base(m.ID)), base+"-") {
			continue
		}
		if first == nil {
			m := m
			first = &m
			continue
		}
		if !sameArchitecture(first.Model, m.Model) {
			return ModelEntry{}, false
		}
	}
	if first == nil {
		return ModelEntry{}, false
	}
	return *first, true
}

// sameArchitecture reports whether two checkpoints have the same shapes,
// dtype and quantization: the same figures on every scenario.
func sameArchitecture(a, b calc.Model) bool {
	a.ID, b.ID = "", ""
	return reflect.DeepEqual(a, b)
}

// MatchDevice finds the catalog device a name and a logged total describe.
// The name is matched by its words ("NVIDIA A100-SXM4-80GB", "RTX 4090
// 24GB", "Ascend910B3", "910B4"); the total, when logged, must agree with
// the device's to 1 % (or pick among devices the name leaves open, or
// alone find the device whose total it is); a name only one part carries
// keeps that part when the total disagrees. Platform, when known, narrows
// the search.
func MatchDevice(name string, total calc.Bytes, platform calc.Platform) (DeviceEntry, bool) {
	d, ok := matchDevice(name, total, platform)
	if low := strings.ToLower(name); ok && d.Platform == calc.CUDA && d.Nameplate > 0 && (strings.Contains(low, "wsl") || strings.Contains(low, "windows")) {
		// Under Windows and WSL2 the driver reports the whole framebuffer:
		// an RTX 4060 8.00 GiB under WSL2 (vllm #13882), an RTX 4080 15.99
		// GiB and an RTX 3060 12.00 GiB on Windows (sd-webui-EasyPhoto #281,
		// PuLID #13), where Linux reports less.
		d.Total = d.Nameplate
		d.TotalSource = "under Windows or WSL2 the driver reports the whole framebuffer (vllm #13882, sd-webui-EasyPhoto #281, PuLID #13)"
	}
	return d, ok
}

func matchDevice(name string, total calc.Bytes, platform calc.Platform) (DeviceEntry, bool) {
	norm := ""
	if strings.TrimSpace(name) != "" {
		norm = normDevice(name)
	}
	var best DeviceEntry
	bestScore := 0
	var named []DeviceEntry // named by their model token, whatever the total
	for _, d := range Devices() {
		if platform != "" && d.Platform != platform {
			continue
		}
		score := 0
		if norm != "" {
			score = deviceScore(norm, d)
			if mobile(norm) && !mobile(normDevice(d.ID)) {
				score = 0 // a laptop part has its own memory (the RTX 5090 Laptop GPU: 24 GB, not 32)
			}
			if score == 0 && aliasOf(norm, d) {
				score = 2
			}
			if score == 0 {
				continue
			}
			named = append(named, d)
		}
		if total > 0 {
			if !near(total, d.Total, 0.01) {
				if norm == "" || score < 3 {
					continue
				}
			} else {
				score += 2
			}
		}
		if norm == "" && total > 0 {
			// The total alone: prefer a device whose total was logged
			// over one whose total is borrowed or assumed.
			score = 1
			if strings.HasPrefix(d.TotalSource, "logged") {
				score = 2
			}
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	if bestScore == 0 && len(named) == 1 {
		// The only part of that name, with a total another driver or
		// setting reports (a Colab T4 at 14.74 GiB, a 4080 under WSL2):
		// the part, at the catalog's total.
		return named[0], true
	}
	if bestScore == 0 && norm != "" {
		if d, ok := matchBySize(norm, total, platform); ok {
			return d, true
		}
		if total > 0 {
			// A name that names no catalog part ("24GB NVIDIA GPU"), with a
			// logged total: the device whose runtime reports that total.
			return matchDevice("", total, platform)
		}
		return DeviceEntry{}, false
	}
	return best, bestScore > 0
}

// aliasOf reports whether the name carries one of d's aliases as whole words.
func aliasOf(norm string, d DeviceEntry) bool {
	for _, a := range d.Aliases {
		if strings.Contains(norm, normDevice(a)) {
			return true
		}
	}
	return false
}

var sizeRe = regexp.MustCompile(`([0-9]+) ?gb?\b`)

// matchBySize is the second pass for names that give a family and a size
// but no exact part ("Ascend 910B (64 GB)", "Ascend NPU 64 GB"): the first
// device of the platform (in catalog order) whose family word the name has,
// or any NPU for "npu", with that nameplate size.
func matchBySize(norm string, total calc.Bytes, platform calc.Platform) (DeviceEntry, bool) {
	m := sizeRe.FindStringSubmatch(norm)
	if m == nil {
		return DeviceEntry{}, false
	}
	gb, _ := strconv.Atoi(m[1])
	for _, d := range Devices() {
		if platform != "" && d.Platform != platform {
			continue
		}
		words := strings.Fields(normDevice(strings.ReplaceAll(d.ID, "-", " ")))
		family := false
		for _, w := range words {
			for _, n := range strings.Fields(norm) {
				if len(n) >= 4 && strings.HasPrefix(w, n) && n != "nvidia" && n != "ascend" {
					family = true
				}
			}
		}
		if strings.Contains(norm, " npu ") && d.Platform == calc.Ascend {
			family = true
		}
		if family && int(math.Round(float64(d.Nameplate)/float64(calc.GiB))) == gb && (total == 0 || near(total, d.Total, 0.01)) {
			return d, true
		}
	}
	return DeviceEntry{}, false
}

// mobile reports a laptop part's name ("RTX 5090 Laptop GPU", "… Mobile").
func mobile(norm string) bool {
	return strings.Contains(norm, " laptop ") || strings.Contains(norm, " mobile ")
}

func near(a, b calc.Bytes, rel float64) bool {
	return math.Abs(float64(a-b)) <= rel*float64(b)
}

// normDevice lowercases a device string and spaces its words out:
// "NVIDIA A100-SXM4-80GB" → " nvidia a100 sxm4 80gb ".
func normDevice(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("-", " ", "_", " ", "(", " ", ")", " ", ",", " ", "geforce", " ", "ascend", " ascend ").Replace(s)
	return " " + strings.Join(strings.Fields(s), " ") + " "
}

// partToken is a device's model token: "a100", "910b4", "4090" (the
// first word of its ID that is not "rtx", "ascend", "jetson" or "dgx").
func partToken(d DeviceEntry) (model string, rest []string) {
	words := strings.Fields(normDevice(strings.ReplaceAll(d.ID, "-", " ")))
	if len(words) == 0 {
		return "", nil
	}
	model, rest = words[0], words[1:]
	if (model == "rtx" || model == "ascend" || model == "jetson" || model == "dgx") && len(words) > 1 {
		model, rest = words[1], words[2:]
	}
	return model, rest
}

// partTokens is every catalog device's model token.
var partTokens = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, d := range Devices() {
		if t, _ := partToken(d); t != "" {
			m[t] = true
		}
	}
	return m
})

// inOtherToken reports whether every word of norm that contains token is
// some other part's token ("a100" for "a10").
func inOtherToken(norm, token string) bool {
	found := false
	for _, w := range strings.Fields(norm) {
		if !strings.Contains(w, token) {
			continue
		}
		found = true
		if w == token || !partTokens()[w] {
			return false
		}
	}
	return found
}

// deviceScore says how well a normalized name fits device d: its model
// token must appear ("a100", "910b4", "4090"); memory size and form
// factor words add to it; 0 is no match.
func deviceScore(norm string, d DeviceEntry) int {
	model, rest := partToken(d)
	if model == "" {
		return 0
	}
	whole := strings.Contains(norm, " "+model+" ")
	// A token glued to other letters ("ascend910b3", "310p3") counts only
	// when it carries a digit, is longer than two characters, and is not
	// inside another part's token: "pro" must not match "pokprod", "a10"
	// the "a100", nor "l4" Jetson's "L4T".
	if !whole && (len(model) <= 2 || !strings.Contains(norm, model) || !strings.ContainsAny(model, "0123456789") || inOtherToken(norm, model)) {
		return 0 // a two-character token ("l4", "t4") only as a word: "l4" is in Jetson's "L4T"
	}
	score := 2
	if !strings.Contains(norm, " "+model+" ") {
		// "ascend910b3" has the token glued on; "910b4" must not match "910b4 1".
		score = 1
	}
	for _, w := range rest {
		switch {
		case strings.Contains(norm, " "+w):
			score += 2 // the word, or a word it begins ("sxm" in "sxm4")
		case strings.HasSuffix(w, "gb") && strings.Contains(norm, strings.TrimSuffix(w, "gb")+"g"):
			score++
		default:
			// A device word the name lacks ("sxm", "80gb"): a weaker match
			// than the device without it.
			score--
		}
	}
	return max(score, 1)
}
