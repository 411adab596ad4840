package urlstate

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"vram/calc"
)

// param is one query key: how Encode writes it (the value, and whether it
// differs from the base) and how Decode reads it (an error is the notice).
// One table drives both, so a key cannot be written one way and read
// another.
type param struct {
	key string
	enc func(s, base *State) (string, bool)
	dec func(s *State, raw string) error
}

// params are the single-valued keys; r= (the card's residents) and pin=
// nest whole states and are read apart.
var params = []param{
	str("p", func(s *State) *string { return &s.Preset }, nil),
	str("m", func(s *State) *string { return &s.Model }, nil),
	str("cm", func(s *State) *string { return &s.CustomModel }, nil),
	str("d", func(s *State) *string { return &s.Device }, nil),
	str("e", func(s *State) *string { return &s.Engine }, nil),
	str("lang", func(s *State) *string { return &s.Lang }, oneOf("language", "en", "zh")),
	str("kvd", func(s *State) *string { return &s.Options.KVCacheDtype }, oneOf("kv-cache-dtype", calc.KVCacheDtypes...)),
	str("dt", func(s *State) *string { return &s.Options.Dtype }, oneOf("dtype", calc.Dtypes...)),
	str("view", func(s *State) *string { return &s.View }, oneOf("view", ViewAccuracy, ViewCard)),
	str("hub", func(s *State) *string { return &s.Hub }, oneOf("hub", "hf", "hf-mirror", "modelscope", "custom")),
	str("hubb", func(s *State) *string { return &s.HubBase }, hubBase),
	str("hubl", func(s *State) *string { return &s.HubLayout }, oneOf("hub layout", "hf", "modelscope")),
	num("total", func(s *State) *float64 { return &s.DeviceTotalGiB }, 0.01, 4096),
	count("n", func(s *State) *int { return &s.DeviceCount }, 4096),
	count("tp", func(s *State) *int { return &s.TP }, 1024),
	count("pp", func(s *State) *int { return &s.PP }, 1024),
	count("dp", func(s *State) *int { return &s.DP }, 1024),
	optNum("u", func(s *State) **float64 { return &s.Options.GPUMemoryUtilization }, 0.001, 1),
	optNum("others", func(s *State) **float64 { return &s.OthersGiB }, 0, 1<<20),
	optInt("len", func(s *State) **int { return &s.Options.MaxModelLen }),
	optInt("seqs", func(s *State) **int { return &s.Options.MaxNumSeqs }),
	optInt("mnbt", func(s *State) **int { return &s.Options.MaxNumBatchedTokens }),
	optInt("bs", func(s *State) **int { return &s.Options.BlockSize }),
	optInt("img", func(s *State) **int { return &s.Options.LimitImages }),
	optInt("vid", func(s *State) **int { return &s.Options.LimitVideos }),
	optInt("maxpx", func(s *State) **int { return &s.Options.MaxPixels }),
	optInt("minpx", func(s *State) **int { return &s.Options.MinPixels }),
	optInt("tiles", func(s *State) **int { return &s.Options.MaxDynamicPatch }),
	optBool("lora", func(s *State) **bool { return &s.Options.EnableLoRA }),
	optInt("loras", func(s *State) **int { return &s.Options.MaxLoRAs }),
	optInt("rank", func(s *State) **int { return &s.Options.MaxLoRARank }),
	optBool("eager", func(s *State) **bool { return &s.Options.EnforceEager }),
	optBool("skipmm", func(s *State) **bool { return &s.Options.SkipMMProfiling }),
	optBool("v1", func(s *State) **bool { return &s.Options.UseV1 }),
	optBool("cg", func(s *State) **bool { return &s.Options.EstimateCUDAGraphs }),
	optBool("fis", func(s *State) **bool { return &s.Options.FlashInferSampler }),
	optBool("mrv2", func(s *State) **bool { return &s.Options.ModelRunnerV2 }),
	optBool("ep", func(s *State) **bool { return &s.Options.ExpertParallel }),
	str("hccl", func(s *State) *string { return &s.Options.HCCLOpExpansion }, oneOf("HCCL_OP_EXPANSION_MODE", calc.HCCLOpExpansionModes...)),
	str("quant", func(s *State) *string { return &s.Options.Quantization }, oneOf("quantization", calc.OnlineQuantizations[1:]...)),
	flag("llm", func(s *State) *bool { return &s.Options.Offline }),
	flag("own", func(s *State) *bool { return &s.OwnOptions }),
	// The embed mode is the view's, not the preset's: written whenever set.
	{key: "embed", enc: func(s, _ *State) (string, bool) { return "1", s.Embed },
		dec: func(s *State, raw string) error { s.Embed = raw == "1" || raw == "true"; return nil }},
	optNum("mmipc", func(s *State) **float64 { return &s.Options.MMIPCGPUMemoryGB }, 0, 1<<20),
	str("vbe", func(s *State) *string { return &s.Options.VideoBackend }, oneOf("video_backend", calc.VideoBackends[1:]...)),
	optInt("hwdec", func(s *State) **int { return &s.Options.HWDecoders }),
	optInt("apis", func(s *State) **int { return &s.Options.APIServerCount }),
	optBool("vitcg", func(s *State) **bool { return &s.Options.EncoderGraphs }),
	ints("vitcgb", func(s *State) *[]int { return &s.Options.EncoderGraphBudgets }, calc.MaxEncoderGraphBudgets, calc.MaxEncoderGraphBudget),
	optInt("vitcgn", func(s *State) **int { return &s.Options.EncoderGraphItems }),
	optBytes("kvmem", func(s *State) **calc.Bytes { return &s.Options.KVCacheMemoryBytes }, 1, 1<<50),
	calibration("ca", func(c *calc.Calibration) **calc.Bytes { return &c.Activation }),
	calibration("cn", func(c *calc.Calibration) **calc.Bytes { return &c.NonTorch }),
	calibration("cg_gib", func(c *calc.Calibration) **calc.Bytes { return &c.Graphs }),
}

