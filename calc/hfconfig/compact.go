package hfconfig

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"vram/calc"
)

// A custom model travels in a share link as a compact list of the fields it
// uses: "f.qwen2_5_vl~h.3584~L.28~…", a short key, a dot, the value; fields
// joined by "~". Both characters pass through URL query encoding unchanged.

// field is one compact key and where it lives in a Model.
type field struct {
	key string
	int func(m *calc.Model) *int    // nil for non-int fields
	str func(m *calc.Model) *string // nil for non-string fields
}

func vis(m *calc.Model) *calc.VisionConfig {
	if m.Vision == nil {
		m.Vision = &calc.VisionConfig{}
	}
	return m.Vision
}

func img(m *calc.Model) *calc.ImageConfig {
	if m.Image == nil {
		m.Image = &calc.ImageConfig{}
	}
	return m.Image
}

func qnt(m *calc.Model) *calc.Quantization {
	if m.Quant == nil {
		m.Quant = &calc.Quantization{}
	}
	return m.Quant
}

func rope(m *calc.Model) *calc.RopeScaling {
	if m.Text.RopeScaling == nil {
		m.Text.RopeScaling = &calc.RopeScaling{}
	}
	return m.Text.RopeScaling
}

var fields = []field{
	{key: "id", str: func(m *calc.Model) *string { return &m.ID }},
	{key: "f", str: func(m *calc.Model) *string { return &m.Family }},
	{key: "dt", str: func(m *calc.Model) *string { return &m.Dtype }},
	{key: "cb", int: func(m *calc.Model) *int { return &m.CheckpointBytes }},
	{key: "h", int: func(m *calc.Model) *int { return &m.Text.Hidden }},
	{key: "L", int: func(m *calc.Model) *int { return &m.Text.Layers }},
	{key: "a", int: func(m *calc.Model) *int { return &m.Text.Heads }},
	{key: "k", int: func(m *calc.Model) *int { return &m.Text.KVHeads }},
	{key: "hd", int: func(m *calc.Model) *int { return &m.Text.HeadDim }},
	{key: "i", int: func(m *calc.Model) *int { return &m.Text.Intermediate }},
	{key: "E", int: func(m *calc.Model) *int { return &m.Text.Experts }},
	{key: "Ek", int: func(m *calc.Model) *int { return &m.Text.ExpertsPerToken }},
	{key: "Ei", int: func(m *calc.Model) *int { return &m.Text.MoEIntermediate }},
	{key: "Es", int: func(m *calc.Model) *int { return &m.Text.SharedExpertSize }},
	{key: "V", int: func(m *calc.Model) *int { return &m.Text.Vocab }},
	{key: "mp", int: func(m *calc.Model) *int { return &m.Text.MaxPositions }},
	{key: "sw", int: func(m *calc.Model) *int { return &m.Text.SlidingWindow }},
	{key: "fk", int: func(m *calc.Model) *int { return &m.Text.DenseLayers }},
	{key: "rt", str: func(m *calc.Model) *string { return &rope(m).Type }},
	{key: "ro", int: func(m *calc.Model) *int { return &rope(m).OriginalMaxPositionEmbeddings }},
	{key: "vd", int: func(m *calc.Model) *int { return &vis(m).Depth }},
	{key: "vh", int: func(m *calc.Model) *int { return &vis(m).Hidden }},
	{key: "vi", int: func(m *calc.Model) *int { return &vis(m).Intermediate }},
	{key: "vn", int: func(m *calc.Model) *int { return &vis(m).Heads }},
	{key: "vp", int: func(m *calc.Model) *int { return &vis(m).PatchSize }},
	{key: "vt", int: func(m *calc.Model) *int { return &vis(m).TemporalPatchSize }},
	{key: "vm", int: func(m *calc.Model) *int { return &vis(m).SpatialMerge }},
	{key: "vo", int: func(m *calc.Model) *int { return &vis(m).OutHidden }},
	{key: "vc", int: func(m *calc.Model) *int { return &vis(m).InChannels }},
	{key: "ve", int: func(m *calc.Model) *int { return &vis(m).PositionEmbedding }},
	{key: "vz", int: func(m *calc.Model) *int { return &vis(m).ImageSize }},
	{key: "vk", int: func(m *calc.Model) *int { return &vis(m).TokensPerImage }},
	{key: "vG", int: func(m *calc.Model) *int { return &vis(m).GlobalLayers }},
	{key: "vT", int: func(m *calc.Model) *int { return &vis(m).MaxTiles }},
	{key: "vA", int: func(m *calc.Model) *int { return &vis(m).AspectRatios }},
	{key: "vO", int: func(m *calc.Model) *int { return &vis(m).OutputDim }},
	{key: "vI", int: func(m *calc.Model) *int { return &vis(m).IntermediateLayers }},
	{key: "vD", int: func(m *calc.Model) *int { return &vis(m).MaxDynamicPatch }},
	{key: "vM", int: func(m *calc.Model) *int { return &vis(m).AnyresMax }},
	{key: "vP", int: func(m *calc.Model) *int { return &vis(m).PoolStride }},
	{key: "pn", int: func(m *calc.Model) *int { return &img(m).MinPixels }},
	{key: "px", int: func(m *calc.Model) *int { return &img(m).MaxPixels }},
	{key: "qn", int: func(m *calc.Model) *int { return &img(m).VideoMinPixels }},
	{key: "qx", int: func(m *calc.Model) *int { return &img(m).VideoMaxPixels }},
	{key: "qm", str: func(m *calc.Model) *string { return &qnt(m).Method }},
	{key: "qb", int: func(m *calc.Model) *int { return &qnt(m).Bits }},
	{key: "qg", int: func(m *calc.Model) *int { return &qnt(m).GroupSize }},
}

