package cmdline

// This file reads the multimodal options: --limit-mm-per-prompt,
// --mm-processor-kwargs and --media-io-kwargs, and the one compilation
// setting that sizes multimodal memory, cudagraph_mm_encoder.

import (
	"math"
	"strconv"
	"strings"

	"vram/calc"
	"vram/calc/finding"
)

// limits reads --limit-mm-per-prompt: JSON ({"image": 2, "video": 0}) in
// vLLM 0.8.5 and later, the older key=value form (image=2,video=0) before.
func (c *Command) limits(shown, raw string, lit any, py bool) {
	var m map[string]any
	switch {
	case py || strings.HasPrefix(strings.TrimSpace(raw), "{"):
		var ok bool
		if m, ok = c.mapping(shown, raw, lit, py, c.applyLimits); !ok {
			return
		}
	default:
		m = map[string]any{}
		for _, kv := range strings.Split(raw, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if !ok || err != nil {
				c.Findings.Add(shown, raw, finding.Invalid, "expected JSON such as '{\"image\": 2}' or the older form image=2,video=0")
				return
			}
			m[strings.TrimSpace(k)] = float64(n)
		}
		c.Findings.Addf(shown, raw, finding.Read, "the key=value form is vLLM 0.8.4 and earlier; later versions want JSON: '%s'", literalText(m))
		c.applyLimits(&c.Options, m)
		return
	}
	if m == nil {
		c.Findings.Add(shown, raw, finding.Invalid, "expected a mapping such as {\"image\": 2, \"video\": 0}")
		return
	}
	c.Findings.Add(shown, raw, finding.Read, "")
	c.applyLimits(&c.Options, m)
}

func (c *Command) applyLimits(o *calc.Options, m map[string]any) {
	for _, k := range sortedKeys(m) {
		f, ok := m[k].(float64)
		if !ok {
			if sub, isMap := m[k].(map[string]any); isMap { // {"video": {"count": 1, ...}} in 0.11+
				f, ok = sub["count"].(float64)
			}
		}
		n := int(f)
		if !ok || f != math.Trunc(f) || f < 0 || f > 1<<20 {
			c.Findings.Add("limit_mm_per_prompt."+k, literalText(m[k]), finding.Invalid, "expected a count of 0 or more")
			continue
		}
		switch k {
		case "image":
			o.LimitImages = &n
		case "video":
			o.LimitVideos = &n
		case "audio":
			c.Findings.Add("limit_mm_per_prompt."+k, literalText(m[k]), finding.Ignored, "audio does not change the estimate: Qwen3-Omni's profile encodes an image or video while either is allowed, each larger than its dummy audio")
		default:
			c.Findings.Add("limit_mm_per_prompt."+k, literalText(m[k]), finding.Ignored, "this modality is not modelled")
		}
	}
}

// processorKwargs reads --mm-processor-kwargs: max_pixels and min_pixels (Qwen2-VL
// and Qwen2.5-VL), size.longest_edge / shortest_edge (the Qwen3-VL
// processor's names for the same bounds), and InternVL's max_dynamic_patch.
func (c *Command) processorKwargs(shown, raw string, lit any, py bool) {
	c.object(shown, raw, lit, py, c.applyPixels)
}

func (c *Command) applyPixels(o *calc.Options, m map[string]any) {
	set := func(key string, v any, dst **int) {
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) || f < 1 || f > 1<<30 {
			c.Findings.Add("mm_processor_kwargs."+key, literalText(v), finding.Invalid, "expected a positive whole number of pixels")
			return
		}
		n := int(f)
		*dst = &n
	}
	for _, k := range sortedKeys(m) {
		switch k {
		case "max_pixels":
			set(k, m[k], &o.MaxPixels)
		case "min_pixels":
			set(k, m[k], &o.MinPixels)
		case "max_dynamic_patch":
			if f, ok := m[k].(float64); !ok || f != math.Trunc(f) || f < 1 || f > 64 {
				c.Findings.Add("mm_processor_kwargs."+k, literalText(m[k]), finding.Invalid, "expected a whole number of tiles from 1 to 64")
			} else {
				n := int(f)
				o.MaxDynamicPatch = &n
			}
		case "size":
			sz, _ := m[k].(map[string]any)
			if v, ok := sz["longest_edge"]; ok {
				set("size.longest_edge", v, &o.MaxPixels)
			}
			if v, ok := sz["shortest_edge"]; ok {
				set("size.shortest_edge", v, &o.MinPixels)
			}
		default:
			c.Findings.Add("mm_processor_kwargs."+k, literalText(m[k]), finding.Unmodelled, "only the pixel bounds and InternVL's max_dynamic_patch are modelled")
		}
	}
}

// object reads a dict-valued option and applies it: JSON (or the Python
// literal) that is not an object is reported, a valid one marked read.
func (c *Command) object(shown, raw string, lit any, py bool, apply func(*calc.Options, map[string]any)) {
	m, ok := c.mapping(shown, raw, lit, py, apply)
	if !ok {
		return
	}
	if m == nil {
		c.Findings.Add(shown, raw, finding.Invalid, "expected a JSON object")
		return
	}
	c.Findings.Add(shown, raw, finding.Read, "")
	apply(&c.Options, m)
}