var byKey = func() map[string]param {
	m := make(map[string]param, len(params))
	for _, p := range params {
		m[p.key] = p
	}
	return m
}()

func str(key string, get func(*State) *string, check func(string) error) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) { a := *get(s); return a, a != "" && a != *get(b) },
		dec: func(s *State, raw string) error {
			if check != nil {
				if err := check(raw); err != nil {
					return err
				}
			}
			*get(s) = raw
			return nil
		}}
}

func oneOf(what string, values ...string) func(string) error {
	return func(raw string) error {
		if calc.IsOneOf(raw, values) {
			return nil
		}
		return fmt.Errorf("unknown %s %q", what, raw)
	}
}

func hubBase(raw string) error {
	if u, err := url.Parse(raw); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(raw) > 300 {
		return errors.New("a hub's base is an http(s) address without user or password")
	}
	return nil
}

// parseNum reads a finite number in [min, max].
func parseNum(raw string, min, max float64) (float64, error) {
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", raw)
	}
	if f < min || f > max {
		return 0, fmt.Errorf("%s is outside %s to %s", raw, human(min), human(max))
	}
	return f, nil
}

// parseInt reads a whole number in [min, max].
func parseInt(raw string, min, max int) (int, error) {
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", raw)
	}
	if n < min || n > max {
		return 0, fmt.Errorf("%d is outside [%d, %d]", n, min, max)
	}
	return n, nil
}

// ints is a comma-separated list of up to n whole numbers in [1, max].
func ints(key string, get func(*State) *[]int, n, max int) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) {
			a := *get(s)
			if len(a) == 0 || slices.Equal(a, *get(b)) {
				return "", false
			}
			parts := make([]string, len(a))
			for i, v := range a {
				parts[i] = strconv.Itoa(v)
			}
			return strings.Join(parts, ","), true
		},
		dec: func(s *State, raw string) error {
			out, err := ParseIntList(raw, n, max)
			if err == nil {
				*get(s) = out
			}
			return err
		}}
}