// Compact writes a model as a share-link value: only non-zero fields.
func Compact(m calc.Model) string {
	var parts []string
	probe := m
	// Reading through the accessors must not add sub-structs to m.
	if m.Vision != nil {
		v := *m.Vision
		probe.Vision = &v
	}
	for _, f := range fields {
		if !present(m, f.key) {
			continue
		}
		switch {
		case f.int != nil:
			if v := *f.int(&probe); v != 0 {
				parts = append(parts, f.key+"."+strconv.Itoa(v))
			}
		case f.str != nil:
			if v := *f.str(&probe); v != "" {
				parts = append(parts, f.key+"."+escape(v))
			}
		}
	}
	t := m.Text
	if t.TieEmbeddings {
		parts = append(parts, "t.1")
	}
	if t.AttentionBias {
		parts = append(parts, "ab.1")
	}
	if len(t.LayerTypes) > 0 {
		// One letter a layer: s(liding), l(inear) or f(ull).
		var b strings.Builder
		for _, l := range t.LayerTypes {
			b.WriteByte(layerLetter[l])
		}
		parts = append(parts, "lt."+b.String())
	}
	if l := t.LinearAttention; l != nil {
		parts = append(parts, fmt.Sprintf("la.%d-%d-%d-%d-%d", l.KeyHeads, l.ValueHeads, l.KeyHeadDim, l.ValueHeadDim, l.ConvKernel))
	}
	if a := m.Audio; a != nil {
		parts = append(parts, "au."+joinInts(audioSizes(a)))
	}
	if t.OutputGate {
		parts = append(parts, "og.1")
	}
	if a := t.MLA; a != nil {
		parts = append(parts, fmt.Sprintf("ml.%d-%d-%d-%d-%d", a.QLoraRank, a.KVLoraRank, a.NopeHeadDim, a.RopeHeadDim, a.VHeadDim))
	}
	if len(t.Blocks) > 0 {
		parts = append(parts, "bk."+encodeBlocks(t.Blocks))
	}
	if t.PartialRotary != 0 {
		parts = append(parts, "pr."+strconv.FormatFloat(t.PartialRotary, 'g', -1, 64))
	}
	if r := t.RopeScaling; r != nil && r.Factor != 0 {
		parts = append(parts, "rf."+strconv.FormatFloat(r.Factor, 'g', -1, 64))
	}
	if v := m.Vision; v != nil {
		if v.GatedMLP {
			parts = append(parts, "vg.1")
		}
		if v.MLPRatio != 0 {
			parts = append(parts, "vr."+strconv.FormatFloat(v.MLPRatio, 'g', -1, 64))
		}
		if v.DownsampleRatio != 0 {
			parts = append(parts, "vx."+strconv.FormatFloat(v.DownsampleRatio, 'g', -1, 64))
		}
		if v.SelectLayer != 0 {
			parts = append(parts, "vS."+strconv.Itoa(v.SelectLayer))
		}
		for _, f := range []struct {
			on  bool
			key string
		}{{v.UseThumbnail, "vb"}, {v.RMSNorm, "vR"}, {v.QKNorm, "vq"}, {v.QKVBias, "vB"}, {v.VideoLLM, "vV"}, {v.ProjectorBias, "vj"}} {
			if f.on {
				parts = append(parts, f.key+".1")
			}
		}
		if len(v.Deepstack) > 0 {
			s := make([]string, len(v.Deepstack))
			for i, d := range v.Deepstack {
				s[i] = strconv.Itoa(d)
			}
			parts = append(parts, "vs."+strings.Join(s, "-"))
		}
	}
	return strings.Join(parts, "~")
}

