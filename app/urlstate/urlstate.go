// Package urlstate is the share-link codec: page state <-> query values.
// Keys are short and stable; only values that differ from the base (the
// preset) are written; unknown keys or bad values become notices, never an
// error that blanks the page. The key "wasm" is go-app's and never used.
package urlstate

import (
	"fmt"
	"math"
	"net/url"
	"reflect"
	"sort"
	"strconv"

	"vram/calc"
)

// State is everything a share link carries. Zero values mean "as the preset says".
type State struct {
	Preset         string
	Model          string // catalog id
	CustomModel    string // hfconfig.Compact of a pasted config
	Device         string
	DeviceTotalGiB float64 // custom reported total; 0: the device's
	DeviceCount    int
	TP, PP         int
	Engine         string
	Options        calc.Options
	// OwnOptions says Options are the whole launch (a pasted command): the
	// preset's own launch options are dropped, not merged.
	OwnOptions  bool
	OthersGiB   *float64 // memory other programs hold per device
	Calibration *calc.Calibration
	Lang        string
	Embed       bool
	// View is the page shown: "" the calculator, ViewAccuracy the replay.
	View string
	// Pin is the scenario pinned for comparison (its own Pin is never set):
	// a comparison travels in the link as pin=<its query>.
	Pin *State
	// Card holds the residents of the card view, in their order.
	Card []Resident
	// Hub is the model hub a fetch reads from: "hf" (default),
	// "hf-mirror", "modelscope" or "custom" with HubBase and HubLayout.
	// An access token is never part of the state.
	Hub, HubBase, HubLayout string
}

// ViewAccuracy is the accuracy page (?view=accuracy): the replay of every
// committed real startup log against the model.
const ViewAccuracy = "accuracy"

// Pristine reports whether s is its preset as it stands: nothing but the
// preset, the language and the embed flag is set.
func (s State) Pristine() bool {
	s.Preset, s.Lang, s.Embed, s.View, s.Pin, s.Card = "", "", false, "", nil, nil
	s.Hub, s.HubBase, s.HubLayout = "", "", ""
	return reflect.DeepEqual(s, State{})
}

// OthersSet reports whether the state overrides the preset's other-program memory.
func (s State) OthersSet() bool { return s.OthersGiB != nil }

// SetOthers sets or clears (nil) the other-program memory.
func (s *State) SetOthers(v *float64) { s.OthersGiB = v }

// OthersGB is the other-program memory in GiB (0 when not set).
func (s State) OthersGB() float64 {
	if s.OthersGiB == nil {
		return 0
	}
	return *s.OthersGiB
}

// Notice is a query parameter that was ignored, and why.
type Notice struct {
	Key, Message string
}

type intField struct {
	key string
	get func(s *State) **int
}

var intOptions = []intField{
	{"len", func(s *State) **int { return &s.Options.MaxModelLen }},
	{"seqs", func(s *State) **int { return &s.Options.MaxNumSeqs }},
	{"mnbt", func(s *State) **int { return &s.Options.MaxNumBatchedTokens }},
	{"bs", func(s *State) **int { return &s.Options.BlockSize }},
	{"img", func(s *State) **int { return &s.Options.LimitImages }},
	{"vid", func(s *State) **int { return &s.Options.LimitVideos }},
	{"maxpx", func(s *State) **int { return &s.Options.MaxPixels }},
	{"minpx", func(s *State) **int { return &s.Options.MinPixels }},
}

type boolField struct {
	key string
	get func(s *State) **bool
}

