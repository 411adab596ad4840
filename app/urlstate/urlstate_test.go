package urlstate

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"vram/calc"
)

func full() State {
	u, l, seqs, px, vid := 0.36, 16384, 256, 2073600, 0
	eager, ep, fis := true, true, true
	others := 15.83
	kv := calc.Bytes(8 << 30)
	act := calc.FromGiB(2.51)
	return State{Preset: "qwen3-vl-2b-910b4-shared", Model: "Qwen/Qwen3-VL-2B-Instruct", Device: "ascend-910b4",
		DeviceTotalGiB: 29.5, DeviceCount: 2, TP: 2, PP: 1, DP: 2, Engine: "ascend-0.9", OthersGiB: &others,
		Options: calc.Options{GPUMemoryUtilization: &u, MaxModelLen: &l, MaxNumSeqs: &seqs, MaxPixels: &px,
			LimitVideos: &vid, EnforceEager: &eager, KVCacheDtype: "fp8", KVCacheMemoryBytes: &kv, Offline: true,
			ExpertParallel: &ep, HCCLOpExpansion: "AIV", FlashInferSampler: &fis},
		Calibration: &calc.Calibration{Activation: &act}, Lang: "zh", Embed: true}
}

func TestRoundTrip(t *testing.T) {
	s := full()
	v := Encode(s, State{})
	got, notes := Decode(v)
	if len(notes) != 0 {
		t.Fatalf("notices on our own link: %v", notes)
	}
	// Calibration travels rounded to 1e-4 GiB.
	if got.Calibration == nil || got.Calibration.Activation == nil || (*got.Calibration.Activation-*s.Calibration.Activation).GiB() > 1e-4 {
		t.Fatalf("calibration lost: %+v", got.Calibration)
	}
	got.Calibration, s.Calibration = nil, nil
	if !reflect.DeepEqual(got, s) {
		t.Errorf("round trip changed the state:\n got %+v\nwant %+v", got, s)
	}
	if _, ok := v["wasm"]; ok {
		t.Error("the key wasm is go-app's")
	}
}

// Only what differs from the base travels; the same state encodes to the
// same, sorted query.
func TestCanonical(t *testing.T) {
	s := full()
	if q := Encode(s, s).Encode(); q != "embed=1" {
		t.Errorf("state equal to its base encodes to %q", q)
	}
	a, b := Encode(full(), State{}).Encode(), Encode(full(), State{}).Encode()
	if a != b {
		t.Error("encoding is not stable")
	}
	if len(a) > 300 { // every parameter set at once
		t.Errorf("link query too long (%d): %s", len(a), a)
	}
}

func TestBadParametersBecomeNotices(t *testing.T) {
	q, _ := url.ParseQuery("u=abc&len=-5&tp=x&bogus=1&lang=fr&kvd=int3&u=NaN&eager=maybe")
	s, notes := Decode(q)
	if s.Options.GPUMemoryUtilization != nil || s.Options.MaxModelLen != nil || s.TP != 0 || s.Lang != "" {
		t.Errorf("bad values were used: %+v", s)
	}
	keys := map[string]bool{}
	for _, n := range notes {
		keys[n.Key] = true
		if strings.TrimSpace(n.Message) == "" {
			t.Errorf("empty message for %s", n.Key)
		}
	}
	for _, k := range []string{"u", "len", "tp", "bogus", "lang", "kvd", "eager"} {
		if !keys[k] {
			t.Errorf("no notice for %s", k)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "p=x&u=0.9", Encode(full(), State{}).Encode(), "u=1e309&len=99999999999999", "%zz", "cm=" + strings.Repeat("a", 300), "vitcg=1&vitcgb=4096,512,1024&vitcgn=8&vbe=pynvvideocodec&hwdec=3&apis=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		s, _ := Decode(q)
		// What Decode accepts, Encode writes back and Decode reads the same.
		s2, notes := Decode(Encode(s, State{}))
		if len(notes) != 0 {
			t.Fatalf("re-decoding our own encoding gave notices %v for %q", notes, raw)
		}
		if !reflect.DeepEqual(normalize(s), normalize(s2)) {
			t.Fatalf("not stable for %q:\n%+v\n%+v", raw, s, s2)
		}
	})
}

// normalize drops what Encode rounds or folds (calibration precision).
func normalize(s State) State {
	s.Calibration = nil
	return s
}

// A pinned comparison travels in the link (one level: a pin's own pin is
// dropped) and does not make the preset changed.
func TestPinRoundTrip(t *testing.T) {
	u := 0.5
	pin := State{Preset: "qwen3-vl-2b-910b4-shared", Engine: "ascend-0.18.0rc1"}
	s := State{Preset: "qwen3-vl-2b-910b4-shared", Options: calc.Options{GPUMemoryUtilization: &u}, Pin: &pin}
	q := Encode(s, State{})
	got, notes := Decode(q)
	if len(notes) != 0 || got.Pin == nil || !reflect.DeepEqual(*got.Pin, pin) {
		t.Fatalf("pin %+v, notes %v (query %s)", got.Pin, notes, q.Encode())
	}
	if !(State{Preset: "p", Pin: &pin}).Pristine() {
		t.Error("a pin makes the preset changed")
	}
	nested := url.Values{"pin": {"p=x&pin=p%3Dy"}}
	if got, _ := Decode(nested); got.Pin == nil || got.Pin.Pin != nil {
		t.Errorf("nested pins: %+v", got.Pin)
	}
}

// A card's residents travel in the link in their order; bad ones become
// notices.
func TestCardRoundTrip(t *testing.T) {
	u := 0.36
	in := State{Preset: "qwen3-vl-2b-910b4-shared", Engine: "ascend-0.18.0rc1", Options: calc.Options{GPUMemoryUtilization: &u}}
	s := State{View: ViewCard, Device: "ascend-910b4", Card: []Resident{{ProgramGiB: 16}, {Instance: &in}, {ProgramGiB: 0.5}}}
	got, notes := Decode(Encode(s, State{}))
	if len(notes) != 0 || !reflect.DeepEqual(got, s) {
		t.Fatalf("card round trip:\n got %+v\nwant %+v\n%v", got, s, notes)
	}
	bad := url.Values{"view": {"card"}, "r": {"g:-1", "x:1", "g:2"}}
	got, notes = Decode(bad)
	if len(got.Card) != 1 || len(notes) != 2 {
		t.Errorf("bad residents: %+v, %v", got.Card, notes)
	}
}

// The encoder graph budgets travel as a comma list; a bad entry is a
// notice and leaves the option unset.
func TestBudgetList(t *testing.T) {
	on, n := true, 8
	s := State{Options: calc.Options{EncoderGraphs: &on, EncoderGraphBudgets: []int{512, 4864}, EncoderGraphItems: &n}}
	v := Encode(s, State{})
	if v.Get("vitcgb") != "512,4864" || v.Get("vitcgn") != "8" {
		t.Fatalf("encoded %v", v)
	}
	got, notes := Decode(v)
	if len(notes) != 0 || !reflect.DeepEqual(got.Options, s.Options) {
		t.Errorf("round trip: %+v (%v)", got.Options, notes)
	}
	q, _ := url.ParseQuery("vitcgb=512,x")
	if got, notes := Decode(q); len(notes) != 1 || got.Options.EncoderGraphBudgets != nil {
		t.Errorf("bad list: %+v (%v)", got.Options.EncoderGraphBudgets, notes)
	}
}
