package view

import (
	"strconv"

	"vram/app/urlstate"
	"vram/calc"
)

// Card is the card view's content: the device, its residents in the
// user's order, that order played, every order that starts everyone, and
// per instance the largest utilization the order allows.
type Card struct {
	Device    calc.Device
	Names     []string // per resident: "16 GiB program", "Qwen3-VL-2B-Instruct · vllm-ascend 0.18.0rc1 · u 0.36"
	Residents []calc.Resident
	Run       calc.CardRun
	Winning   [][]int   // orders that start everyone, the user's first when it does
	MaxU      []float64 // per position of the user's order; 0 for programs
	Err       string
	Error     error // the error Err is the text of, for the page to translate
}

// BuildCard plays the state's card on the state's device.
func BuildCard(st urlstate.State) Card {
	base := st
	base.Card, base.View, base.Pin = nil, "", nil
	sc, _, _ := Scenario(base)
	c := Card{Device: sc.Device}
	for _, r := range st.Card {
		if r.Instance == nil {
			c.Residents = append(c.Residents, calc.Resident{Program: calc.FromGiB(r.ProgramGiB)})
			c.Names = append(c.Names, strconv.FormatFloat(r.ProgramGiB, 'f', -1, 64)+" GiB")
			continue
		}
		is, _, _ := Scenario(*r.Instance)
		is.Device = sc.Device
		name := is.Model.ID + " · " + is.Engine.Name
		if u := is.Options.GPUMemoryUtilization; u != nil {
			name += " · u " + strconv.FormatFloat(*u, 'f', -1, 64)
		}
		c.Residents = append(c.Residents, calc.Resident{Name: name, Instance: &is})
		c.Names = append(c.Names, name)
	}
	if len(c.Residents) == 0 {
		return c
	}
	order := make([]int, len(c.Residents))
	for i := range order {
		order[i] = i
	}
	runs, err := calc.CardOrders(sc.Device, c.Residents, order)
	if err != nil {
		c.Err, c.Error = err.Error(), err
		return c
	}
	// The user's order with its fixes (CardOrders plays it without).
	if c.Run, err = calc.PlayCard(sc.Device, c.Residents, order); err != nil {
		c.Err, c.Error = err.Error(), err
		return c
	}
	for _, r := range runs {
		if r.AllStart {
			c.Winning = append(c.Winning, r.Order)
		}
	}
	for pos := range order {
		c.MaxU = append(c.MaxU, calc.MaxCardUtilization(sc.Device, c.Residents, order, pos))
	}
	return c
}