// ParseIntList reads a comma-separated list of at most n whole numbers in
// [1, max] ("512, 1024"); the page's fields read the same way.
func ParseIntList(raw string, n, max int) ([]int, error) {
	fields := strings.Split(raw, ",")
	if len(fields) > n {
		return nil, fmt.Errorf("more than %d values", n)
	}
	out := make([]int, 0, len(fields))
	for _, f := range fields {
		v, err := parseInt(strings.TrimSpace(f), 1, max)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func num(key string, get func(*State) *float64, min, max float64) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) { a := *get(s); return ftoa(a), a > 0 && a != *get(b) },
		dec: func(s *State, raw string) error {
			f, err := parseNum(raw, min, max)
			if err == nil {
				*get(s) = f
			}
			return err
		}}
}

func count(key string, get func(*State) *int, max int) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) { a := *get(s); return strconv.Itoa(a), a > 0 && a != *get(b) },
		dec: func(s *State, raw string) error {
			n, err := parseInt(raw, 1, max)
			if err == nil {
				*get(s) = n
			}
			return err
		}}
}

func optNum(key string, get func(*State) **float64, min, max float64) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) {
			a, o := *get(s), *get(b)
			if a == nil || (o != nil && *a == *o) {
				return "", false
			}
			return ftoa(*a), true
		},
		dec: func(s *State, raw string) error {
			f, err := parseNum(raw, min, max)
			if err == nil {
				*get(s) = &f
			}
			return err
		}}
}

// optInt is a whole-number option; max_model_len also takes "auto".
func optInt(key string, get func(*State) **int) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) {
			a, o := *get(s), *get(b)
			switch {
			case a == nil || (o != nil && *a == *o):
				return "", false
			case key == "len" && *a == calc.MaxModelLenAuto:
				return "auto", true
			}
			return strconv.Itoa(*a), true
		},
		dec: func(s *State, raw string) error {
			if key == "len" && raw == "auto" {
				n := calc.MaxModelLenAuto // --max-model-len auto
				*get(s) = &n
				return nil
			}
			n, err := parseInt(raw, 0, 1<<26)
			if err == nil {
				*get(s) = &n
			}
			return err
		}}
}

func optBool(key string, get func(*State) **bool) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) {
			a, o := *get(s), *get(b)
			if a == nil || (o != nil && *a == *o) {
				return "", false
			}
			return strconv.FormatBool(*a), true
		},
		dec: func(s *State, raw string) error {
			var v bool
			switch raw {
			case "true", "1":
				v = true
			case "false", "0":
			default:
				return fmt.Errorf("%q is not true or false", raw)
			}
			*get(s) = &v
			return nil
		}}
}

// flag is a switch written as 1 when on.
func flag(key string, get func(*State) *bool) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) { return "1", *get(s) && !*get(b) },
		dec: func(s *State, raw string) error { *get(s) = raw == "1" || raw == "true"; return nil }}
}

func optBytes(key string, get func(*State) **calc.Bytes, min, max float64) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) {
			a, o := *get(s), *get(b)
			if a == nil || (o != nil && *a == *o) {
				return "", false
			}
			return strconv.FormatInt(int64(*a), 10), true
		},
		dec: func(s *State, raw string) error {
			f, err := parseNum(raw, min, max)
			if err == nil {
				b := calc.Bytes(f)
				*get(s) = &b
			}
			return err
		}}
}

// calibration is one of a log's figures, in GiB to 1e-4.
func calibration(key string, get func(*calc.Calibration) **calc.Bytes) param {
	return param{key: key,
		enc: func(s, b *State) (string, bool) {
			if s.Calibration == nil {
				return "", false
			}
			a := *get(s.Calibration)
			var o *calc.Bytes
			if b.Calibration != nil {
				o = *get(b.Calibration)
			}
			if a == nil || (o != nil && *a == *o) {
				return "", false
			}
			return ftoa(math.Round(a.GiB()*1e4) / 1e4), true
		},
		dec: func(s *State, raw string) error {
			f, err := parseNum(raw, 0, 1<<20)
			if err != nil {
				return err
			}
			if s.Calibration == nil {
				s.Calibration = &calc.Calibration{}
			}
			b := calc.FromGiB(f)
			*get(s.Calibration) = &b
			return nil
		}}
}
