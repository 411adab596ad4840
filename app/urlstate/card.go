package urlstate

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ViewCard is the card view (?view=card): residents of one device, in the
// order they start, each r=g:<GiB> (a program) or r=i:<an instance's
// query>.
const ViewCard = "card"

// Resident is one tenant of the card: a program's footprint in GiB, or a
// vLLM instance as a full state (its own Card, Pin and View are never set).
type Resident struct {
	ProgramGiB float64
	Instance   *State
}

// maxResidents bounds what a link may carry (calc.MaxResidents).
const maxResidents = 6

func encodeCard(v url.Values, rs []Resident) {
	for _, r := range rs {
		if r.Instance == nil {
			v.Add("r", "g:"+ftoa(r.ProgramGiB))
			continue
		}
		in := *r.Instance
		in.Card, in.Pin, in.View, in.Embed, in.Lang = nil, nil, "", false, ""
		v.Add("r", "i:"+Encode(in, State{}).Encode())
	}
}

// decodeResident reads one r= value; the error says why it was dropped.
func decodeResident(raw string, notes *[]Notice) (Resident, error) {
	switch {
	case strings.HasPrefix(raw, "g:"):
		f, err := strconv.ParseFloat(raw[2:], 64)
		if err != nil || f <= 0 || f > 4096 {
			return Resident{}, fmt.Errorf("a program's footprint must be a number of GiB in (0, 4096], got %q", raw[2:])
		}
		return Resident{ProgramGiB: f}, nil
	case strings.HasPrefix(raw, "i:"):
		if len(raw) > 4096 {
			return Resident{}, fmt.Errorf("instance too long")
		}
		q, err := url.ParseQuery(raw[2:])
		if err != nil {
			return Resident{}, fmt.Errorf("not an instance's query: %v", err)
		}
		q.Del("r")
		q.Del("pin")
		q.Del("view")
		in, ns := Decode(q)
		for _, n := range ns {
			*notes = append(*notes, Notice{Key: "r." + n.Key, Message: n.Message})
		}
		return Resident{Instance: &in}, nil
	}
	return Resident{}, fmt.Errorf("expected g:<GiB> or i:<query>, got %q", raw)
}