// mapping reads a dict-valued option: the literal from Python, else JSON as
// vLLM's json.loads takes it. Invalid JSON is reported in vLLM's words and
// its repair, where there is one, applied to Suggested; ok is false then.
func (c *Command) mapping(shown, raw string, lit any, py bool, apply func(*calc.Options, map[string]any)) (map[string]any, bool) {
	if py {
		m, _ := lit.(map[string]any)
		return m, true
	}
	m, sugg, err := jsonArg(raw)
	if err != nil {
		c.invalidJSON(shown, raw, err, sugg)
		apply(&c.Suggested, sugg)
		return nil, false
	}
	return m, true
}

// mediaIO reads --media-io-kwargs: the video loader (video.video_backend,
// or video.backend) and PyNvVideoCodec's decoder slots (video.hw_decoders),
// which size the API server's share of the mm-ipc reserve.
func (c *Command) mediaIO(shown, raw string, lit any, py bool) {
	c.object(shown, raw, lit, py, c.applyMediaIO)
}

func (c *Command) applyMediaIO(o *calc.Options, m map[string]any) {
	for _, k := range sortedKeys(m) {
		v, isMap := m[k].(map[string]any)
		if k != "video" || !isMap {
			c.Findings.Add("media_io_kwargs."+k, literalText(m[k]), finding.Unmodelled, "only the video loader and hw_decoders change memory")
			continue
		}
		for _, vk := range sortedKeys(v) {
			field := "media_io_kwargs.video." + vk
			switch vk {
			case "video_backend", "backend":
				b, _ := v[vk].(string)
				c.videoBackend(o, field, b)
			case "hw_decoders":
				f, ok := v[vk].(float64)
				if !ok || f != math.Trunc(f) || f < 1 || f > 64 {
					c.Findings.Add(field, literalText(v[vk]), finding.Invalid, "hw_decoders must be a positive integer")
					continue
				}
				n := int(f)
				o.HWDecoders = &n
				c.Findings.Add(field, literalText(v[vk]), finding.Read, "")
			default:
				c.Findings.Add(field, literalText(v[vk]), finding.Unmodelled, "only the video loader and hw_decoders change memory")
			}
		}
	}
}

// videoBackend sets the video loader: PyNvVideoCodec decodes on the GPU,
// every other loader on the CPU.
func (c *Command) videoBackend(o *calc.Options, field, b string) {
	if b == "pynvvideocodec" {
		o.VideoBackend = b
		c.Findings.Add(field, b, finding.Read, "")
		return
	}
	c.Findings.Add(field, b, finding.Ignored, "decodes on the CPU: nothing is reserved on the device")
}

// compilation reads --compilation-config (-cc): cudagraph_mm_encoder, the
// vision encoder's CUDA graphs; every other key is reported unmodelled.
func (c *Command) compilation(shown, raw string, lit any, py bool) {
	c.object(shown, raw, lit, py, c.applyCompilation)
}

func (c *Command) applyCompilation(o *calc.Options, m map[string]any) {
	for _, k := range sortedKeys(m) {
		field := "compilation_config." + k
		switch k {
		case "cudagraph_mm_encoder":
			b, ok := m[k].(bool)
			if !ok {
				c.Findings.Add(field, literalText(m[k]), finding.Invalid, "expected true or false")
				continue
			}
			o.EncoderGraphs = &b
		case "encoder_cudagraph_token_budgets":
			list, ok := m[k].([]any)
			budgets := make([]int, 0, len(list))
			for _, v := range list {
				f, isNum := v.(float64)
				if !isNum || f != math.Trunc(f) || f < 1 || f > calc.MaxEncoderGraphBudget {
					ok = false
					break
				}
				budgets = append(budgets, int(f))
			}
			if !ok || len(budgets) > calc.MaxEncoderGraphBudgets {
				c.Findings.Add(field, literalText(m[k]), finding.Invalid, "expected a list of positive token counts")
				continue
			}
			o.EncoderGraphBudgets = budgets
		case "encoder_cudagraph_max_vision_items_per_batch", "encoder_cudagraph_max_images_per_batch":
			f, ok := m[k].(float64)
			if !ok || f != math.Trunc(f) || f < 0 || f > calc.MaxEncoderGraphItems {
				c.Findings.Add(field, literalText(m[k]), finding.Invalid, "expected a whole number of items, 0 for the model's default")
				continue
			}
			if n := int(f); n > 0 {
				o.EncoderGraphItems = &n
			}
		default:
			c.Findings.Add(field, literalText(m[k]), finding.Unmodelled, "only the encoder CUDA graph settings are modelled; the other compilation settings can change the CUDA graph capture sizes")
			continue
		}
		c.Findings.Add(field, literalText(m[k]), finding.Read, "")
	}
}