// present says whether the sub-struct a key lives in exists in m.
func present(m calc.Model, key string) bool {
	switch {
	case key == "rt" || key == "ro":
		return m.Text.RopeScaling != nil
	case key[0] == 'v':
		return m.Vision != nil
	case key == "pn" || key == "px" || key == "qn" || key == "qx":
		return m.Image != nil
	case key == "qm" || key == "qb" || key == "qg":
		return m.Quant != nil
	}
	return true
}

var layerLetter = map[string]byte{calc.SlidingAttention: 's', calc.LinearLayer: 'l', calc.FullAttention: 'f'}

// escape keeps "~" out of string values (ids and paths never hold one).
func escape(s string) string { return strings.ReplaceAll(s, "~", "-") }

// Expand reads a model written by Compact. Unknown keys and bad values are
// errors: a link that cannot be read should say so, not show another model.
func Expand(s string) (calc.Model, error) {
	var m calc.Model
	if len(s) > 4096 {
		return m, fmt.Errorf("custom model too long (%d characters)", len(s))
	}
	byKey := map[string]field{}
	for _, f := range fields {
		byKey[f.key] = f
	}
	for _, part := range strings.Split(s, "~") {
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, ".")
		if !ok {
			return m, fmt.Errorf("custom model: %q has no value", part)
		}
		if done, err := expandSpecial(&m, k, v); done || err != nil {
			if err != nil {
				return m, err
			}
			continue
		}
		f, ok := byKey[k]
		if !ok {
			return m, fmt.Errorf("custom model: unknown field %q", k)
		}
		if f.str != nil {
			*f.str(&m) = v
			continue
		}
		n, err := strconv.Atoi(v)
		limit := 1 << 30
		if k == "cb" {
			limit = 1 << 52 // a checkpoint's bytes: up to 4 PiB
		}
		if err != nil || n < 0 || n > limit {
			return m, fmt.Errorf("custom model: %s.%s is not a whole number in [0, %d]", k, v, limit)
		}
		*f.int(&m) = n
	}
	// Sub-configs that a link names only with zeros are absent, as Compact
	// would write them.
	if r := m.Text.RopeScaling; r != nil && *r == (calc.RopeScaling{}) {
		m.Text.RopeScaling = nil
	}
	if v := m.Vision; v != nil && reflect.DeepEqual(*v, calc.VisionConfig{}) {
		m.Vision = nil
	}
	if im := m.Image; im != nil && *im == (calc.ImageConfig{}) {
		m.Image = nil
	}
	if q := m.Quant; q != nil && *q == (calc.Quantization{}) {
		m.Quant = nil
	}
	if m.Text.Layers == 0 || m.Text.Hidden == 0 {
		return m, fmt.Errorf("custom model: hidden size (h) and layer count (L) are required")
	}
	if m.ID == "" {
		m.ID = "custom"
	}
	return m, nil
}