var boolOptions = []boolField{
	{"eager", func(s *State) **bool { return &s.Options.EnforceEager }},
	{"skipmm", func(s *State) **bool { return &s.Options.SkipMMProfiling }},
	{"v1", func(s *State) **bool { return &s.Options.UseV1 }},
	{"cg", func(s *State) **bool { return &s.Options.EstimateCUDAGraphs }},
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Encode writes s as query values, leaving out what equals base.
func Encode(s, base State) url.Values {
	v := url.Values{}
	str := func(k, a, b string) {
		if a != "" && a != b {
			v.Set(k, a)
		}
	}
	str("p", s.Preset, base.Preset)
	str("m", s.Model, base.Model)
	str("cm", s.CustomModel, base.CustomModel)
	str("d", s.Device, base.Device)
	str("e", s.Engine, base.Engine)
	str("lang", s.Lang, base.Lang)
	str("kvd", s.Options.KVCacheDtype, base.Options.KVCacheDtype)
	str("dt", s.Options.Dtype, base.Options.Dtype)
	if s.DeviceTotalGiB > 0 && s.DeviceTotalGiB != base.DeviceTotalGiB {
		v.Set("total", ftoa(s.DeviceTotalGiB))
	}
	for _, f := range []struct {
		k    string
		a, b int
	}{{"n", s.DeviceCount, base.DeviceCount}, {"tp", s.TP, base.TP}, {"pp", s.PP, base.PP}} {
		if f.a > 0 && f.a != f.b {
			v.Set(f.k, strconv.Itoa(f.a))
		}
	}
	if u := s.Options.GPUMemoryUtilization; u != nil && (base.Options.GPUMemoryUtilization == nil || *u != *base.Options.GPUMemoryUtilization) {
		v.Set("u", ftoa(*u))
	}
	for _, f := range intOptions {
		a, b := *f.get(&s), *f.get(&base)
		switch {
		case a == nil || (b != nil && *a == *b):
		case f.key == "len" && *a == calc.MaxModelLenAuto:
			v.Set(f.key, "auto")
		default:
			v.Set(f.key, strconv.Itoa(*a))
		}
	}
	for _, f := range boolOptions {
		a, b := *f.get(&s), *f.get(&base)
		if a != nil && (b == nil || *a != *b) {
			v.Set(f.key, strconv.FormatBool(*a))
		}
	}
	if k := s.Options.KVCacheMemoryBytes; k != nil && (base.Options.KVCacheMemoryBytes == nil || *k != *base.Options.KVCacheMemoryBytes) {
		v.Set("kvmem", strconv.FormatInt(int64(*k), 10))
	}
	if s.Options.Offline && !base.Options.Offline {
		v.Set("llm", "1")
	}
	if s.OthersGiB != nil && (base.OthersGiB == nil || *s.OthersGiB != *base.OthersGiB) {
		v.Set("others", ftoa(*s.OthersGiB))
	}
	if c := s.Calibration; c != nil {
		bc := base.Calibration
		if bc == nil {
			bc = &calc.Calibration{}
		}
		for _, f := range []struct {
			k    string
			a, b *calc.Bytes
		}{{"ca", c.Activation, bc.Activation}, {"cn", c.NonTorch, bc.NonTorch}, {"cg_gib", c.Graphs, bc.Graphs}} {
			if f.a != nil && (f.b == nil || *f.a != *f.b) {
				v.Set(f.k, ftoa(math.Round(f.a.GiB()*1e4)/1e4))
			}
		}
	}
	if s.OwnOptions && !base.OwnOptions {
		v.Set("own", "1")
	}
	if s.Embed {
		v.Set("embed", "1")
	}
	str("view", s.View, base.View)
	str("hub", s.Hub, base.Hub)
	str("hubb", s.HubBase, base.HubBase)
	str("hubl", s.HubLayout, base.HubLayout)
	encodeCard(v, s.Card)
	if s.Pin != nil {
		pin := *s.Pin
		pin.Pin, pin.Embed, pin.View, pin.Lang = nil, false, "", ""
		v.Set("pin", Encode(pin, State{}).Encode())
	}
	return v
}

// human writes a bound as a person would: 0 for a tolerance below zero,
// no exponent.
func human(x float64) string {
	if math.Abs(x) < 1e-6 {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// Decode reads a state from query values. What it cannot use becomes a Notice.
func Decode(q url.Values) (State, []Notice) {
	var s State
	var notes []Notice
	bad := func(k, msg string) { notes = append(notes, Notice{Key: k, Message: msg}) }
	num := func(k, raw string, min, max float64) (float64, bool) {
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			bad(k, fmt.Sprintf("%q is not a number", raw))
			return 0, false
		}
		if f < min || f > max {
			bad(k, fmt.Sprintf("%s is outside %s to %s", raw, human(min), human(max)))
			return 0, false
		}
		return f, true
	}
	integer := func(k, raw string, min, max int) (int, bool) {
		n, err := strconv.Atoi(raw)
		if err != nil {
			bad(k, fmt.Sprintf("%q is not a whole number", raw))
			return 0, false
		}
		if n < min || n > max {
			bad(k, fmt.Sprintf("%d is outside [%d, %d]", n, min, max))
			return 0, false
		}
		return n, true
	}
	ints := map[string]intField{}
	for _, f := range intOptions {
		ints[f.key] = f
	}
	bools := map[string]boolField{}
	for _, f := range boolOptions {
		bools[f.key] = f
	}
	for k, vals := range q {
		if len(vals) == 0 {
			continue
		}
		raw := vals[len(vals)-1]
		switch k {
		case "p":
			s.Preset = raw
		case "m":
			s.Model = raw
		case "cm":
			s.CustomModel = raw
		case "d":
			s.Device = raw
		case "e":
			s.Engine = raw
		case "lang":
			if raw == "en" || raw == "zh" {
				s.Lang = raw
			} else {
				bad(k, fmt.Sprintf("unknown language %q", raw))
			}
		case "kvd":
			if calc.IsOneOf(raw, calc.KVCacheDtypes) {
				s.Options.KVCacheDtype = raw
			} else {
				bad(k, fmt.Sprintf("unknown kv-cache-dtype %q", raw))
			}
		case "dt":
			if calc.IsOneOf(raw, calc.Dtypes) {
				s.Options.Dtype = raw
			} else {
				bad(k, fmt.Sprintf("unknown dtype %q", raw))
			}
		case "total":
			if f, ok := num(k, raw, 0.01, 4096); ok {
				s.DeviceTotalGiB = f
			}
		case "n":
			if n, ok := integer(k, raw, 1, 4096); ok {
				s.DeviceCount = n
			}
		case "tp":
			if n, ok := integer(k, raw, 1, 1024); ok {
				s.TP = n
			}
		case "pp":
			if n, ok := integer(k, raw, 1, 1024); ok {
				s.PP = n
			}
		case "u":
			if f, ok := num(k, raw, 0.001, 1); ok {
				s.Options.GPUMemoryUtilization = &f
			}
		case "kvmem":
			if f, ok := num(k, raw, 1, 1<<50); ok {
				b := calc.Bytes(f)
				s.Options.KVCacheMemoryBytes = &b
			}
		case "llm":
			s.Options.Offline = raw == "1" || raw == "true"
		case "others":
			if f, ok := num(k, raw, 0, 1<<20); ok {
				s.OthersGiB = &f
			}
		case "ca", "cn", "cg_gib":
			if f, ok := num(k, raw, 0, 1<<20); ok {
				if s.Calibration == nil {
					s.Calibration = &calc.Calibration{}
				}
				b := calc.FromGiB(f)
				switch k {
				case "ca":
					s.Calibration.Activation = &b
				case "cn":
					s.Calibration.NonTorch = &b
				default:
					s.Calibration.Graphs = &b
				}
			}
		case "embed":
			s.Embed = raw == "1" || raw == "true"
		case "hub":
			switch raw {
			case "hf", "hf-mirror", "modelscope", "custom":
				s.Hub = raw
			default:
				bad(k, fmt.Sprintf("unknown hub %q", raw))
			}
		case "hubb":
			if u, err := url.Parse(raw); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(raw) > 300 {
				bad(k, "a hub's base is an http(s) address without user or password")
			} else {
				s.HubBase = raw
			}
		case "hubl":
			if raw == "hf" || raw == "modelscope" {
				s.HubLayout = raw
			} else {
				bad(k, fmt.Sprintf("unknown hub layout %q", raw))
			}
		case "r":
			for _, one := range q[k] {
				if len(s.Card) == maxResidents {
					bad(k, fmt.Sprintf("a card holds at most %d residents", maxResidents))
					break
				}
				r, err := decodeResident(one, &notes)
				if err != nil {
					bad(k, err.Error())
					continue
				}
				s.Card = append(s.Card, r)
			}
		case "pin":
			if len(raw) > 4096 {
				bad(k, "pinned scenario too long")
				break
			}
			pq, err := url.ParseQuery(raw)
			if err != nil {
				bad(k, "not a scenario's query: "+err.Error())
				break
			}
			pq.Del("pin") // one level only
			pin, pnotes := Decode(pq)
			for _, n := range pnotes {
				notes = append(notes, Notice{Key: "pin." + n.Key, Message: n.Message})
			}
			s.Pin = &pin
		case "view":
			if raw == ViewAccuracy || raw == ViewCard {
				s.View = raw
			} else {
				bad(k, fmt.Sprintf("unknown view %q (views: %q, %q)", raw, ViewAccuracy, ViewCard))
			}
		case "own":
			s.OwnOptions = raw == "1" || raw == "true"
		default:
			if f, ok := ints[k]; ok {
				if k == "len" && raw == "auto" {
					n := calc.MaxModelLenAuto // --max-model-len auto
					*f.get(&s) = &n
				} else if n, ok := integer(k, raw, 0, 1<<26); ok {
					*f.get(&s) = &n
				}
			} else if f, ok := bools[k]; ok {
				switch raw {
				case "true", "1":
					t := true
					*f.get(&s) = &t
				case "false", "0":
					t := false
					*f.get(&s) = &t
				default:
					bad(k, fmt.Sprintf("%q is not true or false", raw))
				}
			} else {
				bad(k, "unknown parameter")
			}
		}
	}
	sort.Slice(notes, func(i, j int) bool { return notes[i].Key < notes[j].Key })
	return s, notes
}
