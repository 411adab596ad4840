// Package urlstate is the share-link codec: page state <-> query values.
// Keys are short and stable; only values that differ from the base (the
// preset) are written; unknown keys or bad values become notices, never an
// error that blanks the page. The key "wasm" is go-app's and never used.
package urlstate

import (
	"errors"
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
	TP, PP, DP     int
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

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Encode writes s as query values, leaving out what equals base.
func Encode(s, base State) url.Values {
	v := url.Values{}
	for _, p := range params {
		if val, ok := p.enc(&s, &base); ok {
			v.Set(p.key, val)
		}
	}
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
	for k, vals := range q {
		if len(vals) == 0 {
			continue
		}
		raw := vals[len(vals)-1]
		switch k {
		case "r":
			for _, one := range vals {
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
			pin, err := decodePin(raw, &notes)
			if err != nil {
				bad(k, err.Error())
				continue
			}
			s.Pin = &pin
		default:
			p, ok := byKey[k]
			if !ok {
				bad(k, "unknown parameter")
				continue
			}
			if err := p.dec(&s, raw); err != nil {
				bad(k, err.Error())
			}
		}
	}
	sort.Slice(notes, func(i, j int) bool { return notes[i].Key < notes[j].Key })
	return s, notes
}

// decodePin reads a pinned scenario's query (one level: its own pin is
// dropped).
func decodePin(raw string, notes *[]Notice) (State, error) {
	if len(raw) > 4096 {
		return State{}, errors.New("pinned scenario too long")
	}
	pq, err := url.ParseQuery(raw)
	if err != nil {
		return State{}, errors.New("not a scenario's query: " + err.Error())
	}
	pq.Del("pin")
	pin, pnotes := Decode(pq)
	for _, n := range pnotes {
		*notes = append(*notes, Notice{Key: "pin." + n.Key, Message: n.Message})
	}
	return pin, nil
}