// expandSpecial reads the compact keys that are not plain numbers or
// strings: flags, layer indexes, ratios and lists. done is false for a key
// it does not know.
func expandSpecial(m *calc.Model, k, v string) (done bool, err error) {
	switch k {
	case "t", "ab", "vg", "og", "vb", "vR", "vq", "vB", "vV", "vj":
		if v != "1" {
			return true, fmt.Errorf("custom model: %s must be 1", k)
		}
		flag := map[string]*bool{"t": &m.Text.TieEmbeddings, "ab": &m.Text.AttentionBias, "og": &m.Text.OutputGate}
		if k[0] == 'v' {
			w := vis(m)
			flag = map[string]*bool{"vg": &w.GatedMLP, "vb": &w.UseThumbnail, "vR": &w.RMSNorm, "vq": &w.QKNorm, "vB": &w.QKVBias, "vV": &w.VideoLLM, "vj": &w.ProjectorBias}
		}
		*flag[k] = true
		return true, nil
	case "vS":
		n, err := strconv.Atoi(v)
		if err != nil || n < -1<<10 || n > 1<<10 {
			return true, fmt.Errorf("custom model: vS.%s is not a layer index", v)
		}
		vis(m).SelectLayer = n
		return true, nil
	case "vx":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || !(f > 0 && f <= 1) {
			return true, fmt.Errorf("custom model: vx.%s is not a ratio in (0, 1]", v)
		}
		vis(m).DownsampleRatio = f
		return true, nil
	case "pr":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || !(f > 0 && f < 1) {
			return true, fmt.Errorf("custom model: pr.%s is not a fraction in (0, 1)", v)
		}
		m.Text.PartialRotary = f
		return true, nil
	case "rf", "vr":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 1e6 || math.IsNaN(f) {
			return true, fmt.Errorf("custom model: %s.%s is not a positive number", k, v)
		}
		if k == "rf" {
			rope(m).Factor = f
		} else {
			vis(m).MLPRatio = f
		}
		return true, nil
	case "lt", "la", "ml":
		if err := expandLayers(m, k, v); err != nil {
			return true, err
		}
		return true, nil
	case "au":
		a := &calc.AudioConfig{}
		vs := strings.Split(v, "-")
		ds := audioSizes(a)
		if len(vs) != len(ds) {
			return true, fmt.Errorf("custom model: au.%.40s is not %d sizes", v, len(ds))
		}
		for i, d := range vs {
			n, err := strconv.Atoi(d)
			if err != nil || n <= 0 || n > 1<<20 {
				return true, fmt.Errorf("custom model: au.%.40s is not %d sizes", v, len(ds))
			}
			*ds[i] = n
		}
		m.Audio = a
		return true, nil
	case "bk":
		bs, err := decodeBlocks(v)
		m.Text.Blocks = bs
		return true, err
	case "vs":
		for _, d := range strings.Split(v, "-") {
			n, err := strconv.Atoi(d)
			if err != nil || n < 0 || n > 1<<10 {
				return true, fmt.Errorf("custom model: vs.%s is not a list of layer indexes", v)
			}
			vis(m).Deepstack = append(vis(m).Deepstack, n)
		}
		return true, nil
	}
	return false, nil
}

// expandLayers reads the layer-shape keys of a compact model: lt (one
// letter a layer), la (the gated DeltaNet's sizes), ml (MLA's sizes).
func expandLayers(m *calc.Model, k, v string) error {
	switch k {
	case "lt":
		if len(v) > 1<<10 || strings.Trim(v, "sfl") != "" {
			return fmt.Errorf("custom model: lt.%s is not one s, l or f per layer", v)
		}
		for _, c := range v {
			m.Text.LayerTypes = append(m.Text.LayerTypes, map[rune]string{'s': calc.SlidingAttention, 'l': calc.LinearLayer, 'f': calc.FullAttention}[c])
		}
		return nil
	case "la", "ml":
		var l calc.LinearAttention
		var a calc.MLA
		ds := []*int{&l.KeyHeads, &l.ValueHeads, &l.KeyHeadDim, &l.ValueHeadDim, &l.ConvKernel}
		if k == "ml" {
			ds = []*int{&a.QLoraRank, &a.KVLoraRank, &a.NopeHeadDim, &a.RopeHeadDim, &a.VHeadDim}
		}
		vs := strings.Split(v, "-")
		if len(vs) != len(ds) {
			return fmt.Errorf("custom model: %s.%s is not five sizes", k, v)
		}
		for i, d := range vs {
			n, err := strconv.Atoi(d)
			if err != nil || n < 0 || n > 1<<16 || n == 0 && (k == "la" || i > 0) {
				return fmt.Errorf("custom model: %s.%s is not five sizes", k, v)
			}
			*ds[i] = n
		}
		if k == "la" {
			m.Text.LinearAttention = &l
		} else {
			m.Text.MLA = &a
		}
		return nil
	}
	return nil
}

// audioSizes lists the audio tower's sizes in the order "au." carries
// them: width, layers, heads, MLP, mel bins, conv channels, output, positions.
func audioSizes(a *calc.AudioConfig) []*int {
	return []*int{&a.Hidden, &a.Layers, &a.Heads, &a.FFN, &a.MelBins, &a.ConvHidden, &a.OutputDim, &a.Positions}
}

func joinInts(ps []*int) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = strconv.Itoa(*p)
	}
	return strings.Join(s, "-")
}
